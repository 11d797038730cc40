// The embedded default: one SQLite file under DATA_DIR through better-sqlite3 (synchronous calls).
// One connection, so transactions are serialized by a promise queue: a transaction's awaits must not
// let another request's statements run inside it.
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { MIGRATIONS } from '../migrations/index'
import { valuesList, type Row, type Sql, type Storage, type Tx } from './storage'

type Statement = Database.Statement<unknown[], unknown>

export class SqliteStorage implements Storage {
  readonly dialect = 'sqlite' as const
  private readonly db: Database.Database
  private readonly statements = new Map<string, Statement>()
  private queue: Promise<unknown> = Promise.resolve()

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    // FULL: an acknowledged push must survive a power cut, not only a crash of the process.
    this.db.pragma('synchronous = FULL')
    this.db.pragma('foreign_keys = ON')
    this.db.pragma('busy_timeout = 5000')
  }

  private prepare(sql: string): Statement {
    let st = this.statements.get(sql)
    if (!st) {
      st = this.db.prepare(sql)
      this.statements.set(sql, st)
    }
    return st
  }

  private readonly direct: Sql = {
    all: async <T>(sql: string, params: readonly unknown[] = []) => this.prepare(sql).all(...params) as T[],
    get: async <T>(sql: string, params: readonly unknown[] = []) => this.prepare(sql).get(...params) as T | undefined,
    run: async (sql: string, params: readonly unknown[] = []) => {
      const st = this.prepare(sql)
      // RETURNING statements are read with all(); run() is for plain writes.
      return st.reader ? st.all(...params).length : st.run(...params).changes
    },
  }

  /** Runs `fn` alone on the connection. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn)
    this.queue = next.catch(() => undefined)
    return next
  }

  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.exclusive(() => this.direct.all<T>(sql, params))
  }
  get<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    return this.exclusive(() => this.direct.get<T>(sql, params))
  }
  run(sql: string, params?: readonly unknown[]): Promise<number> {
    return this.exclusive(() => this.direct.run(sql, params))
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const tx: Tx = {
        ...this.direct,
        lockEntity: async () => {},
        lockEntities: async () => {},
        lockFeed: async () => {},
        insertRows: async (table, columns, rows, suffix = '') => {
          // No round trips to save: the cached one-row statement keeps the statement cache small.
          const st = this.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${valuesList(1, columns.length)} ${suffix}`)
          for (const row of rows) st.run(...row)
        },
        forUpdate: '',
      }
      this.db.exec('BEGIN IMMEDIATE')
      try {
        const result = await fn(tx)
        this.db.exec('COMMIT')
        return result
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK')
        throw err
      }
    })
  }

  async migrate(): Promise<void> {
    await this.exclusive(async () => {
      this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)')
      for (const m of MIGRATIONS) {
        this.db.exec('BEGIN IMMEDIATE')
        try {
          const done = this.db.prepare('SELECT id FROM schema_migrations WHERE id = ?').get(m.id)
          if (!done) {
            this.db.exec(m.sqlite)
            this.db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, Date.now())
          }
          this.db.exec('COMMIT')
        } catch (err) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK')
          throw err
        }
      }
    })
  }

  isUniqueViolation(err: unknown): boolean {
    const code = (err as { code?: unknown } | null)?.code
    return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE'
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      if (this.db.open) this.db.close()
    })
  }
}
