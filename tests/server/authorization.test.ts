// The authorization matrix: every route × every role × own branch / another branch of the same
// organization / a branch of another organization, plus no session and an expired session.
// Allowed means a 2xx answer (for a push: one that applied its mutation); everything else must be refused.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Role } from '@/domain/protocol'
import { createSession } from '@/server/auth/sessions'
import type { LightMyRequestResponse } from 'fastify'
import { sampleBranch, sampleMember, sampleRecord } from './helpers/sampleDocs'
import { makeWorld, sqliteTarget, START, type World } from './helpers/world'

type Target = 'a1' | 'a2' | 'b1'
type Principal = Role | 'none' | 'expired'

const ROLES: Role[] = ['admin', 'reviewer', 'secretary', 'recorder', 'member']
const PRINCIPALS: Principal[] = [...ROLES, 'none', 'expired']
const TARGETS: Target[] = ['a1', 'a2', 'b1']

/** The test's principals belong to organization A; branch roles to branch a1. */
const ALL: Role[] = ROLES
const ORG_WIDE: Role[] = ['admin', 'reviewer']
const readers = { a1: ALL, a2: ORG_WIDE, b1: [] } satisfies Record<Target, Role[]>
const recordWriters = { a1: ['secretary', 'recorder'], a2: [], b1: [] } satisfies Record<Target, Role[]>
const branchWriters = { a1: ['secretary', 'admin'], a2: ['admin'], b1: [] } satisfies Record<Target, Role[]>
const adminOnly = { a1: ['admin'], a2: ['admin'], b1: [] } satisfies Record<Target, Role[]>
/** Routes about the caller's own organization name no branch: the target does not matter. */
const ownOrgAdmin = { a1: ['admin'], a2: ['admin'], b1: ['admin'] } satisfies Record<Target, Role[]>
const anyone = { a1: ALL, a2: ALL, b1: ALL } satisfies Record<Target, Role[]>

const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

interface Fixture {
  w: World
  /** A record that exists in each branch. */
  records: Record<Target, string>
  /** An attachment uploaded by each branch. */
  attachments: Record<Target, string>
  /** A user of each branch whose password the admin may reset. */
  branchUsers: Record<Target, string>
  seq: () => number
}

interface RouteCase {
  route: string
  /** Who may, per target branch (`public` routes also allow no session). */
  allowed: Record<Target, Role[]>
  public?: boolean
  call(f: Fixture, target: Target, token: string | null): Promise<LightMyRequestResponse>
}

