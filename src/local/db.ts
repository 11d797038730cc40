// The IndexedDB schema (typed for `idb`) and its versioned upgrades. Every upgrade step is gated on
// `oldVersion`, so a phone that skipped several app versions runs all the steps it missed, in order.
import { openDB, type DBSchema, type IDBPDatabase, type OpenDBCallbacks } from 'idb'
import type { Branch, BranchRecord, IsoTimestamp, Member } from '@/domain/types'
import type { Draft, OutboxMutation, SyncState } from './contract'
import { newSearchVersion, searchRowOf, SEARCH_VERSION_KEY, type SearchRow } from './searchIndex'

export const DEFAULT_DB_NAME = 'branch-records'
/** Bump together with a new `if (oldVersion < N)` block in `upgrade` below. */
export const DB_VERSION = 4

/** A record as stored: the document plus what the indexes need (kept next to it, not inside it). */
export interface StoredRecord {
  id: string
  /** Copied from `doc.kind` / `doc.date` for the compound index. */
  kind: string
  date: string
  doc: BranchRecord
}

/** Versions 1–2 kept search tokens in the record (multiEntry index `by-token`); version 3 strips them. */
type LegacyStoredRecord = StoredRecord & { tokens?: string[] }

/** Attachment bytes keyed by their SHA-256; `blob` where the browser can store Blobs, else `bytes`. */
export interface StoredAttachment {
  hash: string
  mime: string
  size: number
  blob?: Blob
  bytes?: ArrayBuffer
  storedAt: IsoTimestamp
}

/**
 * A synced entity without a store of its own (inspection, finding, measure, study plan, …), see
 * `entityStore.ts`. `branchId` is copied from the document for the index; `deleted` marks a tombstone.
 */
export interface StoredEntity {
  entity: string
  id: string
  branchId: string
  doc: unknown
  updatedAt: IsoTimestamp
  deleted?: boolean
}

export type SyncEntity = OutboxMutation['entity']

/**
 * What the device knows about one entity's relation to the server. Designed for the sync engine:
 * `rev` is the server revision the local copy is based on. Small on purpose: lists read one per row.
 */
export interface SyncMeta {
  entity: SyncEntity
  id: string
  /** Server revision the local copy was last reconciled with; 0 = never on the server. */
  rev: number
  state: SyncState
  lastError?: string
  /** When the state last changed. */
  changedAt: IsoTimestamp
}

/** Versions 1–3 kept the server's copy (`base`) inside the sync metadata; version 4 moves it to `syncBase`. */
type LegacySyncMeta = SyncMeta & { base?: unknown }

/**
 * Since version 4: the server's document at the entity's `rev` (the common ancestor of a three-way
 * merge), read only where a merge, rebase or conflict needs it. No row: the server's copy is unknown.
 */
export interface SyncBase {
  entity: SyncEntity
  id: string
  doc: unknown
}

export interface BranchRecordsDB extends DBSchema {
  branch: { key: string; value: Branch }
  members: { key: string; value: Member; indexes: { 'by-name': string } }
  records: {
    key: string
    value: StoredRecord
    /** `by-token` exists only in versions 1–2 (the upgrade to 3 deletes it); named here for those blocks. */
    indexes: { 'by-kind-date': [string, string]; 'by-date': string; 'by-token': string }
  }
  /** Since version 3: one row per live record with its search text (`searchIndex.ts`). */
  searchText: { key: string; value: SearchRow }
  drafts: { key: string; value: Draft }
  attachments: { key: string; value: StoredAttachment }
  outbox: {
    key: number
    value: OutboxMutation
    indexes: { 'by-mutation': string; 'by-entity': [string, string] }
  }
  syncMeta: { key: [string, string]; value: SyncMeta; indexes: { 'by-state': string } }
  /** Since version 4. */
  syncBase: { key: [string, string]; value: SyncBase }
  meta: { key: string; value: unknown }
  /** Since version 2. */
  entities: {
    key: [string, string]
    value: StoredEntity
    indexes: { 'by-entity': string; 'by-entity-branch': [string, string] }
  }
}

export type LocalDB = IDBPDatabase<BranchRecordsDB>

