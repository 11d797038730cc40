// The generic store for synced entities without a store of their own: inspections, findings, measures,
// evidence links, study plans, report drafts — and whatever later features add to `ENTITY_KINDS`.
// Same rules as `localStore.ts`: one user action is one readwrite transaction holding the entity rows,
// their outbox mutations and their sync state, and a promise resolves only after that transaction has
// committed. Documents are validated with the entity's own validator first, so what the server would
// refuse is refused here, before the user believes it saved.
import { uuidv7 } from 'uuidv7'
import { entityKind } from '@/domain/protocol'
import {
  LocalStoreError,
  isGenericEntity,
  type EntityDoc,
  type EntityListQuery,
  type EntityStore,
  type GenericEntityName,
  type OutboxMutation,
  type SyncState,
} from './contract'
import type { LocalDB, StoredEntity, SyncMeta } from './db'
import { toLocalStoreError } from './errors'
import { plain } from './normalize'
import { inTx, type AnyStore, type Tx } from './transaction'

export type EntityWriteTx = Tx<'readwrite'>
type Doc = Record<string, unknown>

const ENTITY_STORES: AnyStore[] = ['entities', 'outbox', 'syncMeta']

const nowIso = (): string => new Date().toISOString()

/** A checked, plain (structured-clonable, JSON) copy of the document, or a LocalStoreError saying why not. */
export function checkedEntityDoc<T extends EntityDoc>(entity: string, doc: T): T {
  if (!isGenericEntity(entity)) throw new LocalStoreError('invalid', 'own-store', { entity })
  const def = entityKind(entity)
  if (!def) throw new LocalStoreError('invalid', 'unknown-entity', { entity })
  if (typeof doc?.id !== 'string' || doc.id === '') throw new LocalStoreError('invalid', 'missing-id', { what: 'entity' })
  if (typeof doc.branchId !== 'string' || doc.branchId === '') throw new LocalStoreError('invalid', 'entity-no-branch')
  const copy = plain(doc)
  const problems = def.validate(copy)
  if (problems.length > 0) {
    throw new LocalStoreError('invalid', 'entity-invalid', { detail: problems.slice(0, 3).join('; ') })
  }
  return copy
}

function storedEntity(entity: string, doc: EntityDoc, now: string): StoredEntity {
  const row: StoredEntity = { entity, id: doc.id, branchId: doc.branchId, doc, updatedAt: doc.updatedAt ?? now }
  if (doc.deleted === true) row.deleted = true
  return row
}

/** Queues the change for the server and marks the entity pending (the same rules as records). */
export async function writeWithOutbox(tx: EntityWriteTx, entity: GenericEntityName, doc: EntityDoc, now: string): Promise<void> {
  const metaStore = tx.objectStore('syncMeta')
  const meta = await metaStore.get([entity, doc.id])
  const mutation: OutboxMutation = { mutationId: uuidv7(), entity, entityId: doc.id, baseRev: meta?.rev ?? 0, doc, createdAt: now }
  // A conflict stays a conflict until a person resolves it; a new local edit does not settle it.
  const state: SyncState = meta?.state === 'conflict' ? 'conflict' : 'pending'
  const next: SyncMeta = { ...meta, entity, id: doc.id, rev: meta?.rev ?? 0, state, changedAt: now }
  delete next.lastError
  // Issued together, the outbox first. If issuing one throws, the transaction is aborted by `inTx`; the
  // requests already issued then reject with AbortError, observed here so that is no unhandled rejection.
  const pending: Promise<unknown>[] = []
  try {
    pending.push(tx.objectStore('outbox').add(mutation))
    pending.push(metaStore.put(next))
    pending.push(tx.objectStore('entities').put(storedEntity(entity, doc, now)))
  } catch (e) {
    for (const request of pending) request.catch(() => undefined)
    throw e
  }
  await Promise.all(pending)
}

