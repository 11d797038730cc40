// Reading a published 整改情况通报 back into a ledger: the shared fictional report with its usual damage
// (an unnumbered finding, a repeated number, a hard-wrapped measure, totals, closing, publisher), the
// same report as a one-line paste, hard-wrapped at 34 characters, with full-width digits and with
// 一、/（一）/1./（1） nesting, and another unit's report with other headings and a skipped number.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseFeedback } from '@/domain/rectification/feedbackParser'
import type { ParsedFeedback } from '@/domain/rectification/feedbackParser'
import { readOpening } from '@/domain/rectification/pastedText'

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), 'utf8')

/** The ledger the report holds: 3 sections, 9 findings, 19 measures (counted by hand from the text). */
const SAMPLE_LEDGER = [
  {
    category: '贯彻落实党的理论路线方针政策和党中央决策部署方面',
    findings: [
      {
        title: '理论学习流于形式，学用结合不紧密',
        measures: [
          '修订《县农业农村局党组理论学习中心组学习制度》，明确每月集中学习不少于1次，2024年7月以来已开展集中学习5次',
          '8月14日召开中心组专题研讨会，围绕乡村振兴重点任务，班子成员逐一交流发言，形成调研课题4项',
          '建立学习台账，专人记录学习内容、参学人员和研讨发言',
        ],
      },
      {
        title: '落实粮食安全责任制有差距',
        measures: ['9月3日，局党组召开专题会议，研究部署耕地保护和粮食生产工作，逐乡镇分解播种面积任务，建立月调度机制'],
      },
      {
        title: '意识形态工作责任制落实不到位',
        measures: ['9月10日，局党组召开意识形态工作专题会议，研判第三季度意识形态形势，明确班子成员“一岗双责”责任清单，每季度向县委宣传部报送研判情况'],
      },
    ],
  },
  {
    category: '群众身边腐败问题和不正之风方面',
    findings: [
      {
        title: '惠农资金监管不到位',
        measures: [
          '对2022年以来发放的各类惠农补贴资金开展全面自查，发现并纠正问题11个，追回资金3.2万元',
          '7月22日，联合县财政局印发《云岭县惠农补贴资金发放管理办法》（云农发〔2024〕41号），实行“一卡通”发放、村级公示、乡镇审核、县级抽查',
          '开通监督举报电话，公开受理群众反映',
        ],
      },
      {
        title: '项目验收把关不严',
        measures: ['对2023年实施的农田水利项目重新组织验收，对3个未达设计标准的项目责令施工单位限期整改，已全部整改完毕，并于8月9日印发《项目验收工作规程》，明确验收组成员回避制度'],
      },
    ],
  },
  {
    category: '基层党组织建设方面',
    findings: [
      {
        title: '“三会一课”制度落实不严格',
        measures: [
          '各支部分类建立支部党员大会、支委会、党小组会和党课记录本，指定专人记录，做到专本专用',
          '8月28日，局机关党委对所属5个支部2024年上半年“三会一课”记录进行专项检查，发现问题9个，已全部整改',
          '支部书记每季度对本支部会议记录进行检查签字',
        ],
      },
      {
        title: '组织生活会质量不高',
        measures: [
          '9月20日，各支部以“对照检查、整改提高”为主题召开专题组织生活会，会前逐一开展谈心谈话，会上党员逐一对照检查、开展批评与自我批评',
          '局机关党委派员全程列席指导，会后督促各支部形成问题清单和整改措施',
        ],
      },
      {
        title: '发展党员程序不规范',
        measures: ['对近五年发展党员档案逐一排查，补齐缺失材料6份', '组织支部书记和组织委员学习《中国共产党发展党员工作细则》，10月9日开展测试'],
      },
      {
        title: '党员教育管理不到位，个别党员长期不参加组织生活',
        measures: [
          '对全局党员参加组织生活情况逐人排查，建立台账',
          '对2名长期外出务工的流动党员落实“一人一策”，通过线上方式参加所在支部组织生活',
          '对1名失联党员按程序报县委组织部',
        ],
      },
    ],
  },
]

const ledgerOf = (parsed: ParsedFeedback) =>
  parsed.categories.map((c) => ({
    category: c.title,
    findings: c.findings.map((f) => ({ title: f.title, measures: (f.measures ?? []).map((m) => m.text) })),
  }))

const SAMPLE_FACTS = {
  authority: '县委',
  inspector: '县委第三巡察组',
  unitName: '原县农牧局党组',
  periodFrom: '2024-03-04',
  periodTo: '2024-04-19',
  feedbackDate: '2024-06-12',
  reorganizationNote: '2024年5月30日，县委机构编制委员会将原县农牧局与县扶贫开发服务中心职责整合，组建县农业农村局，不再保留县农牧局。',
  successorUnit: '县农业农村局',
}

