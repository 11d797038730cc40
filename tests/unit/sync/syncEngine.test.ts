// The sync engine against the real server app (temp SQLite, Fastify inject), device by device.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EntityName, PullResponse } from '@/domain/protocol'
import { META_CURSOR } from '@/local/syncApply'
import {
  PASSWORD,
  makeDevice,
  newRecord,
  revisionCount,
  serverHead,
  startServer,
  type Device,
  type Fault,
  type TestServer,
} from './harness'

let server: TestServer
const devices: Device[] = []

async function device(name: string, user: keyof TestServer['users'] = 'secretary'): Promise<Device> {
  const d = await makeDevice(server, name)
  await d.transport.signIn(server.users[user], PASSWORD)
  devices.push(d)
  return d
}

beforeEach(async () => {
  server = await startServer()
})
afterEach(async () => {
  for (const d of devices.splice(0)) d.close()
  await server.close()
})

async function stateOf(d: Device, id: string, entity: EntityName = 'record') {
  return (await d.sync.listSyncInfo(entity)).find((i) => i.id === id)
}

describe('push and pull', () => {
  it('sends a saved record once and brings it to another device of the branch', async () => {
    const a = await device('a')
    const b = await device('b', 'recorder')
    const rec = newRecord(server.branchId, { title: '三月支委会' })
    await a.store.saveRecord(rec)
    expect(await a.sync.unsentCount()).toBe(1)
    expect((await stateOf(a, rec.id))?.state).toBe('pending')

    const ra = await a.engine.syncOnce()
    expect(ra).toMatchObject({ outcome: 'ok', pushed: 1, rejected: 0, conflicts: 0 })
    expect(await a.sync.unsentCount()).toBe(0)
    expect(await stateOf(a, rec.id)).toMatchObject({ state: 'synced', rev: 1 })
    expect(a.engine.status()).toMatchObject({ phase: 'idle', lastSyncAt: new Date(server.clock.now).toISOString() })

    const rb = await b.engine.syncOnce()
    expect(rb.outcome).toBe('ok')
    const there = await b.store.getRecord(rec.id)
    expect(there?.title).toBe('三月支委会')
    expect(await stateOf(b, rec.id)).toMatchObject({ state: 'synced', rev: 1 })
    // The branch document created by the admin arrives too.
    expect((await b.store.getBranch())?.id).toBe(server.branchId)
    expect(await revisionCount(server, 'record', rec.id)).toBe(1)
  })

  it('reads a feed longer than one page, in pages, and keeps the cursor', async () => {
    const a = await device('a')
    const b = await device('b')
    for (let i = 0; i < 16; i++) await a.store.saveRecord(newRecord(server.branchId, { title: `会议 ${i}` }))
    await a.engine.syncOnce()
    const before = server.hits.get('GET /api/sync/pull') ?? 0
    await b.engine.syncOnce()
    const pages = (server.hits.get('GET /api/sync/pull') ?? 0) - before
    // 16 records + 2 branch documents at 7 per page.
    expect(pages).toBe(3)
    expect((await b.store.listRecords({})).length).toBe(16)
    const cursor = await b.sync.readMeta<number>(META_CURSOR)
    expect(cursor).toBeGreaterThan(0)
    // Nothing new: one page, cursor unchanged.
    await b.engine.syncOnce()
    expect(await b.sync.readMeta<number>(META_CURSOR)).toBe(cursor)
  })

  it('retries a push whose answer was lost with the same mutation, and the server keeps it once', async () => {
    const a = await device('a')
    const rec = newRecord(server.branchId)
    await a.store.saveRecord(rec)
    let lost = 0
    a.network.fault = (method, path): Fault => (method === 'POST' && path === '/api/sync/push' && lost++ === 0 ? 'lose-response' : 'ok')
    const first = await a.engine.syncOnce()
    expect(first.outcome).toBe('offline')
    expect(first.retryAfterMs).toBeGreaterThan(0)
    expect(await a.sync.unsentCount()).toBe(1)
    // The server did commit it.
    expect((await serverHead(server, 'record', rec.id))?.rev).toBe(1)

    const [queued] = await a.store.pendingMutations()
    const second = await a.engine.syncOnce()
    expect(second).toMatchObject({ outcome: 'ok', pushed: 1 })
    expect(await a.sync.unsentCount()).toBe(0)
    expect(await revisionCount(server, 'record', rec.id)).toBe(1)
    // Stored answers are keyed `<organization>:<mutationId>`.
    const row = await server.storage.get<{ n: number }>('SELECT COUNT(*) AS n FROM mutations WHERE mutation_id LIKE ?', [`%:${queued?.mutationId}`])
    expect(Number(row?.n)).toBe(1)
  })

  it('applies a duplicated answer once', async () => {
    const a = await device('a')
    const rec = newRecord(server.branchId)
    await a.store.saveRecord(rec)
    a.network.fault = () => 'duplicate'
    const r = await a.engine.syncOnce()
    expect(r.outcome).toBe('ok')
    expect(await stateOf(a, rec.id)).toMatchObject({ state: 'synced', rev: 1 })
    expect(await revisionCount(server, 'record', rec.id)).toBe(1)
  })

  it('does not change queued edits made while an earlier push was unanswered, and rebases them after', async () => {
    const a = await device('a')
    const rec = newRecord(server.branchId, { title: 'v1' })
    await a.store.saveRecord(rec)
    a.network.fault = (m, p) => (m === 'POST' && p === '/api/sync/push' ? 'lose-response' : 'ok')
    await a.engine.syncOnce()
    // Two more edits while the first answer is unknown: the first mutation may be on the server.
    await a.store.saveRecord({ ...rec, title: 'v2' })
    await a.store.saveRecord({ ...rec, title: 'v3', place: '三楼' })
    a.network.fault = () => 'ok'
    const r = await a.engine.syncOnce()
    expect(r).toMatchObject({ outcome: 'ok', conflicts: 0, rejected: 0 })
    const head = await serverHead(server, 'record', rec.id)
    expect(head?.doc).toMatchObject({ title: 'v3', place: '三楼' })
    expect(head?.conflict).toBeNull()
    // v1 (once) and the folded v2+v3.
    expect(await revisionCount(server, 'record', rec.id)).toBe(2)
    expect(await stateOf(a, rec.id)).toMatchObject({ state: 'synced', rev: 2 })
  })

  it('folds several offline edits of one record into one push', async () => {
    const a = await device('a')
    const rec = newRecord(server.branchId, { title: 'v1' })
    await a.store.saveRecord(rec)
    for (let i = 2; i <= 5; i++) await a.store.saveRecord({ ...rec, title: `v${i}` })
    expect(await a.sync.unsentCount()).toBe(5)
    await a.engine.syncOnce()
    expect(await revisionCount(server, 'record', rec.id)).toBe(1)
    expect((await serverHead(server, 'record', rec.id))?.doc).toMatchObject({ title: 'v5' })
  })
})

