// The benchmark page: runs the app's real local store, sync engine and IndexedDB schema in Chromium,
// each next to the raw `idb` operations on the same objects in the same run, and PouchDB as the sync
// baseline. `npm run bench` drives it through playwright-core (`window.bench.*`) and reads the timings.
import PouchDB from 'pouchdb-browser'
import { quarterRange } from '@/domain/dates'
import type { BranchRecord } from '@/domain/types'
import type { OutboxMutation } from '@/local/contract'
import { openBranchRecordsDB, type LocalDB, type StoredRecord, type SyncBase, type SyncMeta } from '@/local/db'
import { openLocalStore } from '@/local/localStore'
import { newSearchVersion, searchRowOf, SEARCH_VERSION_KEY, storedRecord, type SearchRow } from '@/local/searchIndex'
import { openSyncLocal } from '@/local/syncApply'
import { createHttpTransport } from '@/sync/httpTransport'
import { createSessionStore } from '@/sync/session'
import { createSyncEngine } from '@/sync/syncEngine'
import { asPullPages, benchBranch, benchRecords, RARE_TOPIC } from '../support/benchData'

const now = (): number => performance.now()
/** Progress lines the runner prints (long steps write 10,000 records many times over). */
const progress = (message: string): void => console.log(`[bench] ${message}`)

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name)
    req.onsuccess = () => resolve()
    req.onerror = () => reject(req.error ?? new Error(`could not delete ${name}`))
    // Another connection still open: the delete waits for it; the caller closed ours already.
    req.onblocked = () => undefined
  })
}

/** What the app stores for a record: the record row and its search row (computed outside any timer). */
interface Stored {
  record: StoredRecord
  search: SearchRow
}

function stored(doc: BranchRecord): Stored {
  const search = searchRowOf(doc)
  if (!search) throw new Error(`no search row for ${doc.id}`)
  return { record: storedRecord(doc), search }
}

/** A synced record's sync state and the server's copy it is based on (a row each since schema version 4). */
function syncRows(doc: BranchRecord, at: string): { meta: SyncMeta; base: SyncBase } {
  return { meta: { entity: 'record', id: doc.id, rev: 1, state: 'synced', changedAt: at }, base: { entity: 'record', id: doc.id, doc } }
}

/** Puts everything in ONE transaction, every request issued at once (the fastest idb pattern). */
async function rawPutAll(db: LocalDB, items: Stored[], sync: { meta: SyncMeta; base: SyncBase }[]): Promise<void> {
  const tx = db.transaction(['records', 'searchText', 'syncMeta', 'syncBase'], 'readwrite')
  const records = tx.objectStore('records')
  const searchText = tx.objectStore('searchText')
  const meta = tx.objectStore('syncMeta')
  const base = tx.objectStore('syncBase')
  await Promise.all([
    ...items.flatMap((s) => [records.put(s.record), searchText.put(s.search)]),
    ...sync.flatMap((r) => [meta.put(r.meta), base.put(r.base)]),
    tx.done,
  ])
}

// ---------------------------------------------------------------- seeding

/** Fills a database the way a device gets its records: pulled pages applied by the sync apply path. */
async function seed(options: { dbName: string; count: number; branchId: string; pageSize?: number }): Promise<{ ms: number; records: number }> {
  const t0 = now()
  const records = benchRecords(options.count, { branchId: options.branchId })
  const local = openSyncLocal({ dbName: options.dbName })
  for (const page of asPullPages(records, options.pageSize ?? 200)) await local.applyPullPage(page, false)
  local.close()
  progress(`seeded ${options.count} records into ${options.dbName} in ${Math.round(now() - t0)} ms`)
  const store = await openLocalStore({ dbName: options.dbName })
  await store.saveBranch(benchBranch(options.branchId))
  store.close()
  const db = await openBranchRecordsDB(options.dbName)
  const count = await db.count('records')
  db.close()
  return { ms: now() - t0, records: count }
}

// ---------------------------------------------------------------- local store against raw idb

interface SaveSamples {
  saveRecord: number[]
  rawPlainDoc: number[]
  rawStoredObject: number[]
  rawAllObjects: number[]
}

