// 季度检查: one pure function from the branch's records, roster, rules and a quarter to what was held
// against what the rules ask, and the findings a checker would raise. It does the counting and
// cross-checking; judging the findings is left to people. No scores, no rankings, no clock of its own:
// "today" is an argument.
//
// Composed of named parts, each a file of its own: the context every part reads (checkContext.ts: the
// periods, the records sorted into them in one pass, the members), requirements (quarterRequirements.ts),
// findings on each record and corrections after sign-off (recordFindings.ts), similarity
// (similarityFindings.ts) and member coverage (memberCoverage.ts). What it remembers between runs is
// passed in (`caches`, see checkCaches.ts), so the function is pure.
import { checkContext, type QuarterlyCheckInput } from './checkContext'
import { compareStrings } from './checkHelpers'
import type { CheckResult, Finding, Severity } from './findings'
import { memberCoverageFindings } from './memberCoverage'
import { requirementsOf } from './quarterRequirements'
import { correctionFindings, recordFindings } from './recordFindings'
import { signoffFor } from './signoff'
import { similarityFindings } from './similarityFindings'

export type { QuarterlyCheckInput } from './checkContext'
export { createCheckCaches, type CheckCaches } from './checkCaches'

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 }

export function quarterlyCheck(input: QuarterlyCheckInput): CheckResult {
  const { branch, year, quarter, today } = input
  const ctx = checkContext(input)
  const { requirements, findings: gaps } = requirementsOf(ctx)
  const signoff = signoffFor(branch.id, year, quarter, input.signoffs ?? [])
  const findings: Finding[] = [
    ...gaps,
    ...recordFindings(ctx),
    ...correctionFindings(ctx, signoff),
    ...similarityFindings(ctx),
    ...memberCoverageFindings(ctx),
  ]

  findings.sort((x, y) =>
    SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity]
    || compareStrings(x.recordDate ?? '', y.recordDate ?? '')
    || compareStrings(x.id, y.id))
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 }
  for (const f of findings) counts[f.severity]++

  const result: CheckResult = { branchId: branch.id, year, quarter, today, range: ctx.range, requirements, findings, counts }
  if (signoff) result.signoff = signoff
  return result
}
