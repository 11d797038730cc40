// Processes the benchmarks start: the real server (SQLite or PostgreSQL), a throwaway PostgreSQL 15
// cluster, the PouchDB server, and a loopback reverse proxy. Everything listens on 127.0.0.1 only,
// every child is tracked and stopped at the end (also on Ctrl-C), and each has a lifetime cap so that
// nothing outlives a crashed run for long.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer as createHttpServer, request as httpRequest, Agent, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freeLoopbackPort, startThrowawayPostgres } from '../../support/postgres'

export const ROOT = process.cwd()
/** The server is started as `npm start` would, through tsx with the `@/` paths of tsconfig.node.json. */
const TSX_ENV = { TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.node.json') }

const children = new Set<ChildProcess>()
const cleanups: (() => void)[] = []

function stopAllNow(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  for (const cleanup of cleanups.splice(0)) {
    try {
      cleanup()
    } catch {
      // best effort on the way out
    }
  }
}
process.once('exit', stopAllNow)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopAllNow()
    process.exit(130)
  })
}

/** Runs `cleanup` when the process ends, however it ends (a temporary folder, say). */
export function onExit(cleanup: () => void): void {
  cleanups.push(cleanup)
}

export const freePort = freeLoopbackPort

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

function track(child: ChildProcess, lifetimeMs: number): { output: () => string; stop: () => Promise<void> } {
  children.add(child)
  let output = ''
  child.stdout?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000)
  })
  child.stderr?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000)
  })
  const cap = setTimeout(() => child.kill('SIGKILL'), lifetimeMs)
  cap.unref()
  child.once('exit', () => {
    clearTimeout(cap)
    children.delete(child)
  })
  return {
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const forced = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(forced)
    },
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited early (${child.exitCode}):\n${log()}`)
    try {
      if (await check()) return
    } catch {
      // not up yet
    }
    await sleep(200)
  }
  throw new Error(`${what} did not come up in ${timeoutMs / 1000} s:\n${log()}`)
}

export interface AppServer {
  baseUrl: string
  adminPassword: string
  storage: string
  stop: () => Promise<void>
}

export const ADMIN_PASSWORD = 'bench-admin-Passw0rd'

/** The real server (`src/server/main.ts`) on a free loopback port, with a throwaway data folder. */
export async function startAppServer(options: { staticDir: string; databaseUrl?: string; label: string }): Promise<AppServer> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), `br-bench-${options.label}-`))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...TSX_ENV,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    STATIC_DIR: options.staticDir,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  }
  delete env.DATABASE_URL
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const proc = track(child, 60 * 60_000)
  const baseUrl = `http://127.0.0.1:${port}`
  await waitFor(`server (${options.label})`, async () => (await fetch(`${baseUrl}/api/health`)).ok, child, proc.output)
  const health = (await (await fetch(`${baseUrl}/api/health`)).json()) as { storage: string }
  const removeData = () => rmSync(dataDir, { recursive: true, force: true })
  cleanups.push(removeData)
  return {
    baseUrl,
    adminPassword: ADMIN_PASSWORD,
    storage: health.storage,
    stop: async () => {
      await proc.stop()
      removeData()
    },
  }
}

// ---------------------------------------------------------------- PostgreSQL

export interface Postgres {
  url: string
  stop: () => void
}

/** The tests' throwaway PostgreSQL 15 cluster (same settings), stopped at the end of the run at the latest. */
export function startPostgres(port: number): Postgres {
  const pg = startThrowawayPostgres(port, 'br-bench-pg-')
  cleanups.push(pg.stop) // stopping twice is harmless
  return pg
}

// ---------------------------------------------------------------- PouchDB server

export interface PouchServer {
  baseUrl: string
  stop: () => Promise<void>
}

/** express-pouchdb on PouchDB's in-memory adapter (pure JS), seeded with the benchmark's documents. */
export async function startPouchServer(options: { count: number; branchId: string; database: string }): Promise<PouchServer> {
  const port = await freePort()
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/bench/node/pouchServer.ts', String(port), String(options.count), options.branchId, options.database],
    { cwd: ROOT, env: { ...process.env, ...TSX_ENV }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const proc = track(child, 60 * 60_000)
  // Its own folder (express-pouchdb's log) is removed by the server on SIGTERM; after a SIGKILL, here.
  const pid = child.pid
  cleanups.push(() => {
    for (const dir of readdirSync(tmpdir())) {
      if (dir.startsWith(`br-bench-pouch-${pid}-`)) rmSync(join(tmpdir(), dir), { recursive: true, force: true })
    }
  })
  const baseUrl = `http://127.0.0.1:${port}`
  await waitFor('PouchDB server', async () => proc.output().includes('seeded'), child, proc.output, 180_000)
  return { baseUrl, stop: proc.stop }
}

// ---------------------------------------------------------------- proxy

export interface Proxy {
  baseUrl: string
  stop: () => Promise<void>
}

/**
 * One origin for the sync benchmark page: `/pouch/…` goes to the PouchDB server, everything else to the
 * app server. Both sides pass through the same proxy, so neither pays a hop the other does not.
 */
export async function startProxy(routes: { pouch: string; app: string }): Promise<Proxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  const server: Server = createHttpServer((req, res) => {
    const url = req.url ?? '/'
    const toPouch = url === '/pouch' || url.startsWith('/pouch/')
    const target = new URL(toPouch ? routes.pouch : routes.app)
    const path = toPouch ? url.slice('/pouch'.length) || '/' : url
    // The body is buffered so that a request can be sent again on a fresh connection (below).
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const send = (retry: boolean): void => {
        const upstream = httpRequest(
          { agent, host: target.hostname, port: target.port, method: req.method, path, headers: { ...req.headers, host: target.host } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers)
            answer.pipe(res)
          },
        )
        upstream.on('error', (e: NodeJS.ErrnoException) => {
          // A kept-alive socket the server closed just as we reused it: nothing reached the server, so
          // the request is sent once more on a new connection (Node's documented remedy).
          if (retry && upstream.reusedSocket && e.code === 'ECONNRESET') return send(false)
          process.stderr.write(`[bench proxy] ${req.method} ${url}: ${e.code ?? ''} ${e.message}\n`)
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
          res.end(`proxy: ${e.message}`)
        })
        upstream.end(body)
      }
      send(true)
    })
  })
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
        agent.destroy()
      }),
  }
}

/** Runs a TypeScript benchmark in its own Node process and returns the JSON it prints last. */
export async function runNodeBench<T>(script: string, args: string[], timeoutMs: number): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...TSX_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const proc = track(child, timeoutMs)
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  const out = proc.output().trim()
  const last = out.split('\n').reverse().find((line) => line.startsWith('{'))
  if (code !== 0 || !last) throw new Error(`${script} failed (exit ${code}):\n${out.slice(-3000)}`)
  return JSON.parse(last) as T
}