describe('other synced entities', () => {
  it('an inspection (generic entity) travels and its deletion is a tombstone everywhere', async () => {
    const a = await device('a')
    const b = await device('b', 'recorder')
    const inspection = {
      id: 'insp-1',
      branchId: server.branchId,
      scope: 'branch',
      title: '区委第三巡察组巡察反馈',
      inspector: '区委第三巡察组',
      periodFrom: '2026-03-01',
      periodTo: '2026-04-15',
      feedbackDate: '2026-05-10',
      deadline: '2026-08-10',
      unitName: '某某局机关党支部',
      createdAt: '2026-05-10T08:00:00.000Z',
      updatedAt: '2026-05-10T08:00:00.000Z',
    }
    await a.store.putEntity('inspection', inspection)
    const ra = await a.engine.syncOnce()
    expect(ra).toMatchObject({ outcome: 'ok', rejected: 0 })
    await b.engine.syncOnce()
    expect(await b.store.getEntity('inspection', 'insp-1')).toMatchObject({ title: '区委第三巡察组巡察反馈' })
    await b.store.deleteEntity('inspection', 'insp-1')
    await b.engine.syncOnce()
    expect(await serverHead(server, 'inspection', 'insp-1')).toMatchObject({ deleted: true })
    await a.engine.syncOnce()
    expect(await a.store.listEntities('inspection')).toEqual([])
    expect(await a.store.listEntities('inspection', { includeDeleted: true })).toHaveLength(1)
    expect((await stateOf(a, 'insp-1', 'inspection'))?.state).toBe('synced')
  })
})