/** One record at a time into a database that already holds the seeded records (as on a used phone). */
async function benchSave(options: { dbName: string; samples: number; warmup: number; branchId: string }): Promise<SaveSamples> {
  const total = options.samples + options.warmup
  const docs = benchRecords(total * 4, { branchId: options.branchId, idPrefix: 'save-', seed: 99 })
  const store = await openLocalStore({ dbName: options.dbName })
  const db = await openBranchRecordsDB(options.dbName)
  const out: SaveSamples = { saveRecord: [], rawPlainDoc: [], rawStoredObject: [], rawAllObjects: [] }
  const at = new Date().toISOString()
  for (let i = 0; i < total; i++) {
    const keep = i >= options.warmup
    const at4 = (k: number): BranchRecord => docs[i * 4 + k] as BranchRecord
    const [a, b, c, d] = [at4(0), at4(1), at4(2), at4(3)]
    // Prepared outside the timers: the raw side pays only for IndexedDB.
    const plainDoc = JSON.parse(JSON.stringify(b)) as BranchRecord
    const storedObject = stored(JSON.parse(JSON.stringify(c)) as BranchRecord)
    const dDoc = JSON.parse(JSON.stringify(d)) as BranchRecord
    const allObjects = {
      stored: stored(dDoc),
      outbox: { mutationId: `raw-${i}`, entity: 'record', entityId: dDoc.id, baseRev: 0, doc: dDoc, createdAt: at } satisfies OutboxMutation,
      meta: { entity: 'record', id: dDoc.id, rev: 0, state: 'pending', changedAt: at } satisfies SyncMeta,
      version: newSearchVersion(),
    }

    let t0 = now()
    await store.saveRecord(a)
    if (keep) out.saveRecord.push(now() - t0)

    t0 = now()
    {
      const tx = db.transaction('records', 'readwrite')
      // The plain document has `id`, `kind` and `date` at the top: the same key path and indexes apply.
      await Promise.all([tx.store.put(plainDoc as unknown as StoredRecord), tx.done])
    }
    if (keep) out.rawPlainDoc.push(now() - t0)

    t0 = now()
    {
      const tx = db.transaction(['records', 'searchText'], 'readwrite')
      await Promise.all([tx.objectStore('records').put(storedObject.record), tx.objectStore('searchText').put(storedObject.search), tx.done])
    }
    if (keep) out.rawStoredObject.push(now() - t0)

    t0 = now()
    {
      const tx = db.transaction(['records', 'searchText', 'meta', 'outbox', 'syncMeta', 'drafts'], 'readwrite')
      await Promise.all([
        tx.objectStore('outbox').add(allObjects.outbox),
        tx.objectStore('syncMeta').put(allObjects.meta),
        tx.objectStore('records').put(allObjects.stored.record),
        tx.objectStore('searchText').put(allObjects.stored.search),
        tx.objectStore('meta').put(allObjects.version, SEARCH_VERSION_KEY),
        tx.objectStore('drafts').delete(dDoc.id),
        tx.done,
      ])
    }
    if (keep) out.rawAllObjects.push(now() - t0)
  }
  // The plain documents are not what the app stores: take them out again so later reads see only records.
  // (The raw puts of search rows are left: the search bench runs before this one.)
  const tx = db.transaction('records', 'readwrite')
  await Promise.all([...docs.filter((_, j) => j % 4 === 1).map((doc) => tx.store.delete(doc.id)), tx.done])
  store.close()
  db.close()
  return out
}

/** Applying an initial sync of `count` records: the sync apply path page by page vs raw puts in one transaction. */
async function benchApply(options: { runs: number; count: number; pageSize: number; branchId: string; label?: string }): Promise<{ apply: number[]; raw: number[]; pages: number }> {
  const records = benchRecords(options.count, { branchId: options.branchId })
  const pages = asPullPages(records, options.pageSize)
  const out = { apply: [] as number[], raw: [] as number[], pages: pages.length }
  for (let run = 0; run < options.runs; run++) {
    const applyName = `bench-apply-${run}`
    const local = openSyncLocal({ dbName: applyName })
    await local.getCursor() // opens (and creates) the database outside the timer
    let t0 = now()
    for (const page of pages) await local.applyPullPage(page, false)
    out.apply.push(now() - t0)
    local.close()

    const rawName = `bench-raw-${run}`
    const db = await openBranchRecordsDB(rawName)
    const at = new Date().toISOString()
    const items = records.map((r) => stored(JSON.parse(JSON.stringify(r)) as BranchRecord))
    const sync = records.map((r) => syncRows(JSON.parse(JSON.stringify(r)) as BranchRecord, at))
    t0 = now()
    await rawPutAll(db, items, sync)
    out.raw.push(now() - t0)
    db.close()

    progress(`apply run ${options.label ?? `${run + 1}/${options.runs}`}: ours ${Math.round(out.apply[run] ?? 0)} ms, raw ${Math.round(out.raw[run] ?? 0)} ms`)
    // Both must hold every record, or the comparison is void.
    for (const name of [applyName, rawName]) {
      const check = await openBranchRecordsDB(name)
      const n = await check.count('records')
      check.close()
      if (n !== options.count) throw new Error(`${name} holds ${n} records, expected ${options.count}`)
      await deleteDatabase(name)
    }
  }
  return out
}

