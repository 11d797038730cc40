// The IndexedDB schemas exactly as past releases created them, so upgrade tests start from a real old
// database. History: never edit a version once released; add the next one.
import { openDB } from 'idb'

export type LegacyVersion = 1 | 2 | 3

export async function createLegacyDatabase(dbName: string, version: LegacyVersion): Promise<void> {
  const db = await openDB(dbName, version, {
    upgrade(db) {
      // Version 1: the first release.
      db.createObjectStore('branch', { keyPath: 'id' })
      db.createObjectStore('members', { keyPath: 'id' }).createIndex('by-name', 'name')
      const records = db.createObjectStore('records', { keyPath: 'id' })
      records.createIndex('by-kind-date', ['kind', 'date'])
      records.createIndex('by-date', 'date')
      // The multiEntry bigram index, replaced by `searchText` rows in version 3.
      if (version < 3) records.createIndex('by-token', 'tokens', { multiEntry: true })
      db.createObjectStore('drafts', { keyPath: 'id' })
      db.createObjectStore('attachments', { keyPath: 'hash' })
      const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true })
      outbox.createIndex('by-mutation', 'mutationId', { unique: true })
      outbox.createIndex('by-entity', ['entity', 'entityId'])
      db.createObjectStore('syncMeta', { keyPath: ['entity', 'id'] }).createIndex('by-state', 'state')
      db.createObjectStore('meta')
      if (version >= 2) {
        const entities = db.createObjectStore('entities', { keyPath: ['entity', 'id'] })
        entities.createIndex('by-entity', 'entity')
        entities.createIndex('by-entity-branch', ['entity', 'branchId'])
      }
      if (version >= 3) db.createObjectStore('searchText', { keyPath: 'id' })
    },
  })
  db.close()
}
