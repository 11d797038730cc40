// Benchmark (not a test): the quarterly check over 10,000 records of one branch, which is what a screen
// visit runs. The benchmark runner calls `benchQuarterlyCheck()`; the target is a median under 50 ms.
// Relative imports so any TypeScript runner can load it without the `@/` alias.
import { createCheckCaches, quarterlyCheck } from '../../src/domain/check/quarterlyCheck'
import { defaultRules, resolveConfig } from '../../src/domain/check/rules'
import { KINDS } from '../../src/domain/kinds'
import type { Branch, BranchRecord, Member } from '../../src/domain/types'

export interface BenchResult {
  name: string
  medianMs: number
  minMs: number
  maxMs: number
  runs: number
  records: number
  /** The first run, before the text/bigram caches and the similarity memo are warm. */
  coldMs: number
}

function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN = '建华晓梅国强丽娟志远春燕明秀兰文斌东雅琴海涛冬立新佳怡振静伟燕卫玉洁浩然小雨红军英杰丹平辉芳勇敏磊洋艳杰娜涛超霞刚桂英'
const PHRASES = [
  '会议传达学习了上级党组织关于加强基层党建工作的通知精神', '与会同志结合本职工作谈了学习体会', '支部书记就下一阶段重点工作作了部署',
  '组织委员通报了本季度党费收缴情况', '会议研究了发展党员工作计划', '大家一致认为要把学习成果转化为推动工作的实际成效',
  '宣传委员介绍了主题党日活动方案', '纪检委员提醒大家严守廉洁纪律', '会议讨论了困难党员帮扶名单',
  '与会党员围绕服务群众最后一公里展开讨论', '会议对照检查了上次会议决定事项的落实情况', '支部书记领学了党章有关条款',
  '会议听取了各党小组工作情况汇报', '大家对社区志愿服务活动提出了具体建议', '会议通报了年度目标任务完成进度',
  '与会同志交流了基层调研中发现的问题', '会议审议了入党积极分子培养考察情况', '组织观看了警示教育片并开展讨论',
  '会议明确了各项工作的责任人和完成时限', '党员代表发言谈到要在岗位上发挥先锋模范作用', '会议对疫情防控和安全生产工作作了安排',
  '大家认为学习要联系实际防止走过场', '会议讨论了民主评议党员的工作方案', '支部委员分别汇报了分管工作', '会议要求进一步加强学习',
]

function name(rand: () => number): string {
  const pick = (chars: string) => chars[Math.floor(rand() * chars.length)]!
  return rand() < 0.3 ? pick(SURNAMES) + pick(GIVEN) : pick(SURNAMES) + pick(GIVEN) + pick(GIVEN)
}

function minutes(rand: () => number, sentences: number): string {
  const out: string[] = []
  for (let i = 0; i < sentences; i++) {
    const p = PHRASES[Math.floor(rand() * PHRASES.length)]!
    out.push(`${p}，涉及${Math.floor(rand() * 90) + 10}项具体事项，由${name(rand)}同志负责落实。`)
  }
  return out.join('')
}

