import { describe, expect, it } from 'vitest'
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate'
import { openDB } from 'idb'
import type { LocalErrorReason, LocalStore } from '@/local/contract'
import { openLocalStore } from '@/local/localStore'
import { blobOf, bytesOf, jpegBytes, makeBranch, makeMember, makeRecord, pngBytes, uniqueDbName } from './helpers'

async function populated(): Promise<{ store: LocalStore; dbName: string; photoHash: string; signatureHash: string; recordIds: string[] }> {
  const dbName = uniqueDbName()
  const store = await openLocalStore({ dbName })
  await store.saveBranch(makeBranch())
  await store.saveMembers([makeMember({ name: '张建国' }), makeMember({ name: '李秀英', membership: 'probationary', votingRights: false })])
  const photo = await store.putAttachment(blobOf(jpegBytes(42)), { mime: 'image/jpeg', role: 'photo', caption: '会议现场' })
  const signature = await store.putAttachment(blobOf(pngBytes(9)), { mime: 'image/png', role: 'signature' })
  const a = makeRecord({ title: '七月支委会', photos: [photo], signatures: { chair: signature } })
  const b = makeRecord({ kind: 'party-lesson', title: '专题党课', date: '2026-08-20' })
  await store.saveRecord(a)
  await store.saveRecord(b)
  await store.saveDraft(makeRecord({ title: '未完成的党员大会', kind: 'general-meeting', status: 'draft' }))
  return { store, dbName, photoHash: photo.hash, signatureHash: signature.hash, recordIds: [a.id, b.id] }
}

async function zipEntries(blob: Blob): Promise<Unzipped> {
  return unzipSync(new Uint8Array(await blob.arrayBuffer()))
}

const rezip = (files: Unzipped): Blob => blobOf(zipSync(files))

/** Everything a restore could change, to prove a rejected restore changed nothing. */
async function snapshot(dbName: string): Promise<unknown> {
  const db = await openDB(dbName)
  const out: Record<string, unknown> = {}
  for (const name of ['branch', 'members', 'records', 'drafts', 'outbox', 'syncMeta'] as const) out[name] = await db.getAll(name)
  out.attachments = (await db.getAllKeys('attachments')).sort()
  db.close()
  return out
}

describe('backup', () => {
  it('exports a readable zip with a manifest and one file per attachment', async () => {
    const { store, photoHash, signatureHash } = await populated()
    const files = await zipEntries(await store.exportBackup())
    const manifest = JSON.parse(strFromU8(files['backup.json'] as Uint8Array))
    expect(manifest).toMatchObject({
      format: 'branch-records-backup',
      formatVersion: 1,
      appVersion: 'test',
      counts: { branch: 1, members: 2, records: 2, drafts: 1, attachments: 2 },
    })
    expect(Number.isNaN(Date.parse(manifest.exportedAt))).toBe(false)
    expect(Object.keys(files).sort()).toEqual(
      ['attachments.json', 'backup.json', 'branch.json', 'drafts.json', 'entities.json', 'members.json', 'records.json', `attachments/${photoHash}`, `attachments/${signatureHash}`].sort(),
    )
    expect([...(files[`attachments/${photoHash}`] as Uint8Array)]).toEqual([...jpegBytes(42)])
  })

  it('round-trips into a fresh database: records, roster, branch, drafts and attachment bytes', async () => {
    const { store, photoHash, signatureHash, recordIds } = await populated()
    const backup = await store.exportBackup()

    const fresh = await openLocalStore({ dbName: uniqueDbName() })
    const report = await fresh.restoreBackup(backup)
    expect(report).toEqual({ records: 2, members: 2, attachments: 2, drafts: 1, entities: 0, branch: true, skipped: [] })

    expect(await fresh.getBranch()).toEqual(await store.getBranch())
    expect(await fresh.listMembers()).toEqual(await store.listMembers())
    for (const id of recordIds) expect(await fresh.getRecord(id)).toEqual(await store.getRecord(id))
    expect(await fresh.listRecords({})).toEqual((await store.listRecords({})).map((i) => ({ ...i, syncState: 'pending' })))
    expect((await fresh.listDrafts()).map((d) => d.doc.title)).toEqual(['未完成的党员大会'])
    expect(await bytesOf((await fresh.getAttachment(photoHash)) as Blob)).toEqual([...jpegBytes(42)])
    expect((await fresh.getAttachment(signatureHash))?.type).toBe('image/png')
    // restored records are searchable and queued to sync
    expect((await fresh.searchRecords('专题党课')).map((r) => r.title)).toEqual(['专题党课'])
    const entities = (await fresh.pendingMutations()).map((m) => m.entity).sort()
    expect(entities).toEqual(['branch', 'member', 'member', 'record', 'record'])
  })

  it('keeps the later updatedAt when a record exists on both sides, and reports what it skipped', async () => {
    const { store, recordIds } = await populated()
    const backup = await store.exportBackup()
    const [newerHere, olderHere] = recordIds as [string, string]

    const target = await openLocalStore({ dbName: uniqueDbName() })
    const original = (await store.getRecord(newerHere))!
    await target.saveRecord({ ...original, title: '本机改过的标题', updatedAt: '2030-01-01T00:00:00.000Z' })
    const old = (await store.getRecord(olderHere))!
    await target.saveRecord({ ...old, title: '本机的旧版本', updatedAt: '2000-01-01T00:00:00.000Z' })

    const report = await target.restoreBackup(backup)
    expect(report.records).toBe(1)
    expect(report.skipped).toEqual([{ what: `记录「${original.title}」`, reason: expect.stringContaining('保留本机版本') }])
    expect((await target.getRecord(newerHere))?.title).toBe('本机改过的标题')
    expect((await target.getRecord(olderHere))?.title).toBe('专题党课')
  })

  it('keeps the branch already set up on this device and says so', async () => {
    const { store } = await populated()
    const target = await openLocalStore({ dbName: uniqueDbName() })
    await target.saveBranch(makeBranch({ id: 'branch-here', name: '本机支部' }))
    const report = await target.restoreBackup(await store.exportBackup())
    expect(report.branch).toBe(false)
    expect(report.skipped).toEqual([{ what: '支部「第一党支部」', reason: expect.stringContaining('本机支部') }])
    expect((await target.getBranch())?.name).toBe('本机支部')
    expect(report.records).toBe(2)
  })

  it('restores into the ArrayBuffer fallback too', async () => {
    const { store, photoHash } = await populated()
    const fallback = await openLocalStore({ dbName: uniqueDbName(), storeBlobs: false })
    await fallback.restoreBackup(await store.exportBackup())
    const blob = await fallback.getAttachment(photoHash)
    expect(blob?.type).toBe('image/jpeg')
    expect(await bytesOf(blob as Blob)).toEqual([...jpegBytes(42)])
  })

  it('reports a record whose attachment is missing from the backup, and restores the rest', async () => {
    const { store, photoHash } = await populated()
    const files = await zipEntries(await store.exportBackup())
    delete files[`attachments/${photoHash}`]
    const listing = JSON.parse(strFromU8(files['attachments.json'] as Uint8Array)) as { hash: string }[]
    files['attachments.json'] = strToU8(JSON.stringify(listing.filter((a) => a.hash !== photoHash)))
    const manifest = JSON.parse(strFromU8(files['backup.json'] as Uint8Array))
    manifest.counts.attachments = 1
    files['backup.json'] = strToU8(JSON.stringify(manifest))

    const fresh = await openLocalStore({ dbName: uniqueDbName() })
    const report = await fresh.restoreBackup(rezip(files))
    expect(report.records).toBe(2)
    expect(report.attachments).toBe(1)
    expect(report.skipped).toEqual([{ what: expect.stringContaining('七月支委会'), reason: expect.stringContaining('没有这个附件') }])
  })
})