/** What every variant of the sample must give, whatever the damage. */
function expectSampleRead(parsed: ParsedFeedback) {
  expect(parsed.genre).toBe('report')
  expect(ledgerOf(parsed)).toEqual(SAMPLE_LEDGER)
  expect(parsed.categories.flatMap((c) => c.findings)).toHaveLength(9)
  expect(parsed.categories.flatMap((c) => c.findings).flatMap((f) => f.measures ?? [])).toHaveLength(19)
  expect(parsed.facts).toEqual(SAMPLE_FACTS)
  expect(parsed.parts?.map((p) => p.title)).toEqual(['巡察反馈问题整改落实情况'])
  expect(parsed.totals).toMatchObject({ asOf: '2024-10-31', total: 9, done: 8, ongoing: 1, rate: '88.9%' })
  expect(parsed.totals?.text).toBe('截至2024年10月31日，巡察反馈的9个问题已整改完成8个，正在整改1个，整改完成率88.9%。对已完成的整改任务，我们将适时组织“回头看”，巩固整改成果。')
  expect(parsed.closing).toMatchObject({ phone: '0000-7654321', mailbox: '云岭县农业农村局办公室', email: 'ylxnync@example.cn' })
  expect(parsed.closing?.text).toBe(
    '欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。\n联系电话：0000-7654321；邮政信箱：云岭县农业农村局办公室；电子邮箱：ylxnync@example.cn。',
  )
  expect(parsed.publisher?.name).toBe('中共云岭县农业农村局党组')
  expect(parsed.reportDate?.date).toBe('2024-11-05')
  expect(parsed.unplaced).toEqual([])
  // The repairs are shown: the finding without a number, then the two findings numbered 2.
  expect(parsed.notices?.map((n) => [n.code, n.found, n.used])).toEqual([
    ['unnumbered-finding', undefined, '2'],
    ['number-out-of-order', '2', '3'],
    ['number-repeated', '2', '4'],
  ])
  // No measure, totals or closing text leaked into a finding.
  for (const f of parsed.categories.flatMap((c) => c.findings)) expect(f.detail).toBeUndefined()
}

/** A PDF copy: every line cut into pieces of `width` characters. */
const hardWrap = (text: string, width: number) =>
  text.split('\n').flatMap((l) => (l.length <= width ? [l] : (l.match(new RegExp(`.{1,${width}}`, 'gu')) ?? []))).join('\n')

describe('parseFeedback on the shared 整改情况通报', () => {
  const text = fixture('report-sample.txt')
  const parsed = parseFeedback(text)

  it('reads 3 sections, 9 findings, 19 measures and every fact of the opening and the closing', () => {
    expect(parsed.title).toBe('中共云岭县农业农村局党组关于巡察整改进展情况的通报')
    expectSampleRead(parsed)
  })

  it('keeps the line numbers of the pasted text', () => {
    expect(parsed.categories.map((c) => c.lineNo)).toEqual([6, 13, 18])
    expect(parsed.categories[2]?.findings.map((f) => [f.lineNo, f.number])).toEqual([[19, 1], [21, undefined], [23, 2], [25, 2]])
    expect(parsed.notices?.map((n) => n.lineNo)).toEqual([21, 23, 25])
    expect([parsed.totals?.lineNo, parsed.closing?.lineNo, parsed.publisher?.lineNo, parsed.reportDate?.lineNo]).toEqual([28, 30, 32, 33])
    expect(parsed.opening?.lineNo).toBe(3)
  })

  it('reads the same ledger when the whole report arrives as one single line', () => {
    const oneLine = text.replace(/\n+/g, '')
    expect(oneLine.includes('\n')).toBe(false)
    const p = parseFeedback(oneLine)
    expectSampleRead(p)
    expect(p.title).toBe('中共云岭县农业农村局党组关于巡察整改进展情况的通报')
  })

  it('reads the same ledger when a PDF wrapped every line at 34 characters', () => {
    const wrapped = hardWrap(text, 34)
    expect(wrapped.split('\n').filter((l) => l.length === 34).length).toBeGreaterThan(20)
    const p = parseFeedback(wrapped)
    expectSampleRead(p)
    expect(p.title).toBe('中共云岭县农业农村局党组关于巡察整改进展情况的通报')
    expect(p.notices?.map((n) => n.lineNo)).toEqual([42, 47, 51])
  })

  it('reads the same ledger at other PDF widths (28 and 40 characters)', () => {
    for (const width of [28, 40]) expectSampleRead(parseFeedback(hardWrap(text, width)))
  })

  it('reads the same ledger with full-width digits', () => {
    const fullWidth = text.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
    expect(fullWidth).toContain('１．理论学习')
    expectSampleRead(parseFeedback(fullWidth))
  })

  it('reads the same ledger when measures are numbered （1）（2）… under 一、/（一）/1.', () => {
    const nested = fixture('report-nested.txt')
    expect(nested).toContain('（2）8月14日召开中心组专题研讨会')
    expectSampleRead(parseFeedback(nested))
  })

  it('does not take a number inside a measure (3.2万元, 88.9%) for a marker in a one-line paste', () => {
    const p = parseFeedback(text.replace(/\n+/g, ''))
    expect(p.categories[1]?.findings[0]?.measures?.[0]?.text).toContain('追回资金3.2万元')
  })
})

