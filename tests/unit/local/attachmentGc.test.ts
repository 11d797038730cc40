// Garbage collection of attachment files on the device. Property: over random reference graphs — files
// referenced by records (photos, thumbnails, signatures), drafts, unsent changes, the server's copies
// kept for merges, conflicts, rectification evidence (files and adopted rules), quarterly sign-offs — a
// referenced file is never removed; an unreferenced one is removed only after the grace period.
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { attachmentGarbage, collectAttachmentHashes } from '@/domain/attachmentRefs'
import { openBranchRecordsDB } from '@/local/db'
import { openSyncLocal } from '@/local/syncApply'
import { openLocalStore } from '@/local/localStore'
import { makeRecord, uniqueDbName } from './helpers'

const NOW = Date.parse('2026-07-20T08:00:00.000Z')
const DAY = 24 * 3600 * 1000
const GRACE = 30 * DAY
const POOL = Array.from({ length: 14 }, (_, i) => createHash('sha256').update(`file ${i}`).digest('hex'))

/** Where a reference sits: each kind of holder the device keeps. */
const HOLDERS = ['record-photo', 'record-thumb', 'record-signature', 'deleted-record', 'draft', 'outbox', 'sync-base', 'conflict', 'evidence-file', 'evidence-rule', 'signoff'] as const
type Holder = (typeof HOLDERS)[number]

const graphArb = fc.record({
  files: fc.array(fc.record({ file: fc.integer({ min: 0, max: POOL.length - 1 }), ageDays: fc.integer({ min: 0, max: 90 }) }), { maxLength: 14 }),
  refs: fc.array(fc.record({ holder: fc.constantFrom(...HOLDERS), file: fc.integer({ min: 0, max: POOL.length - 1 }) }), { maxLength: 12 }),
})

const ref = (hash: string, role: 'photo' | 'signature' = 'photo') => ({ hash, mime: 'image/jpeg', size: 100, role })

interface Graph {
  files: { file: number; ageDays: number }[]
  refs: { holder: Holder; file: number }[]
}

async function writeGraph(dbName: string, graph: Graph): Promise<void> {
  const db = await openBranchRecordsDB(dbName)
  const tx = db.transaction(['attachments', 'records', 'drafts', 'outbox', 'syncMeta', 'syncBase', 'entities'], 'readwrite')
  for (const f of graph.files) {
    await tx.objectStore('attachments').put({ hash: POOL[f.file]!, mime: 'image/jpeg', size: 3, bytes: new ArrayBuffer(3), storedAt: new Date(NOW - f.ageDays * DAY).toISOString() })
  }
  for (const [i, r] of graph.refs.entries()) {
    const hash = POOL[r.file]!
    const id = `e-${i}`
    switch (r.holder) {
      case 'record-photo':
      case 'record-thumb':
      case 'record-signature':
      case 'deleted-record': {
        const doc = makeRecord({ id, deleted: r.holder === 'deleted-record' ? true : undefined })
        if (r.holder === 'record-photo' || r.holder === 'deleted-record') doc.photos = [ref(hash)]
        // The thumbnail alone is in the pool (its original is elsewhere): it must be kept by `thumbHash`.
        if (r.holder === 'record-thumb') doc.photos = [{ ...ref('f'.repeat(64)), thumbHash: hash }]
        if (r.holder === 'record-signature') doc.signatures = { recorder: ref(hash, 'signature') }
        await tx.objectStore('records').put({ id, kind: doc.kind, date: doc.date, doc })
        break
      }
      case 'draft':
        await tx.objectStore('drafts').put({ id, doc: { ...makeRecord({ id }), photos: [ref(hash)] }, savedAt: new Date(NOW).toISOString() })
        break
      case 'outbox':
        await tx.objectStore('outbox').put({ mutationId: `m-${i}`, entity: 'record', entityId: id, baseRev: 0, doc: { ...makeRecord({ id }), signatures: { chair: ref(hash, 'signature') } }, createdAt: new Date(NOW).toISOString() })
        break
      case 'sync-base':
        // The server's copy kept for three-way merges: the local record no longer shows the photo.
        await tx.objectStore('syncBase').put({ entity: 'record', id, doc: { ...makeRecord({ id }), photos: [ref(hash)] } })
        break
      case 'conflict':
        await tx.objectStore('syncMeta').put({
          entity: 'record', id, rev: 2, state: 'conflict', changedAt: new Date(NOW).toISOString(),
          conflict: { rev: 2, at: new Date(NOW).toISOString(), fields: [{ field: 'photos', base: [], theirs: [ref(hash)] }] },
        } as never)
        break
      case 'evidence-file':
        await tx.objectStore('entities').put({ entity: 'evidence', id, branchId: 'branch-1', doc: { id, type: 'photo', file: ref(hash) }, updatedAt: new Date(NOW).toISOString() })
        break
      case 'evidence-rule':
        await tx.objectStore('entities').put({ entity: 'evidence', id, branchId: 'branch-1', doc: { id, type: 'rule', rule: { name: '制度', fileHash: hash } }, updatedAt: new Date(NOW).toISOString() })
        break
      case 'signoff':
        await tx.objectStore('entities').put({ entity: 'signoff', id, branchId: 'branch-1', doc: { id, year: 2026, quarter: 2, signature: ref(hash, 'signature') }, updatedAt: new Date(NOW).toISOString() })
        break
    }
  }
  await tx.done
  db.close()
}

