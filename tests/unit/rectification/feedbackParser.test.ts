import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseFeedback } from '@/domain/rectification/feedbackParser'
import type { ParsedFeedback } from '@/domain/rectification/feedbackParser'

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), 'utf8')

/** Every non-blank line of the input must end up somewhere: title, a heading, a finding, a detail or unplaced. */
function expectNothingDropped(text: string, parsed: ParsedFeedback) {
  const placed = [
    parsed.title ?? '',
    ...parsed.categories.flatMap((c) => [
      c.title, c.detail ?? '',
      ...(c.sections ?? []).flatMap((s) => [s.title, s.detail ?? '']),
      ...c.findings.flatMap((f) => [f.title, f.detail ?? '']),
    ]),
    ...parsed.unplaced.map((u) => u.line),
  ].join('\n')
  const squash = (s: string) => s.replace(/[\s\u3000。，、；：:.,;．（）()【】\d０-９一二三四五六七八九十①②③]/g, '')
  const all = squash(placed)
  for (const line of text.split(/\r?\n/)) {
    const core = squash(line)
    if (core) expect(all, `line lost: ${line}`).toContain(core)
  }
}

describe('parseFeedback on the shared sample (一、 / （一） / 1.)', () => {
  const text = fixture('feedback-sample.txt')
  const parsed = parseFeedback(text)

  it('takes the preamble line as the title', () => {
    expect(parsed.title).toBe('区委第三巡察组关于巡察某街道党工委的反馈意见（节选，虚构示例）')
    expect(parsed.facts).toEqual({ inspector: '区委第三巡察组', unitName: '某街道党工委' })
  })

  it('makes the 一、 headings the categories, in order', () => {
    expect(parsed.categories.map((c) => c.title)).toEqual(['贯彻落实党中央决策部署方面', '基层党组织建设方面', '巡察整改方面'])
  })

  it('keeps the （一） sub-headings as sections and the numbered items as findings under them', () => {
    const [first, second, third] = parsed.categories
    expect(first?.sections?.map((s) => s.title)).toEqual(['理论学习不够深入', '意识形态工作责任制落实不到位'])
    expect(first?.findings.map((f) => f.section)).toEqual(['理论学习不够深入', '理论学习不够深入', '意识形态工作责任制落实不到位'])
    expect(first?.findings[1]?.title).toBe('“第一议题”制度落实不规范，会议记录中未体现学习内容和研讨情况')
    expect(second?.findings).toHaveLength(4)
    expect(third?.findings.map((f) => f.title)).toEqual(['整改台账佐证材料不完整，部分问题整改仅停留在文件层面'])
    expect(parsed.categories.flatMap((c) => c.findings)).toHaveLength(8)
  })

  it('reports line numbers of the source text', () => {
    expect(parsed.categories[1]?.lineNo).toBe(10)
    expect(parsed.categories[1]?.findings[0]?.lineNo).toBe(12)
  })

  it('places everything', () => {
    expect(parsed.unplaced).toEqual([])
    expectNothingDropped(text, parsed)
  })
})

describe('parseFeedback on half-width brackets, 1、 items, wrapped lines and page furniture', () => {
  const text = fixture('feedback-half-width-wrapped.txt')
  const parsed = parseFeedback(text)

  it('uses (一) headings as categories when there is no 一、 level, whatever the bracket width', () => {
    expect(parsed.categories.map((c) => c.title)).toEqual(['落实全面从严治党主体责任不够到位', '基层党组织建设薄弱', '干部队伍建设存在短板'])
    expect(parsed.categories.every((c) => c.sections === undefined)).toBe(true)
  })

  it('joins a sentence wrapped over two lines into one finding title', () => {
    expect(parsed.categories[0]?.findings[0]?.title).toBe(
      '党组履行主体责任不够有力，对下属学校党组织的指导督促偏软偏弱，全面从严治党责任清单未及时更新，部分责任未压实到具体岗位',
    )
  })

  it('keeps inline 一是…二是… inside the item as its detail', () => {
    const f = parsed.categories[0]?.findings[1]
    expect(f?.title).toBe('廉政风险防控不到位')
    expect(f?.detail).toBe('一是部分岗位廉政风险点排查流于形式；二是采购、招生等重点领域监督不够有力；三是对苗头性、倾向性问题提醒不及时。')
  })

  it('splits a title at a full-width colon', () => {
    expect(parsed.categories[1]?.findings[1]).toMatchObject({ title: '发展党员程序不严谨', detail: '个别支部未按规定开展政治审查。' })
  })

  it('reports the salutation, preamble paragraph, page number, closing, signature and date as unplaced', () => {
    expect(parsed.unplaced.map((u) => u.lineNo)).toEqual([2, 3, 10, 18, 20, 21])
    expect(parsed.unplaced.map((u) => u.line)).toContain('— 2 —')
    expect(parsed.unplaced.map((u) => u.line)).toContain('区委第一巡察组')
    // The preamble stays visible as unplaced, and its facts are read for the inspection.
    expect(parsed.facts).toEqual({ authority: '区委', inspector: '区委第一巡察组', unitName: '区教育局党组', periodFrom: '2026-03-10', periodTo: '2026-05-10' })
    // The page number did not leak into the finding it interrupted.
    expect(parsed.categories[0]?.findings[1]?.detail).not.toContain('2 —')
    expectNothingDropped(text, parsed)
  })
})

