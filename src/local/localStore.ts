// The local store on IndexedDB. Rules kept throughout:
// - one user action = one readwrite transaction, and a promise resolves only after that transaction
//   has committed (`tx.done`), so nothing is acknowledged to the user that is not on disk;
// - every failure reaches the caller as a `LocalStoreError` with a code, never swallowed;
// - nothing async that is not IndexedDB (hashing, Blob reads) runs inside a transaction, because a
//   transaction commits itself as soon as it has no pending request.
import { uuidv7 } from 'uuidv7'
import { isLateEntry, quarterRange, type Quarter } from '@/domain/dates'
import { migrateRecord } from '@/domain/migrations'
import { matchesTerms, searchTerms } from '@/domain/searchTokens'
import type { AttachmentRef, Branch, BranchRecord, Member } from '@/domain/types'
import {
  LocalStoreError,
  MAX_ATTACHMENT_BYTES,
  type ConnectionEvent,
  type Draft,
  type EntityDoc,
  type EntityListQuery,
  type GenericEntityName,
  isGenericEntity,
  type LocalStore,
  type OpenLocalStoreOptions,
  type OutboxMutation,
  type RecordListItem,
  type RecordQuery,
  type RestoreReport,
  type StorageInfo,
  type SyncState,
} from './contract'
import {
  DEFAULT_DB_NAME,
  openBranchRecordsDB,
  type LocalDB,
  type StoredAttachment,
  type StoredRecord,
  type SyncEntity,
  type SyncMeta,
} from './db'
import { isClosedError, toLocalStoreError } from './errors'
import { inTx, readTx, type AnyStore, type Tx } from './transaction'
import { afterSearchWrite, currentSearchRows, putRecordRows, searchWriteOf, type SearchCache, type SearchRow } from './searchIndex'
import { sniffFileType } from './fileType'
import { buildBackup, parseBackup, type ParsedBackup } from './backup'
import { normalizeRecord, plain, requireId } from './normalize'
import { sha256Hex } from './hash'
import { checkedEntityDoc, deleteEntityIn, getEntityIn, listEntitiesIn, putEntitiesIn, writeWithOutbox } from './entityStore'

type WriteTx = Tx<'readwrite'>

const DEFAULT_PENDING_LIMIT = 100
const DEFAULT_SEARCH_LIMIT = 50
/** Search texts of a whole book can be megabytes: let them go when nobody searched for a while. */
const SEARCH_CACHE_IDLE_MS = 2 * 60_000
/** Every store a record write touches (`writeRecord`): the record, its search row, queue, draft. */
const RECORD_WRITE_STORES: AnyStore[] = ['records', 'searchText', 'meta', 'drafts', 'outbox', 'syncMeta']

const nowIso = (): string => new Date().toISOString()

/** Reading must never fail because of one odd record: fall back to the stored document. */
function readRecord(stored: { doc: BranchRecord }): BranchRecord {
  try {
    return migrateRecord(stored.doc)
  } catch {
    return stored.doc
  }
}

function readDraft(draft: Draft): Draft {
  try {
    return { ...draft, doc: migrateRecord(draft.doc) }
  } catch {
    // A draft may be half-filled in ways the migration refuses; the editor still wants it back.
    return draft
  }
}

const DAY_MS = 86_400_000
/** No clock is further ahead of UTC than +14:00. */
const MAX_UTC_OFFSET_MS = 14 * 3_600_000
const LATE_AFTER_DAYS = 3

function lateEntry(doc: BranchRecord): boolean {
  // `isLateEntry` formats the entry's local date (~0.1 ms a call, most of a list's time). An entry
  // made before the end of the third day after the meeting on every clock is on time without it.
  const meetingDay = Date.parse(`${doc.date}T00:00:00.000Z`)
  if (Date.parse(doc.createdAt) + MAX_UTC_OFFSET_MS < meetingDay + (LATE_AFTER_DAYS + 1) * DAY_MS) return false
  try {
    return isLateEntry(doc.date, doc.createdAt, LATE_AFTER_DAYS)
  } catch {
    return false
  }
}

