// Entity ids are made on the devices, so two organizations may use the same one. Each organization's
// entity of an id is its own (stored by organization, id): another organization's use of an id is
// answered exactly as an id never used, and the upgrade (migration 004) keeps every stored row.
// Usernames stay server-wide (sign-in names no organization), and a taken one is answered the same
// whoever holds it. SQLite and PostgreSQL.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import type { Mutation, PullResponse, RevisionEntry } from '@/domain/protocol'
import { MIGRATIONS } from '@/server/migrations/index'
import { PostgresStorage } from '@/server/storage/postgresStorage'
import { SqliteStorage } from '@/server/storage/sqliteStorage'
import type { Storage } from '@/server/storage/storage'
import { sampleBranch, sampleRecord } from './helpers/sampleDocs'
import { makeWorld, storageTargets, tableCounts, type World } from './helpers/world'

type Doc = Mutation['doc']

for (const target of storageTargets()) {
  describe.skipIf(target.skipReason !== null)(`entity ids and usernames across organizations on ${target.name}`, () => {
    let w: World
    beforeAll(async () => {
      w = await makeWorld(await target.create())
    })
    afterAll(async () => {
      await w?.close()
      await target.destroy()
    })

    const push = (token: string, mutations: Mutation[]) => w.request({ method: 'POST', url: '/api/sync/push', token, payload: { deviceId: 'dev-o', mutations } })
    const recordIn = (branchId: string, id: string, title: string, mutationId: string, baseRev = 0): Mutation => ({
      mutationId, entity: 'record', id, baseRev, doc: sampleRecord({ id, branchId, title }) as unknown as Doc,
    })
    async function pullAll(token: string): Promise<PullResponse['changes']> {
      const res = await w.request({ method: 'GET', url: '/api/sync/pull?cursor=0&limit=1000', token })
      expect(res.statusCode).toBe(200)
      return (res.json() as PullResponse).changes
    }
    const history = (token: string, id: string) => w.request({ method: 'GET', url: `/api/entities/record/${id}/revisions`, token })
    /** An answer with the entity id written as `<id>`: the same answer for two ids compares equal. */
    const shape = (res: { statusCode: number; body: string }, ...ids: string[]) => ({
      status: res.statusCode,
      body: ids.reduce((text, id) => text.split(id).join('<id>'), res.body),
    })

    test('an id another organization uses is stored as this organization\'s own, as a new id would be', async () => {
      const id = `rec-shared-${target.name}`
      const fresh = `rec-fresh-${target.name}`
      const ours = await push(w.users.secretary.token, [recordIn(w.branches.a1, id, '本单位的会议', 'o-a-1')])
      expect(ours.json()).toEqual({ results: [{ mutationId: 'o-a-1', status: 'applied', rev: 1, merged: false }] })

      // Organization B, same id: applied at revision 1 exactly like an id nobody used.
      const theirs = await push(w.users.secretaryB.token, [recordIn(w.branches.b1, id, '外单位的会议', 'o-b-1')])
      const brandNew = await push(w.users.secretaryB.token, [recordIn(w.branches.b1, fresh, '外单位的会议', 'o-b-2')])
      expect(theirs.statusCode).toBe(200)
      expect(theirs.json()).toEqual({ results: [{ mutationId: 'o-b-1', status: 'applied', rev: 1, merged: false }] })
      expect(shape(theirs, 'o-b-1')).toEqual(shape(brandNew, 'o-b-2'))

      // B edits its own; A's record of that id is untouched, and neither sees the other's.
      const edit = await push(w.users.secretaryB.token, [recordIn(w.branches.b1, id, '外单位的会议（改）', 'o-b-3', 1)])
      expect(edit.json()).toEqual({ results: [{ mutationId: 'o-b-3', status: 'applied', rev: 2, merged: false }] })
      const titleIn = (changes: PullResponse['changes']) => changes.filter((c) => c.id === id).map((c) => [c.branchId, c.rev, (c.doc as { title: string }).title])
      expect(titleIn(await pullAll(w.users.secretary.token))).toEqual([[w.branches.a1, 1, '本单位的会议']])
      expect(titleIn(await pullAll(w.users.adminB.token))).toEqual([[w.branches.b1, 2, '外单位的会议（改）']])
      const revs = async (token: string) => ((await history(token, id)).json() as { revisions: RevisionEntry[] }).revisions.map((r) => [r.rev, (r.doc as { title: string }).title])
      expect(await revs(w.users.reviewer.token)).toEqual([[1, '本单位的会议']])
      expect(await revs(w.users.secretaryB.token)).toEqual([[1, '外单位的会议'], [2, '外单位的会议（改）']])

      // A edits on top of its own revision 1 (B's revision 2 is not its head): a plain apply, no merge.
      const oursAgain = await push(w.users.secretary.token, [recordIn(w.branches.a1, id, '本单位的会议（改）', 'o-a-2', 1)])
      expect(oursAgain.json()).toEqual({ results: [{ mutationId: 'o-a-2', status: 'applied', rev: 2, merged: false }] })
      const heads = await w.storage.all<{ org_id: string; rev: number }>('SELECT org_id, rev FROM entities WHERE entity = ? AND id = ? ORDER BY rev', ['record', id])
      expect(heads.map((h) => [h.org_id, h.rev]).sort()).toEqual([[w.orgB, 2], [w.orgId, 2]].sort())
    })

    test('updates, deletes and history of an id only another organization has answer as for an unused id', async () => {
      const id = `rec-only-a-${target.name}`
      const unused = `rec-unused-${target.name}`
      expect((await push(w.users.secretary.token, [recordIn(w.branches.a1, id, '只有本单位有', 'u-a-1')])).statusCode).toBe(200)
      const before = await tableCounts(w.storage)

      const update = (rid: string, mid: string) => push(w.users.secretaryB.token, [recordIn(w.branches.b1, rid, '猜一猜', mid, 1)])
      expect(shape(await update(id, 'u-b-1'), 'u-b-1')).toEqual(shape(await update(unused, 'u-b-2'), 'u-b-2'))
      expect((await update(id, 'u-b-3')).json()).toEqual({
        results: [{ mutationId: 'u-b-3', status: 'rejected', reason: 'base-rev-ahead', message: '服务器上只有第 0 版 / The server has revision 0 only' }],
      })
      const remove = (rid: string, mid: string) => push(w.users.secretaryB.token, [{ mutationId: mid, entity: 'record', id: rid, baseRev: 1, deleted: true }])
      expect(shape(await remove(id, 'u-b-4'), 'u-b-4')).toEqual(shape(await remove(unused, 'u-b-5'), 'u-b-5'))

      const seen = await history(w.users.adminB.token, id)
      expect(seen.statusCode).toBe(404)
      expect(shape(seen, id)).toEqual(shape(await history(w.users.adminB.token, unused), unused))

      // Refused: nothing stored at all, and A's record is as it was.
      expect(await tableCounts(w.storage)).toEqual(before)
      const head = await w.storage.get<{ rev: number; org_id: string }>('SELECT rev, org_id FROM entities WHERE entity = ? AND id = ?', ['record', id])
      expect(head).toEqual({ rev: 1, org_id: w.orgId })
    })

    test('a branch entity of another organization is refused exactly as an unknown branch id', async () => {
      const claim = (branchId: string, mid: string) =>
        push(w.users.adminB.token, [{ mutationId: mid, entity: 'branch', id: branchId, baseRev: 0, doc: sampleBranch({ id: branchId, name: '冒名' }) as unknown as Doc }])
      const foreign = await claim(w.branches.a1, 'br-1')
      expect(foreign.statusCode).toBe(403)
      expect(shape(foreign, w.branches.a1)).toEqual(shape(await claim('branch-nobody-has', 'br-2'), 'branch-nobody-has'))
    })

    test('a username taken in another organization is answered as one taken in the own, and nothing is stored', async () => {
      const make = (token: string, username: string) =>
        w.request({
          method: 'POST', url: '/api/admin/users', token,
          payload: { username, displayName: '新同志', role: 'member', branchId: token === w.users.admin.token ? w.branches.a1 : w.branches.b1, password: 'blue-river-17' },
        })
      const before = await w.storage.get<{ n: number }>('SELECT COUNT(*) AS n FROM users')
      const foreign = await make(w.users.adminB.token, 'secretary') // organization A's
      const own = await make(w.users.adminB.token, 'secretaryb')
      const ownInA = await make(w.users.admin.token, 'Secretary')
      for (const res of [foreign, own, ownInA]) {
        expect(res.statusCode).toBe(409)
        expect(res.json()).toEqual({
          error: 'username-unavailable',
          message: '这个用户名不能使用，请换一个（例如加上单位简称）/ This username cannot be used; choose another (e.g. add your organization\'s short name)',
        })
      }
      expect(await w.storage.get<{ n: number }>('SELECT COUNT(*) AS n FROM users')).toEqual(before)
    })
  })
}