describe('parseFeedback when sub-headings are the findings', () => {
  const text = fixture('feedback-subheadings-as-findings.txt')
  const parsed = parseFeedback(text)

  it('takes a heading title from the next line when the marker stands alone', () => {
    expect(parsed.categories.map((c) => c.title)).toEqual(['政治建设方面', '组织建设方面', '作风建设方面'])
  })

  it('makes a （一） without items a finding, its paragraph the detail, numbered continuously', () => {
    const first = parsed.categories[0]
    expect(first?.sections).toBeUndefined()
    expect(first?.findings.map((f) => f.title)).toEqual(['学习贯彻党的创新理论不够深入系统', '“第一议题”制度执行有偏差'])
    expect(first?.findings[0]?.detail).toContain('2025年计划的12次专题学习只开展了8次。')
    expect(first?.findings[0]?.detail).toContain('\n一是学习研讨不深入，发言材料照抄照搬；二是学用结合不紧密。')
  })

  it('uses ① items as findings where a sub-heading has them, in document order with the other findings', () => {
    const second = parsed.categories[1]
    expect(second?.sections?.map((s) => s.title)).toEqual(['组织生活质量不高'])
    expect(second?.findings.map((f) => [f.title, f.section])).toEqual([
      ['部分支部组织生活会批评意见以建议代替批评', '组织生活质量不高'],
      ['谈心谈话记录内容雷同', '组织生活质量不高'],
      ['党员教育管理不严格', undefined],
    ])
    expect(parsed.unplaced).toEqual([])
    expectNothingDropped(text, parsed)
  })
})

describe('parseFeedback with items and no categories', () => {
  const text = fixture('feedback-items-only.txt')
  const parsed = parseFeedback(text)

  it('puts the items into one implicit, untitled category the user must name', () => {
    expect(parsed.categories).toHaveLength(1)
    expect(parsed.categories[0]).toMatchObject({ title: '', implicit: true })
    expect(parsed.categories[0]?.findings.map((f) => f.title)).toEqual([
      '支部委员会会议记录缺少主持人签字',
      '主题党日活动主题未提前确定，活动后无跟进落实',
      '党费收缴台账更新不及时',
    ])
  })

  it('accepts 1. / 1． / "1. " and keeps lower-level （1） lines in the detail, on their own lines', () => {
    expect(parsed.categories[0]?.findings[0]?.detail).toBe('（1）3月、4月两次会议未签字；\n（2）5月会议记录人未签字。')
  })

  it('reports the stray preamble line and the attachment line', () => {
    expect(parsed.unplaced).toEqual([
      { line: '以下问题由党委书记在2026年6月支委会上通报：', lineNo: 2 },
      { line: '附件：问题清单扫描件', lineNo: 8 },
    ])
    expectNothingDropped(text, parsed)
  })
})

describe('parseFeedback edge cases', () => {
  it('handles CRLF, full-width digits and full-width spaces', () => {
    const parsed = parseFeedback('一、学习方面\r\n\u3000\u3000１．学习不深入。\r\n２、研讨不充分\r\n')
    expect(parsed.title).toBeUndefined()
    expect(parsed.categories[0]?.findings.map((f) => f.title)).toEqual(['学习不深入', '研讨不充分'])
  })

  it('does not take 一是 at a line start for a heading', () => {
    const parsed = parseFeedback('一、学习方面\n1.学习不深入\n一是计划不落实\n二是研讨不充分')
    expect(parsed.categories).toHaveLength(1)
    expect(parsed.categories[0]?.findings[0]?.detail).toBe('一是计划不落实\n二是研讨不充分')
  })

  it('does not read a decimal number for an item marker', () => {
    const parsed = parseFeedback('一、经费方面\n1.超标准接待\n2.5万元培训费未入账')
    expect(parsed.categories[0]?.findings.map((f) => f.title)).toEqual(['超标准接待'])
    expect(parsed.categories[0]?.findings[0]?.detail).toBe('2.5万元培训费未入账')
  })

  it('returns everything as unplaced when there is no numbering at all', () => {
    const parsed = parseFeedback('标题\n第一段\n\n第二段')
    expect(parsed).toEqual({
      title: '标题',
      categories: [],
      unplaced: [{ line: '第一段', lineNo: 2 }, { line: '第二段', lineNo: 4 }],
    })
  })

  it('returns an empty result for empty text', () => {
    expect(parseFeedback('  \n\n')).toEqual({ categories: [], unplaced: [] })
  })

  it('keeps a category paragraph before the first item as the category detail', () => {
    const parsed = parseFeedback('一、纪律方面\n主要表现在以下几个方面：\n1.请销假制度执行不严')
    expect(parsed.categories[0]).toMatchObject({ title: '纪律方面', detail: '主要表现在以下几个方面：' })
  })
})
