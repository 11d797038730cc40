// A server under test with a small organization around it: two organizations, branches, one account
// per role, a controllable clock, and a request helper over Fastify's inject (no sockets).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import pg from 'pg'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp, type AppOptions } from '@/server/app'
import type { Role } from '@/domain/protocol'
import { createBranch, createOrganization, createUser } from '@/server/auth/users'
import { createSession } from '@/server/auth/sessions'
import { PostgresStorage } from '@/server/storage/postgresStorage'
import { SqliteStorage } from '@/server/storage/sqliteStorage'
import type { Storage } from '@/server/storage/storage'

/** Cheap scrypt for tests: the real cost is exercised by the password unit test. */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 }

export interface StorageTarget {
  name: 'sqlite' | 'postgres'
  skipReason: string | null
  /** A fresh, migrated, empty storage (a new SQLite file or a new PostgreSQL database). */
  create(): Promise<Storage>
  /** Another connection pool to the same database as the last `create()` (two server processes). */
  second?(): Promise<Storage>
  destroy(): Promise<void>
}

export function sqliteTarget(): StorageTarget {
  let dir: string | null = null
  const opened: Storage[] = []
  return {
    name: 'sqlite',
    skipReason: null,
    async create() {
      dir = mkdtempSync(join(tmpdir(), 'br-sqlite-'))
      const s = new SqliteStorage(join(dir, 'test.sqlite'))
      await s.migrate()
      opened.push(s)
      return s
    },
    async destroy() {
      for (const s of opened.splice(0)) await s.close()
      if (dir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

export function postgresTarget(): StorageTarget {
  const adminUrl = inject('pgUrl')
  let dbName: string | null = null
  const opened: Storage[] = []
  const urlFor = (db: string): string => adminUrl!.replace(/\/postgres$/, `/${db}`)
  return {
    name: 'postgres',
    skipReason: adminUrl ? null : (inject('pgSkipReason') ?? 'PostgreSQL unavailable'),
    async create() {
      dbName = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
      const admin = new pg.Client({ connectionString: adminUrl! })
      await admin.connect()
      await admin.query(`CREATE DATABASE ${dbName}`)
      await admin.end()
      const s = new PostgresStorage(urlFor(dbName))
      await s.migrate()
      opened.push(s)
      return s
    },
    async second() {
      const s = new PostgresStorage(urlFor(dbName!))
      await s.migrate()
      opened.push(s)
      return s
    },
    async destroy() {
      for (const s of opened.splice(0)) await s.close()
      if (dbName) {
        const admin = new pg.Client({ connectionString: adminUrl! })
        await admin.connect()
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
        await admin.end()
      }
    },
  }
}

export const storageTargets = (): StorageTarget[] => [sqliteTarget(), postgresTarget()]

export type UserKey = 'admin' | 'reviewer' | 'secretary' | 'recorder' | 'member' | 'secretary2' | 'adminB' | 'secretaryB'

export interface TestUser {
  id: string
  username: string
  password: string
  role: Role
  branchId: string | null
  token: string
}

export interface World {
  app: FastifyInstance
  storage: Storage
  clock: { now: number }
  orgId: string
  orgB: string
  /** a1: the own branch of the branch users; a2: another branch of the same organization; b1: another organization's. */
  branches: { a1: string; a2: string; b1: string }
  users: Record<UserKey, TestUser>
  request(opts: InjectOptions & { token?: string | null }): Promise<LightMyRequestResponse>
  close(): Promise<void>
}

export const START = Date.parse('2026-03-01T08:00:00.000Z')

export async function buildTestApp(storage: Storage, clock: { now: number }, extra: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ storage, logger: false, staticDir: null, now: () => clock.now, scrypt: TEST_SCRYPT, ...extra })
  await app.ready()
  return app
}

export async function makeWorld(storage: Storage, extra: Partial<AppOptions> = {}): Promise<World> {
  const clock = { now: START }
  const app = await buildTestApp(storage, clock, extra)
  const now = clock.now
  const orgId = await createOrganization(storage, '测试单位', now)
  const orgB = await createOrganization(storage, '另一单位', now)
  const a1 = (await createBranch(storage, orgId, '第一党支部', 'setup', now)).id
  const a2 = (await createBranch(storage, orgId, '第二党支部', 'setup', now)).id
  const b1 = (await createBranch(storage, orgB, '外单位支部', 'setup', now)).id

  const specs: Record<UserKey, { role: Role; branchId: string | null; org: string }> = {
    admin: { role: 'admin', branchId: null, org: orgId },
    reviewer: { role: 'reviewer', branchId: null, org: orgId },
    secretary: { role: 'secretary', branchId: a1, org: orgId },
    recorder: { role: 'recorder', branchId: a1, org: orgId },
    member: { role: 'member', branchId: a1, org: orgId },
    secretary2: { role: 'secretary', branchId: a2, org: orgId },
    adminB: { role: 'admin', branchId: null, org: orgB },
    secretaryB: { role: 'secretary', branchId: b1, org: orgB },
  }
  const users = {} as Record<UserKey, TestUser>
  for (const [key, spec] of Object.entries(specs) as [UserKey, (typeof specs)[UserKey]][]) {
    const password = `pw-${key}-secret`
    const u = await createUser(storage, { orgId: spec.org, username: key.toLowerCase(), displayName: key, role: spec.role, branchId: spec.branchId, password }, now, TEST_SCRYPT)
    const { token } = await createSession(storage, u.id, now)
    users[key] = { id: u.id, username: u.username, password, role: spec.role, branchId: spec.branchId, token }
  }

  return {
    app,
    storage,
    clock,
    orgId,
    orgB,
    branches: { a1, a2, b1 },
    users,
    request: ({ token, ...opts }) =>
      app.inject({ ...opts, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(opts.headers ?? {}) } }),
    close: () => app.close(),
  }
}

/** Row counts of every table that must not change when input is rejected. */
export async function tableCounts(storage: Storage): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of ['entities', 'revisions', 'mutations', 'feed', 'attachments', 'attachment_branches']) {
    const row = await storage.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${t}`)
    out[t] = Number(row?.n ?? 0)
  }
  return out
}
