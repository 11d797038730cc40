import { describe, expect, it } from 'vitest'
import { defaultRules } from '@/domain/check/rules'
import { BRANCH, check, makeRecord, withCode } from './helpers'

const committee = (date: string, extra = {}) => makeRecord('committee-meeting', date, extra)
const onlyRules = (...kindIds: string[]) => defaultRules().filter((r) => kindIds.includes(r.kindId))

describe('meetings required per month', () => {
  it('flags the one month of the quarter without a committee meeting, and only that month', () => {
    const records = [committee('2026-04-08'), committee('2026-06-10')]
    const result = check({ records, rules: onlyRules('committee-meeting'), today: '2026-07-15' })
    const req = result.requirements.find((r) => r.kindId === 'committee-meeting')!
    expect(req.required).toBe(3)
    expect(req.held).toBe(2)
    expect(req.due).toBe(1)
    expect(req.daysLeft).toBe(0)
    expect(req.perMonth).toEqual([
      { month: 4, required: 1, held: 1 },
      { month: 5, required: 1, held: 0 },
      { month: 6, required: 1, held: 1 },
    ])
    const missing = withCode(result.findings, 'missing-meeting')
    expect(missing).toHaveLength(1)
    expect(missing[0]!.severity).toBe('error')
    expect(missing[0]!.details).toMatchObject({ period: '2026-Q2', required: 1, held: 0, gaps: [{ period: '2026-05', required: 1, held: 0 }] })
    expect(missing[0]!.message).toEqual({ 'zh-CN': '5月未召开支部委员会会议', en: 'No branch committee meeting in May' })
  })

  it('a surplus in one month does not make up for a gap in another', () => {
    const records = [committee('2026-04-08'), committee('2026-04-22'), committee('2026-06-10')]
    const req = check({ records, rules: onlyRules('committee-meeting') }).requirements[0]!
    expect(req.held).toBe(3)
    expect(req.due).toBe(1)
  })

  it('in an open quarter, past months are errors, the current month is still due, later months are not flagged', () => {
    const records = [committee('2026-04-08')]
    const result = check({ records, rules: onlyRules('committee-meeting'), today: '2026-06-20' })
    const req = result.requirements[0]!
    expect(req.daysLeft).toBe(11) // 20 … 30 June, today included
    expect(withCode(result.findings, 'missing-meeting').map((f) => f.message['zh-CN'])).toEqual(['5月未召开支部委员会会议'])
    const due = withCode(result.findings, 'meeting-due')
    expect(due).toHaveLength(1)
    expect(due[0]!.severity).toBe('info')
    expect(due[0]!.details).toMatchObject({ daysLeft: 11, gaps: [{ period: '2026-06', required: 1, held: 0 }] })
    expect(due[0]!.message['zh-CN']).toBe('6月支部委员会会议尚需召开1次，还剩11天')

    const early = check({ records, rules: onlyRules('committee-meeting'), today: '2026-04-20' })
    expect(withCode(early.findings, 'missing-meeting')).toHaveLength(0)
    expect(withCode(early.findings, 'meeting-due')).toHaveLength(0) // April already has its meeting
  })

  it('drafts, deleted records and other branches do not count', () => {
    const records = [
      committee('2026-04-08', { status: 'draft' }),
      committee('2026-05-08', { deleted: true }),
      committee('2026-06-08', { branchId: 'other' }),
    ]
    const result = check({ records, rules: onlyRules('committee-meeting') })
    expect(result.requirements[0]!.held).toBe(0)
    expect(withCode(result.findings, 'missing-meeting').map((f) => f.message['zh-CN'])).toEqual(['4—6月未召开支部委员会会议'])
    expect(withCode(result.findings, 'draft-unfinished').map((f) => f.recordDate)).toEqual(['2026-04-08'])
  })
})