describe('merging and conflicts', () => {
  async function shared(): Promise<{ a: Device; b: Device; id: string }> {
    const a = await device('a')
    const b = await device('b', 'recorder')
    const rec = newRecord(server.branchId, { title: '原标题', place: '原地点', summary: '原总结' })
    await a.store.saveRecord(rec)
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    return { a, b, id: rec.id }
  }

  it('merges edits of different fields without asking anyone', async () => {
    const { a, b, id } = await shared()
    const docA = (await a.store.getRecord(id))!
    const docB = (await b.store.getRecord(id))!
    await a.store.saveRecord({ ...docA, title: 'A 改的标题' })
    await b.store.saveRecord({ ...docB, place: 'B 改的地点', sections: { note: 'B 的备注' } })
    await a.engine.syncOnce()
    const rb = await b.engine.syncOnce()
    expect(rb.conflicts).toBe(0)
    await a.engine.syncOnce()
    for (const d of [a, b]) {
      expect(await d.store.getRecord(id)).toMatchObject({ title: 'A 改的标题', place: 'B 改的地点', summary: '原总结', sections: { note: 'B 的备注' } })
      expect((await stateOf(d, id))?.state).toBe('synced')
    }
  })

  it('surfaces a same-field clash with both values, and a choice settles it everywhere', async () => {
    const { a, b, id } = await shared()
    await a.store.saveRecord({ ...(await a.store.getRecord(id))!, title: 'A 的标题', summary: 'A 的总结' })
    await b.store.saveRecord({ ...(await b.store.getRecord(id))!, title: 'B 的标题', place: 'B 的地点' })
    await a.engine.syncOnce()
    const rb = await b.engine.syncOnce()
    expect(rb.conflicts).toBeGreaterThan(0)

    const conflict = await b.sync.getConflict('record', id)
    expect(conflict?.conflict.fields).toMatchObject([{ field: 'title', base: '原标题', local: 'B 的标题', remote: 'A 的标题' }])
    // Non-clashing fields are merged; the clashing one shows the server value until someone chooses.
    expect(conflict?.doc).toMatchObject({ title: 'A 的标题', summary: 'A 的总结', place: 'B 的地点' })
    expect((await stateOf(b, id))?.state).toBe('conflict')
    // The mark is on the server, so A sees the conflict too.
    await a.engine.syncOnce()
    expect((await stateOf(a, id))?.state).toBe('conflict')
    expect((await a.sync.listConflicts()).map((c) => c.id)).toEqual([id])

    // Each value says who made it: A's title by the secretary on device A, B's by the recorder on B.
    const [deviceA, deviceB] = [await a.sync.getDeviceId(), await b.sync.getDeviceId()]
    const by = (user: string, deviceId: string, rev: number) => ({ userId: expect.any(String), userName: user, deviceId, at: expect.any(String), rev })
    expect(conflict?.fields).toEqual([
      {
        field: 'title',
        base: '原标题',
        options: [
          { kind: 'current', value: 'A 的标题', by: by('secretary', deviceA, 2) },
          { kind: 'incoming', value: 'B 的标题', by: by('recorder', deviceB, 3) },
        ],
      },
    ])
    await b.sync.resolveConflict('record', id, { title: 1 })
    expect((await stateOf(b, id))?.state).toBe('pending')
    await b.engine.syncOnce()
    await a.engine.syncOnce()
    const head = await serverHead(server, 'record', id)
    expect(head?.conflict).toBeNull()
    expect(head?.doc).toMatchObject({ title: 'B 的标题', summary: 'A 的总结', place: 'B 的地点' })
    for (const d of [a, b]) {
      expect((await stateOf(d, id))?.state).toBe('synced')
      expect((await d.store.getRecord(id))?.title).toBe('B 的标题')
      expect(await d.sync.listConflicts()).toEqual([])
    }
  })

  it('a delete against someone else’s edit is a conflict, not a silent loss', async () => {
    const { a, b, id } = await shared()
    await a.store.deleteRecord(id)
    await b.store.saveRecord({ ...(await b.store.getRecord(id))!, summary: 'B 补充的总结' })
    await b.engine.syncOnce()
    const ra = await a.engine.syncOnce()
    expect(ra.conflicts).toBeGreaterThan(0)
    const c = await a.sync.getConflict('record', id)
    expect(c?.conflict.fields.map((f) => f.field)).toContain('$deleted')
    // The edit survived on the server; the record is not deleted until someone chooses.
    const head = await serverHead(server, 'record', id)
    expect(head).toMatchObject({ deleted: false })
    expect(head?.doc).toMatchObject({ summary: 'B 补充的总结' })

    const deleted = c?.fields.find((f) => f.field === '$deleted')
    expect(deleted?.options.map((o) => [o.kind, o.value, o.by?.userName, o.by?.deviceId])).toEqual([
      ['current', false, 'recorder', await b.sync.getDeviceId()],
      ['incoming', true, 'secretary', await a.sync.getDeviceId()],
    ])
    // What keeping the deletion would lose: B's summary.
    expect(deleted?.edits).toEqual([{ field: 'summary', before: '原总结', after: 'B 补充的总结' }])
    await a.sync.resolveConflict('record', id, { $deleted: 1 })
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    expect(await serverHead(server, 'record', id)).toMatchObject({ deleted: true, conflict: null })
    expect((await b.store.getRecord(id))?.deleted).toBe(true)
    expect(await b.store.listRecords({})).toEqual([])
  })

  it('keeps the cursor before a change whose record still has unsent edits', async () => {
    const { a, b, id } = await shared()
    await a.store.saveRecord({ ...(await a.store.getRecord(id))!, title: 'A 改' })
    await a.engine.syncOnce()
    await b.store.saveRecord({ ...(await b.store.getRecord(id))!, place: 'B 改' })
    const cursorBefore = (await b.sync.readMeta<number>(META_CURSOR)) ?? 0
    // Apply a pulled page by hand while B's edit is unsent: the change waits, the cursor stays.
    const page = (await (
      await server.app.inject({ method: 'GET', url: `/api/sync/pull?cursor=${cursorBefore}&limit=50`, headers: { authorization: `Bearer ${(await b.session.read())?.token}` } })
    ).json()) as PullResponse
    expect(page.changes.map((c) => c.id)).toContain(id)
    const report = await b.sync.applyPullPage(page, false)
    expect(report.deferred).toBe(1)
    const seq = page.changes.find((c) => c.id === id)!.seq
    expect(report.cursor).toBe(seq - 1)
    expect((await b.store.getRecord(id))?.title).toBe('原标题')
    // A normal run pushes first, then reads the change again.
    await b.engine.syncOnce()
    expect(await b.store.getRecord(id)).toMatchObject({ title: 'A 改', place: 'B 改' })
    expect(await b.sync.readMeta<number>(META_CURSOR)).toBeGreaterThanOrEqual(seq)
  })
})

