// Progress of a rectification ledger: the numbers the report and the home screen show.
//
// Definitions (the report's totals depend on them, so they are spelled out):
// - A measure is SETTLED when it is 已完成·销号 ('done'), or 长期坚持 ('ongoing') and already backed by at
//   least one piece of evidence (a long-term measure counts once it has visibly started).
// - A finding is COMPLETED when it has at least one measure and every live measure is settled.
//   A finding without measures is not completed: nothing has been done about it yet.
// - ONGOING findings are the findings fed back that are not completed (正在整改 = total − completed).
// - A measure is OVERDUE when its deadline is before `today` and it is not settled; a finding is overdue
//   when any of its measures is.
// - The completion rate is completed ÷ fed back, in percent with one decimal as the reports print it
//   (87.5%, 66.7%, 100%), never rounded up to 100% while a finding is still open.
import { evidenceOf } from './types'
import type { EvidenceLink, FindingCategory, Inspection, InspectionFinding, Measure } from './types'
import type { IsoDate } from '@/domain/types'

export interface ProgressCounts {
  /** Findings fed back (反馈问题). */
  total: number
  completed: number
  ongoing: number
  /** Findings with at least one overdue measure. */
  overdue: number
  /** Percent with one decimal (87.5), or null when there are no findings. */
  rate: number | null
  /** As printed: "87.5%", "100%"; "—" when there are no findings. */
  rateText: string
}

export interface CategoryProgress extends ProgressCounts {
  category: FindingCategory
}

export interface OverdueMeasure {
  measure: Measure
  finding: InspectionFinding
  /** Whole days past the deadline. */
  daysOverdue: number
}

export interface LedgerProgress {
  inspectionId: string
  overall: ProgressCounts
  byCategory: CategoryProgress[]
  /** Overdue measures, the longest overdue first. */
  overdueMeasures: OverdueMeasure[]
  /** Measures marked done that have no evidence and no stated reason (e.g. evidence removed later). */
  doneWithoutEvidence: Measure[]
  /** Ids of completed findings, for the ledger view. */
  completedFindingIds: string[]
}

export function isMeasureSettled(measure: Measure, evidence: readonly EvidenceLink[]): boolean {
  if (measure.status === 'done') return true
  if (measure.status === 'ongoing') return evidenceOf(measure.id, evidence).length > 0
  return false
}

export function isMeasureOverdue(measure: Measure, evidence: readonly EvidenceLink[], today: IsoDate): boolean {
  return !!measure.deadline && measure.deadline < today && !isMeasureSettled(measure, evidence)
}

/** Percent with one decimal, computed on integers so 7/8 is exactly 87.5; capped below 100 while open. */
export function completionRate(completed: number, total: number): number | null {
  if (total <= 0) return null
  const tenths = Math.round((completed * 1000) / total)
  return (completed < total ? Math.min(tenths, 999) : tenths) / 10
}

export function formatRate(rate: number | null): string {
  if (rate === null) return '—'
  return `${Number.isInteger(rate) ? rate.toFixed(0) : rate.toFixed(1)}%`
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  const a = Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10))
  const b = Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10))
  return Math.round((b - a) / 86_400_000)
}

function counts(findings: readonly InspectionFinding[], completed: ReadonlySet<string>, overdue: ReadonlySet<string>): ProgressCounts {
  const total = findings.length
  const done = findings.filter((f) => completed.has(f.id)).length
  const rate = completionRate(done, total)
  return {
    total,
    completed: done,
    ongoing: total - done,
    overdue: findings.filter((f) => overdue.has(f.id)).length,
    rate,
    rateText: formatRate(rate),
  }
}

export function ledgerProgress(
  inspection: Inspection,
  categories: readonly FindingCategory[],
  findings: readonly InspectionFinding[],
  measures: readonly Measure[],
  evidence: readonly EvidenceLink[],
  today: IsoDate,
): LedgerProgress {
  const liveCategories = categories
    .filter((c) => c.inspectionId === inspection.id && !c.deleted)
    .sort((a, b) => a.order - b.order)
  const liveFindings = findings.filter((f) => f.inspectionId === inspection.id && !f.deleted)
  const liveEvidence = evidence.filter((e) => !e.deleted)
  const findingIds = new Set(liveFindings.map((f) => f.id))
  const measuresByFinding = new Map<string, Measure[]>()
  for (const m of measures) {
    if (m.deleted || !findingIds.has(m.findingId)) continue
    const list = measuresByFinding.get(m.findingId) ?? []
    list.push(m)
    measuresByFinding.set(m.findingId, list)
  }

  const completed = new Set<string>()
  const overdueFindings = new Set<string>()
  const overdueMeasures: OverdueMeasure[] = []
  const doneWithoutEvidence: Measure[] = []
  for (const f of liveFindings) {
    const ms = measuresByFinding.get(f.id) ?? []
    if (ms.length > 0 && ms.every((m) => isMeasureSettled(m, liveEvidence))) completed.add(f.id)
    for (const m of ms) {
      if (isMeasureOverdue(m, liveEvidence, today)) {
        overdueFindings.add(f.id)
        overdueMeasures.push({ measure: m, finding: f, daysOverdue: daysBetween(m.deadline, today) })
      }
      if (m.status === 'done' && evidenceOf(m.id, liveEvidence).length === 0 && !m.noEvidenceReason?.trim()) {
        doneWithoutEvidence.push(m)
      }
    }
  }
  overdueMeasures.sort((a, b) => b.daysOverdue - a.daysOverdue || a.measure.deadline.localeCompare(b.measure.deadline))

  const byCategory = liveCategories.map((category) => ({
    category,
    ...counts(liveFindings.filter((f) => f.categoryId === category.id), completed, overdueFindings),
  }))

  return {
    inspectionId: inspection.id,
    overall: counts(liveFindings, completed, overdueFindings),
    byCategory,
    overdueMeasures,
    doneWithoutEvidence,
    completedFindingIds: liveFindings.filter((f) => completed.has(f.id)).map((f) => f.id),
  }
}
