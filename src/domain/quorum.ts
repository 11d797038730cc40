// Quorum and vote rules as data. Every threshold is a fraction with a strict ("more than") or non-strict
// ("not less than") comparison, compared in whole numbers so 4/5 of 10 is exactly 8, never 7.999….
// An organization may override any rule (QuorumConfig.rules) or just the election wording.
import type { AttendanceCounts } from './attendance'
import { attendanceCounts } from './attendance'
import { kindById } from './kinds'
import type { BranchRecord, Decision, DecisionRule, Label, Member } from './types'

export interface Fraction { num: number; den: number }

export interface Threshold {
  fraction: Fraction
  /** true: must be MORE than the fraction (exactly half is not enough); false: at least the fraction. */
  strict: boolean
}

/** Which count of `AttendanceCounts` a rule measures against. */
export type CountBase = 'expected' | 'actual' | 'votingExpected' | 'votingPresent' | 'fullMembersExpected' | 'fullMembersPresent'

export interface QuorumRule {
  label: Label
  /** The meeting may decide when `present` reaches the threshold of `of`; null = no condition. */
  proceed: { present: CountBase; of: CountBase; threshold: Threshold } | null
  /** A decision passes when its yes votes reach the threshold of `of`; null = the meeting takes no vote. */
  pass: { of: CountBase; threshold: Threshold } | null
  /** Written opinions sent in before the vote are counted as votes (so votes may exceed those present). */
  writtenOpinionsCount: boolean
  /** Who is counted in the proceed base, for messages: 有表决权的党员, 支部委员, … (empty: everyone). */
  who: Label
  /** What happens when the meeting cannot proceed. */
  consequence: Label
  source: Label
}

const L = (zh: string, en: string): Label => ({ 'zh-CN': zh, en })
const HALF: Threshold = { fraction: { num: 1, den: 2 }, strict: true }

export const QUORUM_RULES: Readonly<Record<DecisionRule, QuorumRule>> = {
  'general-meeting': {
    label: L('党员大会表决', 'General meeting vote'),
    proceed: { present: 'votingPresent', of: 'votingExpected', threshold: HALF },
    pass: { of: 'votingExpected', threshold: HALF },
    writtenOpinionsCount: false,
    who: L('有表决权的党员', 'members with voting rights'),
    consequence: L('会议不能作出决定', 'the meeting cannot decide'),
    source: L('有表决权的党员到会超过半数方可召开；赞成票超过应到会有表决权党员的半数为通过', 'More than half of the members with voting rights present; passes with yes votes from more than half of those who should attend'),
  },
  admission: {
    label: L('接收预备党员／预备党员转正', 'Admission / confirmation of a member'),
    proceed: { present: 'fullMembersPresent', of: 'fullMembersExpected', threshold: HALF },
    pass: { of: 'fullMembersExpected', threshold: HALF },
    writtenOpinionsCount: true,
    who: L('正式党员', 'full members'),
    consequence: L('不能表决接收预备党员或预备党员转正', 'admissions and confirmations cannot be voted on'),
    source: L('《中国共产党发展党员工作细则》：到会有表决权的正式党员超过应到会人数的半数；赞成人数超过应到会有表决权正式党员的半数；会前提交的书面意见计入票数', 'Party member recruitment rules: more than half of the full members present; yes from more than half of those who should attend; written opinions submitted beforehand are counted'),
  },
  committee: {
    label: L('支委会决定', 'Committee decision'),
    proceed: { present: 'actual', of: 'expected', threshold: HALF },
    pass: { of: 'expected', threshold: HALF },
    writtenOpinionsCount: false,
    who: L('支部委员', 'committee members'),
    consequence: L('会议不能作出决定', 'the meeting cannot decide'),
    source: L('半数以上委员到会方能召开；以超过应到会委员半数同意为通过', 'More than half of the committee present; passes with yes from more than half of the committee'),
  },
  election: {
    label: L('选举', 'Election'),
    proceed: { present: 'votingPresent', of: 'votingExpected', threshold: { fraction: { num: 4, den: 5 }, strict: true } },
    pass: { of: 'votingPresent', threshold: HALF },
    writtenOpinionsCount: false,
    who: L('有选举权的党员', 'voters'),
    consequence: L('选举无效', 'the election is not valid'),
    source: L('《中国共产党基层组织选举工作条例》：有选举权的到会人数超过应到会人数的五分之四，会议有效；赞成票超过实到会有选举权人数的一半，始得当选', 'Basic-level election rules: more than 4/5 of the voters present; a candidate needs yes votes from more than half of the voters present'),
  },
  'majority-present': {
    label: L('多数同意', 'Majority of those present'),
    proceed: { present: 'actual', of: 'expected', threshold: HALF },
    pass: { of: 'actual', threshold: HALF },
    writtenOpinionsCount: false,
    who: L('', ''),
    consequence: L('会议不能作出决定', 'the meeting cannot decide'),
    source: L('超过半数到会；赞成票超过到会人数的半数', 'More than half present; yes votes from more than half of those present'),
  },
  'democratic-life': {
    label: L('民主生活会', 'Democratic life meeting'),
    proceed: { present: 'actual', of: 'expected', threshold: { fraction: { num: 2, den: 3 }, strict: false } },
    pass: null,
    writtenOpinionsCount: false,
    who: L('', ''),
    consequence: L('民主生活会不能召开', 'the meeting should not be held'),
    source: L('应到会人员三分之二以上到会方可召开', 'At least two thirds of those who should attend'),
  },
}