const CASES: RouteCase[] = [
  {
    route: 'GET /api/health',
    allowed: anyone,
    public: true,
    call: (f, _t, token) => f.w.request({ method: 'GET', url: '/api/health', token }),
  },
  {
    route: 'GET /api/auth/me',
    allowed: anyone,
    call: (f, _t, token) => f.w.request({ method: 'GET', url: '/api/auth/me', token }),
  },
  {
    route: 'POST /api/auth/logout',
    allowed: anyone,
    call: (f, _t, token) => f.w.request({ method: 'POST', url: '/api/auth/logout', token }),
  },
  {
    route: 'GET /api/admin/branches',
    allowed: ownOrgAdmin,
    call: (f, _t, token) => f.w.request({ method: 'GET', url: '/api/admin/branches', token }),
  },
  {
    route: 'POST /api/admin/branches',
    allowed: ownOrgAdmin,
    call: (f, _t, token) => f.w.request({ method: 'POST', url: '/api/admin/branches', token, payload: { name: `新支部${f.seq()}` } }),
  },
  {
    route: 'GET /api/admin/users',
    allowed: ownOrgAdmin,
    call: (f, _t, token) => f.w.request({ method: 'GET', url: '/api/admin/users', token }),
  },
  {
    route: 'POST /api/admin/users',
    allowed: adminOnly,
    call: (f, t, token) =>
      f.w.request({
        method: 'POST',
        url: '/api/admin/users',
        token,
        payload: { username: `user${f.seq()}`, displayName: '新用户', role: 'member', branchId: f.w.branches[t], password: 'long-enough-pw' },
      }),
  },
  {
    route: 'POST /api/admin/users/:id/password',
    allowed: adminOnly,
    call: (f, t, token) =>
      f.w.request({ method: 'POST', url: `/api/admin/users/${f.branchUsers[t]}/password`, token, payload: { password: 'another-long-pw' } }),
  },
  {
    route: 'POST /api/sync/push (record)',
    allowed: recordWriters,
    call: (f, t, token) => {
      const id = `rec-${f.seq()}`
      return f.w.request({
        method: 'POST',
        url: '/api/sync/push',
        token,
        payload: { deviceId: 'dev', mutations: [{ mutationId: `m-${f.seq()}`, entity: 'record', id, baseRev: 0, doc: sampleRecord({ id, branchId: f.w.branches[t] }) }] },
      })
    },
  },
  {
    route: 'POST /api/sync/push (change an existing record)',
    allowed: recordWriters,
    call: (f, t, token) =>
      f.w.request({
        method: 'POST',
        url: '/api/sync/push',
        token,
        payload: { deviceId: 'dev', mutations: [{ mutationId: `m-${f.seq()}`, entity: 'record', id: f.records[t], baseRev: 1, changedFields: { summary: `改${f.seq()}` } }] },
      }),
  },
  {
    route: 'POST /api/sync/push (member)',
    allowed: recordWriters,
    call: (f, t, token) => {
      const id = `mem-${f.seq()}`
      return f.w.request({
        method: 'POST',
        url: '/api/sync/push',
        token,
        payload: { deviceId: 'dev', mutations: [{ mutationId: `m-${f.seq()}`, entity: 'member', id, baseRev: 0, doc: sampleMember({ id, branchId: f.w.branches[t] }) }] },
      })
    },
  },
  {
    route: 'POST /api/sync/push (branch settings)',
    allowed: branchWriters,
    call: async (f, t, token) => {
      const id = f.w.branches[t]
      const head = await f.w.storage.get<{ rev: number }>("SELECT rev FROM entities WHERE entity = 'branch' AND id = ?", [id])
      return f.w.request({
        method: 'POST',
        url: '/api/sync/push',
        token,
        payload: { deviceId: 'dev', mutations: [{ mutationId: `m-${f.seq()}`, entity: 'branch', id, baseRev: head!.rev, doc: sampleBranch({ id, contactPhone: String(f.seq()) }) }] },
      })
    },
  },
  {
    route: 'GET /api/sync/pull?branchId=',
    allowed: readers,
    call: (f, t, token) => f.w.request({ method: 'GET', url: `/api/sync/pull?branchId=${f.w.branches[t]}`, token }),
  },
  {
    route: 'GET /api/entities/record/:id/revisions',
    allowed: readers,
    call: (f, t, token) => f.w.request({ method: 'GET', url: `/api/entities/record/${f.records[t]}/revisions`, token }),
  },
  {
    route: 'PUT /api/attachments/:sha256',
    allowed: recordWriters,
    call: (f, t, token) => {
      const bytes = Buffer.concat([PNG_HEAD, Buffer.from(`upload ${f.seq()}`)])
      return f.w.request({ method: 'PUT', url: `/api/attachments/${sha(bytes)}?branchId=${f.w.branches[t]}`, token, payload: bytes, headers: { 'content-type': 'image/png' } })
    },
  },
  {
    route: 'GET /api/attachments/:sha256',
    allowed: readers,
    call: (f, t, token) => f.w.request({ method: 'GET', url: `/api/attachments/${f.attachments[t]}`, token }),
  },
  {
    route: 'HEAD /api/attachments/:sha256',
    allowed: readers,
    call: (f, t, token) => f.w.request({ method: 'HEAD', url: `/api/attachments/${f.attachments[t]}`, token }),
  },
]

