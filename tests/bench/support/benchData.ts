// Deterministic, realistic data for the benchmarks: a branch of 40 members and N records spread over
// eight years and every record kind, with minutes of a few hundred Chinese characters each. The same
// seed gives the same documents in Node (server seeding, PouchDB server) and in the browser bench page,
// so every side of a comparison handles exactly the same objects. Documents pass the server's validator.
// Pure TypeScript: no Node or DOM APIs (it is bundled into the browser bench page too).
import { KINDS } from '@/domain/kinds'
import type { Change, PullResponse } from '@/domain/protocol'
import type { AttendanceEntry, Branch, BranchRecord, Member } from '@/domain/types'

export const BENCH_RECORDS = 10_000

/** Small, fast, seedable PRNG (mulberry32). */
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

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN = ['建华', '晓梅', '国强', '丽娟', '志远', '春燕', '明', '秀兰', '文斌', '雅琴', '海涛', '立新', '佳怡', '振东', '玉洁', '浩然', '小雨', '红军', '英杰', '丹', '平', '桂英', '卫东', '淑芬', '永刚']
const PHRASES = [
  '会议传达学习了上级党组织关于加强基层党建工作的通知精神', '与会同志结合本职工作谈了学习体会', '支部书记就下一阶段重点工作作了部署',
  '组织委员通报了本季度党费收缴情况', '会议研究了发展党员工作计划', '大家一致认为要把学习成果转化为推动工作的实际成效',
  '宣传委员介绍了主题党日活动方案', '纪检委员提醒大家严守廉洁纪律', '会议讨论了困难党员帮扶名单',
  '与会党员围绕服务群众最后一公里展开讨论', '会议对照检查了上次会议决定事项的落实情况', '支部书记领学了党章有关条款',
  '会议听取了各党小组工作情况汇报', '大家对社区志愿服务活动提出了具体建议', '会议通报了年度目标任务完成进度',
  '与会同志交流了基层调研中发现的问题', '会议审议了入党积极分子培养考察情况', '组织观看了警示教育片并开展讨论',
  '会议明确了各项工作的责任人和完成时限', '党员代表发言谈到要在岗位上发挥先锋模范作用', '会议对安全生产和信访维稳工作作了安排',
  '大家认为学习要联系实际防止走过场', '会议讨论了民主评议党员的工作方案', '支部委员分别汇报了分管工作', '会议要求进一步加强理论学习',
]
/** An agenda item about one record in a hundred carries (the search benchmark's rare term). */
export const RARE_TOPIC = '研究社区垃圾分类督导工作'
const PLACES = ['党员活动室', '三楼会议室', '社区服务中心', '支部书记办公室', '线上会议（腾讯会议）']

function personName(rand: () => number): string {
  return pick(rand, [...SURNAMES]) + pick(rand, GIVEN)
}

function minutes(rand: () => number, sentences: number, people: readonly string[]): string {
  const out: string[] = []
  for (let i = 0; i < sentences; i++) {
    out.push(`${pick(rand, PHRASES)}，涉及${Math.floor(rand() * 90) + 10}项具体事项，由${pick(rand, people)}同志负责落实。`)
  }
  return out.join('')
}

export function benchBranch(id: string): Branch {
  return {
    id,
    name: '机关第一党支部',
    partyGroups: [
      { id: 'g1', name: '第一党小组' },
      { id: 'g2', name: '第二党小组' },
      { id: 'g3', name: '第三党小组' },
    ],
    updatedAt: '2019-01-01T00:00:00.000Z',
  }
}

export function benchMembers(branchId: string, seed = 7): Member[] {
  const rand = prng(seed)
  const roles = ['secretary', 'deputy-secretary', 'organization', 'discipline', 'publicity'] as const
  return Array.from({ length: 40 }, (_, i) => {
    const m: Member = {
      id: `m${String(i).padStart(3, '0')}`,
      branchId,
      name: personName(rand),
      membership: i % 13 === 12 ? 'probationary' : 'full',
      partyGroupId: `g${(i % 3) + 1}`,
      situation: i === 17 ? 'sick-leave' : 'on-duty',
      votingRights: i % 13 !== 12,
      active: true,
      joinedOn: '2005-07-01',
      updatedAt: '2019-01-01T00:00:00.000Z',
    }
    const role = roles[i]
    if (role) m.committeeRole = role
    return m
  })
}

export interface RecordOptions {
  branchId: string
  /** Distinguishes the ids of one data set from another's (e.g. one per benchmark run). */
  idPrefix?: string
  seed?: number
  /** First and last meeting date (inclusive); default 2019-01-01 … 2026-11-20. */
  from?: string
  to?: string
}

