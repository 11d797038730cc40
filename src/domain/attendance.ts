// Attendance arithmetic: who should attend (应到), who came (实到), and the same counts restricted to
// members with voting rights and to full members (the bases of the quorum rules in `quorum.ts`).
import type { AttendanceEntry, BranchRecord, Member } from './types'

export interface AttendanceCounts {
  /** 应到: every roster entry except those excluded from "should attend" and 列席 observers. */
  expected: number
  /** 实到: present in person. */
  actual: number
  /** 缺席: expected but not present — includes those who sent a written opinion. */
  absent: number
  /** Absent but submitted a written opinion before the vote (a subset of `absent`). */
  written: number
  /** Excluded from "should attend" with a reason (e.g. 长期病休经批准). */
  excluded: number
  /** Roster members attending as 列席 (not counted in 应到/实到). */
  observers: number
  /** People not on the roster attending as 列席 (`record.guests`). */
  guests: number
  /** 应到/实到/书面意见 among members with voting rights (全体有表决权的党员). */
  votingExpected: number
  votingPresent: number
  votingWritten: number
  /** 应到/实到/书面意见 among full members (正式党员: admission and confirmation votes). */
  fullMembersExpected: number
  fullMembersPresent: number
  fullMembersWritten: number
}

type Facts = { votingRights: boolean; full: boolean }

/**
 * Voting rights and membership of one entry: the snapshot on the entry wins (it is what held on the day),
 * then the roster, and with neither we assume a full member with a vote (the common case).
 */
function factsOf(entry: AttendanceEntry, roster: Map<string, Member> | undefined): Facts {
  const member = roster?.get(entry.memberId)
  const membership = entry.membership ?? member?.membership ?? 'full'
  const votingRights = entry.votingRights ?? member?.votingRights ?? membership === 'full'
  return { votingRights, full: membership === 'full' }
}

export function attendanceCounts(record: Pick<BranchRecord, 'attendance' | 'guests'>, roster?: readonly Member[]): AttendanceCounts {
  const byId = roster ? new Map(roster.map((m) => [m.id, m])) : undefined
  const c: AttendanceCounts = {
    expected: 0, actual: 0, absent: 0, written: 0, excluded: 0, observers: 0, guests: record.guests.length,
    votingExpected: 0, votingPresent: 0, votingWritten: 0,
    fullMembersExpected: 0, fullMembersPresent: 0, fullMembersWritten: 0,
  }
  for (const entry of record.attendance) {
    if (entry.status === 'excluded') { c.excluded++; continue }
    if (entry.status === 'observer') { c.observers++; continue }
    const { votingRights, full } = factsOf(entry, byId)
    const present = entry.status === 'present'
    const written = entry.status === 'written'
    c.expected++
    if (present) c.actual++
    else c.absent++
    if (written) c.written++
    if (votingRights) {
      c.votingExpected++
      if (present) c.votingPresent++
      if (written) c.votingWritten++
    }
    if (full) {
      c.fullMembersExpected++
      if (present) c.fullMembersPresent++
      if (written) c.fullMembersWritten++
    }
  }
  return c
}

/** 出勤率 as a whole percentage (0 when nobody was expected). */
export function attendanceRate(counts: Pick<AttendanceCounts, 'expected' | 'actual'>): number {
  return counts.expected === 0 ? 0 : Math.round((counts.actual / counts.expected) * 100)
}
