// The IndexedDB side of sync: choosing what to push, recording the server's answers, applying pulled
// pages, keeping the cursor, and turning same-field clashes into conflicts a person resolves.
//
// Rules kept here (see also `src/sync/syncEngine.ts`):
// - At most one mutation per entity is on the wire at a time, always the oldest. Mutations queued
//   behind it were never sent, so they may be folded into one (squashed) or rebased after the answer;
//   a mutation that may have reached the server is never changed, so a retry sends the same body.
// - Every server answer and every pulled page is applied in ONE transaction; an answer applied twice
//   (duplicated response) finds its mutation gone and changes nothing.
// - An entity with unsent mutations is not touched by a pull and the stored cursor stops before it:
//   the server merges our push against the revision it was made on, and the next pull brings the head.
// - An entity with local edits but nothing to send (its push was refused) is three-way merged with the
//   pulled head; a same-field clash becomes a conflict with both values kept.
import { uuidv7 } from 'uuidv7'
import { DELETED, joinConflicts, jsonEqual, mergeFields, type ChangeAuthor, type FieldConflict, type FieldEdit } from '@/domain/merge'
import {
  entityKind,
  type Change,
  type EntityConflict,
  type EntityName,
  type Mutation,
  type MutationResult,
  type PullResponse,
} from '@/domain/protocol'
import type { AttachmentRef, Branch, BranchRecord, Member } from '@/domain/types'
import { attachmentGarbage, collectAttachmentHashes, recordAttachmentRefs } from '@/domain/attachmentRefs'
import type { OutboxMutation, SyncState } from './contract'
import { DEFAULT_DB_NAME, openBranchRecordsDB, type LocalDB, type SyncMeta } from './db'
import { readEntityDoc, writeEntityDoc } from './entityStore'
import { toLocalStoreError } from './errors'
import { putRecordRows, storedRecord } from './searchIndex'
import { inTx, type AnyStore, type Tx } from './transaction'

type Doc = Record<string, unknown>
type WriteTx = Tx<'readwrite'>

/** A same-field clash waiting for a person, with both values of every clashing field. */
export interface StoredConflict {
  /** `server`: the head carries the conflict mark (every device sees it); `local`: found on this device. */
  source: 'server' | 'local'
  fields: FieldConflict[]
  /** Server revision the resolution will be made on. */
  rev: number
  at: string
}

/** `SyncMeta` plus the conflict details (IndexedDB stores the extra field as is). */
export interface SyncMetaWithConflict extends SyncMeta {
  conflict?: StoredConflict
}

/** An outbox entry; `resolvesConflict` is set on the mutation a conflict resolution writes. */
export type OutboxEntry = OutboxMutation & { resolvesConflict?: boolean }

export interface PushApplyReport {
  /** Mutations answered (and removed from the outbox). */
  answered: number
  applied: number
  conflicts: number
  rejected: number
}

export interface PullApplyReport {
  applied: number
  conflicts: number
  /** Changes left for later because their entity still has unsent mutations. */
  deferred: number
  /** The cursor stored after this page. */
  cursor: number
}

/** One value a person may choose for a clashing field. */
export interface ConflictOption {
  /** `current`: what the record holds now; `incoming`: a clashing edit that was not taken. */
  kind: 'current' | 'incoming'
  /** Undefined when that version has no value in the field (or, for `$deleted`, false). */
  value: unknown
  /**
   * Who made this value and when, as the server recorded it (compare `deviceId` with this device's).
   * Undefined for conflicts stored by older versions, or when the value changed since the clash.
   */
  by?: ChangeAuthor
}

/** A clashing field with the values to choose from (the current one first, then the others). */
export interface ConflictFieldView {
  field: string
  /** The value both sides started from, when known. */
  base?: unknown
  options: ConflictOption[]
  /** `$deleted` only: what the side that kept the entity changed, lost if the deletion is chosen. */
  edits?: FieldEdit[]
}

export interface ConflictView {
  entity: EntityName
  id: string
  conflict: StoredConflict
  /** The device's current copy (non-clashing fields merged; clashing fields hold the current value). */
  doc: Doc | undefined
  state: SyncState
  fields: ConflictFieldView[]
}

export interface EntitySyncInfo {
  entity: EntityName
  id: string
  state: SyncState
  rev: number
  lastError?: string
  conflict?: StoredConflict
}

/**
 * Per clashing field, the index of the chosen option in `ConflictFieldView.options` (default 0:
 * current), or a value the person wrote (e.g. a combined text of both versions).
 */
export type ConflictChoices = Record<string, number | { value: unknown }>

/** What the sync engine needs from the device's storage. */
export interface SyncLocal {
  getDeviceId(): Promise<string>
  /**
   * The next mutations to push: the oldest per entity, at most `limit`, skipping `exclude`d
   * mutationIds. Folds never-sent mutations queued behind one another, and remembers what is sent.
   */
  nextPushBatch(limit: number, exclude?: ReadonlySet<string>): Promise<Mutation[]>
  /** Records the server's answers in one transaction. Unknown or already answered ids are ignored. */
  applyPushResults(results: MutationResult[]): Promise<PushApplyReport>
  /** A mutation the server refused as a whole request (4xx, 409): the entity shows the error. */
  rejectMutation(mutationId: string, reason: string): Promise<void>
  /** Marks an entity 'error' without dropping its mutation (e.g. an attachment the server refuses). */
  markEntityError(entity: EntityName, id: string, reason: string): Promise<void>
  getCursor(): Promise<number>
  /** Applies one pulled page in one transaction. `holdCursor`: a change earlier in this run was deferred. */
  applyPullPage(page: PullResponse, holdCursor: boolean): Promise<PullApplyReport>
  unsentCount(): Promise<number>
  readMeta<T>(key: string): Promise<T | undefined>
  writeMeta(key: string, value: unknown): Promise<void>
  deleteMeta(key: string): Promise<void>
  /** Attachments a pending record references (the bytes go up before the record). */
  attachmentBytes(hash: string): Promise<Blob | undefined>
  /** Stores downloaded bytes (already verified against `hash` by the caller). */
  storeAttachment(hash: string, mime: string, bytes: Blob): Promise<void>
  hasAttachment(hash: string): Promise<boolean>
  /** The attachments live records dated `from`–`to` (ISO dates, inclusive) show: what a prefetch fetches. */
  recordAttachmentsBetween(from: string, to: string): Promise<AttachmentRef[]>
  /**
   * Removes the files nothing on this device references any more (records, drafts, unsent changes,
   * the server's copies kept for merges, conflicts, evidence, sign-offs, anything else stored) and that
   * were stored more than `graceMs` ago. One transaction: a save cannot slip in between. Returns the
   * removed hashes.
   */
  collectAttachmentGarbage(graceMs: number): Promise<string[]>
  /** Sync state of every entity, or only of those in `states` (read through the state index: cheap). */
  listSyncInfo(entity?: EntityName, states?: readonly SyncState[]): Promise<EntitySyncInfo[]>
  listConflicts(): Promise<ConflictView[]>
  getConflict(entity: EntityName, id: string): Promise<ConflictView | undefined>
  /** Writes the chosen values as a new local version and queues it on top of the server head. */
  resolveConflict(entity: EntityName, id: string, choices: ConflictChoices): Promise<void>
  /** Forgets the cursor so the next pull starts from the beginning (another account signed in). */
  resetCursor(): Promise<void>
  /**
   * First sign-in after setting up offline: the branch made on this device (never on the server)
   * becomes the account's branch. Records, members and other entities are moved to `branchId` and
   * queued again; the local branch's own settings wait until the server's branch document is here
   * (`finishBranchAdoption`). Returns how many entities were moved.
   */
  adoptBranch(branchId: string): Promise<number>
  /** Carries the adopted branch's settings over onto the server's branch document once it is here. */
  finishBranchAdoption(): Promise<boolean>
  close(): void
}