describe('corrupt backups are rejected and change nothing', () => {
  async function expectRejected(make: (files: Unzipped) => Blob | Promise<Blob>, reason: LocalErrorReason, params: Record<string, unknown> = {}): Promise<void> {
    const { store } = await populated()
    const files = await zipEntries(await store.exportBackup())
    const target = await populated()
    const before = await snapshot(target.dbName)
    await expect(target.store.restoreBackup(await make(files))).rejects.toMatchObject({ code: 'corrupt-backup', reason, params: expect.objectContaining(params) })
    expect(await snapshot(target.dbName)).toEqual(before)
  }

  it('random bytes', async () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256)
    await expectRejected(() => blobOf(random), 'backup-not-zip')
  })

  it('an empty file', async () => {
    await expectRejected(() => blobOf(new Uint8Array(0)), 'backup-not-zip')
  })

  it('an attachment whose bytes were tampered with', async () => {
    await expectRejected((files) => {
      const name = Object.keys(files).find((n) => n.startsWith('attachments/'))!
      const bytes = new Uint8Array(files[name] as Uint8Array)
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff
      return rezip({ ...files, [name]: bytes })
    }, 'backup-attachment-damaged')
  })

  it('a zip of something else (wrong format name)', async () => {
    await expectRejected((files) => {
      const manifest = JSON.parse(strFromU8(files['backup.json'] as Uint8Array))
      return rezip({ ...files, 'backup.json': strToU8(JSON.stringify({ ...manifest, format: 'some-other-app' })) })
    }, 'backup-wrong-format')
    await expectRejected(() => rezip({ 'readme.txt': strToU8('hello') }), 'backup-missing-file', { name: 'backup.json' })
  })

  it('a backup from a newer format version', async () => {
    await expectRejected((files) => {
      const manifest = JSON.parse(strFromU8(files['backup.json'] as Uint8Array))
      return rezip({ ...files, 'backup.json': strToU8(JSON.stringify({ ...manifest, formatVersion: 99 })) })
    }, 'backup-newer-version')
  })

  it('a record that cannot be migrated, broken JSON, missing parts', async () => {
    await expectRejected((files) => {
      const records = JSON.parse(strFromU8(files['records.json'] as Uint8Array)) as Record<string, unknown>[]
      records[1] = { ...records[1], attendance: 'nobody' }
      return rezip({ ...files, 'records.json': strToU8(JSON.stringify(records)) })
    }, 'backup-record-unreadable', { n: 2 })
    await expectRejected((files) => rezip({ ...files, 'members.json': strToU8('[{"id": "x", "name": ') }), 'backup-bad-json', { name: 'members.json' })
    await expectRejected((files) => {
      const rest = { ...files }
      delete rest['records.json']
      return rezip(rest)
    }, 'backup-missing-file', { name: 'records.json' })
  })

  it('counts that do not match the manifest (truncated backup)', async () => {
    await expectRejected((files) => {
      const records = JSON.parse(strFromU8(files['records.json'] as Uint8Array)) as unknown[]
      return rezip({ ...files, 'records.json': strToU8(JSON.stringify(records.slice(0, 1))) })
    }, 'backup-count', { what: 'records', listed: 2, actual: 1 })
  })
})
