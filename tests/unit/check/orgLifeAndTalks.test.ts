import { describe, expect, it } from 'vitest'
import type { AttendanceEntry, BranchRecord, Member } from '@/domain/types'
import { check, makeRecord, MEMBERS, talk, withCode } from './helpers'

const NO_RULES = { rules: [] }
const Q3 = { quarter: 3 as const, today: '2026-10-05' }

/**
 * A themed party day on the 10th of each month from `from` to September 2026, everyone present except
 * 高明 (m4), who is present up to and including `lastPresentMonth` and then `after`.
 */
function monthlyDays(lastPresentMonth: number, after: Partial<AttendanceEntry> = { status: 'absent', reason: '出差' }, from = 1): BranchRecord[] {
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
  withCode(check({ ...NO_RULES, ...Q3, records, ...extra }).findings, 'no-org-life')

describe('members without organizational life (党章第九条)', () => {
  it('exactly 6 months without is an error', () => {
    const f = lifeFindings(monthlyDays(3)) // last in March; April … September missed
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({ memberId: 'm4', severity: 'error', details: { months: 6 } })
    expect(f[0]!.message['zh-CN']).toContain('党章第九条')
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
    // May 2024 → September 2026 is 28 months; m5 counts from before the first record (April 2024): 29.
    expect(f.map((x) => [x.memberId, x.details?.months])).toEqual([['m4', 28], ['m5', 29]])
  })
  it('5 months is a warning, not yet an error', () => {
    const f = lifeFindings(monthlyDays(4))
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({ memberId: 'm4', severity: 'warning', details: { months: 5 } })
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
  it('an approved exclusion with a reason is not a gap', () => {
    expect(lifeFindings(monthlyDays(3, { status: 'excluded', reason: '长期病休，经上级党组织批准' }))).toEqual([])
    expect(lifeFindings(monthlyDays(3, { status: 'excluded', reason: '' }))[0]?.severity).toBe('error')
  })
  it('months before joining, or before the branch’s records start, are not gaps; former members are not checked', () => {
    const newcomer: Member = { ...MEMBERS[3]!, joinedOn: '2026-07-01' }
    expect(lifeFindings(monthlyDays(0), { members: MEMBERS.map((m) => (m.id === 'm4' ? newcomer : m)) })).toEqual([])
    const left: Member = { ...MEMBERS[3]!, active: false }
    expect(lifeFindings(monthlyDays(0), { members: MEMBERS.map((m) => (m.id === 'm4' ? left : m)) })).toEqual([])
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
  it('talks from last year, drafts, or after the quarter do not count', () => {
    const moved = full.map((t, i) => (i === 0 ? { ...t, date: '2025-12-20' } : i === 1 ? { ...t, status: 'draft' as const } : i === 2 ? { ...t, date: '2026-07-02' } : t))
    const f = talkFindings(moved)
    expect(f.find((x) => x.id === 'talk-coverage:committee-committee')?.details?.missingPairs).toHaveLength(3)
  })
})
