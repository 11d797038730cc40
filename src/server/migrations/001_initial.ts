// The first schema. Times are epoch milliseconds (BIGINT); documents are JSON text; booleans 0/1.
import type { Migration } from './index'

const tables = (t: { seq: string; blob: string; big: string }): string => `
CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at ${t.big} NOT NULL
);

CREATE TABLE branches (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  created_at ${t.big} NOT NULL
);
CREATE INDEX branches_org ON branches(org_id);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  branch_id TEXT REFERENCES branches(id),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at ${t.big} NOT NULL
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at ${t.big} NOT NULL,
  expires_at ${t.big} NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  blocked_until ${t.big} NOT NULL,
  last_failure_at ${t.big} NOT NULL
);

-- The head of every synced entity.
CREATE TABLE entities (
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  branch_id TEXT NOT NULL REFERENCES branches(id),
  rev INTEGER NOT NULL,
  doc TEXT,
  deleted INTEGER NOT NULL DEFAULT 0,
  conflict TEXT,
  updated_at ${t.big} NOT NULL,
  PRIMARY KEY (entity, id)
);
CREATE INDEX entities_branch ON entities(branch_id);

-- Every revision ever written, append-only (enforced by triggers below).
CREATE TABLE revisions (
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  rev INTEGER NOT NULL,
  doc TEXT,
  deleted INTEGER NOT NULL DEFAULT 0,
  mutation_id TEXT,
  device_id TEXT,
  user_id TEXT,
  at ${t.big} NOT NULL,
  incoming TEXT,
  conflicts TEXT,
  PRIMARY KEY (entity, id, rev)
);

-- Idempotency: the result of every applied mutation, keyed by the device's mutationId.
CREATE TABLE mutations (
  mutation_id TEXT PRIMARY KEY,
  body_hash TEXT NOT NULL,
  result TEXT NOT NULL,
  user_id TEXT NOT NULL,
  at ${t.big} NOT NULL
);

-- The change feed: one row per entity (older rows of an entity are removed when it changes again).
CREATE TABLE feed (
  seq ${t.seq},
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  rev INTEGER NOT NULL,
  branch_id TEXT NOT NULL
);
CREATE INDEX feed_branch_seq ON feed(branch_id, seq);
CREATE INDEX feed_entity ON feed(entity, id);

-- Attachments are content-addressed; a branch may read the bytes once it has uploaded or linked them.
CREATE TABLE attachments (
  sha256 TEXT PRIMARY KEY,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  bytes ${t.blob} NOT NULL,
  created_at ${t.big} NOT NULL
);

CREATE TABLE attachment_branches (
  sha256 TEXT NOT NULL REFERENCES attachments(sha256),
  branch_id TEXT NOT NULL REFERENCES branches(id),
  uploaded_by TEXT NOT NULL,
  created_at ${t.big} NOT NULL,
  PRIMARY KEY (sha256, branch_id)
);
`

export const initialSchema: Migration = {
  id: 1,
  name: 'initial',
  sqlite:
    tables({ seq: 'INTEGER PRIMARY KEY AUTOINCREMENT', blob: 'BLOB', big: 'INTEGER' }) +
    `
CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
`,
  postgres:
    tables({ seq: 'BIGSERIAL PRIMARY KEY', blob: 'BYTEA', big: 'BIGINT' }) +
    `
CREATE FUNCTION revisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'revisions are append-only'; END;
$$;
CREATE TRIGGER revisions_no_change BEFORE UPDATE OR DELETE ON revisions
FOR EACH ROW EXECUTE FUNCTION revisions_append_only();
`,
}