function listItem(doc: BranchRecord, state: SyncState | undefined): RecordListItem {
  return {
    id: doc.id,
    kind: doc.kind,
    title: doc.title,
    date: doc.date,
    status: doc.status,
    lateEntry: lateEntry(doc),
    updatedAt: doc.updatedAt,
    syncState: state ?? 'local-only',
  }
}

const time = (iso: string | undefined): number => {
  const t = iso ? Date.parse(iso) : NaN
  return Number.isNaN(t) ? -Infinity : t
}

/** Newest meeting first; same day: last edited first. */
function newestFirst(a: { date: string; updatedAt?: string }, b: { date: string; updatedAt?: string }): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1
  return time(b.updatedAt) - time(a.updatedAt)
}

/** Is `incoming` strictly newer than `existing`? (timestamps compared as instants) */
function isNewer(incoming: string | undefined, existing: string | undefined): boolean {
  return time(incoming) > time(existing)
}

type Issue = (request: Promise<unknown>) => void

/**
 * Issues several requests of one transaction at once and waits for all of them. If issuing one throws
 * synchronously (the transaction is then aborted by `inTx`), the requests already issued will reject
 * with AbortError: they are observed here so that does not surface as an unhandled rejection.
 */
async function allRequests(build: (issue: Issue) => void): Promise<void> {
  const pending: Promise<unknown>[] = []
  try {
    build((request) => pending.push(request))
  } catch (e) {
    for (const request of pending) request.catch(() => undefined)
    throw e
  }
  await Promise.all(pending)
}

/**
 * Queues a change for the server and marks the entity pending, inside the caller's transaction.
 * `meta` is the entity's current sync metadata, read in that same transaction.
 */
function queueChange(
  tx: WriteTx,
  issue: Issue,
  change: { entity: SyncEntity; entityId: string; doc: unknown; now: string; meta: SyncMeta | undefined },
): void {
  const { entity, entityId, doc, now, meta } = change
  const mutation: OutboxMutation = { mutationId: uuidv7(), entity, entityId, baseRev: meta?.rev ?? 0, doc, createdAt: now }
  // A conflict stays a conflict until a person resolves it; a new local edit does not settle it.
  const state: SyncState = meta?.state === 'conflict' ? 'conflict' : 'pending'
  const next: SyncMeta = { ...meta, entity, id: entityId, rev: meta?.rev ?? 0, state, changedAt: now }
  delete next.lastError
  issue(tx.objectStore('outbox').add(mutation))
  issue(tx.objectStore('syncMeta').put(next))
}

/** Queues the change of a member or branch together with its own put. */
async function writeEntity(tx: WriteTx, entity: 'member' | 'branch', doc: Member | Branch, now: string): Promise<void> {
  const meta = await tx.objectStore('syncMeta').get([entity, doc.id])
  await allRequests((issue) => {
    queueChange(tx, issue, { entity, entityId: doc.id, doc, now, meta })
    if (entity === 'member') issue(tx.objectStore('members').put(doc as Member))
    else issue(tx.objectStore('branch').put(doc as Branch))
  })
}

/**
 * A record with its search row, its outbox mutation and the removal of its draft. The outbox request
 * is issued first, so a failing record put proves that the whole transaction is rolled back.
 */
async function writeRecord(tx: WriteTx, doc: BranchRecord, now: string): Promise<void> {
  const meta = await tx.objectStore('syncMeta').get(['record', doc.id])
  await allRequests((issue) => {
    queueChange(tx, issue, { entity: 'record', entityId: doc.id, doc, now, meta })
    for (const request of putRecordRows(tx, doc)) issue(request)
    issue(tx.objectStore('drafts').delete(doc.id))
  })
}

