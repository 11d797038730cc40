import { describe, expect, it } from 'vitest'
import { attendanceCounts, attendanceRate } from '@/domain/attendance'
import { entry, member, record } from './helpers'

describe('attendanceCounts', () => {
  const full = [member('周建华'), member('林晓梅'), member('郑国强'), member('吴丽娟'), member('孙志远')]
  const prob = member('梁晓东', { membership: 'probationary', votingRights: false })
  const excludedMember = member('沈浩然')
  const observer = member('何春燕')

  const r = record({
    attendance: [
      entry(full[0]!, 'present'), entry(full[1]!, 'present'), entry(full[2]!, 'absent', '出差'),
      entry(full[3]!, 'written', '病假'), entry(full[4]!, 'present'),
      entry(prob, 'present'),
      entry(excludedMember, 'excluded', '长期病休，经上级批准'),
      entry(observer, 'observer'),
    ],
    guests: [{ name: '王建国', role: '上级党委组织委员' }],
  })

  it('counts 应到 without exclusions and observers', () => {
    const c = attendanceCounts(r, [...full, prob, excludedMember, observer])
    expect(c).toMatchObject({
      expected: 6, actual: 4, absent: 2, written: 1, excluded: 1, observers: 1, guests: 1,
      votingExpected: 5, votingPresent: 3, votingWritten: 1,
      fullMembersExpected: 5, fullMembersPresent: 3, fullMembersWritten: 1,
    })
    expect(c.expected).toBe(c.actual + c.absent)
  })

  it('prefers the snapshot on the entry over the roster', () => {
    // Confirmed as a full member later: the old meeting still counts them as probationary.
    const confirmed = { ...prob, membership: 'full' as const, votingRights: true }
    const snap = record({ attendance: [{ ...entry(prob, 'present'), membership: 'probationary', votingRights: false }] })
    const c = attendanceCounts(snap, [confirmed])
    expect(c.votingExpected).toBe(0)
    expect(c.fullMembersExpected).toBe(0)
    expect(c.expected).toBe(1)
  })

  it('assumes full members with a vote when nothing is known', () => {
    const c = attendanceCounts(record({ attendance: [{ memberId: 'x', name: '无名氏', status: 'present' }] }))
    expect(c.votingPresent).toBe(1)
    expect(c.fullMembersPresent).toBe(1)
  })

  it('gives an attendance rate', () => {
    expect(attendanceRate({ expected: 6, actual: 4 })).toBe(67)
    expect(attendanceRate({ expected: 0, actual: 0 })).toBe(0)
  })
})
