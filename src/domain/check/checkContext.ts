// What every part of the quarterly check reads: the input, the periods it is about, the records sorted
// into them in one pass, the branch's members, and the texts of the records (once per run).
import { quarterRange, type Quarter } from '../dates'
import type { KindDef } from '../kindSchema'
import { kindById } from '../kinds'
import { recordPlainText } from '../recordText'
import type { Branch, BranchRecord, IsoDate, KindId, Member } from '../types'
import { createCheckCaches, memoisedSimilarPairs, textFacts, type CheckCaches, type TextFacts } from './checkCaches'
import { DATE, monthIndex, monthStart, previousQuarter, safeRegExp } from './checkHelpers'
import { isMemberDuring, membershipSpan, type MembershipSpan } from './membership'
import { countingDate } from './periods'
import type { CheckConfig, CheckRule } from './rules'
import type { Correction, QuarterSignoff } from './signoff'
import type { SimilarityItem, SimilarPair } from './similarity'

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
  /** What earlier checks derived from the same texts (see checkCaches.ts); a check without it starts empty. */
  caches?: CheckCaches
}

export interface Buckets {
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
export function bucketRecords(
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


type Range = { start: IsoDate; end: IsoDate }

export interface CheckContext {
  input: QuarterlyCheckInput
  range: Range
  prevRange: Range
  yearStart: IsoDate
  yearEnd: IsoDate
  /** The last month that is over, as far as this quarter's check is concerned (`monthIndex`). */
  refMonth: number
  buckets: Buckets
  /** Where the branch's records begin in the app (`monthIndex`; infinite when there are none). */
  dataStartMonth: number
  /** What is not a reason at all ("无", "未到"). */
  nonReason: RegExp
  /** Members of this branch on the roster, and those who were members on some day of the quarter. */
  branchMembers: Member[]
  memberById: Map<string, Member>
  spanById: Map<string, { member: Member; span: MembershipSpan }>
  quarterMembers: Member[]
  /** What was said and decided, without names and places: the measure of substance, and what a copy copies. */
  textOf(r: BranchRecord, kind: KindDef): string
  textFacts(text: string): TextFacts
  similarPairs(items: SimilarityItem[], threshold: number): SimilarPair[]
}

export function checkContext(input: QuarterlyCheckInput): CheckContext {
  const { records, members, branch, config, year, quarter, today } = input
  const caches = input.caches ?? createCheckCaches()
  const range = quarterRange(year, quarter)
  const prevQ = previousQuarter(year, quarter)
  const prevRange = quarterRange(prevQ.year, prevQ.quarter)
  const yearStart = `${String(year).padStart(4, '0')}-01-01`
  const yearEnd = `${String(year).padStart(4, '0')}-12-31`
  const refMonth = today > range.end ? monthIndex(range.end) : monthIndex(today) - 1
  const refEnd = today > range.end ? range.end : `${today.slice(0, 7)}-00` // months before today's month
  const buckets = bucketRecords(records, branch.id, { range, prevRange, yearStart, yearEnd, refEnd, refMonth }, config)
  const { firstDate } = buckets

  // Who the quarter is about: members of this branch on some day of it (roster dates respected).
  const branchMembers = members.filter((m) => m.branchId === branch.id)
  const texts = new Map<string, string>()
  return {
    input,
    range,
    prevRange,
    yearStart,
    yearEnd,
    refMonth,
    buckets,
    dataStartMonth: firstDate === undefined ? Number.POSITIVE_INFINITY : monthIndex(firstDate),
    nonReason: safeRegExp(config.nonReasonPattern) ?? /^$/,
    branchMembers,
    memberById: new Map(branchMembers.map((m) => [m.id, m])),
    spanById: new Map(branchMembers.map((m) => [m.id, { member: m, span: membershipSpan(m) }])),
    quarterMembers: branchMembers.filter((m) => isMemberDuring(m, range.start, range.end)),
    textOf: (r, kind) => {
      let t = texts.get(r.id)
      if (t === undefined) {
        t = recordPlainText(r, kind, { contentOnly: true })
        texts.set(r.id, t)
      }
      return t
    },
    textFacts: (text) => textFacts(caches, text),
    similarPairs: (items, threshold) => memoisedSimilarPairs(caches, items, threshold),
  }
}