// ---------------------------------------------------------------- meta keys

/** The server's pseudo-field for "deleted on one side, changed on the other" (the domain's one constant). */
export const DELETED_FIELD = DELETED

export const META_CURSOR = 'sync.cursor'
/** Settings of a branch made offline, waiting to be carried over onto the account's branch. */
export const META_ADOPTED_BRANCH = 'sync.adoptedBranch'
/** Mutation ids sent whose answer has not been applied: they may be on the server, so never change them. */
export const META_IN_FLIGHT = 'sync.inFlight'
const UPLOADED_PREFIX = 'sync.uploaded:'
/** Set once the server holds `hash` for `branchId` (it links bytes to the branches that uploaded them). */
export const uploadedKey = (hash: string, branchId: string): string => `${UPLOADED_PREFIX}${branchId}:${hash}`

// ---------------------------------------------------------------- documents per entity

const isObj = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Every store `writeLocalDoc` may write (a record's search row and the search version included). */
const DOC_STORES: AnyStore[] = ['records', 'searchText', 'meta', 'members', 'branch', 'entities']
/** What applying answers, pulled changes and resolutions writes: queue, sync state, server copy, documents. */
const SYNC_WRITE_STORES: AnyStore[] = ['outbox', 'syncMeta', 'syncBase', ...DOC_STORES]

/** Stores the server's copy the entity is now based on (`undefined`: none known), in the caller's transaction. */
function putBase(tx: WriteTx, entity: EntityName, id: string, doc: unknown): Promise<unknown> {
  const store = tx.objectStore('syncBase')
  return doc === undefined ? store.delete([entity, id]) : store.put({ entity, id, doc })
}

const entityKey = (entity: string, id: string): string => `${entity}\u0000${id}`

/** What applying a pulled change needs to know about its entity on this device. */
interface ChangeReads {
  /** Mutations still queued for the entity (a pull does not add or remove any). */
  pending: number
  meta: SyncMetaWithConflict | undefined
  /** The server's copy at `meta.rev` (`syncBase`): tells local edits apart and is the merge ancestor. */
  base: unknown
  /** False when `base` was not read (no sync state or no document here): it is then unknown, not absent. */
  baseRead: boolean
  local: Doc | undefined
}

/** Issues the reads of every known entity of a page at once, one set per entity. */
async function readsForChanges(tx: WriteTx, changes: readonly Change[]): Promise<Map<string, ChangeReads>> {
  const byEntity = tx.objectStore('outbox').index('by-entity')
  const metaStore = tx.objectStore('syncMeta')
  const baseStore = tx.objectStore('syncBase')
  const pending = new Map<string, Promise<ChangeReads>>()
  for (const { entity, id } of changes) {
    const key = entityKey(entity, id)
    if (!entityKind(entity) || pending.has(key)) continue
    pending.set(
      key,
      Promise.all([byEntity.count([entity, id]), metaStore.get([entity, id]), readLocalDoc(tx, entity, id)]).then(async ([count, meta, local]) => ({
        pending: count,
        meta: meta as SyncMetaWithConflict | undefined,
        // Only an entity with a sync state and a document here needs its base (a first pull has none).
        base: meta && local ? (await baseStore.get([entity, id]))?.doc : undefined,
        baseRead: meta !== undefined && local !== undefined,
        local,
      })),
    )
  }
  const keys = [...pending.keys()]
  const values = await Promise.all(pending.values())
  return new Map(keys.map((key, i) => [key, values[i] as ChangeReads]))
}

/** What applying push answers needs: the answered queue entries and, per entity, its state here. */
interface PushReads {
  /** Queue entries by mutationId (an answered one is removed, so a duplicated answer finds nothing). */
  entries: Map<string, OutboxEntry>
  entities: Map<string, { meta: SyncMetaWithConflict | undefined; queue: OutboxEntry[]; local: Doc | undefined }>
}

/** Reads the queue entries of `mutationIds`, then everything about their entities, each step at once. */
async function readsForResults(tx: WriteTx, mutationIds: readonly string[]): Promise<PushReads> {
  const outbox = tx.objectStore('outbox')
  const byMutation = outbox.index('by-mutation')
  const found = (await Promise.all([...new Set(mutationIds)].map((id) => byMutation.get(id)))) as (OutboxEntry | undefined)[]
  const entries = new Map<string, OutboxEntry>()
  const targets = new Map<string, [EntityName, string]>()
  const mutationOfSeq = new Map<number, string>()
  for (const m of found) {
    if (!m || m.seq === undefined) continue
    entries.set(m.mutationId, m)
    mutationOfSeq.set(m.seq, m.mutationId)
    targets.set(entityKey(m.entity, m.entityId), [m.entity, m.entityId])
  }
  const byEntity = outbox.index('by-entity')
  const metaStore = tx.objectStore('syncMeta')
  const loaded = await Promise.all(
    [...targets.values()].map(([entity, id]) =>
      Promise.all([
        metaStore.get([entity, id]),
        // Usually the answered mutation is the entity's only one: then its key is all there is to read.
        byEntity.getAllKeys([entity, id]).then((seqs) => {
          const only = seqs.length === 1 ? entries.get(mutationOfSeq.get(seqs[0] as number) ?? '') : undefined
          return only ? [only] : byEntity.getAll([entity, id])
        }),
        readLocalDoc(tx, entity, id),
      ]),
    ),
  )
  const entities: PushReads['entities'] = new Map()
  ;[...targets.keys()].forEach((key, i) => {
    const [meta, queue, local] = loaded[i] ?? []
    entities.set(key, { meta: meta as SyncMetaWithConflict | undefined, queue: (queue ?? []) as OutboxEntry[], local })
  })
  return { entries, entities }
}

/** Entities whose tombstone is the document with `deleted: true` (members and the branch are never deleted). */
const tombstoneInDoc = (entity: EntityName): boolean => entity !== 'member' && entity !== 'branch'

async function readLocalDoc(tx: WriteTx, entity: EntityName, id: string): Promise<Doc | undefined> {
  switch (entity) {
    case 'record':
      return (await tx.objectStore('records').get(id))?.doc as Doc | undefined
    case 'member':
      return (await tx.objectStore('members').get(id)) as Doc | undefined
    case 'branch':
      return (await tx.objectStore('branch').get(id)) as Doc | undefined
    default:
      return readEntityDoc(tx, entity, id)
  }
}

async function writeLocalDoc(tx: WriteTx, entity: EntityName, id: string, doc: Doc): Promise<void> {
  switch (entity) {
    case 'record':
      // With its search row; the transaction includes `searchText` and `meta` (DOC_STORES).
      await Promise.all(putRecordRows(tx, { ...(doc as unknown as BranchRecord), id }))
      return
    case 'member':
      await tx.objectStore('members').put({ ...(doc as unknown as Member), id })
      return
    case 'branch':
      await tx.objectStore('branch').put({ ...(doc as unknown as Branch), id })
      return
    default:
      await writeEntityDoc(tx, entity, id, doc)
  }
}

/**
 * Deletion travels as the mutation's and the change's `deleted` flag, never inside the document (a
 * `deleted` field there would be merged like any other field). On the device a record tombstone is
 * the document with `deleted: true`, as the local store writes it.
 */
function localForm(entity: EntityName, doc: Doc, deleted: boolean): Doc {
  if (!tombstoneInDoc(entity)) return doc
  if (deleted) return doc.deleted === true ? doc : { ...doc, deleted: true }
  if (!('deleted' in doc)) return doc
  const copy = { ...doc }
  delete copy.deleted
  return copy
}

function docOfChange(change: Pick<Change, 'entity' | 'doc' | 'deleted'>): Doc | undefined {
  return change.doc ? localForm(change.entity, change.doc, change.deleted) : undefined
}

function mergeOptions(entity: EntityName): { nestedFields: readonly string[] } {
  return { nestedFields: entityKind(entity)?.nestedFields ?? [] }
}

function attachmentRefs(doc: unknown): AttachmentRef[] {
  if (!isObj(doc)) return []
  const refs: AttachmentRef[] = Array.isArray(doc.photos) ? [...(doc.photos as AttachmentRef[])] : []
  const sig = isObj(doc.signatures) ? doc.signatures : {}
  for (const who of ['chair', 'recorder'] as const) {
    const ref = sig[who]
    if (isObj(ref) && typeof ref.hash === 'string') refs.push(ref as unknown as AttachmentRef)
  }
  return refs.filter((r) => typeof r?.hash === 'string')
}

/** Hashes of the attachments a mutation's document references (uploaded before the mutation). */
export function referencedAttachments(m: Pick<Mutation, 'entity' | 'doc'>): string[] {
  // Rectification evidence (added by the rectification UI): its photo or scan, and an adopted rule's file.
  if (m.entity === 'evidence') {
    const doc = isObj(m.doc) ? m.doc : {}
    const hashes = [isObj(doc.file) ? doc.file.hash : undefined, isObj(doc.rule) ? doc.rule.fileHash : undefined]
    return [...new Set(hashes.filter((h): h is string => typeof h === 'string'))]
  }
  if (m.entity !== 'record') return []
  // A photo's thumbnail is a file of its own: it goes up with the original.
  return [...new Set(attachmentRefs(m.doc).flatMap((r) => (typeof r.thumbHash === 'string' ? [r.hash, r.thumbHash] : [r.hash])))]
}

/** The branch a mutation's document belongs to (attachments are uploaded for that branch). */
export function branchOfMutation(m: Pick<Mutation, 'doc'>): string | undefined {
  return typeof m.doc?.branchId === 'string' ? m.doc.branchId : undefined
}

/** The wire form of an outbox entry. Deterministic: a retry sends exactly the same body. */
export function toWireMutation(m: OutboxEntry): Mutation {
  const doc = isObj(m.doc) ? m.doc : undefined
  const wire: Mutation = { mutationId: m.mutationId, entity: m.entity, id: m.entityId, baseRev: m.baseRev }
  const deleted = doc?.deleted === true
  if (doc) wire.doc = tombstoneInDoc(m.entity) && 'deleted' in doc ? localForm(m.entity, doc, false) : doc
  if (deleted) wire.deleted = true
  if (m.resolvesConflict) wire.resolvesConflict = true
  return wire
}

function fromEntityConflict(c: EntityConflict | null, rev: number, now: string): StoredConflict | undefined {
  if (!c) return undefined
  return { source: 'server', fields: c.fields, rev, at: c.at || now }
}

function sameMeta(a: SyncMetaWithConflict, b: SyncMetaWithConflict): boolean {
  return a.rev === b.rev && a.state === b.state && jsonEqual(a.conflict?.fields ?? null, b.conflict?.fields ?? null)
}

/**
 * Joins two sets of clashing fields. A field that clashes again keeps its earlier incoming value too:
 * every value that was not taken stays on offer until a person has chosen.
 */
function mergeConflicts(
  existing: StoredConflict | undefined,
  incoming: StoredConflict | undefined,
  source: StoredConflict['source'],
): StoredConflict | undefined {
  if (!incoming) return existing
  if (!existing) return incoming
  return {
    source: existing.source === 'local' || source === 'local' ? 'local' : 'server',
    fields: joinConflicts(existing.fields, incoming.fields),
    rev: Math.max(existing.rev, incoming.rev),
    at: incoming.at,
  }
}

function getPath(doc: Doc | undefined, path: string): unknown {
  if (!doc) return undefined
  if (path === DELETED_FIELD) return doc.deleted === true
  const dot = path.indexOf('.')
  if (dot > 0 && isObj(doc[path.slice(0, dot)])) return (doc[path.slice(0, dot)] as Doc)[path.slice(dot + 1)]
  return doc[path]
}

/** The choices for each clashing field: the current value, then every distinct value not taken. */
export function conflictFields(conflict: StoredConflict, doc: Doc | undefined): ConflictFieldView[] {
  const out: ConflictFieldView[] = []
  for (const f of conflict.fields) {
    let view = out.find((v) => v.field === f.field)
    if (!view) {
      view = { field: f.field, options: [{ kind: 'current', value: getPath(doc, f.field) }] }
      if ('base' in f) view.base = f.base
      out.push(view)
    }
    const value = f.field === DELETED_FIELD ? f.local === true : f.local
    const remote = f.field === DELETED_FIELD ? f.remote === true : f.remote
    const current = view.options[0] as ConflictOption
    // The current value was made by whoever made the head's value, if it is still that value.
    if (!current.by && f.remoteBy && jsonEqual(current.value ?? null, remote ?? null)) current.by = f.remoteBy
    if (f.edits && !view.edits) view.edits = f.edits
    if (!view.options.some((o) => jsonEqual(o.value ?? null, value ?? null))) {
      const option: ConflictOption = { kind: 'incoming', value }
      if (f.localBy) option.by = f.localBy
      view.options.push(option)
    } else if (!current.by && f.localBy && jsonEqual(current.value ?? null, value ?? null)) {
      current.by = f.localBy
    }
  }
  return out
}

function rejectionText(result: Extract<MutationResult, { status: 'rejected' }>): string {
  const head = result.message ? `${result.message} (${result.reason})` : result.reason
  return result.details?.length ? `${head}: ${result.details.slice(0, 3).join('; ')}` : head
}

/** Sets `sections.key` or a top-level field; `undefined` removes it. */
function setPath(doc: Doc, path: string, value: unknown): void {
  const dot = path.indexOf('.')
  if (dot > 0 && isObj(doc[path.slice(0, dot)])) {
    const head = path.slice(0, dot)
    const nested: Doc = { ...(doc[head] as Doc) }
    setPath(nested, path.slice(dot + 1), value)
    doc[head] = nested
    return
  }
  if (value === undefined) delete doc[path]
  else Object.defineProperty(doc, path, { value, enumerable: true, writable: true, configurable: true })
}

// ---------------------------------------------------------------- implementation

export interface OpenSyncLocalOptions {
  /** Same database as the local store; tests use a unique name each. */
  dbName?: string
  now?: () => Date
}

class IdbSyncLocal implements SyncLocal {
  private dbPromise: Promise<LocalDB> | undefined
  private readonly now: () => Date

  constructor(
    private readonly dbName: string,
    options: OpenSyncLocalOptions,
  ) {
    this.now = options.now ?? (() => new Date())
  }

  private connect(): Promise<LocalDB> {
    this.dbPromise ??= openBranchRecordsDB(this.dbName, {
      // A newer app version (another tab) needs the database: step aside; the next call reopens.
      blocking: () => {
        const p = this.dbPromise
        this.dbPromise = undefined
        void p?.then((db) => db.close())
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

  private async tx<T>(stores: AnyStore[], body: (tx: WriteTx) => Promise<T>): Promise<T> {
    return inTx(await this.connect(), stores, 'readwrite', body)
  }

  private iso(): string {
    return this.now().toISOString()
  }

  close(): void {
    const p = this.dbPromise
    this.dbPromise = undefined
    void p?.then((db) => db.close()).catch(() => undefined)
  }

  getDeviceId(): Promise<string> {
    return this.tx(['meta'], async (tx) => {
      const store = tx.objectStore('meta')
      const existing = await store.get('deviceId')
      if (typeof existing === 'string') return existing
      const id = uuidv7()
      await store.put(id, 'deviceId')
      return id
    })
  }

  // -------------------------------------------------------------- push

  nextPushBatch(limit: number, exclude: ReadonlySet<string> = new Set()): Promise<Mutation[]> {
    return this.tx(['outbox', 'meta'], async (tx) => {
      const outbox = tx.objectStore('outbox')
      const meta = tx.objectStore('meta')
      const inFlight = new Set((await meta.get(META_IN_FLIGHT)) as string[] | undefined)
      // The heads (each entity's oldest mutation) in queue order, read a chunk at a time: a long
      // queue is not read whole for every batch.
      const seen = new Set<string>()
      let after: number | undefined
      let exhausted = false
      const byEntity = outbox.index('by-entity')
      const batch: OutboxEntry[] = []
      while (batch.length < limit && !exhausted) {
        const want = limit - batch.length
        const heads: OutboxEntry[] = []
        while (heads.length < want && !exhausted) {
          const chunk = Math.max(want, 50)
          const page = (await outbox.getAll(after === undefined ? undefined : IDBKeyRange.lowerBound(after, true), chunk)) as OutboxEntry[]
          if (page.length < chunk) exhausted = true
          for (const m of page) {
            after = m.seq
            const key = entityKey(m.entity, m.entityId)
            if (seen.has(key)) continue
            seen.add(key)
            if (!exclude.has(m.mutationId)) heads.push(m)
            if (heads.length >= want) break
          }
          if (heads.length >= want && page[page.length - 1]?.seq !== after) exhausted = false
        }
        // Which heads have mutations queued behind them (keys only; their documents only if so).
        const queued = await Promise.all(heads.map((m) => byEntity.getAllKeys([m.entity, m.entityId])))
        for (const [i, head] of heads.entries()) {
          if ((queued[i]?.length ?? 0) > 1 && !inFlight.has(head.mutationId)) {
            const list = ((await byEntity.getAll([head.entity, head.entityId])) as OutboxEntry[]).sort((x, y) => (x.seq ?? 0) - (y.seq ?? 0))
            const last = list[list.length - 1] as OutboxEntry
            // Never sent: keep only the newest (each document is whole), made on the oldest one's base.
            const folded: OutboxEntry = { ...last, baseRev: head.baseRev }
            if (list.some((m) => m.resolvesConflict)) folded.resolvesConflict = true
            for (const m of list.slice(0, -1)) if (m.seq !== undefined) await outbox.delete(m.seq)
            await outbox.put(folded)
            if (!exclude.has(folded.mutationId)) batch.push(folded)
          } else {
            batch.push(head)
          }
        }
      }
      for (const m of batch) inFlight.add(m.mutationId)
      await meta.put([...inFlight], META_IN_FLIGHT)
      return batch.map(toWireMutation)
    })
  }

  applyPushResults(results: MutationResult[]): Promise<PushApplyReport> {
    return this.tx(SYNC_WRITE_STORES, async (tx) => {
      const report: PushApplyReport = { answered: 0, applied: 0, conflicts: 0, rejected: 0 }
      const metaStore = tx.objectStore('meta')
      // As for a pulled page: all reads at once, then the answers in order with their writes issued
      // without waiting for each; `reads` follows those writes.
      const [stored, reads] = await Promise.all([metaStore.get(META_IN_FLIGHT), readsForResults(tx, results.map((r) => r.mutationId))])
      const inFlight = new Set(stored as string[] | undefined)
      const writes: Promise<unknown>[] = []
      try {
        for (const result of results) {
          inFlight.delete(result.mutationId)
          const done = this.applyOneResult(tx, result, reads, writes)
          if (!done) continue
          report.answered++
          if (result.status === 'applied') report.applied++
          else if (result.status === 'conflict') report.conflicts++
          else report.rejected++
        }
      } catch (e) {
        // The transaction is aborted by `inTx`: the writes already issued fail with it, observed here.
        for (const w of writes) w.catch(() => undefined)
        throw e
      }
      writes.push(metaStore.put([...inFlight], META_IN_FLIGHT))
      await Promise.all(writes)
      return report
    })
  }

  /**
   * Applies one answer given `reads` (see `readsForResults`), which it keeps up to date; its writes go
   * to `writes`. `errorText` replaces the text built from a rejection (the whole request was refused).
   */
  private applyOneResult(tx: WriteTx, result: MutationResult, reads: PushReads, writes: Promise<unknown>[], errorText?: string): boolean {
    const outbox = tx.objectStore('outbox')
    const m = reads.entries.get(result.mutationId)
    // Already answered (a duplicated response) or not ours: nothing to do.
    if (!m || m.seq === undefined) return false
    const { entity, entityId: id } = m
    const known = reads.entities.get(entityKey(entity, id))
    if (!known) return false
    const metaStore = tx.objectStore('syncMeta')
    const meta = known.meta
    const putMeta = (next: SyncMetaWithConflict): void => {
      writes.push(metaStore.put(next))
      known.meta = next
    }
    const dropEntry = (entry: OutboxEntry): void => {
      if (entry.seq !== undefined) writes.push(outbox.delete(entry.seq))
      reads.entries.delete(entry.mutationId)
      known.queue = known.queue.filter((q) => q.seq !== entry.seq)
    }
    dropEntry(m)
    const rest = [...known.queue].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
    const now = this.iso()

    if (result.status === 'rejected') {
      putMeta({
        ...(meta ?? { entity, id, rev: 0 }),
        entity,
        id,
        state: 'error',
        lastError: errorText ?? rejectionText(result),
        changedAt: now,
      })
      return true
    }

    const sentDoc = isObj(m.doc) ? m.doc : {}
    // A merged answer does not say whether the head is deleted; the next pull brings the exact head.
    const head: Doc =
      result.status === 'conflict'
        ? localForm(entity, result.doc, result.deleted)
        : result.doc
          ? localForm(entity, result.doc, sentDoc.deleted === true)
          : sentDoc
    const prevRev = meta?.rev ?? 0
    if (result.rev <= prevRev) {
      // A newer head is already here; only the queue entry had to go (and nothing is pending now).
      if (meta && rest.length === 0 && meta.state === 'pending') {
        putMeta({ ...meta, state: result.status === 'conflict' ? 'conflict' : 'synced', changedAt: now })
      }
      return true
    }

    let conflict: StoredConflict | undefined
    let state: SyncState
    if (result.status === 'conflict') {
      conflict = { source: 'server', fields: result.conflicts, rev: result.rev, at: now }
      state = 'conflict'
    } else if (m.resolvesConflict || meta?.state !== 'conflict') {
      state = rest.length > 0 ? 'pending' : 'synced'
    } else {
      // An ordinary edit of a conflicted entity does not settle the conflict.
      conflict = meta.conflict ? { ...meta.conflict, rev: result.rev } : undefined
      state = 'conflict'
    }

    let localDoc: Doc = head
    let rev = result.rev
    // The new head becomes the base; `false`: the entity stays on its old base (and `syncBase` row).
    let newBase = true
    const stored = known.local
    if (rest.length > 0) {
      const current = stored ?? sentDoc
      const rebased = mergeFields<Doc>(sentDoc, current, head, mergeOptions(entity))
      const last = rest[rest.length - 1]
      if (rebased.conflicts.length === 0 && last) {
        // The edits queued behind the answered one move onto the new head.
        for (const q of rest.slice(0, -1)) dropEntry(q)
        const moved: OutboxEntry = { ...last, baseRev: result.rev, doc: rebased.merged }
        writes.push(outbox.put(moved))
        known.queue = [moved]
        if (reads.entries.has(moved.mutationId)) reads.entries.set(moved.mutationId, moved)
        localDoc = rebased.merged
      } else {
        // A queued edit clashes with someone else's: leave it on the old base so the server's merge
        // reports the clash as a conflict instead of this device overwriting it.
        localDoc = current
        rev = prevRev
        newBase = false
      }
      if (state === 'synced') state = 'pending'
    }

    // Mostly the server took the document as sent, which is what the device holds already: then
    // only the sync metadata changes (rewriting the record would also recompute its search row).
    if (!stored || !jsonEqual(stored, localDoc)) {
      writes.push(writeLocalDoc(tx, entity, id, localDoc))
      known.local = { ...localDoc, id }
    }
    if (newBase) writes.push(putBase(tx, entity, id, head))
    const next: SyncMetaWithConflict = { entity, id, rev, state, changedAt: now }
    if (conflict) next.conflict = conflict
    putMeta(next)
    return true
  }

  rejectMutation(mutationId: string, reason: string): Promise<void> {
    return this.tx(SYNC_WRITE_STORES, async (tx) => {
      const writes: Promise<unknown>[] = []
      this.applyOneResult(tx, { mutationId, status: 'rejected', reason: 'invalid-document', message: reason }, await readsForResults(tx, [mutationId]), writes, reason)
      await Promise.all(writes)
      const metaStore = tx.objectStore('meta')
      const inFlight = new Set((await metaStore.get(META_IN_FLIGHT)) as string[] | undefined)
      inFlight.delete(mutationId)
      await metaStore.put([...inFlight], META_IN_FLIGHT)
    })
  }

  markEntityError(entity: EntityName, id: string, reason: string): Promise<void> {
    return this.tx(['syncMeta'], async (tx) => {
      const store = tx.objectStore('syncMeta')
      const meta = await store.get([entity, id])
      await store.put({ ...(meta ?? { entity, id, rev: 0 }), state: 'error', lastError: reason, changedAt: this.iso() })
    })
  }

  // -------------------------------------------------------------- pull

  async getCursor(): Promise<number> {
    const c = await this.readMeta<number>(META_CURSOR)
    return typeof c === 'number' && Number.isFinite(c) ? c : 0
  }

  resetCursor(): Promise<void> {
    return this.writeMeta(META_CURSOR, 0)
  }

  applyPullPage(page: PullResponse, holdCursor: boolean): Promise<PullApplyReport> {
    return this.tx(SYNC_WRITE_STORES, async (tx) => {
      const report: PullApplyReport = { applied: 0, conflicts: 0, deferred: 0, cursor: 0 }
      let firstDeferredSeq: number | undefined
      // Everything the page's changes need is read at once, and their writes are issued without
      // waiting for each: the page costs a few round trips instead of several per change. Requests
      // of one transaction run in order, and `reads` follows this page's own writes, so a change
      // sees the ones before it exactly as if each had been applied alone.
      const reads = await readsForChanges(tx, page.changes)
      const writes: Promise<unknown>[] = []
      try {
        for (const change of page.changes) {
          const outcome = this.applyChange(tx, change, reads.get(entityKey(change.entity, change.id)), writes)
          if (outcome === 'deferred') {
            report.deferred++
            firstDeferredSeq ??= change.seq
          } else if (outcome === 'applied') report.applied++
          else if (outcome === 'conflict') {
            report.applied++
            report.conflicts++
          }
        }
      } catch (e) {
        // The transaction is aborted by `inTx`: the writes already issued fail with it, observed here.
        for (const w of writes) w.catch(() => undefined)
        throw e
      }
      await Promise.all(writes)
      const meta = tx.objectStore('meta')
      const stored = (await meta.get(META_CURSOR)) as number | undefined
      let cursor = typeof stored === 'number' ? stored : 0
      if (!holdCursor) {
        // Never past a change we could not take yet: the next pull reads it again.
        const target = firstDeferredSeq !== undefined ? firstDeferredSeq - 1 : page.cursor
        if (target > cursor) cursor = target
        await meta.put(cursor, META_CURSOR)
      }
      report.cursor = cursor
      return report
    })
  }

  /** Applies one change given what was read for it; its writes go to `writes`, `reads` follows them. */
  private applyChange(tx: WriteTx, change: Change, reads: ChangeReads | undefined, writes: Promise<unknown>[]): 'deferred' | 'skipped' | 'applied' | 'conflict' {
    const { entity, id } = change
    if (!entityKind(entity) || !reads) return 'skipped'
    if (reads.pending > 0) return 'deferred'
    const { meta, base, local } = reads
    const now = this.iso()
    const remote = docOfChange(change)
    const serverConflict = fromEntityConflict(change.conflict, change.rev, now)
    const write = (doc: Doc): void => {
      writes.push(writeLocalDoc(tx, entity, id, doc))
      reads.local = { ...doc, id }
    }

    if (meta && meta.rev > change.rev) return 'skipped'
    const hasLocalEdits = meta !== undefined && local !== undefined && !jsonEqual(local, base ?? null)
    // Work of this device the server has not taken: a refused push, or a clash found here.
    const keepsLocalWork = meta !== undefined && local !== undefined && (hasLocalEdits || meta.conflict?.source === 'local')

    let next: SyncMetaWithConflict
    const setBase = (doc: Doc | undefined): void => {
      if (reads.baseRead && jsonEqual(base ?? null, doc ?? null)) return
      writes.push(putBase(tx, entity, id, doc))
      reads.base = doc
      reads.baseRead = true
    }
    if (!keepsLocalWork) {
      // The head as the server has it (also at the same revision: our own push coming back may
      // carry a conflict mark or a deletion the push answer did not tell).
      next = { entity, id, rev: change.rev, state: serverConflict ? 'conflict' : 'synced', changedAt: now }
      if (serverConflict) next.conflict = serverConflict
      const same = meta !== undefined && reads.baseRead && jsonEqual(local ?? null, remote ?? null) && jsonEqual(base ?? null, remote ?? null) && sameMeta(meta, next)
      if (same) return 'skipped'
      if (remote) write(remote)
      setBase(remote)
    } else if (meta.rev === change.rev) {
      // Local work on top of this very revision: only the server's conflict mark may be news.
      if (!serverConflict || jsonEqual(serverConflict.fields, meta.conflict?.fields)) return 'skipped'
      next = { ...meta, state: 'conflict', conflict: mergeConflicts(meta.conflict, serverConflict, 'server'), changedAt: now }
    } else {
      const merged = mergeFields<Doc>(isObj(base) ? base : {}, local, remote ?? {}, mergeOptions(entity))
      write(merged.merged)
      const found: StoredConflict | undefined =
        merged.conflicts.length > 0 ? { source: 'local', fields: merged.conflicts, rev: change.rev, at: now } : undefined
      let conflict = mergeConflicts(meta.conflict, serverConflict, 'server')
      conflict = mergeConflicts(conflict, found, 'local')
      setBase(remote)
      next = { entity, id, rev: change.rev, state: conflict ? 'conflict' : meta.state === 'error' ? 'error' : 'synced', changedAt: now }
      if (conflict) next.conflict = { ...conflict, rev: change.rev }
      if (meta.lastError && next.state === 'error') next.lastError = meta.lastError
    }
    writes.push(tx.objectStore('syncMeta').put(next))
    reads.meta = next
    return next.state === 'conflict' ? 'conflict' : 'applied'
  }

  // -------------------------------------------------------------- adopting the account's branch

  adoptBranch(branchId: string): Promise<number> {
    return this.tx(['branch', 'records', 'members', 'entities', 'outbox', 'syncMeta', 'syncBase', 'meta'], async (tx) => {
      const metaStore = tx.objectStore('syncMeta')
      const outbox = tx.objectStore('outbox')
      const localBranches = (await tx.objectStore('branch').getAll()).filter((b) => b.id !== branchId)
      const moving: Branch[] = []
      for (const b of localBranches) {
        const meta = await metaStore.get(['branch', b.id])
        // Only a branch the server never had: a branch from the server stays what it is.
        if ((meta?.rev ?? 0) === 0) moving.push(b)
      }
      if (moving.length === 0) return 0
      const from = new Set(moving.map((b) => b.id))
      const now = this.iso()
      let moved = 0

      const requeue = async (entity: EntityName, id: string, doc: Doc): Promise<void> => {
        for (const m of (await outbox.index('by-entity').getAll([entity, id])) as OutboxEntry[]) {
          if (m.seq !== undefined) await outbox.delete(m.seq)
        }
        const meta = await metaStore.get([entity, id])
        const entry: OutboxEntry = { mutationId: uuidv7(), entity, entityId: id, baseRev: meta?.rev ?? 0, doc, createdAt: now }
        await outbox.add(entry)
        const next: SyncMeta = { ...(meta ?? { entity, id, rev: 0 }), entity, id, state: 'pending', changedAt: now }
        delete next.lastError
        await metaStore.put(next)
        moved++
      }

      for (const stored of await tx.objectStore('records').getAll()) {
        if (!from.has(stored.doc.branchId)) continue
        const doc: BranchRecord = { ...stored.doc, branchId }
        // Only the branch changes, which is not searched: the record's search row stays as it is.
        await tx.objectStore('records').put(storedRecord(doc))
        await requeue('record', doc.id, doc as unknown as Doc)
      }
      for (const member of await tx.objectStore('members').getAll()) {
        if (!from.has(member.branchId)) continue
        const doc: Member = { ...member, branchId }
        await tx.objectStore('members').put(doc)
        await requeue('member', doc.id, doc as unknown as Doc)
      }
      for (const row of await tx.objectStore('entities').getAll()) {
        if (!from.has(row.branchId)) continue
        const doc = { ...(row.doc as Doc), branchId }
        await writeEntityDoc(tx, row.entity, row.id, doc)
        await requeue(row.entity as EntityName, row.id, doc)
      }
      // The offline branch itself goes; its settings are carried over once the server's branch is here.
      for (const b of moving) {
        await tx.objectStore('branch').delete(b.id)
        await metaStore.delete(['branch', b.id])
        await tx.objectStore('syncBase').delete(['branch', b.id])
        for (const m of (await outbox.index('by-entity').getAll(['branch', b.id])) as OutboxEntry[]) {
          if (m.seq !== undefined) await outbox.delete(m.seq)
        }
      }
      const newest = [...moving].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0]
      if (newest) await tx.objectStore('meta').put({ into: branchId, doc: newest }, META_ADOPTED_BRANCH)
      return moved
    })
  }

  finishBranchAdoption(): Promise<boolean> {
    return this.tx(['branch', 'outbox', 'syncMeta', 'meta'], async (tx) => {
      const pending = (await tx.objectStore('meta').get(META_ADOPTED_BRANCH)) as { into: string; doc: Branch } | undefined
      if (!pending) return false
      const server = await tx.objectStore('branch').get(pending.into)
      const meta = await tx.objectStore('syncMeta').get(['branch', pending.into])
      // Not pulled yet: try again after the next sync.
      if (!server || !meta || meta.rev === 0) return false
      // The administrator named the branch; what the secretary set up here fills what the server lacks.
      const next: Branch = { ...server }
      let changed = false
      if (server.partyGroups.length === 0 && pending.doc.partyGroups.length > 0) {
        next.partyGroups = pending.doc.partyGroups
        changed = true
      }
      for (const key of ['contactPhone', 'contactEmail', 'upperOrganization'] as const) {
        const value = pending.doc[key]
        if (!server[key] && value) {
          next[key] = value
          changed = true
        }
      }
      // A switch the server has never had set: the secretary's answer here stands.
      if (server.hasLeadershipTeam === undefined && pending.doc.hasLeadershipTeam !== undefined) {
        next.hasLeadershipTeam = pending.doc.hasLeadershipTeam
        changed = true
      }
      await tx.objectStore('meta').delete(META_ADOPTED_BRANCH)
      if (!changed) return false
      const now = this.iso()
      next.updatedAt = now
      await tx.objectStore('branch').put(next)
      const entry: OutboxEntry = { mutationId: uuidv7(), entity: 'branch', entityId: next.id, baseRev: meta.rev, doc: next, createdAt: now }
      await tx.objectStore('outbox').add(entry)
      const state: SyncState = meta.state === 'conflict' ? 'conflict' : 'pending'
      await tx.objectStore('syncMeta').put({ ...meta, state, changedAt: now })
      return true
    })
  }

  // -------------------------------------------------------------- conflicts

  async listConflicts(): Promise<ConflictView[]> {
    const db = await this.connect()
    const metas = (await db.getAllFromIndex('syncMeta', 'by-state', 'conflict')) as SyncMetaWithConflict[]
    const out: ConflictView[] = []
    for (const meta of metas) {
      const view = await this.getConflict(meta.entity, meta.id)
      if (view) out.push(view)
    }
    return out
  }

  getConflict(entity: EntityName, id: string): Promise<ConflictView | undefined> {
    return this.tx(['syncMeta', 'records', 'members', 'branch', 'entities'], async (tx) => {
      const meta = (await tx.objectStore('syncMeta').get([entity, id])) as SyncMetaWithConflict | undefined
      if (!meta?.conflict) return undefined
      const doc = await readLocalDoc(tx, entity, id)
      return { entity, id, conflict: meta.conflict, doc, state: meta.state, fields: conflictFields(meta.conflict, doc) }
    })
  }

  resolveConflict(entity: EntityName, id: string, choices: ConflictChoices): Promise<void> {
    return this.tx(SYNC_WRITE_STORES, async (tx) => {
      const metaStore = tx.objectStore('syncMeta')
      const meta = (await metaStore.get([entity, id])) as SyncMetaWithConflict | undefined
      if (!meta?.conflict) return
      const serverCopy = async (): Promise<Doc> => {
        const base = (await tx.objectStore('syncBase').get([entity, id]))?.doc
        return isObj(base) ? base : {}
      }
      // No local copy (not expected): start from the server's copy the entity is based on.
      const current = (await readLocalDoc(tx, entity, id)) ?? (await serverCopy())
      const resolved: Doc = { ...current }
      for (const view of conflictFields(meta.conflict, current)) {
        const choice = choices[view.field] ?? 0
        if (typeof choice === 'object') {
          // Written by the person (a combined text): only for a field, never for the deletion itself.
          if (view.field !== DELETED_FIELD) setPath(resolved, view.field, choice.value)
          continue
        }
        const option = view.options[choice] ?? view.options[0]
        if (!option || option.kind === 'current') continue
        if (view.field === DELETED_FIELD) {
          // Deleted on one side, changed on the other: the person chose whether the record stays.
          if (tombstoneInDoc(entity) && option.value === true) resolved.deleted = true
          else delete resolved.deleted
        } else {
          setPath(resolved, view.field, option.value)
        }
      }
      const now = this.iso()
      const mutation: OutboxEntry = {
        mutationId: uuidv7(),
        entity,
        entityId: id,
        baseRev: meta.rev,
        doc: resolved,
        createdAt: now,
        resolvesConflict: true,
      }
      await tx.objectStore('outbox').add(mutation)
      await writeLocalDoc(tx, entity, id, resolved)
      const next: SyncMetaWithConflict = { ...meta, state: 'pending', changedAt: now }
      delete next.conflict
      delete next.lastError
      await metaStore.put(next)
    })
  }

  // -------------------------------------------------------------- status & meta

  async unsentCount(): Promise<number> {
    const db = await this.connect()
    return db.count('outbox')
  }

  async listSyncInfo(entity?: EntityName, states?: readonly SyncState[]): Promise<EntitySyncInfo[]> {
    const db = await this.connect()
    const all = (
      states ? (await Promise.all(states.map((s) => db.getAllFromIndex('syncMeta', 'by-state', s)))).flat() : await db.getAll('syncMeta')
    ) as SyncMetaWithConflict[]
    return all
      .filter((m) => entity === undefined || m.entity === entity)
      .map((m) => {
        const info: EntitySyncInfo = { entity: m.entity, id: m.id, state: m.state, rev: m.rev }
        if (m.lastError) info.lastError = m.lastError
        if (m.conflict) info.conflict = m.conflict
        return info
      })
  }

  async readMeta<T>(key: string): Promise<T | undefined> {
    const db = await this.connect()
    return (await db.get('meta', key)) as T | undefined
  }

  async writeMeta(key: string, value: unknown): Promise<void> {
    await this.tx(['meta'], async (tx) => void (await tx.objectStore('meta').put(value, key)))
  }

  async deleteMeta(key: string): Promise<void> {
    await this.tx(['meta'], async (tx) => void (await tx.objectStore('meta').delete(key)))
  }

  // -------------------------------------------------------------- attachments

  async attachmentBytes(hash: string): Promise<Blob | undefined> {
    const db = await this.connect()
    const stored = await db.get('attachments', hash)
    if (!stored) return undefined
    return stored.blob ?? new Blob([stored.bytes ?? new ArrayBuffer(0)], { type: stored.mime })
  }

  async hasAttachment(hash: string): Promise<boolean> {
    const db = await this.connect()
    return (await db.getKey('attachments', hash)) !== undefined
  }

  async recordAttachmentsBetween(from: string, to: string): Promise<AttachmentRef[]> {
    const db = await this.connect()
    const rows = await db.getAllFromIndex('records', 'by-date', IDBKeyRange.bound(from, to))
    return rows.filter((r) => !r.doc.deleted).flatMap((r) => recordAttachmentRefs(r.doc))
  }

  async collectAttachmentGarbage(graceMs: number): Promise<string[]> {
    const now = this.now().getTime()
    const stores: AnyStore[] = ['attachments', 'records', 'drafts', 'outbox', 'syncMeta', 'syncBase', 'entities', 'meta', 'branch', 'members']
    return this.tx(stores, async (tx) => {
      const referenced = new Set<string>()
      // Every store but the files themselves, read whole: a reference anywhere keeps a file.
      for (const name of stores) {
        if (name === 'attachments') continue
        for (const value of await tx.objectStore(name).getAll()) collectAttachmentHashes(value, referenced)
      }
      const held: { hash: string; storedAt: string }[] = []
      let cursor = await tx.objectStore('attachments').openCursor()
      while (cursor) {
        held.push({ hash: cursor.value.hash, storedAt: cursor.value.storedAt })
        cursor = await cursor.continue()
      }
      const garbage = attachmentGarbage(held, referenced, now, graceMs)
      for (const hash of garbage) await tx.objectStore('attachments').delete(hash)
      return garbage
    })
  }

  async storeAttachment(hash: string, mime: string, bytes: Blob): Promise<void> {
    // Stored as an ArrayBuffer: works on every browser, including those that refuse Blobs in IndexedDB.
    const data = await bytes.arrayBuffer()
    await this.tx(['attachments'], async (tx) => {
      const store = tx.objectStore('attachments')
      if ((await store.getKey(hash)) !== undefined) return
      await store.put({ hash, mime, size: data.byteLength, bytes: data, storedAt: this.iso() })
    })
  }
}

export function openSyncLocal(options: OpenSyncLocalOptions = {}): SyncLocal {
  return new IdbSyncLocal(options.dbName ?? DEFAULT_DB_NAME, options)
}
