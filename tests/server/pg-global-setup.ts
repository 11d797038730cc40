// Starts a throwaway PostgreSQL 15 cluster (tests/support/postgres.ts) for the server tests and hands its
// URL to them (`inject('pgUrl')`). Only started when the run includes tests/server; with CI=true a
// cluster that cannot start fails the run, locally missing binaries skip the PostgreSQL suites.
import type { TestProject } from 'vitest/node'
import { freeLoopbackPort, PG_BIN, postgresBinariesFound, startThrowawayPostgres, type ThrowawayPostgres } from '../support/postgres'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the throwaway cluster (database `postgres`), or null when PostgreSQL is skipped. */
    pgUrl: string | null
    /** Why PostgreSQL is skipped, shown by the suites that need it. */
    pgSkipReason: string | null
  }
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
  if (!postgresBinariesFound()) {
    const reason = `PostgreSQL binaries not found in ${PG_BIN}`
    if (ci) throw new Error(`${reason}: CI must run the PostgreSQL suites`)
    console.warn(`\n[pg-global-setup] ${reason} — PostgreSQL suites are SKIPPED (SQLite suites still run).\n`)
    provide(null, reason)
    return noop
  }

  let pg: ThrowawayPostgres
  try {
    pg = startThrowawayPostgres(await freeLoopbackPort())
  } catch (err) {
    const reason = (err as Error).message
    if (ci) throw err
    console.warn(`\n[pg-global-setup] ${reason} — PostgreSQL suites are SKIPPED.\n`)
    provide(null, reason)
    return noop
  }

  provide(pg.url, null)
  return async () => pg.stop()
}