describe('parseFeedback on another unit\'s report (一、 sections, （一） findings, 整改情况：, a skipped number)', () => {
  const parsed = parseFeedback(fixture('report-other-unit.txt'))

  it('reads the ledger', () => {
    expect(ledgerOf(parsed)).toEqual([
      {
        category: '关于落实全面从严治党主体责任方面',
        findings: [
          {
            title: '主体责任压得不实，对村级党组织督促指导不够',
            measures: [
              '制定《青川镇党委落实全面从严治党主体责任清单》，明确班子成员责任分工',
              '7月15日召开镇党委会议，专题研究巡察整改工作，逐条制定整改措施',
              '班子成员每季度到联系村指导党建工作不少于1次',
            ],
          },
          { title: '廉政风险防控机制不健全', measures: ['梳理镇村两级廉政风险点42个，逐项制定防控措施，8月20日印发《青川镇廉政风险防控手册》'] },
        ],
      },
      {
        category: '关于基层党组织建设方面',
        findings: [
          { title: '村级组织换届后续工作不到位', measures: ['对12个村“两委”班子运行情况逐村分析研判', '举办村干部履职能力培训班2期，培训132人次'] },
          { title: '党员发展质量不高', measures: ['对2020年以来发展的党员档案全面复查，发现材料不全问题5个，已于9月底前全部补齐'] },
        ],
      },
      {
        category: '关于整改上轮巡察反馈问题方面',
        findings: [
          {
            title: '上轮巡察反馈的集体资产管理问题整改不彻底',
            measures: ['完成全镇集体资产清产核资，登记资产1.6亿元', '对3宗未入账资产补办入账手续', '建立集体资产季度报告制度'],
          },
        ],
      },
    ])
  })

  it('reads 将长期坚持 as the measure\'s status, not as its text', () => {
    expect(parsed.categories[2]?.findings[0]?.measures?.map((m) => m.status)).toEqual([undefined, undefined, 'ongoing'])
  })

  it('repairs the skipped number with a notice', () => {
    expect(parsed.notices).toEqual([{ code: 'number-skipped', lineNo: 8, found: '3', used: '2' }])
  })

  it('reads the opening, no totals, the closing and a date in Chinese numerals', () => {
    expect(parsed.title).toBe('中共青川镇委员会关于巡察整改情况的通报')
    expect(parsed.facts).toEqual({
      authority: '区委',
      inspector: '区委第二巡察组',
      unitName: '青川镇党委',
      periodFrom: '2025-04-08',
      periodTo: '2025-05-30',
      feedbackDate: '2025-07-02',
    })
    expect(parsed.totals).toBeUndefined()
    expect(parsed.closing).toMatchObject({ phone: '0000-8123456', email: 'qcz@example.cn' })
    expect(parsed.closing?.mailbox).toBeUndefined()
    expect(parsed.publisher?.name).toBe('中共青川镇委员会')
    expect(parsed.reportDate?.date).toBe('2025-10-20')
    expect(parsed.parts).toEqual([])
    expect(parsed.unplaced).toEqual([])
  })
})

