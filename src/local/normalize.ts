// Checks and normalization shared by every write path (saves, restore).
import { migrateRecord } from '@/domain/migrations'
import type { BranchRecord } from '@/domain/types'
import { LocalStoreError } from './contract'
import { describe } from './errors'

/**
 * Structured clone fails on Vue's reactive proxies, and `undefined` fields are noise: store plain JSON.
 * (Our documents are JSON by design: the sync protocol and the backup carry them as JSON.)
 */
export function plain<T>(value: T): T {
  try {
    return JSON.parse(JSON.stringify(value)) as T
  } catch (e) {
    throw new LocalStoreError('invalid', 'not-json', { detail: describe(e) }, e)
  }
}

export function requireId(value: unknown, what: 'record' | 'member' | 'branch' | 'draft'): string {
  const id = value !== null && typeof value === 'object' && 'id' in value ? value.id : undefined
  if (typeof id !== 'string' || id === '') throw new LocalStoreError('invalid', 'missing-id', { what })
  return id
}

/** Migrates to the current schema; a document that cannot be read is refused, not stored. */
export function normalizeRecord(input: unknown): BranchRecord {
  requireId(input, 'record')
  let doc: BranchRecord
  try {
    doc = plain(migrateRecord(input))
  } catch (e) {
    if (e instanceof LocalStoreError) throw e
    throw new LocalStoreError('invalid', 'record-unreadable', { detail: describe(e) }, e)
  }
  if (typeof doc.kind !== 'string' || doc.kind === '' || typeof doc.date !== 'string') {
    throw new LocalStoreError('invalid', 'record-kind-date')
  }
  return doc
}
