import { describe, expect, it } from 'vitest'
import type { AttendanceEntry, BranchRecord, Member } from '@/domain/types'
import { check, makeRecord, MEMBERS, talk, withCode } from './helpers'

const NO_RULES = { rules: [] }
const Q3 = { quarter: 3 as const, today: '2026-10-05' }

/**
 * A themed party day on the 10th of each month from `from` to September 2026, everyone present except
 * 高明 (m4), who is present up to and including `lastPresentMonth` and then `after` (by default absent
 * with no reason recorded).
 */
function monthlyDays(lastPresentMonth: number, after: Partial<AttendanceEntry> = { status: 'absent' }, from = 1): BranchRecord[] {
  const out: BranchRecord[] = []
  for (let m = from; m <= 9; m++) {
    const date = `2026-${String(m).padStart(2, '0')}-10`
    const r = makeRecord('themed-party-day', date)
    out.push({
      ...r,
      attendance: r.attendance.map((a) => (a.memberId === 'm4' && m > lastPresentMonth ? { ...a, status: 'absent' as const, ...after } : a)),
    })
  }
  return out
}

const lifeFindings = (records: BranchRecord[], extra: object = {}) =>
  check({ ...NO_RULES, ...Q3, records, ...extra }).findings.filter((f) => ['no-org-life', 'org-life-excused', 'member-unreachable'].includes(f.code))
const withM4 = (patch: Partial<Member>) => ({ members: MEMBERS.map((m) => (m.id === 'm4' ? { ...m, ...patch } : m)) })
const ARTICLE_9 = '党章第九条：“党员如果没有正当理由，连续六个月不参加党的组织生活，或不交纳党费，或不做党所分配的工作，就被认为是自行脱党。”'

describe('members without organizational life (党章第九条)', () => {
  it('exactly 6 months without a proper reason is an error that quotes 党章第九条 completely', () => {
    const f = lifeFindings(monthlyDays(3)) // last in March; April … September missed
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({ id: 'no-org-life:m4', code: 'no-org-life', memberId: 'm4', severity: 'error', details: { months: 6, unexcusedMonths: 6 } })
    expect(f[0]!.message['zh-CN']).toBe(`高明没有正当理由，已连续6个月未参加党的组织生活。${ARTICLE_9}请支部核实情况，按规定程序处置`)
  })
  it('counts the months exactly for someone last seen years ago, past a year of records without them', () => {
    // 2024-05: m4 present; then every month to September 2026 without m4; m5 was never present at all.
    const old = makeRecord('themed-party-day', '2024-05-10')
    const monthly: BranchRecord[] = []
    for (let mi = 2024 * 12 + 5; mi <= 2026 * 12 + 8; mi++) {
      const r = makeRecord('themed-party-day', `${Math.floor(mi / 12)}-${String((mi % 12) + 1).padStart(2, '0')}-10`)
      monthly.push({ ...r, attendance: r.attendance.map((a) => (a.memberId === 'm4' || a.memberId === 'm5' ? { ...a, status: 'absent' as const } : a)) })
    }
    const withoutM5 = { ...old, attendance: old.attendance.map((a) => (a.memberId === 'm5' ? { ...a, status: 'absent' as const } : a)) }
    const f = lifeFindings([withoutM5, ...monthly])
    // June 2024 → September 2026 is 28 months; m5 counts from the first record (May 2024): 29.
    expect(f.map((x) => [x.memberId, x.details?.months])).toEqual([['m4', 28], ['m5', 29]])
  })
  it('5 months is a warning without the 自行脱党 wording', () => {
    const f = lifeFindings(monthlyDays(4))
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({ memberId: 'm4', severity: 'warning', details: { months: 5 } })
    expect(f[0]!.message['zh-CN']).toBe('高明已连续5个月无正当理由未参加党的组织生活，请及时谈心谈话、了解情况')
  })
  it('3 months is the first warning; 2 months is nothing', () => {
    expect(lifeFindings(monthlyDays(6))[0]).toMatchObject({ severity: 'warning', details: { months: 3 } })
    expect(lifeFindings(monthlyDays(7))).toEqual([])
  })
  it('only months that are over count while the quarter is open', () => {
    const f = lifeFindings(monthlyDays(3), { today: '2026-09-15' }) // September not over yet
    expect(f[0]).toMatchObject({ severity: 'warning', details: { months: 5 } })
  })
  it('attendance at kinds that are not organizational life does not count', () => {
    const records = [
      ...monthlyDays(3),
      ...[5, 6, 7, 8, 9].map((m) => makeRecord('theory-study-group', `2026-0${m}-15`, {
        attendance: [{ memberId: 'm4', name: '高明', status: 'present' }],
      })),
    ]
    expect(lifeFindings(records)[0]).toMatchObject({ severity: 'error', details: { months: 6 } })
  })
})

