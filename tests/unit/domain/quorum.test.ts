import { describe, expect, it } from 'vitest'
import { attendanceCounts, type AttendanceCounts } from '@/domain/attendance'
import {
  QUORUM_RULES, canProceed, decisionOutcome, decisionPasses, electionResult, meetingValidityWarnings, meetsThreshold, minimumFor,
} from '@/domain/quorum'
import type { Decision, DecisionRule } from '@/domain/types'
import { entry, members, record } from './helpers'

/** Counts for `expected` voting full members of whom `present` came (and `written` sent written opinions). */
function counts(expected: number, present: number, written = 0): AttendanceCounts {
  const roster = members(expected)
  const r = record({
    attendance: roster.map((m, i) =>
      i < present ? entry(m, 'present') : i < present + written ? entry(m, 'written', '出差') : entry(m, 'absent', '病假')),
  })
  return attendanceCounts(r, roster)
}
const decision = (rule: DecisionRule, yes: number, no = 0, abstain = 0): Decision => ({ id: 'd', text: '同意', rule, yes, no, abstain })

describe('thresholds in whole numbers', () => {
  it('treats exactly half as not more than half', () => {
    const half = QUORUM_RULES['general-meeting'].proceed!.threshold
    expect(meetsThreshold(4, 8, half)).toBe(false)
    expect(meetsThreshold(5, 8, half)).toBe(true)
    expect(meetsThreshold(5, 9, half)).toBe(true)
    expect(meetsThreshold(4, 9, half)).toBe(false)
    expect(minimumFor(8, half)).toBe(5)
    expect(minimumFor(9, half)).toBe(5)
    expect(meetsThreshold(0, 0, half)).toBe(false)
  })
})

describe('党员大会', () => {
  it('may proceed only with more than half of the voting members present', () => {
    expect(canProceed('general-meeting', counts(8, 4))).toBe(false)
    expect(canProceed('general-meeting', counts(8, 5))).toBe(true)
  })

  it('passes on more than half of those who SHOULD attend, not of those present', () => {
    const c = counts(10, 6)
    expect(decisionPasses(decision('general-meeting', 5, 1), c)).toBe(false) // 5 of 6 present, but 10 should attend
    expect(decisionPasses(decision('general-meeting', 6), c)).toBe(true)
    expect(decisionOutcome(decision('general-meeting', 5, 1), c).yesNeeded).toBe(6)
  })

  it('never passes when the meeting could not proceed', () => {
    expect(decisionPasses(decision('general-meeting', 5), counts(10, 5))).toBe(false)
  })

  it('does not count probationary members among voters', () => {
    const roster = [...members(4), ...members(3, { membership: 'probationary', votingRights: false })]
    const r = record({ attendance: roster.map((m, i) => (i < 2 || i >= 4 ? entry(m, 'present') : entry(m, 'absent', '出差'))) })
    const c = attendanceCounts(r, roster)
    expect(c.actual).toBe(5) // 5 of 7 people are there …
    expect(canProceed('general-meeting', c)).toBe(false) // … but only 2 of 4 voters
  })

  it('lets approved exclusions reduce who should attend', () => {
    const roster = members(10)
    const att = roster.map((m, i) => (i < 5 ? entry(m, 'present') : i < 7 ? entry(m, 'excluded', '出国（境）6个月以上，经批准') : entry(m, 'absent', '病假')))
    const c = attendanceCounts(record({ attendance: att }), roster)
    expect(c.votingExpected).toBe(8)
    expect(canProceed('general-meeting', c)).toBe(true) // 5 > 8/2; without the exclusions 5 of 10 would not do
    expect(canProceed('general-meeting', counts(10, 5))).toBe(false)
  })
})

describe('接收预备党员 with written opinions', () => {
  it('counts written opinions as votes but not as presence', () => {
    const c = counts(9, 5, 2)
    expect(canProceed('admission', c)).toBe(true)
    const vote = decision('admission', 6, 1) // 4 present + 2 written say yes, 1 says no
    const outcome = decisionOutcome(vote, c)
    expect(outcome.maxVotes).toBe(7)
    expect(outcome.problems).toEqual([])
    expect(outcome.passes).toBe(true)
    // Under the general-meeting rule the same 7 votes exceed the 5 present.
    expect(decisionOutcome({ ...vote, rule: 'general-meeting' }, c).problems[0]?.['zh-CN']).toContain('多于实到人数5人')
    // Written opinions do not make a quorum: 4 present + 3 written of 9 is not enough to hold the vote.
    expect(canProceed('admission', counts(9, 4, 3))).toBe(false)
  })

  it('needs more than half of the full members who should attend', () => {
    const c = counts(9, 6, 2)
    expect(decisionPasses(decision('admission', 4, 2, 2), c)).toBe(false)
    expect(decisionPasses(decision('admission', 5, 1, 2), c)).toBe(true)
  })
})

describe('支委会', () => {
  it('needs more than half of the committee', () => {
    expect(canProceed('committee', counts(5, 2))).toBe(false)
    expect(canProceed('committee', counts(5, 3))).toBe(true)
    expect(canProceed('committee', counts(4, 2))).toBe(false)
  })
})

