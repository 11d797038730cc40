// Version 4 moved the server's copy of each document (`base`, the ancestor of three-way merges) out of
// `syncMeta` into `syncBase`. A phone with a version-3 database must come out of the upgrade with every
// sync state, queued edit and conflict kept, and later merges must still start from the right base.
import 'fake-indexeddb/auto'
import { openDB } from 'idb'
import { describe, expect, it } from 'vitest'
import type { Change } from '@/domain/protocol'
import type { BranchRecord } from '@/domain/types'
import { DB_VERSION, openBranchRecordsDB } from '@/local/db'
import { openLocalStore } from '@/local/localStore'
import { searchRowOf, storedRecord } from '@/local/searchIndex'
import { openSyncLocal } from '@/local/syncApply'
import { makeRecord, uniqueDbName } from './helpers'
import { createLegacyDatabase } from './legacySchemas'

const AT = '2026-10-01T00:00:00.000Z'

function change(doc: BranchRecord, rev: number, seq: number): Change {
  return { seq, entity: 'record', id: doc.id, branchId: doc.branchId, rev, doc: { ...doc } as Change['doc'], deleted: false, conflict: null, updatedAt: doc.updatedAt }
}

describe('upgrade from a version-3 database', () => {
  it('moves every base into syncBase and keeps states, queued edits, conflicts and later merges right', async () => {
    const dbName = uniqueDbName()
    await createLegacyDatabase(dbName, 3)
    // Synced, unchanged here.
    const synced = makeRecord({ title: '九月支委会', date: '2026-09-10', summary: '原纪要' })
    // Edited here, the edit still queued (pending).
    const pendingBase = makeRecord({ title: '十月党课', date: '2026-10-08', summary: '初稿' })
    const pendingLocal: BranchRecord = { ...pendingBase, summary: '改过的稿', updatedAt: '2026-10-09T00:00:00.000Z' }
    // A clash found on this device: the title has two values waiting for a person.
    const conflictBase = makeRecord({ title: '原标题', date: '2026-10-15', summary: '冲突前' })
    const conflictLocal: BranchRecord = { ...conflictBase, title: '本机的标题' }
    // A push the server refused: the local edit stays, nothing queued.
    const refusedBase = makeRecord({ title: '十一月支委会', date: '2026-11-02', summary: '服务器上的纪要' })
    const refusedLocal: BranchRecord = { ...refusedBase, summary: '本机改的纪要' }
    // Never synced: no base at all.
    const localOnly = makeRecord({ title: '本机新建', date: '2026-11-20' })

    const v3 = await openDB(dbName, 3)
    for (const doc of [synced, pendingLocal, conflictLocal, refusedLocal, localOnly]) {
      await v3.put('records', storedRecord(doc))
      await v3.put('searchText', searchRowOf(doc))
    }
    const conflict = { source: 'local', fields: [{ field: 'title', base: '原标题', local: '别人的标题', remote: '本机的标题' }], rev: 5, at: AT }
    await v3.put('syncMeta', { entity: 'record', id: synced.id, rev: 3, state: 'synced', base: synced, changedAt: AT })
    await v3.put('syncMeta', { entity: 'record', id: pendingBase.id, rev: 2, state: 'pending', base: pendingBase, changedAt: AT })
    await v3.put('syncMeta', { entity: 'record', id: conflictBase.id, rev: 5, state: 'conflict', base: conflictBase, conflict, changedAt: AT })
    await v3.put('syncMeta', { entity: 'record', id: refusedBase.id, rev: 4, state: 'error', lastError: '格式不对', base: refusedBase, changedAt: AT })
    await v3.put('syncMeta', { entity: 'record', id: localOnly.id, rev: 0, state: 'pending', changedAt: AT })
    await v3.add('outbox', { mutationId: 'mu-pending', entity: 'record', entityId: pendingBase.id, baseRev: 2, doc: pendingLocal, createdAt: AT })
    await v3.add('outbox', { mutationId: 'mu-local', entity: 'record', entityId: localOnly.id, baseRev: 0, doc: localOnly, createdAt: AT })
    v3.close()

    // Opening runs the upgrade: sync states, queue and conflict as before.
    const store = await openLocalStore({ dbName })
    const states = Object.fromEntries((await store.listRecords({})).map((item) => [item.id, item.syncState]))
    expect(states).toEqual({ [synced.id]: 'synced', [pendingBase.id]: 'pending', [conflictBase.id]: 'conflict', [refusedBase.id]: 'error', [localOnly.id]: 'pending' })
    expect((await store.pendingMutations()).map((m) => m.mutationId)).toEqual(['mu-pending', 'mu-local'])
    store.close()

    const db = await openBranchRecordsDB(dbName)
    expect(db.version).toBe(DB_VERSION)
    const metas = await db.getAll('syncMeta')
    expect(metas).toHaveLength(5)
    expect(metas.filter((m) => 'base' in m)).toEqual([])
    expect(metas.find((m) => m.id === refusedBase.id)).toMatchObject({ rev: 4, state: 'error', lastError: '格式不对' })
    expect(metas.find((m) => m.id === conflictBase.id)).toMatchObject({ rev: 5, state: 'conflict', conflict })
    const bases = Object.fromEntries((await db.getAll('syncBase')).map((row) => [row.id, row.doc]))
    expect(bases).toEqual({ [synced.id]: synced, [pendingBase.id]: pendingBase, [conflictBase.id]: conflictBase, [refusedBase.id]: refusedBase })
    db.close()

    const sync = openSyncLocal({ dbName, now: () => new Date('2026-11-25T00:00:00.000Z') })
    // The conflict still offers both values.
    const view = await sync.getConflict('record', conflictBase.id)
    expect(view?.fields).toEqual([
      { field: 'title', base: '原标题', options: [{ kind: 'current', value: '本机的标题' }, { kind: 'incoming', value: '别人的标题' }] },
    ])

    const remoteRefused: BranchRecord = { ...refusedBase, title: '十一月支委会（补）' }
    const remoteConflict: BranchRecord = { ...conflictBase, place: '党员活动室' }
    const report = await sync.applyPullPage(
      {
        changes: [
          change(synced, 3, 11), // our own copy again: nothing to do
          change(pendingBase, 3, 12), // still queued here: deferred
          change(remoteRefused, 5, 13),
          change(remoteConflict, 6, 14),
        ],
        cursor: 14,
        hasMore: false,
      },
      false,
    )
    expect(report).toMatchObject({ applied: 2, conflicts: 1, deferred: 1 })
    // Merged against the moved base: the local summary and the server's title are both kept, no clash
    // (with the base lost, both fields would have clashed).
    const after = await openLocalStore({ dbName })
    expect(await after.getRecord(refusedBase.id)).toMatchObject({ summary: '本机改的纪要', title: '十一月支委会（补）' })
    expect(await after.getRecord(conflictBase.id)).toMatchObject({ title: '本机的标题', place: '党员活动室' })
    expect(await after.getRecord(synced.id)).toEqual(synced)
    after.close()
    expect((await sync.getConflict('record', conflictBase.id))?.fields[0]?.options.map((o) => o.value)).toEqual(['本机的标题', '别人的标题'])
    const info = Object.fromEntries((await sync.listSyncInfo('record')).map((i) => [i.id, [i.state, i.rev]]))
    expect(info).toMatchObject({ [refusedBase.id]: ['error', 5], [conflictBase.id]: ['conflict', 6], [pendingBase.id]: ['pending', 2] })

    // The queued edit goes up on the revision it was made on, and its answer becomes the new base.
    const batch = await sync.nextPushBatch(10)
    expect(batch.map((m) => [m.mutationId, m.baseRev])).toEqual([
      ['mu-pending', 2],
      ['mu-local', 0],
    ])
    await sync.applyPushResults([{ mutationId: 'mu-pending', status: 'applied', rev: 4, merged: false }])
    sync.close()
    const check = await openBranchRecordsDB(dbName)
    expect((await check.get('syncBase', ['record', pendingBase.id]))?.doc).toEqual(pendingLocal)
    expect((await check.get('syncBase', ['record', refusedBase.id]))?.doc).toEqual(remoteRefused)
    expect((await check.get('syncBase', ['record', conflictBase.id]))?.doc).toEqual(remoteConflict)
    expect(await check.get('syncBase', ['record', localOnly.id])).toBeUndefined()
    expect(await check.get('syncMeta', ['record', pendingBase.id])).toMatchObject({ rev: 4, state: 'synced' })
    check.close()
  })
})

