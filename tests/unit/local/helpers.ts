// Builders for local-store tests. Each test opens its own database (unique name) for isolation.
import 'fake-indexeddb/auto'
import type { BranchRecord, Member, Branch } from '@/domain/types'
import { buildRecord } from '../../support/recordBuilder'
import { openLocalStore } from '@/local/localStore'
import type { LocalStore, OpenLocalStoreOptions } from '@/local/contract'

let counter = 0
export const uniqueDbName = (): string => `test-${process.pid}-${Date.now()}-${++counter}`

export function openTestStore(options: OpenLocalStoreOptions = {}): Promise<LocalStore> {
  return openLocalStore({ dbName: uniqueDbName(), ...options })
}

let idCounter = 0
export const testId = (prefix: string): string => `${prefix}-${++idCounter}`

export function makeRecord(overrides: Partial<BranchRecord> = {}): BranchRecord {
  return buildRecord({
    id: testId('rec'),
    branchId: 'branch-1',
    date: '2026-07-15',
    startTime: '09:00',
    endTime: '10:30',
    place: '三楼会议室',
    chair: '张建国',
    recorder: '李秀英',
    attendance: [
      { memberId: 'm1', name: '张建国', status: 'present' },
      { memberId: 'm2', name: '李秀英', status: 'present' },
      { memberId: 'm3', name: '王志强', status: 'absent', reason: '出差' },
    ],
    ...overrides,
  })
}

export function makeMember(overrides: Partial<Member> = {}): Member {
  return {
    id: testId('mem'),
    branchId: 'branch-1',
    name: '张建国',
    membership: 'full',
    situation: 'on-duty',
    votingRights: true,
    active: true,
    updatedAt: '2026-01-05T08:00:00.000Z',
    ...overrides,
  }
}

export function makeBranch(overrides: Partial<Branch> = {}): Branch {
  return {
    id: 'branch-1',
    name: '第一党支部',
    partyGroups: [{ id: 'g1', name: '第一党小组' }],
    updatedAt: '2026-01-01T08:00:00.000Z',
    ...overrides,
  }
}

/** A tiny but genuine PNG header followed by `seed` bytes, so different seeds give different hashes. */
export function pngBytes(seed: number, extra = 16): Uint8Array {
  const head = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  return new Uint8Array([...head, ...Array.from({ length: extra }, (_, i) => (seed * 31 + i) & 0xff)])
}

export function jpegBytes(seed: number): Uint8Array {
  return new Uint8Array([0xff, 0xd8, 0xff, 0xe0, seed & 0xff, 1, 2, 3, 4, 5])
}

export const blobOf = (bytes: Uint8Array, type = ''): Blob => new Blob([bytes as Uint8Array<ArrayBuffer>], { type })

export async function bytesOf(blob: Blob): Promise<number[]> {
  return [...new Uint8Array(await blob.arrayBuffer())]
}