export interface QuorumConfig {
  /** Election wording: "more than 4/5" (default) or "not fewer than 4/5" (also seen in local rules). */
  electionQuorum?: 'more-than' | 'not-less-than'
  /** Replace parts of any rule. */
  rules?: Partial<Record<DecisionRule, Partial<QuorumRule>>>
}

export function quorumRule(rule: DecisionRule, config: QuorumConfig = {}): QuorumRule {
  const base = QUORUM_RULES[rule]
  let r: QuorumRule = { ...base, ...config.rules?.[rule] }
  if (rule === 'election' && config.electionQuorum && r.proceed) {
    r = { ...r, proceed: { ...r.proceed, threshold: { ...r.proceed.threshold, strict: config.electionQuorum === 'more-than' } } }
  }
  return r
}

/** Does `count` reach the threshold of `base`? In integers; nothing reaches a threshold of zero people. */
export function meetsThreshold(count: number, base: number, t: Threshold): boolean {
  if (base <= 0) return false
  const lhs = count * t.fraction.den
  const rhs = base * t.fraction.num
  return t.strict ? lhs > rhs : lhs >= rhs
}

/** The smallest count that reaches the threshold. */
export function minimumFor(base: number, t: Threshold): number {
  const exact = (base * t.fraction.num) / t.fraction.den
  return t.strict ? Math.floor(exact) + 1 : Math.ceil(exact)
}

export function canProceed(rule: DecisionRule, counts: AttendanceCounts, config?: QuorumConfig): boolean {
  const r = quorumRule(rule, config)
  if (!r.proceed) return true
  return meetsThreshold(counts[r.proceed.present], counts[r.proceed.of], r.proceed.threshold)
}

export interface DecisionOutcome {
  canProceed: boolean
  passes: boolean
  /** Yes votes needed to pass (0 when the rule takes no vote). */
  yesNeeded: number
  /** Most votes that can have been cast: those present, plus written opinions where they count. */
  maxVotes: number
  problems: Label[]
}

function shorten(text: string, max = 20): string {
  const t = text.trim()
  return t.length > max ? `${t.slice(0, max)}…` : t
}

const PRESENT_OF: Record<CountBase, CountBase> = {
  expected: 'actual', actual: 'actual', votingExpected: 'votingPresent', votingPresent: 'votingPresent',
  fullMembersExpected: 'fullMembersPresent', fullMembersPresent: 'fullMembersPresent',
}
const WRITTEN_OF: Record<CountBase, keyof AttendanceCounts> = {
  expected: 'written', actual: 'written', votingExpected: 'votingWritten', votingPresent: 'votingWritten',
  fullMembersExpected: 'fullMembersWritten', fullMembersPresent: 'fullMembersWritten',
}

export function decisionOutcome(decision: Decision, counts: AttendanceCounts, config?: QuorumConfig): DecisionOutcome {
  const r = quorumRule(decision.rule, config)
  const proceed = canProceed(decision.rule, counts, config)
  const problems: Label[] = []
  if (!r.pass) return { canProceed: proceed, passes: proceed, yesNeeded: 0, maxVotes: 0, problems }
  const voters = PRESENT_OF[r.pass.of]
  const maxVotes = counts[voters] + (r.writtenOpinionsCount ? counts[WRITTEN_OF[r.pass.of]] : 0)
  const yesNeeded = minimumFor(counts[r.pass.of], r.pass.threshold)
  const yes = decision.yes ?? 0
  const cast = yes + (decision.no ?? 0) + (decision.abstain ?? 0)
  const text = shorten(decision.text)
  if (cast > maxVotes) {
    problems.push(r.writtenOpinionsCount
      ? L(`决定事项“${text}”表决票数合计${cast}票，多于到会人数与书面意见之和${maxVotes}人`, `Decision "${text}": ${cast} votes, more than the ${maxVotes} present or sending written opinions`)
      : L(`决定事项“${text}”表决票数合计${cast}票，多于实到人数${maxVotes}人`, `Decision "${text}": ${cast} votes, more than the ${maxVotes} present`))
  }
  const passes = proceed && decision.yes !== undefined && meetsThreshold(yes, counts[r.pass.of], r.pass.threshold)
  return { canProceed: proceed, passes, yesNeeded, maxVotes, problems }
}