describe('syncBase (schema 4)', () => {
  const read = async (dbName: string, id: string) => {
    const db = await openBranchRecordsDB(dbName)
    const out = { base: (await db.get('syncBase', ['record', id]))?.doc, meta: await db.get('syncMeta', ['record', id]) }
    db.close()
    return out
  }

  it('a push answer moves the base to the head; a queued edit clashing with it keeps the old base and revision', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    const sync = openSyncLocal({ dbName })
    const first = makeRecord({ title: '初稿', summary: '纪要' })
    await store.saveRecord(first)
    const [m1] = await sync.nextPushBatch(10)
    await sync.applyPushResults([{ mutationId: m1!.mutationId, status: 'applied', rev: 1, merged: false }])
    expect(await read(dbName, first.id)).toMatchObject({ base: first, meta: { rev: 1, state: 'synced' } })
    expect((await read(dbName, first.id)).meta).not.toHaveProperty('base')

    const sent: BranchRecord = { ...first, title: '本机改一' }
    await store.saveRecord(sent)
    const [m2] = await sync.nextPushBatch(10)
    // Queued behind the mutation on the wire: it is never changed while that one may be on the server.
    await store.saveRecord({ ...sent, title: '本机改二' })
    // The server merged someone else's title into the head: the queued edit clashes with it.
    const head = { ...sent, title: '别人的标题' } as unknown as Record<string, unknown>
    await sync.applyPushResults([{ mutationId: m2!.mutationId, status: 'applied', rev: 2, merged: true, doc: head }])
    const after = await read(dbName, first.id)
    expect(after.base).toEqual(first)
    expect(after.meta).toMatchObject({ rev: 1, state: 'pending' })
    expect((await sync.nextPushBatch(10)).map((m) => [m.baseRev, m.doc?.title])).toEqual([[1, '本机改二']])
    sync.close()
    store.close()
  })
})
