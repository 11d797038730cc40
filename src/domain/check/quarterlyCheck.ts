// 季度检查: one pure function from the branch's records, roster, rules and a quarter to what was held
// against what the rules ask, and the findings a checker would raise. It does the counting and
// cross-checking; judging the findings is left to people. No scores, no rankings, no clock of its own:
// "today" is an argument.
import {
  daysBetween,
  daysLeftIn,
  isLateEntry,
  localDateOf,
  monthRange,
  monthsOfQuarter,
  quarterRange,
  type Quarter,
} from '../dates'
import type { KindDef } from '../kindSchema'
import { kindById } from '../kinds'
import { meetingValidityWarnings } from '../quorum'
import { recordPlainText } from '../recordText'
import type { Branch, BranchRecord, IsoDate, KindId, Label, Member } from '../types'
import { isBlank, missingElements } from '../validation'
import type { CheckResult, Finding, FindingCode, GroupRequirement, MonthRequirement, RequirementStatus, Severity } from './findings'
import { isMemberDuring, listedWhileNotMember, membershipSpan } from './membership'
import { countingDate, daysLate } from './periods'
import type { CheckConfig, CheckRule } from './rules'
import { correctionsOf, signoffFor, type Correction, type QuarterSignoff } from './signoff'
import { bigramSet, normalizeForSimilarity, similarPairs, type SimilarityItem, type SimilarPair } from './similarity'
import { ARTICLE_9, dayLabel, groupNames, joinEn, monthsLabel, quarterLabel } from './wording'

export interface QuarterlyCheckInput {
  records: readonly BranchRecord[]
  members: readonly Member[]
  branch: Branch
  rules: readonly CheckRule[]
  config: CheckConfig
  year: number
  quarter: Quarter
  /** The day the check is run; decides which periods are over and how many days are left. */
  today: IsoDate
  signoffs?: readonly QuarterSignoff[]
  corrections?: readonly Correction[]
}

const L = (zh: string, en: string): Label => ({ 'zh-CN': zh, en })
const DATE = /^\d{4}-\d{2}-\d{2}$/
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 }

/** Months counted from year 0, so that month gaps across New Year are plain subtraction. */
function monthIndex(date: IsoDate): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1
}

/** The first day of a month counted as in `monthIndex`. */
function monthStart(index: number): IsoDate {
  const year = Math.floor(index / 12)
  return `${String(year).padStart(4, '0')}-${String(index - year * 12 + 1).padStart(2, '0')}-01`
}

/** Days left in [start, end] counted from today, today included; 0 once the period is over. */
/** Characters of substance: whitespace does not make minutes longer. Counted in code points. */
function contentLength(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xdc00 && c <= 0xdfff) continue // second half of a surrogate pair
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x3000 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x1680 || c === 0x202f || c === 0x205f) continue
    n++
  }
  return n
}

/** Empty all the way down: a list whose rows are all blank is as empty as no list. */
function isEmptyDeep(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isEmptyDeep)
  if (value !== null && typeof value === 'object') return Object.values(value).every(isEmptyDeep)
  return isBlank(value)
}

function countOccurrences(text: string, phrase: string): number {
  if (!phrase) return 0
  let n = 0
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + phrase.length)) n++
  return n
}

/** Code-unit order: deterministic on every device, unlike a locale's collation. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// What the check derives from a record's text depends on nothing but the text, so it is memoised by the
// text itself (never by record id, which could hide an edit). Bounded so it cannot grow without limit.
interface TextFacts {
  length: number
  normalizedLength: number
  tokens: Uint32Array
  /** Occurrences of each stock phrase, for the phrase list they were counted for. */
  phrases?: { key: string; counts: number[] }
}
const textFactsCache = new Map<string, TextFacts>()
const TEXT_CACHE_LIMIT = 20_000

function textFacts(text: string): TextFacts {
  let facts = textFactsCache.get(text)
  if (!facts) {
    if (textFactsCache.size >= TEXT_CACHE_LIMIT) textFactsCache.clear()
    const normalized = normalizeForSimilarity(text)
    facts = { length: contentLength(text), normalizedLength: normalized.length, tokens: bigramSet(normalized) }
    textFactsCache.set(text, facts)
  }
  return facts
}

// The pairs found last time, for the same token sets (compared by identity: equal sets come from the
// same cached text) and threshold. Revisiting the check screen with unchanged records costs nothing here.
interface SimilarityMemo {
  items: SimilarityItem[]
  threshold: number
  pairs: SimilarPair[]
}
const similarityMemo: SimilarityMemo[] = []

function memoisedSimilarPairs(items: SimilarityItem[], threshold: number): SimilarPair[] {
  const same = (m: SimilarityMemo) =>
    m.threshold === threshold
    && m.items.length === items.length
    && m.items.every((it, i) => it.key === items[i]!.key && it.tokens === items[i]!.tokens && it.reference === items[i]!.reference)
  const hit = similarityMemo.find(same)
  if (hit) return hit.pairs
  const pairs = similarPairs(items, threshold)
  similarityMemo.unshift({ items, threshold, pairs })
  if (similarityMemo.length > 4) similarityMemo.pop()
  return pairs
}

