// Builders for the quarterly check tests: a small branch with two party groups and complete, distinct
// records, so that each test changes exactly the thing it is about.
import type { FieldDef, KindDef } from '../../../src/domain/kindSchema'
import { kindById } from '../../../src/domain/kinds'
import type { AttachmentRef, Branch, BranchRecord, Member } from '../../../src/domain/types'
import { defaultRules, resolveConfig, type CheckConfig, type CheckRule } from '../../../src/domain/check/rules'
import { quarterlyCheck, type QuarterlyCheckInput } from '../../../src/domain/check/quarterlyCheck'
import type { Finding, FindingCode } from '../../../src/domain/check/findings'
import { buildRecord } from '../../support/recordBuilder'

export const BRANCH: Branch = {
  id: 'b1',
  name: '机关第一党支部',
  partyGroups: [
    { id: 'g1', name: '第一党小组' },
    { id: 'g2', name: '第二党小组' },
  ],
  updatedAt: '2026-01-01T00:00:00.000Z',
}

function member(id: string, name: string, extra: Partial<Member> = {}): Member {
  return {
    id, branchId: 'b1', name, membership: 'full', situation: 'on-duty', votingRights: true, active: true,
    joinedOn: '2010-07-01', updatedAt: '2026-01-01T00:00:00.000Z', ...extra,
  }
}

export const MEMBERS: Member[] = [
  member('m1', '周建华', { committeeRole: 'secretary', partyGroupId: 'g1' }),
  member('m2', '林晓梅', { committeeRole: 'organization', partyGroupId: 'g1' }),
  member('m3', '郑国强', { committeeRole: 'discipline', partyGroupId: 'g2' }),
  member('m4', '高明', { partyGroupId: 'g1' }),
  member('m5', '宋雅琴', { partyGroupId: 'g2' }),
  member('m6', '曹静', { partyGroupId: 'g2' }),
]
export const COMMITTEE = MEMBERS.filter((m) => m.committeeRole)

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Chinese text no other call repeats: random common CJK characters from a per-call seed. */
let textSeed = 1
export function uniqueText(length: number): string {
  const rand = prng(textSeed++ * 7919)
  let s = ''
  for (let i = 0; i < length; i++) s += String.fromCharCode(0x4e00 + Math.floor(rand() * 6000))
  return s
}

const photo = (role: AttachmentRef['role']): AttachmentRef => ({ hash: `h-${role}`, mime: 'image/jpeg', size: 1000, role })

function fieldValue(f: FieldDef, date: string): unknown {
  switch (f.type) {
    case 'number': return 1
    case 'date': return date
    case 'member': return '高明'
    case 'members': return ['高明', '曹静']
    case 'select': return f.options?.[0]?.value ?? 'x'
    case 'list': return [Object.fromEntries((f.itemFields ?? []).map((it) => [it.key, fieldValue(it, date)]))]
    default: return uniqueText(Math.max(20, (f.minChars ?? 0) + 10))
  }
}

export function fullSections(kind: KindDef, date: string): Record<string, unknown> {
  return Object.fromEntries(kind.sections.flatMap((s) => s.fields).map((f) => [f.key, fieldValue(f, date)]))
}

let counter = 0
/** A complete, final record of the kind on the date, entered the same day, with distinct content. */
export function makeRecord(kindId: string, date: string, extra: Partial<BranchRecord> = {}): BranchRecord {
  const kind = kindById(kindId)
  if (!kind) throw new Error(`unknown kind ${kindId}`)
  counter++
  const attendees = kind.committeeOnly ? COMMITTEE : MEMBERS
  const contentLength = Math.max(kind.minContentChars, 200)
  return buildRecord({
    id: `r${String(counter).padStart(4, '0')}`,
    branchId: 'b1',
    kind: kindId,
    status: 'final',
    title: `${kind.label['zh-CN']}（${date}）`,
    sequence: counter,
    date,
    startTime: '09:00',
    endTime: '11:00',
    place: '三楼会议室',
    chair: '周建华',
    recorder: '林晓梅',
    attendance: attendees.map((m) => ({ memberId: m.id, name: m.name, status: 'present' as const })),
    guests: [{ name: '王立平', role: '机关党委副书记' }],
    agenda: [
      { id: 'a1', title: '第一议题：学习讲话精神', isFirstTopic: true, material: { title: '重要讲话', source: '《求是》2026年第5期' } },
      { id: 'a2', title: '研究本月工作', isFirstTopic: false },
    ],
    speeches: [
      { id: 's1', speaker: '周建华', content: uniqueText(contentLength) },
      { id: 's2', speaker: '高明', content: uniqueText(60) },
    ],
    decisions: [{ id: 'd1', text: '同意本月工作安排', rule: kind.defaultDecisionRule, yes: attendees.length, no: 0, abstain: 0 }],
    summary: uniqueText(60),
    ended: true,
    sections: fullSections(kind, date),
    photos: [photo('photo'), photo('sign-in-sheet')],
    signatures: { chair: photo('signature'), recorder: photo('signature') },
    createdAt: `${date}T02:00:00.000Z`,
    updatedAt: `${date}T02:00:00.000Z`,
    finishedAt: `${date}T02:00:00.000Z`,
    ...extra,
  })
}

/** A month's committee meeting, general meeting per quarter etc. are not generated: tests say what they need. */
export function check(overrides: Partial<QuarterlyCheckInput> & { records: BranchRecord[] }, config: Partial<CheckConfig> = {}) {
  const rules: CheckRule[] = overrides.rules ? [...overrides.rules] : defaultRules()
  return quarterlyCheck({
    members: MEMBERS,
    branch: BRANCH,
    config: resolveConfig({ config }),
    year: 2026,
    quarter: 2,
    today: '2026-07-15',
    ...overrides,
    rules,
  })
}

export function withCode(findings: readonly Finding[], code: FindingCode): Finding[] {
  return findings.filter((f) => f.code === code)
}

/** The months a talk was held: every required pair covered among MEMBERS. */
export function talk(date: string, a: string, b: string, extra: Partial<BranchRecord> = {}): BranchRecord {
  const r = makeRecord('heart-talk', date, extra)
  return { ...r, sections: { ...r.sections, initiator: a, counterpart: b } }
}
