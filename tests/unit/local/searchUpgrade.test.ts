// Version 3 replaced the multiEntry token index by `searchText` rows: a phone with a version-2 database
// must come out of the upgrade with every record kept, searchable, and without the old tokens.
import 'fake-indexeddb/auto'
import { openDB } from 'idb'
import { describe, expect, it } from 'vitest'
import { DB_VERSION, openBranchRecordsDB } from '@/local/db'
import { openLocalStore } from '@/local/localStore'
import { makeRecord, uniqueDbName } from './helpers'
import { createLegacyDatabase } from './legacySchemas'

describe('upgrade from a version-2 database', () => {
  it('keeps every record, makes them searchable, drops the token index and the tokens', async () => {
    const dbName = uniqueDbName()
    await createLegacyDatabase(dbName, 2)
    const committee = makeRecord({ title: '十月支委会', date: '2026-10-12', summary: '部署安全生产检查' })
    const lesson = makeRecord({ kind: 'party-lesson', title: '专题党课', date: '2026-11-05', summary: '安全生产专题' })
    const deleted = makeRecord({ title: '作废的安全生产会议', date: '2026-09-01', deleted: true })
    const many = Array.from({ length: 120 }, (_, i) => makeRecord({ title: `第${i}次学习`, date: '2025-03-01', summary: `编号${i}号材料` }))
    const v2 = await openDB(dbName, 2)
    for (const doc of [committee, lesson, deleted, ...many]) {
      // Version 2 stored the tokens next to the document (their exact values do not matter here).
      await v2.put('records', { id: doc.id, kind: doc.kind, date: doc.date, doc, tokens: doc.deleted ? [] : ['安全', '生产'] })
    }
    await v2.put('syncMeta', { entity: 'record', id: committee.id, rev: 3, state: 'synced', base: committee, changedAt: '2026-10-12T00:00:00.000Z' })
    await v2.add('outbox', { mutationId: 'mu-1', entity: 'record', entityId: lesson.id, baseRev: 0, doc: lesson, createdAt: '2026-11-05T10:00:00.000Z' })
    await v2.put('meta', 'device-1', 'deviceId')
    v2.close()

    const store = await openLocalStore({ dbName })
    expect((await store.searchRecords('安全生产')).map((r) => r.id)).toEqual([lesson.id, committee.id])
    expect((await store.searchRecords('编号7号')).map((r) => r.id)).toEqual([many[7]!.id])
    expect(await store.searchRecords('作废')).toEqual([])
    expect(await store.listRecords({ includeDeleted: true })).toHaveLength(3 + many.length)
    expect((await store.getRecord(committee.id))?.summary).toBe('部署安全生产检查')
    expect(await store.getDeviceId()).toBe('device-1')
    expect((await store.pendingMutations()).map((m) => m.mutationId)).toEqual(['mu-1'])
    store.close()

    const db = await openBranchRecordsDB(dbName)
    expect(db.version).toBe(DB_VERSION)
    const tx = db.transaction(['records', 'searchText'])
    expect([...tx.objectStore('records').indexNames].sort()).toEqual(['by-date', 'by-kind-date'])
    const stored = await tx.objectStore('records').getAll()
    expect(stored.some((r) => 'tokens' in r)).toBe(false)
    expect(stored.map((r) => r.doc)).toEqual(expect.arrayContaining([committee, lesson, deleted, ...many]))
    expect(await tx.objectStore('searchText').count()).toBe(2 + many.length)
    await tx.done
    // The version-4 step ran in the same upgrade: the server's copy left the sync state for `syncBase`.
    expect(await db.get('syncMeta', ['record', committee.id])).toEqual({ entity: 'record', id: committee.id, rev: 3, state: 'synced', changedAt: '2026-10-12T00:00:00.000Z' })
    expect(await db.get('syncBase', ['record', committee.id])).toEqual({ entity: 'record', id: committee.id, doc: committee })
    db.close()
  })
})
