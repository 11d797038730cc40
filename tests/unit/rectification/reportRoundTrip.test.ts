// Round trip between the composer and the parser: a composed report read back gives the same
// categories, findings and measures (property test over generated ledgers), and a pasted report
// composed again keeps every measure sentence.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseFeedback } from '@/domain/rectification/feedbackParser'
import { confirmedFromParsed, inspectionFieldsFromParsed, ledgerDocsOf, type ConfirmedStructure } from '@/domain/rectification/pastedLedger'
import { composeRectificationReport, type ReportDocument } from '@/domain/rectification/reportComposer'
import type { Inspection, MeasureStatus } from '@/domain/rectification/types'

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), 'utf8')

const baseInspection: Inspection = {
  id: 'insp', branchId: 'b1', scope: 'organization', title: '巡察反馈意见', inspector: '县委第三巡察组', authority: '县委',
  periodFrom: '2024-03-04', periodTo: '2024-04-19', feedbackDate: '2024-06-12', deadline: '', unitName: '原县农牧局党组',
  createdAt: '2024-06-20T08:00:00.000Z', updatedAt: '2024-06-20T08:00:00.000Z',
}

/** The report as a person copies it out of Word: the title, then one paragraph per line. */
const asPastedText = (doc: ReportDocument) => [doc.title, '', ...doc.paragraphs.map((p) => p.text)].join('\n')

function composeLedger(structure: ConfirmedStructure, inspection: Inspection, includeTotals: boolean) {
  let n = 0
  const docs = ledgerDocsOf(inspection.id, structure, () => `id${++n}`)
  return composeRectificationReport({
    inspection, ...docs, evidence: [], records: {}, contact: {}, date: '2024-11-05', locale: 'zh-CN', includeTotals,
  })
}

const phrase = fc.constantFrom(
  '理论学习流于形式', '学用结合不紧密', '会议记录要素不全', '“三会一课”制度落实不严格', '修订《学习制度》', '8月14日召开专题会议',
  '对2022年以来的资金开展自查', '追回资金3.2万元', '建立台账', '专人记录学习内容、参学人员和研讨发言', '逐乡镇分解任务', '发现问题9个',
  '整改完成率较低', '班子成员逐一交流发言', '党员教育管理不到位', '2024年7月以来已开展集中学习5次', '一岗双责',
)
const sentence = fc.array(phrase, { minLength: 1, maxLength: 4 }).map((ps) => ps.join('，'))
const status = fc.constantFrom<MeasureStatus>('immediate', 'in-progress', 'done', 'ongoing')
const structure = fc.record({
  categories: fc.array(
    fc.record({
      title: sentence.map((s) => `${s}方面`),
      findings: fc.array(
        fc.record({ title: sentence, measures: fc.array(fc.record({ text: sentence, status }), { maxLength: 5 }) }),
        { minLength: 1, maxLength: 5 },
      ),
    }),
    { minLength: 1, maxLength: 5 },
  ),
})

/** What the round trip must keep: titles, measure texts, and the statuses the report's words carry. */
const shape = (s: ConfirmedStructure) =>
  s.categories.map((c) => ({
    title: c.title,
    findings: c.findings.map((f) => ({
      title: f.title,
      measures: (f.measures ?? []).map((m) => ({ text: m.text, status: m.status === 'in-progress' || m.status === 'ongoing' ? m.status : undefined })),
    })),
  }))

describe('compose → parse round trip', () => {
  it('gives back the same categories, findings and measures, and the inspection facts', () => {
    fc.assert(
      fc.property(structure, fc.boolean(), fc.boolean(), (s, withTotals, reorganized) => {
        const inspection: Inspection = {
          ...baseInspection,
          publisher: '中共云岭县农业农村局党组',
          contactPhone: '0000-7654321',
          contactEmail: 'ylxnync@example.cn',
          ...(reorganized ? { reorganizationNote: '2024年5月30日，组建县农业农村局，不再保留县农牧局。', successorUnit: '县农业农村局' } : {}),
        }
        const parsed = parseFeedback(asPastedText(composeLedger(s, inspection, withTotals)))
        expect(shape(confirmedFromParsed(parsed))).toEqual(shape(s))
        expect(parsed.unplaced).toEqual([])
        expect(parsed.notices).toEqual([])
        expect(inspectionFieldsFromParsed(parsed)).toEqual({
          title: '中共云岭县农业农村局党组关于巡察整改进展情况的通报',
          inspector: '县委第三巡察组',
          authority: '县委',
          unitName: '原县农牧局党组',
          periodFrom: '2024-03-04',
          periodTo: '2024-04-19',
          feedbackDate: '2024-06-12',
          ...(reorganized ? { reorganizationNote: '2024年5月30日，组建县农业农村局，不再保留县农牧局。', successorUnit: '县农业农村局' } : {}),
          publisher: '中共云岭县农业农村局党组',
          contactPhone: '0000-7654321',
          contactEmail: 'ylxnync@example.cn',
          reportDate: '2024-11-05',
        })
        expect(parsed.totals !== undefined).toBe(withTotals)
      }),
      { numRuns: 200 },
    )
  })
})

describe('parse → compose keeps every measure sentence', () => {
  for (const name of ['report-sample.txt', 'report-other-unit.txt']) {
    it(`of ${name}`, () => {
      const parsed = parseFeedback(fixture(name))
      const confirmed = confirmedFromParsed(parsed)
      const fields = inspectionFieldsFromParsed(parsed)
      const inspection: Inspection = { ...baseInspection, ...fields }
      const doc = composeLedger(confirmed, inspection, parsed.totals !== undefined)
      const measuresText = doc.paragraphs.filter((p) => p.role === 'measures').map((p) => p.text)
      const sentences = confirmed.categories.flatMap((c) => c.findings.flatMap((f) => (f.measures ?? []).map((m) => m.text)))
      expect(sentences.length).toBe(name === 'report-sample.txt' ? 19 : 10)
      for (const sentence of sentences) expect(measuresText.join('\n')).toContain(sentence)
      // And read back once more, the same ledger (imported measures are 整改中 until evidence is linked).
      const stored = (c: ConfirmedStructure) =>
        c.categories.map((cat) => [cat.title, cat.findings.map((f) => [f.title, (f.measures ?? []).map((m) => [m.text, m.status ?? 'in-progress'])])])
      expect(stored(confirmedFromParsed(parseFeedback(asPastedText(doc))))).toEqual(stored(confirmed))
      // The genre: numbering restarts in each section, no 一是 before a single measure.
      expect(doc.paragraphs.filter((p) => p.role === 'finding').map((p) => p.text.split('.')[0])).toEqual(
        confirmed.categories.flatMap((c) => c.findings.map((_, i) => String(i + 1))),
      )
      for (const [i, f] of confirmed.categories.flatMap((c) => c.findings).entries()) {
        if ((f.measures ?? []).length === 1) expect(measuresText[i]).not.toContain('一是')
      }
    })
  }
})
