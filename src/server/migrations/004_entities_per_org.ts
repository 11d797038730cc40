// Entities, their revisions and the change feed are keyed per organization, (org_id, entity, id): ids are
// made on the devices, so another organization may use the same one, and that must neither be refused nor
// show. Existing rows take their branch's organization. SQLite cannot change a primary key in place, so
// its tables are rebuilt (DROP TABLE drops the append-only triggers first, so the copy is allowed);
// PostgreSQL changes the keys in place, the append-only trigger off for the one backfill.
import type { Migration } from './index'

const feed = `
ALTER TABLE feed ADD COLUMN org_id TEXT NOT NULL DEFAULT '';
UPDATE feed SET org_id = (SELECT org_id FROM branches WHERE branches.id = feed.branch_id);
DROP INDEX feed_entity;
CREATE INDEX feed_entity ON feed(org_id, entity, id);
`

const sqlite = `
CREATE TABLE entities_by_org (
  org_id TEXT NOT NULL REFERENCES organizations(id),
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  branch_id TEXT NOT NULL REFERENCES branches(id),
  rev INTEGER NOT NULL,
  doc TEXT,
  deleted INTEGER NOT NULL DEFAULT 0,
  conflict TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (org_id, entity, id)
);
INSERT INTO entities_by_org (org_id, entity, id, branch_id, rev, doc, deleted, conflict, updated_at)
  SELECT b.org_id, e.entity, e.id, e.branch_id, e.rev, e.doc, e.deleted, e.conflict, e.updated_at
    FROM entities e JOIN branches b ON b.id = e.branch_id;
DROP TABLE entities;
ALTER TABLE entities_by_org RENAME TO entities;
CREATE INDEX entities_branch ON entities(branch_id);

CREATE TABLE revisions_by_org (
  org_id TEXT NOT NULL REFERENCES organizations(id),
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  rev INTEGER NOT NULL,
  doc TEXT,
  deleted INTEGER NOT NULL DEFAULT 0,
  mutation_id TEXT,
  device_id TEXT,
  user_id TEXT,
  at INTEGER NOT NULL,
  incoming TEXT,
  conflicts TEXT,
  PRIMARY KEY (org_id, entity, id, rev)
);
INSERT INTO revisions_by_org (org_id, entity, id, rev, doc, deleted, mutation_id, device_id, user_id, at, incoming, conflicts)
  SELECT e.org_id, r.entity, r.id, r.rev, r.doc, r.deleted, r.mutation_id, r.device_id, r.user_id, r.at, r.incoming, r.conflicts
    FROM revisions r JOIN entities e ON e.entity = r.entity AND e.id = r.id;
DROP TABLE revisions;
ALTER TABLE revisions_by_org RENAME TO revisions;
CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
${feed}`

const postgres = `
ALTER TABLE entities ADD COLUMN org_id TEXT REFERENCES organizations(id);
UPDATE entities e SET org_id = b.org_id FROM branches b WHERE b.id = e.branch_id;
ALTER TABLE entities ALTER COLUMN org_id SET NOT NULL;
ALTER TABLE entities DROP CONSTRAINT entities_pkey, ADD PRIMARY KEY (org_id, entity, id);

ALTER TABLE revisions ADD COLUMN org_id TEXT REFERENCES organizations(id);
ALTER TABLE revisions DISABLE TRIGGER revisions_no_change;
UPDATE revisions r SET org_id = e.org_id FROM entities e WHERE e.entity = r.entity AND e.id = r.id;
ALTER TABLE revisions ENABLE TRIGGER revisions_no_change;
ALTER TABLE revisions ALTER COLUMN org_id SET NOT NULL;
ALTER TABLE revisions DROP CONSTRAINT revisions_pkey, ADD PRIMARY KEY (org_id, entity, id, rev);
${feed}`

export const entitiesPerOrg: Migration = { id: 4, name: 'entities_per_org', sqlite, postgres }