describe('absent with a proper reason is followed up, never accused', () => {
  it('6 months away with the reason 病休: a note for the secretary, never an error, never 自行脱党', () => {
    const result = check({ ...NO_RULES, ...Q3, records: monthlyDays(3, { status: 'absent', reason: '病休' }) })
    const f = result.findings.filter((x) => x.memberId === 'm4')
    expect(f.map((x) => [x.id, x.severity])).toEqual([['org-life-excused:m4', 'info']])
    expect(f[0]!.message['zh-CN']).toBe('高明已6个月未参加党的组织生活（病休），有正当理由，请安排送学上门或在其所在地参加组织生活')
    expect(JSON.stringify(result.findings)).not.toContain('自行脱党')
    expect(result.findings.filter((x) => x.severity === 'error' && x.code !== 'quorum')).toEqual([]) // the builder's vote counts assume everyone present
  })
  it('12 months excluded from "should attend" with an approved reason: followed up, not accused; an exclusion is not attendance', () => {
    const f = lifeFindings(monthlyDays(0, { status: 'excluded', reason: '借调至区委组织部，经上级党组织批准' }))
    expect(f.map((x) => [x.code, x.severity, x.details?.months])).toEqual([['org-life-excused', 'info', 9]])
  })
  it('an exclusion or absence without a reason, or with a non-reason such as 无, is no excuse', () => {
    expect(lifeFindings(monthlyDays(3, { status: 'excluded', reason: '' }))[0]?.severity).toBe('error')
    expect(lifeFindings(monthlyDays(3, { status: 'absent', reason: '无' }))[0]?.severity).toBe('error')
  })
  it('a month away with a reason breaks the run: three excused then three unexcused is a warning of 3 months', () => {
    const records = monthlyDays(3).map((r, i) => (i >= 3 && i <= 5
      ? { ...r, attendance: r.attendance.map((a) => (a.memberId === 'm4' ? { ...a, reason: '出差' } : a)) }
      : r))
    const f = lifeFindings(records)
    expect(f.map((x) => [x.code, x.severity, x.details?.unexcusedMonths])).toEqual([['no-org-life', 'warning', 3]])
  })
  it('the roster saying 病休 is a proper reason even when the records forgot to write it', () => {
    const f = lifeFindings(monthlyDays(0), withM4({ situation: 'sick-leave' }))
    expect(f.map((x) => [x.code, x.severity])).toEqual([['org-life-excused', 'info']])
    expect(f[0]!.message['zh-CN']).toBe('高明已9个月未参加党的组织生活（病休），有正当理由，请安排送学上门或在其所在地参加组织生活')
  })
  it('失联 has a finding of its own pointing to the upper level’s procedure, not 自行脱党', () => {
    const f = lifeFindings(monthlyDays(0), withM4({ situation: 'unreachable' }))
    expect(f.map((x) => [x.id, x.severity])).toEqual([['member-unreachable:m4', 'warning']])
    expect(f[0]!.message['zh-CN']).toBe('高明处于失联状态，已9个月未参加党的组织生活，请按上级党组织失联党员处置程序查找联系、报告上级党组织并按程序处理')
  })
})

describe('only months as a member of this branch count', () => {
  it('joined in mid-August (transfer in): August is not a gap, September alone is nothing', () => {
    expect(lifeFindings(monthlyDays(0), withM4({ transferredInOn: '2026-08-15' }))).toEqual([])
  })
  it('transferred in on 15 April, absent since: May … September is 5 months, a warning and not an error', () => {
    expect(lifeFindings(monthlyDays(0), withM4({ transferredInOn: '2026-04-15' }))[0]).toMatchObject({ severity: 'warning', details: { months: 5 } })
  })
  it('transferred out on 1 August: the months after do not count; a quarter after leaving does not name them', () => {
    // April … July: 4 months, a warning (September's and August's absences are not theirs to answer for).
    expect(lifeFindings(monthlyDays(3), withM4({ leftOn: '2026-08-01', active: false }))[0]).toMatchObject({ severity: 'warning', details: { months: 4 } })
    expect(lifeFindings(monthlyDays(3), withM4({ leftOn: '2026-07-01', active: false }))).toEqual([])
  })
  it('marked as left with no date: never named, since we cannot tell which quarters were theirs', () => {
    expect(lifeFindings(monthlyDays(0), withM4({ active: false }))).toEqual([])
  })
  it('months before joining the party, or before the branch’s records start, are not gaps', () => {
    expect(lifeFindings(monthlyDays(0), withM4({ joinedOn: '2026-07-01' }))).toEqual([])
    // Records begin in June: June … September is 4 months, a warning rather than an error.
    expect(lifeFindings(monthlyDays(0, undefined, 6))[0]).toMatchObject({ severity: 'warning', details: { months: 4 } })
  })
})