// ---- the upgrade from schema 3: every row keeps its data and gets its branch's organization

interface LegacyDb {
  /** Runs the DDL of migrations 1–3 and records them as applied. */
  exec(sql: string): Promise<void>
  open(): Promise<Storage>
  destroy(): Promise<void>
}

function legacySqlite(): LegacyDb {
  const dir = mkdtempSync(join(tmpdir(), 'br-legacy-'))
  const file = join(dir, 'legacy.sqlite')
  const raw = new Database(file)
  raw.pragma('foreign_keys = ON')
  let storage: Storage | null = null
  return {
    exec: async (sql) => void raw.exec(sql),
    open: async () => {
      raw.close()
      storage = new SqliteStorage(file)
      return storage
    },
    destroy: async () => {
      if (raw.open) raw.close()
      await storage?.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function legacyPostgres(adminUrl: string): LegacyDb {
  const name = `legacy_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const url = adminUrl.replace(/\/postgres$/, `/${name}`)
  let client: pg.Client | null = null
  let storage: Storage | null = null
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl })
    await c.connect()
    await c.query(sql)
    await c.end()
  }
  return {
    exec: async (sql) => {
      if (!client) {
        await admin(`CREATE DATABASE ${name}`)
        client = new pg.Client({ connectionString: url })
        await client.connect()
      }
      await client.query(sql)
    },
    open: async () => {
      await client?.end()
      storage = new PostgresStorage(url)
      return storage
    },
    destroy: async () => {
      await storage?.close()
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}

const pgUrl = inject('pgUrl')
const legacyTargets = [
  { name: 'sqlite' as const, skip: false, make: () => legacySqlite() },
  { name: 'postgres' as const, skip: !pgUrl, make: () => legacyPostgres(pgUrl as string) },
]

for (const lt of legacyTargets) {
  test.skipIf(lt.skip)(`the upgrade to per-organization entity keys keeps every row (${lt.name})`, async () => {
    const db = lt.make()
    try {
      await db.exec(`CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`)
      for (const m of MIGRATIONS.filter((x) => x.id <= 3)) {
        await db.exec(lt.name === 'sqlite' ? m.sqlite : m.postgres)
        await db.exec(`INSERT INTO schema_migrations (id, name, applied_at) VALUES (${m.id}, '${m.name}', 1)`)
      }
      await db.exec(`
        INSERT INTO organizations (id, name, created_at) VALUES ('org-a', 'A', 1), ('org-b', 'B', 1);
        INSERT INTO branches (id, org_id, name, created_at) VALUES ('br-a', 'org-a', 'A1', 1), ('br-b', 'org-b', 'B1', 1);
        INSERT INTO entities (entity, id, branch_id, rev, doc, deleted, conflict, updated_at) VALUES
          ('record', 'r-1', 'br-a', 2, '{"t":"a2"}', 0, NULL, 5), ('record', 'r-2', 'br-b', 1, NULL, 1, '{"c":1}', 6);
        INSERT INTO revisions (entity, id, rev, doc, deleted, mutation_id, device_id, user_id, at, incoming, conflicts) VALUES
          ('record', 'r-1', 1, '{"t":"a1"}', 0, 'm1', 'd1', 'u1', 3, NULL, NULL),
          ('record', 'r-1', 2, '{"t":"a2"}', 0, 'm2', 'd1', 'u1', 5, '{"t":"x"}', '[]'),
          ('record', 'r-2', 1, NULL, 1, 'm3', 'd2', 'u2', 6, NULL, NULL);
        INSERT INTO feed (entity, id, rev, branch_id) VALUES ('record', 'r-1', 2, 'br-a'), ('record', 'r-2', 1, 'br-b');
      `)
      const storage = await db.open()
      await storage.migrate()

      expect(await storage.all('SELECT org_id, entity, id, branch_id, rev, doc, deleted, conflict, updated_at FROM entities ORDER BY id')).toEqual([
        { org_id: 'org-a', entity: 'record', id: 'r-1', branch_id: 'br-a', rev: 2, doc: '{"t":"a2"}', deleted: 0, conflict: null, updated_at: 5 },
        { org_id: 'org-b', entity: 'record', id: 'r-2', branch_id: 'br-b', rev: 1, doc: null, deleted: 1, conflict: '{"c":1}', updated_at: 6 },
      ])
      expect(await storage.all('SELECT org_id, id, rev, doc, mutation_id, incoming, conflicts FROM revisions ORDER BY id, rev')).toEqual([
        { org_id: 'org-a', id: 'r-1', rev: 1, doc: '{"t":"a1"}', mutation_id: 'm1', incoming: null, conflicts: null },
        { org_id: 'org-a', id: 'r-1', rev: 2, doc: '{"t":"a2"}', mutation_id: 'm2', incoming: '{"t":"x"}', conflicts: '[]' },
        { org_id: 'org-b', id: 'r-2', rev: 1, doc: null, mutation_id: 'm3', incoming: null, conflicts: null },
      ])
      expect(await storage.all('SELECT org_id, id, rev, branch_id FROM feed ORDER BY seq')).toEqual([
        { org_id: 'org-a', id: 'r-1', rev: 2, branch_id: 'br-a' },
        { org_id: 'org-b', id: 'r-2', rev: 1, branch_id: 'br-b' },
      ])
      // The same id in the other organization is now a row of its own; revisions stay append-only.
      await storage.run("INSERT INTO entities (org_id, entity, id, branch_id, rev, doc, deleted, conflict, updated_at) VALUES ('org-b', 'record', 'r-1', 'br-b', 1, NULL, 0, NULL, 7)")
      await storage.run("INSERT INTO revisions (org_id, entity, id, rev, doc, deleted, at) VALUES ('org-b', 'record', 'r-1', 1, NULL, 0, 7)")
      await expect(storage.run("INSERT INTO entities (org_id, entity, id, branch_id, rev, deleted, updated_at) VALUES ('org-a', 'record', 'r-1', 'br-a', 1, 0, 7)")).rejects.toThrow()
      await expect(storage.run("UPDATE revisions SET doc = NULL WHERE id = 'r-1'")).rejects.toThrow(/append-only/)
      await expect(storage.run("DELETE FROM revisions WHERE id = 'r-2'")).rejects.toThrow(/append-only/)
    } finally {
      await db.destroy()
    }
  })
}
