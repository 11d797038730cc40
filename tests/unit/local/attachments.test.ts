import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { openDB } from 'idb'
import { MAX_ATTACHMENT_BYTES } from '@/local/contract'
import { openLocalStore } from '@/local/localStore'
import { blobOf, bytesOf, jpegBytes, pngBytes, uniqueDbName } from './helpers'

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

describe.each([
  { label: 'as Blobs', storeBlobs: undefined },
  { label: 'with the ArrayBuffer fallback', storeBlobs: false },
])('attachments $label', ({ storeBlobs }) => {
  it('stores bytes under their SHA-256 and reads them back equal', async () => {
    const store = await openLocalStore({ dbName: uniqueDbName(), storeBlobs })
    const bytes = pngBytes(1)
    const ref = await store.putAttachment(blobOf(bytes, 'image/png'), { mime: 'image/png', role: 'photo', caption: '会议现场' })
    expect(ref).toEqual({ hash: sha256(bytes), size: bytes.byteLength, mime: 'image/png', role: 'photo', caption: '会议现场' })
    const back = await store.getAttachment(ref.hash)
    expect(back?.type).toBe('image/png')
    expect(await bytesOf(back as Blob)).toEqual([...bytes])
    expect(await store.getAttachment('0'.repeat(64))).toBeUndefined()
  })

  it('keeps one copy of the same bytes', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName, storeBlobs })
    const a = await store.putAttachment(blobOf(jpegBytes(7)), { mime: 'image/jpeg', role: 'photo' })
    const b = await store.putAttachment(blobOf(jpegBytes(7)), { mime: 'image/jpeg', role: 'sign-in-sheet' })
    const c = await store.putAttachment(blobOf(jpegBytes(8)), { mime: 'image/jpeg', role: 'photo' })
    expect(a.hash).toBe(b.hash)
    expect(b.role).toBe('sign-in-sheet')
    expect(c.hash).not.toBe(a.hash)
    const db = await openDB(dbName)
    expect(await db.count('attachments')).toBe(2)
    const stored = await db.get('attachments', a.hash)
    expect(storeBlobs === false ? stored.bytes instanceof ArrayBuffer && !stored.blob : stored.blob instanceof Blob).toBe(true)
    db.close()
  })
})

describe('attachment checks', () => {
  it('rejects a non-image as a photo, sign-in sheet or signature, whatever its claimed type', async () => {
    const store = await openLocalStore({ dbName: uniqueDbName() })
    const text = new TextEncoder().encode('MZ this is not a picture at all')
    for (const role of ['photo', 'sign-in-sheet', 'signature'] as const) {
      await expect(store.putAttachment(blobOf(text, 'image/jpeg'), { mime: 'image/jpeg', role })).rejects.toMatchObject({
        code: 'invalid',
        reason: 'image-type',
      })
    }
    const pdf = new TextEncoder().encode('%PDF-1.7 scanned')
    await expect(store.putAttachment(blobOf(pdf), { mime: 'application/pdf', role: 'photo' })).rejects.toMatchObject({ code: 'invalid' })
    const scan = await store.putAttachment(blobOf(pdf), { mime: 'application/octet-stream', role: 'scan' })
    expect(scan.mime).toBe('application/pdf')
  })

  it('uses the sniffed type, not the claimed one', async () => {
    const store = await openLocalStore({ dbName: uniqueDbName() })
    const ref = await store.putAttachment(blobOf(pngBytes(3), 'image/jpeg'), { mime: 'image/jpeg', role: 'signature' })
    expect(ref.mime).toBe('image/png')
  })

  it('rejects an empty or oversized file with a clear message', async () => {
    const store = await openLocalStore({ dbName: uniqueDbName() })
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1)
    big.set(jpegBytes(1))
    await expect(store.putAttachment(blobOf(big), { mime: 'image/jpeg', role: 'photo' })).rejects.toMatchObject({
      code: 'invalid',
      reason: 'file-too-big',
      params: { size: '10.0 MB', limit: '10.0 MB' },
    })
    await expect(store.putAttachment(blobOf(new Uint8Array(0)), { mime: 'image/jpeg', role: 'photo' })).rejects.toMatchObject({ code: 'invalid', reason: 'file-empty' })
    const atLimit = new Uint8Array(MAX_ATTACHMENT_BYTES)
    atLimit.set(jpegBytes(2))
    expect((await store.putAttachment(blobOf(atLimit), { mime: 'image/jpeg', role: 'photo' })).size).toBe(MAX_ATTACHMENT_BYTES)
  })
})
