// PostgreSQL through a `pg` Pool, for deployments with several stateless server processes on one
// database. Cross-process safety comes from transaction-scoped advisory locks (see Tx in storage.ts).
import pg from 'pg'
import { MIGRATIONS } from '../migrations/index'
import { entityLockKey, insertSql, type Row, type Storage, type Tx } from './storage'

// Advisory lock keys (two-int form, so they never collide with the hashed one-bigint entity keys).
const LOCK_SPACE = 731_001
const MIGRATION_LOCK = 1
const FEED_LOCK = 2

/** `?` placeholders → `$1, $2, …` (our SQL never has a `?` inside a string literal). */
export function toPgPlaceholders(sql: string): string {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

// BIGINT (epoch ms, feed seq) as numbers rather than strings: all our values are far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

// PostgreSQL takes at most 65,535 parameters per statement.
const MAX_PARAMS = 60_000

const RETRYABLE = new Set(['40001', '40P01'])

export class PostgresStorage implements Storage {
  readonly dialect = 'postgres' as const
  readonly pool: pg.Pool

  constructor(connectionString: string, options: { max?: number } = {}) {
    this.pool = new pg.Pool({ connectionString, max: options.max ?? 10, types })
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => {})
  }

  async all<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.pool.query(toPgPlaceholders(sql), params as unknown[])).rows as T[]
  }
  async get<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0]
  }
  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.pool.query(toPgPlaceholders(sql), params as unknown[])).rowCount ?? 0
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect()
      const q = async (sql: string, params: readonly unknown[] = []) => client.query(toPgPlaceholders(sql), params as unknown[])
      const tx: Tx = {
        all: async <R>(sql: string, params?: readonly unknown[]) => (await q(sql, params)).rows as R[],
        get: async <R>(sql: string, params?: readonly unknown[]) => (await q(sql, params)).rows[0] as R | undefined,
        run: async (sql: string, params?: readonly unknown[]) => (await q(sql, params)).rowCount ?? 0,
        lockEntity: async (entity: string, id: string) => {
          await q('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [entityLockKey(entity, id)])
        },
        lockEntities: async (keys) => {
          if (keys.length === 0) return
          // Sorted by lock key: every transaction takes its locks in the same order. The ORDER BY keeps
          // the subquery from being flattened, so the locks are taken row by row in that order.
          await q(
            `SELECT count(pg_advisory_xact_lock(h)) FROM (
               SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest(?::text[]) AS u(k) ORDER BY h
             ) AS sorted`,
            [keys.map((k) => entityLockKey(k.entity, k.id))],
          )
        },
        write: async (ops) => {
          const parts = ops.flatMap((op) => {
            if ('sql' in op) return [{ sql: op.sql, params: op.params }]
            if (op.rows.length === 0) return []
            const perChunk = Math.max(1, Math.floor(MAX_PARAMS / op.columns.length))
            const chunks = []
            for (let start = 0; start < op.rows.length; start += perChunk) {
              const rows = op.rows.slice(start, start + perChunk)
              chunks.push({ sql: insertSql(op.insert, op.columns, rows.length, op.suffix), params: rows.flat() })
            }
            return chunks
          })
          const last = parts.at(-1)
          if (!last) return
          if (parts.reduce((n, p) => n + p.params.length, 0) > MAX_PARAMS) {
            for (const p of parts) await q(p.sql, p.params)
            return
          }
          const clauses = parts.slice(0, -1).map((p, i) => `w${i} AS (${p.sql})`)
          await q(clauses.length ? `WITH ${clauses.join(', ')} ${last.sql}` : last.sql, parts.flatMap((p) => p.params))
        },
        lockFeed: async () => {
          await q('SELECT pg_advisory_xact_lock(?, ?)', [LOCK_SPACE, FEED_LOCK])
        },
        forUpdate: 'FOR UPDATE',
      }
      let broken = false
      try {
        await client.query('BEGIN')
        const result = await fn(tx)
        await client.query('COMMIT')
        return result
      } catch (err) {
        try {
          await client.query('ROLLBACK')
        } catch {
          broken = true
        }
        const code = (err as { code?: string }).code
        if (code && RETRYABLE.has(code) && attempt < 5) continue
        throw err
      } finally {
        client.release(broken)
      }
    }
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect()
    try {
      // Session-level lock: a second process starting at the same moment waits here, then finds
      // every migration applied.
      await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, MIGRATION_LOCK])
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      )
      for (const m of MIGRATIONS) {
        const done = await client.query('SELECT id FROM schema_migrations WHERE id = $1', [m.id])
        if (done.rowCount) continue
        await client.query('BEGIN')
        try {
          await client.query(m.postgres)
          await client.query('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [m.id, m.name, Date.now()])
          await client.query('COMMIT')
        } catch (err) {
          await client.query('ROLLBACK')
          throw err
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, MIGRATION_LOCK]).catch(() => undefined)
      client.release()
    }
  }

  isUniqueViolation(err: unknown): boolean {
    return (err as { code?: unknown } | null)?.code === '23505'
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end()
  }
}
