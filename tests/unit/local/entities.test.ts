// The generic entity store (inspections, findings, measures, evidence, study plans…): every write is one
// transaction with its outbox mutation, all-or-nothing batches, tombstones, and the upgrade of a version-1
// database that already holds a branch's records.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openDB } from 'idb'
import { LocalStoreError } from '@/local/contract'
import { openLocalStore } from '@/local/localStore'
import { DB_VERSION, openBranchRecordsDB } from '@/local/db'
import { openEntityStore } from '@/local/entityStore'
import type { Inspection, InspectionFinding, Measure } from '@/domain/rectification/types'
import type { StudyPlan } from '@/domain/plans/studyPlan'
import { makeRecord, openTestStore, uniqueDbName } from './helpers'
import { createLegacyDatabase } from './legacySchemas'

type InBranch<T> = T & { branchId: string }

const inspection = (over: Partial<Inspection> = {}): Inspection => ({
  id: 'insp-1',
  branchId: 'branch-1',
  scope: 'branch',
  title: '区委第三巡察组反馈意见',
  inspector: '区委第三巡察组',
  periodFrom: '2026-03-10',
  periodTo: '2026-05-10',
  feedbackDate: '2026-06-18',
  deadline: '2026-12-18',
  unitName: '第一党支部',
  createdAt: '2026-06-20T08:00:00.000Z',
  updatedAt: '2026-06-20T08:00:00.000Z',
  ...over,
})

const finding = (id: string, over: Partial<InBranch<InBranch<InspectionFinding>>> = {}): InBranch<InBranch<InspectionFinding>> => ({
  id,
  branchId: 'branch-1',
  inspectionId: 'insp-1',
  categoryId: 'cat-1',
  order: 1,
  title: '支委会未按月召开',
  ...over,
})

const measure = (id: string, over: Partial<InBranch<InBranch<Measure>>> = {}): InBranch<InBranch<Measure>> => ({
  id,
  branchId: 'branch-1',
  findingId: 'f-1',
  order: 1,
  text: '每月召开支委会',
  leadLeader: '王书记',
  responsible: '组织委员',
  deadline: '2026-09-30',
  status: 'in-progress',
  updatedAt: '2026-06-21T08:00:00.000Z',
  ...over,
})

