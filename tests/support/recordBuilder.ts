// The one record-fixture builder of the test suite. It gives a valid, finished record whose elements are all
// empty; each test (or its area's helper) states on top what it needs, so the defaults here stay boring.
import { RECORD_SCHEMA_VERSION, type BranchRecord } from '../../src/domain/types'

export function buildRecord(over: Partial<BranchRecord> = {}): BranchRecord {
  const date = over.date ?? '2026-03-10'
  const stamp = `${date}T10:00:00.000Z`
  return {
    id: 'r1',
    schemaVersion: RECORD_SCHEMA_VERSION,
    branchId: 'b1',
    kind: 'committee-meeting',
    status: 'final',
    title: '支委会',
    date,
    attendance: [],
    guests: [],
    agenda: [],
    speeches: [],
    decisions: [],
    ended: true,
    sections: {},
    photos: [],
    signatures: {},
    createdAt: stamp,
    updatedAt: stamp,
    ...over,
  }
}
