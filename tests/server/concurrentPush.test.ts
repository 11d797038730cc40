// Many push requests at once, to the same and to different branches, each applied in one transaction,
// while an organization-wide reader polls the change feed: nothing acknowledged may be lost, every
// revision is stored exactly once and gap-free, and the feed never lets a reader skip a change (a
// change committed later with a lower sequence number) — on SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Change, Mutation, MutationResult, PullResponse, PushResponse } from '@/domain/protocol'
import { sampleRecord } from './helpers/sampleDocs'
import type { FastifyInstance } from 'fastify'
import { buildTestApp, makeWorld, storageTargets, type World } from './helpers/world'

type Doc = Record<string, unknown>

const PUSHES = 20
const NEW_PER_PUSH = 3
const SHARED = 2

for (const target of storageTargets()) {
  describe.skipIf(target.skipReason !== null)(`concurrent pushes on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let w: World
    /** Serves the reader: on PostgreSQL a second server with its own pool, so polls never queue behind pushes. */
    let reader: FastifyInstance

    beforeAll(async () => {
      // Each push lingers between writing its feed rows and committing, so that commit order differs
      // from sequence order whenever the storage lets two pushes append to the feed at once.
      const linger = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.random() * 8))
      w = await makeWorld(await target.create(), { afterFeedAppend: linger })
      reader = target.second ? await buildTestApp(await target.second(), w.clock) : w.app
    })
    afterAll(async () => {
      if (reader !== w?.app) await reader?.close()
      await w?.close()
      await target.destroy()
    })

    async function pull(cursor: number): Promise<PullResponse> {
      const res = await reader.inject({ method: 'GET', url: `/api/sync/pull?cursor=${cursor}&limit=25`, headers: { authorization: `Bearer ${w.users.admin.token}` } })
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as PullResponse
    }

    // A skipped change shows only when a poll falls between two commits: three rounds make that likely.
    test.each([1, 2, 3])('20 pushes at once, same and different branches: every revision once, no feed gap, strictly increasing cursors (round %i)', async (round) => {
      const P = `cp${round}-`
      const writers = [
        { token: w.users.secretary.token, branchId: w.branches.a1 },
        { token: w.users.recorder.token, branchId: w.branches.a1 },
        { token: w.users.secretary2.token, branchId: w.branches.a2 },
      ]
      // Records every push edits from revision 1: same-entity writers race on them (merges, conflicts).
      const shared = writers.flatMap((writer, wi) =>
        wi === 1 ? [] : Array.from({ length: SHARED }, (_, i) => ({ id: `${P}shared-${wi}-${i}`, branchId: writer.branchId })),
      )
      for (const s of shared) {
        const res = await w.request({
          method: 'POST', url: '/api/sync/push', token: writers.find((x) => x.branchId === s.branchId)!.token,
          payload: { deviceId: 'seed', mutations: [{ mutationId: `${P}seed-${s.id}`, entity: 'record', id: s.id, baseRev: 0, doc: sampleRecord({ id: s.id, branchId: s.branchId }) }] },
        })
        expect((res.json() as PushResponse).results[0]).toMatchObject({ status: 'applied', rev: 1 })
      }

      let cursor = (await pull(0)).cursor
      for (let page = await pull(cursor); page.changes.length; page = await pull(cursor)) cursor = page.cursor
      const polled: Change[] = []
      const cursors: number[] = [cursor]
      let writing = true
      const poller = (async () => {
        while (writing) {
          const page = await pull(cursor)
          polled.push(...page.changes)
          cursor = page.cursor
          cursors.push(cursor)
          await new Promise((resolve) => setTimeout(resolve, 1))
        }
      })()

      const sent: { mutation: Mutation; result: Promise<MutationResult | undefined> }[] = []
      const requests = Array.from({ length: PUSHES }, async (_, p) => {
        await new Promise((resolve) => setTimeout(resolve, 2 * p))
        const writer = writers[p % writers.length]!
        const mutations: Mutation[] = Array.from({ length: NEW_PER_PUSH }, (_, i) => {
          const id = `${P}new-${p}-${i}`
          return { mutationId: `${P}m-${p}-${i}`, entity: 'record', id, baseRev: 0, doc: sampleRecord({ id, branchId: writer.branchId }) as unknown as Doc }
        })
        // Every other push also edits a shared record of its branch on top of revision 1, like an offline
        // device: those pushes wait for each other on the record; the rest run side by side.
        if (p % 2 === 0) {
          const target = shared.filter((s) => s.branchId === writer.branchId)[(p / 2) % SHARED]!
          const edited = { ...sampleRecord({ id: target.id, branchId: target.branchId }), sections: { [`p${p}`]: `push ${p}` } }
          mutations.push({ mutationId: `${P}m-${p}-edit`, entity: 'record', id: target.id, baseRev: 1, doc: edited as unknown as Doc })
        }
        const response = w.request({ method: 'POST', url: '/api/sync/push', token: writer.token, payload: { deviceId: `${P}dev-${p}`, mutations } })
        for (const [i, mutation] of mutations.entries()) {
          sent.push({ mutation, result: response.then((r) => (r.json() as PushResponse).results[i]) })
        }
        const res = await response
        expect(res.statusCode, res.body).toBe(200)
      })
      await Promise.all(requests)
      writing = false
      await poller
      for (let page = await pull(cursor); ; page = await pull(cursor)) {
        polled.push(...page.changes)
        cursor = page.cursor
        cursors.push(cursor)
        if (!page.hasMore) break
      }

      // Nothing refused, and every acknowledged change is in its entity's history exactly once.
      const results = await Promise.all(sent.map((s) => s.result))
      for (const r of results) expect(r?.status, JSON.stringify(r)).toMatch(/^(applied|conflict)$/)
      const ids = [...new Set(sent.map((s) => s.mutation.id))]
      for (const id of ids) {
        const revs = await w.storage.all<{ rev: number; mutation_id: string }>('SELECT rev, mutation_id FROM revisions WHERE entity = ? AND id = ? ORDER BY rev', ['record', id])
        expect(revs.map((r) => r.rev), id).toEqual(revs.map((_, i) => i + 1))
        const mine = sent.filter((s) => s.mutation.id === id).map((s) => s.mutation.mutationId)
        expect(revs.map((r) => r.mutation_id).filter((m) => m.startsWith(`${P}m-`)).sort(), id).toEqual(mine.sort())
      }
      // No lost update on the shared records: every push's section edit is in the head.
      for (const s of shared) {
        const head = await w.storage.get<{ doc: string }>("SELECT doc FROM entities WHERE entity = 'record' AND id = ?", [s.id])
        const sections = (JSON.parse(head!.doc) as { sections: Doc }).sections
        const pushes = sent.filter((x) => x.mutation.id === s.id && x.mutation.mutationId !== `${P}seed-${s.id}`)
        expect(Object.keys(sections).sort(), s.id).toEqual(pushes.map((x) => `p${x.mutation.mutationId.split('-')[2]}`).sort())
      }

      // The reader's cursor only moved forward and each page's sequence numbers rose strictly.
      for (let i = 1; i < cursors.length; i++) expect(cursors[i]).toBeGreaterThanOrEqual(cursors[i - 1]!)
      for (let i = 1; i < polled.length; i++) expect(polled[i]!.seq).toBeGreaterThan(polled[i - 1]!.seq)
      // The reader that polled during the writes ends with every entity at its head revision: a change
      // it skipped (committed behind its cursor) would be missing or older here.
      const heads = await w.storage.all<{ id: string; rev: number }>("SELECT id, rev FROM entities WHERE entity = 'record' AND id LIKE ? ORDER BY id", [`${P}%`])
      const seen = new Map<string, number>()
      for (const c of polled) if (c.id.startsWith(P)) seen.set(c.id, c.rev)
      expect([...seen].map(([id, rev]) => ({ id, rev })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(heads)
      expect(heads).toHaveLength(PUSHES * NEW_PER_PUSH + shared.length)

      // A fresh full pull holds every entity once, at its head, in strictly increasing order.
      const full: Change[] = []
      for (let c = 0; ; ) {
        const page = await pull(c)
        full.push(...page.changes)
        c = page.cursor
        if (!page.hasMore) break
      }
      const mine = full.filter((c) => c.id.startsWith(P))
      expect(new Set(mine.map((c) => c.id)).size).toBe(mine.length)
      expect(mine.map((c) => ({ id: c.id, rev: c.rev })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(heads)
      for (let i = 1; i < full.length; i++) expect(full[i]!.seq).toBeGreaterThan(full[i - 1]!.seq)
    })
  })
}