/** `count` records of every kind, meeting dates spread evenly at random over the period. */
export function benchRecords(count: number, options: RecordOptions): BranchRecord[] {
  const rand = prng(options.seed ?? 20260715)
  const members = benchMembers(options.branchId)
  const names = members.map((m) => m.name)
  const start = Date.parse(`${options.from ?? '2019-01-01'}T00:00:00.000Z`)
  const span = Date.parse(`${options.to ?? '2026-11-20'}T00:00:00.000Z`) - start
  const prefix = options.idPrefix ?? 'r'
  const records: BranchRecord[] = []
  for (let i = 0; i < count; i++) {
    const kind = pick(rand, KINDS)
    const date = new Date(start + Math.floor(rand() * span)).toISOString().slice(0, 10)
    const late = rand() < 0.05
    const createdAt = new Date(Date.parse(`${date}T08:00:00.000Z`) + (late ? 5 : 0) * 86_400_000).toISOString()
    const attendees = kind.committeeOnly ? members.slice(0, 5) : members
    const attendance: AttendanceEntry[] = attendees.map((m) =>
      rand() < 0.1
        ? { memberId: m.id, name: m.name, status: 'absent', reason: pick(rand, ['出差', '病假', '外出学习']) }
        : { memberId: m.id, name: m.name, status: 'present' },
    )
    const sections: Record<string, unknown> = {}
    for (const field of kind.sections.flatMap((s) => s.fields)) {
      if (field.type === 'text') sections[field.key] = pick(rand, PHRASES)
      else if (field.type === 'textarea') sections[field.key] = minutes(rand, 2, names)
      else if (field.type === 'member') sections[field.key] = pick(rand, names)
    }
    const speeches = Array.from({ length: 2 + Math.floor(rand() * 3) }, (_, s) => ({
      id: `s${s + 1}`,
      speaker: pick(rand, attendees).name,
      content: minutes(rand, 2 + Math.floor(rand() * 4), names),
    }))
    const record: BranchRecord = {
      id: `${prefix}${String(i).padStart(6, '0')}`,
      schemaVersion: 1,
      branchId: options.branchId,
      kind: kind.id,
      status: 'final',
      title: `${date.slice(0, 4)}年第${(i % 12) + 1}次${kind.label['zh-CN']}`,
      sequence: (i % 12) + 1,
      date,
      startTime: '09:00',
      endTime: '11:00',
      place: pick(rand, PLACES),
      chair: names[0],
      recorder: names[2],
      attendance,
      guests: rand() < 0.1 ? [{ name: personName(rand), role: '上级党委联系人' }] : [],
      agenda: [
        { id: 'a1', title: '学习习近平总书记重要讲话精神', isFirstTopic: true, material: { title: '重要讲话', source: '《求是》' } },
        // About 1 record in 100 is about 垃圾分类: the "rare term" of the search benchmark.
        { id: 'a2', title: rand() < 0.01 ? RARE_TOPIC : pick(rand, PHRASES), isFirstTopic: false },
      ],
      speeches,
      decisions:
        rand() < 0.5
          ? [{ id: 'd1', text: '同意工作安排', rule: kind.defaultDecisionRule, yes: attendees.length - 4, no: 0, abstain: 0 }]
          : [],
      summary: minutes(rand, 2, names),
      ended: true,
      sections,
      photos: [],
      signatures: {},
      createdAt,
      updatedAt: createdAt,
      finishedAt: createdAt,
    }
    if (kind.frequency?.perPartyGroup) record.partyGroupId = `g${Math.floor(rand() * 3) + 1}`
    records.push(record)
  }
  return records
}

/** The records as the server's change feed would deliver them, in pages of `pageSize`. */
export function asPullPages(records: readonly BranchRecord[], pageSize: number): PullResponse[] {
  const pages: PullResponse[] = []
  for (let start = 0; start < records.length; start += pageSize) {
    const changes: Change[] = records.slice(start, start + pageSize).map((doc, j) => ({
      seq: start + j + 1,
      entity: 'record',
      id: doc.id,
      branchId: doc.branchId,
      rev: 1,
      doc: doc as unknown as Record<string, unknown>,
      deleted: false,
      conflict: null,
      updatedAt: doc.updatedAt,
    }))
    pages.push({ changes, cursor: start + changes.length, hasMore: start + pageSize < records.length })
  }
  return pages
}

/** Median, min and max of a list of timings (ms), rounded to 0.01. */
export interface Timing {
  median: number
  min: number
  max: number
  runs: number
}

export function summarize(samples: readonly number[]): Timing {
  if (samples.length === 0) throw new Error('no samples')
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
  const r = (x: number) => Math.round(x * 100) / 100
  return { median: r(median), min: r(sorted[0] as number), max: r(sorted[sorted.length - 1] as number), runs: sorted.length }
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] as number
}