const CODE_BY_ELEMENT: Readonly<Record<string, FindingCode>> = {
  absentReasons: 'absent-without-reason',
  voteCounts: 'decision-without-votes',
  signatures: 'missing-signature',
  firstTopic: 'first-topic',
}

function previousQuarter(year: number, quarter: Quarter): { year: number; quarter: Quarter } {
  return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: (quarter - 1) as Quarter }
}

interface Buckets {
  /** Finished records counted for the quarter (by the period they are for: `countingDate`). */
  inQuarter: BranchRecord[]
  /** Unfinished records dated in the quarter. */
  draftsInQuarter: BranchRecord[]
  inPrevQuarter: BranchRecord[]
  quarterByKind: Map<KindId, BranchRecord[]>
  /** From 1 January to the end of the quarter. */
  yearByKind: Map<KindId, BranchRecord[]>
  /** Every finished record of the year, to 31 December (talks and exclusions are judged on the whole year). */
  wholeYear: BranchRecord[]
  /** The earliest date of a finished record: where the branch's records begin in the app. */
  firstDate: IsoDate | undefined
  /**
   * Records of organizational life up to the last month that is over, by the month they were held in
   * (`monthIndex`): the recent months, and on a second call (only needed for someone absent longer) all
   * earlier months.
   */
  lifeMonthsOf: (recent: boolean) => Map<number, BranchRecord[]>
}

/**
 * One pass over all records of every year. Only the quarter, the previous quarter, the year and the
 * recent months of organizational life are read closely; years of history matter only for the first
 * date and, rarely, for a member absent longer than the recent months, so those records are set aside
 * after two string comparisons. Every record used anywhere passes the date-shape test first. Meetings
 * are counted for the period they are for (a late 第二季度研判 fills the second quarter, not the third);
 * attendance is read on the day the meeting was held.
 */
function bucketRecords(
  records: readonly BranchRecord[],
  branchId: string,
  period: { range: { start: IsoDate; end: IsoDate }; prevRange: { start: IsoDate; end: IsoDate }; yearStart: IsoDate; yearEnd: IsoDate; refEnd: string; refMonth: number },
  config: Pick<CheckConfig, 'warnNoLifeMonths' | 'lapseMonths'>,
): Buckets {
  const { range, prevRange, yearStart, yearEnd, refEnd, refMonth } = period
  const inQuarter: BranchRecord[] = []
  const draftsInQuarter: BranchRecord[] = []
  const inPrevQuarter: BranchRecord[] = []
  const quarterByKind = new Map<KindId, BranchRecord[]>()
  const yearByKind = new Map<KindId, BranchRecord[]>()
  const wholeYear: BranchRecord[] = []
  const push = (map: Map<KindId, BranchRecord[]>, r: BranchRecord) => {
    const list = map.get(r.kind)
    if (list) list.push(r)
    else map.set(r.kind, [r])
  }
  const isLife = new Map<KindId, boolean>()
  const countsAsLife = (kindId: KindId): boolean => {
    let life = isLife.get(kindId)
    if (life === undefined) isLife.set(kindId, (life = kindById(kindId)?.countsAsOrganizationalLife === true))
    return life
  }
  const byMonth = (list: readonly BranchRecord[]) => {
    const map = new Map<number, BranchRecord[]>()
    for (const r of list) {
      const mi = monthIndex(r.date)
      const month = map.get(mi)
      if (month) month.push(r)
      else map.set(mi, [r])
    }
    return map
  }
  // Whoever had organizational life in these months is placed without looking further back.
  const lookBack = Math.max(config.warnNoLifeMonths, config.lapseMonths)
  const recentFrom = Number.isFinite(lookBack) && lookBack >= 0 ? monthStart(refMonth - lookBack) : ''
  // A record held up to a year late may still count for the previous quarter: look a little further back.
  const scanFrom = [recentFrom, prevRange.start, yearStart].reduce((a, b) => (b < a ? b : a))
  const recentLife: BranchRecord[] = []
  const older: BranchRecord[] = []
  let firstDate: IsoDate | undefined
  for (const r of records) {
    if (r.branchId !== branchId || r.deleted) continue
    const d = r.date
    if (d < scanFrom && r.period === undefined) {
      if (r.status !== 'final') continue // a draft counts nowhere outside its quarter
      if ((firstDate === undefined || d < firstDate) && DATE.test(d)) firstDate = d
      older.push(r)
      continue
    }
    if (!DATE.test(d)) continue
    const c = r.period === undefined ? d : countingDate(r)
    if (r.status !== 'final') {
      if (c >= range.start && c <= range.end) draftsInQuarter.push(r)
      continue
    }
    if (firstDate === undefined || d < firstDate) firstDate = d
    if (c >= range.start && c <= range.end) {
      inQuarter.push(r)
      push(quarterByKind, r)
    } else if (c >= prevRange.start && c <= prevRange.end) inPrevQuarter.push(r)
    if (c >= yearStart && c <= range.end) push(yearByKind, r)
    if (c >= yearStart && c <= yearEnd) wholeYear.push(r)
    if (d <= refEnd && countsAsLife(r.kind)) (d >= recentFrom ? recentLife : older).push(r)
  }
  const lifeMonthsOf = (recent: boolean) =>
    byMonth(recent ? recentLife : older.filter((r) => r.date <= refEnd && DATE.test(r.date) && countsAsLife(r.kind)))
  return { inQuarter, draftsInQuarter, inPrevQuarter, quarterByKind, yearByKind, wholeYear, firstDate, lifeMonthsOf }
}