export function openBranchRecordsDB(
  name: string,
  callbacks: Omit<OpenDBCallbacks<BranchRecordsDB>, 'upgrade'> = {},
): Promise<LocalDB> {
  return openDB<BranchRecordsDB>(name, DB_VERSION, {
    ...callbacks,
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('branch', { keyPath: 'id' })
        const members = db.createObjectStore('members', { keyPath: 'id' })
        members.createIndex('by-name', 'name')
        const records = db.createObjectStore('records', { keyPath: 'id' })
        records.createIndex('by-kind-date', ['kind', 'date'])
        records.createIndex('by-date', 'date')
        records.createIndex('by-token', 'tokens', { multiEntry: true })
        db.createObjectStore('drafts', { keyPath: 'id' })
        db.createObjectStore('attachments', { keyPath: 'hash' })
        const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true })
        outbox.createIndex('by-mutation', 'mutationId', { unique: true })
        outbox.createIndex('by-entity', ['entity', 'entityId'])
        const syncMeta = db.createObjectStore('syncMeta', { keyPath: ['entity', 'id'] })
        syncMeta.createIndex('by-state', 'state')
        db.createObjectStore('meta')
      }
      if (oldVersion < 2) {
        // Every synced entity without a store of its own (the rectification ledger, study plans, …).
        const entities = db.createObjectStore('entities', { keyPath: ['entity', 'id'] })
        entities.createIndex('by-entity', 'entity')
        entities.createIndex('by-entity-branch', ['entity', 'branchId'])
      }
      if (oldVersion < 3) {
        // Search moves from a multiEntry token index (~500 index rows written per record save) to one
        // small `searchText` row per record, searched by substring (see `searchIndex.ts`).
        db.createObjectStore('searchText', { keyPath: 'id' })
        tx.objectStore('records').deleteIndex('by-token')
        // A failure aborts the upgrade transaction, and `openDB` rejects with it.
        fillSearchText(tx).catch(() => undefined)
      }
      if (oldVersion < 4) {
        // The server's copy moves out of `syncMeta`: a row there is read for every record a list
        // shows, and carrying a whole document made that cost as much as reading the record.
        db.createObjectStore('syncBase', { keyPath: ['entity', 'id'] })
        // A failure aborts the upgrade transaction, and `openDB` rejects with it.
        moveSyncBases(tx).catch(() => undefined)
      }
      // Next schema change: `if (oldVersion < 5) { … }` — never edit the blocks above.
    },
  })
}

type UpgradeTx = Parameters<NonNullable<OpenDBCallbacks<BranchRecordsDB>['upgrade']>>[3]

/**
 * Writes every existing record's search text and strips its old tokens, in the upgrade transaction:
 * the database opens only once all of it is done (a failed request aborts the upgrade, so the old
 * version stays intact and the app reports the error).
 */
async function fillSearchText(tx: UpgradeTx): Promise<void> {
  const searchText = tx.objectStore('searchText')
  let cursor = await tx.objectStore('records').openCursor()
  while (cursor) {
    const stored = cursor.value as LegacyStoredRecord
    const row = searchRowOf(stored.doc)
    if (row) searchText.put(row).catch(() => undefined)
    if ('tokens' in stored) {
      const { tokens: _tokens, ...rest } = stored
      cursor.update(rest).catch(() => undefined)
    }
    cursor = await cursor.continue()
  }
  tx.objectStore('meta').put(newSearchVersion(), SEARCH_VERSION_KEY).catch(() => undefined)
}

/**
 * Moves every `base` out of its `syncMeta` row into `syncBase`, in the upgrade transaction (so either
 * all of it is moved or the database stays at the old version with nothing lost).
 */
async function moveSyncBases(tx: UpgradeTx): Promise<void> {
  const syncBase = tx.objectStore('syncBase')
  let cursor = await tx.objectStore('syncMeta').openCursor()
  while (cursor) {
    const row = cursor.value as LegacySyncMeta
    if ('base' in row) {
      const { base, ...rest } = row
      if (base !== undefined) syncBase.put({ entity: row.entity, id: row.id, doc: base }).catch(() => undefined)
      cursor.update(rest).catch(() => undefined)
    }
    cursor = await cursor.continue()
  }
}
