// What an unauthenticated or hostile client can make the server do: no body is read before the session
// is checked, deep JSON is refused before parsing, a burst of guesses checks no more passwords than
// the throttle allows one after another, a forged X-Forwarded-For does not reset the throttle, weak
// passwords are refused with a reason, and a disabled user is out at once. SQLite and PostgreSQL.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { jsonTooDeep, MAX_JSON_DEPTH } from '@/server/app'
import { parseTrustProxy } from '@/server/config'
import { hashPassword, needsRehash, verifyPassword } from '@/server/auth/passwords'
import { passwordProblem } from '@/server/auth/passwordPolicy'
import type { Mutation } from '@/domain/protocol'
import { mutationKey } from '@/server/replication/syncService'
import { mutationKeysPerOrg } from '@/server/migrations/003_mutation_keys_per_org'
import { sampleRecord } from './helpers/sampleDocs'
import { makeWorld, storageTargets, TEST_SCRYPT, type World } from './helpers/world'

/** `[[[[…]]]]` of about `bytes` bytes. */
const nested = (bytes: number): string => '['.repeat(bytes / 2) + ']'.repeat(bytes / 2)

/** The longest the event loop was blocked while `work` ran, in ms. */
async function worstLoopDelay(work: () => Promise<unknown>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 5 })
  h.enable()
  await work()
  h.disable()
  return h.max / 1e6
}

describe('input limits and password rules (no database)', () => {
  test('deep JSON is found by one scan; strings with brackets do not count', () => {
    expect(jsonTooDeep('{"a":[[[1]]]}', 4)).toBe(false)
    expect(jsonTooDeep('{"a":[[[[1]]]]}', 4)).toBe(true)
    expect(jsonTooDeep(JSON.stringify({ text: '[[[[[[[[[[ "\\" {{{{{{' }), 2)).toBe(false)
    expect(jsonTooDeep(nested(2 * 1024 * 1024), MAX_JSON_DEPTH)).toBe(true)
  })

  test('TRUST_PROXY takes a hop count or proxy addresses, never "trust everyone"', () => {
    expect(parseTrustProxy(undefined)).toBe(false)
    expect(parseTrustProxy('')).toBe(false)
    expect(parseTrustProxy('0')).toBe(false)
    expect(parseTrustProxy('1')).toBe(1)
    expect(parseTrustProxy('2')).toBe(2)
    expect(parseTrustProxy('10.0.0.5, 10.1.0.0/16,::1')).toEqual(['10.0.0.5', '10.1.0.0/16', '::1'])
    expect(() => parseTrustProxy('true')).toThrow(/number of proxy hops/)
    expect(() => parseTrustProxy('proxy.example.org')).toThrow(/TRUST_PROXY must be/)
  })

  test('common, short and run-of-characters passwords are refused with a plain reason', () => {
    for (const weak of ['12345678', '123456789', 'password', 'Password1', 'qwerty123', 'woaini1314', '88888888', 'aaaaaaaaaa', 'abcdefgh', '87654321']) {
      expect(passwordProblem(weak), weak).toMatch(/^这个密码太常见/)
    }
    expect(passwordProblem('1234567')).toBe('密码至少需要 8 位 / The password needs at least 8 characters')
    expect(passwordProblem('zhoujianhua', 'zhoujianhua')).toMatch(/^密码不能与用户名相同/)
    for (const fine of ['长城-2026-支部', 'blue-river-17', 'pw-member-secret']) expect(passwordProblem(fine), fine).toBeNull()
  })

  test('hashes of older, weaker parameters are recognised for rehashing', async () => {
    const old = await hashPassword('blue-river-17', { N: 2 ** 14, r: 8, p: 1 })
    expect(needsRehash(old)).toBe(true)
    expect(needsRehash(old, { N: 2 ** 14, r: 8, p: 1 })).toBe(false)
    expect(await verifyPassword('blue-river-17', old)).toBe(true)
  })
})

