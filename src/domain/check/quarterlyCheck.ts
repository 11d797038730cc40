// 季度检查: one pure function from the branch's records, roster, rules and a quarter to what was held
// against what the rules ask, and the findings a checker would raise. It does the counting and
// cross-checking; judging the findings is left to people. No scores, no rankings, no clock of its own:
// "today" is an argument.
import {
  daysBetween,
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
import type { CheckConfig, CheckRule } from './rules'
import { correctionsOf, signoffFor, type Correction, type QuarterSignoff } from './signoff'
import { bigramSet, normalizeForSimilarity, similarPairs, type SimilarityItem, type SimilarPair } from './similarity'

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
function daysLeftIn(start: IsoDate, end: IsoDate, today: IsoDate): number {
  if (today > end) return 0
  return daysBetween(today < start ? start : today, end) + 1
}

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

/** Short stable hash for finding ids built from a message (FNV-1a, base 36). */
function shortHash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(36)
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

function names(list: readonly Member[], max = 5): string {
  const shown = list.slice(0, max).map((m) => m.name).join('、')
  return list.length > max ? `${shown}等${list.length}人` : shown
}
function namesEn(list: readonly Member[], max = 5): string {
  const shown = list.slice(0, max).map((m) => m.name).join(', ')
  return list.length > max ? `${shown} and ${list.length - max} more` : shown
}

function previousQuarter(year: number, quarter: Quarter): { year: number; quarter: Quarter } {
  return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: (quarter - 1) as Quarter }
}

interface Buckets {
  inQuarter: BranchRecord[]
  /** Unfinished records dated in the quarter. */
  draftsInQuarter: BranchRecord[]
  inPrevQuarter: BranchRecord[]
  quarterByKind: Map<KindId, BranchRecord[]>
  /** From 1 January to the end of the quarter. */
  yearByKind: Map<KindId, BranchRecord[]>
  /** The earliest date of a finished record: where the branch's records begin in the app. */
  firstDate: IsoDate | undefined
  /**
   * Records of organizational life up to the last month that is over, by month (`monthIndex`): the
   * recent months, and on a second call (only needed for someone absent longer) all earlier months.
   */
  lifeMonthsOf: (recent: boolean) => Map<number, BranchRecord[]>
}

/**
 * One pass over all records of every year. Only the quarter, the previous quarter, the year so far and the
 * recent months of organizational life are read closely; years of history matter only for the first
 * date and, rarely, for a member absent longer than the recent months, so those records are set aside
 * after two string comparisons. Every record used anywhere passes the date-shape test first.
 */
function bucketRecords(
  records: readonly BranchRecord[],
  branchId: string,
  period: { range: { start: IsoDate; end: IsoDate }; prevRange: { start: IsoDate; end: IsoDate }; yearStart: IsoDate; refEnd: string; refMonth: number },
  config: Pick<CheckConfig, 'warnNoLifeMonths' | 'lapseMonths'>,
): Buckets {
  const { range, prevRange, yearStart, refEnd, refMonth } = period
  const inQuarter: BranchRecord[] = []
  const draftsInQuarter: BranchRecord[] = []
  const inPrevQuarter: BranchRecord[] = []
  const quarterByKind = new Map<KindId, BranchRecord[]>()
  const yearByKind = new Map<KindId, BranchRecord[]>()
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
  const scanFrom = [recentFrom, prevRange.start, yearStart].reduce((a, b) => (b < a ? b : a))
  const recentLife: BranchRecord[] = []
  const older: BranchRecord[] = []
  let firstDate: IsoDate | undefined
  for (const r of records) {
    if (r.branchId !== branchId || r.deleted) continue
    const d = r.date
    if (d < scanFrom) {
      if (r.status !== 'final') continue // a draft counts nowhere outside its quarter
      if ((firstDate === undefined || d < firstDate) && DATE.test(d)) firstDate = d
      older.push(r)
      continue
    }
    if (!DATE.test(d)) continue
    if (r.status !== 'final') {
      if (d >= range.start && d <= range.end) draftsInQuarter.push(r)
      continue
    }
    if (firstDate === undefined || d < firstDate) firstDate = d
    if (d >= range.start && d <= range.end) {
      inQuarter.push(r)
      push(quarterByKind, r)
    } else if (d >= prevRange.start && d <= prevRange.end) inPrevQuarter.push(r)
    if (d >= yearStart && d <= range.end) push(yearByKind, r)
    if (d <= refEnd && countsAsLife(r.kind)) (d >= recentFrom ? recentLife : older).push(r)
  }
  const lifeMonthsOf = (recent: boolean) =>
    byMonth(recent ? recentLife : older.filter((r) => r.date <= refEnd && DATE.test(r.date) && countsAsLife(r.kind)))
  return { inQuarter, draftsInQuarter, inPrevQuarter, quarterByKind, yearByKind, firstDate, lifeMonthsOf }
}

