// Record search, since database version 3: one small `searchText` row per live record holding its
// normalized search text, written in the same transaction as the record, and searched by substring in
// memory. Why not the multiEntry token index of versions 1–2: every save wrote ~500 index rows (a
// save cost 18× a put of the plain document, applying 10,000 pulled records took 106 s) and a common
// phrase still had to read thousands of postings. Chinese phrase search is substring search anyway:
// matching the whole text is exact (no bigram over-matching) and costs one `getAll`, cached between
// searches.
//
// Keeping a cache right: every transaction that changes search rows also writes a new random
// `searchText.version` into `meta`. A reader compares it with the version its cache was loaded at (one
// `get`) and reloads when they differ, which catches writes by the sync side or by another tab. A
// random token rather than a counter: writing it needs no read first, so no extra round trip.
import { uuidv7 } from 'uuidv7'
import { recordSearchText } from '@/domain/searchTokens'
import type { BranchRecord } from '@/domain/types'
import type { LocalDB, StoredRecord } from './db'
import type { Tx } from './transaction'

export const SEARCH_VERSION_KEY = 'searchText.version'

/** `date` and `updatedAt` ride along so matches can be ordered newest first before reading any record. */
export interface SearchRow {
  id: string
  /** `recordSearchText` of the document: normalized, one field per line. */
  text: string
  date: string
  updatedAt: string
}

export const newSearchVersion = (): string => uuidv7()

export function storedRecord(doc: BranchRecord): StoredRecord {
  return { id: doc.id, kind: doc.kind, date: doc.date, doc }
}

/** The search row of a record; none for a tombstone, so deleted records are not found. */
export function searchRowOf(doc: BranchRecord): SearchRow | undefined {
  if (doc.deleted) return undefined
  try {
    return { id: doc.id, text: recordSearchText(doc), date: String(doc.date ?? ''), updatedAt: String(doc.updatedAt ?? '') }
  } catch {
    // A document from a newer app version may have another shape: it is still stored and synced.
    return undefined
  }
}

/** What one transaction did to the search rows, so the writer can bring its own cache along. */
export interface SearchWrite {
  /** The version before this transaction (read in it, ahead of its own write). */
  previous: Promise<unknown>
  next: string
  rows: Map<string, SearchRow | undefined>
}

const writesByTx = new WeakMap<object, SearchWrite>()

export function searchWriteOf(tx: object): SearchWrite | undefined {
  return writesByTx.get(tx)
}

/**
 * Puts a record and its search row (or removes the row of a tombstone) and, once per transaction, a
 * new search version. Returns the requests issued, for the caller to await together. The transaction
 * must include `records`, `searchText` and `meta`.
 */
export function putRecordRows(tx: Tx<'readwrite'>, doc: BranchRecord): Promise<unknown>[] {
  const row = searchRowOf(doc)
  const searchText = tx.objectStore('searchText')
  const requests: Promise<unknown>[] = [
    tx.objectStore('records').put(storedRecord(doc)),
    row ? searchText.put(row) : searchText.delete(doc.id),
  ]
  let write = writesByTx.get(tx)
  if (!write) {
    const meta = tx.objectStore('meta')
    // Requests of one transaction run in order: this get sees the version before the put below.
    write = { previous: meta.get(SEARCH_VERSION_KEY), next: newSearchVersion(), rows: new Map() }
    writesByTx.set(tx, write)
    requests.push(write.previous, meta.put(write.next, SEARCH_VERSION_KEY))
  }
  write.rows.set(doc.id, row)
  return requests
}

/** The search rows of one database as of `version`. */
export interface SearchCache {
  db: LocalDB
  version: unknown
  rows: Map<string, SearchRow>
}

/**
 * The current search rows: `cache` when the stored version still matches it (one `get`), else all rows
 * read again (one `getAll`). Run inside the transaction that then reads the matched records.
 */
export async function currentSearchRows(tx: Tx<'readonly'>, db: LocalDB, cache: SearchCache | undefined): Promise<SearchCache> {
  const version = await tx.objectStore('meta').get(SEARCH_VERSION_KEY)
  if (cache && cache.db === db && cache.version === version) return cache
  const rows = await tx.objectStore('searchText').getAll()
  return { db, version, rows: new Map(rows.map((row) => [row.id, row])) }
}

/**
 * The cache after this instance's own committed write: updated in place when it was current just
 * before the write, otherwise dropped (someone else wrote in between; the next search reloads).
 */
export async function afterSearchWrite(cache: SearchCache | undefined, db: LocalDB, write: SearchWrite | undefined): Promise<SearchCache | undefined> {
  if (!cache || !write) return cache
  const previous = await write.previous
  if (cache.db !== db || cache.version !== previous) return undefined
  for (const [id, row] of write.rows) {
    if (row) cache.rows.set(id, row)
    else cache.rows.delete(id)
  }
  cache.version = write.next
  return cache
}