async function raw(dbName: string) {
  const db = await openDB(dbName)
  const out = {
    entities: await db.getAll('entities'),
    outbox: await db.getAll('outbox'),
    syncMeta: await db.getAll('syncMeta'),
  }
  db.close()
  return out
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('generic entities: put, read, list, delete', () => {
  it('reads back what was put and lists per entity and per branch', async () => {
    const store = await openTestStore()
    await store.putEntity('inspection', inspection())
    await store.putEntity('finding', finding('f-1'))
    await store.putEntity('finding', finding('f-2', { order: 2, title: '党课次数不足' }))
    await store.putEntity('finding', finding('f-9', { branchId: 'branch-2', title: '另一个支部的问题' }))

    expect(await store.getEntity<Inspection>('inspection', 'insp-1')).toEqual(inspection())
    expect(await store.getEntity('inspection', 'nope')).toBeUndefined()
    // The same id under another entity name is another thing.
    expect(await store.getEntity('measure', 'f-1')).toBeUndefined()

    const all = await store.listEntities<InBranch<InspectionFinding>>('finding')
    expect(all.map((f) => f.id).sort()).toEqual(['f-1', 'f-2', 'f-9'])
    const mine = await store.listEntities<InBranch<InspectionFinding>>('finding', { branchId: 'branch-1' })
    expect(mine.map((f) => f.id).sort()).toEqual(['f-1', 'f-2'])
    expect(await store.listEntities('finding', { branchId: 'branch-3' })).toEqual([])
    expect(await store.listEntities('inspection')).toHaveLength(1)
  })

  it('a second put replaces the document; the stored copy is plain JSON (no undefined fields)', async () => {
    const store = await openTestStore()
    await store.putEntity('measure', measure('m-1'))
    await store.putEntity('measure', { ...measure('m-1'), status: 'done', completedOn: '2026-07-01', completionNote: undefined })
    const back = await store.getEntity<InBranch<Measure>>('measure', 'm-1')
    expect(back?.status).toBe('done')
    expect(back?.completedOn).toBe('2026-07-01')
    expect(back && 'completionNote' in back).toBe(false)
    expect(await store.listEntities('measure')).toHaveLength(1)
  })

  it('delete leaves a tombstone: hidden from lists, readable, and queued for the server', async () => {
    const store = await openTestStore()
    await store.putEntity('measure', measure('m-1'))
    await store.putEntity('measure', measure('m-2', { order: 2 }))
    await store.deleteEntity('measure', 'm-1')

    expect((await store.listEntities<InBranch<Measure>>('measure')).map((m) => m.id)).toEqual(['m-2'])
    const withDeleted = await store.listEntities<InBranch<Measure>>('measure', { includeDeleted: true })
    expect(withDeleted.map((m) => m.id).sort()).toEqual(['m-1', 'm-2'])
    const tombstone = await store.getEntity<InBranch<Measure>>('measure', 'm-1')
    expect(tombstone).toMatchObject({ id: 'm-1', deleted: true, text: '每月召开支委会' })
    expect(tombstone?.updatedAt).not.toBe(measure('m-1').updatedAt)

    const pending = await store.pendingMutations()
    expect(pending.map((m) => [m.entity, m.entityId])).toEqual([
      ['measure', 'm-1'],
      ['measure', 'm-2'],
      ['measure', 'm-1'],
    ])
    expect(pending[2]?.doc).toMatchObject({ id: 'm-1', deleted: true })

    await expect(store.deleteEntity('measure', 'never-existed')).rejects.toMatchObject({ code: 'not-found' })
  })

  it('study plans keep their items and revisions', async () => {
    const store = await openTestStore()
    const plan: StudyPlan = {
      id: 'plan-1',
      branchId: 'branch-1',
      year: 2026,
      type: 'party-lesson',
      items: [{ id: 'i1', month: 3, topic: '学习党章', linkedRecordIds: [] }],
      revisions: [{ at: '2026-02-01T00:00:00.000Z', by: '王书记', reason: '人员调整', items: [] }],
    }
    await store.putEntity('study-plan', plan)
    expect(await store.getEntity('study-plan', 'plan-1')).toEqual(plan)
  })
})

describe('generic entities: the outbox and sync state', () => {
  it('each put queues a mutation on baseRev 0 and marks the entity pending, in one transaction', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    const realTransaction = IDBDatabase.prototype.transaction
    const writes: string[][] = []
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (args[1] === 'readwrite') writes.push([...(Array.isArray(args[0]) ? args[0] : [args[0]])].sort())
      return realTransaction.apply(this, args)
    })
    await store.putEntity('inspection', inspection())
    vi.restoreAllMocks()
    expect(writes).toEqual([['entities', 'outbox', 'syncMeta']])

    const { entities, outbox, syncMeta } = await raw(dbName)
    expect(entities).toEqual([
      { entity: 'inspection', id: 'insp-1', branchId: 'branch-1', doc: inspection(), updatedAt: '2026-06-20T08:00:00.000Z' },
    ])
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({ entity: 'inspection', entityId: 'insp-1', baseRev: 0, doc: inspection() })
    expect(outbox[0].mutationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/)
    expect(syncMeta).toEqual([expect.objectContaining({ entity: 'inspection', id: 'insp-1', rev: 0, state: 'pending' })])
  })

  it('builds on the revision the device last had from the server; a conflict stays a conflict', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    await store.putEntity('measure', measure('m-1'))
    await store.putEntity('measure', measure('m-2'))
    // As the sync engine would leave them: m-1 synced at rev 4, m-2 in conflict at rev 7.
    const db = await openDB(dbName)
    await db.clear('outbox')
    await db.put('syncMeta', { entity: 'measure', id: 'm-1', rev: 4, state: 'synced', changedAt: '2026-06-22T00:00:00.000Z', lastError: 'old' })
    await db.put('syncMeta', { entity: 'measure', id: 'm-2', rev: 7, state: 'conflict', changedAt: '2026-06-22T00:00:00.000Z' })
    db.close()

    await store.putEntity('measure', measure('m-1', { status: 'done' }))
    await store.putEntity('measure', measure('m-2', { status: 'done' }))
    const { outbox, syncMeta } = await raw(dbName)
    expect(outbox.map((m) => [m.entityId, m.baseRev])).toEqual([
      ['m-1', 4],
      ['m-2', 7],
    ])
    const metaOf = (id: string) => syncMeta.find((m) => m.id === id)
    expect(metaOf('m-1')).toMatchObject({ rev: 4, state: 'pending' })
    expect(metaOf('m-1')).not.toHaveProperty('lastError')
    expect(metaOf('m-2')).toMatchObject({ rev: 7, state: 'conflict' })
  })

  it('a failing entity write rolls back the outbox mutation queued before it', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    await store.putEntity('measure', measure('m-0'))
    const realPut = IDBObjectStore.prototype.put
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'entities') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      return realPut.apply(this, args)
    })
    const error = await store.putEntity('measure', measure('m-1')).catch((e: unknown) => e)
    vi.restoreAllMocks()
    expect(error).toBeInstanceOf(LocalStoreError)
    expect((error as LocalStoreError).code).toBe('quota')
    const after = await raw(dbName)
    expect(after.entities.map((e) => e.id)).toEqual(['m-0'])
    expect(after.outbox.map((m) => m.entityId)).toEqual(['m-0'])
    expect(after.syncMeta.map((m) => m.id)).toEqual(['m-0'])
  })
})