/**
 * Chromium rounds `performance.now()` to 0.1 ms on pages that are not cross-origin isolated: a
 * sub-millisecond operation is timed as the mean of `reps` back-to-back calls.
 */
async function timeMean(reps: number, op: () => Promise<unknown>): Promise<number> {
  const t0 = now()
  for (let i = 0; i < reps; i++) await op()
  return (now() - t0) / reps
}

/**
 * One quarter of one book: `listRecords` vs a raw `getAll` on the same index range, and vs the raw
 * requests a list with sync states needs (the keys, the documents, one `syncMeta` get per row).
 */
async function benchList(options: {
  dbName: string
  samples: number
  reps: number
  kind: string
  year: number
  quarter: 1 | 2 | 3 | 4
}): Promise<{ listRecords: number[]; raw: number[]; rawWithStates: number[]; rows: number }> {
  const store = await openLocalStore({ dbName: options.dbName })
  const db = await openBranchRecordsDB(options.dbName)
  const { start, end } = quarterRange(options.year, options.quarter)
  const range = IDBKeyRange.bound([options.kind, start], [options.kind, end])
  const listed = await store.listRecords({ kind: options.kind, year: options.year, quarter: options.quarter })
  const rows = (await db.getAllFromIndex('records', 'by-kind-date', range)).length
  if (listed.length !== rows) throw new Error(`listRecords found ${listed.length}, the index ${rows}`)
  const out = { listRecords: [] as number[], raw: [] as number[], rawWithStates: [] as number[], rows }
  const withStates = async (): Promise<unknown> => {
    const tx = db.transaction(['records', 'syncMeta'])
    const index = tx.objectStore('records').index('by-kind-date')
    const metas = tx.objectStore('syncMeta')
    return Promise.all([index.getAllKeys(range).then((ids) => Promise.all(ids.map((id) => metas.get(['record', id])))), index.getAll(range)])
  }
  for (let i = 0; i < options.samples + 2; i++) {
    const a = await timeMean(options.reps, () => store.listRecords({ kind: options.kind, year: options.year, quarter: options.quarter }))
    const b = await timeMean(options.reps, () => db.getAllFromIndex('records', 'by-kind-date', range))
    const c = await timeMean(options.reps, withStates)
    if (i >= 2) {
      out.listRecords.push(a)
      out.raw.push(b)
      out.rawWithStates.push(c)
    }
  }
  store.close()
  db.close()
  return out
}

/**
 * Full-text search: `searchRecords` vs the least IndexedDB work that can answer the query from
 * scratch — one `getAll` of the `searchText` store (the texts every answer has to look at). Repeated
 * searches in one store instance use its cached texts (one `get` of the version first); `cold` times
 * the first search of a fresh instance, which reads them all.
 */
async function benchSearch(options: { dbName: string; samples: number; reps: number; query: string }): Promise<{ searchRecords: number[]; cold: number[]; raw: number[]; hits: number; candidates: number }> {
  const store = await openLocalStore({ dbName: options.dbName })
  const db = await openBranchRecordsDB(options.dbName)
  const hits = (await store.searchRecords(options.query)).length
  const candidates = await db.count('searchText')
  const out = { searchRecords: [] as number[], cold: [] as number[], raw: [] as number[], hits, candidates }
  for (let i = 0; i < options.samples + 2; i++) {
    const fresh = await openLocalStore({ dbName: options.dbName })
    let t0 = now()
    await fresh.searchRecords(options.query)
    const cold = now() - t0
    fresh.close()
    const a = await timeMean(options.reps, () => store.searchRecords(options.query))
    t0 = now()
    await db.getAll('searchText')
    const b = now() - t0
    if (i >= 2) {
      out.searchRecords.push(a)
      out.cold.push(cold)
      out.raw.push(b)
    }
  }
  store.close()
  db.close()
  return out
}

// ---------------------------------------------------------------- sync: ours vs PouchDB

interface Account {
  username: string
  password: string
}

/** Milliseconds spent inside each method of an object (calls never overlap within one sync run). */
function timed<T extends object>(target: T, prefix: string, into: Record<string, number>): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver) as unknown
      if (typeof value !== 'function' || typeof key !== 'string') return value
      return async (...args: unknown[]) => {
        const t0 = now()
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args)
        } finally {
          const name = `${prefix}.${key}`
          into[name] = (into[name] ?? 0) + (now() - t0)
        }
      }
    },
  })
}

