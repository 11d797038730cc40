// Devices and a real sync server in one process: the server app (`buildApp`) on a temporary SQLite
// file, reached through Fastify's `inject` wrapped as `fetch` (no sockets), with faults that lose a
// request before or after the server handled it, or deliver the answer twice. Each device has its own
// fake-indexeddb factory (its own "browser"), its own local store, and the real sync engine.
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '@/server/app'
import { createBranch, createOrganization, createUser } from '@/server/auth/users'
import { SqliteStorage } from '@/server/storage/sqliteStorage'
import type { Role } from '@/domain/protocol'
import { RECORD_SCHEMA_VERSION, type BranchRecord } from '@/domain/types'
import type { LocalStore } from '@/local/contract'
import { openLocalStore } from '@/local/localStore'
import { openSyncLocal, type SyncLocal } from '@/local/syncApply'
import { createHttpTransport, type HttpTransport } from '@/sync/httpTransport'
import { createSessionStore, type SessionStore } from '@/sync/session'
import { createSyncEngine, type SyncEngine } from '@/sync/syncEngine'

export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 }
export const PASSWORD = 'correct-horse-battery'

export interface TestServer {
  readonly app: FastifyInstance
  readonly storage: SqliteStorage
  branchId: string
  otherBranchId: string
  users: Record<'secretary' | 'recorder' | 'member' | 'reviewer' | 'secretary2', string>
  clock: { now: number }
  /** Rebuilds the app on the same SQLite file (a server restart); nothing acknowledged may be lost. */
  restart(): Promise<void>
  close(): Promise<void>
  /** How many requests reached the app, per `METHOD path`. */
  hits: Map<string, number>
}

export async function startServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'br-sync-test-'))
  const file = join(dir, 'server.sqlite')
  const clock = { now: Date.parse('2026-03-01T08:00:00.000Z') }
  let storage = new SqliteStorage(file)
  await storage.migrate()
  const build = async (s: SqliteStorage): Promise<FastifyInstance> => {
    const app = await buildApp({ storage: s, logger: false, staticDir: null, now: () => clock.now, scrypt: TEST_SCRYPT })
    await app.ready()
    return app
  }
  let app = await build(storage)
  const orgId = await createOrganization(storage, '测试单位', clock.now)
  const branchId = (await createBranch(storage, orgId, '第一党支部', 'setup', clock.now)).id
  const otherBranchId = (await createBranch(storage, orgId, '第二党支部', 'setup', clock.now)).id
  const make = async (username: string, role: Role, branch: string | null): Promise<string> => {
    await createUser(storage, { orgId, username, displayName: username, role, branchId: branch, password: PASSWORD }, clock.now, TEST_SCRYPT)
    return username
  }
  const users = {
    secretary: await make('secretary', 'secretary', branchId),
    recorder: await make('recorder', 'recorder', branchId),
    member: await make('member', 'member', branchId),
    reviewer: await make('reviewer', 'reviewer', null),
    secretary2: await make('secretary2', 'secretary', otherBranchId),
  }
  const server: TestServer = {
    get app() {
      return app
    },
    get storage() {
      return storage
    },
    branchId,
    otherBranchId,
    users,
    clock,
    hits: new Map(),
    async restart() {
      await app.close()
      await storage.close()
      storage = new SqliteStorage(file)
      await storage.migrate()
      app = await build(storage)
    },
    async close() {
      await app.close()
      await storage.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return server
}

/** What happens to one request on its way. */
export type Fault = 'ok' | 'lose-request' | 'lose-response' | 'duplicate' | 'server-down'

export interface Network {
  /** Decides the fate of each request (default: all arrive). */
  fault: (method: string, path: string) => Fault
  online: boolean
}

export class NetworkDown extends TypeError {
  constructor(what: string) {
    super(`Failed to fetch (${what})`)
  }
}

/** `fetch` over `app.inject`, with faults. */
export function injectFetch(server: TestServer, network: Network) {
  return async (input: string, init: RequestInit = {}): Promise<Response> => {
    const method = (init.method ?? 'GET').toUpperCase()
    const path = input.split('?')[0] ?? input
    if (!network.online) throw new NetworkDown('offline')
    const fate = network.fault(method, path)
    if (fate === 'lose-request') throw new NetworkDown('request lost')
    if (fate === 'server-down') {
      return new Response(JSON.stringify({ error: 'unavailable', message: 'down' }), { status: 503, headers: { 'content-type': 'application/json' } })
    }
    const headers: Record<string, string> = {}
    new Headers(init.headers).forEach((v, k) => {
      headers[k] = v
    })
    let payload: string | Buffer | undefined
    if (typeof init.body === 'string') payload = init.body
    else if (init.body instanceof Blob) payload = Buffer.from(await init.body.arrayBuffer())
    const key = `${method} ${path.replace(/[0-9a-f]{64}/, ':hash')}`
    const send = async () => {
      server.hits.set(key, (server.hits.get(key) ?? 0) + 1)
      return server.app.inject({ method: method as 'GET', url: input, headers, ...(payload !== undefined ? { payload } : {}) })
    }
    let res = await send()
    if (fate === 'lose-response') throw new NetworkDown('response lost')
    if (fate === 'duplicate') res = await send()
    const outHeaders = new Headers()
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) outHeaders.set(k, String(v))
    const body = method === 'HEAD' || res.statusCode === 204 ? null : new Uint8Array(res.rawPayload)
    return new Response(body, { status: res.statusCode, headers: outHeaders })
  }
}

