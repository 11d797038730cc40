// Starts a throwaway PostgreSQL 15 cluster on a loopback port for the server tests and hands its URL
// to them (`inject('pgUrl')`). PostgreSQL refuses to run as root, so as root the cluster runs as the
// `postgres` user through runuser. Only started when the run includes tests/server; with CI=true a
// cluster that cannot start fails the run, locally missing binaries skip the PostgreSQL suites.
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the throwaway cluster (database `postgres`), or null when PostgreSQL is skipped. */
    pgUrl: string | null
    /** Why PostgreSQL is skipped, shown by the suites that need it. */
    pgSkipReason: string | null
  }
}

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
  return { uid, gid }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const provide = (url: string | null, reason: string | null): void => {
    project.provide('pgUrl', url)
    project.provide('pgSkipReason', reason)
  }
  const noop = async (): Promise<void> => {}

  const { testFiles } = await project.globTestFiles(project.vitest.config.filters ?? [])
  if (!testFiles.some((f) => f.replaceAll('\\', '/').includes('/tests/server/'))) {
    provide(null, 'no server tests in this run')
    return noop
  }

  const ci = process.env.CI === 'true'
  if (!existsSync(join(PG_BIN, 'initdb'))) {
    const reason = `PostgreSQL binaries not found in ${PG_BIN}`
    if (ci) throw new Error(`${reason}: CI must run the PostgreSQL suites`)
    console.warn(`\n[pg-global-setup] ${reason} — PostgreSQL suites are SKIPPED (SQLite suites still run).\n`)
    provide(null, reason)
    return noop
  }

  const dir = mkdtempSync(join(tmpdir(), 'br-pg-'))
  const data = join(dir, 'data')
  const log = join(dir, 'server.log')
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const { uid, gid } = postgresIds()
    chownSync(dir, uid, gid)
  }
  const run = (bin: string, args: string[]): void => {
    const cmd = asRoot ? 'runuser' : join(PG_BIN, bin)
    const argv = asRoot ? ['-u', 'postgres', '--', join(PG_BIN, bin), ...args] : args
    execFileSync(cmd, argv, { stdio: 'pipe', cwd: dir })
  }

  const port = await freePort()
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'])
    const serverOptions = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dir}`,
      // A throwaway cluster: durability off for speed.
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ')
    run('pg_ctl', ['-D', data, '-l', log, '-o', serverOptions, '-w', '-t', '60', 'start'])
  } catch (err) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : ''
    rmSync(dir, { recursive: true, force: true })
    const reason = `PostgreSQL could not start: ${(err as Error).message}\n${serverLog}`
    if (ci) throw new Error(reason)
    console.warn(`\n[pg-global-setup] ${reason} — PostgreSQL suites are SKIPPED.\n`)
    provide(null, reason)
    return noop
  }

  provide(`postgres://postgres@127.0.0.1:${port}/postgres`, null)
  return async () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
