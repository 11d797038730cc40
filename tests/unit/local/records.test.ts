import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { openDB } from 'idb'
import { isLateEntry } from '@/domain/dates'
import type { BranchRecord } from '@/domain/types'
import { LocalStoreError } from '@/local/contract'
import { openLocalStore } from '@/local/localStore'
import { makeMember, makeBranch, makeRecord, openTestStore, uniqueDbName } from './helpers'

/** Raw look at the database behind a store, to check what one transaction left behind. */
async function rawCounts(dbName: string): Promise<{ records: number; searchText: number; outbox: number; syncMeta: number; drafts: number }> {
  const db = await openDB(dbName)
  const counts = {
    records: await db.count('records'),
    searchText: await db.count('searchText'),
    outbox: await db.count('outbox'),
    syncMeta: await db.count('syncMeta'),
    drafts: await db.count('drafts'),
  }
  db.close()
  return counts
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('records: save, read, list', () => {
  it('reads back what was saved, updatedAt kept as given', async () => {
    const store = await openTestStore()
    const record = makeRecord({ title: '第三季度支委会', updatedAt: '2026-07-16T01:02:03.000Z' })
    await store.saveRecord(record)
    const back = await store.getRecord(record.id)
    expect(back).toMatchObject({ id: record.id, title: '第三季度支委会', updatedAt: '2026-07-16T01:02:03.000Z' })
    expect(back?.attendance).toHaveLength(3)
    expect(await store.getRecord('no-such-id')).toBeUndefined()
  })

  it('lists one book by quarter: Q3 and Q4 apart, other kinds excluded, newest first', async () => {
    const store = await openTestStore()
    const q3a = makeRecord({ date: '2026-07-01' })
    const q3b = makeRecord({ date: '2026-09-30' })
    const q4 = makeRecord({ date: '2026-10-01' })
    const otherKind = makeRecord({ date: '2026-08-10', kind: 'general-meeting' })
    const lastYear = makeRecord({ date: '2025-08-10' })
    for (const r of [q3a, q3b, q4, otherKind, lastYear]) await store.saveRecord(r)

    const q3List = await store.listRecords({ kind: 'committee-meeting', year: 2026, quarter: 3 })
    expect(q3List.map((i) => i.id)).toEqual([q3b.id, q3a.id])
    const q4List = await store.listRecords({ kind: 'committee-meeting', year: 2026, quarter: 4 })
    expect(q4List.map((i) => i.id)).toEqual([q4.id])
    const wholeYear = await store.listRecords({ kind: 'committee-meeting', year: 2026 })
    expect(wholeYear.map((i) => i.id)).toEqual([q4.id, q3b.id, q3a.id])
    const wholeBook = await store.listRecords({ kind: 'committee-meeting' })
    expect(wholeBook).toHaveLength(4)
    const allKindsQ3 = await store.listRecords({ year: 2026, quarter: 3 })
    expect(allKindsQ3.map((i) => i.id).sort()).toEqual([q3a.id, q3b.id, otherKind.id].sort())
    expect(await store.listRecords({})).toHaveLength(5)
  })

  it('rejects a quarter without a year', async () => {
    const store = await openTestStore()
    await expect(store.listRecords({ quarter: 2 })).rejects.toMatchObject({ code: 'invalid' })
    await expect(store.listRecords({ year: 2026, quarter: 5 })).rejects.toMatchObject({ code: 'invalid' })
  })

  it('marks records entered more than 3 days after the meeting as late (补记)', async () => {
    const store = await openTestStore()
    const onTime = makeRecord({ date: '2026-07-01', createdAt: '2026-07-03T12:00:00+08:00' })
    const late = makeRecord({ date: '2026-07-01', createdAt: '2026-07-09T12:00:00+08:00' })
    await store.saveRecord(onTime)
    await store.saveRecord(late)
    const list = await store.listRecords({ kind: 'committee-meeting', year: 2026, quarter: 3 })
    const byId = new Map(list.map((i) => [i.id, i]))
    expect(byId.get(onTime.id)?.lateEntry).toBe(false)
    expect(byId.get(late.id)?.lateEntry).toBe(true)
  })

  it('decides 补记 exactly as isLateEntry around the day boundaries, on any clock', async () => {
    // The device furthest ahead of UTC is where a shortcut on the UTC day would go wrong first.
    const zone = process.env.TZ
    process.env.TZ = 'Pacific/Kiritimati'
    onTestFinished(() => {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    })
    const store = await openTestStore()
    const docs: BranchRecord[] = []
    // Entered every 2 hours from the meeting day to six days later, with offsets from -12:00 to +14:00.
    for (let h = 0; h < 6 * 24; h += 2) {
      const offset = ((h * 7) % 27) - 12
      const sign = offset < 0 ? '-' : '+'
      const zone = `${sign}${String(Math.abs(offset)).padStart(2, '0')}:00`
      const wall = new Date(Date.parse('2026-07-01T00:00:00.000Z') + h * 3_600_000).toISOString().slice(0, 19)
      docs.push(makeRecord({ date: '2026-07-01', createdAt: new Date(`${wall}${zone}`).toISOString() }))
    }
    for (const doc of docs) await store.saveRecord(doc)
    const list = await store.listRecords({ kind: 'committee-meeting' })
    const late = new Map(list.map((i) => [i.id, i.lateEntry]))
    for (const doc of docs) expect(late.get(doc.id), doc.createdAt).toBe(isLateEntry(doc.date, doc.createdAt))
    expect(new Set(late.values())).toEqual(new Set([true, false]))
  })

  it('list items carry title, status and sync state', async () => {
    const store = await openTestStore()
    const record = makeRecord({ title: '七月支委会', status: 'final' })
    await store.saveRecord(record)
    const [item] = await store.listRecords({ kind: 'committee-meeting' })
    expect(item).toMatchObject({ id: record.id, title: '七月支委会', status: 'final', syncState: 'pending', date: record.date })
  })

  it('deleteRecord leaves a tombstone, hidden from lists unless asked for, queued for sync', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    const record = makeRecord()
    await store.saveRecord(record)
    await store.deleteRecord(record.id)
    expect(await store.listRecords({ kind: 'committee-meeting' })).toEqual([])
    const withDeleted = await store.listRecords({ kind: 'committee-meeting', includeDeleted: true })
    expect(withDeleted.map((i) => i.id)).toEqual([record.id])
    expect((await store.getRecord(record.id))?.deleted).toBe(true)
    const outbox = await store.pendingMutations()
    expect(outbox.map((m) => (m.doc as { deleted?: boolean }).deleted ?? false)).toEqual([false, true])
    await expect(store.deleteRecord('missing')).rejects.toMatchObject({ code: 'not-found' })
    expect((await rawCounts(dbName)).outbox).toBe(2)
  })

  it('refuses a record without an id or kind, writing nothing', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    await expect(store.saveRecord(makeRecord({ id: '' }))).rejects.toBeInstanceOf(LocalStoreError)
    await expect(store.saveRecord(makeRecord({ kind: '' }))).rejects.toMatchObject({ code: 'invalid' })
    expect(await rawCounts(dbName)).toMatchObject({ records: 0, searchText: 0, outbox: 0 })
  })
})