describe('putEntities: all or nothing', () => {
  const batch = () => [
    { entity: 'inspection' as const, doc: inspection() },
    { entity: 'finding-category' as const, doc: { id: 'cat-1', branchId: 'branch-1', inspectionId: 'insp-1', order: 1, title: '基层党组织建设方面' } },
    { entity: 'finding' as const, doc: finding('f-1') },
    { entity: 'finding' as const, doc: finding('f-2', { order: 2 }) },
  ]

  it('writes every document with its mutation', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    await store.putEntities(batch())
    const { entities, outbox } = await raw(dbName)
    expect(entities).toHaveLength(4)
    expect(outbox.map((m) => `${m.entity}:${m.entityId}`)).toEqual(['inspection:insp-1', 'finding-category:cat-1', 'finding:f-1', 'finding:f-2'])
    expect(new Set(outbox.map((m) => m.mutationId)).size).toBe(4)
    await store.putEntities([]) // nothing to do, no error
  })

  it('a storage failure on the last document leaves none of them', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    const realPut = IDBObjectStore.prototype.put
    let entityPuts = 0
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'entities' && ++entityPuts === 4) throw new DOMException('disk full', 'QuotaExceededError')
      return realPut.apply(this, args)
    })
    await expect(store.putEntities(batch())).rejects.toMatchObject({ code: 'quota' })
    vi.restoreAllMocks()
    expect(entityPuts).toBe(4)
    expect(await raw(dbName)).toEqual({ entities: [], outbox: [], syncMeta: [] })
    expect(await store.getEntity('inspection', 'insp-1')).toBeUndefined()
  })

  it('one invalid document refuses the batch before anything is written, saying why', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    const bad = [...batch(), { entity: 'measure' as const, doc: { ...measure('m-1'), status: 'finished' as Measure['status'] } }]
    const error = await store.putEntities(bad).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LocalStoreError)
    expect((error as LocalStoreError).code).toBe('invalid')
    expect((error as LocalStoreError).reason).toBe('entity-invalid')
    expect(String((error as LocalStoreError).params.detail)).toMatch(/status/)
    expect(await raw(dbName)).toEqual({ entities: [], outbox: [], syncMeta: [] })
  })

  it('refuses documents without a branch, unknown entity names, record-like names and duplicates', async () => {
    const store = await openTestStore()
    await expect(store.putEntity('finding', { ...finding('f-1'), branchId: '' })).rejects.toMatchObject({ code: 'invalid' })
    await expect(store.putEntity('finding', { ...finding('f-1'), id: '' })).rejects.toMatchObject({ code: 'invalid' })
    await expect(store.putEntity('nonsense' as 'finding', finding('f-1'))).rejects.toMatchObject({ code: 'invalid' })
    await expect(store.putEntity('record' as 'finding', finding('f-1'))).rejects.toMatchObject({ code: 'invalid' })
    await expect(store.putEntities([{ entity: 'finding', doc: finding('f-1') }, { entity: 'finding', doc: finding('f-1') }])).rejects.toMatchObject({ code: 'invalid' })
    // An unknown field is what the server would refuse too.
    await expect(store.putEntity('finding', { ...finding('f-1'), extra: 1 })).rejects.toMatchObject({ code: 'invalid' })
    expect(await store.listEntities('finding', { includeDeleted: true })).toEqual([])
  })
})

