// Chooses the storage from the configuration: PostgreSQL when DATABASE_URL is set, else SQLite.
import { join } from 'node:path'
import { PostgresStorage } from './postgresStorage'
import { SqliteStorage } from './sqliteStorage'
import type { Storage } from './storage'

export const SQLITE_FILE_NAME = 'branch-records.sqlite'

export function openStorage(config: { databaseUrl?: string; dataDir: string }): Storage {
  if (config.databaseUrl) return new PostgresStorage(config.databaseUrl)
  return new SqliteStorage(join(config.dataDir, SQLITE_FILE_NAME))
}
