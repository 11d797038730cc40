// Two server instances, each with its own PostgreSQL pool, on one database (stateless servers behind
// a load balancer), taking interleaved pushes for the same records from several devices: no update
// may be lost, revisions stay gap-free, and the change feed never skips a committed change.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import pg from 'pg'
import { MIGRATIONS } from '@/server/migrations/index'
import type { FastifyInstance } from 'fastify'
import type { Mutation, MutationResult, PullResponse } from '@/domain/protocol'
import { createSession } from '@/server/auth/sessions'
import { PostgresStorage } from '@/server/storage/postgresStorage'
import { sampleRecord } from './helpers/sampleDocs'
import { buildTestApp, makeWorld, postgresTarget, START, type World } from './helpers/world'

type Doc = Record<string, unknown>

const target = postgresTarget()

describe.skipIf(target.skipReason !== null)(`two servers on one PostgreSQL${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
  let w: World
  let second: FastifyInstance
  let token: string
  // Each push lingers a little between writing its feed row and committing, so that without the feed
  // lock a later sequence number could become visible before an earlier one.
  const linger = async (): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.random() * 8))

  beforeAll(async () => {
    w = await makeWorld(await target.create(), { afterFeedAppend: linger })
    second = await buildTestApp(await target.second!(), w.clock, { afterFeedAppend: linger })
    token = (await createSession(w.storage, w.users.recorder.id, START)).token
  })
  afterAll(async () => {
    await second?.close()
    await w?.close()
    await target.destroy()
  })

  test('migrations started by three processes at once apply once', async () => {
    const adminUrl = inject('pgUrl')!
    const name = `race_${Date.now().toString(36)}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    const url = adminUrl.replace(/\/postgres$/, `/${name}`)
    const racers = [new PostgresStorage(url), new PostgresStorage(url), new PostgresStorage(url)]
    try {
      await Promise.all(racers.map((r) => r.migrate()))
      const rows = await racers[0]!.all<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id')
      expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id))
      expect(await racers[1]!.get('SELECT COUNT(*) AS n FROM entities')).toEqual({ n: 0 })
    } finally {
      for (const r of racers) await r.close()
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`)
      await admin.end()
    }
  })

  test('interleaved pushes from six devices through two servers lose no update', async () => {
    const RECORDS = 3
    const DEVICES = 6
    const EDITS = 8
    const servers = [w.app, second]
    const ids = Array.from({ length: RECORDS }, (_, i) => `shared-${i}`)
    for (const id of ids) {
      const res = await w.request({
        method: 'POST', url: '/api/sync/push', token,
        payload: { deviceId: 'creator', mutations: [{ mutationId: `create-${id}`, entity: 'record', id, baseRev: 0, doc: sampleRecord({ id, branchId: w.branches.a1 }) }] },
      })
      expect(res.json().results[0].status).toBe('applied')
    }

    const acknowledged: { mutationId: string; id: string; sectionKey: string; value: string; status: MutationResult['status'] }[] = []
    const summaryWrites: { mutationId: string; id: string; value: string }[] = []

    async function device(d: number): Promise<void> {
      // Each device knows each record at some revision and edits on top of it, like an offline phone.
      const known = new Map<string, { rev: number; doc: Doc }>()
      for (const id of ids) known.set(id, { rev: 1, doc: sampleRecord({ id, branchId: w.branches.a1 }) as unknown as Doc })
      for (let e = 0; e < EDITS; e++) {
        const id = ids[(d + e) % RECORDS]!
        const mine = known.get(id)!
        const sectionKey = `d${d}e${e}`
        const value = `device ${d} edit ${e}`
        const sections = { ...(mine.doc.sections as Doc), [sectionKey]: value }
        // Every third edit also writes the shared summary: same-field clashes between devices.
        const clash = e % 3 === 0
        const doc = { ...mine.doc, sections, ...(clash ? { summary: value } : {}) }
        const m: Mutation = { mutationId: `dev${d}-${e}`, entity: 'record', id, baseRev: mine.rev, doc }
        const app = servers[(d + e) % 2]!
        // Half of the pushes are sent twice at once, as a retry racing the original would.
        const sends = e % 2 === 0 ? 2 : 1
        const responses = await Promise.all(
          Array.from({ length: sends }, () =>
            app.inject({ method: 'POST', url: '/api/sync/push', headers: { authorization: `Bearer ${token}` }, payload: { deviceId: `dev${d}`, mutations: [m] } }),
          ),
        )
        const results = responses.map((r) => {
          expect(r.statusCode, r.body).toBe(200)
          return (r.json() as { results: MutationResult[] }).results[0]!
        })
        // A duplicate delivery gets the very same answer.
        for (const r of results) expect(r).toEqual(results[0])
        const r = results[0]!
        expect(r.status, JSON.stringify(r)).not.toBe('rejected')
        if (r.status === 'rejected') continue
        acknowledged.push({ mutationId: m.mutationId, id, sectionKey, value, status: r.status })
        if (clash) summaryWrites.push({ mutationId: m.mutationId, id, value })
        const head = r.status === 'conflict' || r.merged ? (r.doc as Doc) : doc
        known.set(id, { rev: r.rev, doc: head })
      }
    }
    await Promise.all(Array.from({ length: DEVICES }, (_, d) => device(d)))
    expect(acknowledged).toHaveLength(DEVICES * EDITS)

    for (const id of ids) {
      const revs = await w.storage.all<{ rev: number; mutation_id: string | null; doc: string; incoming: string | null }>(
        'SELECT rev, mutation_id, doc, incoming FROM revisions WHERE entity = ? AND id = ? ORDER BY rev', ['record', id],
      )
      // Gap-free, and every acknowledged change is in the history exactly once.
      expect(revs.map((r) => r.rev)).toEqual(revs.map((_, i) => i + 1))
      const mine = acknowledged.filter((a) => a.id === id)
      const inHistory = revs.map((r) => r.mutation_id).filter((x): x is string => x !== null && x.startsWith('dev'))
      expect([...inHistory].sort()).toEqual(mine.map((a) => a.mutationId).sort())

      // No lost update: the head holds every device's section edit.
      const head = await w.storage.get<{ doc: string; conflict: string | null }>("SELECT doc, conflict FROM entities WHERE entity = 'record' AND id = ?", [id])
      const sections = (JSON.parse(head!.doc) as { sections: Doc }).sections
      for (const a of mine) expect(sections[a.sectionKey], `${id} ${a.sectionKey}`).toBe(a.value)

      // Every summary written is either a head value or kept in a clashing revision.
      const kept = new Set<string>()
      for (const r of revs) {
        kept.add((JSON.parse(r.doc) as { summary?: string }).summary ?? '')
        if (r.incoming) kept.add((JSON.parse(r.incoming) as { summary?: string }).summary ?? '')
      }
      for (const s of summaryWrites.filter((x) => x.id === id)) expect(kept.has(s.value), s.value).toBe(true)
    }
    expect(acknowledged.some((a) => a.status === 'conflict')).toBe(true)

    // Both servers' feeds agree and hold each record once at its head revision.
    const pulls = await Promise.all(
      servers.map(async (app) => (await app.inject({ method: 'GET', url: '/api/sync/pull?limit=1000', headers: { authorization: `Bearer ${token}` } })).json() as PullResponse),
    )
    expect(pulls[0]).toEqual(pulls[1])
    const heads = await w.storage.all<{ id: string; rev: number }>("SELECT id, rev FROM entities WHERE entity = 'record' AND id LIKE 'shared-%' ORDER BY id")
    expect(pulls[0]!.changes.filter((c) => c.id.startsWith('shared-')).map((c) => ({ id: c.id, rev: c.rev })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(heads)
  })

  test('a reader polling during concurrent writes never skips a change', async () => {
    let cursor = (await w.request({ method: 'GET', url: '/api/sync/pull?limit=1000', token })).json().cursor as number
    const seen = new Map<string, number>()
    let writing = true
    const writes = (async () => {
      // Pushes start 2 ms apart and linger up to 8 ms before commit: commit order differs from
      // sequence order all the time, which is exactly what the feed lock must hide from readers.
      const pending: Promise<unknown>[] = []
      for (let i = 0; i < 40; i++) {
        const id = `poll-${i}`
        pending.push(
          servers()[i % 2]!.inject({
            method: 'POST', url: '/api/sync/push', headers: { authorization: `Bearer ${token}` },
            payload: { deviceId: 'poller', mutations: [{ mutationId: `poll-m-${i}`, entity: 'record', id, baseRev: 0, doc: sampleRecord({ id, branchId: w.branches.a1 }) }] },
          }),
        )
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
      await Promise.all(pending)
      writing = false
    })()
    function servers(): FastifyInstance[] {
      return [w.app, second]
    }
    while (writing) {
      const page = (await second.inject({ method: 'GET', url: `/api/sync/pull?cursor=${cursor}&limit=50`, headers: { authorization: `Bearer ${token}` } })).json() as PullResponse
      for (const c of page.changes) seen.set(c.id, c.rev)
      cursor = page.cursor
    }
    await writes
    for (;;) {
      const page = (await w.app.inject({ method: 'GET', url: `/api/sync/pull?cursor=${cursor}&limit=50`, headers: { authorization: `Bearer ${token}` } })).json() as PullResponse
      for (const c of page.changes) seen.set(c.id, c.rev)
      cursor = page.cursor
      if (!page.hasMore) break
    }
    for (let i = 0; i < 40; i++) expect(seen.has(`poll-${i}`), `poll-${i}`).toBe(true)
  })
})