describe('drafts', () => {
  it('saves, lists newest first, discards', async () => {
    const store = await openTestStore()
    const a = makeRecord({ title: '草稿甲', status: 'draft' })
    const b = makeRecord({ title: '草稿乙', status: 'draft' })
    await store.saveDraft(a)
    await new Promise((r) => setTimeout(r, 5))
    await store.saveDraft(b)
    expect((await store.listDrafts()).map((d) => d.id)).toEqual([b.id, a.id])
    const draft = await store.getDraft(a.id)
    expect(draft?.doc.title).toBe('草稿甲')
    expect(Number.isNaN(Date.parse(draft?.savedAt ?? ''))).toBe(false)
    await store.discardDraft(a.id)
    expect(await store.getDraft(a.id)).toBeUndefined()
    expect((await store.listDrafts()).map((d) => d.id)).toEqual([b.id])
  })

  it('keeps the latest version of a draft (same id overwrites)', async () => {
    const store = await openTestStore()
    const doc = makeRecord({ title: '第一版' })
    await store.saveDraft(doc)
    await store.saveDraft({ ...doc, title: '第二版', summary: '会议总结' })
    const drafts = await store.listDrafts()
    expect(drafts).toHaveLength(1)
    expect(drafts[0]?.doc).toMatchObject({ title: '第二版', summary: '会议总结' })
  })

  it('saveRecord removes the draft in the same transaction', async () => {
    const store = await openTestStore()
    const doc = makeRecord()
    const other = makeRecord()
    await store.saveDraft(doc)
    await store.saveDraft(other)
    await store.saveRecord(doc)
    expect(await store.getDraft(doc.id)).toBeUndefined()
    expect(await store.getDraft(other.id)).toBeDefined()
  })
})

