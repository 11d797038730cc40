// Photos travel by content hash, before the record that references them; other devices fetch them when
// a record is opened. Against the real server app.
import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AttachmentRef } from '@/domain/types'
import { makeDevice, newRecord, PASSWORD, serverHead, startServer, type Device, type TestServer } from './harness'

let server: TestServer
const devices: Device[] = []

beforeEach(async () => {
  server = await startServer()
})
afterEach(async () => {
  for (const d of devices.splice(0)) d.close()
  await server.close()
})

async function device(name: string): Promise<Device> {
  const d = await makeDevice(server, name)
  await d.transport.signIn(server.users.secretary, PASSWORD)
  devices.push(d)
  return d
}

function png(seed: number): Uint8Array<ArrayBuffer> {
  const head = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  return new Uint8Array([...head, ...Array.from({ length: 64 }, (_, i) => (seed * 31 + i * 7) & 0xff)])
}
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

async function storedCopies(hash: string): Promise<number> {
  const row = await server.storage.get<{ n: number }>('SELECT COUNT(*) AS n FROM attachments WHERE sha256 = ?', [hash])
  return Number(row?.n ?? 0)
}

async function recordWithPhotos(d: Device, seeds: number[]): Promise<{ id: string; refs: AttachmentRef[] }> {
  const refs: AttachmentRef[] = []
  for (const s of seeds) refs.push(await d.store.putAttachment(new Blob([png(s)], { type: 'image/png' }), { mime: 'image/png', role: 'photo' }))
  const rec = newRecord(server.branchId, { photos: refs.slice(0, -1), signatures: { chair: refs[refs.length - 1] } })
  await d.store.saveRecord(rec)
  return { id: rec.id, refs }
}

describe('attachments', () => {
  it('uploads referenced files before the record, once each, and skips them next time', async () => {
    const a = await device('a')
    const { id, refs } = await recordWithPhotos(a, [1, 2, 3])
    const r = await a.engine.syncOnce()
    expect(r.outcome).toBe('ok')
    for (const ref of refs) expect(await storedCopies(ref.hash)).toBe(1)
    expect(server.hits.get('PUT /api/attachments/:hash')).toBe(3)
    expect((await serverHead(server, 'record', id))?.rev).toBe(1)

    // Another record with one of the same photos: known on this device, no request at all.
    const headsBefore = server.hits.get('HEAD /api/attachments/:hash') ?? 0
    const rec2 = newRecord(server.branchId, { photos: [refs[0]!] })
    await a.store.saveRecord(rec2)
    await a.engine.syncOnce()
    expect(server.hits.get('HEAD /api/attachments/:hash')).toBe(headsBefore)
    expect(server.hits.get('PUT /api/attachments/:hash')).toBe(3)
  })

  it('resumes an interrupted upload without duplicates, and the record waits for its files', async () => {
    const a = await device('a')
    const { id, refs } = await recordWithPhotos(a, [4, 5, 6])
    let puts = 0
    // The second PUT's answer is lost (the server did store it), which ends the run.
    a.network.fault = (method) => {
      if (method !== 'PUT') return 'ok'
      puts++
      return puts === 2 ? 'lose-response' : 'ok'
    }
    const first = await a.engine.syncOnce()
    expect(first.outcome).toBe('offline')
    expect(await serverHead(server, 'record', id)).toBeUndefined()
    expect(await storedCopies(refs[0]!.hash)).toBe(1)
    expect(await storedCopies(refs[1]!.hash)).toBe(1)
    expect(await storedCopies(refs[2]!.hash)).toBe(0)

    a.network.fault = () => 'ok'
    const second = await a.engine.syncOnce()
    expect(second.outcome).toBe('ok')
    for (const ref of refs) expect(await storedCopies(ref.hash)).toBe(1)
    // Two PUTs reached the server before the break, one after: the file whose answer was lost is
    // found by HEAD and not sent again.
    expect(server.hits.get('PUT /api/attachments/:hash')).toBe(3)
    expect((await serverHead(server, 'record', id))?.rev).toBe(1)
  })

  it('another device fetches the bytes on demand, checks them against the hash and keeps them', async () => {
    const a = await device('a')
    const b = await device('b')
    const { id, refs } = await recordWithPhotos(a, [7, 8])
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    const doc = await b.store.getRecord(id)
    expect(doc?.photos.map((p) => p.hash)).toEqual([refs[0]!.hash])
    expect(await b.store.getAttachment(refs[0]!.hash)).toBeUndefined()

    const blob = await b.engine.attachments.fetch(refs[0]!.hash, 'original')
    expect(sha(new Uint8Array(await blob!.arrayBuffer()))).toBe(refs[0]!.hash)
    const kept = await b.store.getAttachment(refs[0]!.hash)
    expect(sha(new Uint8Array(await kept!.arrayBuffer()))).toBe(refs[0]!.hash)
    // Second time from the device, no request.
    const gets = server.hits.get('GET /api/attachments/:hash') ?? 0
    await b.engine.attachments.fetch(refs[0]!.hash, 'original')
    expect(server.hits.get('GET /api/attachments/:hash')).toBe(gets)
  })

  it('refuses bytes that do not match their hash', async () => {
    const a = await device('a')
    const { refs } = await recordWithPhotos(a, [9])
    await a.engine.syncOnce()
    const b = await device('b')
    const wrong = png(10)
    b.transport.downloadAttachment = async () => new Blob([wrong], { type: 'image/png' })
    await expect(b.engine.attachments.fetch(refs[0]!.hash, 'original')).rejects.toThrow(/不符/)
    expect(await b.store.getAttachment(refs[0]!.hash)).toBeUndefined()
  })
})
