// Builders for domain tests: small rosters and records with only what a test cares about.
import type { AttendanceEntry, Branch, BranchRecord, Member } from '@/domain/types'
import { buildRecord } from '../../support/recordBuilder'

let seq = 0

export function member(name: string, over: Partial<Member> = {}): Member {
  seq++
  return {
    id: `m${seq}`,
    branchId: 'b1',
    name,
    membership: 'full',
    situation: 'on-duty',
    votingRights: over.membership === 'probationary' ? false : true,
    active: true,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  }
}

export function branch(over: Partial<Branch> = {}): Branch {
  return { id: 'b1', name: '第一党支部', partyGroups: [], updatedAt: '2026-01-01T00:00:00.000Z', ...over }
}

export function entry(m: Member, status: AttendanceEntry['status'], reason?: string): AttendanceEntry {
  const e: AttendanceEntry = { memberId: m.id, name: m.name, status }
  if (reason !== undefined) e.reason = reason
  return e
}

export function record(over: Partial<BranchRecord> = {}): BranchRecord {
  return buildRecord({
    status: 'draft',
    ended: false,
    title: '第3次支部委员会会议',
    createdAt: '2026-03-10T08:00:00.000Z',
    updatedAt: '2026-03-10T08:00:00.000Z',
    ...over,
  })
}

/** `n` full members named 党员一, 党员二… (two-character-plus names, so no surname-only warnings). */
export function members(n: number, over: Partial<Member> = {}): Member[] {
  return Array.from({ length: n }, (_, i) => member(`党员${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${Math.floor(i / 10) || ''}`, over))
}
