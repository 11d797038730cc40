import { describe, expect, it } from 'vitest'
import { kindById } from '@/domain/kinds'
import { composeRectificationReport } from '@/domain/rectification/reportComposer'
import type { ComposeReportInput } from '@/domain/rectification/reportComposer'
import { REPORT_TEMPLATES, chineseNumeral, fillTemplate, formatReportDate, measureOrdinal } from '@/domain/rectification/reportTemplates'
import type { EvidenceLink, FindingCategory, InspectionFinding, Measure } from '@/domain/rectification/types'
import { categories, evidence, findings, inspection, measure, measures, records } from './ledgerFixture'

const zh = REPORT_TEMPLATES['zh-CN']
const label = (kind: string) => kindById(kind)?.label['zh-CN'] ?? '(unknown kind)'

function compose(over: Partial<ComposeReportInput> = {}) {
  return composeRectificationReport({
    inspection, categories, findings, measures, evidence, records,
    contact: { phone: '010-12345678', email: 'xc@example.cn' },
    unitName: '中共某街道工作委员会',
    date: '2026-10-01',
    locale: 'zh-CN',
    ...over,
  })
}

const texts = (doc: ReturnType<typeof compose>, role: string) => doc.paragraphs.filter((p) => p.role === role).map((p) => p.text)

describe('template helpers', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fillTemplate('{a}与{b}，{c}', { a: 1, b: '二' })).toBe('1与二，{c}')
  })

  it('writes Chinese numerals for section and ordinal numbers', () => {
    expect([1, 9, 10, 11, 19, 20, 21, 99, 100, 105, 110].map(chineseNumeral)).toEqual(
      ['一', '九', '十', '十一', '十九', '二十', '二十一', '九十九', '一百', '一百零五', '一百一十'],
    )
  })

  it('formats dates YYYY年M月D日 without leading zeros', () => {
    expect(formatReportDate('2026-09-05', zh)).toBe('2026年9月5日')
    expect(formatReportDate('2026-12-31', zh)).toBe('2026年12月31日')
    expect(formatReportDate('2026-09-05', REPORT_TEMPLATES.en)).toBe('September 5, 2026')
    expect(formatReportDate('不详', zh)).toBe('不详')
  })

  it('orders measures 一是 … 十是 and beyond', () => {
    expect([0, 1, 9, 10, 11].map((i) => measureOrdinal(i, zh))).toEqual(['一是', '二是', '十是', '十一是', '十二是'])
  })
})

