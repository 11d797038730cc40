// The one storage interface of the server: plain SQL through a small dialect layer. Queries are written
// once with `?` placeholders in the SQL both SQLite and PostgreSQL understand (ON CONFLICT, RETURNING);
// the implementations differ only in connections, transactions, locks and DDL (see migrations/).

export type Dialect = 'sqlite' | 'postgres'
export type Row = Record<string, unknown>

export interface Sql {
  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>
  get<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>
}

/** One write of `Tx.write`: a (multi-row) insert, or a statement that returns nothing. */
export type WriteOp =
  | { insert: string; columns: readonly string[]; rows: readonly (readonly unknown[])[]; suffix?: string }
  | { sql: string; params: readonly unknown[] }

export interface Tx extends Sql {
  /**
   * Serializes writers of one entity, across server processes too (PostgreSQL advisory lock held to
   * the end of the transaction; SQLite transactions already hold the database's single write lock).
   */
  lockEntity(entity: string, id: string): Promise<void>
  /**
   * `lockEntity` for several entities at once, taken in one fixed order (so two transactions locking
   * overlapping sets cannot deadlock) and in one round trip.
   */
  lockEntities(keys: readonly { entity: string; id: string }[]): Promise<void>
  /**
   * Taken right before appending to the change feed, held to commit: feed sequence numbers then become
   * visible in order, so a reader's cursor can never skip past a change that commits later.
   */
  lockFeed(): Promise<void>
  /**
   * Runs writes that do not depend on each other's effects, in one statement on PostgreSQL (one round
   * trip: the first ones become data-modifying WITH clauses, all seeing one snapshot) and one after
   * another on SQLite, where there is no round trip to save. Inserts of no rows are skipped.
   */
  write(ops: readonly WriteOp[]): Promise<void>
  /** `FOR UPDATE` on PostgreSQL, empty on SQLite. */
  readonly forUpdate: string
}

export interface Storage extends Sql {
  readonly dialect: Dialect
  /** One transaction; rolled back when `fn` throws. Retried on PostgreSQL deadlock/serialization failure. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>
  /** Applies pending migrations (idempotent; safe when several processes start at once). */
  migrate(): Promise<void>
  /** True for a primary-key or unique violation (the caller decides whether to retry or answer 409). */
  isUniqueViolation(err: unknown): boolean
  close(): Promise<void>
}

/** Booleans are stored as 0/1 integers in both dialects. */
export const bool = (v: boolean): number => (v ? 1 : 0)
/** `(?, ?), (?, ?), …`: a VALUES list of `rows` rows of `columns` placeholders each. */
export function valuesList(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`
  return Array.from({ length: rows }, () => row).join(', ')
}

/** `INSERT INTO table (columns) VALUES (?, …), … suffix` for `rows` rows. */
export function insertSql(table: string, columns: readonly string[], rows: number, suffix = ''): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${valuesList(rows, columns.length)}${suffix ? ` ${suffix}` : ''}`
}

export const entityLockKey = (entity: string, id: string): string => `${entity}:${id}`

export const asBool = (v: unknown): boolean => v === 1 || v === true || v === '1'