describe('upgrade from a version-1 database', () => {
  it('keeps the records, drafts, outbox and device id, and adds the entities store', async () => {
    const dbName = uniqueDbName()
    await createLegacyDatabase(dbName, 1)
    // Fill it through a store that only knows version 1 would be ideal; the same rows written raw do.
    const record = makeRecord({ title: '升级前的支委会' })
    const v1 = await openDB(dbName, 1)
    await v1.put('records', { id: record.id, kind: record.kind, date: record.date, doc: record, tokens: ['支委'] })
    await v1.put('drafts', { id: 'draft-1', doc: makeRecord({ id: 'draft-1' }), savedAt: '2026-07-01T00:00:00.000Z' })
    await v1.add('outbox', { mutationId: 'mu-1', entity: 'record', entityId: record.id, baseRev: 0, doc: record, createdAt: '2026-07-15T10:00:00.000Z' })
    await v1.put('meta', 'device-1', 'deviceId')
    v1.close()

    const store = await openLocalStore({ dbName })
    expect((await store.getRecord(record.id))?.title).toBe('升级前的支委会')
    expect((await store.getDraft('draft-1'))?.id).toBe('draft-1')
    expect(await store.getDeviceId()).toBe('device-1')
    expect((await store.pendingMutations()).map((m) => m.mutationId)).toEqual(['mu-1'])

    await store.putEntity('inspection', inspection())
    expect(await store.getEntity('inspection', 'insp-1')).toEqual(inspection())
    expect((await store.pendingMutations()).map((m) => m.entity)).toEqual(['record', 'inspection'])
    store.close()

    const db = await openBranchRecordsDB(dbName)
    expect(db.version).toBe(DB_VERSION)
    expect(DB_VERSION).toBeGreaterThanOrEqual(2)
    const tx = db.transaction('entities')
    const entities = tx.objectStore('entities')
    expect(entities.keyPath).toEqual(['entity', 'id'])
    expect([...entities.indexNames].sort()).toEqual(['by-entity', 'by-entity-branch'])
    expect(entities.index('by-entity-branch').keyPath).toEqual(['entity', 'branchId'])
    await tx.done
    db.close()
  })
})

describe('openEntityStore on a raw database handle', () => {
  it('offers the same methods', async () => {
    const db = await openBranchRecordsDB(uniqueDbName())
    const entities = openEntityStore(db)
    await entities.putEntities([{ entity: 'finding', doc: finding('f-1') }])
    expect((await entities.listEntities('finding')).map((f) => f.id)).toEqual(['f-1'])
    await entities.deleteEntity('finding', 'f-1')
    expect(await entities.listEntities('finding')).toEqual([])
    expect(await db.count('outbox')).toBe(2)
    db.close()
  })
})

describe('evidence files travel with their evidence', () => {
  it('a pushed evidence link names its photo, scan or rule file for upload before it', async () => {
    const { referencedAttachments } = await import('@/local/syncApply')
    const a = 'a'.repeat(64)
    const b = 'b'.repeat(64)
    const file = { hash: a, mime: 'application/pdf', size: 9, role: 'scan' }
    expect(referencedAttachments({ entity: 'evidence', doc: { id: 'e1', type: 'file', file } })).toEqual([a])
    expect(referencedAttachments({ entity: 'evidence', doc: { id: 'e2', type: 'rule', rule: { name: '细则', docNumber: '', adoptedOn: '2026-07-05', fileHash: b }, file: { ...file, hash: b } } })).toEqual([b])
    expect(referencedAttachments({ entity: 'evidence', doc: { id: 'e3', type: 'record', recordId: 'r1' } })).toEqual([])
    expect(referencedAttachments({ entity: 'measure', doc: { id: 'm1', file } })).toEqual([])
  })
})

