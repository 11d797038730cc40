// The upper level's review marks and comments through the real sync routes: a reviewer writes them in
// every branch of its organization (never in another organization's), and they reach the branch on its
// next pull; a reviewer still may not write a branch's records, and a branch's own people may not write
// review marks. Sign-offs and corrections stay with the branch's secretary and recorder.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Mutation, MutationResult, PullResponse, PushResponse } from '@/domain/protocol'
import type { ReviewMarkDoc, SignoffDoc } from '@/domain/check/checkEntities'
import { sampleRecord } from './helpers/sampleDocs'
import { makeWorld, storageTargets, tableCounts, type World } from './helpers/world'

type Doc = Record<string, unknown>

for (const target of storageTargets()) {
  describe.skipIf(target.skipReason !== null)(`review entities on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
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

    const push = (token: string, mutations: Mutation[]) =>
      w.request({ method: 'POST', url: '/api/sync/push', token, payload: { deviceId: 'device-r', mutations } })
    const create = (entity: Mutation['entity'], doc: { id: string } & Doc): Mutation => ({ mutationId: nextId('mut'), entity, id: doc.id, baseRev: 0, doc })

    async function pushOk(token: string, mutations: Mutation[]): Promise<MutationResult[]> {
      const res = await push(token, mutations)
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as PushResponse).results
    }
    async function pullAll(token: string): Promise<PullResponse['changes']> {
      const out: PullResponse['changes'] = []
      let cursor = 0
      for (;;) {
        const res = await w.request({ method: 'GET', url: `/api/sync/pull?cursor=${cursor}&limit=100`, token })
        expect(res.statusCode, res.body).toBe(200)
        const page = res.json() as PullResponse
        out.push(...page.changes)
        cursor = page.cursor
        if (!page.hasMore) return out
      }
    }
    function mark(branchId: string, over: Partial<ReviewMarkDoc> = {}): ReviewMarkDoc {
      return { id: nextId('rm'), branchId, recordId: 'rec-x', state: 'problem', comment: '缺席人员未写明原因，请补充', by: '上级审阅人', at: '2026-07-05T03:00:00.000Z', ...over }
    }

    test('a reviewer marks records in every branch of its organization, and each branch pulls its own marks', async () => {
      const rec = sampleRecord({ id: nextId('rec'), branchId: w.branches.a1 })
      await pushOk(w.users.secretary.token, [create('record', rec as unknown as { id: string } & Doc)])

      const inA1 = mark(w.branches.a1, { recordId: rec.id })
      const inA2 = mark(w.branches.a2, { state: 'passed', comment: '' })
      const comment = { id: nextId('rc'), branchId: w.branches.a2, year: 2026, quarter: 2, text: '本季度记录规范。', by: '上级审阅人', at: '2026-07-05T03:00:00.000Z' }
      const results = await pushOk(w.users.reviewer.token, [create('review-mark', { ...inA1 }), create('review-mark', { ...inA2 }), create('review-comment', comment)])
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied'])

      const a1 = await pullAll(w.users.secretary.token)
      expect(a1.find((c) => c.entity === 'review-mark' && c.id === inA1.id)?.doc).toEqual(inA1)
      // A branch sees only its own marks.
      expect(a1.some((c) => c.id === inA2.id || c.id === comment.id)).toBe(false)
      const a2 = await pullAll(w.users.secretary2.token)
      expect(a2.find((c) => c.id === inA2.id)?.doc).toEqual(inA2)
      expect(a2.find((c) => c.entity === 'review-comment')?.doc).toEqual(comment)
    })

    test('the reviewer changes its own mark later (same entity, next revision)', async () => {
      const m = mark(w.branches.a2)
      const [first] = await pushOk(w.users.reviewer.token, [create('review-mark', { ...m })])
      expect(first).toMatchObject({ status: 'applied', rev: 1 })
      const [second] = await pushOk(w.users.reviewer.token, [{ mutationId: nextId('mut'), entity: 'review-mark', id: m.id, baseRev: 1, changedFields: { state: 'passed', comment: '已补充' } }])
      expect(second).toMatchObject({ status: 'applied', rev: 2 })
    })

    test("a reviewer may not mark another organization's branch, nor write a branch's records or sign-offs", async () => {
      const before = await tableCounts(w.storage)
      expect((await push(w.users.reviewer.token, [create('review-mark', { ...mark(w.branches.b1) })])).statusCode).toBe(403)
      const rec = sampleRecord({ id: nextId('rec'), branchId: w.branches.a1 })
      expect((await push(w.users.reviewer.token, [create('record', rec as unknown as { id: string } & Doc)])).statusCode).toBe(403)
      const signoff: SignoffDoc = { id: nextId('so'), branchId: w.branches.a1, year: 2026, quarter: 2, signedBy: '上级审阅人', signedAt: '2026-07-02T02:00:00.000Z', comment: '' }
      expect((await push(w.users.reviewer.token, [create('check-signoff', { ...signoff })])).statusCode).toBe(403)
      expect(await tableCounts(w.storage)).toEqual(before)
    })

    test('a secretary, a recorder and an admin may not write review marks, even in their own branch', async () => {
      const before = await tableCounts(w.storage)
      for (const user of [w.users.secretary, w.users.recorder, w.users.member, w.users.admin]) {
        const res = await push(user.token, [create('review-mark', { ...mark(w.branches.a1) })])
        expect(res.statusCode, `${user.role}: ${res.body}`).toBe(403)
      }
      expect(await tableCounts(w.storage)).toEqual(before)
    })

    test('a secretary signs its own quarter but not another branch’s; a member signs nothing', async () => {
      const signoff = (branchId: string): SignoffDoc => ({ id: nextId('so'), branchId, year: 2026, quarter: 2, signedBy: '周建华', signedAt: '2026-07-02T02:00:00.000Z', comment: '记录齐全' })
      const [ok] = await pushOk(w.users.secretary.token, [create('check-signoff', { ...signoff(w.branches.a1) })])
      expect(ok).toMatchObject({ status: 'applied' })
      expect((await push(w.users.secretary.token, [create('check-signoff', { ...signoff(w.branches.a2) })])).statusCode).toBe(403)
      expect((await push(w.users.member.token, [create('check-signoff', { ...signoff(w.branches.a1) })])).statusCode).toBe(403)
    })

    test('a review mark the validator refuses is refused as a whole request', async () => {
      const res = await push(w.users.reviewer.token, [create('review-mark', { ...mark(w.branches.a1), state: 'score-90' })])
      expect(res.statusCode).toBe(400)
      expect(res.body).toContain('state: must be one of pending, problem, passed')
    })
  })
}