for (const target of storageTargets()) {
  describe.skipIf(target.skipReason !== null)(`hardening on ${target.name}`, () => {
    let w: World
    beforeAll(async () => {
      w = await makeWorld(await target.create(), { trustProxy: 1 })
    })
    afterAll(async () => {
      await w?.close()
      await target.destroy()
    })

    test('a 2 MB nested body to login or to push without a token is refused without parsing it', async () => {
      const body = nested(2 * 1024 * 1024)
      let statuses: number[] = []
      const worst = await worstLoopDelay(async () => {
        const answers = await Promise.all([
          w.request({ method: 'POST', url: '/api/auth/login', payload: body, headers: { 'content-type': 'application/json' } }),
          w.request({ method: 'POST', url: '/api/sync/push', payload: body, headers: { 'content-type': 'application/json' } }),
          w.request({ method: 'POST', url: '/api/sync/push', payload: body, headers: { 'content-type': 'application/json', authorization: 'Bearer ' + 'x'.repeat(43) } }),
        ])
        statuses = answers.map((a) => a.statusCode)
      })
      expect(statuses).toEqual([413, 401, 401])
      expect(worst).toBeLessThan(150)
    })

    test('with a valid session, deep JSON is refused with a reason before parsing', async () => {
      const body = `{"deviceId":"d1","mutations":${'['.repeat(200)}${']'.repeat(200)}}`
      const res = await w.request({ method: 'POST', url: '/api/sync/push', payload: body, headers: { 'content-type': 'application/json' }, token: w.users.recorder.token })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ error: 'invalid-json', message: `JSON 嵌套过深（最多 ${MAX_JSON_DEPTH} 层）/ JSON nested deeper than ${MAX_JSON_DEPTH} levels` })
    })

    test('unknown API routes still answer 404, known ones 401 without a session', async () => {
      expect((await w.request({ method: 'GET', url: '/api/nothing-here' })).statusCode).toBe(404)
      expect((await w.request({ method: 'GET', url: '/api/sync/pull' })).statusCode).toBe(401)
      expect((await w.request({ method: 'GET', url: '/api/health' })).statusCode).toBe(200)
    })

    test('200 parallel wrong guesses check only as many passwords as the throttle allows in a row', async () => {
      const answers = await Promise.all(
        Array.from({ length: 200 }, () => w.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'member', password: 'wrong-guess-1' }, remoteAddress: '10.0.0.7' })),
      )
      const count = (status: number) => answers.filter((a) => a.statusCode === status).length
      // One after another: four plain refusals, the fifth sets the first wait, everything after waits.
      expect([count(401), count(429), answers.length]).toEqual([4, 196, 200])
      const row = await w.storage.get<{ failures: number }>("SELECT failures FROM login_throttle WHERE key = 'member|10.0.0.7'")
      expect(Number(row?.failures)).toBe(5)
    })

    test('behind one proxy, a forged X-Forwarded-For does not give a guesser a fresh throttle key', async () => {
      const guess = (i: number) =>
        w.request({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'reviewer', password: 'wrong-guess-2' },
          remoteAddress: '10.0.0.2', // the reverse proxy
          headers: { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.9` }, // forged first hop, real client last
        })
      const statuses: number[] = []
      for (let i = 0; i < 8; i++) statuses.push((await guess(i)).statusCode)
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429])
      expect(await w.storage.get("SELECT key FROM login_throttle WHERE key = 'reviewer|198.51.100.9'")).toBeTruthy()
    })

    test('weak passwords are refused when an account is made or its password set, and nothing is stored', async () => {
      const before = await w.storage.get<{ n: number }>('SELECT COUNT(*) AS n FROM users')
      const made = await w.request({
        method: 'POST', url: '/api/admin/users', token: w.users.admin.token,
        payload: { username: 'weakling', displayName: '弱密码', role: 'member', branchId: w.branches.a1, password: '12345678' },
      })
      expect(made.statusCode).toBe(400)
      expect(made.json()).toMatchObject({ error: 'weak-password', message: '这个密码太常见，很容易被猜中，请换一个 / This password is among the first ones guessed; choose another' })
      expect(await w.storage.get<{ n: number }>('SELECT COUNT(*) AS n FROM users')).toEqual(before)
      const reset = await w.request({ method: 'POST', url: `/api/admin/users/${w.users.member.id}/password`, token: w.users.admin.token, payload: { password: 'short' } })
      expect(reset.statusCode).toBe(400)
      expect(reset.json()).toMatchObject({ error: 'weak-password', message: '密码至少需要 8 位 / The password needs at least 8 characters' })
    })

    test('a disabled user is signed out everywhere at once and cannot sign in; enabling lets them back', async () => {
      const secretary2 = w.users.secretary2
      const disable = (disabled: boolean, token = w.users.admin.token) =>
        w.request({ method: 'POST', url: `/api/admin/users/${secretary2.id}/disabled`, token, payload: { disabled } })
      expect((await w.request({ method: 'GET', url: '/api/auth/me', token: secretary2.token })).statusCode).toBe(200)
      // Only their own organization's admin may.
      expect((await disable(true, w.users.adminB.token)).statusCode).toBe(404)
      expect((await disable(true, w.users.secretary.token)).statusCode).toBe(403)
      expect((await disable(true)).statusCode).toBe(204)
      expect((await w.request({ method: 'GET', url: '/api/auth/me', token: secretary2.token })).statusCode).toBe(401)
      const login = () => w.request({ method: 'POST', url: '/api/auth/login', payload: { username: secretary2.username, password: secretary2.password }, remoteAddress: '10.0.0.8' })
      expect((await login()).statusCode).toBe(401)
      const listed = (await w.request({ method: 'GET', url: '/api/admin/users', token: w.users.admin.token })).json() as { users: { id: string; disabled: boolean }[] }
      expect(listed.users.find((u) => u.id === secretary2.id)?.disabled).toBe(true)
      expect((await disable(false)).statusCode).toBe(204)
      expect((await login()).statusCode).toBe(200)
      // An admin cannot lock themselves out.
      const self = await w.request({ method: 'POST', url: `/api/admin/users/${w.users.admin.id}/disabled`, token: w.users.admin.token, payload: { disabled: true } })
      expect(self.statusCode).toBe(400)
    })

    test('a mutationId another organization used is neither refused nor answered from their push', async () => {
      const push = (token: string, mutations: Mutation[]) => w.request({ method: 'POST', url: '/api/sync/push', token, payload: { deviceId: 'dev-h', mutations } })
      const mutationId = `shared-${target.name}`
      const ours: Mutation = { mutationId, entity: 'record', id: `rec-a-${target.name}`, baseRev: 0, doc: sampleRecord({ id: `rec-a-${target.name}`, branchId: w.branches.a1 }) as unknown as Mutation['doc'] }
      const theirs: Mutation = { mutationId, entity: 'record', id: `rec-b-${target.name}`, baseRev: 0, doc: sampleRecord({ id: `rec-b-${target.name}`, branchId: w.branches.b1, title: '外单位的会议' }) as unknown as Mutation['doc'] }
      const first = await push(w.users.secretary.token, [ours])
      expect(first.json()).toMatchObject({ results: [{ status: 'applied', mutationId, rev: 1 }] })
      // The other organization, same id, another change: applied as its own, as a fresh id would be.
      const other = await push(w.users.secretaryB.token, [theirs])
      expect(other.statusCode).toBe(200)
      expect(other.json()).toMatchObject({ results: [{ status: 'applied', mutationId, rev: 1 }] })
      expect((await w.storage.get<{ rev: number }>('SELECT rev FROM entities WHERE entity = ? AND id = ?', ['record', theirs.id]))?.rev).toBe(1)
      // Our retry still gets our own stored answer.
      expect((await push(w.users.secretary.token, [ours])).json()).toEqual(first.json())
      const keys = (await w.storage.all<{ mutation_id: string }>('SELECT mutation_id FROM mutations WHERE mutation_id LIKE ?', [`%:${mutationId}`])).map((r) => r.mutation_id).sort()
      expect(keys).toEqual([mutationKey(w.orgId, mutationId), mutationKey(w.orgB, mutationId)].sort())
    })

    // Runs the upgrade's statement again on this world: the last test here that stores push answers.
    test('the upgrade moves answers stored before it to their pusher\'s organization', async () => {
      await w.storage.run('INSERT INTO mutations (mutation_id, body_hash, result, user_id, at) VALUES (?, ?, ?, ?, ?)', ['legacy-1', 'h', '{}', w.users.recorder.id, 1])
      await w.storage.run('INSERT INTO mutations (mutation_id, body_hash, result, user_id, at) VALUES (?, ?, ?, ?, ?)', ['legacy-2', 'h', '{}', w.users.secretaryB.id, 1])
      await w.storage.run(target.name === 'sqlite' ? mutationKeysPerOrg.sqlite : mutationKeysPerOrg.postgres)
      const rows = await w.storage.all<{ mutation_id: string }>("SELECT mutation_id FROM mutations WHERE mutation_id LIKE '%legacy-%' ORDER BY mutation_id")
      expect(rows.map((r) => r.mutation_id).sort()).toEqual([mutationKey(w.orgId, 'legacy-1'), mutationKey(w.orgB, 'legacy-2')].sort())
    })

    test('a sign-in with a hash of older parameters upgrades it to the current ones', async () => {
      const weakHash = await hashPassword(w.users.recorder.password, { N: 256, r: 8, p: 1 })
      await w.storage.run('UPDATE users SET password_hash = ? WHERE id = ?', [weakHash, w.users.recorder.id])
      const res = await w.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'recorder', password: w.users.recorder.password }, remoteAddress: '10.0.0.9' })
      expect(res.statusCode).toBe(200)
      const row = await w.storage.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ?', [w.users.recorder.id])
      expect(row?.password_hash.startsWith(`scrypt$${TEST_SCRYPT.N}$8$1$`)).toBe(true)
    })
  })
}