export function generateBranch(recordCount: number, seed = 20260715): { branch: Branch; members: Member[]; records: BranchRecord[] } {
  const rand = prng(seed)
  const branch: Branch = {
    id: 'bench-branch', name: '机关第一党支部',
    partyGroups: [{ id: 'g1', name: '第一党小组' }, { id: 'g2', name: '第二党小组' }, { id: 'g3', name: '第三党小组' }],
    updatedAt: '2026-01-01T00:00:00.000Z',
  }
  const members: Member[] = Array.from({ length: 40 }, (_, i) => ({
    id: `m${i}`, branchId: branch.id, name: name(rand), membership: i % 13 === 12 ? 'probationary' : 'full',
    partyGroupId: `g${(i % 3) + 1}`, committeeRole: i < 5 ? (['secretary', 'deputy-secretary', 'organization', 'discipline', 'publicity'] as const)[i] : undefined,
    situation: 'on-duty', votingRights: i % 13 !== 12, active: i !== 39, joinedOn: '2005-07-01', updatedAt: '2026-01-01T00:00:00.000Z',
  }))
  const kinds = KINDS.filter((k) => k.id !== 'study-test')
  const records: BranchRecord[] = []
  // Twenty years of a large, busy branch: ~125 records a quarter (a typical branch keeps ~35), so the
  // check has about 250 records to read closely (this quarter and the previous one) besides the scan.
  const start = Date.UTC(2007, 0, 1)
  const span = Date.UTC(2026, 11, 31) - start
  for (let i = 0; i < recordCount; i++) {
    const kind = kinds[Math.floor(rand() * kinds.length)]!
    const day = new Date(start + Math.floor(rand() * span)).toISOString().slice(0, 10)
    const lateDays = rand() < 0.05 ? 5 : 0
    const created = new Date(Date.parse(`${day}T02:00:00.000Z`) + lateDays * 86_400_000).toISOString()
    const attendees = kind.committeeOnly ? members.slice(0, 5) : members
    const text = minutes(rand, 8 + Math.floor(rand() * 12))
    const sections: Record<string, unknown> = {}
    for (const f of kind.sections.flatMap((s) => s.fields)) {
      if (f.type === 'text' || f.type === 'textarea') sections[f.key] = minutes(rand, 2)
      else if (f.type === 'member') sections[f.key] = attendees[Math.floor(rand() * attendees.length)]!.name
    }
    records.push({
      id: `r${String(i).padStart(6, '0')}`, schemaVersion: 1, branchId: branch.id, kind: kind.id, status: rand() < 0.02 ? 'draft' : 'final',
      title: `第${i + 1}次${kind.label['zh-CN']}`, sequence: i + 1, date: day, startTime: '09:00', endTime: '11:00', place: '三楼会议室',
      chair: members[0]!.name, recorder: members[2]!.name,
      partyGroupId: kind.frequency?.perPartyGroup ? `g${Math.floor(rand() * 3) + 1}` : undefined,
      attendance: attendees.map((m) => (rand() < 0.1
        ? { memberId: m.id, name: m.name, status: 'absent' as const, reason: rand() < 0.8 ? '出差' : undefined }
        : { memberId: m.id, name: m.name, status: 'present' as const })),
      guests: [],
      agenda: [
        { id: 'a1', title: '第一议题：学习重要讲话精神', isFirstTopic: rand() > 0.05, material: { title: '重要讲话' } },
        { id: 'a2', title: '研究近期工作', isFirstTopic: false },
      ],
      speeches: [{ id: 's1', speaker: members[0]!.name, content: text }, { id: 's2', speaker: members[3]!.name, content: minutes(rand, 2) }],
      decisions: rand() < 0.5 ? [{ id: 'd1', text: '同意工作安排', rule: kind.defaultDecisionRule, yes: attendees.length - 4, no: 0, abstain: rand() < 0.9 ? 0 : undefined }] : [],
      summary: minutes(rand, 2), ended: rand() > 0.03, sections,
      photos: rand() < 0.8 ? [{ hash: 'h', mime: 'image/jpeg', size: 1, role: 'photo' }] : [],
      signatures: { chair: { hash: 's', mime: 'image/png', size: 1, role: 'signature' }, recorder: rand() < 0.95 ? { hash: 's', mime: 'image/png', size: 1, role: 'signature' } : undefined },
      createdAt: created, updatedAt: created,
    })
    // About 1 in 100 is a copy of an earlier record of the same kind with one character changed (内容雷同).
    const last = records[records.length - 1]!
    const earlier = records.length > 1 ? records.findLast((r) => r.kind === kind.id && r !== last) : undefined
    if (earlier && rand() < 0.01) {
      const content = earlier.speeches[0]!.content
      records[records.length - 1] = {
        ...last, speeches: earlier.speeches.map((sp, k) => (k === 0 ? { ...sp, content: `${content.slice(0, 20)}党${content.slice(21)}` } : sp)),
        summary: earlier.summary, sections: earlier.sections, agenda: earlier.agenda, decisions: earlier.decisions,
      }
    }
  }
  return { branch, members, records }
}

export async function benchQuarterlyCheck(): Promise<BenchResult> {
  const recordCount = 10_000
  const { branch, members, records } = generateBranch(recordCount)
  const rules = defaultRules()
  const config = resolveConfig()
  // One cache for every run, as the check screen keeps one: the warm-up fills it, as a first visit does.
  const caches = createCheckCaches()
  const run = () => quarterlyCheck({ records, members, branch, rules, config, year: 2026, quarter: 2, today: '2026-07-15', caches })
  const cold0 = performance.now()
  run() // warm-up: JIT, and the caches a revisit of the check screen would also have
  const coldMs = performance.now() - cold0
  const times: number[] = []
  const runs = 9
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    run()
    times.push(performance.now() - t0)
    await Promise.resolve()
  }
  times.sort((a, b) => a - b)
  const round = (ms: number) => Math.round(ms * 100) / 100
  return {
    name: 'quarterlyCheck (10,000 records)',
    medianMs: round(times[Math.floor(times.length / 2)]!),
    minMs: round(times[0]!),
    maxMs: round(times[times.length - 1]!),
    runs,
    records: recordCount,
    coldMs: round(coldMs),
  }
}
