// `nextPushBatch` reads the queue a chunk at a time: the batch must be exactly what reading the whole
// queue gives — each entity's oldest mutation in queue order, never-sent ones folded into the newest.
import { describe, expect, it } from 'vitest'
import { openBranchRecordsDB } from '@/local/db'
import { openLocalStore } from '@/local/localStore'
import { openSyncLocal } from '@/local/syncApply'
import { makeRecord, uniqueDbName } from './helpers'

describe('nextPushBatch over a long queue', () => {
  it('takes heads in queue order across chunks, folds unsent edits, skips excluded, resends in-flight as is', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    const sync = openSyncLocal({ dbName })
    const records = Array.from({ length: 60 }, (_, i) => makeRecord({ id: `r${String(i).padStart(2, '0')}`, title: `第一版${i}` }))
    for (const r of records) await store.saveRecord(r)
    for (const r of records) await store.saveRecord({ ...r, title: `第二版${r.id}` })
    const ids = (from: number, to: number): string[] => records.slice(from, to).map((r) => r.id)

    const first = await sync.nextPushBatch(25)
    expect(first.map((m) => m.id)).toEqual(ids(0, 25))
    expect(first.every((m) => m.doc?.title === `第二版${m.id}` && m.baseRev === 0)).toBe(true)

    const excluded = (await store.pendingMutations(200)).find((m) => m.entityId === 'r25')!.mutationId
    const second = await sync.nextPushBatch(10, new Set([excluded]))
    expect(second.map((m) => m.id)).toEqual(ids(26, 36))

    const rest = await sync.nextPushBatch(100)
    // r25 (still at its first edit's place), the never-touched r36–r59, then the two batches in flight.
    expect(rest.map((m) => m.id)).toEqual([...ids(25, 26), ...ids(36, 60), ...ids(0, 25), ...ids(26, 36)])
    // In-flight mutations go again unchanged (same mutationId), so a retry sends the same body.
    expect(rest.filter((m) => first.some((f) => f.mutationId === m.mutationId))).toHaveLength(25)
    expect(rest.every((m) => m.doc?.title === `第二版${m.id}`)).toBe(true)
    const db = await openBranchRecordsDB(dbName)
    expect(await db.count('outbox')).toBe(60)
    db.close()
    sync.close()
    store.close()
  })

  it('finds the heads behind a long run of edits to one entity (more than one chunk)', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    const sync = openSyncLocal({ dbName })
    const busy = makeRecord({ id: 'busy', title: '改了很多次' })
    for (let i = 0; i < 130; i++) await store.saveRecord({ ...busy, summary: `第${i}次修改` })
    const others = Array.from({ length: 8 }, (_, i) => makeRecord({ id: `o${i}` }))
    for (const r of others) await store.saveRecord(r)
    const batch = await sync.nextPushBatch(5)
    expect(batch.map((m) => m.id)).toEqual(['busy', 'o0', 'o1', 'o2', 'o3'])
    expect(batch[0]?.doc?.summary).toBe('第129次修改')
    expect((await sync.nextPushBatch(20)).map((m) => m.id)).toEqual(['busy', 'o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7'])
    sync.close()
    store.close()
  })
})
