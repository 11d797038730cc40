// The local store's public contract: what the Pinia stores (and later the sync engine) may call.
// Implemented in `localStore.ts` on top of `idb`; nothing outside src/local touches IndexedDB.
import type { EntityName } from '@/domain/protocol'
import type { AttachmentRef, Branch, BranchRecord, IsoTimestamp, KindId, Member } from '@/domain/types'

/** Where a record stands with the server (shown per record in the UI). */
export type SyncState = 'local-only' | 'pending' | 'synced' | 'conflict' | 'error'

export interface RecordListItem {
  id: string
  kind: KindId
  title: string
  date: string
  status: BranchRecord['status']
  /** Entered more than 3 days after the meeting (补记). */
  lateEntry: boolean
  updatedAt: IsoTimestamp
  syncState: SyncState
}

export interface RecordQuery {
  kind?: KindId
  year?: number
  /** 1–4; requires year. */
  quarter?: number
  includeDeleted?: boolean
}

/** The editor's crash-safety copy of a record being written (new or existing). */
export interface Draft {
  id: string // same id as the record it will become
  doc: BranchRecord
  savedAt: IsoTimestamp
}

export interface OutboxMutation {
  seq?: number // auto-increment key, assigned by IndexedDB
  mutationId: string // UUIDv7, the idempotency key of the push
  entity: EntityName
  entityId: string
  /** Server revision this change was made on top of (0 = new). */
  baseRev: number
  doc: unknown
  createdAt: IsoTimestamp
}

export interface RestoreReport {
  records: number
  members: number
  attachments: number
  drafts: number
  /** Other synced entities restored (rectification ledger, study plans, …). */
  entities: number
  branch: boolean
  /** Items skipped and why (e.g. a newer local copy was kept). */
  skipped: { what: string; reason: string }[]
}

/** Largest attachment accepted (after the app has resized a photo). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

/**
 * Connection events the app should react to: `versionchange` — a newer version of the app (another
 * tab) needs the database, so this connection was closed; later writes fail with code 'closed' and the
 * app should ask the user to reload. `blocked` — this tab waits for an older tab to close.
 */
export type ConnectionEvent = 'versionchange' | 'blocked'

export interface OpenLocalStoreOptions {
  /** Database name; tests use a unique one each. */
  dbName?: string
  /** Force (false) the ArrayBuffer fallback for attachments; by default detected once per open. */
  storeBlobs?: boolean
}

export interface StorageInfo {
  usageBytes?: number
  quotaBytes?: number
  persisted?: boolean
}

/**
 * What went wrong, as a code the app translates (`errors.local.<reason>` with `params`): the local store
 * speaks no language of its own. A param named `what` is itself a code (`errors.local.what.<value>`).
 */
export type LocalErrorReason =
  | 'quota' | 'closed' | 'superseded' | 'unclonable' | 'failed' | 'not-json'
  | 'missing-id' | 'record-unreadable' | 'record-kind-date' | 'member-name-empty' | 'bad-quarter' | 'delete-missing'
  | 'own-store' | 'unknown-entity' | 'entity-no-branch' | 'entity-invalid' | 'entity-twice'
  | 'file-empty' | 'file-too-big' | 'scan-type' | 'image-type'
  | 'backup-unreadable' | 'backup-not-zip' | 'backup-file-too-big' | 'backup-wrong-format' | 'backup-unknown-version'
  | 'backup-newer-version' | 'backup-manifest' | 'backup-missing-file' | 'backup-bad-json' | 'backup-bad-shape'
  | 'backup-branch' | 'backup-member-incomplete' | 'backup-member-twice' | 'backup-record-unreadable'
  | 'backup-record-twice' | 'backup-draft' | 'backup-entity' | 'backup-entity-twice' | 'backup-attachment-name'
  | 'backup-attachment-damaged' | 'backup-attachment-missing' | 'backup-count'

export type LocalErrorParams = Readonly<Record<string, string | number>>

/** Raised for any failed write; `code` is the kind of failure, `reason` and `params` say exactly what. */
export class LocalStoreError extends Error {
  constructor(
    public readonly code: 'quota' | 'closed' | 'invalid' | 'not-found' | 'corrupt-backup' | 'unknown',
    public readonly reason: LocalErrorReason,
    public readonly params: LocalErrorParams = {},
    public override readonly cause?: unknown,
  ) {
    // The message is for logs and developers only; people see the app's translation.
    super(`${reason}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`)
    this.name = 'LocalStoreError'
  }
}

