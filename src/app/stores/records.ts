// Records: the books (one per kind), search, reading, finishing and deleting records, their drafts and
// attachments. Pages read the state and call the actions; only this store talks to the local store.
import { defineStore } from 'pinia'
import { readonly, ref } from 'vue'
import { useLocal } from '@/app/services/localStore'
import { isLateEntry, quarterOf } from '@/domain/dates'
import type { SharedDraftDoc } from '@/domain/protocol'
import type { AttachmentRef, BranchRecord, KindId } from '@/domain/types'
import type { Draft, RecordListItem } from '@/local/contract'

/** One line of a book: a saved record, or a draft of a record never finished. */
export interface BookEntry extends RecordListItem {
  /** Unsaved changes are waiting in a draft (for a record never finished: the draft itself). */
  hasDraft: boolean
  /** Only a draft exists: the record was never finished. */
  draftOnly: boolean
  /** Shared with the branch (共享草稿): who shared it. */
  sharedBy?: string
}

export interface SearchHit {
  item: RecordListItem
  /** The full record, for the snippet around the match. */
  record?: BranchRecord
}

export interface BookQuery {
  kind: KindId
  year: number
  /** 1–4, or undefined for the whole year. */
  quarter?: number
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4))
}

function draftEntry(draft: Draft): BookEntry {
  const doc = draft.doc
  return {
    id: doc.id,
    kind: doc.kind,
    title: doc.title,
    date: doc.date,
    status: 'draft',
    lateEntry: isLateEntry(doc.date, doc.createdAt),
    updatedAt: draft.savedAt,
    syncState: 'local-only',
    hasDraft: true,
    draftOnly: true,
  }
}

/** A draft another device shared (or this one, when its local draft is gone): opened in the editor. */
function sharedDraftEntry(shared: SharedDraftDoc): BookEntry {
  const doc = shared.record
  return {
    id: shared.id,
    kind: doc.kind,
    title: doc.title,
    date: doc.date,
    status: 'draft',
    lateEntry: isLateEntry(doc.date, doc.createdAt),
    updatedAt: shared.sharedAt,
    syncState: 'synced',
    hasDraft: true,
    draftOnly: true,
    sharedBy: shared.sharedBy,
  }
}

function inBook(doc: { kind: KindId; date: string; deleted?: boolean }, query: BookQuery): boolean {
  if (doc.kind !== query.kind || doc.deleted) return false
  if (yearOf(doc.date) !== query.year) return false
  return !query.quarter || quarterOf(doc.date) === query.quarter
}

function newestFirst(a: { date: string; updatedAt: string }, b: { date: string; updatedAt: string }): number {
  return b.date.localeCompare(a.date) || b.updatedAt.localeCompare(a.updatedAt)
}