export function decisionPasses(decision: Decision, counts: AttendanceCounts, config?: QuorumConfig): boolean {
  return decisionOutcome(decision, counts, config).passes
}

// ---------------------------------------------------------------- plain warnings

const BASE_WORDS: Record<CountBase, Label> = {
  expected: L('应到', 'who should attend'),
  actual: L('实到', 'present'),
  votingExpected: L('应到会有表决权党员', 'members with voting rights who should attend'),
  votingPresent: L('实到会有表决权党员', 'members with voting rights present'),
  fullMembersExpected: L('应到会正式党员', 'full members who should attend'),
  fullMembersPresent: L('实到会正式党员', 'full members present'),
}

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

function fractionZh(f: Fraction): string {
  if (f.num === 1 && f.den === 2) return '半数'
  return `${ZH_DIGITS[f.den] ?? f.den}分之${ZH_DIGITS[f.num] ?? f.num}`
}
function fractionEn(f: Fraction): string {
  return f.num === 1 && f.den === 2 ? 'half' : `${f.num}/${f.den}`
}

function proceedWarning(r: QuorumRule, counts: AttendanceCounts): Label | null {
  if (!r.proceed) return null
  const base = counts[r.proceed.of]
  const present = counts[r.proceed.present]
  if (base === 0 || meetsThreshold(present, base, r.proceed.threshold)) return null
  const t = r.proceed.threshold
  const zhShort = t.strict ? `未超过${fractionZh(t.fraction)}` : `不足${fractionZh(t.fraction)}`
  const enShort = t.strict ? `not more than ${fractionEn(t.fraction)}` : `less than ${fractionEn(t.fraction)}`
  const who = r.who
  return {
    'zh-CN': `${who['zh-CN']}应到${base}人，实到${present}人，${zhShort}，${r.consequence['zh-CN']}`,
    en: `${base} ${who.en || 'people'} should attend, ${present} present: ${enShort}, so ${r.consequence.en}`,
  }
}

/** The numbers of an election record (sections of the `election` kind), where filled in. */
export interface ElectionSheet {
  seats?: number
  votersExpected?: number
  votersPresent?: number
  ballotsIssued?: number
  ballotsReturned?: number
  ballotsValid?: number
  candidates: { name: string; yes?: number; no?: number; abstain?: number }[]
}

const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)

export function electionSheet(record: Pick<BranchRecord, 'sections'>): ElectionSheet {
  const s = record.sections
  const candidates = Array.isArray(s.candidates) ? s.candidates : []
  return {
    seats: n(s.seats),
    votersExpected: n(s.votersExpected),
    votersPresent: n(s.votersPresent),
    ballotsIssued: n(s.ballotsIssued),
    ballotsReturned: n(s.ballotsReturned),
    ballotsValid: n(s.ballotsValid),
    candidates: candidates.filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null).map((c) => ({
      name: typeof c.name === 'string' ? c.name : '', yes: n(c.yes), no: n(c.no), abstain: n(c.abstain),
    })),
  }
}

export interface ElectionResult {
  valid: boolean
  /** Candidates elected: more than half of the voters present, the most votes first, up to the seats. */
  elected: string[]
  problems: Label[]
}

