// The reviewer's overview of a quarter: branches × requirements, what each branch held against what the
// rules ask, and whether it has signed. Branches are listed by name — never sorted by results — and
// there is no total or score: the matrix shows facts, not a league table.
import type { Quarter } from '../dates'
import type { Period } from '../kindSchema'
import type { Branch, IsoTimestamp, KindId, Label } from '../types'
import type { CheckResult, Severity } from './findings'
import { signoffFor, type QuarterSignoff } from './signoff'

export interface ReviewColumn {
  ruleId: string
  label: Label
  kindId: KindId
  per: Period
}

export interface ReviewCell {
  held: number
  required: number
  /** Nothing is still due (a surplus in one month does not hide a gap in another). */
  ok: boolean
  due: number
  /** Days left in the requirement's period; 0 when it is over. */
  daysLeft: number
}

export interface ReviewRow {
  branchId: string
  branchName: string
  /** False when no check result is available for the branch (e.g. not synced yet). */
  checked: boolean
  /** By column ruleId; null where the rule does not apply to the branch (e.g. no party groups). */
  cells: Record<string, ReviewCell | null>
  findingCounts: Record<Severity, number>
  signed: boolean
  signedBy?: string
  signedAt?: IsoTimestamp
}

export interface ReviewMatrix {
  year: number
  quarter: Quarter
  columns: ReviewColumn[]
  rows: ReviewRow[]
}

function resultFor(
  results: ReadonlyMap<string, CheckResult> | Readonly<Record<string, CheckResult>>,
  branchId: string,
): CheckResult | undefined {
  return results instanceof Map ? results.get(branchId) : (results as Readonly<Record<string, CheckResult>>)[branchId]
}

/**
 * Rows are the branches in name order; columns are the requirements in the order the rules list them
 * (the union over all branches, since an organization's overrides may differ by branch).
 */
export function reviewMatrix(
  branches: readonly Branch[],
  perBranchCheckResults: ReadonlyMap<string, CheckResult> | Readonly<Record<string, CheckResult>>,
  signoffs: readonly QuarterSignoff[],
  period?: { year: number; quarter: Quarter },
): ReviewMatrix {
  const results = branches.map((b) => resultFor(perBranchCheckResults, b.id)).filter((r): r is CheckResult => r !== undefined)
  const first = results[0]
  const year = period?.year ?? first?.year ?? 0
  const quarter = period?.quarter ?? first?.quarter ?? 1

  const columns: ReviewColumn[] = []
  const seen = new Set<string>()
  for (const r of results) {
    for (const req of r.requirements) {
      if (seen.has(req.ruleId)) continue
      seen.add(req.ruleId)
      columns.push({ ruleId: req.ruleId, label: req.label, kindId: req.kindId, per: req.per })
    }
  }

  const collator = new Intl.Collator('zh-CN')
  const rows = [...branches]
    .sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id))
    .map((b): ReviewRow => {
      const result = resultFor(perBranchCheckResults, b.id)
      const usable = result && result.year === year && result.quarter === quarter ? result : undefined
      const cells: Record<string, ReviewCell | null> = {}
      for (const c of columns) {
        const req = usable?.requirements.find((x) => x.ruleId === c.ruleId)
        cells[c.ruleId] = req ? { held: req.held, required: req.required, ok: req.due === 0, due: req.due, daysLeft: req.daysLeft } : null
      }
      const signoff = signoffFor(b.id, year, quarter, signoffs)
      const row: ReviewRow = {
        branchId: b.id,
        branchName: b.name,
        checked: usable !== undefined,
        cells,
        findingCounts: usable ? { ...usable.counts } : { error: 0, warning: 0, info: 0 },
        signed: signoff !== undefined,
      }
      if (signoff) {
        row.signedBy = signoff.signedBy
        row.signedAt = signoff.signedAt
      }
      return row
    })
  return { year, quarter, columns, rows }
}