/** What a member's attendance at organizational life in one month was: present, away with a reason, or away without one. */
const ATTENDED = 2
const EXCUSED = 1
const UNEXCUSED = 0

interface LifeMonths {
  /** member id → month index → the best state of that month (present beats excused beats unexcused). */
  states: Map<string, Map<number, number>>
  /** member id → the reasons recorded for their absences, most recent first. */
  reasons: Map<string, string[]>
}

/** A recorded reason, unless it is no reason at all ("无", "未到"). */
function properReason(reason: string | undefined, nonReason: RegExp): string | undefined {
  const text = reason?.trim()
  if (!text || nonReason.test(text)) return undefined
  return text
}

/** Roster situations that are themselves a proper reason to be away (the organization knows where they are). */
const SITUATION_REASONS: Partial<Record<Member['situation'], Label>> = {
  'sick-leave': L('病休', 'sick leave'),
  seconded: L('借调', 'secondment'),
  abroad: L('出国（境）', 'being abroad'),
}

function collectLifeMonths(byMonth: Map<number, BranchRecord[]>, into: LifeMonths, nonReason: RegExp): void {
  for (const [mi, list] of byMonth) {
    for (const r of list) {
      for (const a of r.attendance) {
        let state: number
        let reason: string | undefined
        if (a.status === 'present' || a.status === 'observer') state = ATTENDED
        else {
          // An exclusion from "should attend" is not organizational life attended; with a reason it is excused.
          reason = properReason(a.reason, nonReason)
          state = reason ? EXCUSED : UNEXCUSED
        }
        let months = into.states.get(a.memberId)
        if (!months) into.states.set(a.memberId, (months = new Map()))
        const before = months.get(mi)
        if (before === undefined || state > before) months.set(mi, state)
        if (reason) {
          const list = into.reasons.get(a.memberId)
          if (!list) into.reasons.set(a.memberId, [reason])
          else if (!list.includes(reason)) list.push(reason)
        }
      }
    }
  }
}

interface LifeRun {
  /** Months without organizational life, counted back from the last month that is over. */
  months: number
  /** Of those, the latest consecutive months away without a proper reason (months without meetings do not break it). */
  unexcused: number
  excused: number
  /** The months counted in `unexcused` (1–12 of their year), for the wording. */
  unexcusedMonths: number[]
}

/** Walk back month by month from `fromMonth` to `toMonth` (inclusive) until the member was present. */
function lifeRun(states: Map<number, number> | undefined, fromMonth: number, toMonth: number): LifeRun {
  const run: LifeRun = { months: 0, unexcused: 0, excused: 0, unexcusedMonths: [] }
  let unexcusedOpen = true
  for (let mi = fromMonth; mi >= toMonth; mi--) {
    const state = states?.get(mi)
    if (state === ATTENDED) break
    run.months++
    if (state === EXCUSED) {
      run.excused++
      unexcusedOpen = false // a month away with a proper reason: the months before it are not consecutive with these
    } else if (state === UNEXCUSED && unexcusedOpen) {
      run.unexcused++
      run.unexcusedMonths.push(mi)
    }
  }
  return run
}