/** Restoring is not editing: the record keeps its own timestamps, and any local draft stays. */
async function restoreRecord(tx: WriteTx, doc: BranchRecord, now: string): Promise<void> {
  const meta = await tx.objectStore('syncMeta').get(['record', doc.id])
  await allRequests((issue) => {
    queueChange(tx, issue, { entity: 'record', entityId: doc.id, doc, now, meta })
    for (const request of putRecordRows(tx, doc)) issue(request)
  })
}

function validMember(member: Member): Member {
  requireId(member, 'member')
  if (typeof member.name !== 'string' || member.name.trim() === '') {
    throw new LocalStoreError('invalid', 'member-name-empty')
  }
  return plain(member)
}

async function probeBlobStorage(db: LocalDB): Promise<boolean> {
  // Old Safari threw DataCloneError (or "unknown error") on Blobs in IndexedDB: write one, read it back.
  try {
    const probe = new Blob([new Uint8Array([1, 2, 3])], { type: 'application/octet-stream' })
    await inTx(db, ['meta'], 'readwrite', (tx) => tx.objectStore('meta').put(probe, 'blob-probe'))
    const back = await db.get('meta', 'blob-probe')
    const ok = back instanceof Blob && (await back.arrayBuffer()).byteLength === 3
    await db.delete('meta', 'blob-probe')
    return ok
  } catch {
    return false
  }
}

function attachmentBlob(stored: StoredAttachment): Blob {
  if (stored.blob) return stored.blob
  return new Blob([stored.bytes ?? new ArrayBuffer(0)], { type: stored.mime })
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
}