describe('composeRectificationReport', () => {
  const doc = compose()

  it('titles the report after the inspected unit', () => {
    expect(doc.title).toBe('关于某街道党工委巡察整改进展情况的通报')
  })

  it('opens with the inspection facts and dates', () => {
    expect(texts(doc, 'opening')).toEqual([
      '根据区委统一部署，2026年3月10日至5月10日，区委第三巡察组对某街道党工委开展了巡察，并于2026年6月18日向某街道党工委反馈了巡察意见。' + zh.openingClose,
    ])
  })

  it('numbers sections （一）（二） in category order and findings within each section', () => {
    const headings = doc.paragraphs.filter((p) => p.type === 'heading').map((p) => p.text)
    expect(headings).toEqual([
      '（一）贯彻落实党中央决策部署方面',
      '1.中心组学习计划执行不到位。',
      '2.“第一议题”制度落实不规范。',
      '（二）基层党组织建设方面',
      '1.部分党支部支委会未按月召开，党课次数不足。', // numbering restarts; no doubled 。
      '2.会议记录要素不全。',
    ])
  })

  it('writes each finding\'s measures as 一是/二是 in measure order, with the facts of the linked evidence', () => {
    const measuresText = texts(doc, 'measures')
    expect(measuresText[0]).toBe(
      '整改落实情况：一是严格执行中心组学习计划，2026年9月12日开展' + label('theory-study-group') + '，专题学习巡察反馈意见，2026年9月20日完成整改；' +
      '二是建立中心组学习督办机制，2026年8月5日制定印发《中心组学习督办办法》（街党工委发〔2026〕12号），将长期坚持。',
    )
    // The link's note overrides the record's agenda as the subject; an open measure says so.
    expect(measuresText[1]).toBe(
      '整改落实情况：一是修订第一议题制度，2026年7月3日召开' + label('committee-meeting') + '，审议通过修订后的第一议题制度；二是规范第一议题记录，目前正在推进。',
    )
    // A record with neither note nor agenda gives the date and the meeting only; a single measure has no 一是.
    expect(measuresText[2]).toBe('整改落实情况：每月召开支委会，2026年7月3日召开' + label('committee-meeting') + '。')
    expect(label('committee-meeting')).toBe('支部委员会会议')
  })

  it('states totals and rate, the contact line, and signs with the unit and date', () => {
    expect(texts(doc, 'totals')).toEqual(['截至2026年10月1日，巡察反馈的4个问题已完成整改2个，正在整改2个，整改完成率50%。'])
    expect(texts(doc, 'closing')[0]).toContain('联系电话：010-12345678；电子邮箱：xc@example.cn。')
    const signature = doc.paragraphs.filter((p) => p.role === 'signature')
    expect(signature.map((p) => [p.text, p.align])).toEqual([['中共某街道工作委员会', 'right'], ['2026年10月1日', 'right']])
    expect(doc.paragraphs.at(-3)?.role).toBe('closing')
    expect(doc.warnings).toEqual([])
  })

  it('puts the evidence of one measure in date order', () => {
    const extra: EvidenceLink[] = [
      ...evidence,
      { id: 'e9', measureId: 'm3a', type: 'record', recordId: 'r3', recordRev: 2 },
    ]
    const text = texts(compose({ evidence: extra }), 'measures')[2]
    expect(text).toBe(
      '整改落实情况：每月召开支委会，2026年6月25日召开支部委员会会议，研究巡察整改工作方案，2026年7月3日召开支部委员会会议。',
    )
  })

  it('cites the meeting that studied the feedback and the reorganization in the opening', () => {
    const d = compose({ inspection: { ...inspection, feedbackStudyRecordId: 'r3', reorganizationNote: '2026年7月，该街道与某街道合并。' } })
    const opening = texts(d, 'opening')[0]
    expect(opening).toContain('反馈了巡察意见。2026年7月，该街道与某街道合并。2026年6月25日，某街道党工委召开支部委员会会议，专题研究巡察反馈意见，部署整改工作。')
  })

  it('warns about a missing evidence record instead of inventing a sentence', () => {
    const d = compose({ records: { r1: records.r1!, r3: records.r3! } }) // r2 is not available
    expect(texts(d, 'measures')[2]).toBe('整改落实情况：每月召开支委会。')
    expect(d.warnings.filter((w) => w.code === 'record-missing').map((w) => w.recordId)).toEqual(['r2', 'r2'])
  })

  it('skips empty categories in the numbering and lists findings without a category under 其他问题', () => {
    const cats: FindingCategory[] = [...categories, { id: 'c0', inspectionId: 'insp1', order: 0, title: '空类别' }]
    const orphan: InspectionFinding = { id: 'f5', inspectionId: 'insp1', categoryId: 'gone', order: 1, title: '孤立问题' }
    const d = compose({ categories: cats, findings: [...findings, orphan] })
    const sections = d.paragraphs.filter((p) => p.role === 'section').map((p) => p.text)
    expect(sections).toEqual(['（一）贯彻落实党中央决策部署方面', '（二）基层党组织建设方面', '（三）其他问题'])
    expect(d.paragraphs.filter((p) => p.role === 'finding').at(-1)?.text).toBe('1.孤立问题。')
    expect(texts(d, 'measures').at(-1)).toBe('整改落实情况：' + zh.noMeasures)
    expect(d.warnings.map((w) => w.code).sort()).toEqual(['finding-without-category', 'finding-without-measures'])
    expect(texts(d, 'totals')[0]).toContain('巡察反馈的5个问题已完成整改2个，正在整改3个，整改完成率40%')
  })

  it('continues past 十是 and warns about a done measure without evidence', () => {
    const many: Measure[] = Array.from({ length: 11 }, (_, i) => measure(`x${i}`, 'f4', i + 1, 'in-progress', { text: `措施${i + 1}` }))
    many.push(measure('x-done', 'f4', 12, 'done', { text: '已办结事项' }))
    const d = compose({ measures: [...measures.filter((m) => m.findingId !== 'f4'), ...many] })
    const last = texts(d, 'measures').at(-1) ?? ''
    expect(last).toContain('十是措施10，目前正在推进；十一是措施11，目前正在推进；十二是已办结事项。')
    expect(last.indexOf('一是措施1，')).toBeLessThan(last.indexOf('二是措施2，'))
    expect(d.warnings).toContainEqual({ code: 'done-without-evidence', id: 'x-done' })
  })

  it('adapts the closing to the contact details given', () => {
    expect(texts(compose({ contact: { phone: '123' } }), 'closing')[0]).toBe(zh.closing + '联系电话：123。')
    expect(texts(compose({ contact: {} }), 'closing')[0]).toBe(zh.closing)
    expect(texts(compose({ contact: { email: 'a@b.cn', mailbox: '某局办公室' } }), 'closing')[0]).toBe(zh.closing + '邮政信箱：某局办公室；电子邮箱：a@b.cn。')
  })

  it('uses templates given as data', () => {
    const d = compose({ templates: { ...zh, title: '{unit}整改情况通报', totals: '共{total}个，完成{done}个（{rate}）。' } })
    expect(d.title).toBe('某街道党工委整改情况通报')
    expect(texts(d, 'totals')).toEqual(['共4个，完成2个（50%）。'])
  })

  it('composes the English draft with English dates and numbering', () => {
    const d = compose({ locale: 'en' })
    expect(d.paragraphs.find((p) => p.role === 'section')?.text).toBe('(1) 贯彻落实党中央决策部署方面')
    expect(texts(d, 'totals')[0]).toBe('As of October 1, 2026, of the 4 findings fed back, 2 have been rectified and 2 are being rectified; the completion rate is 50%.')
  })
})