export function quarterlyCheck(input: QuarterlyCheckInput): CheckResult {
  const { records, members, branch, rules, config, year, quarter, today } = input
  const range = quarterRange(year, quarter)
  const prevQ = previousQuarter(year, quarter)
  const prevRange = quarterRange(prevQ.year, prevQ.quarter)
  const yearStart = `${String(year).padStart(4, '0')}-01-01`
  const yearEnd = `${String(year).padStart(4, '0')}-12-31`
  // The last month that is over, as far as this quarter's check is concerned.
  const refMonth = today > range.end ? monthIndex(range.end) : monthIndex(today) - 1
  const refEnd = today > range.end ? range.end : `${today.slice(0, 7)}-00` // months before today's month
  const findings: Finding[] = []
  const { inQuarter, draftsInQuarter, inPrevQuarter, quarterByKind, yearByKind, wholeYear, firstDate, lifeMonthsOf } =
    bucketRecords(records, branch.id, { range, prevRange, yearStart, yearEnd, refEnd, refMonth }, config)
  const dataStartMonth = firstDate === undefined ? Number.POSITIVE_INFINITY : monthIndex(firstDate)
  const nonReason = safeRegExp(config.nonReasonPattern) ?? /^$/

  const recordFinding = (
    r: BranchRecord,
    code: FindingCode,
    severity: Severity,
    message: Label,
    idSuffix?: string,
    details?: Record<string, unknown>,
  ): Finding => {
    const f: Finding = {
      id: idSuffix ? `${code}:${r.id}:${idSuffix}` : `${code}:${r.id}`,
      code,
      severity,
      recordId: r.id,
      recordTitle: r.title,
      recordDate: r.date,
      kindId: r.kind,
      message,
    }
    if (details) f.details = details
    return f
  }

  // ---- who the quarter is about: members of this branch on some day of it (roster dates respected)
  const branchMembers = members.filter((m) => m.branchId === branch.id)
  const memberById = new Map(branchMembers.map((m) => [m.id, m]))
  const spanById = new Map(branchMembers.map((m) => [m.id, { member: m, span: membershipSpan(m) }]))
  const quarterMembers = branchMembers.filter((m) => isMemberDuring(m, range.start, range.end))

  // ---- requirements
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

  // ---- findings on each record of the quarter
  // What was said and decided, without names and places: the measure of substance, and what a copy copies.
  const phraseKey = config.stockPhrases.join('\u0001')
  const texts = new Map<string, string>()
  const textOf = (r: BranchRecord, kind: KindDef): string => {
    let t = texts.get(r.id)
    if (t === undefined) {
      t = recordPlainText(r, kind, { contentOnly: true })
      texts.set(r.id, t)
    }
    return t
  }
  // Exclusions from "should attend" of the quarter, per member, checked against the recognized situations.
  const exclusions = new Map<string, { member: Member; reason: string; records: BranchRecord[]; unrecognized: boolean; unapproved: boolean }>()
  const exclusionReasons = config.exclusionReasonPatterns.map(safeRegExp).filter((x): x is RegExp => x !== undefined)
  const approval = safeRegExp(config.exclusionApprovalPattern)

  for (const r of inQuarter) {
    const kind = kindById(r.kind)
    if (!kind) continue

    // Ids from the element and its place in the list, never from the words, so rewording keeps marks.
    const seen = new Map<string, number>()
    for (const m of missingElements(r, kind, members)) {
      const code = CODE_BY_ELEMENT[m.element] ?? 'missing-element'
      const n = (seen.get(m.element) ?? 0) + 1
      seen.set(m.element, n)
      findings.push(recordFinding(r, code, 'error', m.message, n === 1 ? m.element : `${m.element}:${n}`, { element: m.element }))
    }
    // Where a kind wants 第一议题 first but does not require the element, missingElements stays silent.
    if (kind.firstTopicFirst && !kind.required.includes('firstTopic') && r.agenda.length > 0 && !r.agenda[0]!.isFirstTopic) {
      findings.push(recordFinding(r, 'first-topic', 'error', L('第一议题应列为第一项议程', 'The first-agenda study must be the first agenda item'), 'order'))
    }

    const late = daysLate(r)
    if (late) {
      const p = late.period
      const forLabel = p.per === 'quarter' ? quarterLabel(p.year, p.quarter, p.year !== year) : p.per === 'month' ? L(`${p.year !== year ? `${p.year}年` : ''}${p.month}月`, monthsLabel([p.month]).en) : L(`${p.year}年度`, `${p.year}`)
      const held = dayLabel(r.date, year)
      findings.push(recordFinding(r, 'late-meeting', 'warning',
        L(`${forLabel['zh-CN']}${kind.label['zh-CN']}延至${held['zh-CN']}召开，逾期${late.days}天`,
          `The ${kind.label.en.toLowerCase()} for ${forLabel.en} was held late, on ${held.en} (${late.days} days after the period)`),
        undefined, { period: r.period, days: late.days }))
    }

    try {
      if (isLateEntry(r.date, r.createdAt, config.lateEntryDays, config.utcOffsetMinutes)) {
        const days = daysBetween(r.date, localDateOf(r.createdAt, config.utcOffsetMinutes))
        findings.push(recordFinding(r, 'late-entry', 'warning',
          L(`补记：会后第${days}天才录入（超过${config.lateEntryDays}天）`, `Entered after the fact: ${days} days after the meeting (more than ${config.lateEntryDays})`),
          undefined, { days, createdAt: r.createdAt }))
      }
    } catch {
      // a malformed timestamp cannot tell us anything about lateness
    }

    const text = textOf(r, kind)
    const facts = textFacts(text)
    const { length } = facts
    if (kind.minContentChars > 0 && length < kind.minContentChars) {
      findings.push(recordFinding(r, 'thin-content', 'warning',
        L(`记录内容过简：${length}字，${kind.label['zh-CN']}一般不少于${kind.minContentChars}字`, `Minutes too thin: ${length} characters, at least ${kind.minContentChars} expected for this kind`),
        undefined, { length, minChars: kind.minContentChars }))
    }

    if (facts.phrases?.key !== phraseKey) {
      facts.phrases = { key: phraseKey, counts: config.stockPhrases.map((phrase) => countOccurrences(text, phrase)) }
    }
    const counts = facts.phrases.counts
    const phrases = config.stockPhrases.map((phrase, i) => ({ phrase, count: counts[i]! })).filter((p) => p.count > 0)
    const total = phrases.reduce((n, p) => n + p.count, 0)
    if (total > 0 && total >= config.stockPhraseWarnAt) {
      const list = phrases.map((p) => `“${p.phrase}”${p.count}次`).join('、')
      const listEn = phrases.map((p) => `"${p.phrase}" ×${p.count}`).join(', ')
      findings.push(recordFinding(r, 'stock-phrases', 'warning',
        L(`套话较多（共${total}处）：${list}，建议写实际做法`, `Many stock phrases (${total}): ${listEn}; say what was actually done`),
        undefined, { total, phrases }))
    }

    if (config.stagedKindIds.includes(kind.id)) {
      for (const stage of config.stageSections) {
        const section = kind.sections.find((s) => s.key === stage)
        if (!section) continue
        if (section.fields.every((f) => isEmptyDeep(r.sections[f.key]))) {
          findings.push(recordFinding(r, 'missing-stage', 'error',
            L(`缺少“${section.label['zh-CN']}”环节的记录`, `The "${section.label.en}" stage is not recorded`), stage, { stage }))
        }
      }
    }

    meetingValidityWarnings(r, members, config.quorum).forEach((w, i) => {
      findings.push(recordFinding(r, 'quorum', 'error', w, String(i + 1)))
    })

    if (kind.elements.includes('photos') && !kind.required.includes('photos') && !r.photos.some((p) => p.role === 'photo')) {
      findings.push(recordFinding(r, 'no-photos', 'info', L('没有会议照片', 'No photo of the meeting')))
    }

    // Photos taken on another day than the meeting: the usual sign of a picture that is not of this meeting.
    const offDays: IsoDate[] = []
    for (const p of r.photos) {
      if ((p.role !== 'photo' && p.role !== 'sign-in-sheet') || !p.takenAt) continue
      let day: IsoDate
      try {
        day = localDateOf(p.takenAt, config.utcOffsetMinutes)
      } catch {
        continue
      }
      if (day !== r.date && !offDays.includes(day)) offDays.push(day)
    }
    if (offDays.length > 0) {
      const when = offDays.sort().map((d) => dayLabel(d, year))
      const meeting = dayLabel(r.date, year)
      findings.push(recordFinding(r, 'photo-date', 'warning',
        L(`照片拍摄于${when.map((w) => w['zh-CN']).join('、')}，与会议日期${meeting['zh-CN']}不符`,
          `Photo taken on ${joinEn(when.map((w) => w.en))}, not on the day of the meeting (${meeting.en})`),
        undefined, { takenOn: offDays }))
    }

    // Listed although not (yet, or any more) a member of the branch that day.
    for (const { member, before } of listedWhileNotMember(r, spanById)) {
      const span = spanById.get(member.id)!.span
      const on = dayLabel((before ? span.from : span.until)!, year)
      findings.push(recordFinding(r, 'not-a-member', 'warning',
        before
          ? L(`${member.name}${on['zh-CN']}起才是本支部党员，会议当天不应列入应到人员`, `${member.name} only became a member of the branch on ${on.en} and should not be listed`)
          : L(`${member.name}已于${on['zh-CN']}转出本支部，会议当天不应列入应到人员`, `${member.name} left the branch on ${on.en} and should not be listed`),
        member.id, { memberId: member.id }))
    }

    for (const a of r.attendance) {
      if (a.status !== 'excluded') continue
      const reason = properReason(a.reason, nonReason)
      if (!reason) continue // no reason at all: the record's own absentReasons finding says so
      const member = memberById.get(a.memberId)
      if (!member) continue
      const unrecognized = !exclusionReasons.some((re) => re.test(reason))
      const unapproved = !approval?.test(reason)
      if (!unrecognized && !unapproved) continue
      const seenBefore = exclusions.get(member.id)
      if (seenBefore) {
        seenBefore.records.push(r)
        seenBefore.unrecognized ||= unrecognized
        seenBefore.unapproved ||= unapproved
      } else exclusions.set(member.id, { member, reason, records: [r], unrecognized, unapproved })
    }
  }

  for (const { member, reason, records: recs, unrecognized, unapproved } of exclusions.values()) {
    recs.sort((a, b) => compareStrings(a.date, b.date) || compareStrings(a.id, b.id))
    const first = recs[0]!
    const firstKind = kindById(first.kind)?.label ?? L(first.title, first.title)
    const where = dayLabel(first.date, year)
    const times = recs.length > 1 ? L(`等${recs.length}次会议`, ` and ${recs.length - 1} more meetings`) : L('', '')
    const problems: Label[] = []
    if (unrecognized) problems.push(L('不属于可不计入应到人数的情形（因病不能表达意志、自费出国半年以上、服刑、卧床不起、外出半年以上未转组织关系）', 'which is not one of the situations allowed (too ill to express their will, abroad over six months, serving a sentence, bedridden, away over six months without transferring)'))
    if (unapproved) problems.push(L('未注明经上级党组织批准', 'and no approval by the upper level is noted'))
    findings.push({
      id: `exclusion-check:${member.id}`,
      code: 'exclusion-check',
      severity: 'warning',
      memberId: member.id,
      recordId: first.id,
      recordTitle: first.title,
      recordDate: first.date,
      message: L(
        `${member.name}在${where['zh-CN']}${firstKind['zh-CN']}${times['zh-CN']}中以“${reason}”不计入应到人数，${problems.map((p) => p['zh-CN']).join('，')}`,
        `${member.name} was left out of "should attend" at the ${firstKind.en.toLowerCase()} of ${where.en}${times.en} for "${reason}", ${problems.map((p) => p.en).join(' ')}`,
      ),
      details: { reason, recordIds: recs.map((x) => x.id), unrecognized, unapproved },
    })
  }

  for (const r of draftsInQuarter) {
    findings.push(recordFinding(r, 'draft-unfinished', 'info', L('记录尚未完成（草稿），不计入次数', 'Still a draft: not counted until finished')))
  }

  // ---- corrections made after the quarter was signed
  const signoff = signoffFor(branch.id, year, quarter, input.signoffs ?? [])
  if (signoff && input.corrections?.length) {
    const byId = new Map(inQuarter.map((r) => [r.id, r]))
    for (const c of input.corrections) {
      if (c.at < signoff.signedAt) continue
      const current = byId.get(c.recordId)
      const wasInQuarter = c.previous.branchId === branch.id && c.previous.date >= range.start && c.previous.date <= range.end
      if (!current && !wasInQuarter) continue
      const r = current ?? c.previous
      const nth = correctionsOf(c.recordId, input.corrections).findIndex((x) => x.id === c.id) + 1
      findings.push(recordFinding(r, 'corrected-after-signoff', 'info',
        L(`签核后更正（第${nth}次）：${c.reason}`, `Corrected after sign-off (#${nth}): ${c.reason}`),
        c.id, { correctionId: c.id, reason: c.reason, by: c.by, at: c.at }))
    }
  }

  // ---- 内容雷同: this quarter against itself and against the previous quarter
  const items: SimilarityItem[] = []
  const recordById = new Map<string, BranchRecord>()
  const inQuarterIds = new Set<string>()
  for (const [list, current] of [[inQuarter, true], [inPrevQuarter, false]] as const) {
    for (const r of list) {
      const kind = kindById(r.kind)
      if (!kind) continue
      const facts = textFacts(textOf(r, kind))
      if (facts.normalizedLength < config.similarityMinChars) continue
      items.push(current ? { key: r.id, tokens: facts.tokens } : { key: r.id, tokens: facts.tokens, reference: true })
      recordById.set(r.id, r)
      if (current) inQuarterIds.add(r.id)
    }
  }
  for (const pair of memoisedSimilarPairs(items, config.similarityThreshold)) {
    const a = recordById.get(pair.a)!
    const b = recordById.get(pair.b)!
    // The finding sits on the later record of the quarter: that is the one that looks copied.
    const later = !inQuarterIds.has(a.id) ? b : !inQuarterIds.has(b.id) ? a : a.date > b.date || (a.date === b.date && a.id > b.id) ? a : b
    const other = later === a ? b : a
    const percent = Math.round(pair.similarity * 100)
    const [lo, hi] = a.id < b.id ? [a.id, b.id] : [b.id, a.id]
    const otherKind = kindById(other.kind)?.label ?? L(other.title, other.title)
    const otherDay = dayLabel(other.date, Number(later.date.slice(0, 4)))
    findings.push({
      ...recordFinding(later, 'similar-content', 'warning',
        L(`与${otherDay['zh-CN']}${otherKind['zh-CN']}记录内容雷同`, `Reads almost the same as the ${otherKind.en.toLowerCase()} minutes of ${otherDay.en}`),
        undefined, { otherRecordId: other.id, otherTitle: other.title, otherDate: other.date, similarity: Math.round(pair.similarity * 1000) / 1000, percent }),
      id: `similar-content:${lo}:${hi}`,
    })
  }

  // ---- 谈心谈话 coverage over the whole year
  const talks = wholeYear.filter((r) => r.kind === config.talkKindId)
  findings.push(...talkCoverageFindings(talks, wholeYear, branchMembers, config, { year, quarter, today, yearStart, yearEnd, quarterEnd: range.end }))

  // ---- members and organizational life (党章第九条, excused absences, 失联)
  if (Number.isFinite(dataStartMonth)) {
    const life: LifeMonths = { states: new Map(), reasons: new Map() }
    collectLifeMonths(lifeMonthsOf(true), life, nonReason)
    let olderRead = false
    for (const m of quarterMembers) {
      const span = membershipSpan(m)
      // Months before the member joined (the joining month itself included), or before the branch's
      // records begin in the app, are not gaps; nor are months after they left.
      const firstMonth = Math.max(span.from ? monthIndex(span.from) + 1 : Number.NEGATIVE_INFINITY, dataStartMonth)
      const lastMonth = Math.min(refMonth, span.until ? monthIndex(span.until) - 1 : Number.POSITIVE_INFINITY)
      if (lastMonth < firstMonth) continue
      let run = lifeRun(life.states.get(m.id), lastMonth, firstMonth)
      if (!olderRead && run.months === lastMonth - firstMonth + 1 && firstMonth < refMonth - Math.max(config.warnNoLifeMonths, config.lapseMonths)) {
        // Absent all through the recent months: read the older records once, for everyone.
        collectLifeMonths(lifeMonthsOf(false), life, nonReason)
        olderRead = true
        run = lifeRun(life.states.get(m.id), lastMonth, firstMonth)
      }
      findings.push(...lifeFindings(m, run, life.reasons.get(m.id) ?? [], config))
    }
  }

  findings.sort((x, y) =>
    SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity]
    || compareStrings(x.recordDate ?? '', y.recordDate ?? '')
    || compareStrings(x.id, y.id))
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 }
  for (const f of findings) counts[f.severity]++

  const result: CheckResult = { branchId: branch.id, year, quarter, today, range, requirements, findings, counts }
  if (signoff) result.signoff = signoff
  return result
}

