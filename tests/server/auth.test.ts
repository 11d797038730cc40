// Sign-in, sessions, rate limiting and the admin's account management (SQLite; the logic is the
// same SQL on PostgreSQL, which the sync suite covers).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { hashPassword, verifyPassword } from '@/server/auth/passwords'
import { delayAfter, DEFAULT_THROTTLE } from '@/server/auth/loginThrottle'
import { SESSION_IDLE_MS, SESSION_TTL_MS } from '@/server/auth/sessions'

const DAY = 24 * 60 * 60 * 1000
import { makeWorld, sqliteTarget, type World } from './helpers/world'

describe('passwords', () => {
  test('scrypt hashes carry their parameters and a fresh salt', async () => {
    const a = await hashPassword('正确的密码 horse')
    const b = await hashPassword('正确的密码 horse')
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    expect(a).not.toBe(b)
    expect(await verifyPassword('正确的密码 horse', a)).toBe(true)
    expect(await verifyPassword('正确的密码 horsf', a)).toBe(false)
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false)
    expect(await verifyPassword('x', 'scrypt$999999999$8$1$AAAA$AAAA')).toBe(false)
  })

  test('backoff grows exponentially from the sixth failure and is capped', () => {
    expect([1, 4, 5, 6, 7, 8].map((n) => delayAfter(n, DEFAULT_THROTTLE))).toEqual([0, 0, 1000, 2000, 4000, 8000])
    expect(delayAfter(100, DEFAULT_THROTTLE)).toBe(DEFAULT_THROTTLE.maxDelayMs)
  })
})

describe('sign-in and sessions', () => {
  const target = sqliteTarget()
  let w: World
  beforeAll(async () => {
    w = await makeWorld(await target.create())
  })
  afterAll(async () => {
    await w?.close()
    await target.destroy()
  })

  const login = (username: string, password: string, ip = '10.0.0.1') =>
    w.request({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip })

  test('login gives a token that works until logout', async () => {
    const res = await login('recorder', w.users.recorder.password)
    expect(res.statusCode).toBe(200)
    const { token, expiresAt } = res.json() as { token: string; expiresAt: string }
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Date.parse(expiresAt)).toBe(w.clock.now + SESSION_TTL_MS)
    // Only a hash of the token is stored.
    const stored = await w.storage.all<{ token_hash: string }>('SELECT token_hash FROM sessions')
    expect(stored.some((s) => s.token_hash === token)).toBe(false)

    const me = await w.request({ method: 'GET', url: '/api/auth/me', token })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({ user: { username: 'recorder', role: 'recorder', branchId: w.branches.a1 }, branches: [{ id: w.branches.a1 }] })

    expect((await w.request({ method: 'POST', url: '/api/auth/logout', token })).statusCode).toBe(204)
    expect((await w.request({ method: 'GET', url: '/api/auth/me', token })).statusCode).toBe(401)
  })

  test('usernames are case-insensitive; wrong passwords and unknown users get the same answer', async () => {
    expect((await login('ReCorder', w.users.recorder.password)).statusCode).toBe(200)
    const wrong = await login('recorder', 'nope', '10.0.0.9')
    const unknown = await login('nobody', 'nope', '10.0.0.9')
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(wrong.json()).toEqual(unknown.json())
  })

  test('a session in use lasts until its fixed expiry, then ends', async () => {
    const { token } = (await login('member', w.users.member.password)).json() as { token: string }
    const me = () => w.request({ method: 'GET', url: '/api/auth/me', token })
    const start = w.clock.now
    // Used every ten days, it never idles out.
    while (w.clock.now + 10 * DAY < start + SESSION_TTL_MS) {
      w.clock.now += 10 * DAY
      expect((await me()).statusCode).toBe(200)
    }
    w.clock.now = start + SESSION_TTL_MS - 1
    expect((await me()).statusCode).toBe(200)
    w.clock.now += 1
    expect((await me()).statusCode).toBe(401)
    w.clock.now = start
  })

  test('a session left unused for 14 days ends (idle timeout); a sign-in starts a new one', async () => {
    const { token } = (await login('member', w.users.member.password)).json() as { token: string }
    const me = () => w.request({ method: 'GET', url: '/api/auth/me', token })
    const start = w.clock.now
    w.clock.now += SESSION_IDLE_MS - 1
    expect((await me()).statusCode).toBe(200)
    w.clock.now += SESSION_IDLE_MS - 1
    expect((await me()).statusCode).toBe(200)
    w.clock.now += SESSION_IDLE_MS
    expect((await me()).statusCode).toBe(401)
    expect((await me()).statusCode).toBe(401)
    expect((await login('member', w.users.member.password)).statusCode).toBe(200)
    w.clock.now = start
  })

  test('repeated failures back off, block even the right password, then let it in after the wait', async () => {
    const user = 'secretary'
    for (let i = 1; i <= 4; i++) expect((await login(user, 'wrong')).statusCode).toBe(401)
    const fifth = await login(user, 'wrong')
    expect(fifth.statusCode).toBe(429)
    expect(fifth.headers['retry-after']).toBe('1')
    const blocked = await login(user, w.users.secretary.password)
    expect(blocked.statusCode).toBe(429)
    expect(blocked.json()).toMatchObject({ error: 'too-many-attempts', details: { retryAfterSeconds: 1 } })
    // Another address is not affected by this one's failures.
    expect((await login(user, w.users.secretary.password, '10.0.0.2')).statusCode).toBe(200)

    w.clock.now += 1000
    const sixth = await login(user, 'wrong')
    expect(sixth.statusCode).toBe(429)
    expect(sixth.headers['retry-after']).toBe('2')
    w.clock.now += 1999
    expect((await login(user, w.users.secretary.password)).statusCode).toBe(429)
    w.clock.now += 1
    expect((await login(user, w.users.secretary.password)).statusCode).toBe(200)
    // Success clears the count: the next wrong password is a plain 401 again.
    expect((await login(user, 'wrong')).statusCode).toBe(401)
  })

  test('the wait is capped and old failures are forgotten: never a permanent lockout', async () => {
    const user = 'member'
    for (let i = 0; i < 30; i++) {
      await login(user, 'wrong', '10.0.0.3')
      w.clock.now += DEFAULT_THROTTLE.maxDelayMs
    }
    const res = await login(user, 'wrong', '10.0.0.3')
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(DEFAULT_THROTTLE.maxDelayMs / 1000)
    w.clock.now += DEFAULT_THROTTLE.forgetAfterMs
    expect((await login(user, w.users.member.password, '10.0.0.3')).statusCode).toBe(200)
  })
})