/** Synced entities with a store of their own; every other entity lives in the generic `entities` store. */
export const DEDICATED_ENTITIES = ['record', 'member', 'branch'] as const
export type GenericEntityName = Exclude<EntityName, (typeof DEDICATED_ENTITIES)[number]>

export function isGenericEntity(entity: string): entity is GenericEntityName {
  return !(DEDICATED_ENTITIES as readonly string[]).includes(entity)
}

/** What every document in the generic store has: its id and the branch it belongs to (sync permissions). */
export interface EntityDoc {
  id: string
  branchId: string
  updatedAt?: IsoTimestamp
  /** Tombstone: kept (and synced) rather than removed. */
  deleted?: boolean
}

export interface EntityListQuery {
  branchId?: string
  includeDeleted?: boolean
}

/**
 * Inspections, findings, measures, evidence, study plans… — every synced entity without its own store.
 * Same guarantees as records: each write is one transaction with its outbox mutation, and resolves only
 * after that transaction committed. Documents are checked against the entity's validator in
 * `ENTITY_KINDS` before anything is written (a document the server would refuse is refused here).
 */
export interface EntityStore {
  putEntity<T extends EntityDoc>(entity: GenericEntityName, doc: T): Promise<void>
  /** All or nothing, in one transaction (e.g. an inspection with the categories and findings parsed from its feedback). */
  putEntities(list: readonly { entity: GenericEntityName; doc: EntityDoc }[]): Promise<void>
  getEntity<T extends EntityDoc>(entity: GenericEntityName, id: string): Promise<T | undefined>
  /** Tombstones only with `includeDeleted`; in no particular order. */
  listEntities<T extends EntityDoc>(entity: GenericEntityName, query?: EntityListQuery): Promise<T[]>
  /** Tombstone (`deleted: true`) with its outbox mutation; never a hard delete. */
  deleteEntity(entity: GenericEntityName, id: string): Promise<void>
}

export interface LocalStore extends EntityStore {
  getBranch(): Promise<Branch | undefined>
  /** Every branch this device holds: one on a branch's phone, the organization's on a reviewer's (after sync). */
  listBranches(): Promise<Branch[]>
  saveBranch(branch: Branch): Promise<void>

  listMembers(): Promise<Member[]>
  saveMember(member: Member): Promise<void>
  /** All or nothing: used by roster import. */
  saveMembers(members: Member[]): Promise<void>

  /**
   * One transaction: the record, its search text, its outbox mutation, and removal of its draft.
   * Resolves only after the transaction committed; `updatedAt` is stored as given (the caller sets it).
   */
  saveRecord(record: BranchRecord): Promise<void>
  getRecord(id: string): Promise<BranchRecord | undefined>
  /** Newest meeting first (same day: last edited first); tombstones only with `includeDeleted`. */
  listRecords(query: RecordQuery): Promise<RecordListItem[]>
  /**
   * Records holding every term of `text` (runs of letters and digits, Chinese phrases as written) in
   * any field, case- and width-insensitive; newest first, at most `limit`.
   */
  searchRecords(text: string, limit?: number): Promise<RecordListItem[]>
  /** Tombstone, never a hard delete. */
  deleteRecord(id: string): Promise<void>

  saveDraft(doc: BranchRecord): Promise<void>
  getDraft(id: string): Promise<Draft | undefined>
  listDrafts(): Promise<Draft[]>
  discardDraft(id: string): Promise<void>

  /** Stores the bytes under their SHA-256; storing the same bytes twice keeps one copy. */
  putAttachment(bytes: Blob, meta: Omit<AttachmentRef, 'hash' | 'size'>): Promise<AttachmentRef>
  getAttachment(hash: string): Promise<Blob | undefined>

  /** One file holding records, drafts, roster, branch, attachments and the other synced entities. */
  exportBackup(): Promise<Blob>
  /** Validates the whole file first; restores all or nothing. */
  restoreBackup(file: Blob): Promise<RestoreReport>

  /** Oldest first (outbox order), at most `limit` (default 100). */
  pendingMutations(limit?: number): Promise<OutboxMutation[]>
  /** This device's id (UUIDv7), created on first use and kept. */
  getDeviceId(): Promise<string>
  storageInfo(): Promise<StorageInfo>
  requestPersistence(): Promise<boolean>

  /** Listen for `versionchange` / `blocked`; returns the unsubscribe function. */
  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void
  /** Closes the connection; the next call opens it again. */
  close(): void
}