/**
 * Each member's latest month with organizational life: present, or excused with a reason the
 * organization recorded (either way the branch knows where the member is, which is what the 党章第九条
 * warning is about). Walks back month by month until every member is placed.
 */
function lastLifeMonths(members: readonly Member[], lifeMonthsOf: Buckets['lifeMonthsOf']): Map<string, number> {
  const last = new Map<string, number>()
  const pending = new Set(members.map((m) => m.id))
  for (const recent of [true, false]) {
    if (pending.size === 0) break
    const byMonth = lifeMonthsOf(recent)
    for (const mi of [...byMonth.keys()].sort((a, b) => b - a)) {
      if (pending.size === 0) break
      for (const r of byMonth.get(mi)!) {
        for (const a of r.attendance) {
          if (!pending.has(a.memberId)) continue
          if (a.status !== 'present' && !(a.status === 'excluded' && !isBlank(a.reason))) continue
          last.set(a.memberId, mi)
          pending.delete(a.memberId)
        }
      }
    }
  }
  return last
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
  const { inQuarter, draftsInQuarter, inPrevQuarter, quarterByKind, yearByKind, firstDate, lifeMonthsOf } =
    bucketRecords(records, branch.id, { range, prevRange, yearStart, refEnd, refMonth }, config)
  const dataStartMonth = firstDate === undefined ? Number.POSITIVE_INFINITY : monthIndex(firstDate)

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

  // ---- requirements
  const activeMembers = members.filter((m) => m.active && m.branchId === branch.id)
  const groupOfMember = new Map(activeMembers.flatMap((m) => (m.partyGroupId ? [[m.id, m.partyGroupId] as const] : [])))
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

  for (const rule of rules) {
    if (!rule.enabled) continue
    if (rule.perPartyGroup && groups.length === 0) continue // only where the branch has groups
    const kindLabel = kindById(rule.kindId)?.label ?? rule.label
    const held = (rule.per === 'year' ? yearByKind : quarterByKind).get(rule.kindId) ?? []
    const units: { groupId?: string; name?: string; recs: BranchRecord[] }[] = rule.perPartyGroup
      ? groups.map((g) => ({ groupId: g.id, name: g.name, recs: [] as BranchRecord[] }))
      : [{ recs: held }]
    if (rule.perPartyGroup) {
      const byId = new Map(units.map((u) => [u.groupId, u]))
      for (const r of held) {
        const g = groupOfRecord(r)
        const unit = g ? byId.get(g) : undefined
        if (unit) unit.recs.push(r)
        else if (!unassignedReported.has(r.id) && r.date >= range.start) {
          unassignedReported.add(r.id)
          findings.push(recordFinding(r, 'missing-element', 'warning',
            L('未注明所属党小组，无法计入各党小组的次数', 'No party group is set, so it counts for no group')))
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

    const unitText = (u: { name?: string }) => (u.name ? { zh: `（${u.name}）`, en: ` (${u.name})` } : { zh: '', en: '' })
    const gap = (
      u: { groupId?: string; name?: string },
      periodKey: string,
      periodLabel: Label,
      start: IsoDate,
      end: IsoDate,
      required: number,
      got: number,
    ) => {
      const missing = Math.max(0, required - got)
      if (missing === 0 || today < start) return missing
      const suffix = unitText(u)
      const id = `${rule.id}:${periodKey}${u.groupId ? `:${u.groupId}` : ''}`
      const details: Record<string, unknown> = { ruleId: rule.id, period: periodKey, required, held: got }
      if (u.groupId) details.groupId = u.groupId
      if (today > end) {
        findings.push({
          id: `missing-meeting:${id}`,
          code: 'missing-meeting',
          severity: 'error',
          kindId: rule.kindId,
          message: L(
            `${periodLabel['zh-CN']}${kindLabel['zh-CN']}${suffix.zh}应召开${required}次，实际${got}次，少${missing}次`,
            `${kindLabel.en}${suffix.en}, ${periodLabel.en}: ${required} required, ${got} held, ${missing} missing`,
          ),
          details,
        })
      } else {
        const left = daysLeftIn(start, end, today)
        findings.push({
          id: `meeting-due:${id}`,
          code: 'meeting-due',
          severity: 'info',
          kindId: rule.kindId,
          message: L(
            `${periodLabel['zh-CN']}${kindLabel['zh-CN']}${suffix.zh}尚需召开${missing}次，还剩${left}天`,
            `${kindLabel.en}${suffix.en}, ${periodLabel.en}: ${missing} still due, ${left} days left`,
          ),
          details: { ...details, daysLeft: left },
        })
      }
      return missing
    }

    if (rule.per === 'month') {
      const perMonthTotal: MonthRequirement[] = months.map((m) => ({ month: m, required: 0, held: 0 }))
      const perGroup: GroupRequirement[] = []
      for (const u of units) {
        const perMonth = months.map((m) => ({ month: m, required: rule.count, held: 0 }))
        for (const r of u.recs) {
          const m = Number(r.date.slice(5, 7))
          const slot = perMonth.find((p) => p.month === m)
          if (slot) slot.held++
        }
        perMonth.forEach((p, i) => {
          const mr = monthRange(year, p.month)
          status.due += gap(u, `${year}-${String(p.month).padStart(2, '0')}`, L(`${p.month}月`, `month ${p.month}`), mr.start, mr.end, p.required, p.held)
          perMonthTotal[i]!.required += p.required
          perMonthTotal[i]!.held += p.held
        })
        if (u.groupId) perGroup.push({ groupId: u.groupId, name: u.name ?? '', required: rule.count * months.length, held: u.recs.length, perMonth })
      }
      status.required = rule.count * months.length * units.length
      status.perMonth = perMonthTotal
      if (rule.perPartyGroup) status.perGroup = perGroup
      status.daysLeft = daysLeftIn(range.start, range.end, today)
    } else {
      const isYear = rule.per === 'year'
      const start = isYear ? yearStart : range.start
      const end = isYear ? yearEnd : range.end
      const periodLabel = isYear ? L(`${year}年度`, `${year}`) : L(`第${quarter}季度`, `Q${quarter}`)
      const perGroup: GroupRequirement[] = []
      for (const u of units) {
        // A yearly rule only becomes a finding in the fourth quarter: earlier, there is time left.
        if (!isYear || quarter === 4) status.due += gap(u, isYear ? `${year}` : `${year}-Q${quarter}`, periodLabel, range.start, end, rule.count, u.recs.length)
        else status.due += Math.max(0, rule.count - u.recs.length)
        if (u.groupId) perGroup.push({ groupId: u.groupId, name: u.name ?? '', required: rule.count, held: u.recs.length })
      }
      status.required = rule.count * units.length
      if (rule.perPartyGroup) status.perGroup = perGroup
      status.daysLeft = daysLeftIn(start, end, today)
    }
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

  for (const r of inQuarter) {
    const kind = kindById(r.kind)
    if (!kind) continue

    for (const m of missingElements(r, kind, members)) {
      const code = CODE_BY_ELEMENT[m.element] ?? 'missing-element'
      findings.push(recordFinding(r, code, 'error', m.message, `${m.element}:${shortHash(m.message['zh-CN'])}`, { element: m.element }))
    }
    // Where a kind wants 第一议题 first but does not require the element, missingElements stays silent.
    if (kind.firstTopicFirst && !kind.required.includes('firstTopic') && r.agenda.length > 0 && !r.agenda[0]!.isFirstTopic) {
      findings.push(recordFinding(r, 'first-topic', 'error', L('第一议题应列为第一项议程', 'The first-agenda study must be the first agenda item'), 'order'))
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

    for (const w of meetingValidityWarnings(r, members, config.quorum)) {
      findings.push(recordFinding(r, 'quorum', 'error', w, shortHash(w['zh-CN'])))
    }

    if (kind.elements.includes('photos') && !kind.required.includes('photos') && !r.photos.some((p) => p.role === 'photo')) {
      findings.push(recordFinding(r, 'no-photos', 'info', L('没有会议照片', 'No photo of the meeting')))
    }
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
    findings.push({
      ...recordFinding(later, 'similar-content', 'warning',
        L(`与“${other.title}”（${other.date}）内容雷同，相似度${percent}%`, `Nearly identical to "${other.title}" (${other.date}): ${percent}% similar`),
        undefined, { otherRecordId: other.id, otherTitle: other.title, otherDate: other.date, similarity: Math.round(pair.similarity * 1000) / 1000 }),
      id: `similar-content:${lo}:${hi}`,
    })
  }

  // ---- 谈心谈话 coverage over the year so far
  findings.push(...talkCoverageFindings(yearByKind.get(config.talkKindId) ?? [], activeMembers, config, year, quarter, today, yearEnd))

  // ---- members without organizational life
  if (Number.isFinite(dataStartMonth)) {
    const lastLifeMonth = lastLifeMonths(activeMembers, lifeMonthsOf)
    for (const m of activeMembers) {
      // Months before the member joined, or before the branch's records begin in the app, are not gaps.
      const joined = m.joinedOn && DATE.test(m.joinedOn) ? monthIndex(m.joinedOn) : Number.NEGATIVE_INFINITY
      const baseline = Math.max(lastLifeMonth.get(m.id) ?? Number.NEGATIVE_INFINITY, joined, dataStartMonth - 1)
      const months = refMonth - baseline
      if (months < config.warnNoLifeMonths) continue
      const lapsed = months >= config.lapseMonths
      findings.push({
        id: `no-org-life:${m.id}`,
        code: 'no-org-life',
        severity: lapsed ? 'error' : 'warning',
        memberId: m.id,
        message: lapsed
          ? L(`${m.name}已连续${months}个月未参加党的组织生活（党章第九条：连续六个月不参加党的组织生活，视为自行脱党），请及时了解情况`,
            `${m.name} has had no organizational life for ${months} consecutive months (Party Constitution art. 9: six months means leaving the party); please follow up`)
          : L(`${m.name}已${months}个月未参加党的组织生活，请及时了解情况`, `${m.name} has had no organizational life for ${months} months; please follow up`),
        details: { months, situation: m.situation },
      })
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

/**
 * Talk coverage for the year, as the check reads "each pair at least once a year":
 * - committee↔committee: every pair of committee members has talked (the committee is small, so every
 *   pair is a fair ask);
 * - committee↔member: every ordinary member has talked with at least one committee member (every
 *   committee member with every member would be hundreds of talks in a large branch);
 * - member↔member: every ordinary member has talked with at least one other ordinary member.
 * Participants are matched by member id or by full name among the active roster.
 */
function talkCoverageFindings(
  talks: readonly BranchRecord[],
  active: readonly Member[],
  config: CheckConfig,
  year: number,
  quarter: Quarter,
  today: IsoDate,
  yearEnd: IsoDate,
): Finding[] {
  const byId = new Map(active.map((m) => [m.id, m]))
  const byName = new Map<string, Member>()
  for (const m of active) if (!byName.has(m.name.trim())) byName.set(m.name.trim(), m)
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
  const committee = active.filter((m) => m.committeeRole !== undefined)
  const ordinary = active.filter((m) => m.committeeRole === undefined)

  const yearOver = today > yearEnd
  const severity: Severity = yearOver ? 'error' : 'info'
  const left = yearOver ? 0 : daysLeftIn(`${year}-01-01`, yearEnd, today)
  const when = yearOver ? L(`${year}年度`, `In ${year}`) : L(`本年度（还剩${left}天）`, `This year (${left} days left)`)
  const out: Finding[] = []

  const ccMissing: [Member, Member][] = []
  for (let i = 0; i < committee.length; i++) {
    for (let j = i + 1; j < committee.length; j++) {
      if (!hasTalked(committee[i]!, committee[j]!)) ccMissing.push([committee[i]!, committee[j]!])
    }
  }
  if (ccMissing.length > 0) {
    const shown = ccMissing.slice(0, 5).map(([a, b]) => `${a.name}—${b.name}`).join('、')
    out.push({
      id: 'talk-coverage:committee-committee',
      code: 'talk-coverage',
      severity,
      kindId: config.talkKindId,
      message: L(`${when['zh-CN']}支委之间尚有${ccMissing.length}对未谈心谈话：${shown}${ccMissing.length > 5 ? '等' : ''}`,
        `${when.en}, ${ccMissing.length} pairs of committee members have not talked yet: ${shown.replaceAll('、', ', ')}${ccMissing.length > 5 ? ', …' : ''}`),
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
      message: L(`${when['zh-CN']}${zh}：${names(list)}`, `${when.en}, ${en}: ${namesEn(list)}`),
      details: { pairing, missingMembers: list.map((m) => m.id), quarter },
    })
  }
  if (committee.length > 0) {
    person('committee-member', ordinary.filter((m) => !committee.some((c) => hasTalked(m, c))),
      '以下党员尚未与支委谈心谈话', 'these members have not talked with a committee member yet')
  }
  if (ordinary.length >= 2) {
    person('member-member', ordinary.filter((m) => !ordinary.some((o) => o.id !== m.id && hasTalked(m, o))),
      '以下党员尚未与其他党员谈心谈话', 'these members have not talked with another member yet')
  }
  return out
}