describe('composeRectificationReport follows the genre', () => {
  it('weaves an evidence fact in once: not again when the measure already gives its date or the rule', () => {
    const ms: Measure[] = [
      measure('w1', 'f1', 1, 'ongoing', { text: '9月12日召开中心组学习会，专题学习巡察反馈意见' }),
      measure('w2', 'f1', 2, 'ongoing', { text: '制定《中心组学习督办办法》，明确督办流程' }),
    ]
    const ev: EvidenceLink[] = [
      { id: 'x1', measureId: 'w1', type: 'record', recordId: 'r1' },
      { id: 'x2', measureId: 'w2', type: 'rule', rule: { name: '中心组学习督办办法', docNumber: '街党工委发〔2026〕12号', adoptedOn: '2026-08-05' } },
    ]
    const d = compose({ measures: [...measures.filter((m) => m.findingId !== 'f1'), ...ms], evidence: [...evidence.filter((e) => !['m1a', 'm1b'].includes(e.measureId)), ...ev] })
    expect(texts(d, 'measures')[0]).toBe('整改落实情况：一是9月12日召开中心组学习会，专题学习巡察反馈意见，将长期坚持；二是制定《中心组学习督办办法》，明确督办流程，将长期坚持。')
  })

  it('gives the date of file evidence (a judgement) with what it shows, and of a photo when taken', () => {
    const ev: EvidenceLink[] = [
      ...evidence.filter((e) => e.measureId !== 'm3a'),
      { id: 'j1', measureId: 'm3a', type: 'file', note: '县法院作出一审判决', date: '2026-08-09', file: { hash: 'cd', mime: 'application/pdf', size: 10, role: 'scan' } },
      { id: 'j2', measureId: 'm3a', type: 'photo', note: '张贴公示', file: { hash: 'ef', mime: 'image/jpeg', size: 10, role: 'photo', takenAt: '2026-07-01T09:00:00.000Z' } },
    ]
    expect(texts(compose({ evidence: ev }), 'measures')[2]).toBe('整改落实情况：每月召开支委会，2026年7月1日，张贴公示，2026年8月9日，县法院作出一审判决。')
  })

  it('writes the totals paragraph only as an option', () => {
    expect(texts(compose({ includeTotals: false }), 'totals')).toEqual([])
    expect(texts(compose({ templates: { ...zh, totalsByDefault: false } }), 'totals')).toEqual([])
    expect(texts(compose({ templates: { ...zh, totalsByDefault: false }, includeTotals: true }), 'totals')).toHaveLength(1)
  })

  it('keeps publisher and unit inspected apart: a reorganized unit rectifies as its successor', () => {
    const d = compose({
      inspection: {
        ...inspection,
        unitName: '原县农牧局党组',
        reorganizationNote: '2024年5月30日，原县农牧局与县扶贫开发服务中心职责整合，组建县农业农村局。',
        successorUnit: '县农业农村局',
        publisher: '中共云岭县农业农村局党组',
        contactPhone: '0000-7654321',
        contactMailbox: '云岭县农业农村局办公室',
        contactEmail: 'ylxnync@example.cn',
      },
      date: '2024-11-05',
    })
    expect(d.title).toBe('中共云岭县农业农村局党组关于巡察整改进展情况的通报')
    expect(texts(d, 'opening')[0]).toBe(
      '根据区委统一部署，2026年3月10日至5月10日，区委第三巡察组对原县农牧局党组开展了巡察，并于2026年6月18日向原县农牧局党组反馈了巡察意见。' +
        '2024年5月30日，原县农牧局与县扶贫开发服务中心职责整合，组建县农业农村局。县农业农村局承接整改任务。' + zh.openingClose,
    )
    // The inspection's contact comes before the branch's; the publisher signs, not the unit inspected.
    expect(texts(d, 'closing')[0]).toBe(zh.closing + '联系电话：0000-7654321；邮政信箱：云岭县农业农村局办公室；电子邮箱：ylxnync@example.cn。')
    expect(texts(d, 'signature')).toEqual(['中共云岭县农业农村局党组', '2024年11月5日'])
  })

  it('signs with the successor when no publisher is given, and with the unit inspected otherwise', () => {
    const sign = (over: Partial<typeof inspection>) => texts(compose({ inspection: { ...inspection, ...over }, unitName: undefined }), 'signature')[0]
    expect(sign({ successorUnit: '县农业农村局' })).toBe('县农业农村局')
    expect(sign({})).toBe('某街道党工委')
  })
})