export const useRecordsStore = defineStore('records', () => {
  const book = ref<BookEntry[]>([])
  const bookQuery = ref<BookQuery>()
  const bookLoading = ref(false)
  const yearCounts = ref<Record<KindId, number>>({})
  const searchHits = ref<SearchHit[]>([])
  const searching = ref(false)
  const searchedFor = ref('')
  let searchTicket = 0
  let bookTicket = 0

  /** Loads one book (kind, year, optional quarter), drafts included, newest first. */
  async function loadBook(query: BookQuery): Promise<void> {
    const ticket = ++bookTicket
    bookLoading.value = true
    try {
      const local = await useLocal()
      const [records, drafts, shared] = await Promise.all([
        local.listRecords({ kind: query.kind, year: query.year, quarter: query.quarter }),
        local.listDrafts(),
        local.listEntities<SharedDraftDoc>('shared-draft'),
      ])
      const sharedById = new Map(shared.map((s) => [s.id, s]))
      const draftIds = new Set(drafts.map((d) => d.id))
      const savedIds = new Set(records.map((r) => r.id))
      const entries: BookEntry[] = records
        .filter((r) => !r.status || r.status === 'final' || r.status === 'draft')
        .map((r) => ({ ...r, hasDraft: draftIds.has(r.id), draftOnly: false }))
      for (const d of drafts) {
        if (savedIds.has(d.id) || !inBook(d.doc, query)) continue
        // A draft of a record saved earlier but outside this query is not a new record: skip it.
        if (await local.getRecord(d.id)) continue
        const entry = draftEntry(d)
        const sharedBy = sharedById.get(d.id)?.sharedBy
        entries.push(sharedBy === undefined ? entry : { ...entry, sharedBy })
      }
      // Drafts shared from other devices: listed once, never next to the same record or local draft.
      for (const s of shared) {
        if (savedIds.has(s.id) || draftIds.has(s.id) || !inBook(s.record, query)) continue
        if (await local.getRecord(s.id)) continue
        entries.push(sharedDraftEntry(s))
      }
      if (ticket !== bookTicket) return
      book.value = entries.sort(newestFirst)
      bookQuery.value = { ...query }
    } finally {
      if (ticket === bookTicket) bookLoading.value = false
    }
  }

  /** How many records each book holds in a year (finished ones; drafts are not records yet). */
  async function loadYearCounts(year: number): Promise<void> {
    const local = await useLocal()
    const records = await local.listRecords({ year })
    const counts: Record<KindId, number> = {}
    for (const r of records) counts[r.kind] = (counts[r.kind] ?? 0) + 1
    yearCounts.value = counts
  }

  /** The next 第N次 for a kind within a year. */
  async function nextSequence(kind: KindId, year: number): Promise<number> {
    const local = await useLocal()
    const records = await local.listRecords({ kind, year })
    let max = records.length
    for (const item of records) {
      const record = await local.getRecord(item.id)
      if (record?.sequence && record.sequence > max) max = record.sequence
    }
    return max + 1
  }

  /** Start and end time of the latest finished meeting of a kind: a branch tends to meet at the same hour. */
  async function lastMeetingTimes(kind: KindId): Promise<{ startTime?: string; endTime?: string }> {
    const local = await useLocal()
    const latest = (await local.listRecords({ kind })).filter((r) => r.status === 'final').sort((a, b) => b.date.localeCompare(a.date))[0]
    const record = latest ? await local.getRecord(latest.id) : undefined
    return { startTime: record?.startTime, endTime: record?.endTime }
  }

  /** Words in any field; each hit carries its record so the page can show where the words are. */
  async function search(text: string): Promise<void> {
    const ticket = ++searchTicket
    const query = text.trim()
    if (!query) {
      searchHits.value = []
      searchedFor.value = ''
      searching.value = false
      return
    }
    searching.value = true
    try {
      const local = await useLocal()
      const items = await local.searchRecords(query, 50)
      const hits: SearchHit[] = []
      for (const item of items) {
        hits.push({ item, record: await local.getRecord(item.id) })
      }
      if (ticket !== searchTicket) return
      searchHits.value = hits
      searchedFor.value = query
    } finally {
      if (ticket === searchTicket) searching.value = false
    }
  }

  async function get(id: string): Promise<BranchRecord | undefined> {
    return (await useLocal()).getRecord(id)
  }

  /** Writes the finished record; the local store removes its draft in the same transaction. */
  async function saveRecord(record: BranchRecord): Promise<void> {
    await (await useLocal()).saveRecord(record)
    if (bookQuery.value?.kind === record.kind) book.value = book.value.filter((e) => e.id !== record.id || !e.draftOnly)
  }

  /** Tombstone (never a hard delete); a waiting draft goes too. */
  async function remove(id: string): Promise<void> {
    const local = await useLocal()
    await local.deleteRecord(id)
    if (await local.getDraft(id)) await local.discardDraft(id)
    book.value = book.value.filter((e) => e.id !== id)
    searchHits.value = searchHits.value.filter((h) => h.item.id !== id)
  }

  async function saveDraft(doc: BranchRecord): Promise<void> {
    await (await useLocal()).saveDraft(doc)
  }

  async function getDraft(id: string): Promise<Draft | undefined> {
    return (await useLocal()).getDraft(id)
  }

  async function discardDraft(id: string): Promise<void> {
    await (await useLocal()).discardDraft(id)
    book.value = book.value.flatMap((e) => (e.id !== id ? [e] : e.draftOnly ? [] : [{ ...e, hasDraft: false }]))
  }

  /** The live shared copy of a draft (共享草稿), if someone shared it. */
  async function getSharedDraft(id: string): Promise<SharedDraftDoc | undefined> {
    const doc = await (await useLocal()).getEntity<SharedDraftDoc>('shared-draft', id)
    return doc && !doc.deleted ? doc : undefined
  }

  /** Shares the draft with the branch (synced like any entity); the record inside is always a draft. */
  async function shareDraft(record: BranchRecord, sharedBy: string): Promise<SharedDraftDoc> {
    const now = new Date().toISOString()
    const doc: SharedDraftDoc = {
      id: record.id,
      branchId: record.branchId,
      record: { ...record, status: 'draft' },
      sharedBy,
      sharedAt: now,
      updatedAt: now,
    }
    await (await useLocal()).putEntity('shared-draft', doc)
    return doc
  }

  /** Stops sharing: a tombstone that syncs (nothing happens when it was not shared). */
  async function unshareDraft(id: string): Promise<void> {
    const local = await useLocal()
    const doc = await local.getEntity<SharedDraftDoc>('shared-draft', id)
    if (!doc || doc.deleted) return
    await local.deleteEntity('shared-draft', id)
    // The editor copied it into this device's drafts when it was opened: it stays, as a local draft.
    book.value = book.value.map(({ sharedBy, ...e }) => (e.id === id || sharedBy === undefined ? e : { ...e, sharedBy }))
  }

  async function putAttachment(blob: Blob, meta: Omit<AttachmentRef, 'hash' | 'size'>): Promise<AttachmentRef> {
    return (await useLocal()).putAttachment(blob, meta)
  }

  async function getAttachment(hash: string): Promise<Blob | undefined> {
    return (await useLocal()).getAttachment(hash)
  }

  return {
    book: readonly(book),
    bookQuery: readonly(bookQuery),
    bookLoading: readonly(bookLoading),
    yearCounts: readonly(yearCounts),
    searchHits: readonly(searchHits),
    searching: readonly(searching),
    searchedFor: readonly(searchedFor),
    loadBook,
    loadYearCounts,
    nextSequence,
    lastMeetingTimes,
    search,
    get,
    saveRecord,
    remove,
    saveDraft,
    getDraft,
    discardDraft,
    getSharedDraft,
    shareDraft,
    unshareDraft,
    putAttachment,
    getAttachment,
  }
})