export interface Device {
  name: string
  store: LocalStore
  sync: SyncLocal
  session: SessionStore
  transport: HttpTransport
  engine: SyncEngine
  network: Network
  close(): void
}

let dbCounter = 0

/**
 * A device with its own IndexedDB (a separate fake-indexeddb factory). Both connections are opened
 * while the device's factory is the global one, so later operations stay on it.
 */
export async function makeDevice(server: TestServer, name: string, options: { random?: () => number } = {}): Promise<Device> {
  const factory = new IDBFactory()
  const previous = globalThis.indexedDB
  globalThis.indexedDB = factory
  const dbName = `device-${name}-${++dbCounter}`
  try {
    const store = await openLocalStore({ dbName, storeBlobs: false })
    const sync = openSyncLocal({ dbName, now: () => new Date(server.clock.now) })
    await sync.getDeviceId()
    await store.getDeviceId()
    const network: Network = { fault: () => 'ok', online: true }
    const session = createSessionStore(sync)
    const transport = createHttpTransport({ session, fetch: injectFetch(server, network) })
    const engine = createSyncEngine({
      transport,
      local: sync,
      now: () => new Date(server.clock.now),
      random: options.random ?? (() => 0.5),
      pushBatchSize: 20,
      pullPageSize: 7,
    })
    return {
      name,
      store,
      sync,
      session,
      transport,
      engine,
      network,
      close() {
        store.close()
        sync.close()
      },
    }
  } finally {
    globalThis.indexedDB = previous
  }
}

let recCounter = 0

export function newRecord(branchId: string, over: Partial<BranchRecord> = {}): BranchRecord {
  const n = ++recCounter
  return {
    id: `rec-${n}-${Math.random().toString(36).slice(2, 8)}`,
    schemaVersion: RECORD_SCHEMA_VERSION,
    branchId,
    kind: 'committee-meeting',
    status: 'final',
    title: `支委会 ${n}`,
    date: '2026-03-05',
    startTime: '09:00',
    place: '党员活动室',
    chair: '周建华',
    recorder: '林晓梅',
    attendance: [],
    guests: [],
    agenda: [],
    speeches: [],
    decisions: [],
    summary: '按分工抓好落实。',
    ended: true,
    sections: {},
    photos: [],
    signatures: {},
    createdAt: '2026-03-05T08:00:00.000Z',
    updatedAt: '2026-03-05T08:00:00.000Z',
    ...over,
  }
}

/** Server head of one entity, read straight from its tables. */
export async function serverHead(server: TestServer, entity: string, id: string) {
  const row = await server.storage.get<{ rev: number; doc: string | null; deleted: number; conflict: string | null }>(
    'SELECT rev, doc, deleted, conflict FROM entities WHERE entity = ? AND id = ?',
    [entity, id],
  )
  if (!row) return undefined
  return {
    rev: row.rev,
    doc: row.doc === null ? null : (JSON.parse(row.doc) as Record<string, unknown>),
    deleted: Boolean(row.deleted),
    conflict: row.conflict ? (JSON.parse(row.conflict) as { fields: { field: string }[] }) : null,
  }
}

export async function revisionCount(server: TestServer, entity: string, id: string): Promise<number> {
  const row = await server.storage.get<{ n: number }>('SELECT COUNT(*) AS n FROM revisions WHERE entity = ? AND id = ?', [entity, id])
  return Number(row?.n ?? 0)
}
