// A realistic third quarter (July–September 2026) of a 23-member branch, modelled on tests/fixtures/roster.csv:
// three party groups, no leadership team, and the people a real branch has — 借调 (one excluded with the
// upper level's approval, one without), 退二线, 病休, 流动, 失联, a member who stopped coming without a
// reason, one transferred in during the quarter, one transferred out, a new probationary member. Records
// begin in April, so the second quarter is there as history. Every record is complete and distinct unless
// the list below says otherwise; each oddity is written down next to where it is made.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { kindById } from '../../../src/domain/kinds'
import { parseRosterRows } from '../../../src/domain/roster'
import type { AttendanceEntry, Branch, BranchRecord, Member } from '../../../src/domain/types'
import { fullSections, uniqueText } from './helpers'
import { buildRecord } from '../../support/recordBuilder'

// From the project root (vitest's working directory), so that browser-like test environments can load it too.
const csv = readFileSync(join(process.cwd(), 'tests/fixtures/roster.csv'), 'utf8')
const parsed = parseRosterRows(csv.trim().split(/\r?\n/).map((line) => line.split(',')), {
  branchId: 'seed', now: '2026-01-05T00:00:00.000Z', newId: (() => { let n = 0; return () => `tmp${++n}` })(),
})
if (!parsed.ok) throw new Error('roster fixture does not parse')

const GROUP_IDS: Record<string, string> = { 第一党小组: 'g1', 第二党小组: 'g2', 第三党小组: 'g3' }
const groupName = new Map(parsed.partyGroups.map((g) => [g.id, g.name]))

/** The roster dates the CSV has no columns for. */
const ROSTER_DATES: Record<string, Partial<Member>> = {
  罗文斌: { transferredInOn: '2026-08-10' }, // 组织关系 transferred in on 10 August
  冯立新: { leftOn: '2026-08-20', active: false }, // transferred out on 20 August
}

export const SEED_MEMBERS: Member[] = parsed.members.map((m, i) => ({
  ...m,
  id: `p${String(i + 1).padStart(2, '0')}`,
  partyGroupId: m.partyGroupId ? GROUP_IDS[groupName.get(m.partyGroupId)!] : undefined,
  ...ROSTER_DATES[m.name],
}))

export const SEED_BRANCH: Branch = {
  id: 'seed',
  name: '区机关第三党支部',
  partyGroups: [{ id: 'g1', name: '第一党小组' }, { id: 'g2', name: '第二党小组' }, { id: 'g3', name: '第三党小组' }],
  updatedAt: '2026-01-05T00:00:00.000Z',
}

export const byName = (name: string): Member => {
  const m = SEED_MEMBERS.find((x) => x.name === name)
  if (!m) throw new Error(`no member ${name}`)
  return m
}

const isMemberOn = (m: Member, date: string) =>
  (!m.joinedOn || m.joinedOn <= date) && (!m.transferredInOn || m.transferredInOn <= date) && (!m.leftOn || date < m.leftOn)

/** How each person is recorded at a meeting on `date`, before the per-meeting oddities below. */
function entry(m: Member, date: string): AttendanceEntry {
  const base = { memberId: m.id, name: m.name }
  switch (m.name) {
    case '何春燕': return { ...base, status: 'excluded', reason: '借调至区委组织部，经上级党组织批准不计入应到人数' }
    case '唐海涛': return { ...base, status: 'excluded', reason: '借调至区发改委' } // no approval noted
    case '沈浩然': return { ...base, status: 'absent', reason: '病休' }
    case '于振华': return { ...base, status: 'absent', reason: '联系不上' }
    case '高明': return { ...base, status: 'absent', reason: '无' } // stopped coming in April, no reason
    case '许卫东': return date >= '2026-07-01' ? { ...base, status: 'absent', reason: '在外地项目' } : { ...base, status: 'present' }
    default: return { ...base, status: 'present' }
  }
}

let seq = 0
function record(kindId: string, date: string, extra: Partial<BranchRecord> & { who?: (m: Member) => boolean } = {}): BranchRecord {
  const kind = kindById(kindId)!
  const { who, ...rest } = extra
  seq++
  const people = SEED_MEMBERS.filter((m) => (who ? who(m) : true) && isMemberOn(m, date))
  const attendance = people.map((m) => entry(m, date))
  const voting = new Set(people.filter((m) => m.votingRights).map((m) => m.id))
  const present = attendance.filter((a) => a.status === 'present' && voting.has(a.memberId)).length
  return buildRecord({
    id: `s${String(seq).padStart(3, '0')}`,
    branchId: 'seed',
    kind: kindId,
    status: 'final',
    title: `${kind.label['zh-CN']}`,
    date,
    startTime: '14:30',
    endTime: '16:30',
    place: '机关二楼党员活动室',
    chair: '周建华',
    recorder: '林晓梅',
    attendance,
    guests: [{ name: '陈志刚', role: '机关党委组织员' }],
    agenda: [
      { id: 'a1', title: '第一议题：学习习近平总书记重要讲话精神', isFirstTopic: true, material: { title: '重要讲话', source: '《求是》2026年第13期' } },
      { id: 'a2', title: '研究支部近期工作', isFirstTopic: false },
    ],
    speeches: [
      { id: 'x1', speaker: '周建华', content: uniqueText(Math.max(kind.minContentChars, 220)) },
      { id: 'x2', speaker: '林晓梅', content: uniqueText(80) },
    ],
    decisions: [{ id: 'd1', text: '同意近期工作安排', rule: kind.defaultDecisionRule, yes: present, no: 0, abstain: 0 }],
    summary: uniqueText(80),
    ended: true,
    sections: fullSections(kind, date),
    photos: [
      { hash: `p-${seq}`, mime: 'image/jpeg', size: 1000, role: 'photo', takenAt: `${date}T07:00:00.000Z` },
      { hash: `q-${seq}`, mime: 'image/jpeg', size: 1000, role: 'sign-in-sheet', takenAt: `${date}T06:25:00.000Z` },
    ],
    signatures: { chair: { hash: 'sig-c', mime: 'image/png', size: 10, role: 'signature' }, recorder: { hash: 'sig-r', mime: 'image/png', size: 10, role: 'signature' } },
    createdAt: `${date}T10:00:00.000Z`,
    updatedAt: `${date}T10:00:00.000Z`,
    finishedAt: `${date}T10:00:00.000Z`,
    ...rest,
  })
}