describe('outbox and sync state', () => {
  it('writes one outbox mutation per save, in the same transaction, with baseRev 0 for new records', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    const r1 = makeRecord()
    const r2 = makeRecord()
    await store.saveRecord(r1)
    await store.saveRecord(r2)
    await store.saveRecord({ ...r1, summary: '改过' })
    const pending = await store.pendingMutations()
    expect(pending.map((m) => m.entityId)).toEqual([r1.id, r2.id, r1.id])
    expect(pending.every((m) => m.entity === 'record' && m.baseRev === 0)).toBe(true)
    expect(new Set(pending.map((m) => m.mutationId)).size).toBe(3)
    expect(pending.map((m) => m.mutationId).every((id) => /^[0-9a-f-]{36}$/.test(id) && id[14] === '7')).toBe(true)
    expect((pending[2]?.doc as { summary?: string }).summary).toBe('改过')
    expect(await store.pendingMutations(2)).toHaveLength(2)
    expect(await rawCounts(dbName)).toMatchObject({ records: 2, searchText: 2, outbox: 3, syncMeta: 2 })
  })

  it('members and the branch go through the outbox too; saveMembers is all or nothing', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    await store.saveBranch(makeBranch())
    expect((await store.getBranch())?.name).toBe('第一党支部')
    await store.saveMembers([makeMember({ name: '王志强' }), makeMember({ name: '李秀英' })])
    await store.saveMember(makeMember({ name: '赵敏' }))
    expect((await store.listMembers()).map((m) => m.name)).toEqual(['李秀英', '王志强', '赵敏'])
    const entities = (await store.pendingMutations()).map((m) => m.entity)
    expect(entities).toEqual(['branch', 'member', 'member', 'member'])

    await expect(store.saveMembers([makeMember({ name: '钱多多' }), makeMember({ name: '  ' })])).rejects.toMatchObject({ code: 'invalid' })
    expect(await store.listMembers()).toHaveLength(3)
    expect(await store.pendingMutations()).toHaveLength(4)
  })

  it('a member write failing half-way through saveMembers rolls back the whole import', async () => {
    const store = await openTestStore()
    const members = [makeMember({ name: '甲' }), makeMember({ name: '乙' }), makeMember({ name: '丙' })]
    const realPut = IDBObjectStore.prototype.put
    let memberPuts = 0
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'members' && ++memberPuts === 3) throw new DOMException('disk full', 'QuotaExceededError')
      return realPut.apply(this, args)
    })
    await expect(store.saveMembers(members)).rejects.toMatchObject({ code: 'quota' })
    vi.restoreAllMocks()
    expect(await store.listMembers()).toEqual([])
    expect(await store.pendingMutations()).toEqual([])
  })

  it('getDeviceId creates one UUIDv7 and keeps it', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    const [a, b] = await Promise.all([store.getDeviceId(), store.getDeviceId()])
    expect(a).toBe(b)
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/)
    store.close()
    const again = await openLocalStore({ dbName })
    expect(await again.getDeviceId()).toBe(a)
  })
})