function attachmentRefs(doc: BranchRecord): AttachmentRef[] {
  const refs = [...(doc.photos ?? [])]
  if (doc.signatures?.chair) refs.push(doc.signatures.chair)
  if (doc.signatures?.recorder) refs.push(doc.signatures.recorder)
  return refs
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`

class IdbLocalStore implements LocalStore {
  private dbPromise: Promise<LocalDB> | undefined
  /** A newer app version took the database over: this instance must not write any more. */
  private superseded = false
  private blobSupport: Promise<boolean> | undefined
  private readonly listeners = new Set<(event: ConnectionEvent) => void>()
  /** Search rows as last read or written by this instance (`searchIndex.ts` keeps it honest). */
  private searchCache: SearchCache | undefined
  private searchCacheTimer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly dbName: string,
    private readonly options: OpenLocalStoreOptions,
  ) {}

  connect(): Promise<LocalDB> {
    this.dbPromise ??= openBranchRecordsDB(this.dbName, {
      blocked: () => this.emit('blocked'),
      blocking: () => {
        // Another tab runs a newer schema: let it upgrade rather than block it, and tell the app.
        this.superseded = true
        void this.dbPromise?.then((db) => db.close())
        this.emit('versionchange')
      },
      terminated: () => {
        this.dbPromise = undefined
      },
    }).catch((e: unknown) => {
      this.dbPromise = undefined
      throw toLocalStoreError(e)
    })
    return this.dbPromise
  }

  /**
   * A readwrite transaction over every store records live in (plus `stores`); once it has committed,
   * this instance's search cache takes in the search rows it wrote.
   */
  private async recordTx<T>(db: LocalDB, body: (tx: WriteTx) => Promise<T>, stores: AnyStore[] = []): Promise<T> {
    let written: WriteTx | undefined
    const result = await inTx(db, [...new Set([...RECORD_WRITE_STORES, ...stores])], 'readwrite', (tx) => {
      written = tx
      return body(tx)
    })
    this.searchCache = await afterSearchWrite(this.searchCache, db, written && searchWriteOf(written))
    return result
  }

  private dropSearchCache(): void {
    clearTimeout(this.searchCacheTimer)
    this.searchCacheTimer = undefined
    this.searchCache = undefined
  }

  private keepSearchCache(cache: SearchCache): void {
    this.searchCache = cache
    clearTimeout(this.searchCacheTimer)
    this.searchCacheTimer = setTimeout(() => this.dropSearchCache(), SEARCH_CACHE_IDLE_MS)
    // Node (tests): an idle timer must not keep the process alive.
    ;(this.searchCacheTimer as { unref?: () => void }).unref?.()
  }

  private emit(event: ConnectionEvent): void {
    for (const listener of this.listeners) listener(event)
  }

  /** Runs an operation; a closed connection is reopened once and the operation tried again. */
  private async run<T>(op: (db: LocalDB) => Promise<T>): Promise<T> {
    if (this.superseded) throw new LocalStoreError('closed', 'superseded')
    try {
      return await op(await this.connect())
    } catch (e) {
      const cause = e instanceof LocalStoreError && e.code === 'closed' ? (e.cause ?? e) : e
      if (!isClosedError(cause) || this.superseded) {
        throw this.superseded ? new LocalStoreError('closed', 'superseded', {}, e) : toLocalStoreError(e)
      }
      this.dbPromise = undefined
      try {
        return await op(await this.connect())
      } catch (e2) {
        throw toLocalStoreError(e2)
      }
    }
  }

  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  close(): void {
    this.dropSearchCache()
    const pending = this.dbPromise
    this.dbPromise = undefined
    void pending?.then((db) => db.close()).catch(() => undefined)
  }

  // ------------------------------------------------------------------ branch & roster

  getBranch(): Promise<Branch | undefined> {
    return this.run(async (db) => {
      const all = await db.getAll('branch')
      // Singleton in practice; if a restore ever brought a second one, the latest edited wins.
      return all.sort((a, b) => time(b.updatedAt) - time(a.updatedAt))[0]
    })
  }

  listBranches(): Promise<Branch[]> {
    return this.run((db) => db.getAll('branch'))
  }

  async saveBranch(branch: Branch): Promise<void> {
    requireId(branch, 'branch')
    const doc = plain(branch)
    return this.run((db) =>
      inTx(db, ['branch', 'outbox', 'syncMeta'], 'readwrite', async (tx) => {
        await writeEntity(tx, 'branch', doc, nowIso())
      }),
    )
  }

  listMembers(): Promise<Member[]> {
    const collator = new Intl.Collator('zh-CN')
    return this.run(async (db) => (await db.getAll('members')).sort((a, b) => collator.compare(a.name, b.name)))
  }

  saveMember(member: Member): Promise<void> {
    return this.saveMembers([member])
  }

  async saveMembers(members: Member[]): Promise<void> {
    const docs = members.map(validMember)
    if (docs.length === 0) return
    return this.run((db) =>
      inTx(db, ['members', 'outbox', 'syncMeta'], 'readwrite', async (tx) => {
        const now = nowIso()
        for (const doc of docs) await writeEntity(tx, 'member', doc, now)
      }),
    )
  }

  // ------------------------------------------------------------------ records

  async saveRecord(record: BranchRecord): Promise<void> {
    const doc = normalizeRecord(record)
    return this.run((db) => this.recordTx(db, (tx) => writeRecord(tx, doc, nowIso())))
  }

  getRecord(id: string): Promise<BranchRecord | undefined> {
    return this.run(async (db) => {
      const stored = await db.get('records', id)
      return stored && readRecord(stored)
    })
  }

  deleteRecord(id: string): Promise<void> {
    return this.run((db) =>
      this.recordTx(db, async (tx) => {
        const stored = await tx.objectStore('records').get(id)
        if (!stored) throw new LocalStoreError('not-found', 'delete-missing')
        const now = nowIso()
        const tombstone: BranchRecord = { ...readRecord(stored), deleted: true, updatedAt: now }
        await writeRecord(tx, tombstone, now)
      }),
    )
  }

  async listRecords(query: RecordQuery): Promise<RecordListItem[]> {
    const { kind, year, quarter } = query
    if (quarter !== undefined && (year === undefined || ![1, 2, 3, 4].includes(quarter))) {
      throw new LocalStoreError('invalid', 'bad-quarter')
    }
    // Inclusive date bounds of the year or quarter asked for (ISO dates sort as strings).
    let from: string | undefined
    let to: string | undefined
    if (year !== undefined) {
      const range =
        quarter !== undefined
          ? quarterRange(year, quarter as Quarter)
          : { start: `${String(year).padStart(4, '0')}-01-01`, end: `${String(year).padStart(4, '0')}-12-31` }
      from = range.start
      to = range.end
    }
    return this.run((db) =>
      readTx(db, ['records', 'syncMeta'], async (tx) => {
        const records = tx.objectStore('records')
        let ids: Promise<string[]>
        let stored: Promise<StoredRecord[]>
        // The keys are asked for first and come back first: the sync states are then read while the
        // documents are still on their way.
        if (kind !== undefined) {
          const range = IDBKeyRange.bound([kind, from ?? ''], [kind, to ?? '\uffff'])
          const index = records.index('by-kind-date')
          ids = index.getAllKeys(range)
          stored = index.getAll(range)
        } else if (from !== undefined && to !== undefined) {
          const range = IDBKeyRange.bound(from, to)
          const index = records.index('by-date')
          ids = index.getAllKeys(range)
          stored = index.getAll(range)
        } else {
          ids = records.getAllKeys()
          stored = records.getAll()
        }
        const [states, docs] = await Promise.all([ids.then((keys) => this.syncStates(tx, keys)), stored])
        return docs
          .map(readRecord)
          .filter((doc) => query.includeDeleted || !doc.deleted)
          .sort(newestFirst)
          .map((doc) => listItem(doc, states.get(doc.id)))
      }),
    )
  }

  /**
   * The sync state of each record, one `get` per record in the caller's transaction (a small row since
   * schema version 4 keeps the server's copy in `syncBase`). Measured against the alternatives
   * (Chromium, 10,000 records): the keys of the whole `by-state` index took ~330 ms, and a `getAll`
   * over all record states reads every record's row, not just the ones listed.
   */
  private async syncStates(tx: Tx<'readonly'>, ids: readonly string[]): Promise<Map<string, SyncState>> {
    const metaStore = tx.objectStore('syncMeta')
    const metas = await Promise.all(ids.map((id) => metaStore.get(['record', id])))
    const states = new Map<string, SyncState>()
    metas.forEach((meta) => meta && states.set(meta.id, meta.state))
    return states
  }

  private async withSyncState(tx: Tx<'readonly'>, docs: BranchRecord[]): Promise<RecordListItem[]> {
    const states = await this.syncStates(tx, docs.map((doc) => doc.id))
    return docs.map((doc) => listItem(doc, states.get(doc.id)))
  }

  async searchRecords(text: string, limit = DEFAULT_SEARCH_LIMIT): Promise<RecordListItem[]> {
    const terms = searchTerms(text)
    if (terms.length === 0) return []
    return this.run((db) =>
      readTx(db, ['searchText', 'meta', 'records', 'syncMeta'], async (tx) => {
        const cache = await currentSearchRows(tx, db, this.searchCache)
        this.keepSearchCache(cache)
        const matched: SearchRow[] = []
        for (const row of cache.rows.values()) if (matchesTerms(row.text, terms)) matched.push(row)
        // Ordered by the rows' own date fields, so only the records shown are read.
        const ids = matched.sort(newestFirst).slice(0, Math.max(0, limit)).map((row) => row.id)
        const records = tx.objectStore('records')
        const found = await Promise.all(ids.map((id) => records.get(id)))
        const docs = found
          .filter((stored) => stored !== undefined)
          .map(readRecord)
          .filter((doc) => !doc.deleted)
          .sort(newestFirst)
        return this.withSyncState(tx, docs)
      }),
    )
  }

  // ------------------------------------------------------------------ drafts

  async saveDraft(doc: BranchRecord): Promise<void> {
    const id = requireId(doc, 'draft')
    const draft: Draft = { id, doc: plain(doc), savedAt: nowIso() }
    return this.run((db) => inTx(db, ['drafts'], 'readwrite', async (tx) => void (await tx.objectStore('drafts').put(draft))))
  }

  getDraft(id: string): Promise<Draft | undefined> {
    return this.run(async (db) => {
      const draft = await db.get('drafts', id)
      return draft && readDraft(draft)
    })
  }

  listDrafts(): Promise<Draft[]> {
    return this.run(async (db) =>
      (await db.getAll('drafts')).map(readDraft).sort((a, b) => time(b.savedAt) - time(a.savedAt)),
    )
  }

  discardDraft(id: string): Promise<void> {
    return this.run((db) => inTx(db, ['drafts'], 'readwrite', (tx) => tx.objectStore('drafts').delete(id)))
  }

  // ------------------------------------------------------------------ attachments

  private canStoreBlobs(): Promise<boolean> {
    if (this.options.storeBlobs !== undefined) return Promise.resolve(this.options.storeBlobs)
    this.blobSupport ??= this.connect().then(probeBlobStorage, () => false)
    return this.blobSupport
  }

  private attachmentValue(hash: string, mime: string, bytes: Uint8Array, asBlob: boolean): StoredAttachment {
    const base = { hash, mime, size: bytes.byteLength, storedAt: nowIso() }
    return asBlob ? { ...base, blob: new Blob([toArrayBuffer(bytes)], { type: mime }) } : { ...base, bytes: toArrayBuffer(bytes) }
  }

  async putAttachment(bytes: Blob, meta: Omit<AttachmentRef, 'hash' | 'size'>): Promise<AttachmentRef> {
    if (bytes.size === 0) throw new LocalStoreError('invalid', 'file-empty')
    if (bytes.size > MAX_ATTACHMENT_BYTES) {
      throw new LocalStoreError('invalid', 'file-too-big', { size: mib(bytes.size), limit: mib(MAX_ATTACHMENT_BYTES) })
    }
    const data = new Uint8Array(await bytes.arrayBuffer())
    const sniffed = sniffFileType(data)
    if (meta.role === 'scan') {
      if (!sniffed) throw new LocalStoreError('invalid', 'scan-type')
    } else if (!sniffed?.image) {
      throw new LocalStoreError('invalid', 'image-type')
    }
    const hash = await sha256Hex(data)
    const asBlob = await this.canStoreBlobs()
    const value = this.attachmentValue(hash, sniffed.mime, data, asBlob)
    await this.run((db) =>
      inTx(db, ['attachments'], 'readwrite', async (tx) => {
        const store = tx.objectStore('attachments')
        // Same bytes, same hash: keep the one copy already stored, but as if stored now, so that garbage
        // collection (which spares files stored within its grace period) cannot take a file that was
        // unreferenced until this moment before the draft that now uses it is saved.
        const existing = await store.get(hash)
        await store.put(existing ? { ...existing, storedAt: value.storedAt } : value)
      }),
    )
    return { ...meta, hash, mime: sniffed.mime, size: data.byteLength }
  }

  getAttachment(hash: string): Promise<Blob | undefined> {
    return this.run(async (db) => {
      const stored = await db.get('attachments', hash)
      return stored && attachmentBlob(stored)
    })
  }

  // ------------------------------------------------------------------ backup

  async exportBackup(): Promise<Blob> {
    // One read transaction for a consistent snapshot; Blob bytes are read after it.
    const snapshot = await this.run((db) =>
      inTx(db, ['branch', 'members', 'records', 'drafts', 'attachments', 'entities'], 'readonly', async (tx) => {
        const [branch, members, records, drafts, attachments, entities] = await Promise.all([
          tx.objectStore('branch').getAll(),
          tx.objectStore('members').getAll(),
          tx.objectStore('records').getAll(),
          tx.objectStore('drafts').getAll(),
          tx.objectStore('attachments').getAll(),
          tx.objectStore('entities').getAll(),
        ])
        return { branch, members, records, drafts, attachments, entities }
      }),
    )
    const attachments = await Promise.all(
      snapshot.attachments.map(async (a) => ({
        hash: a.hash,
        mime: a.mime,
        bytes: new Uint8Array(await attachmentBlob(a).arrayBuffer()),
      })),
    )
    const branch = snapshot.branch.sort((a, b) => time(b.updatedAt) - time(a.updatedAt))[0] ?? null
    return buildBackup({
      branch,
      members: snapshot.members,
      records: snapshot.records.map(readRecord),
      drafts: snapshot.drafts,
      attachments,
      // Tombstones included, as for records: a restore must not bring deleted items back.
      entities: snapshot.entities.map((e) => ({ entity: e.entity, id: e.id, doc: e.doc as Record<string, unknown> })),
    })
  }

  async restoreBackup(file: Blob): Promise<RestoreReport> {
    // Everything is checked before the database is touched: a bad file changes nothing.
    const backup: ParsedBackup = await parseBackup(file)
    const asBlob = backup.attachments.size > 0 ? await this.canStoreBlobs() : true
    return this.run((db) =>
      this.recordTx(db, async (tx) => {
        const now = nowIso()
        const report: RestoreReport = { records: 0, members: 0, attachments: 0, drafts: 0, entities: 0, branch: false, skipped: [] }

        if (backup.branch) {
          const localBranches = await tx.objectStore('branch').getAll()
          const other = localBranches.find((b) => b.id !== backup.branch?.id)
          const same = localBranches.find((b) => b.id === backup.branch?.id)
          if (other) {
            report.skipped.push({ what: `支部「${backup.branch.name}」`, reason: `本机已设置支部「${other.name}」，保留本机的支部信息` })
          } else if (same && !isNewer(backup.branch.updatedAt, same.updatedAt)) {
            report.skipped.push({ what: `支部「${backup.branch.name}」`, reason: '本机的支部信息更新或相同，已保留本机版本' })
          } else {
            await writeEntity(tx, 'branch', backup.branch, now)
            report.branch = true
          }
        }

        for (const member of backup.members) {
          const local = await tx.objectStore('members').get(member.id)
          if (local && !isNewer(member.updatedAt, local.updatedAt)) {
            report.skipped.push({ what: `党员「${member.name}」`, reason: '本机的信息更新或相同，已保留本机版本' })
            continue
          }
          await writeEntity(tx, 'member', member, now)
          report.members++
        }

        const attachments = tx.objectStore('attachments')
        for (const [hash, a] of backup.attachments) {
          if ((await attachments.getKey(hash)) !== undefined) continue
          await attachments.put(this.attachmentValue(hash, a.mime, a.bytes, asBlob))
          report.attachments++
        }

        for (const doc of backup.records) {
          const local = await tx.objectStore('records').get(doc.id)
          const label = `记录「${doc.title || doc.date}」`
          if (local && !isNewer(doc.updatedAt, local.doc.updatedAt)) {
            report.skipped.push({ what: label, reason: '本机的版本更新或相同，已保留本机版本' })
            continue
          }
          for (const ref of attachmentRefs(doc)) {
            if (!backup.attachments.has(ref.hash) && (await attachments.getKey(ref.hash)) === undefined) {
              report.skipped.push({ what: `${label}的附件 ${ref.hash.slice(0, 12)}`, reason: '备份中没有这个附件文件，记录已恢复但缺少该附件' })
            }
          }
          await restoreRecord(tx, doc, now)
          report.records++
        }

        for (const e of backup.entities) {
          const what = `数据「${e.entity} ${e.id}」`
          if (!isGenericEntity(e.entity)) {
            report.skipped.push({ what, reason: '这种数据不能作为其他数据恢复' })
            continue
          }
          let doc: EntityDoc
          try {
            doc = checkedEntityDoc(e.entity, e.doc as unknown as EntityDoc)
          } catch (error) {
            report.skipped.push({ what, reason: error instanceof Error ? error.message : String(error) })
            continue
          }
          const local = await tx.objectStore('entities').get([e.entity, doc.id])
          if (local && !isNewer(doc.updatedAt, local.updatedAt)) {
            report.skipped.push({ what, reason: '本机的版本更新或相同，已保留本机版本' })
            continue
          }
          await writeWithOutbox(tx, e.entity, doc, now)
          report.entities++
        }

        for (const draft of backup.drafts) {
          const local = await tx.objectStore('drafts').get(draft.id)
          if (local && !isNewer(draft.savedAt, local.savedAt)) {
            report.skipped.push({ what: `草稿「${draft.doc.title || draft.id}」`, reason: '本机的草稿更新或相同，已保留本机版本' })
            continue
          }
          await tx.objectStore('drafts').put(draft)
          report.drafts++
        }
        return report
      }, ['branch', 'members', 'attachments', 'entities']),
    )
  }

  // ------------------------------------------------------------------ other synced entities (entityStore.ts)

  putEntity<T extends EntityDoc>(entity: GenericEntityName, doc: T): Promise<void> {
    return this.run((db) => putEntitiesIn(db, [{ entity, doc }]))
  }

  putEntities(list: readonly { entity: GenericEntityName; doc: EntityDoc }[]): Promise<void> {
    return this.run((db) => putEntitiesIn(db, list))
  }

  getEntity<T extends EntityDoc>(entity: GenericEntityName, id: string): Promise<T | undefined> {
    return this.run((db) => getEntityIn<T>(db, entity, id))
  }

  listEntities<T extends EntityDoc>(entity: GenericEntityName, query?: EntityListQuery): Promise<T[]> {
    return this.run((db) => listEntitiesIn<T>(db, entity, query))
  }

  deleteEntity(entity: GenericEntityName, id: string): Promise<void> {
    return this.run((db) => deleteEntityIn(db, entity, id))
  }

  // ------------------------------------------------------------------ sync support & storage

  pendingMutations(limit = DEFAULT_PENDING_LIMIT): Promise<OutboxMutation[]> {
    return this.run((db) => db.getAll('outbox', undefined, Math.max(1, limit)))
  }

  getDeviceId(): Promise<string> {
    return this.run((db) =>
      inTx(db, ['meta'], 'readwrite', async (tx) => {
        const store = tx.objectStore('meta')
        const existing = await store.get('deviceId')
        if (typeof existing === 'string') return existing
        const id = uuidv7()
        await store.put(id, 'deviceId')
        return id
      }),
    )
  }

  async storageInfo(): Promise<StorageInfo> {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined
    const info: StorageInfo = {}
    try {
      if (storage?.estimate) {
        const estimate = await storage.estimate()
        info.usageBytes = estimate.usage
        info.quotaBytes = estimate.quota
      }
      if (storage?.persisted) info.persisted = await storage.persisted()
    } catch {
      // Some browsers (private modes) refuse the estimate; "unknown" is an honest answer here.
    }
    return info
  }

  async requestPersistence(): Promise<boolean> {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined
    if (!storage?.persist) return false
    try {
      return await storage.persist()
    } catch {
      return false
    }
  }
}

export async function openLocalStore(options: OpenLocalStoreOptions = {}): Promise<LocalStore> {
  const store = new IdbLocalStore(options.dbName ?? DEFAULT_DB_NAME, options)
  await store.connect()
  return store
}