describe('account management', () => {
  const target = sqliteTarget()
  let w: World
  beforeAll(async () => {
    w = await makeWorld(await target.create())
  })
  afterAll(async () => {
    await w?.close()
    await target.destroy()
  })

  const admin = (method: 'GET' | 'POST', url: string, payload?: unknown, token = w.users.admin.token) =>
    w.request({ method, url, token, ...(payload === undefined ? {} : { payload: payload as object }) })

  test('the admin creates a branch and accounts; the new user signs in', async () => {
    const br = await admin('POST', '/api/admin/branches', { name: '第三党支部' })
    expect(br.statusCode).toBe(201)
    const branchId = (br.json() as { branch: { id: string } }).branch.id
    const list = (await admin('GET', '/api/admin/branches')).json() as { branches: { id: string }[] }
    expect(list.branches.map((b) => b.id)).toEqual([w.branches.a1, w.branches.a2, branchId])

    const created = await admin('POST', '/api/admin/users', { username: 'zhangsan', displayName: '张三', role: 'recorder', branchId, password: 'long-enough-1' })
    expect(created.statusCode, created.body).toBe(201)
    const users = (await admin('GET', '/api/admin/users')).json() as { users: Record<string, unknown>[] }
    expect(users.users.find((u) => u.username === 'zhangsan')).toMatchObject({ role: 'recorder', branchId, displayName: '张三' })
    expect(JSON.stringify(users)).not.toMatch(/scrypt/)
    const login = await w.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'zhangsan', password: 'long-enough-1' } })
    expect(login.statusCode).toBe(200)
  })

  test.each([
    ['duplicate username', { username: 'Secretary', displayName: 'x', role: 'member', branchKey: 'a1', password: 'long-enough-1' }, 409],
    ['branch role without branch', { username: 'u1', displayName: 'x', role: 'member', password: 'long-enough-1' }, 400],
    ['reviewer with a branch', { username: 'u2', displayName: 'x', role: 'reviewer', branchKey: 'a1', password: 'long-enough-1' }, 400],
    ['branch of another organization', { username: 'u3', displayName: 'x', role: 'member', branchKey: 'b1', password: 'long-enough-1' }, 400],
    ['short password', { username: 'u4', displayName: 'x', role: 'member', branchKey: 'a1', password: 'short' }, 400],
    ['unknown role', { username: 'u5', displayName: 'x', role: 'king', branchKey: 'a1', password: 'long-enough-1' }, 400],
    ['unknown field', { username: 'u6', displayName: 'x', role: 'member', branchKey: 'a1', password: 'long-enough-1', isAdmin: true }, 400],
  ])('refuses %s', async (_label, spec, status) => {
    const { branchKey, ...body } = spec as Record<string, unknown> & { branchKey?: 'a1' | 'b1' }
    const payload = branchKey ? { ...body, branchId: w.branches[branchKey] } : body
    const before = await w.storage.get<{ n: number }>('SELECT COUNT(*) AS n FROM users')
    const res = await admin('POST', '/api/admin/users', payload)
    expect(res.statusCode, res.body).toBe(status)
    expect(res.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) })
    expect(await w.storage.get<{ n: number }>('SELECT COUNT(*) AS n FROM users')).toEqual(before)
  })

  test('a password reset signs the user out everywhere', async () => {
    const old = w.users.recorder.token
    const res = await admin('POST', `/api/admin/users/${w.users.recorder.id}/password`, { password: 'brand-new-password' })
    expect(res.statusCode).toBe(204)
    expect((await w.request({ method: 'GET', url: '/api/auth/me', token: old })).statusCode).toBe(401)
    const login = await w.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'recorder', password: 'brand-new-password' } })
    expect(login.statusCode).toBe(200)
  })

  test('an admin sees and manages only their own organization', async () => {
    const users = (await admin('GET', '/api/admin/users', undefined, w.users.adminB.token)).json() as { users: { username: string }[] }
    expect(users.users.map((u) => u.username).sort()).toEqual(['adminb', 'secretaryb'])
    const reset = await admin('POST', `/api/admin/users/${w.users.secretary.id}/password`, { password: 'hijacked-password' }, w.users.adminB.token)
    expect(reset.statusCode).toBe(404)
  })
})