describe('election', () => {
  it('requires MORE than 4/5 present by default, exactly 4/5 only under the non-strict wording', () => {
    expect(canProceed('election', counts(10, 8))).toBe(false)
    expect(canProceed('election', counts(10, 9))).toBe(true)
    expect(canProceed('election', counts(10, 8), { electionQuorum: 'not-less-than' })).toBe(true)
    expect(canProceed('election', counts(10, 7), { electionQuorum: 'not-less-than' })).toBe(false)
    expect(canProceed('election', counts(10, 8), { electionQuorum: 'more-than' })).toBe(false)
  })

  it('elects on more than half of the voters present, up to the seats', () => {
    const result = electionResult({
      seats: 2, votersExpected: 20, votersPresent: 18, ballotsIssued: 18, ballotsReturned: 18, ballotsValid: 18,
      candidates: [{ name: '周建华', yes: 17 }, { name: '林晓梅', yes: 9 }, { name: '郑国强', yes: 10 }],
    })
    expect(result.valid).toBe(true)
    expect(result.elected).toEqual(['周建华', '郑国强']) // 9 of 18 is exactly half: not elected
    expect(result.problems).toEqual([])
  })

  it('is not valid with too few voters or more ballots back than out', () => {
    const few = electionResult({ seats: 1, votersExpected: 10, votersPresent: 8, candidates: [{ name: '周建华', yes: 8 }] })
    expect(few.valid).toBe(false)
    expect(few.elected).toEqual([])
    expect(few.problems[0]?.['zh-CN']).toBe('有选举权的党员应到10人，实到8人，未超过五分之四，选举无效')
    const stuffed = electionResult({ seats: 1, votersExpected: 10, votersPresent: 10, ballotsIssued: 10, ballotsReturned: 11, candidates: [] })
    expect(stuffed.valid).toBe(false)
    expect(stuffed.problems.map((p) => p['zh-CN'])).toContain('收回选票11张，多于发出选票10张，选举无效')
  })
})

describe('民主生活会', () => {
  it('needs at least two thirds (exactly 2/3 is enough)', () => {
    expect(canProceed('democratic-life', counts(9, 6))).toBe(true)
    expect(canProceed('democratic-life', counts(9, 5))).toBe(false)
    expect(canProceed('democratic-life', counts(10, 7))).toBe(true)
    expect(canProceed('democratic-life', counts(10, 6))).toBe(false)
  })
})

describe('meetingValidityWarnings', () => {
  it('says plainly when a meeting could not decide', () => {
    const roster = members(9)
    const r = record({
      kind: 'party-group-meeting',
      attendance: roster.map((m, i) => (i < 4 ? entry(m, 'present') : entry(m, 'absent', '出差'))),
      decisions: [{ id: 'd1', text: '推荐高明为优秀党员', rule: 'majority-present', yes: 4, no: 0, abstain: 0 }],
    })
    expect(meetingValidityWarnings(r, roster).map((w) => w['zh-CN'])).toEqual(['应到9人，实到4人，未超过半数，会议不能作出决定'])
  })

  it('reports a decision that missed its majority', () => {
    const roster = members(10)
    const r = record({
      kind: 'general-meeting',
      attendance: roster.map((m, i) => (i < 7 ? entry(m, 'present') : entry(m, 'absent', '出差'))),
      decisions: [{ id: 'd1', text: '同意', rule: 'general-meeting', yes: 5, no: 2, abstain: 0 }],
    })
    const w = meetingValidityWarnings(r, roster).map((x) => x['zh-CN'])
    expect(w).toEqual(['决定事项“同意”赞成5票，未超过应到会有表决权党员10人的半数（至少需6票），未获通过'])
  })

  it('is silent for a valid meeting and warns a thin 民主生活会', () => {
    const roster = members(6)
    const ok = record({
      attendance: roster.map((m, i) => (i < 4 ? entry(m, 'present') : entry(m, 'absent', '出差'))),
      decisions: [{ id: 'd1', text: '同意', rule: 'committee', yes: 4, no: 0, abstain: 0 }],
    })
    expect(meetingValidityWarnings(ok, roster)).toEqual([])
    const life = record({ kind: 'democratic-life-meeting', attendance: roster.map((m, i) => (i < 3 ? entry(m, 'present') : entry(m, 'absent', '出差'))) })
    expect(meetingValidityWarnings(life, roster).map((x) => x['zh-CN'])).toEqual(['应到6人，实到3人，不足三分之二，民主生活会不能召开'])
  })

  it('takes an election record from its sheet', () => {
    const r = record({
      kind: 'election',
      sections: { seats: 1, votersExpected: 10, votersPresent: 8, ballotsIssued: 8, ballotsReturned: 8, ballotsValid: 8, candidates: [{ name: '周建华', yes: 8 }] },
    })
    expect(meetingValidityWarnings(r).map((x) => x['zh-CN'])).toEqual(['有选举权的党员应到10人，实到8人，未超过五分之四，选举无效'])
    expect(meetingValidityWarnings(r, undefined, { electionQuorum: 'not-less-than' })).toEqual([])
  })
})
