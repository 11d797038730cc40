// Member coverage: 谈心谈话 over the whole year, and each member's organizational life (党章第九条,
// absences with a proper reason, 失联), judged only on the months a person was a member and the branch's
// records exist in the app.
import { daysLeftIn, type Quarter } from '../dates'
import { kindById } from '../kinds'
import type { BranchRecord, IsoDate, Label, Member } from '../types'
import type { CheckContext } from './checkContext'
import { L, monthIndex, properReason, safeRegExp } from './checkHelpers'
import type { Finding, Severity } from './findings'
import { isMemberDuring, membershipSpan } from './membership'
import type { CheckConfig } from './rules'
import { ARTICLE_9 } from './wording'

export function memberCoverageFindings(ctx: CheckContext): Finding[] {
  return [...talkFindings(ctx), ...organizationalLifeFindings(ctx)]
}

/** 谈心谈话 coverage over the whole year (see `talkCoverageFindings`). */
function talkFindings(ctx: CheckContext): Finding[] {
  const { config, year, quarter, today } = ctx.input
  const { range, yearStart, yearEnd, branchMembers } = ctx
  const { wholeYear } = ctx.buckets
  const talks = wholeYear.filter((r) => r.kind === config.talkKindId)
  return talkCoverageFindings(talks, wholeYear, branchMembers, config, { year, quarter, today, yearStart, yearEnd, quarterEnd: range.end })
}

/** Each member of the quarter and organizational life (党章第九条, excused absences, 失联). */
function organizationalLifeFindings(ctx: CheckContext): Finding[] {
  const { config } = ctx.input
  const { refMonth, quarterMembers, dataStartMonth, nonReason } = ctx
  const { lifeMonthsOf } = ctx.buckets
  const findings: Finding[] = []
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
  return findings
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