describe('failures', () => {
  it('401: stops, keeps unsent work, logging goes on, and a new sign-in sends it', async () => {
    const a = await device('a')
    const token = (await a.session.read())?.token
    await server.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${token}` } })
    const rec = newRecord(server.branchId)
    await a.store.saveRecord(rec)
    const r = await a.engine.syncOnce()
    expect(r.outcome).toBe('signed-out')
    expect(r.retryAfterMs).toBeUndefined()
    expect(a.engine.status().phase).toBe('signed-out')
    const session = await a.session.read()
    expect(session?.token).toBeNull()
    expect(session?.user?.username).toBe('secretary')
    // Offline logging continues.
    await a.store.saveRecord({ ...rec, title: '离线继续改' })
    expect(await a.sync.unsentCount()).toBe(2)
    expect((await a.engine.syncOnce()).outcome).toBe('signed-out')

    await a.transport.signIn('secretary', PASSWORD)
    expect((await a.engine.syncOnce()).outcome).toBe('ok')
    expect((await serverHead(server, 'record', rec.id))?.doc).toMatchObject({ title: '离线继续改' })
  })

  it('a refused mutation shows 出错 with the reason and the rest still goes', async () => {
    const a = await device('a')
    const good = newRecord(server.branchId, { title: '好的' })
    const bad = newRecord(server.branchId, { kind: 'no-such-kind' })
    await a.store.saveRecord(bad)
    await a.store.saveRecord(good)
    const r = await a.engine.syncOnce()
    expect(r.outcome).toBe('ok')
    expect(r.rejected).toBe(1)
    const info = await stateOf(a, bad.id)
    expect(info?.state).toBe('error')
    expect(info?.lastError).toMatch(/no-such-kind/)
    expect((await stateOf(a, good.id))?.state).toBe('synced')
    expect(await serverHead(server, 'record', bad.id)).toBeUndefined()
    expect(await a.sync.unsentCount()).toBe(0)
  })

  it('a mutationId reused with another body (a bug) is refused: 出错 with the reason, the rest still goes', async () => {
    const a = await device('a')
    const rec = newRecord(server.branchId, { title: '原来的' })
    await a.store.saveRecord(rec)
    a.network.fault = (m, p) => (m === 'POST' && p === '/api/sync/push' ? 'lose-response' : 'ok')
    await a.engine.syncOnce()
    a.network.fault = () => 'ok'
    // The retry of the same mutation carries a different body.
    const push = a.transport.push.bind(a.transport)
    a.transport.push = (req) =>
      push({ ...req, mutations: req.mutations.map((m) => (m.id === rec.id ? { ...m, doc: { ...m.doc, title: '被改过的' } } : m)) })
    const other = newRecord(server.branchId)
    await a.store.saveRecord(other)
    const r = await a.engine.syncOnce()
    expect(r).toMatchObject({ outcome: 'ok', rejected: 1 })
    const info = await stateOf(a, rec.id)
    expect(info?.state).toBe('error')
    expect(info?.lastError).toMatch(/mutation-id-reused/)
    expect((await stateOf(a, other.id))?.state).toBe('synced')
    // The server kept the first body only.
    expect((await serverHead(server, 'record', rec.id))?.doc).toMatchObject({ title: '原来的' })
    expect(await a.sync.unsentCount()).toBe(0)
  })

  it('a write the role may not make is refused per mutation (member)', async () => {
    const m = await device('m', 'member')
    const rec = newRecord(server.branchId)
    await m.store.saveRecord(rec)
    const r = await m.engine.syncOnce()
    expect(r.rejected).toBe(1)
    expect(await stateOf(m, rec.id)).toMatchObject({ state: 'error' })
    expect((await stateOf(m, rec.id))?.lastError).toBeTruthy()
  })

  it('backs off exponentially with jitter on network errors and 5xx, and resets after success', async () => {
    const randoms = [0, 0.999, 0.5, 0.25]
    let i = 0
    const d = await makeDevice(server, 'x', { random: () => randoms[i++ % randoms.length] ?? 0 })
    devices.push(d)
    await d.transport.signIn('secretary', PASSWORD)
    await d.store.saveRecord(newRecord(server.branchId))
    d.network.online = false
    const delays: number[] = []
    for (let k = 0; k < 3; k++) delays.push((await d.engine.syncOnce()).retryAfterMs ?? -1)
    // base 2 s, factor 2, equal jitter: [1,2] s, then [2,4] s, then [4,8] s.
    expect(delays[0]).toBe(1000)
    expect(delays[1]).toBeGreaterThanOrEqual(3990)
    expect(delays[1]).toBeLessThanOrEqual(4000)
    expect(delays[2]).toBe(6000)
    expect(d.engine.status()).toMatchObject({ phase: 'offline', failures: 3 })
    d.network.online = true
    d.network.fault = () => 'server-down'
    const r5 = await d.engine.syncOnce()
    expect(r5.outcome).toBe('server-error')
    expect(d.engine.status().failures).toBe(4)
    d.network.fault = () => 'ok'
    expect((await d.engine.syncOnce()).outcome).toBe('ok')
    expect(d.engine.status()).toMatchObject({ phase: 'idle', failures: 0 })
    expect(d.engine.status().lastError).toBeUndefined()
  })

  it('survives a server restart between push and pull', async () => {
    const a = await device('a')
    const b = await device('b')
    const rec = newRecord(server.branchId)
    await a.store.saveRecord(rec)
    await a.engine.syncOnce()
    await server.restart()
    await b.engine.syncOnce()
    expect((await b.store.getRecord(rec.id))?.title).toBe(rec.title)
  })
})

describe('first sign-in after setting up offline', () => {
  it('moves what was recorded onto the account’s branch and carries the branch settings over', async () => {
    const d = await makeDevice(server, 'offline-first')
    devices.push(d)
    const localBranch = 'local-branch-0001'
    await d.store.saveBranch({
      id: localBranch,
      name: '我在手机上起的名字',
      partyGroups: [{ id: 'g-1', name: '第一党小组' }],
      contactPhone: '010-12345678',
      hasLeadershipTeam: true,
      updatedAt: '2026-03-01T08:00:00.000Z',
    })
    await d.store.saveMember({ id: 'm-1', branchId: localBranch, name: '周建华', membership: 'full', situation: 'on-duty', votingRights: true, active: true, partyGroupId: 'g-1', updatedAt: '2026-03-01T08:00:00.000Z' })
    const rec = newRecord(localBranch, { partyGroupId: 'g-1' })
    await d.store.saveRecord(rec)

    await d.transport.signIn(server.users.secretary, PASSWORD)
    expect(await d.sync.adoptBranch(server.branchId)).toBe(2)
    expect(await d.sync.adoptBranch(server.branchId)).toBe(0)
    const first = await d.engine.syncOnce()
    expect(first).toMatchObject({ outcome: 'ok', rejected: 0 })
    expect(await d.sync.finishBranchAdoption()).toBe(true)
    expect(await d.sync.finishBranchAdoption()).toBe(false)
    await d.engine.syncOnce()

    expect((await serverHead(server, 'record', rec.id))?.doc).toMatchObject({ branchId: server.branchId, partyGroupId: 'g-1' })
    expect((await serverHead(server, 'member', 'm-1'))?.doc).toMatchObject({ branchId: server.branchId })
    const branch = await serverHead(server, 'branch', server.branchId)
    // The administrator's name stays; what the server lacked comes from the device.
    expect(branch?.doc).toMatchObject({ name: '第一党支部', partyGroups: [{ id: 'g-1', name: '第一党小组' }], contactPhone: '010-12345678', hasLeadershipTeam: true })
    expect(await serverHead(server, 'branch', localBranch)).toBeUndefined()
    expect((await d.store.getBranch())?.id).toBe(server.branchId)
    expect((await d.store.getRecord(rec.id))?.branchId).toBe(server.branchId)
    expect(await d.sync.unsentCount()).toBe(0)
    for (const info of await d.sync.listSyncInfo()) expect(info.state).toBe('synced')
  })
})