describe('write failures', () => {
  it('a quota error on the record put surfaces as code "quota", leaves no outbox row, earlier data intact', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    const earlier = makeRecord({ title: '之前保存的记录' })
    await store.saveRecord(earlier)
    const before = await rawCounts(dbName)

    // Only the first record put fails; the outbox add and syncMeta put of the same transaction were
    // already queued by then and must be rolled back with it.
    const realPut = IDBObjectStore.prototype.put
    let recordPuts = 0
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'records' && recordPuts++ === 0) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      return realPut.apply(this, args)
    })

    const failing = makeRecord({ title: '保存失败的记录' })
    await store.saveDraft(failing)
    const error = await store.saveRecord(failing).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LocalStoreError)
    expect((error as LocalStoreError).code).toBe('quota')
    expect((error as LocalStoreError).reason).toBe('quota')

    spy.mockRestore()
    expect(await rawCounts(dbName)).toEqual({ ...before, drafts: 1 })
    expect(await store.getRecord(failing.id)).toBeUndefined()
    expect((await store.getDraft(failing.id))?.doc.title).toBe('保存失败的记录')
    expect((await store.getRecord(earlier.id))?.title).toBe('之前保存的记录')
    expect(await store.pendingMutations()).toHaveLength(1)

    // and the same save works once there is room again
    await store.saveRecord(failing)
    expect((await store.getRecord(failing.id))?.title).toBe('保存失败的记录')
  })

  it('an asynchronous request failure aborts the transaction and is reported with its own name', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    await store.saveRecord(makeRecord())
    const realAdd = IDBObjectStore.prototype.add
    // Make the outbox add collide with an existing key: IndexedDB fails that request asynchronously.
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'outbox') return realAdd.call(this, { ...(value as object), seq: 1 }, key)
      return realAdd.call(this, value, key)
    })
    const failing = makeRecord()
    await expect(store.saveRecord(failing)).rejects.toBeInstanceOf(LocalStoreError)
    vi.restoreAllMocks()
    expect(await store.getRecord(failing.id)).toBeUndefined()
    expect(await rawCounts(dbName)).toMatchObject({ records: 1, searchText: 1, outbox: 1, syncMeta: 1 })
  })
})

describe('connection', () => {
  it('reopens once after the browser closed the connection, and the write goes through', async () => {
    const dbName = uniqueDbName()
    const connections: IDBDatabase[] = []
    const realOpen = indexedDB.open.bind(indexedDB)
    vi.spyOn(indexedDB, 'open').mockImplementation((name: string, version?: number) => {
      const request = realOpen(name, version)
      request.addEventListener('success', () => connections.push(request.result))
      return request
    })
    const store = await openLocalStore({ dbName })
    await store.saveRecord(makeRecord({ title: '关闭前' }))
    expect(connections).toHaveLength(1)
    connections[0]?.close() // behind the store's back, as iOS does when the app is suspended

    const after = makeRecord({ title: '关闭后' })
    await store.saveRecord(after)
    expect((await store.getRecord(after.id))?.title).toBe('关闭后')
    expect(connections).toHaveLength(2)
  })

  it('close() then use: opens again', async () => {
    const store = await openTestStore()
    const record = makeRecord()
    await store.saveRecord(record)
    store.close()
    expect((await store.getRecord(record.id))?.id).toBe(record.id)
  })

  it('on versionchange closes, tells the app, and refuses further writes with code "closed"', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    const events: string[] = []
    store.onConnectionEvent((e) => events.push(e))
    await store.saveRecord(makeRecord())

    // A newer app version in another tab opens the database with a higher version.
    const newer = await openDB(dbName, 99)
    expect(events).toEqual(['versionchange'])
    newer.close()
    await expect(store.saveRecord(makeRecord())).rejects.toMatchObject({ code: 'closed' })
  })
})

describe('storage', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('says nothing it does not know when the browser has no StorageManager', async () => {
    vi.stubGlobal('navigator', {})
    const store = await openTestStore()
    expect(await store.storageInfo()).toEqual({})
    expect(await store.requestPersistence()).toBe(false)
  })

  it('reports usage, quota and persistence, and asks for persistence', async () => {
    const persist = vi.fn(async () => true)
    vi.stubGlobal('navigator', {
      storage: { estimate: async () => ({ usage: 1234, quota: 99999 }), persisted: async () => false, persist },
    })
    const store = await openTestStore()
    expect(await store.storageInfo()).toEqual({ usageBytes: 1234, quotaBytes: 99999, persisted: false })
    expect(await store.requestPersistence()).toBe(true)
    expect(persist).toHaveBeenCalledOnce()
  })

  it('treats a refused estimate as unknown rather than failing', async () => {
    vi.stubGlobal('navigator', {
      storage: { estimate: async () => Promise.reject(new Error('denied')), persist: async () => Promise.reject(new Error('no')) },
    })
    const store = await openTestStore()
    expect(await store.storageInfo()).toEqual({})
    expect(await store.requestPersistence()).toBe(false)
  })
})