describe('backup and restore carry the entities', () => {
  it('a backup holds every entity, tombstones too, and a restore on another phone brings them back queued for sync', async () => {
    const source = await openTestStore()
    await source.putEntities([
      { entity: 'inspection', doc: inspection() },
      { entity: 'finding', doc: finding('f-1') },
      { entity: 'measure', doc: measure('m-1') },
      { entity: 'measure', doc: measure('m-2') },
    ])
    await source.deleteEntity('measure', 'm-2')
    const backup = await source.exportBackup()

    const dbName = uniqueDbName()
    const target = await openLocalStore({ dbName })
    const report = await target.restoreBackup(backup)
    expect(report.entities).toBe(4)
    expect(report.skipped).toEqual([])
    expect(await target.getEntity('inspection', 'insp-1')).toEqual(inspection())
    expect((await target.listEntities<InBranch<Measure>>('measure')).map((m) => m.id)).toEqual(['m-1'])
    expect(await target.getEntity('measure', 'm-2')).toMatchObject({ deleted: true })
    const { outbox } = await raw(dbName)
    expect(outbox.map((m) => `${m.entity}:${m.entityId}`).sort()).toEqual(['finding:f-1', 'inspection:insp-1', 'measure:m-1', 'measure:m-2'])

    // Restoring again changes nothing: the phone's copies are as new.
    const again = await target.restoreBackup(backup)
    expect(again.entities).toBe(0)
    expect(again.skipped.filter((s) => s.reason.includes('保留本机版本'))).toHaveLength(4)
  })

  it('keeps a newer local edit and skips, saying why, a document this app cannot accept', async () => {
    const source = await openTestStore()
    await source.putEntity('measure', measure('m-1', { updatedAt: '2026-06-21T08:00:00.000Z' }))
    const backup = await source.exportBackup()
    const target = await openTestStore()
    await target.putEntity('measure', measure('m-1', { status: 'done', completedOn: '2026-07-01', noEvidenceReason: '当场纠正', updatedAt: '2026-07-01T08:00:00.000Z' }))
    const report = await target.restoreBackup(backup)
    expect(report.entities).toBe(0)
    expect((await target.getEntity<InBranch<Measure>>('measure', 'm-1'))?.status).toBe('done')

    const { strFromU8, strToU8, unzipSync, zipSync } = await import('fflate')
    const files = unzipSync(new Uint8Array(await backup.arrayBuffer()))
    const entities = JSON.parse(strFromU8(files['entities.json']!)) as { entity: string; id: string; doc: Record<string, unknown> }[]
    entities.push({ entity: 'measure', id: 'm-bad', doc: { ...measure('m-bad'), status: 'finished' } })
    entities.push({ entity: 'record', id: 'r-x', doc: { id: 'r-x', branchId: 'branch-1' } })
    const manifest = JSON.parse(strFromU8(files['backup.json']!)) as { counts: Record<string, number> }
    manifest.counts.entities = entities.length
    files['entities.json'] = strToU8(JSON.stringify(entities))
    files['backup.json'] = strToU8(JSON.stringify(manifest))
    const tampered = new Blob([zipSync(files) as Uint8Array<ArrayBuffer>])
    const fresh = await openTestStore()
    const report2 = await fresh.restoreBackup(tampered)
    expect(report2.entities).toBe(1)
    expect(report2.skipped.map((s) => s.what)).toEqual(['数据「measure m-bad」', '数据「record r-x」'])
    expect(report2.skipped[0]?.reason).toMatch(/status/)
    expect(await fresh.getEntity('measure', 'm-bad')).toBeUndefined()
  })

  it('a backup made before entities existed still restores', async () => {
    const source = await openTestStore()
    await source.saveRecord(makeRecord({ title: '旧备份中的记录' }))
    const { strFromU8, strToU8, unzipSync, zipSync } = await import('fflate')
    const files = unzipSync(new Uint8Array(await (await source.exportBackup()).arrayBuffer()))
    delete files['entities.json']
    const manifest = JSON.parse(strFromU8(files['backup.json']!)) as { counts: Record<string, number> }
    delete manifest.counts.entities
    files['backup.json'] = strToU8(JSON.stringify(manifest))
    const target = await openTestStore()
    const report = await target.restoreBackup(new Blob([zipSync(files) as Uint8Array<ArrayBuffer>]))
    expect(report).toMatchObject({ records: 1, entities: 0 })
  })
})
