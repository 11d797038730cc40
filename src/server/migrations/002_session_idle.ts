// Sessions end after a stretch of disuse as well as at their fixed expiry: the last time each was used.
import type { Migration } from './index'

const ddl = `
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;
`

export const sessionIdle: Migration = { id: 2, name: 'session_idle', sqlite: ddl, postgres: ddl }
