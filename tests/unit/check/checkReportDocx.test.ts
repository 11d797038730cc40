import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { buildCheckReportDocx } from '@/export/checkReportDocx'
import { check, makeRecord } from './helpers'

const xmlText = (xml: string) => xml.replace(/<[^>]+>/g, '')

describe('check report as Word', () => {
  const records = [makeRecord('committee-meeting', '2026-04-08', { place: '' })]
  const result = check({ records })

  it('builds a .docx whose document.xml holds the branch name, the requirements and the findings', async () => {
    const bytes = await buildCheckReportDocx(result, { branchName: '机关第一党支部', year: 2026, quarter: 2, generatedAt: '2026-07-15T02:00:00.000Z' }, 'zh-CN')
    expect(bytes).toBeInstanceOf(Uint8Array)
    const files = unzipSync(bytes)
    expect(Object.keys(files)).toContain('word/document.xml')
    const text = xmlText(strFromU8(files['word/document.xml']!))
    expect(text).toContain('机关第一党支部2026年第二季度组织生活记录检查报告')
    expect(text).toContain('支部委员会会议')
    const placeFinding = result.findings.find((f) => f.details?.element === 'place')!
    expect(text).toContain(placeFinding.message['zh-CN'])
    const missing = result.findings.find((f) => f.code === 'missing-meeting')!
    expect(text).toContain(missing.message['zh-CN'])
    expect(text).toContain('本季度尚未签核')
  })

  it('prints the sign-off, and speaks English when asked', async () => {
    const signoff = { id: 's', branchId: 'b1', year: 2026, quarter: 2 as const, signedBy: '周建华', signedAt: '2026-07-03T08:00:00.000Z', comment: '已逐本检查' }
    const bytes = await buildCheckReportDocx(result, { branchName: 'Branch One', year: 2026, quarter: 2, generatedAt: '2026-07-15T02:00:00.000Z', signoff }, 'en')
    const text = xmlText(strFromU8(unzipSync(bytes)['word/document.xml']!))
    expect(text).toContain('Branch One: record check, Q2 2026')
    expect(text).toContain('周建华')
    expect(text).toContain('已逐本检查')
    expect(text).toContain('2026-07-03 16:00')
    expect(text).toContain(result.findings[0]!.message.en)
  })
})

describe('check report of the seeded quarter, as a 组织部 feedback', () => {
  it('groups the findings under 会议召开, 记录规范, 组织生活参加, 谈心谈话, numbered within each, each once', async () => {
    const { quarterlyCheck } = await import('@/domain/check/quarterlyCheck')
    const { defaultRules, resolveConfig } = await import('@/domain/check/rules')
    const { SEED_BRANCH, SEED_MEMBERS, SEED_RECORDS } = await import('./seededQuarter')
    const seeded = quarterlyCheck({ records: SEED_RECORDS, members: SEED_MEMBERS, branch: SEED_BRANCH, rules: defaultRules(), config: resolveConfig(), year: 2026, quarter: 3, today: '2026-10-20' })
    const bytes = await buildCheckReportDocx(seeded, { branchName: '区机关第三党支部', year: 2026, quarter: 3, generatedAt: '2026-10-20T02:00:00.000Z' }, 'zh-CN')
    const paragraphs = strFromU8(unzipSync(bytes)['word/document.xml']!).split('</w:p>').map(xmlText).filter((p) => p.trim() !== '')
    const from = paragraphs.indexOf('二、检查发现的问题')
    const to = paragraphs.indexOf('三、签核')
    const body = paragraphs.slice(from + 1, to)
    expect(body.map((p) => p.slice(0, 60))).toEqual([
      '（一）会议召开（3项）',
      '1. 第三季度未召开意识形态工作研判',
      '2. 第二、三党小组7—9月未召开党小组会',
      '3. 9月未召开主题党日',
      '（二）记录规范（3项）',
      '1. 7月25日《支部党员大会》：照片拍摄于7月26日，与会议日期7月25日不符（提醒）',
      '2. 8月12日《支部委员会会议》：补记：会后第8天才录入（超过3天）（提醒）',
      '3. 9月16日《党小组会》：与7月25日支部党员大会记录内容雷同（提醒）',
      '（三）组织生活参加（10项）',
      '1. 高明没有正当理由，已连续6个月未参加党的组织生活。党章第九条：“党员如果没有正当理由，连续六个月不参加党的组织生活，或不交纳党',
      '2. 于振华处于失联状态，已6个月未参加党的组织生活，请按上级党组织失联党员处置程序查找联系、报告上级党组织并按程序处理（提醒）',
      '3. 7月10日《主题党日》：唐海涛在7月10日主题党日等4次会议中以“借调至区发改委”不计入应到人数，未注明经上级党组织',
      '4. 7月10日《主题党日》：罗文斌8月10日起才是本支部党员，会议当天不应列入应到人员（提醒）',
      '5. 7月25日《支部党员大会》：袁伟在7月25日支部党员大会中以“退二线，年龄较大”不计入应到人数，不属于可不计入应到',
      '6. 9月26日《党课》：冯立新已于8月20日转出本支部，会议当天不应列入应到人员（提醒）',
      '7. 何春燕已6个月未参加党的组织生活（借调至区委组织部，经上级党组织批准不计入应到人数），有正当理由，请安排送学上门或在其所在地参加',
      '8. 唐海涛已6个月未参加党的组织生活（借调至区发改委），有正当理由，请安排送学上门或在其所在地参加组织生活（提示）',
      '9. 许卫东已3个月未参加党的组织生活（在外地项目），有正当理由，请安排送学上门或在其所在地参加组织生活（提示）',
      '10. 沈浩然已6个月未参加党的组织生活（病休），有正当理由，请安排送学上门或在其所在地参加组织生活（提示）',
      '（四）谈心谈话（3项）',
      '1. 2026年度全年要求，目前支委之间尚有1对未开展谈心谈话：吴丽娟—孙志远（提示）',
      '2. 2026年度全年要求，目前以下党员尚未与支委谈心谈话：高明、马秀兰、罗文斌、梁晓东、韩冬梅、冯立新、董佳怡、曹静、袁伟、邓晓燕、',
      '3. 2026年度全年要求，目前以下党员尚未与其他党员谈心谈话：高明、马秀兰、罗文斌、梁晓东、韩冬梅、冯立新、董佳怡、袁伟、邓晓燕、许卫',
    ].map((p) => p.slice(0, 60)))
    for (const f of seeded.findings) expect(body.filter((p) => p.includes(f.message['zh-CN'])), f.id).toHaveLength(1)
  })
})
