// The few API calls the benchmarks make from Node to set up their world on the real server: sign in,
// create branches and accounts as the admin, push documents.
import type { Mutation, PushResponse, Role } from '@/domain/protocol'
import type { BranchRecord } from '@/domain/types'

async function call<T>(baseUrl: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {}
  if (init.token) headers.authorization = `Bearer ${init.token}`
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(baseUrl + path, {
    method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${init.method ?? 'POST'} ${path} → ${res.status}: ${text.slice(0, 500)}`)
  return (text ? JSON.parse(text) : undefined) as T
}

export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const { token } = await call<{ token: string }>(baseUrl, '/api/auth/login', { body: { username, password } })
  return token
}

export async function createBranch(baseUrl: string, adminToken: string, name: string): Promise<string> {
  const { branch } = await call<{ branch: { id: string } }>(baseUrl, '/api/admin/branches', { token: adminToken, body: { name } })
  return branch.id
}

export const BENCH_USER_PASSWORD = 'bench-user-Passw0rd'

export async function createUser(baseUrl: string, adminToken: string, username: string, branchId: string, role: Role = 'secretary'): Promise<void> {
  await call(baseUrl, '/api/admin/users', {
    token: adminToken,
    body: { username, displayName: username, role, branchId, password: BENCH_USER_PASSWORD },
  })
}

export function push(baseUrl: string, token: string, deviceId: string, mutations: Mutation[]): Promise<PushResponse> {
  return call<PushResponse>(baseUrl, '/api/sync/push', { token, body: { deviceId, mutations } })
}

/** Pushes new records in batches (used to seed the server; not timed). */
export async function pushRecords(baseUrl: string, token: string, deviceId: string, records: readonly BranchRecord[], batch = 500): Promise<void> {
  for (let i = 0; i < records.length; i += batch) {
    const mutations: Mutation[] = records.slice(i, i + batch).map((doc) => ({
      mutationId: `seed-${doc.id}`,
      entity: 'record',
      id: doc.id,
      baseRev: 0,
      doc: doc as unknown as Record<string, unknown>,
    }))
    const { results } = await push(baseUrl, token, deviceId, mutations)
    const refused = results.filter((r) => r.status !== 'applied')
    if (refused.length) throw new Error(`seeding: ${refused.length} refused, e.g. ${JSON.stringify(refused[0]).slice(0, 400)}`)
  }
}
