import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { DB_VERSION, openBranchRecordsDB } from '@/local/db'
import { uniqueDbName } from './helpers'

describe('database schema', () => {
  it('creates every store and index on a fresh install', async () => {
    const db = await openBranchRecordsDB(uniqueDbName())
    expect(db.version).toBe(DB_VERSION)
    expect([...db.objectStoreNames].sort()).toEqual(['attachments', 'branch', 'drafts', 'entities', 'members', 'meta', 'outbox', 'records', 'searchText', 'syncBase', 'syncMeta'])
    const tx = db.transaction(['records', 'outbox', 'members', 'syncMeta', 'syncBase', 'searchText'])
    const records = tx.objectStore('records')
    // No token index since version 3: search reads the `searchText` rows instead.
    expect([...records.indexNames].sort()).toEqual(['by-date', 'by-kind-date'])
    expect(tx.objectStore('searchText').keyPath).toBe('id')
    expect(records.index('by-kind-date').keyPath).toEqual(['kind', 'date'])
    const outbox = tx.objectStore('outbox')
    expect(outbox.autoIncrement).toBe(true)
    expect(outbox.index('by-mutation').unique).toBe(true)
    expect(tx.objectStore('syncMeta').keyPath).toEqual(['entity', 'id'])
    // Since version 4 the server's copy of a document has its own store, out of the small sync states.
    expect(tx.objectStore('syncBase').keyPath).toEqual(['entity', 'id'])
    expect([...tx.objectStore('members').indexNames]).toEqual(['by-name'])
    await tx.done
    db.close()
  })

  it('the outbox refuses a second mutation with the same mutationId', async () => {
    const db = await openBranchRecordsDB(uniqueDbName())
    const m = { mutationId: 'same', entity: 'record' as const, entityId: 'r', baseRev: 0, doc: {}, createdAt: '' }
    await db.add('outbox', { ...m })
    await expect(db.add('outbox', { ...m })).rejects.toMatchObject({ name: 'ConstraintError' })
    expect(await db.count('outbox')).toBe(1)
    db.close()
  })
})
