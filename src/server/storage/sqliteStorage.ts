// The embedded default: one SQLite file under DATA_DIR through better-sqlite3 (synchronous calls).
// One connection, so transactions are serialized by a promise queue: a transaction's awaits must not
// let another request's statements run inside it.
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { MIGRATIONS } from '../migrations/index'
import { insertSql, type Row, type Sql, type Storage, type Tx } from './storage'

type Statement = Database.Statement<unknown[], unknown>

export class SqliteStorage implements Storage {
  readonly dialect = 'sqlite' as const
  private readonly db: Database.Database
  private readonly statements = new Map<string, Statement>()
  private queue: Promise<unknown> = Promise.resolve()
  /** The write-ahead log, synced off the main thread (null for an in-memory database). */
  private readonly walPath: string | null
  private wal: FileHandle | null = null
  /** The WAL sync running now, and the one that starts after it (for commits made meanwhile). */
  private syncing: Promise<void> | null = null
  private nextSync: Promise<void> | null = null

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    // Durability without blocking: an acknowledged write must survive a power cut, not only a crash
    // of the process. FULL would fsync inside COMMIT, on the one thread that serves every request (and
    // once per request). With NORMAL, a WAL commit is written but not synced — after a crash of the
    // process nothing is lost and the file is always consistent, but a power cut can take the last
    // commits. So every commit is synced here instead, by `durable()` on libuv's thread pool, before
    // its caller hears of it; one sync covers all the commits made before it started.
    this.db.pragma('synchronous = NORMAL')
    this.walPath = file === ':memory:' ? null : `${file}-wal`
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
  async run(sql: string, params?: readonly unknown[]): Promise<number> {
    const changed = await this.exclusive(() => this.direct.run(sql, params))
    await this.durable()
    return changed
  }

  /** Resolves once every commit made before the call is on disk. */
  private durable(): Promise<void> {
    if (this.walPath === null) return Promise.resolve()
    // A sync already running may have started before the caller's commit: the next one covers it.
    if (this.nextSync) return this.nextSync
    if (!this.syncing) return (this.syncing = this.syncWal())
    const next = this.syncing.catch(() => undefined).then(() => {
      this.nextSync = null
      return (this.syncing = this.syncWal())
    })
    this.nextSync = next
    return next
  }

  private async syncWal(): Promise<void> {
    try {
      // The log exists from the first write on and keeps its inode until the connection closes.
      this.wal ??= await open(this.walPath as string, 'r+')
      await this.wal.datasync()
    } finally {
      this.syncing = null
    }
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await this.exclusive(async () => {
      const tx: Tx = {
        ...this.direct,
        lockEntity: async () => {},
        lockEntities: async () => {},
        lockFeed: async () => {},
        write: async (ops) => {
          for (const op of ops) {
            if ('sql' in op) {
              this.prepare(op.sql).run(...op.params)
            } else {
              // The cached one-row statement, run per row: it keeps the statement cache small.
              const st = this.prepare(insertSql(op.insert, op.columns, 1, op.suffix))
              for (const row of op.rows) st.run(...row)
            }
          }
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
    await this.durable()
    return result
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
    await this.durable()
  }

  isUniqueViolation(err: unknown): boolean {
    const code = (err as { code?: unknown } | null)?.code
    return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE'
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      if (this.db.open) this.db.close()
    })
    await this.syncing?.catch(() => undefined)
    await this.wal?.close()
    this.wal = null
  }
}
