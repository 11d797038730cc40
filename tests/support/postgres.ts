// A throwaway PostgreSQL 15 cluster on a loopback port, for the server tests (tests/server/pg-global-setup.ts)
// and the server-load benchmark (tests/bench/support/processes.ts): one way to start it, so both measure
// and test against the same settings. PostgreSQL refuses to run as root, so as root the cluster runs as
// the `postgres` user through runuser, in a folder that user owns.
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'

export function postgresBinariesFound(): boolean {
  return existsSync(join(PG_BIN, 'initdb'))
}

/** A port nothing listens on right now, on 127.0.0.1. */
export function freeLoopbackPort(): Promise<number> {
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

export interface ThrowawayPostgres {
  /** Admin URL (database `postgres`, user `postgres`, trust authentication on loopback). */
  url: string
  /** Stops the cluster and removes its folder; safe to call more than once. */
  stop: () => void
}

/**
 * initdb + pg_ctl start in a new temporary folder (`<tmp>/<folderPrefix>…`), listening on 127.0.0.1:`port`
 * only, durability off (fsync, synchronous commit, full-page writes: it is thrown away). Throws, with the
 * end of the server log, when the cluster cannot start; the folder is removed then too.
 */
export function startThrowawayPostgres(port: number, folderPrefix = 'br-pg-'): ThrowawayPostgres {
  if (!postgresBinariesFound()) throw new Error(`PostgreSQL binaries not found in ${PG_BIN}`)
  const dir = mkdtempSync(join(tmpdir(), folderPrefix))
  const data = join(dir, 'data')
  const log = join(dir, 'server.log')
  const asRoot = process.getuid?.() === 0
  const run = (bin: string, args: string[]): void => {
    const cmd = asRoot ? 'runuser' : join(PG_BIN, bin)
    const argv = asRoot ? ['-u', 'postgres', '--', join(PG_BIN, bin), ...args] : args
    execFileSync(cmd, argv, { stdio: 'pipe', cwd: dir, timeout: 120_000 })
  }
  let started = false
  const stop = (): void => {
    try {
      if (started) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
    } finally {
      started = false
      rmSync(dir, { recursive: true, force: true })
    }
  }
  try {
    if (asRoot) {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
      chownSync(dir, id('-u'), id('-g'))
    }
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'])
    const serverOptions = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ')
    run('pg_ctl', ['-D', data, '-l', log, '-o', serverOptions, '-w', '-t', '60', 'start'])
    started = true
  } catch (err) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : ''
    stop()
    throw new Error(`PostgreSQL could not start: ${(err as Error).message}\n${serverLog}`)
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop }
}