describe('authorization matrix', () => {
  const target = sqliteTarget()
  let f: Fixture
  /** Tokens per principal; logout consumes sessions, so each call gets a fresh one. */
  let tokenFor: (p: Principal) => Promise<string | null>

  beforeAll(async () => {
    const w = await makeWorld(await target.create())
    let n = 0
    const seq = (): number => ++n
    const owners: Record<Target, { token: string; branchId: string }> = {
      a1: { token: w.users.secretary.token, branchId: w.branches.a1 },
      a2: { token: w.users.secretary2.token, branchId: w.branches.a2 },
      b1: { token: w.users.secretaryB.token, branchId: w.branches.b1 },
    }
    const records = {} as Record<Target, string>
    const attachments = {} as Record<Target, string>
    for (const t of TARGETS) {
      const id = `fixture-${t}`
      const res = await w.request({
        method: 'POST',
        url: '/api/sync/push',
        token: owners[t].token,
        payload: { deviceId: 'setup', mutations: [{ mutationId: `setup-${t}`, entity: 'record', id, baseRev: 0, doc: sampleRecord({ id, branchId: owners[t].branchId }) }] },
      })
      expect(res.statusCode, res.body).toBe(200)
      records[t] = id
      const bytes = Buffer.concat([PNG_HEAD, Buffer.from(`fixture of ${t}`)])
      const up = await w.request({ method: 'PUT', url: `/api/attachments/${sha(bytes)}?branchId=${owners[t].branchId}`, token: owners[t].token, payload: bytes, headers: { 'content-type': 'image/png' } })
      expect(up.statusCode).toBe(201)
      attachments[t] = sha(bytes)
    }
    const branchUsers = { a1: w.users.member.id, a2: w.users.secretary2.id, b1: w.users.secretaryB.id }
    f = { w, records, attachments, branchUsers, seq }

    tokenFor = async (p) => {
      if (p === 'none') return null
      if (p === 'expired') {
        // Signed in 31 days before "now": the session ran out a day ago.
        return (await createSession(w.storage, w.users.secretary.id, START - 31 * 24 * 3600 * 1000)).token
      }
      return (await createSession(w.storage, w.users[p].id, START)).token
    }
  })
  afterAll(async () => {
    await f?.w.close()
    await target.destroy()
  })

  for (const c of CASES) {
    test(`${c.route}`, async () => {
      const outcomes: string[] = []
      const expected: string[] = []
      for (const t of TARGETS) {
        for (const p of PRINCIPALS) {
          const res = await c.call(f, t, await tokenFor(p))
          expect(res.statusCode, `${c.route} as ${p} on ${t}: ${res.body}`).toBeLessThan(500)
          let ok = res.statusCode >= 200 && res.statusCode < 300
          // A push counts as allowed only when it was applied, not merely answered: another
          // organization's record id is answered as an id never used (rejected, nothing stored), not 403.
          if (ok && c.route.startsWith('POST /api/sync/push')) {
            const results = (res.json() as { results: { status: string }[] }).results
            ok = !results.some((r) => r.status === 'rejected')
          }
          const shouldBe = c.public ? true : p !== 'none' && p !== 'expired' && (c.allowed[t] as Role[]).includes(p)
          outcomes.push(`${t} ${p}: ${ok ? 'allowed' : 'refused'}`)
          expected.push(`${t} ${p}: ${shouldBe ? 'allowed' : 'refused'}`)
          if (!c.public && (p === 'none' || p === 'expired')) expect(res.statusCode, `${c.route} as ${p}`).toBe(401)
        }
      }
      expect(outcomes).toEqual(expected)
    })
  }

  test('organization-wide lists hold only the caller organization', async () => {
    const res = await f.w.request({ method: 'GET', url: '/api/admin/branches', token: await tokenFor('admin') })
    const ids = (res.json() as { branches: { id: string }[] }).branches.map((b) => b.id)
    expect(ids).toContain(f.w.branches.a1)
    expect(ids).toContain(f.w.branches.a2)
    expect(ids).not.toContain(f.w.branches.b1)
    const users = (await f.w.request({ method: 'GET', url: '/api/admin/users', token: await tokenFor('admin') })).json() as { users: { id: string }[] }
    expect(users.users.map((u) => u.id)).not.toContain(f.w.users.secretaryB.id)
  })

  test('a pull without branchId returns exactly the readable branches', async () => {
    const branchesSeen = async (p: Role): Promise<string[]> => {
      const res = await f.w.request({ method: 'GET', url: '/api/sync/pull?limit=1000', token: await tokenFor(p) })
      const changes = (res.json() as { changes: { branchId: string }[] }).changes
      return [...new Set(changes.map((c) => c.branchId))].sort()
    }
    const orgA = (await f.w.storage.all<{ id: string }>('SELECT id FROM branches WHERE org_id = ?', [f.w.orgId])).map((r) => r.id).sort()
    expect(await branchesSeen('reviewer')).toEqual(orgA)
    expect(await branchesSeen('member')).toEqual([f.w.branches.a1])
    const several = await f.w.request({ method: 'GET', url: `/api/sync/pull?branchId=${f.w.branches.a1},${f.w.branches.b1}`, token: await tokenFor('reviewer') })
    expect(several.statusCode).toBe(403)
  })
})
