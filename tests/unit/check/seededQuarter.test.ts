// The third quarter of a realistic 23-member branch (seededQuarter.ts says what happened in it), with the
// exact findings a careful checker would list, written out so that a reader can check each against the
// rules: every gap named, nobody accused who had a reason, joined later or left.
import { describe, expect, it } from 'vitest'
import { createCheckCaches, quarterlyCheck } from '@/domain/check/quarterlyCheck'
import { defaultRules, resolveConfig } from '@/domain/check/rules'
import type { BranchRecord } from '@/domain/types'
import { byName, fourthQuarterTalks, SEED_BRANCH, SEED_MEMBERS, SEED_RECORDS } from './seededQuarter'

const run = (quarter: 2 | 3, today: string, records: BranchRecord[] = SEED_RECORDS) =>
  quarterlyCheck({ records, members: SEED_MEMBERS, branch: SEED_BRANCH, rules: defaultRules(), config: resolveConfig(), year: 2026, quarter, today })

const lines = (findings: readonly { id: string; severity: string; message: { 'zh-CN': string } }[]) =>
  findings.map((f) => [f.id, f.severity, f.message['zh-CN']])

const ARTICLE_9 = '党章第九条：“党员如果没有正当理由，连续六个月不参加党的组织生活，或不交纳党费，或不做党所分配的工作，就被认为是自行脱党。”'
const FOLLOW_UP = '有正当理由，请安排送学上门或在其所在地参加组织生活'

const EXPECTED_Q3 = [
  // 会议召开
  ['missing-meeting:kind:ideology-review:2026-Q3', 'error', '第三季度未召开意识形态工作研判'], // the 7-08 review was the second quarter's
  ['missing-meeting:kind:party-group-meeting:2026-Q3', 'error', '第二、三党小组7—9月未召开党小组会'],
  ['missing-meeting:kind:themed-party-day:2026-Q3', 'error', '9月未召开主题党日'],
  // 组织生活参加: the one member away without a reason since April
  ['no-org-life:p07', 'error', `高明没有正当理由，已连续6个月未参加党的组织生活。${ARTICLE_9}请支部核实情况，按规定程序处置`],
  ['member-unreachable:p16', 'warning', '于振华处于失联状态，已6个月未参加党的组织生活，请按上级党组织失联党员处置程序查找联系、报告上级党组织并按程序处理'],
  ['exclusion-check:p12', 'warning', '唐海涛在7月10日主题党日等4次会议中以“借调至区发改委”不计入应到人数，未注明经上级党组织批准'],
  ['not-a-member:s022:p09', 'warning', '罗文斌8月10日起才是本支部党员，会议当天不应列入应到人员'],
  ['exclusion-check:p18', 'warning', '袁伟在7月25日支部党员大会中以“退二线，年龄较大”不计入应到人数，不属于可不计入应到人数的情形（因病不能表达意志、自费出国半年以上、服刑、卧床不起、外出半年以上未转组织关系），未注明经上级党组织批准'],
  // 记录规范
  ['photo-date:s024', 'warning', '照片拍摄于7月26日，与会议日期7月25日不符'],
  ['late-entry:s019', 'warning', '补记：会后第8天才录入（超过3天）'],
  ['similar-content:s024:s027', 'warning', '与7月25日支部党员大会记录内容雷同'],
  ['not-a-member:s028:p14', 'warning', '冯立新已于8月20日转出本支部，会议当天不应列入应到人员'],
  // excused: listed for follow-up, never accused
  ['org-life-excused:p06', 'info', `何春燕已6个月未参加党的组织生活（借调至区委组织部，经上级党组织批准不计入应到人数），${FOLLOW_UP}`],
  ['org-life-excused:p12', 'info', `唐海涛已6个月未参加党的组织生活（借调至区发改委），${FOLLOW_UP}`],
  ['org-life-excused:p20', 'info', `许卫东已3个月未参加党的组织生活（在外地项目），${FOLLOW_UP}`],
  ['org-life-excused:p22', 'info', `沈浩然已6个月未参加党的组织生活（病休），${FOLLOW_UP}`],
  // 谈心谈话: a yearly requirement, a note before the fourth quarter
  ['talk-coverage:committee-committee', 'info', '2026年度全年要求，目前支委之间尚有1对未开展谈心谈话：吴丽娟—孙志远'],
  ['talk-coverage:committee-member', 'info', '2026年度全年要求，目前以下党员尚未与支委谈心谈话：高明、马秀兰、罗文斌、梁晓东、韩冬梅、冯立新、董佳怡、曹静、袁伟、邓晓燕、许卫东、傅玉洁、沈浩然、彭小雨'],
  ['talk-coverage:member-member', 'info', '2026年度全年要求，目前以下党员尚未与其他党员谈心谈话：高明、马秀兰、罗文斌、梁晓东、韩冬梅、冯立新、董佳怡、袁伟、邓晓燕、许卫东、傅玉洁、沈浩然、彭小雨'],
]