export async function putEntitiesIn(db: LocalDB, list: readonly { entity: GenericEntityName; doc: EntityDoc }[]): Promise<void> {
  // Everything is checked before the transaction starts: one bad document changes nothing.
  const checked = list.map(({ entity, doc }) => ({ entity, doc: checkedEntityDoc(entity, doc) }))
  if (checked.length === 0) return
  const seen = new Set<string>()
  for (const { entity, doc } of checked) {
    const key = `${entity}\u0000${doc.id}`
    if (seen.has(key)) throw new LocalStoreError('invalid', 'entity-twice', { entity, id: doc.id })
    seen.add(key)
  }
  await inTx(db, ENTITY_STORES, 'readwrite', async (tx) => {
    const now = nowIso()
    for (const { entity, doc } of checked) await writeWithOutbox(tx, entity, doc, now)
  })
}

export async function getEntityIn<T extends EntityDoc>(db: LocalDB, entity: GenericEntityName, id: string): Promise<T | undefined> {
  try {
    return (await db.get('entities', [entity, id]))?.doc as T | undefined
  } catch (e) {
    throw toLocalStoreError(e)
  }
}

export async function listEntitiesIn<T extends EntityDoc>(db: LocalDB, entity: GenericEntityName, query: EntityListQuery = {}): Promise<T[]> {
  try {
    const rows =
      query.branchId !== undefined
        ? await db.getAllFromIndex('entities', 'by-entity-branch', [entity, query.branchId])
        : await db.getAllFromIndex('entities', 'by-entity', entity)
    return rows.filter((r) => query.includeDeleted || !r.deleted).map((r) => r.doc as T)
  } catch (e) {
    throw toLocalStoreError(e)
  }
}

export async function deleteEntityIn(db: LocalDB, entity: GenericEntityName, id: string): Promise<void> {
  await inTx(db, ENTITY_STORES, 'readwrite', async (tx) => {
    const row = await tx.objectStore('entities').get([entity, id])
    if (!row) throw new LocalStoreError('not-found', 'delete-missing')
    const now = nowIso()
    const tombstone = { ...(row.doc as EntityDoc), deleted: true, updatedAt: now }
    await writeWithOutbox(tx, entity, tombstone, now)
  })
}

// ------------------------------------------------------------------ for the sync engine (syncApply.ts)

/** The stored document of a generic entity, inside the caller's transaction. */
export async function readEntityDoc(tx: EntityWriteTx, entity: string, id: string): Promise<Doc | undefined> {
  return (await tx.objectStore('entities').get([entity, id]))?.doc as Doc | undefined
}

/** Stores a document the server sent (or a merge of it), inside the caller's transaction. No outbox entry. */
export async function writeEntityDoc(tx: EntityWriteTx, entity: string, id: string, doc: Doc): Promise<void> {
  const store = tx.objectStore('entities')
  const existing = await store.get([entity, id])
  const branchId = typeof doc.branchId === 'string' ? doc.branchId : (existing?.branchId ?? '')
  const updatedAt = typeof doc.updatedAt === 'string' ? doc.updatedAt : nowIso()
  const row: StoredEntity = { entity, id, branchId, doc: { ...doc, id }, updatedAt }
  if (doc.deleted === true) row.deleted = true
  await store.put(row)
}

// ------------------------------------------------------------------ a handle on a database

/**
 * The entity methods on an open database (or a function giving one, e.g. a store that reconnects).
 * The app reaches the same methods through the `LocalStore` (`useLocal()`).
 */
export function openEntityStore(source: LocalDB | (() => Promise<LocalDB>)): EntityStore {
  const db = typeof source === 'function' ? source : () => Promise.resolve(source)
  return {
    putEntity: async (entity, doc) => putEntitiesIn(await db(), [{ entity, doc }]),
    putEntities: async (list) => putEntitiesIn(await db(), list),
    getEntity: async (entity, id) => getEntityIn(await db(), entity, id),
    listEntities: async (entity, query) => listEntitiesIn(await db(), entity, query),
    deleteEntity: async (entity, id) => deleteEntityIn(await db(), entity, id),
  }
}
