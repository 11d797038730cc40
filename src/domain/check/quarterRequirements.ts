// Requirements: for each rule of the branch, how many meetings the period asks for, how many were held
// (per party group where the rule is per group), and the gaps, written as a checker writes them.
import { daysLeftIn, monthRange, monthsOfQuarter } from '../dates'
import { kindById } from '../kinds'
import type { BranchRecord, IsoDate, Label } from '../types'
import type { CheckContext } from './checkContext'
import { L, recordFinding } from './checkHelpers'
import type { Finding, GroupRequirement, MonthRequirement, RequirementStatus } from './findings'
import { countingDate } from './periods'
import type { CheckRule } from './rules'
import { groupNames, monthsLabel, quarterLabel } from './wording'

export function requirementsOf(ctx: CheckContext): { requirements: RequirementStatus[]; findings: Finding[] } {
  const { branch, config, rules, year, quarter, today } = ctx.input
  const { range, yearStart, yearEnd, branchMembers } = ctx
  const { quarterByKind, yearByKind } = ctx.buckets
  const findings: Finding[] = []
  const groupOfMember = new Map(branchMembers.flatMap((m) => (m.partyGroupId ? [[m.id, m.partyGroupId] as const] : [])))
  const groups = branch.partyGroups
  const groupIds = new Set(groups.map((g) => g.id))
  /** The record's own group; failing that, the group most of those present belong to. */
  const groupOfRecord = (r: BranchRecord): string | undefined => {
    if (r.partyGroupId && groupIds.has(r.partyGroupId)) return r.partyGroupId
    const votes = new Map<string, number>()
    for (const a of r.attendance) {
      const g = a.status === 'present' ? groupOfMember.get(a.memberId) : undefined
      if (g && groupIds.has(g)) votes.set(g, (votes.get(g) ?? 0) + 1)
    }
    let best: string | undefined
    let bestVotes = 0
    for (const [g, v] of votes) if (v > bestVotes) [best, bestVotes] = [g, v]
    return best
  }

  const requirements: RequirementStatus[] = []
  const months = monthsOfQuarter(quarter)
  const unassignedReported = new Set<string>()
  const leadershipKinds = new Set(config.leadershipKindIds)
  const qLabel = quarterLabel(year, quarter)

  for (const rule of rules) {
    if (!rule.enabled) continue
    if (rule.perPartyGroup && groups.length === 0) continue // only where the branch has groups
    if (leadershipKinds.has(rule.kindId) && branch.hasLeadershipTeam !== true) continue // 班子 only
    const kindLabel = kindById(rule.kindId)?.label ?? rule.label
    const held = (rule.per === 'year' ? yearByKind : quarterByKind).get(rule.kindId) ?? []
    const units: Unit[] = rule.perPartyGroup
      ? groups.map((g) => ({ groupId: g.id, name: g.name, recs: [] as BranchRecord[] }))
      : [{ recs: held }]
    if (rule.perPartyGroup) {
      const byId = new Map(units.map((u) => [u.groupId, u]))
      for (const r of held) {
        const g = groupOfRecord(r)
        const unit = g ? byId.get(g) : undefined
        if (unit) unit.recs.push(r)
        else if (!unassignedReported.has(r.id) && countingDate(r) >= range.start) {
          unassignedReported.add(r.id)
          findings.push(recordFinding(r, 'missing-element', 'warning',
            L('未注明所属党小组，无法计入各党小组的次数', 'No party group is set, so it counts for no group'), 'partyGroup'))
        }
      }
    }

    const status: RequirementStatus = {
      ruleId: rule.id,
      label: rule.label,
      kindId: rule.kindId,
      per: rule.per,
      required: 0,
      held: held.length,
      due: 0,
      daysLeft: 0,
      source: rule.source,
    }
    if (rule.localRule) status.localRule = true

    // Gaps of this rule, gathered first and then written as one line each for "over" and "still due".
    const gaps: Gap[] = []
    const gap = (u: Unit, periodKey: string, month: number | undefined, start: IsoDate, end: IsoDate, required: number, got: number) => {
      const missing = Math.max(0, required - got)
      if (missing === 0 || today < start) return missing
      gaps.push({ unit: u, periodKey, month, required, held: got, missing, over: today > end, daysLeft: daysLeftIn(start, end, today) })
      return missing
    }

    let periodKey: string
    let periodLabel: Label
    if (rule.per === 'month') {
      const perMonthTotal: MonthRequirement[] = months.map((m) => ({ month: m, required: 0, held: 0 }))
      const perGroup: GroupRequirement[] = []
      for (const u of units) {
        const perMonth = months.map((m) => ({ month: m, required: rule.count, held: 0 }))
        for (const r of u.recs) {
          const m = Number(countingDate(r).slice(5, 7))
          const slot = perMonth.find((p) => p.month === m)
          if (slot) slot.held++
        }
        perMonth.forEach((p, i) => {
          const mr = monthRange(year, p.month)
          status.due += gap(u, `${year}-${String(p.month).padStart(2, '0')}`, p.month, mr.start, mr.end, p.required, p.held)
          perMonthTotal[i]!.required += p.required
          perMonthTotal[i]!.held += p.held
        })
        if (u.groupId) perGroup.push({ groupId: u.groupId, name: u.name ?? '', required: rule.count * months.length, held: u.recs.length, perMonth })
      }
      status.required = rule.count * months.length * units.length
      status.perMonth = perMonthTotal
      if (rule.perPartyGroup) status.perGroup = perGroup
      status.daysLeft = daysLeftIn(range.start, range.end, today)
      periodKey = `${year}-Q${quarter}`
      periodLabel = qLabel
    } else {
      const isYear = rule.per === 'year'
      const start = isYear ? yearStart : range.start
      const end = isYear ? yearEnd : range.end
      periodKey = isYear ? `${year}` : `${year}-Q${quarter}`
      periodLabel = isYear ? L(`${year}年度`, `${year}`) : qLabel
      const perGroup: GroupRequirement[] = []
      for (const u of units) {
        // A yearly rule only becomes a finding in the fourth quarter: earlier, there is time left.
        if (!isYear || quarter === 4) status.due += gap(u, periodKey, undefined, range.start, end, rule.count, u.recs.length)
        else status.due += Math.max(0, rule.count - u.recs.length)
        if (u.groupId) perGroup.push({ groupId: u.groupId, name: u.name ?? '', required: rule.count, held: u.recs.length })
      }
      status.required = rule.count * units.length
      if (rule.perPartyGroup) status.perGroup = perGroup
      status.daysLeft = daysLeftIn(start, end, today)
    }
    findings.push(...gapFindings(rule, kindLabel, periodKey, periodLabel, gaps))
    requirements.push(status)
  }
  return { requirements, findings }
}