async function signedInDevice(dbName: string, account: Account) {
  const local = openSyncLocal({ dbName })
  const session = createSessionStore(local)
  const transport = createHttpTransport({ baseUrl: '', session, timeoutMs: 120_000 })
  await transport.signIn(account.username, account.password)
  // Where the time of a run goes: the network and server (transport.*) or IndexedDB (local.*).
  const breakdown: Record<string, number> = {}
  const engine = createSyncEngine({
    transport: timed(transport, 'transport', breakdown),
    local: timed(local, 'local', breakdown),
    now: () => new Date(),
    random: Math.random,
  })
  return { local, engine, breakdown }
}

const rounded = (b: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(b).map(([k, v]) => [k, Math.round(v)]).filter(([, v]) => (v as number) >= 1))

/** A fresh device signs in and pulls the branch's records (the app's engine, default page size). */
async function ourPull(options: { dbName: string; account: Account; expected: number }): Promise<{ ms: number; pulled: number; breakdown: Record<string, number> }> {
  const { local, engine, breakdown } = await signedInDevice(options.dbName, options.account)
  const t0 = now()
  const result = await engine.syncOnce()
  const ms = now() - t0
  local.close()
  const db = await openBranchRecordsDB(options.dbName)
  const n = await db.count('records')
  db.close()
  await deleteDatabase(options.dbName)
  if (result.outcome !== 'ok' || n !== options.expected) throw new Error(`pull: ${result.outcome} ${result.error ?? ''}, ${n} of ${options.expected} records`)
  progress(`our pull: ${Math.round(ms)} ms`)
  return { ms, pulled: result.pulled, breakdown: rounded(breakdown) }
}

/** `count` records saved offline (untimed), then one sync run pushes them all. */
async function ourPush(options: { dbName: string; account: Account; count: number; branchId: string; idPrefix: string }): Promise<{ ms: number; pushed: number; breakdown: Record<string, number> }> {
  const { local, engine, breakdown } = await signedInDevice(options.dbName, options.account)
  const store = await openLocalStore({ dbName: options.dbName })
  for (const doc of benchRecords(options.count, { branchId: options.branchId, idPrefix: options.idPrefix, seed: 4242 })) await store.saveRecord(doc)
  store.close()
  if ((await local.unsentCount()) !== options.count) throw new Error('outbox does not hold the queued records')
  for (const key of Object.keys(breakdown)) delete breakdown[key] // the checks above are not part of the run
  const t0 = now()
  const result = await engine.syncOnce()
  const ms = now() - t0
  const left = await local.unsentCount()
  local.close()
  await deleteDatabase(options.dbName)
  if (result.outcome !== 'ok' || result.pushed !== options.count || left !== 0) {
    throw new Error(`push: ${result.outcome} ${result.error ?? ''}, pushed ${result.pushed}, ${left} left`)
  }
  return { ms, pushed: result.pushed, breakdown: rounded(breakdown) }
}

/** The same documents as PouchDB sees them. */
function pouchDocs(records: BranchRecord[]): object[] {
  return records.map((r) => ({ ...r, _id: r.id }))
}

async function pouchPull(options: { dbName: string; remote: string; expected: number }): Promise<{ ms: number; pulled: number }> {
  const local = new PouchDB(options.dbName)
  const t0 = now()
  const result = await PouchDB.replicate(new URL(options.remote, location.href).href, local)
  const ms = now() - t0
  const info = await local.info()
  await local.destroy()
  if (!result.ok || info.doc_count !== options.expected) throw new Error(`pouch pull: ${info.doc_count} of ${options.expected}`)
  progress(`PouchDB pull: ${Math.round(ms)} ms`)
  return { ms, pulled: result.docs_written }
}

async function pouchPush(options: { dbName: string; remote: string; count: number; branchId: string; idPrefix: string }): Promise<{ ms: number; pushed: number }> {
  const local = new PouchDB(options.dbName)
  // Saved one document at a time, as the app saves one record per action (untimed).
  for (const doc of pouchDocs(benchRecords(options.count, { branchId: options.branchId, idPrefix: options.idPrefix, seed: 4242 }))) await local.put(doc)
  const t0 = now()
  const result = await PouchDB.replicate(local, new URL(options.remote, location.href).href)
  const ms = now() - t0
  await local.destroy()
  if (!result.ok || result.docs_written !== options.count) throw new Error(`pouch push: wrote ${result.docs_written} of ${options.count}`)
  return { ms, pushed: result.docs_written }
}

const bench = { seed, benchSave, benchApply, benchList, benchSearch, ourPull, ourPush, pouchPull, pouchPush, RARE_TOPIC }
export type BenchPage = typeof bench

declare global {
  interface Window {
    bench: BenchPage
  }
}

window.bench = bench
document.getElementById('status')!.textContent = 'ready'