/** Counts an election from its sheet; the attendance counts fill in voter numbers the sheet lacks. */
export function electionResult(sheet: ElectionSheet, counts?: AttendanceCounts, config?: QuorumConfig): ElectionResult {
  const r = quorumRule('election', config)
  const expected = sheet.votersExpected ?? counts?.votingExpected ?? 0
  const present = sheet.votersPresent ?? counts?.votingPresent ?? 0
  const c = { ...(counts ?? attendanceCounts({ attendance: [], guests: [] })), votingExpected: expected, votingPresent: present }
  const problems: Label[] = []
  const pw = proceedWarning(r, c)
  if (pw) problems.push(pw)
  const valid = canProceed('election', c, config)
  const { ballotsIssued: issued, ballotsReturned: returned, ballotsValid: validBallots } = sheet
  let ballotsOk = true
  if (issued !== undefined && issued > present) {
    problems.push(L(`发出选票${issued}张，多于实到会有选举权人数${present}人`, `${issued} ballots issued for ${present} voters present`))
  }
  if (issued !== undefined && returned !== undefined && returned > issued) {
    ballotsOk = false
    problems.push(L(`收回选票${returned}张，多于发出选票${issued}张，选举无效`, `${returned} ballots returned but ${issued} issued: the election is not valid`))
  }
  if (returned !== undefined && validBallots !== undefined && validBallots > returned) {
    problems.push(L(`有效选票${validBallots}张，多于收回选票${returned}张`, `${validBallots} valid ballots but only ${returned} returned`))
  }
  const ceiling = validBallots ?? returned ?? present
  for (const cand of sheet.candidates) {
    const total = (cand.yes ?? 0) + (cand.no ?? 0) + (cand.abstain ?? 0)
    if (cand.name && total > ceiling) {
      problems.push(L(`候选人${cand.name}的票数合计${total}票，多于有效选票${ceiling}张`, `Candidate ${cand.name}: ${total} votes, more than ${ceiling} valid ballots`))
    }
  }
  const passOf = r.pass ? c[r.pass.of] : present
  const threshold = r.pass?.threshold ?? HALF
  const winners = sheet.candidates
    .filter((cand) => cand.name && cand.yes !== undefined && meetsThreshold(cand.yes, passOf, threshold))
    .sort((a, b) => (b.yes ?? 0) - (a.yes ?? 0))
  const seats = sheet.seats ?? winners.length
  const isValid = valid && ballotsOk
  const elected = isValid ? winners.slice(0, seats).map((w) => w.name) : []
  if (isValid && winners.length > seats) {
    const cut = winners[seats - 1]?.yes
    if (cut !== undefined && winners[seats]?.yes === cut) {
      problems.push(L(`得票相等的候选人超过应选名额，应就票数相等的候选人再次投票`, 'Candidates tie for the last seat: vote again between them'))
    }
  }
  if (isValid && sheet.seats !== undefined && winners.length < sheet.seats && sheet.candidates.length > 0) {
    problems.push(L(`得票过半数的候选人${winners.length}名，少于应选名额${sheet.seats}名`, `${winners.length} candidates have a majority, fewer than the ${sheet.seats} seats`))
  }
  return { valid: isValid, elected, problems }
}

/**
 * Every reason the meeting could not validly decide, in plain words for the secretary: the quorum of each
 * rule its decisions (or, for elections and 民主生活会, the meeting itself) are counted under, vote totals
 * that exceed the people who could vote, and decisions that did not reach their majority.
 */
export function meetingValidityWarnings(record: BranchRecord, roster?: readonly Member[], config?: QuorumConfig): Label[] {
  const kind = kindById(record.kind)
  const counts = attendanceCounts(record, roster)
  const warnings: Label[] = []
  const decisions = record.decisions.filter((d) => d.text.trim() !== '')

  if (kind?.defaultDecisionRule === 'election') {
    warnings.push(...electionResult(electionSheet(record), counts, config).problems)
  } else if (kind?.defaultDecisionRule === 'democratic-life') {
    const w = proceedWarning(quorumRule('democratic-life', config), counts)
    if (w) warnings.push(w)
  }

  const rules = [...new Set(decisions.map((d) => d.rule))].filter((r) => !(r === 'election' && kind?.defaultDecisionRule === 'election'))
  for (const rule of rules) {
    const w = proceedWarning(quorumRule(rule, config), counts)
    if (w) warnings.push(w)
  }
  for (const d of decisions) {
    const outcome = decisionOutcome(d, counts, config)
    warnings.push(...outcome.problems)
    const r = quorumRule(d.rule, config)
    if (outcome.canProceed && r.pass && d.yes !== undefined && !outcome.passes) {
      const text = shorten(d.text)
      const t = r.pass.threshold
      const base = BASE_WORDS[r.pass.of]
      warnings.push(L(
        `决定事项“${text}”赞成${d.yes}票，未${t.strict ? '超过' : '达到'}${base['zh-CN']}${counts[r.pass.of]}人的${fractionZh(t.fraction)}（至少需${outcome.yesNeeded}票），未获通过`,
        `Decision "${text}": ${d.yes} yes, ${t.strict ? 'not more than' : 'less than'} ${fractionEn(t.fraction)} of the ${counts[r.pass.of]} ${base.en} (${outcome.yesNeeded} needed): not passed`,
      ))
    }
  }
  return warnings
}
