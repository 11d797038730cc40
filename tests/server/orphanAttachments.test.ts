// The admin's orphan-attachment listing and removal, on SQLite and on PostgreSQL: only files nothing
// references (head, any kept revision, a tombstoned record's history, thumbnails, signatures) and older
// than the grace period are listed and removed; an organization sees and removes only its own; bytes
// shared with another organization's branch stay for that branch.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Mutation, MutationResult, PushResponse } from '@/domain/protocol'
import type { AttachmentRef } from '@/domain/types'
import { sampleRecord } from './helpers/sampleDocs'
import { makeWorld, START, storageTargets, type World } from './helpers/world'

const DAY = 24 * 3600 * 1000
const png = (label: string): Buffer => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`orphan test ${label}`)])
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

const FILES = ['head', 'thumb', 'chairSign', 'oldRevision', 'deletedRecord', 'orphanOld', 'orphanYoung', 'shared', 'otherOrg'] as const
type FileName = (typeof FILES)[number]

interface Listing {
  orphans: { sha256: string; mime: string; size: number; createdAt: number }[]
  count: number
  bytes: number
}

for (const target of storageTargets()) {
  describe.skipIf(target.skipReason !== null)(`orphan attachments on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let w: World
    const bytes = Object.fromEntries(FILES.map((f) => [f, png(f)])) as Record<FileName, Buffer>
    const hash = (f: FileName): string => sha(bytes[f])
    const ref = (f: FileName, over: Partial<AttachmentRef> = {}): AttachmentRef => ({ hash: hash(f), mime: 'image/png', size: bytes[f].length, role: 'photo', ...over })

    async function put(f: FileName, token = w.users.recorder.token, branchId = w.branches.a1): Promise<void> {
      const res = await w.request({ method: 'PUT', url: `/api/attachments/${hash(f)}?branchId=${branchId}`, token, payload: bytes[f], headers: { 'content-type': 'application/octet-stream' } })
      expect(res.statusCode, res.body).toBeLessThan(300)
    }
    async function push(m: Mutation, token = w.users.secretary.token): Promise<MutationResult> {
      const res = await w.request({ method: 'POST', url: '/api/sync/push', token, payload: { deviceId: 'dev-gc', mutations: [m] } })
      expect(res.statusCode, res.body).toBe(200)
      const [result] = (res.json() as PushResponse).results
      expect(result?.status, JSON.stringify(result)).toBe('applied')
      return result!
    }
    const list = async (days: number | string, token = w.users.admin.token) =>
      w.request({ method: 'GET', url: `/api/admin/attachments/orphans?olderThanDays=${days}`, token })
    const listed = async (days: number, token = w.users.admin.token): Promise<string[]> => {
      const res = await list(days, token)
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as Listing).orphans.map((o) => o.sha256).sort()
    }
    const get = (f: FileName, token = w.users.secretary.token) => w.request({ method: 'GET', url: `/api/attachments/${hash(f)}`, token })

    beforeAll(async () => {
      w = await makeWorld(await target.create())
      // Everything but the young orphan is uploaded at START.
      for (const f of FILES) if (f !== 'orphanYoung' && f !== 'otherOrg') await put(f)
      await put('shared', w.users.secretaryB.token, w.branches.b1)
      await put('otherOrg', w.users.secretaryB.token, w.branches.b1)

      const base = sampleRecord({ id: 'rec-gc-1', branchId: w.branches.a1 })
      // Head: a photo with its thumbnail, and the chair's signature.
      await push({ mutationId: 'gc-m1', entity: 'record', id: 'rec-gc-1', baseRev: 0, doc: { ...base, photos: [ref('head', { thumbHash: hash('thumb') })], signatures: { chair: ref('chairSign', { role: 'signature' }) } } as never })
      // A photo that only an older revision still shows (removed in revision 2 of another record).
      const second = sampleRecord({ id: 'rec-gc-2', branchId: w.branches.a1 })
      await push({ mutationId: 'gc-m2', entity: 'record', id: 'rec-gc-2', baseRev: 0, doc: { ...second, photos: [ref('oldRevision')] } as never })
      await push({ mutationId: 'gc-m3', entity: 'record', id: 'rec-gc-2', baseRev: 1, doc: { ...second, photos: [], updatedAt: '2026-03-06T08:00:00.000Z' } as never })
      // A record deleted after it showed a photo: its history keeps the photo.
      const third = sampleRecord({ id: 'rec-gc-3', branchId: w.branches.a1 })
      await push({ mutationId: 'gc-m4', entity: 'record', id: 'rec-gc-3', baseRev: 0, doc: { ...third, photos: [ref('deletedRecord')] } as never })
      await push({ mutationId: 'gc-m5', entity: 'record', id: 'rec-gc-3', baseRev: 1, deleted: true, doc: third as never })

      w.clock.now = START + 2 * DAY - 3600 * 1000
      await put('orphanYoung')
      w.clock.now = START + 2 * DAY
    })
    afterAll(async () => {
      await w?.close()
      await target.destroy()
    })

    test('lists exactly the unreferenced files older than the grace period, of the own organization', async () => {
      expect(await listed(1)).toEqual([hash('orphanOld'), hash('shared')].sort())
      // A shorter grace period is refused (0 days would race a phone uploading right before its push).
      expect((await list(0)).statusCode).toBe(400)
      expect((await list('abc')).statusCode).toBe(400)
      // Another organization's admin sees its own orphans only.
      expect(await listed(1, w.users.adminB.token)).toEqual([hash('otherOrg'), hash('shared')].sort())
      const body = (await list(1)).json() as Listing
      expect(body.count).toBe(2)
      expect(body.bytes).toBe(bytes.orphanOld.length + bytes.shared.length)
      expect(body.orphans.find((o) => o.sha256 === hash('orphanOld'))).toEqual({ sha256: hash('orphanOld'), mime: 'image/png', size: bytes.orphanOld.length, createdAt: START })
      // A longer grace period lists nothing yet.
      expect(await listed(3)).toEqual([])
    })

    test('only the admin may list or remove', async () => {
      for (const who of ['secretary', 'reviewer', 'recorder'] as const) {
        expect((await list(1, w.users[who].token)).statusCode).toBe(403)
        expect((await w.request({ method: 'DELETE', url: '/api/admin/attachments/orphans?olderThanDays=1', token: w.users[who].token })).statusCode).toBe(403)
      }
      expect((await w.request({ method: 'DELETE', url: '/api/admin/attachments/orphans?olderThanDays=1' })).statusCode).toBe(401)
      expect(await listed(1)).toHaveLength(2)
    })

    test('removal takes the orphans only; every referenced file stays readable', async () => {
      const res = await w.request({ method: 'DELETE', url: '/api/admin/attachments/orphans?olderThanDays=1', token: w.users.admin.token })
      expect(res.statusCode, res.body).toBe(200)
      expect((res.json() as Listing).orphans.map((o) => o.sha256).sort()).toEqual([hash('orphanOld'), hash('shared')].sort())
      expect((await get('orphanOld')).statusCode).toBe(404)
      expect((await get('shared')).statusCode).toBe(404)
      for (const f of ['head', 'thumb', 'chairSign', 'oldRevision', 'deletedRecord', 'orphanYoung'] as const) {
        const got = await get(f)
        expect(got.statusCode, f).toBe(200)
        expect(got.rawPayload.equals(bytes[f]), f).toBe(true)
      }
      // The other organization still holds the shared bytes (its link was not the admin's to remove).
      const shared = await get('shared', w.users.secretaryB.token)
      expect(shared.statusCode).toBe(200)
      expect(shared.rawPayload.equals(bytes.shared)).toBe(true)
      expect(await listed(1)).toEqual([])
      // Once old enough, the young orphan is listed too; nothing referenced ever is.
      w.clock.now = START + 3 * DAY
      expect(await listed(1)).toEqual([hash('orphanYoung')])
      // Uploaded again (a phone about to push a record that uses it): no longer an old orphan.
      await put('orphanYoung')
      expect(await listed(1)).toEqual([])
      w.clock.now = START + 4 * DAY + 1
      expect(await listed(1)).toEqual([hash('orphanYoung')])
    })
  })
}
