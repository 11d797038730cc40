import { describe, expect, it } from 'vitest'
import { completionRate, formatRate, ledgerProgress } from '@/domain/rectification/progress'
import type { FindingCategory, InspectionFinding, Measure } from '@/domain/rectification/types'
import { categories, evidence, findings, inspection, measure, measures } from './ledgerFixture'

describe('completionRate / formatRate', () => {
  it('prints one decimal as the reports do', () => {
    expect(formatRate(completionRate(7, 8))).toBe('87.5%')
    expect(formatRate(completionRate(2, 3))).toBe('66.7%')
    expect(formatRate(completionRate(1, 3))).toBe('33.3%')
    expect(formatRate(completionRate(1, 2))).toBe('50%')
    expect(formatRate(completionRate(8, 8))).toBe('100%')
    expect(formatRate(completionRate(0, 5))).toBe('0%')
  })

  it('never shows 100% while a finding is still open', () => {
    expect(completionRate(1999, 2000)).toBe(99.9)
    expect(formatRate(completionRate(1999, 2000))).toBe('99.9%')
  })

  it('has no rate without findings', () => {
    expect(completionRate(0, 0)).toBeNull()
    expect(formatRate(null)).toBe('—')
  })
})

describe('ledgerProgress', () => {
  const progress = ledgerProgress(inspection, categories, findings, measures, evidence, '2026-10-01')

  it('counts findings fed back, completed, ongoing, overdue and the rate overall', () => {
    expect(progress.overall).toEqual({ total: 4, completed: 2, ongoing: 2, overdue: 2, rate: 50, rateText: '50%' })
    // f1: done + long-term with a rule as evidence; f3: done. f2 has an open measure; f4 a long-term one without evidence.
    expect(progress.completedFindingIds.sort()).toEqual(['f1', 'f3'])
  })

  it('counts per category in category order', () => {
    expect(progress.byCategory.map((c) => [c.category.id, c.total, c.completed, c.ongoing, c.overdue, c.rateText])).toEqual([
      ['c1', 2, 1, 1, 1, '50%'],
      ['c2', 2, 1, 1, 1, '50%'],
    ])
  })

  it('lists overdue measures, longest overdue first, with the days', () => {
    expect(progress.overdueMeasures.map((o) => [o.measure.id, o.finding.id, o.daysOverdue])).toEqual([
      ['m4a', 'f4', 78],
      ['m2b', 'f2', 31],
    ])
  })

  it('is not overdue on the deadline day itself', () => {
    const p = ledgerProgress(inspection, categories, findings, measures, evidence, '2026-08-31')
    expect(p.overdueMeasures.map((o) => o.measure.id)).toEqual(['m4a'])
  })

  it('does not count a finding without measures as completed', () => {
    const extra: InspectionFinding = { id: 'f9', inspectionId: 'insp1', categoryId: 'c1', order: 9, title: '新问题' }
    const p = ledgerProgress(inspection, categories, [...findings, extra], measures, evidence, '2026-10-01')
    expect(p.overall.total).toBe(5)
    expect(p.overall.completed).toBe(2)
    expect(p.overall.rateText).toBe('40%')
  })

  it('reaches 100% when every measure is settled, and then nothing is overdue', () => {
    const settled: Measure[] = measures.map((m) => ({ ...m, status: 'done' }))
    const p = ledgerProgress(inspection, categories, findings, settled, evidence, '2026-12-31')
    expect(p.overall).toMatchObject({ completed: 4, ongoing: 0, overdue: 0, rateText: '100%' })
    expect(p.overdueMeasures).toEqual([])
  })

  it('flags done measures without evidence or reason, and ignores deleted and foreign entities', () => {
    const foreignCategory: FindingCategory = { id: 'cx', inspectionId: 'other', order: 0, title: '别的巡察' }
    const gone: InspectionFinding = { id: 'fd', inspectionId: 'insp1', categoryId: 'c1', order: 5, title: '已删除', deleted: true }
    const ms = [...measures, measure('m5', 'f3', 2, 'done'), measure('m6', 'f3', 3, 'in-progress', { deleted: true, deadline: '2026-01-01' })]
    const p = ledgerProgress(inspection, [...categories, foreignCategory], [...findings, gone], ms, evidence, '2026-10-01')
    expect(p.byCategory.map((c) => c.category.id)).toEqual(['c1', 'c2'])
    expect(p.overall.total).toBe(4)
    expect(p.doneWithoutEvidence.map((m) => m.id)).toEqual(['m5'])
    expect(p.overdueMeasures.map((o) => o.measure.id)).not.toContain('m6')
  })
})