const committee = (m: Member) => m.committeeRole !== undefined
const inGroup = (g: string) => (m: Member) => m.partyGroupId === g
const talk = (date: string, a: string, b: string): BranchRecord => {
  const r = record('heart-talk', date, { who: (m) => m.name === a || m.name === b })
  return { ...r, title: `${a}与${b}谈心谈话`, sections: { ...r.sections, initiator: a, counterpart: b } }
}

/** The second quarter: everything held on time, as history for the third. */
function secondQuarter(): BranchRecord[] {
  const out: BranchRecord[] = []
  for (const month of ['04', '05', '06']) {
    out.push(record('committee-meeting', `2026-${month}-08`, { who: committee }))
    out.push(record('themed-party-day', `2026-${month}-10`))
    for (const g of ['g1', 'g2', 'g3']) out.push(record('party-group-meeting', `2026-${month}-15`, { who: inGroup(g), partyGroupId: g }))
  }
  out.push(record('general-meeting', '2026-06-20'))
  out.push(record('party-lesson', '2026-06-26'))
  return out
}

function thirdQuarter(): BranchRecord[] {
  const out: BranchRecord[] = []
  // 支委会 every month; August's written up on the 20th, eight days after (补记).
  out.push(record('committee-meeting', '2026-07-08', { who: committee }))
  out.push(record('committee-meeting', '2026-08-12', { who: committee, createdAt: '2026-08-20T01:30:00.000Z' }))
  out.push(record('committee-meeting', '2026-09-09', { who: committee }))

  // 第二季度意识形态工作研判, held late on 8 July: fills the second quarter, not the third (none held for Q3).
  out.push(record('ideology-review', '2026-07-08', { who: committee, title: '第二季度意识形态工作研判', period: '2026-Q2' }))

  // 主题党日 in July and August, none in September. July lists 罗文斌, who only transferred in on 10 August.
  const july = record('themed-party-day', '2026-07-10')
  const luo = byName('罗文斌')
  out.push({ ...july, attendance: [...july.attendance, { memberId: luo.id, name: luo.name, status: 'present' }] })
  out.push(record('themed-party-day', '2026-08-10'))

  // 支部党员大会 on 25 July; 袁伟 left out of "should attend" for 退二线 (not a recognized situation), and the
  // meeting photo was taken the next day.
  const general = record('general-meeting', '2026-07-25')
  const yuan = byName('袁伟')
  out.push({
    ...general,
    attendance: general.attendance.map((a) => (a.memberId === yuan.id ? { ...a, status: 'excluded' as const, reason: '退二线，年龄较大' } : a)),
    decisions: general.decisions.map((d) => ({ ...d, yes: d.yes! - 1 })),
    photos: general.photos.map((p) => (p.role === 'photo' ? { ...p, takenAt: '2026-07-26T02:10:00.000Z' } : p)),
  })

  // Only the first party group met; the second and third did not meet at all this quarter.
  out.push(record('party-group-meeting', '2026-07-15', { who: inGroup('g1'), partyGroupId: 'g1' }))
  out.push(record('party-group-meeting', '2026-08-14', { who: inGroup('g1'), partyGroupId: 'g1' }))
  // September's minutes are the July general meeting's, copied (内容雷同).
  const copied = record('party-group-meeting', '2026-09-16', { who: inGroup('g1'), partyGroupId: 'g1' })
  out.push({ ...copied, speeches: general.speeches, summary: general.summary, sections: general.sections })

  // 党课 on 26 September; 冯立新 (transferred out on 20 August) is still listed as absent.
  const lesson = record('party-lesson', '2026-09-26')
  const feng = byName('冯立新')
  out.push({ ...lesson, attendance: [...lesson.attendance, { memberId: feng.id, name: feng.name, status: 'absent', reason: '已转出' }] })

  // Talks of the year so far: the committee among themselves, partly; a few members.
  out.push(talk('2026-07-20', '周建华', '林晓梅'), talk('2026-07-21', '周建华', '郑国强'), talk('2026-07-22', '周建华', '吴丽娟'),
    talk('2026-07-23', '周建华', '孙志远'), talk('2026-08-03', '林晓梅', '郑国强'), talk('2026-08-04', '林晓梅', '吴丽娟'),
    talk('2026-08-05', '林晓梅', '孙志远'), talk('2026-08-06', '郑国强', '吴丽娟'), talk('2026-08-07', '郑国强', '孙志远'),
    talk('2026-09-02', '林晓梅', '宋雅琴'), talk('2026-09-03', '宋雅琴', '曹静'))
  return out
}

/** Talks held in the fourth quarter, for checking that a later talk counts in an earlier quarter's view. */
export function fourthQuarterTalks(): BranchRecord[] {
  return [talk('2026-11-05', '吴丽娟', '孙志远')]
}

export const SEED_RECORDS: BranchRecord[] = [...secondQuarter(), ...thirdQuarter()]