describe('谈心谈话 coverage for the year', () => {
  // Committee: 周建华 林晓梅 郑国强; ordinary members: 高明 宋雅琴 曹静.
  const full = [
    talk('2026-02-01', '周建华', '林晓梅'),
    talk('2026-02-02', '周建华', '郑国强'),
    talk('2026-02-03', '郑国强', '林晓梅'),
    talk('2026-03-01', '周建华', '高明'),
    talk('2026-03-02', '林晓梅', '宋雅琴'),
    talk('2026-03-03', '曹静', '郑国强'),
    talk('2026-04-01', '高明', '宋雅琴'),
    talk('2026-04-02', '曹静', '高明'),
  ]
  const talkFindings = (records: BranchRecord[], extra: object = {}) =>
    withCode(check({ ...NO_RULES, records, ...extra }).findings, 'talk-coverage')

  it('no finding when every required pair is covered', () => {
    expect(talkFindings(full)).toEqual([])
  })
  it('reports the committee pair not yet covered', () => {
    const f = talkFindings(full.filter((_, i) => i !== 2))
    expect(f).toHaveLength(1)
    expect(f[0]!.id).toBe('talk-coverage:committee-committee')
    expect(f[0]!.details?.missingPairs).toEqual([['m2', 'm3']])
    expect(f[0]!.message['zh-CN']).toContain('林晓梅—郑国强')
  })
  it('reports members who have not talked with a committee member, or with another member', () => {
    const f = talkFindings(full.filter((_, i) => i !== 4 && i !== 7)) // 宋雅琴 ↔ committee gone; 曹静 ↔ member gone
    expect(f.find((x) => x.id === 'talk-coverage:committee-member')?.details?.missingMembers).toEqual(['m5'])
    expect(f.find((x) => x.id === 'talk-coverage:member-member')?.details?.missingMembers).toEqual(['m6'])
  })
  it('is a note during the year and an error once the year is over', () => {
    const partial = full.slice(0, 2)
    expect(talkFindings(partial).every((f) => f.severity === 'info')).toBe(true)
    const q4 = talkFindings(partial, { quarter: 4, today: '2027-01-10' })
    expect(q4.map((f) => f.id).sort()).toEqual(['talk-coverage:committee-committee', 'talk-coverage:committee-member', 'talk-coverage:member-member'])
    expect(q4.every((f) => f.severity === 'error')).toBe(true)
  })
  it('talks from last year or drafts do not count; a talk held later in the year counts for an earlier quarter', () => {
    const moved = full.map((t, i) => (i === 0 ? { ...t, date: '2025-12-20' } : i === 1 ? { ...t, status: 'draft' as const } : i === 2 ? { ...t, date: '2026-11-02' } : t))
    const f = talkFindings(moved)
    expect(f.find((x) => x.id === 'talk-coverage:committee-committee')?.details?.missingPairs).toEqual([['m1', 'm2'], ['m1', 'm3']])
    expect(f[0]!.message['zh-CN']).toBe('2026年度全年要求，目前支委之间尚有2对未开展谈心谈话：周建华—林晓梅、周建华—郑国强')
  })
  it('a past quarter reads the same whenever it is opened; only the fourth quarter after the year gives the verdict', () => {
    const partial = full.slice(0, 6)
    const inJuly = check({ ...NO_RULES, records: partial, today: '2026-07-15' }).findings
    const nextYear = check({ ...NO_RULES, records: partial, today: '2027-03-01' }).findings
    expect(nextYear).toEqual(inJuly)
    expect(inJuly.map((f) => [f.id, f.severity])).toEqual([['talk-coverage:member-member', 'info']])
    const q4 = withCode(check({ ...NO_RULES, records: partial, quarter: 4, today: '2027-01-10' }).findings, 'talk-coverage')
    expect(q4.map((f) => [f.message['zh-CN'], f.severity])).toEqual([['2026年度以下党员尚未与其他党员谈心谈话：高明、宋雅琴、曹静', 'error']])
    const q4open = withCode(check({ ...NO_RULES, records: partial, quarter: 4, today: '2026-12-22' }).findings, 'talk-coverage')
    expect(q4open[0]!.message['zh-CN']).toBe('2026年度（还剩10天）以下党员尚未与其他党员谈心谈话：高明、宋雅琴、曹静')
  })
  it('people who joined later, left earlier, are excluded with a reason or 失联 are not owed talks', () => {
    const members = MEMBERS.map((m) => (m.id === 'm4' ? { ...m, transferredInOn: '2026-08-01' } : m.id === 'm5' ? { ...m, leftOn: '2025-12-31', active: false } : m.id === 'm6' ? { ...m, situation: 'unreachable' as const } : m))
    expect(talkFindings(full.slice(0, 3), { members })).toEqual([])
    const excluded = makeRecord('themed-party-day', '2026-05-10')
    const rec = { ...excluded, attendance: excluded.attendance.map((a) => (a.memberId === 'm6' ? { ...a, status: 'excluded' as const, reason: '借调，经上级党组织批准' } : a)) }
    const f = talkFindings([...full.slice(0, 3), talk('2026-03-01', '周建华', '高明'), talk('2026-03-02', '林晓梅', '宋雅琴'), talk('2026-04-01', '高明', '宋雅琴'), rec])
    expect(f).toEqual([])
  })
})
