import { describe, expect, it } from 'vitest'
import { composeRectificationReport } from '@/domain/rectification/reportComposer'
import type { ReportDocument } from '@/domain/rectification/reportComposer'
import { buildRectificationReportDocx } from '@/export/rectificationReportDocx'
import { categories, evidence, findings, inspection, measures, records } from '../rectification/ledgerFixture'
import { docxParts, documentXml, paragraphXml, paragraphsOf } from './docxText'

const report = composeRectificationReport({
  inspection, categories, findings, measures, evidence, records,
  contact: { phone: '010-12345678', email: 'xc@example.cn' },
  unitName: '中共某街道工作委员会', date: '2026-10-01', locale: 'zh-CN',
})

const bytes = await buildRectificationReportDocx(report)
const xml = documentXml(bytes)
const paragraphs = paragraphsOf(xml)

describe('buildRectificationReportDocx', () => {
  it('is a real DOCX package', () => {
    expect(bytes[0]).toBe(0x50) // PK
    expect(Object.keys(docxParts(bytes))).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/styles.xml']))
  })

  it('holds the title first, then every block of the report in order', () => {
    expect(paragraphs[0]).toBe(report.title)
    expect(paragraphs.slice(1)).toEqual(report.paragraphs.map((p) => p.text))
    expect(paragraphs).toContain('（一）贯彻落实党中央决策部署方面')
    expect(paragraphs.some((p) => p.startsWith('整改落实情况：一是严格执行中心组学习计划，2026年9月12日'))).toBe(true)
    expect(paragraphs).toContain('截至2026年10月1日，巡察反馈的4个问题已完成整改2个，正在整改2个，整改完成率50%。')
  })

  it('centres the title, bolds the headings, sets the body in FangSong and right-aligns the signature', () => {
    expect(paragraphXml(xml, report.title)).toMatch(/<w:jc w:val="center"\/>/)
    expect(paragraphXml(xml, '（一）贯彻落实党中央决策部署方面')).toMatch(/<w:b\/>/)
    expect(paragraphXml(xml, '1.中心组学习计划执行不到位。')).toMatch(/<w:b\/>/)
    const body = paragraphXml(xml, '整改落实情况：一是严格执行') ?? ''
    expect(body).toMatch(/w:eastAsia="FangSong"/)
    expect(body).not.toMatch(/<w:b\/>/)
    expect(paragraphXml(xml, '中共某街道工作委员会')).toMatch(/<w:jc w:val="right"\/>/)
  })

  it('keeps line breaks the user typed into a block while editing', async () => {
    const edited: ReportDocument = { ...report, paragraphs: [{ type: 'paragraph', role: 'opening', text: '第一行\n第二行 & <三>' }] }
    const p = paragraphsOf(documentXml(await buildRectificationReportDocx(edited)))
    expect(p[1]).toBe('第一行\n第二行 & <三>')
  })
})
