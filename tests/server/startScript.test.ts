// `npm start` as a real process: first-run setup prints the admin password once, the app shell and
// its files are served with the right caching, and SIGTERM lets an in-flight upload finish before exit.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { postgresTarget } from './helpers/world'

const dir = mkdtempSync(join(tmpdir(), 'br-start-'))
const dist = join(dir, 'dist')

interface Started {
  child: ChildProcessWithoutNullStreams
  url: string
  output: () => string
  exited: Promise<number | null>
}

function start(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, ['scripts/start.mjs', '--no-build', ...extraArgs], {
    cwd: process.cwd(),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), STATIC_DIR: dist, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000)
    const check = setInterval(() => {
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out)
      if (m) {
        clearInterval(check)
        clearTimeout(timer)
        resolve({ child, url: m[1]!, output: () => out, exited })
      }
    }, 50)
    void exited.then(() => {
      clearInterval(check)
      clearTimeout(timer)
      reject(new Error(`server exited:\n${out}`))
    })
  })
}

describe('npm start', () => {
  let server: Started
  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'), { recursive: true })
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>支部纪实</title><script type="module" src="/assets/index-AbCdEf12.js"></script>')
    writeFileSync(join(dist, 'assets', 'index-AbCdEf12.js'), 'console.log(1)')
    writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})')
    server = await start()
  })
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  test('first run creates the admin account and prints its password once', async () => {
    const password = /密码 \/ password:\s+(\S+)/.exec(server.output())?.[1]
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/)
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })
    expect(res.status).toBe(200)
    const health = await (await fetch(`${server.url}/api/health`)).json()
    expect(health).toMatchObject({ status: 'ok', storage: 'sqlite' })
  })

  test('the app shell, its assets and client-side routes', async () => {
    for (const path of ['/', '/records/some-id', '/settings']) {
      const res = await fetch(server.url + path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toContain('text/html')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(await res.text()).toContain('支部纪实')
    }
    const sw = await fetch(`${server.url}/sw.js`)
    expect(sw.headers.get('cache-control')).toBe('no-cache')
    const asset = await fetch(`${server.url}/assets/index-AbCdEf12.js`)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect((await fetch(`${server.url}/assets/missing-AbCdEf12.js`)).status).toBe(404)
    const api = await fetch(`${server.url}/api/unknown`)
    expect(api.status).toBe(404)
    expect(await api.json()).toMatchObject({ error: 'not-found' })
  })

  test('SIGTERM finishes the in-flight upload, then the process exits cleanly', async () => {
    // An admin cannot upload; create a recorder through the API first.
    const password = /密码 \/ password:\s+(\S+)/.exec(server.output())![1]!
    const json = (method: string, path: string, body: unknown, token?: string) =>
      fetch(server.url + path, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) })
    const adminToken = ((await (await json('POST', '/api/auth/login', { username: 'admin', password })).json()) as { token: string }).token
    const branch = ((await (await json('POST', '/api/admin/branches', { name: '测试支部' }, adminToken)).json()) as { branch: { id: string } }).branch
    await json('POST', '/api/admin/users', { username: 'rec', displayName: '记录人', role: 'recorder', branchId: branch.id, password: 'recorder-password' }, adminToken)
    const token = ((await (await json('POST', '/api/auth/login', { username: 'rec', password: 'recorder-password' })).json()) as { token: string }).token

    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(256 * 1024, 7)])
    const hash = createHash('sha256').update(bytes).digest('hex')
    const { hostname, port } = new URL(server.url)
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { hostname, port, method: 'PUT', path: `/api/attachments/${hash}?branchId=${branch.id}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg', 'content-length': bytes.length } },
        (res) => {
          let body = ''
          res.on('data', (d: Buffer) => (body += d.toString()))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        },
      )
      req.on('error', reject)
      // Half the body now, SIGTERM, the rest a moment later.
      req.write(bytes.subarray(0, 1000))
      setTimeout(() => {
        server.child.kill('SIGTERM')
        setTimeout(() => req.end(bytes.subarray(1000)), 300)
      }, 200)
    })
    const res = await response
    expect(res.status, res.body).toBe(201)
    expect(await server.exited).toBe(0)
  })
})

const pgTarget = postgresTarget()
describe.skipIf(pgTarget.skipReason !== null)('npm start with DATABASE_URL', () => {
  afterAll(async () => pgTarget.destroy())

  test('uses PostgreSQL, with the admin password given on the command line', async () => {
    const storage = await pgTarget.create()
    const url = (storage as unknown as { pool: { options: { connectionString: string } } }).pool.options.connectionString
    await storage.close()
    const server = await start(['--admin-password', 'chosen-admin-pw'], { DATABASE_URL: url })
    try {
      expect(await (await fetch(`${server.url}/api/health`)).json()).toMatchObject({ status: 'ok', storage: 'postgres' })
      expect(server.output()).not.toContain('chosen-admin-pw')
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'chosen-admin-pw' }) })
      expect(login.status).toBe(200)
    } finally {
      server.child.kill('SIGTERM')
      expect(await server.exited).toBe(0)
    }
  })
})

describe('npm start logging', () => {
  test('is quiet by default: the start banner, no line per request', async () => {
    const server = await start([], { LOG_LEVEL: '', DATA_DIR: join(dir, 'quiet-data') })
    try {
      const bannerEnd = server.output().length
      for (const path of ['/', '/api/health', '/api/unknown', '/settings']) await fetch(server.url + path)
      await new Promise((r) => setTimeout(r, 200))
      expect(server.output()).toContain('支部纪实 · Branch Records')
      expect(server.output().slice(bannerEnd)).toBe('')
    } finally {
      server.child.kill('SIGTERM')
      expect(await server.exited).toBe(0)
    }
  })

  test('LOG_LEVEL=info logs each request; an unknown level stops the start with a reason', async () => {
    const server = await start([], { LOG_LEVEL: 'info', DATA_DIR: join(dir, 'info-data') })
    try {
      await fetch(`${server.url}/api/health`)
      await new Promise((r) => setTimeout(r, 200))
      expect(server.output()).toMatch(/"url":"\/api\/health"/)
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
    }
    await expect(start([], { LOG_LEVEL: 'loud', DATA_DIR: join(dir, 'bad-data') })).rejects.toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got loud/)
  })
})