describe('a realistic third quarter of a 23-member branch', () => {
  it('lists exactly the findings a careful checker would, in the checker’s words', () => {
    const result = run(3, '2026-10-20')
    expect(lines(result.findings)).toEqual(EXPECTED_Q3)
    expect(result.counts).toEqual({ error: 4, warning: 8, info: 7 })
  })

  it('accuses nobody who had a reason, was not yet a member, had left, or is 失联', () => {
    const result = run(3, '2026-10-20')
    const accused = result.findings.filter((f) => f.code === 'no-org-life').map((f) => f.memberId)
    expect(accused).toEqual([byName('高明').id])
    for (const name of ['沈浩然', '何春燕', '唐海涛', '许卫东', '于振华', '罗文斌', '冯立新', '彭小雨', '袁伟']) {
      const id = byName(name).id
      expect(result.findings.filter((f) => f.memberId === id && f.severity === 'error'), name).toEqual([])
    }
    expect(result.findings.filter((f) => f.message['zh-CN'].includes('自行脱党')).map((f) => f.memberId)).toEqual([byName('高明').id])
    // Excluded with approval (何春燕), excluded for 借调 (唐海涛) and 失联 (于振华) owe no talks.
    const owing = result.findings.filter((f) => f.code === 'talk-coverage').flatMap((f) => f.details?.missingMembers as string[] ?? [])
    for (const name of ['何春燕', '唐海涛', '于振华']) expect(owing, name).not.toContain(byName(name).id)
  })

  it('gives the same findings whenever the past quarter is opened', () => {
    const now = run(3, '2026-10-20')
    const later = run(3, '2027-05-01')
    expect(later.findings).toEqual(now.findings)
    // Only "days left" in a period still open (the year, for yearly rules) depends on the day it is opened.
    const counted = (r: typeof now) => r.requirements.map(({ ruleId, required, held, due }) => [ruleId, required, held, due])
    expect(counted(later)).toEqual(counted(now))
  })

  it('counts a talk held in November for the third quarter’s view of the year', () => {
    const result = run(3, '2026-12-01', [...SEED_RECORDS, ...fourthQuarterTalks()])
    expect(result.findings.map((f) => f.id)).not.toContain('talk-coverage:committee-committee')
  })

  it('the late 第二季度研判 fills the second quarter, flagged as late, and not the third', () => {
    const q2 = run(2, '2026-10-20')
    const ideology = q2.requirements.find((r) => r.kindId === 'ideology-review')!
    expect([ideology.required, ideology.held, ideology.due]).toEqual([1, 1, 0])
    expect(lines(q2.findings.filter((f) => f.code === 'late-meeting'))).toEqual([
      ['late-meeting:s021', 'warning', '第二季度意识形态工作研判延至7月8日召开，逾期8天'],
    ])
    const q3 = run(3, '2026-10-20').requirements.find((r) => r.kindId === 'ideology-review')!
    expect([q3.required, q3.held, q3.due]).toEqual([1, 0, 1])
  })

  it('a branch without a leadership team is not told it owes 民主生活会 or 中心组学习; one with it is', () => {
    expect(run(3, '2026-10-20').requirements.map((r) => r.kindId)).not.toContain('democratic-life-meeting')
    const withTeam = quarterlyCheck({ records: SEED_RECORDS, members: SEED_MEMBERS, branch: { ...SEED_BRANCH, hasLeadershipTeam: true }, rules: defaultRules(), config: resolveConfig(), year: 2026, quarter: 3, today: '2026-10-20' })
    expect(withTeam.requirements.map((r) => r.kindId)).toEqual(expect.arrayContaining(['democratic-life-meeting', 'theory-study-group']))
  })

  it('speaks English in its own words', () => {
    const en = Object.fromEntries(run(3, '2026-10-20').findings.map((f) => [f.id, f.message.en]))
    expect(en['missing-meeting:kind:party-group-meeting:2026-Q3']).toBe('No party group meeting in July–September (第二党小组 and 第三党小组)')
    expect(en['similar-content:s024:s027']).toBe('Reads almost the same as the branch general meeting minutes of 25 July')
    expect(run(3, '2026-10-20').findings.find((f) => f.code === 'similar-content')?.details).toMatchObject({ percent: 100, otherDate: '2026-07-25' })
    expect(en['talk-coverage:committee-committee']).toBe('For the whole of 2026, so far, 1 pair of committee members has not talked: 吴丽娟—孙志远')
  })

  it('gives the same result with no cache, a fresh one, and one filled by other checks; the cache is the caller\'s', () => {
    const plain = run(3, '2026-10-20')
    const caches = createCheckCaches()
    const withCaches = (quarter: 2 | 3) =>
      quarterlyCheck({ records: SEED_RECORDS, members: SEED_MEMBERS, branch: SEED_BRANCH, rules: defaultRules(), config: resolveConfig(), year: 2026, quarter, today: '2026-10-20', caches })
    expect(withCaches(3)).toEqual(plain)
    expect(caches.textFacts.size).toBeGreaterThan(0)
    expect(caches.similarity).toHaveLength(1)
    withCaches(2)
    expect(withCaches(3)).toEqual(plain)
    expect(caches.similarity).toHaveLength(2) // the third quarter's pairs were found again in the memo
    expect(createCheckCaches().textFacts.size).toBe(0) // nothing is kept outside the caller's cache
  })
})