function safeRegExp(source: string): RegExp | undefined {
  try {
    return new RegExp(source)
  } catch {
    return undefined
  }
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

/** The findings about one member's organizational life; at most one, and 自行脱党 only when it applies. */
function lifeFindings(m: Member, run: LifeRun, reasons: readonly string[], config: CheckConfig): Finding[] {
  const base = { memberId: m.id, details: { months: run.months, unexcusedMonths: run.unexcused, excusedMonths: run.excused, situation: m.situation } }
  if (m.situation === 'unreachable') {
    // 失联 is handled by the upper level's procedure, not judged here as 自行脱党.
    const months = run.months >= config.warnNoLifeMonths ? L(`，已${run.months}个月未参加党的组织生活`, `, and has had no organizational life for ${run.months} months`) : L('', '')
    return [{
      ...base,
      id: `member-unreachable:${m.id}`,
      code: 'member-unreachable',
      severity: 'warning',
      message: L(`${m.name}处于失联状态${months['zh-CN']}，请按上级党组织失联党员处置程序查找联系、报告上级党组织并按程序处理`,
        `${m.name} cannot be reached${months.en}; follow the upper level's procedure for unreachable members (search, report to the upper level, handle as it decides)`),
    }]
  }
  const situationReason = SITUATION_REASONS[m.situation]
  if (run.unexcused >= config.warnNoLifeMonths && !situationReason) {
    const lapsed = run.unexcused >= config.lapseMonths
    return [{
      ...base,
      id: `no-org-life:${m.id}`,
      code: 'no-org-life',
      severity: lapsed ? 'error' : 'warning',
      message: lapsed
        ? L(`${m.name}没有正当理由，已连续${run.unexcused}个月未参加党的组织生活。${ARTICLE_9['zh-CN']}请支部核实情况，按规定程序处置`,
          `${m.name} has missed organizational life without a proper reason for ${run.unexcused} consecutive months. ${ARTICLE_9.en} Please verify and proceed as the rules require`)
        : L(`${m.name}已连续${run.unexcused}个月无正当理由未参加党的组织生活，请及时谈心谈话、了解情况`,
          `${m.name} has missed organizational life without a proper reason for ${run.unexcused} months in a row; talk with them and find out why`),
    }]
  }
  if (run.months >= config.warnNoLifeMonths && (run.excused > 0 || situationReason)) {
    const why = reasons.length > 0 ? L(reasons.slice(0, 2).join('、'), reasons.slice(0, 2).join(', ')) : situationReason!
    return [{
      ...base,
      id: `org-life-excused:${m.id}`,
      code: 'org-life-excused',
      severity: 'info',
      message: L(`${m.name}已${run.months}个月未参加党的组织生活（${why['zh-CN']}），有正当理由，请安排送学上门或在其所在地参加组织生活`,
        `${m.name} has been away from organizational life for ${run.months} months for a proper reason (${why.en}); arrange study visits or organizational life where they are`),
    }]
  }
  return []
}

/**
 * Talk coverage for the year, as the check reads "each pair at least once a year", over every talk of the
 * year (to 31 December) whenever the check is opened:
 * - committee↔committee: every pair of committee members has talked (the committee is small, so every
 *   pair is a fair ask);
 * - committee↔member: every ordinary member has talked with at least one committee member (every
 *   committee member with every member would be hundreds of talks in a large branch);
 * - member↔member: every ordinary member has talked with at least one other ordinary member.
 * Only people who were members of the branch in the year up to the quarter's end count, and not those
 * excluded from "should attend" with a reason or 失联 (they have findings of their own). Before the
 * fourth quarter it is a note: the year's verdict belongs to the fourth quarter's check, and is an
 * error only once the year is over. Participants are matched by member id or by full name.
 */
function talkCoverageFindings(
  talks: readonly BranchRecord[],
  yearRecords: readonly BranchRecord[],
  roster: readonly Member[],
  config: CheckConfig,
  when: { year: number; quarter: Quarter; today: IsoDate; yearStart: IsoDate; yearEnd: IsoDate; quarterEnd: IsoDate },
): Finding[] {
  const { year, quarter, today, yearStart, yearEnd, quarterEnd } = when
  const nonReason = safeRegExp(config.nonReasonPattern) ?? /^$/
  // Excluded for the year: every time they were listed at organizational life, excluded with a reason.
  // Exclusions are rare, so the second look is only at the people excluded at least once.
  const lifeRecords = yearRecords.filter((r) => kindById(r.kind)?.countsAsOrganizationalLife === true)
  const excludedOnce = new Set<string>()
  for (const r of lifeRecords) {
    for (const a of r.attendance) if (a.status === 'excluded' && properReason(a.reason, nonReason)) excludedOnce.add(a.memberId)
  }
  const listedOtherwise = new Set<string>()
  if (excludedOnce.size > 0) {
    for (const r of lifeRecords) {
      for (const a of r.attendance) {
        if (excludedOnce.has(a.memberId) && !(a.status === 'excluded' && properReason(a.reason, nonReason))) listedOtherwise.add(a.memberId)
      }
    }
  }
  const isExcluded = (m: Member) => excludedOnce.has(m.id) && !listedOtherwise.has(m.id)
  const people = roster.filter((m) => isMemberDuring(m, yearStart, quarterEnd) && m.situation !== 'unreachable' && !isExcluded(m))
  const byId = new Map(roster.map((m) => [m.id, m]))
  const byName = new Map<string, Member>()
  for (const m of people) if (!byName.has(m.name.trim())) byName.set(m.name.trim(), m)
  for (const m of roster) if (!byName.has(m.name.trim())) byName.set(m.name.trim(), m)
  const resolve = (v: unknown): Member | undefined =>
    typeof v === 'string' ? byId.get(v) ?? byName.get(v.replace(/\s+/g, '')) ?? byName.get(v.trim()) : undefined
  const talked = new Map<string, Set<string>>()
  const link = (a: string, b: string) => {
    let s = talked.get(a)
    if (!s) talked.set(a, (s = new Set()))
    s.add(b)
  }
  for (const t of talks) {
    const [fa, fb] = config.talkParticipantFields
    const a = resolve(t.sections[fa])
    const b = resolve(t.sections[fb])
    if (!a || !b || a.id === b.id) continue
    link(a.id, b.id)
    link(b.id, a.id)
  }
  const hasTalked = (a: Member, b: Member) => talked.get(a.id)?.has(b.id) ?? false
  const committee = people.filter((m) => m.committeeRole !== undefined)
  const ordinary = people.filter((m) => m.committeeRole === undefined)

  const yearOver = today > yearEnd
  const verdict = quarter === 4 && yearOver
  const severity: Severity = verdict ? 'error' : 'info'
  // Days left only where the year is still open and this is its last quarter: a past quarter reads the same any day.
  const left = quarter === 4 && !yearOver ? daysLeftIn(yearStart, yearEnd, today) : 0
  const lead = verdict
    ? L(`${year}年度`, `In ${year}`)
    : left > 0 ? L(`${year}年度（还剩${left}天）`, `In ${year} (${left} days left)`) : L(`${year}年度全年要求，目前`, `For the whole of ${year}, so far`)
  const out: Finding[] = []

  const ccMissing: [Member, Member][] = []
  for (let i = 0; i < committee.length; i++) {
    for (let j = i + 1; j < committee.length; j++) {
      if (!hasTalked(committee[i]!, committee[j]!)) ccMissing.push([committee[i]!, committee[j]!])
    }
  }
  if (ccMissing.length > 0) {
    const shown = ccMissing.map(([a, b]) => `${a.name}—${b.name}`)
    out.push({
      id: 'talk-coverage:committee-committee',
      code: 'talk-coverage',
      severity,
      kindId: config.talkKindId,
      message: L(`${lead['zh-CN']}支委之间尚有${ccMissing.length}对未开展谈心谈话：${shown.join('、')}`,
        `${lead.en}, ${ccMissing.length} ${ccMissing.length === 1 ? 'pair of committee members has' : 'pairs of committee members have'} not talked: ${shown.join(', ')}`),
      details: { pairing: 'committee-committee', missingPairs: ccMissing.map(([a, b]) => [a.id, b.id]), quarter },
    })
  }

  const person = (pairing: string, list: Member[], zh: string, en: string) => {
    if (list.length === 0) return
    out.push({
      id: `talk-coverage:${pairing}`,
      code: 'talk-coverage',
      severity,
      kindId: config.talkKindId,
      message: L(`${lead['zh-CN']}${zh}：${list.map((m) => m.name).join('、')}`, `${lead.en}, ${en}: ${list.map((m) => m.name).join(', ')}`),
      details: { pairing, missingMembers: list.map((m) => m.id), quarter },
    })
  }
  if (committee.length > 0) {
    person('committee-member', ordinary.filter((m) => !committee.some((c) => hasTalked(m, c))),
      '以下党员尚未与支委谈心谈话', 'these members have not talked with a committee member')
  }
  if (ordinary.length >= 2) {
    person('member-member', ordinary.filter((m) => !ordinary.some((o) => o.id !== m.id && hasTalked(m, o))),
      '以下党员尚未与其他党员谈心谈话', 'these members have not talked with another member')
  }
  return out
}