interface Unit {
  groupId?: string
  name?: string
  recs: BranchRecord[]
}

interface Gap {
  unit: Unit
  periodKey: string
  /** For monthly rules: the month (1–12). */
  month?: number
  required: number
  held: number
  missing: number
  /** The period is over (a problem) rather than still open (still due). */
  over: boolean
  daysLeft: number
}

/**
 * One line per rule for the gaps of periods that are over, and one for what is still due, written as a
 * checker does: units missing the same months merged ("第二、三党小组7—9月未召开党小组会").
 */
function gapFindings(rule: CheckRule, kindLabel: Label, periodKey: string, periodLabel: Label, gaps: readonly Gap[]): Finding[] {
  const out: Finding[] = []
  const detail = (list: readonly Gap[]) => ({
    ruleId: rule.id,
    period: periodKey,
    required: list.reduce((n, g) => n + g.required, 0),
    held: list.reduce((n, g) => n + g.held, 0),
    gaps: list.map((g) => ({ period: g.periodKey, ...(g.unit.groupId ? { groupId: g.unit.groupId } : {}), required: g.required, held: g.held })),
  })
  const zhKind = kindLabel['zh-CN']
  const enKind = kindLabel.en.toLowerCase()
  const over = gaps.filter((g) => g.over)
  if (over.length > 0) {
    const parts: Label[] = []
    // None held: units grouped by the months they missed entirely.
    const none = new Map<string, { units: Unit[]; months: number[] }>()
    const short: Gap[] = []
    const byUnit = new Map<Unit, Gap[]>()
    for (const g of over) {
      if (g.held === 0) {
        const list = byUnit.get(g.unit)
        if (list) list.push(g)
        else byUnit.set(g.unit, [g])
      } else short.push(g)
    }
    for (const [unit, list] of byUnit) {
      const ms = list.flatMap((g) => (g.month === undefined ? [] : [g.month]))
      const key = ms.join(',')
      const entry = none.get(key)
      if (entry) entry.units.push(unit)
      else none.set(key, { units: [unit], months: ms })
    }
    for (const { units, months } of none.values()) {
      const who = units[0]!.name ? groupNames(units.map((u) => u.name!)) : L('', '')
      const when = months.length > 0 ? monthsLabel(months) : periodLabel
      parts.push(L(`${who['zh-CN']}${when['zh-CN']}未召开${zhKind}`,
        `no ${enKind} in ${when.en}${who.en ? ` (${who.en})` : ''}`))
    }
    for (const g of short) {
      const who = g.unit.name ? L(g.unit.name, g.unit.name) : L('', '')
      const when = g.month !== undefined ? monthsLabel([g.month]) : periodLabel
      parts.push(L(`${who['zh-CN']}${when['zh-CN']}${zhKind}应召开${g.required}次，实际召开${g.held}次`,
        `${g.held} of ${g.required} ${enKind}s in ${when.en}${who.en ? ` (${who.en})` : ''}`))
    }
    const en = parts.map((p) => p.en).join('; ')
    out.push({
      id: `missing-meeting:${rule.id}:${periodKey}`,
      code: 'missing-meeting',
      severity: 'error',
      kindId: rule.kindId,
      message: L(parts.map((p) => p['zh-CN']).join('；'), en.charAt(0).toUpperCase() + en.slice(1)),
      details: { ...detail(over), missing: over.reduce((n, g) => n + g.missing, 0) },
    })
  }
  const due = gaps.filter((g) => !g.over)
  if (due.length > 0) {
    const left = Math.min(...due.map((g) => g.daysLeft))
    const missing = due.reduce((n, g) => n + g.missing, 0)
    const named = due.filter((g) => g.unit.name).map((g) => g.unit.name!)
    const who = named.length > 0 ? groupNames(named) : L('', '')
    const month = due.find((g) => g.month !== undefined)?.month
    const when = month !== undefined ? monthsLabel([month]) : periodLabel
    const each = named.length > 1 ? L('各', ' each') : L('', '')
    const perUnit = due[0]!.missing
    out.push({
      id: `meeting-due:${rule.id}:${periodKey}`,
      code: 'meeting-due',
      severity: 'info',
      kindId: rule.kindId,
      message: L(`${who['zh-CN']}${when['zh-CN']}${zhKind}尚需${each['zh-CN']}召开${named.length > 1 ? perUnit : missing}次，还剩${left}天`,
        `${kindLabel.en}${who.en ? ` (${who.en})` : ''}, ${when.en}: ${named.length > 1 ? perUnit : missing} still due${each.en}, ${left} days left`),
      details: { ...detail(due), missing, daysLeft: left },
    })
  }
  return out
}
