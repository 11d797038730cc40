// Precompressed static files: the build writes x.js.br / x.js.gz next to x.js; the server picks the copy
// the browser accepts, says so (content-encoding, vary) and keeps the asset's caching. /api is untouched.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApp } from '@/server/app'
import { cacheControlFor } from '@/server/http/staticFiles'
import { SqliteStorage } from '@/server/storage/sqliteStorage'

const dir = mkdtempSync(join(tmpdir(), 'br-static-'))
const dist = join(dir, 'dist')
const ASSET = '/assets/index-AbCdEf12.js'
const SCRIPT = `console.log(${JSON.stringify('支部纪实 '.repeat(200))})`
const SHELL = '<!doctype html><title>支部纪实</title><script type="module" src="/assets/index-AbCdEf12.js"></script>'
const UNCOMPRESSED_ASSET = '/assets/plain-XyZ98765.css'

let storage: SqliteStorage
let app: FastifyInstance

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'), { recursive: true })
  writeFileSync(join(dist, 'index.html'), SHELL)
  writeFileSync(join(dist, 'index.html.br'), brotliCompressSync(SHELL))
  writeFileSync(join(dist, 'index.html.gz'), gzipSync(SHELL))
  writeFileSync(join(dist, ASSET), SCRIPT)
  writeFileSync(join(dist, `${ASSET}.br`), brotliCompressSync(SCRIPT))
  writeFileSync(join(dist, `${ASSET}.gz`), gzipSync(SCRIPT))
  // A file the build did not compress (too small): served as it is whatever the browser accepts.
  writeFileSync(join(dist, UNCOMPRESSED_ASSET), 'a{color:red}')
  storage = new SqliteStorage(join(dir, 'test.sqlite'))
  await storage.migrate()
  app = await buildApp({ storage, logger: false, staticDir: dist })
  await app.ready()
})

afterAll(async () => {
  await app?.close()
  await storage?.close()
  rmSync(dir, { recursive: true, force: true })
})

const varyTokens = (vary: unknown): string[] => String(vary ?? '').toLowerCase().split(',').map((t) => t.trim())

describe('precompressed static files', () => {
  test('brotli is chosen when the browser accepts it, with its cache policy and type kept', async () => {
    const res = await app.inject({ method: 'GET', url: ASSET, headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(varyTokens(res.headers.vary)).toContain('accept-encoding')
    expect(res.headers['content-type']).toMatch(/javascript/)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(brotliDecompressSync(res.rawPayload).toString('utf8')).toBe(SCRIPT)
  })

  test('gzip when only gzip is accepted', async () => {
    const res = await app.inject({ method: 'GET', url: ASSET, headers: { 'accept-encoding': 'gzip' } })
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(varyTokens(res.headers.vary)).toContain('accept-encoding')
    expect(gunzipSync(res.rawPayload).toString('utf8')).toBe(SCRIPT)
  })

  test('identity when nothing (or only identity) is accepted, still varying on accept-encoding', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }]) {
      const res = await app.inject({ method: 'GET', url: ASSET, headers })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-encoding']).toBeUndefined()
      expect(varyTokens(res.headers.vary)).toContain('accept-encoding')
      expect(res.body).toBe(SCRIPT)
    }
  })

  test('a file without compressed copies is served as it is', async () => {
    const res = await app.inject({ method: 'GET', url: UNCOMPRESSED_ASSET, headers: { 'accept-encoding': 'br, gzip' } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.body).toBe('a{color:red}')
  })

  test('the app shell (/, client-side routes) is compressed too and never cached without revalidation', async () => {
    for (const url of ['/', '/books/committee-meeting']) {
      const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-encoding']).toBe('br')
      expect(res.headers['cache-control']).toBe('no-cache')
      expect(brotliDecompressSync(res.rawPayload).toString('utf8')).toBe(SHELL)
    }
  })

  test('/api/ responses are not affected', async () => {
    const health = await app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'br, gzip' } })
    expect(health.statusCode).toBe(200)
    expect(health.headers['content-encoding']).toBeUndefined()
    expect(varyTokens(health.headers.vary)).not.toContain('accept-encoding')
    expect(health.json()).toMatchObject({ status: 'ok' })
    const missing = await app.inject({ method: 'GET', url: '/api/nothing-here', headers: { 'accept-encoding': 'br, gzip' } })
    expect(missing.statusCode).toBe(404)
    expect(missing.headers['content-encoding']).toBeUndefined()
    expect(missing.json()).toMatchObject({ error: 'not-found' })
  })

  test('a compressed copy keeps the cache policy of the file it stands for', () => {
    expect(cacheControlFor('/srv/dist/assets/index-AbCdEf12.js.br')).toBe('public, max-age=31536000, immutable')
    expect(cacheControlFor('/srv/dist/assets/index-AbCdEf12.css.gz')).toBe('public, max-age=31536000, immutable')
    expect(cacheControlFor('/srv/dist/index.html.br')).toBe('no-cache')
    expect(cacheControlFor('/srv/dist/sw.js.gz')).toBe('no-cache')
  })
})
