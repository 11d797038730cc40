// Conflicts say whose value is whose: the incoming side is the device whose push clashed, the head's
// side is the revision that last set that field (not simply the head), each with the account's display
// name, the device and the time; a delete-versus-edit clash lists the edits at stake. The history
// names each revision's author. Same suite on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Mutation, MutationResult, PullResponse, PushResponse, RevisionEntry } from '@/domain/protocol'
import { sampleRecord } from './helpers/sampleDocs'
import { makeWorld, START, storageTargets, type World } from './helpers/world'

type Doc = Record<string, unknown>
const at = (minutes: number): string => new Date(START + minutes * 60_000).toISOString()

for (const target of storageTargets()) {
  describe.skipIf(target.skipReason !== null)(`conflict authors on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let w: World
    let counter = 0
    const nextId = (p: string): string => `${p}-${++counter}`

    beforeAll(async () => {
      w = await makeWorld(await target.create())
    })
    afterAll(async () => {
      await w?.close()
      await target.destroy()
    })

    async function pushAt(minutes: number, m: Omit<Mutation, 'mutationId' | 'entity'>, who: 'secretary' | 'recorder', deviceId: string): Promise<MutationResult> {
      w.clock.now = START + minutes * 60_000
      const res = await w.request({
        method: 'POST',
        url: '/api/sync/push',
        token: w.users[who].token,
        payload: { deviceId, mutations: [{ mutationId: nextId('mut'), entity: 'record', ...m }] },
      })
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as PushResponse).results[0] as MutationResult
    }
    async function head(id: string): Promise<PullResponse['changes'][number]> {
      const res = await w.request({ method: 'GET', url: '/api/sync/pull?cursor=0&limit=500', token: w.users.secretary.token })
      return (res.json() as PullResponse).changes.find((c) => c.id === id)!
    }
    async function newRecord(): Promise<{ id: string; doc: Doc }> {
      const id = nextId('rec')
      const doc = sampleRecord({ id, branchId: w.branches.a1 }) as unknown as Doc
      expect(await pushAt(0, { id, baseRev: 0, doc }, 'secretary', 'dev-a')).toMatchObject({ status: 'applied', rev: 1 })
      return { id, doc }
    }

    test('a same-field clash names both sides: the pusher, and the revision that set the head value', async () => {
      const { id, doc } = await newRecord()
      await pushAt(10, { id, baseRev: 1, doc: { ...doc, place: '党员活动室A' } }, 'secretary', 'dev-a')
      // A later revision (another device) that does not touch the place: not the author of the place.
      await pushAt(20, { id, baseRev: 2, doc: { ...doc, place: '党员活动室A', summary: '委员补充的总结' } }, 'secretary', 'dev-c')
      const r = await pushAt(30, { id, baseRev: 1, doc: { ...doc, place: '党员活动室B' } }, 'recorder', 'dev-b')
      expect(r.status).toBe('conflict')
      if (r.status !== 'conflict') return
      const secretary = w.users.secretary.id
      const recorder = w.users.recorder.id
      expect(r.conflicts).toEqual([
        {
          field: 'place',
          base: '党员活动室',
          local: '党员活动室B',
          remote: '党员活动室A',
          localBy: { userId: recorder, userName: 'recorder', deviceId: 'dev-b', at: at(30), rev: 4 },
          remoteBy: { userId: secretary, userName: 'secretary', deviceId: 'dev-a', at: at(10), rev: 2 },
        },
      ])
      const h = await head(id)
      expect(h.conflict).toMatchObject({ rev: 4, userId: recorder, userName: 'recorder', deviceId: 'dev-b', at: at(30) })
      expect(h.conflict!.fields).toEqual(r.conflicts)

      // The same answer again for a retry (the stored result), nothing recomputed.
      w.clock.now = START + 40 * 60_000
      const again = await w.request({ method: 'POST', url: '/api/sync/push', token: w.users.recorder.token, payload: { deviceId: 'dev-b', mutations: [{ mutationId: `mut-${counter}`, entity: 'record', id, baseRev: 1, doc: { ...doc, place: '党员活动室B' } }] } })
      expect((again.json() as PushResponse).results[0]).toEqual(r)

      // The history names each revision's author.
      const res = await w.request({ method: 'GET', url: `/api/entities/record/${id}/revisions`, token: w.users.secretary.token })
      const revs = (res.json() as { revisions: RevisionEntry[] }).revisions
      expect(revs.map((x) => [x.rev, x.userName, x.deviceId])).toEqual([
        [1, 'secretary', 'dev-a'],
        [2, 'secretary', 'dev-a'],
        [3, 'secretary', 'dev-c'],
        [4, 'recorder', 'dev-b'],
      ])
    })

    test('deleted here, edited there: who edited, and the edits the deletion would drop', async () => {
      const { id, doc } = await newRecord()
      await pushAt(5, { id, baseRev: 1, doc: { ...doc, place: '三楼会议室', summary: '补充了总结' } }, 'secretary', 'dev-a')
      const r = await pushAt(9, { id, baseRev: 1, deleted: true }, 'recorder', 'dev-b')
      expect(r).toMatchObject({ status: 'conflict', deleted: false })
      if (r.status !== 'conflict') return
      expect(r.conflicts).toEqual([
        {
          field: '$deleted',
          base: false,
          local: true,
          remote: false,
          localBy: { userId: w.users.recorder.id, userName: 'recorder', deviceId: 'dev-b', at: at(9), rev: 3 },
          remoteBy: { userId: w.users.secretary.id, userName: 'secretary', deviceId: 'dev-a', at: at(5), rev: 2 },
          edits: [
            { field: 'place', before: '党员活动室', after: '三楼会议室' },
            { field: 'summary', before: '会议要求各委员按分工抓好落实。', after: '补充了总结' },
          ],
        },
      ])
    })

    test('deleted there, edited here: who deleted and when, and this device’s edits at stake', async () => {
      const { id, doc } = await newRecord()
      await pushAt(3, { id, baseRev: 1, deleted: true }, 'secretary', 'dev-a')
      const r = await pushAt(7, { id, baseRev: 1, changedFields: { summary: '离线时写的总结' } }, 'recorder', 'dev-b')
      expect(r).toMatchObject({ status: 'conflict', deleted: true })
      if (r.status !== 'conflict') return
      expect(r.conflicts).toEqual([
        {
          field: '$deleted',
          base: false,
          local: false,
          remote: true,
          localBy: { userId: w.users.recorder.id, userName: 'recorder', deviceId: 'dev-b', at: at(7), rev: 3 },
          remoteBy: { userId: w.users.secretary.id, userName: 'secretary', deviceId: 'dev-a', at: at(3), rev: 2 },
          edits: [{ field: 'summary', before: doc.summary, after: '离线时写的总结' }],
        },
      ])
    })

    test('a device far behind: only the newest 100 revisions are read, the oldest of them stands for the rest', async () => {
      const { id, doc } = await newRecord()
      await pushAt(1, { id, baseRev: 1, changedFields: { place: '党员活动室A' } }, 'secretary', 'dev-a')
      for (let rev = 2; rev < 110; rev++) await pushAt(2, { id, baseRev: rev, changedFields: { summary: `第${rev}次的总结` } }, 'secretary', 'dev-c')
      const r = await pushAt(3, { id, baseRev: 1, doc: { ...doc, place: '党员活动室B' } }, 'recorder', 'dev-b')
      expect(r.status).toBe('conflict')
      if (r.status !== 'conflict') return
      // Revision 2 set the place, but it is older than the 100 read (11–110, the head): revision 11 is named.
      expect(r.conflicts[0]?.remoteBy).toMatchObject({ deviceId: 'dev-c', rev: 11 })
    })

    test('a conflict stored before authors were recorded is still served as it was', async () => {
      const { id, doc } = await newRecord()
      const old = { fields: [{ field: 'place', base: '党员活动室', local: '旧设备的地点', remote: '党员活动室' }], mutationId: 'old-mut', deviceId: 'old-dev', userId: w.users.recorder.id, rev: 1, at: at(1) }
      await w.storage.run('UPDATE entities SET conflict = ? WHERE entity = ? AND id = ?', [JSON.stringify(old), 'record', id])
      expect((await head(id)).conflict).toEqual(old)
      // A resolution clears it as before.
      const r = await pushAt(2, { id, baseRev: 1, doc: { ...doc, place: '旧设备的地点' }, resolvesConflict: true }, 'secretary', 'dev-a')
      expect(r).toMatchObject({ status: 'applied', rev: 2 })
      expect((await head(id)).conflict).toBeNull()
    })
  })
}
