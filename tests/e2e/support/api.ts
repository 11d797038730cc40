// Small calls to the server's own API for end-to-end setup: what an organization admin would do in
// the admin screens (branches, accounts, password resets), done from the test instead.
import type { Role } from '@/domain/protocol'

export interface ApiClient {
  baseUrl: string
  token: string
}

export interface CreatedUser {
  id: string
  username: string
  displayName: string
  role: Role
  branchId: string | null
}

async function call<T>(baseUrl: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST')
  const headers: Record<string, string> = {}
  if (init.token) headers.authorization = `Bearer ${init.token}`
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(baseUrl + path, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

/** Signs in through `/api/auth/login` and returns a client carrying the session token. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<ApiClient> {
  const { token } = await call<{ token: string }>(baseUrl, '/api/auth/login', { body: { username, password } })
  return { baseUrl, token }
}

export async function createBranch(admin: ApiClient, name: string): Promise<{ id: string; name: string }> {
  const { branch } = await call<{ branch: { id: string; name: string } }>(admin.baseUrl, '/api/admin/branches', { token: admin.token, body: { name } })
  return branch
}

export async function createUser(
  admin: ApiClient,
  user: { username: string; displayName: string; role: Role; branchId: string | null; password: string },
): Promise<CreatedUser> {
  const created = await call<{ user: CreatedUser }>(admin.baseUrl, '/api/admin/users', { token: admin.token, body: user })
  return created.user
}

/** A new password; the server signs the user out on every device (their tokens stop working). */
export async function resetPassword(admin: ApiClient, userId: string, password: string): Promise<void> {
  await call<undefined>(admin.baseUrl, `/api/admin/users/${encodeURIComponent(userId)}/password`, { token: admin.token, body: { password } })
}

/** Every revision the server keeps of one entity (oldest first). */
export async function revisions(client: ApiClient, entity: string, id: string): Promise<{ rev: number; doc: Record<string, unknown> | null; conflicts?: unknown[] }[]> {
  const answer = await call<{ revisions: { rev: number; doc: Record<string, unknown> | null; conflicts?: unknown[] }[] }>(
    client.baseUrl,
    `/api/entities/${encodeURIComponent(entity)}/${encodeURIComponent(id)}/revisions`,
    { token: client.token },
  )
  return answer.revisions
}
