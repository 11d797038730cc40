// The server's freeze of signed-off quarters (季度签核后锁定), through the real sync routes on SQLite and
// PostgreSQL: once a branch's quarter has a live sign-off, a change to a record stored in that quarter is
// applied only when a correction of that record with a reason was stored before it (earlier in the same
// push or in an earlier one) and after the record last changed; each correction allows one change.
// Otherwise the change is refused with `frozen-quarter` and nothing is stored.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { FastifyInstance } from 'fastify'
import type { Mutation, MutationResult, PushResponse, RevisionEntry } from '@/domain/protocol'
import type { CorrectionDoc, SignoffDoc } from '@/domain/check/checkEntities'
import type { BranchRecord } from '@/domain/types'
import { sampleRecord } from './helpers/sampleDocs'
import { buildTestApp, makeWorld, storageTargets, tableCounts, type World } from './helpers/world'

type Doc = Record<string, unknown>
type Rejected = Extract<MutationResult, { status: 'rejected' }>

const FROZEN_MESSAGE = '本季度已签核，修改需附更正原因 / This quarter is signed off: a change needs a correction reason'

for (const target of storageTargets()) {
  describe.skipIf(target.skipReason !== null)(`frozen quarters on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let w: World
    let counter = 0
    const nextId = (p: string): string => `${p}-${(++counter).toString().padStart(4, '0')}`

    afterAll(async () => {
      await w?.close()
      await target.destroy()
    })

    const asDoc = (x: object): Doc => JSON.parse(JSON.stringify(x)) as Doc
    const push = (token: string, mutations: Mutation[], deviceId = 'device-f') =>
      w.request({ method: 'POST', url: '/api/sync/push', token, payload: { deviceId, mutations } })
    async function pushOk(mutations: Mutation[], token = w.users.secretary.token, app?: FastifyInstance): Promise<MutationResult[]> {
      const res = app
        ? await app.inject({ method: 'POST', url: '/api/sync/push', headers: { authorization: `Bearer ${token}` }, payload: { deviceId: 'device-f', mutations } })
        : await push(token, mutations)
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as PushResponse).results
    }
    async function revisions(id: string): Promise<RevisionEntry[]> {
      const res = await w.request({ method: 'GET', url: `/api/entities/record/${id}/revisions`, token: w.users.secretary.token })
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as { revisions: RevisionEntry[] }).revisions
    }

    const create = (entity: Mutation['entity'], doc: { id: string }): Mutation => ({ mutationId: nextId('mut'), entity, id: doc.id, baseRev: 0, doc: asDoc(doc) })
    const edit = (id: string, baseRev: number, changedFields: Doc): Mutation => ({ mutationId: nextId('mut'), entity: 'record', id, baseRev, changedFields })
    const remove = (id: string, baseRev: number): Mutation => ({ mutationId: nextId('mut'), entity: 'record', id, baseRev, deleted: true })
    function correction(previous: BranchRecord, reason: string): CorrectionDoc {
      return { id: nextId('cor'), branchId: previous.branchId, recordId: previous.id, reason, at: '2026-04-10T02:00:00.000Z', by: '周建华', previous }
    }
    function signoff(branchId: string, year: number, quarter: 1 | 2 | 3 | 4): SignoffDoc {
      return { id: nextId('so'), branchId, year, quarter, signedBy: '周建华', signedAt: '2026-04-02T02:00:00.000Z', comment: '记录齐全' }
    }
    /** A stored record of branch a1 dated in 2026 Q1 (or the given date); created before any sign-off of its quarter. */
    async function storedRecord(over: Partial<BranchRecord> = {}): Promise<BranchRecord> {
      const rec = sampleRecord({ id: nextId('rec'), branchId: w.branches.a1, ...over })
      const [r] = await pushOk([create('record', rec)])
      expect(r).toMatchObject({ status: 'applied', rev: 1 })
      return rec
    }
    function expectFrozen(r: MutationResult | undefined): void {
      expect(r?.status).toBe('rejected')
      expect((r as Rejected).reason).toBe('frozen-quarter')
      expect((r as Rejected).message).toBe(FROZEN_MESSAGE)
    }

    // 2026 Q1 of branch a1 is signed once, before the tests below; a1's other quarters and branch a2 are not.
    let q1: BranchRecord
    let q1Late: BranchRecord
    beforeAll(async () => {
      w = await makeWorld(await target.create())
      q1 = await storedRecord()
      q1Late = await storedRecord({ date: '2026-03-31' })
      const [s] = await pushOk([create('check-signoff', signoff(w.branches.a1, 2026, 1))])
      expect(s?.status).toBe('applied')
    })

    test('an edit of a signed quarter’s record without a correction is refused and stores nothing', async () => {
      const before = await tableCounts(w.storage)
      const results = await pushOk([edit(q1.id, 1, { summary: '会后补充的小结' })])
      expectFrozen(results[0])
      expect(await tableCounts(w.storage)).toEqual(before)
      expect((await revisions(q1.id)).map((r) => r.rev)).toEqual([1])
      // The last day of the quarter belongs to it too.
      expectFrozen((await pushOk([edit(q1Late.id, 1, { place: '会议室' })]))[0])
    })

    test('with a correction earlier in the same push the edit is applied, and the correction is used up', async () => {
      const rec = await storedRecord({ date: '2026-02-10' })
      const fix = correction(rec, '出席人数记录有误，按签到表更正')
      const results = await pushOk([create('correction', fix), edit(rec.id, 1, { summary: '按签到表更正后的小结' })])
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied'])
      const revs = await revisions(rec.id)
      expect(revs.map((r) => r.rev)).toEqual([1, 2])
      expect(revs[1]?.doc?.summary).toBe('按签到表更正后的小结')

      // One correction allows one change: the next edit needs its own.
      const before = await tableCounts(w.storage)
      expectFrozen((await pushOk([edit(rec.id, 2, { summary: '又改了一次' })]))[0])
      expect(await tableCounts(w.storage)).toEqual(before)
      const again = await pushOk([create('correction', correction(rec, '错别字')), edit(rec.id, 2, { summary: '又改了一次' })])
      expect(again.map((r) => r.status)).toEqual(['applied', 'applied'])
      expect((await revisions(rec.id)).map((r) => r.rev)).toEqual([1, 2, 3])
    })

    test('a correction stored by an earlier push counts (the device’s outbox may be cut between pushes)', async () => {
      const rec = await storedRecord({ date: '2026-01-20' })
      expect((await pushOk([create('correction', correction(rec, '补充表决结果'))]))[0]?.status).toBe('applied')
      const [r] = await pushOk([edit(rec.id, 1, { summary: '补充了表决结果' })])
      expect(r).toMatchObject({ status: 'applied', rev: 2 })
    })

    test('a correction after the edit in the push, of another record, withdrawn, or with a blank reason does not count', async () => {
      const rec = await storedRecord({ date: '2026-03-01' })
      const other = await storedRecord({ date: '2026-03-02' })

      // After the edit: the edit comes first and is refused; the correction is stored (and counts later).
      const late = await pushOk([edit(rec.id, 1, { summary: 'A' }), create('correction', correction(rec, '顺序错了'))])
      expectFrozen(late[0])
      expect(late[1]?.status).toBe('applied')
      expect((await pushOk([edit(other.id, 1, { summary: 'B' })]))[0]?.status).toBe('rejected') // `rec`'s correction is not `other`'s
      expect((await pushOk([edit(rec.id, 1, { summary: 'A' })]))[0]?.status).toBe('applied')

      // Withdrawn (a tombstone, as the app writes when the record could not be saved).
      const withdrawn = correction(other, '撤回的更正')
      const w1 = await pushOk([create('correction', withdrawn), { mutationId: nextId('mut'), entity: 'correction', id: withdrawn.id, baseRev: 1, deleted: true }])
      expect(w1.map((r) => r.status)).toEqual(['applied', 'applied'])
      expectFrozen((await pushOk([edit(other.id, 1, { summary: 'B' })]))[0])

      // Blank reason: whitespace passes the shape check but is no reason; an empty one is refused outright.
      const before = await tableCounts(w.storage)
      const blank = await pushOk([create('correction', correction(other, '   ')), edit(other.id, 1, { summary: 'B' })])
      expectFrozen(blank[1])
      expect((await revisions(other.id)).map((r) => r.rev)).toEqual([1])
      const after = await tableCounts(w.storage)
      expect(after.revisions).toBe((before.revisions ?? 0) + 1) // the blank correction itself, not the record
      const empty = await push(w.users.secretary.token, [create('correction', correction(other, '')), edit(other.id, 1, { summary: 'B' })])
      expect(empty.statusCode).toBe(400)
      expect(await tableCounts(w.storage)).toEqual(after)
    })

    test('deleting (or restoring) a signed quarter’s record needs a correction too', async () => {
      const rec = await storedRecord({ date: '2026-02-14' })
      const before = await tableCounts(w.storage)
      expectFrozen((await pushOk([remove(rec.id, 1)]))[0])
      expect(await tableCounts(w.storage)).toEqual(before)

      const results = await pushOk([create('correction', correction(rec, '重复录入，删除')), remove(rec.id, 1)])
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied'])
      const revs = await revisions(rec.id)
      expect(revs.map((r) => [r.rev, r.deleted])).toEqual([[1, false], [2, true]])

      expectFrozen((await pushOk([{ mutationId: nextId('mut'), entity: 'record', id: rec.id, baseRev: 2, doc: asDoc(rec) }]))[0])
    })

    test('moving a record out of the signed quarter is a correction; records of other quarters and branches are not frozen', async () => {
      expectFrozen((await pushOk([edit(q1.id, 1, { date: '2026-04-01' })]))[0])

      const q2 = await storedRecord({ date: '2026-04-01' })
      expect((await pushOk([edit(q2.id, 1, { summary: '二季度的记录照常修改' })]))[0]).toMatchObject({ status: 'applied', rev: 2 })
      const lastYear = await storedRecord({ date: '2025-03-05' })
      expect((await pushOk([edit(lastYear.id, 1, { summary: '去年一季度未签核' })]))[0]?.status).toBe('applied')

      const inA2 = sampleRecord({ id: nextId('rec'), branchId: w.branches.a2 })
      const token2 = w.users.secretary2.token
      expect((await pushOk([create('record', inA2)], token2))[0]?.status).toBe('applied')
      expect((await pushOk([edit(inA2.id, 1, { summary: '第二支部未签核' })], token2))[0]?.status).toBe('applied')
    })

    test('a record created after the sign-off is not a correction (nothing was signed); its later edits are', async () => {
      const rec = sampleRecord({ id: nextId('rec'), branchId: w.branches.a1, date: '2026-03-20' })
      expect((await pushOk([create('record', rec)]))[0]).toMatchObject({ status: 'applied', rev: 1 })
      expectFrozen((await pushOk([edit(rec.id, 1, { summary: '改' })]))[0])
    })

    test('an edit made on an older revision (merged) is refused as well; an edit changing nothing is acknowledged', async () => {
      const rec = await storedRecord({ date: '2026-03-10' })
      expect((await pushOk([create('correction', correction(rec, '地点有误')), edit(rec.id, 1, { place: '二楼会议室' })]))[1]?.status).toBe('applied')
      // Another device still on revision 1.
      expectFrozen((await pushOk([edit(rec.id, 1, { summary: '另一台设备的修改' })], w.users.recorder.token))[0])
      const same = await pushOk([edit(rec.id, 2, { place: '二楼会议室' })])
      expect(same[0]).toMatchObject({ status: 'applied', rev: 2, merged: false })
      expect((await revisions(rec.id)).map((r) => r.rev)).toEqual([1, 2])
    })

    test('a retried push returns the same answers and stores nothing new; a refused mutation may be sent again with a correction', async () => {
      const rec = await storedRecord({ date: '2026-01-05' })
      const batch = [create('correction', correction(rec, '会议时间有误')), edit(rec.id, 1, { startTime: '09:00' })]
      const first = await pushOk(batch)
      expect(first.map((r) => r.status)).toEqual(['applied', 'applied'])
      const before = await tableCounts(w.storage)
      expect(await pushOk(batch)).toEqual(first)
      expect(await tableCounts(w.storage)).toEqual(before)

      // A refusal is not remembered: the same mutation goes through once its correction is there.
      const refused = edit(rec.id, 2, { endTime: '11:00' })
      expectFrozen((await pushOk([refused]))[0])
      const retried = await pushOk([create('correction', correction(rec, '结束时间有误')), refused])
      expect(retried[1]).toMatchObject({ mutationId: refused.mutationId, status: 'applied', rev: 3 })
      expect(await pushOk([refused])).toEqual([retried[1]])
    })

    test('deleting the sign-off unfreezes the quarter', async () => {
      const so = signoff(w.branches.a1, 2026, 3)
      expect((await pushOk([create('check-signoff', so)]))[0]?.status).toBe('applied')
      const rec = await storedRecord({ date: '2026-08-08' })
      // Created after the sign-off (allowed), then frozen.
      expectFrozen((await pushOk([edit(rec.id, 1, { summary: '签核后' })]))[0])
      expect((await pushOk([{ mutationId: nextId('mut'), entity: 'check-signoff', id: so.id, baseRev: 1, deleted: true }]))[0]?.status).toBe('applied')
      expect((await pushOk([edit(rec.id, 1, { summary: '撤销签核后' })]))[0]).toMatchObject({ status: 'applied', rev: 2 })
    })

    test('only the branch’s secretary writes sign-offs', async () => {
      const before = await tableCounts(w.storage)
      for (const user of [w.users.recorder, w.users.member, w.users.reviewer, w.users.admin, w.users.secretary2]) {
        const res = await push(user.token, [create('check-signoff', signoff(w.branches.a1, 2026, 4))])
        expect(res.statusCode, `${user.role}: ${res.body}`).toBe(403)
      }
      expect(await tableCounts(w.storage)).toEqual(before)
      // A recorder may still correct (with a reason) what it recorded.
      const rec = await storedRecord({ date: '2026-02-02' })
      const results = await pushOk([create('correction', correction(rec, '记录人更正')), edit(rec.id, 1, { summary: '记录人更正' })], w.users.recorder.token)
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied'])
    })

    test.runIf(target.name === 'postgres')('two servers on one database let one correction through once', async () => {
      const lingering = { now: w.clock.now }
      const second = await buildTestApp(await target.second!(), lingering, {
        afterFeedAppend: () => new Promise((resolve) => setTimeout(resolve, 20)),
      })
      try {
        const rec = await storedRecord({ date: '2026-03-15' })
        expect((await pushOk([create('correction', correction(rec, '只有一次更正'))]))[0]?.status).toBe('applied')
        const edits = Array.from({ length: 6 }, (_, i) => edit(rec.id, 1, { summary: `第${i}台设备的修改` }))
        const results = await Promise.all(edits.map((m, i) => pushOk([m], w.users.secretary.token, i % 2 ? second : w.app)))
        const statuses = results.map((r) => r[0]?.status)
        expect(statuses.filter((s) => s === 'applied')).toHaveLength(1)
        expect(statuses.filter((s) => s === 'rejected')).toHaveLength(5)
        expect((await revisions(rec.id)).map((r) => r.rev)).toEqual([1, 2])
      } finally {
        await second.close()
      }
    })
  })
}