describe('party-group meetings are counted per group', () => {
  const group = (date: string, groupId?: string) => makeRecord('party-group-meeting', date, groupId ? { partyGroupId: groupId } : {})

  it('counts each group separately and flags the group with no meetings', () => {
    const records = [group('2026-04-10', 'g1'), group('2026-05-12', 'g1'), group('2026-06-09', 'g1')]
    const result = check({ records, rules: onlyRules('party-group-meeting') })
    const req = result.requirements[0]!
    expect(req.required).toBe(6)
    expect(req.held).toBe(3)
    expect(req.due).toBe(3)
    expect(req.perGroup?.map((g) => [g.groupId, g.required, g.held])).toEqual([['g1', 3, 3], ['g2', 3, 0]])
    const missing = withCode(result.findings, 'missing-meeting')
    expect(missing).toHaveLength(1)
    expect((missing[0]!.details?.gaps as { groupId: string }[]).map((g) => g.groupId)).toEqual(['g2', 'g2', 'g2'])
    expect(missing[0]!.message).toEqual({ 'zh-CN': '第二党小组4—6月未召开党小组会', en: 'No party group meeting in April–June (第二党小组)' })
  })

  it('merges the groups that missed the same months into one line, as a checker writes it', () => {
    const branch = { ...BRANCH, partyGroups: [...BRANCH.partyGroups, { id: 'g3', name: '第三党小组' }] }
    const records = [group('2026-04-10', 'g1'), group('2026-05-12', 'g1'), group('2026-06-09', 'g1'), group('2026-05-20', 'g1'), group('2026-04-20', 'g3'), group('2026-06-20', 'g3')]
    const result = check({ records, branch, rules: onlyRules('party-group-meeting') })
    expect(withCode(result.findings, 'missing-meeting').map((f) => f.message['zh-CN'])).toEqual(['第二党小组4—6月未召开党小组会；第三党小组5月未召开党小组会'])
    const all = check({ records: records.filter((r) => r.partyGroupId === 'g1'), branch, rules: onlyRules('party-group-meeting'), quarter: 2 })
    expect(withCode(all.findings, 'missing-meeting').map((f) => f.message)).toEqual([
      { 'zh-CN': '第二、三党小组4—6月未召开党小组会', en: 'No party group meeting in April–June (第二党小组 and 第三党小组)' },
    ])
    const twice = check({ records, branch, rules: onlyRules('party-group-meeting').map((r) => ({ ...r, count: 2 })) })
    expect(withCode(twice.findings, 'missing-meeting')[0]!.message['zh-CN']).toBe(
      '第二党小组4—6月未召开党小组会；第三党小组5月未召开党小组会；第一党小组4月党小组会应召开2次，实际召开1次；第一党小组6月党小组会应召开2次，实际召开1次；第三党小组4月党小组会应召开2次，实际召开1次；第三党小组6月党小组会应召开2次，实际召开1次')
  })

  it('a record without its group is attributed by who was present', () => {
    const r = makeRecord('party-group-meeting', '2026-04-10', {
      attendance: [
        { memberId: 'm3', name: '郑国强', status: 'present' },
        { memberId: 'm5', name: '宋雅琴', status: 'present' },
        { memberId: 'm4', name: '高明', status: 'absent', reason: '出差' },
      ],
    })
    const req = check({ records: [r], rules: onlyRules('party-group-meeting') }).requirements[0]!
    expect(req.perGroup?.find((g) => g.groupId === 'g2')?.held).toBe(1)
    expect(req.perGroup?.find((g) => g.groupId === 'g1')?.held).toBe(0)
  })

  it('a branch without party groups has no group requirement', () => {
    const result = check({ records: [], rules: onlyRules('party-group-meeting'), branch: { ...BRANCH, partyGroups: [] } })
    expect(result.requirements).toHaveLength(0)
    expect(result.findings.filter((f) => f.code !== 'talk-coverage')).toHaveLength(0)
  })
})

describe('quarterly and yearly requirements', () => {
  it('a general meeting per quarter: missing once the quarter is over, due while it is open', () => {
    const rules = onlyRules('general-meeting')
    const over = check({ records: [], rules, today: '2026-07-01' })
    expect(withCode(over.findings, 'missing-meeting')).toHaveLength(1)
    const open = check({ records: [], rules, today: '2026-06-30' })
    expect(withCode(open.findings, 'missing-meeting')).toHaveLength(0)
    expect(withCode(open.findings, 'meeting-due')[0]!.details).toMatchObject({ daysLeft: 1 })
    const held = check({ records: [makeRecord('general-meeting', '2026-05-20')], rules, today: '2026-07-01' })
    expect(held.requirements[0]).toMatchObject({ required: 1, held: 1, due: 0 })
    expect(withCode(held.findings, 'missing-meeting')).toHaveLength(0)
  })

  it('a yearly meeting counts the year so far and is only a finding in the fourth quarter', () => {
    const rules = onlyRules('org-life-meeting')
    const q2 = check({ records: [], rules, today: '2026-07-15' })
    expect(q2.requirements[0]).toMatchObject({ per: 'year', required: 1, held: 0, due: 1 })
    expect(q2.findings.filter((f) => f.code !== 'talk-coverage')).toHaveLength(0)

    const q4 = check({ records: [], rules, quarter: 4, today: '2027-01-05' })
    expect(withCode(q4.findings, 'missing-meeting')).toHaveLength(1)

    const heldInQ1 = check({ records: [makeRecord('org-life-meeting', '2026-02-10')], rules, quarter: 4, today: '2027-01-05' })
    expect(heldInQ1.requirements[0]).toMatchObject({ held: 1, due: 0 })
    expect(withCode(heldInQ1.findings, 'missing-meeting')).toHaveLength(0)
  })

  it('returns no rankings or scores, only counts', () => {
    const result = check({ records: [committee('2026-04-08')] })
    expect(Object.keys(result).sort()).toEqual(['branchId', 'counts', 'findings', 'quarter', 'range', 'requirements', 'today', 'year'])
    for (const req of result.requirements) expect(Object.keys(req)).not.toContain('score')
  })
})