describe('parseFeedback on report edge cases', () => {
  it('shows a stray line after the publisher and a page number as unplaced, never in a finding', () => {
    const p = parseFeedback('（一）学习方面\n1.学习不深入。\n整改落实情况：修订学习制度。\n— 3 —\n欢迎监督。联系电话：123456。\n某局党组\n2024年1月2日\n抄送：县委巡察办')
    expect(p.categories[0]?.findings[0]?.measures?.map((m) => m.text)).toEqual(['修订学习制度'])
    expect(p.unplaced).toEqual([{ line: '— 3 —', lineNo: 4 }, { line: '抄送：县委巡察办', lineNo: 8 }])
    expect(p.publisher?.name).toBe('某局党组')
  })

  it('splits the closing run on from the last measure', () => {
    const p = parseFeedback('（一）学习方面\n1.学习不深入。\n整改落实情况：一是修订学习制度；二是开展研讨。欢迎广大干部群众监督。联系电话：123456。')
    expect(p.categories[0]?.findings[0]?.measures?.map((m) => m.text)).toEqual(['修订学习制度', '开展研讨'])
    expect(p.closing?.phone).toBe('123456')
  })

  it('keeps text before 一是 as a measure of its own, with a notice', () => {
    const p = parseFeedback('（一）学习方面\n1.学习不深入。\n整改落实情况：局党组高度重视。一是修订学习制度；二是开展研讨。')
    expect(p.categories[0]?.findings[0]?.measures?.map((m) => m.text)).toEqual(['局党组高度重视', '修订学习制度', '开展研讨'])
    expect(p.notices?.map((n) => n.code)).toEqual(['measure-intro'])
  })

  it('gives a finding without a title line an empty title and a notice', () => {
    const p = parseFeedback('一、学习方面\n（一）学风不正。\n整改落实情况：开展学风教育。\n二、纪律方面\n整改落实情况：修订学习制度。')
    expect(p.categories.map((c) => c.title)).toEqual(['学习方面', '纪律方面'])
    expect(p.categories[1]?.findings).toEqual([{ title: '', lineNo: 5, measures: [{ text: '修订学习制度', lineNo: 5 }] }])
    expect(p.notices).toEqual([{ code: 'finding-without-title', lineNo: 5 }])
  })
})

describe('parseFeedback on other labels and a one-line feedback', () => {
  it('reads 整改措施： as the measures label, also run on after the finding', () => {
    const p = parseFeedback('（一）学习方面\n1.学习不深入。整改措施：一是修订学习制度；二是开展研讨。\n2.研讨不充分。\n整改措施：每月开展研讨。')
    expect(p.categories[0]?.findings.map((f) => [f.title, (f.measures ?? []).map((m) => m.text)])).toEqual([
      ['学习不深入', ['修订学习制度', '开展研讨']],
      ['研讨不充分', ['每月开展研讨']],
    ])
  })

  it('reads the shared feedback sample pasted as one single line like the original', () => {
    const text = fixture('feedback-sample.txt')
    const original = parseFeedback(text)
    const oneLine = parseFeedback(text.replace(/\n+/g, ''))
    const shape = (p: ParsedFeedback) => p.categories.map((c) => [c.title, c.findings.map((f) => [f.title, f.section])])
    expect(shape(oneLine)).toEqual(shape(original))
    expect(oneLine.categories.flatMap((c) => c.findings)).toHaveLength(8)
    expect(oneLine.title).toBe('区委第三巡察组关于巡察某街道党工委的反馈意见（节选，虚构示例）')
    expect(oneLine.facts).toEqual({ inspector: '区委第三巡察组', unitName: '某街道党工委' })
    expect(oneLine.unplaced).toEqual([])
  })
})

describe('parseFeedback on measures laid out line by line', () => {
  it('reads 一是/二是/三是 written one per line as three measures, without their ordinals', () => {
    const p = parseFeedback('（一）学习方面\n1.学习不深入。\n整改落实情况：一是修订学习制度；\n二是开展专题研讨；\n三是建立学习台账。\n2.研讨不充分。\n整改落实情况：\n每月开展一次研讨。\n建立研讨发言记录。')
    expect(p.categories[0]?.findings.map((f) => [f.title, (f.measures ?? []).map((m) => m.text)])).toEqual([
      ['学习不深入', ['修订学习制度', '开展专题研讨', '建立学习台账']],
      // Paragraphs without ordinals: one measure each.
      ['研讨不充分', ['每月开展一次研讨', '建立研讨发言记录']],
    ])
    expect(p.notices).toEqual([])
  })
})

describe('an opening written in Chinese numerals', () => {
  it('reads the period and the feedback date as from Arabic digits', () => {
    const opening =
      '根据县委统一部署，二〇二四年三月四日至四月十九日，县委第三巡察组对原县农牧局党组开展了常规巡察，并于二〇二四年六月十二日向原县农牧局党组反馈了巡察意见。'
    expect(readOpening(opening)).toMatchObject({
      authority: '县委',
      inspector: '县委第三巡察组',
      unitName: '原县农牧局党组',
      periodFrom: '2024-03-04',
      periodTo: '2024-04-19',
      feedbackDate: '2024-06-12',
    })
  })
  it('takes the year of a period end written without one from its start, and mixed numerals too', () => {
    expect(readOpening('二〇二三年十一月二十日至12月29日，市委第一巡察组对某局党组进行了巡察，于二〇二四年一月十日反馈。')).toMatchObject({
      periodFrom: '2023-11-20',
      periodTo: '2023-12-29',
      feedbackDate: '2024-01-10',
    })
  })
})
