// What is due this month / quarter / year per kind, from the kinds' default frequencies (or an
// organization's own). Counts only finished, non-deleted records of the branch: drafts are not meetings held.
import type { Frequency, KindDef, Period } from './kindSchema'
import type { Branch, BranchRecord, IsoDate, KindId } from './types'
import { monthRange, quarterOf, quarterRange } from './dates'

export interface DueGroupCount {
  groupId: string
  required: number
  held: number
}

export interface DueItem {
  kindId: KindId
  period: Period
  /** First and last day of the period. */
  start: IsoDate
  end: IsoDate
  required: number
  /** Finished records in the period (for per-group kinds: of every group). */
  held: number
  /** Still to hold; for per-group kinds the sum of each group's shortfall (one group's extra does not cover another). */
  remaining: number
  perGroup?: DueGroupCount[]
  /** The frequency is a local practice rather than a national rule. */
  localRule: boolean
}

/** An organization's own frequencies: a Frequency replaces the default, null means "not tracked". */
export type FrequencyOverrides = Partial<Record<KindId, Frequency | null>>

const MONTHS_IN: Record<Period, number> = { month: 1, quarter: 3, year: 12 }

function periodsFor(per: Period): Period[] {
  // A monthly kind is shown for the month and for the quarter the check covers.
  if (per === 'month') return ['month', 'quarter']
  return [per]
}

function rangeOf(period: Period, today: IsoDate): { start: IsoDate; end: IsoDate } {
  const year = Number(today.slice(0, 4))
  if (period === 'month') return monthRange(year, Number(today.slice(5, 7)))
  if (period === 'quarter') return quarterRange(year, quarterOf(today))
  return { start: `${year}-01-01`, end: `${year}-12-31` }
}

export function dueSummary(
  records: readonly BranchRecord[],
  kinds: readonly KindDef[],
  branch: Pick<Branch, 'id' | 'partyGroups'>,
  today: IsoDate,
  overrides: FrequencyOverrides = {},
): DueItem[] {
  const held = records.filter((r) => r.branchId === branch.id && r.status === 'final' && !r.deleted)
  const items: DueItem[] = []
  for (const kind of kinds) {
    const frequency = kind.id in overrides ? overrides[kind.id] : kind.frequency
    if (!frequency) continue
    if (frequency.perPartyGroup && branch.partyGroups.length === 0) continue
    for (const period of periodsFor(frequency.per)) {
      const { start, end } = rangeOf(period, today)
      const required = frequency.count * (MONTHS_IN[period] / MONTHS_IN[frequency.per])
      const inPeriod = held.filter((r) => r.kind === kind.id && r.date >= start && r.date <= end)
      const item: DueItem = {
        kindId: kind.id, period, start, end, required, held: inPeriod.length, remaining: Math.max(0, required - inPeriod.length),
        localRule: frequency.localRule === true,
      }
      if (frequency.perPartyGroup) {
        item.perGroup = branch.partyGroups.map((g) => ({
          groupId: g.id, required, held: inPeriod.filter((r) => r.partyGroupId === g.id).length,
        }))
        item.required = required * branch.partyGroups.length
        item.remaining = item.perGroup.reduce((sum, g) => sum + Math.max(0, g.required - g.held), 0)
      }
      items.push(item)
    }
  }
  return items
}