async function heldHashes(dbName: string): Promise<Set<string>> {
  const db = await openBranchRecordsDB(dbName)
  const keys = await db.getAllKeys('attachments')
  db.close()
  return new Set(keys)
}

describe('attachment garbage collection on the device', () => {
  it('never removes a referenced file; removes unreferenced files only after the grace period', async () => {
    await fc.assert(
      fc.asyncProperty(graphArb, async (graph) => {
        const dbName = uniqueDbName()
        await writeGraph(dbName, graph)
        const referenced = new Set(graph.refs.map((r) => POOL[r.file]!))
        const before = await heldHashes(dbName)
        const local = openSyncLocal({ dbName, now: () => new Date(NOW) })
        const removed = await local.collectAttachmentGarbage(GRACE)
        local.close()
        const after = await heldHashes(dbName)

        for (const hash of referenced) if (before.has(hash)) expect(after.has(hash)).toBe(true)
        // Exactly the unreferenced files stored before the grace period went.
        const storedAt = new Map<string, number>()
        for (const f of graph.files) storedAt.set(POOL[f.file]!, f.ageDays) // the last put of a hash wins, as in the store
        const expected = [...before].filter((h) => !referenced.has(h) && (storedAt.get(h) ?? 0) * DAY >= GRACE).sort()
        expect([...removed].sort()).toEqual(expected)
        expect([...after].sort()).toEqual([...before].filter((h) => !expected.includes(h)).sort())
      }),
      { numRuns: 40 },
    )
  })

  it('keeps a file referenced only from inside a nested field it does not know about', () => {
    const hash = POOL[0]!
    const doc = { id: 'x', later: { added: [{ deep: { field: hash } }] }, other: 'not-a-hash', short: hash.slice(1) }
    expect([...collectAttachmentHashes(doc)]).toEqual([hash])
    expect(attachmentGarbage([{ hash, storedAt: 0 }], collectAttachmentHashes(doc), NOW, GRACE)).toEqual([])
    expect(attachmentGarbage([{ hash, storedAt: 0 }], new Set(), NOW, GRACE)).toEqual([hash])
    // A file stored just now, or with an unreadable date, is kept.
    expect(attachmentGarbage([{ hash, storedAt: NOW - 1000 }, { hash: POOL[1]!, storedAt: 'garbled' }], new Set(), NOW, GRACE)).toEqual([])
  })

  it('a file taken again after it became an orphan counts as new: collection right after spares it', async () => {
    const dbName = uniqueDbName()
    const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 7, 7])], { type: 'image/png' })
    const store = await openLocalStore({ dbName, storeBlobs: false })
    const ref = await store.putAttachment(png, { role: 'photo', mime: 'image/png' })
    // Stored long ago and referenced by nothing: an orphan.
    const db = await openBranchRecordsDB(dbName)
    const row = (await db.get('attachments', ref.hash))!
    await db.put('attachments', { ...row, storedAt: new Date(NOW - 90 * DAY).toISOString() })
    db.close()
    // The same photo is picked again (its draft is not saved yet) just before a collection runs.
    await store.putAttachment(png, { role: 'photo', mime: 'image/png' })
    const local = openSyncLocal({ dbName, now: () => new Date(Date.now()) })
    expect(await local.collectAttachmentGarbage(GRACE)).toEqual([])
    expect(await store.getAttachment(ref.hash)).toBeDefined()
    local.close()
  })
})
