// The background prefetch of a quarter's photos: thumbnails before originals, bounded per run (files and
// bytes, two downloads at a time), resumable (a run cut short — by its bounds or by the network — is
// continued by the next one without downloading anything twice), and a file the server lacks is skipped.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { AttachmentRef } from '@/domain/types'
import type { SyncLocal } from '@/local/syncApply'
import { createAttachmentSync } from '@/sync/attachmentSync'
import { TransportError, type SyncTransport } from '@/sync/transport'

const bytesOf = (label: string, size = 40): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(size)
  out.set(new TextEncoder().encode(label).slice(0, size))
  return out
}
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

/** A server holding some files, that can go offline, counting downloads and their overlap. */
function fakeServer(files: Uint8Array<ArrayBuffer>[]) {
  const byHash = new Map(files.map((b) => [sha(b), b]))
  const state = { offline: false, started: 0, downloads: [] as string[], active: 0, maxActive: 0, offlineAfter: Infinity, corrupt: new Set<string>() }
  const transport = {
    async downloadAttachment(hash: string) {
      if (state.offline || state.started >= state.offlineAfter) throw new TransportError('network', 'Failed to fetch')
      state.started++
      state.active++
      state.maxActive = Math.max(state.maxActive, state.active)
      try {
        await new Promise((r) => setTimeout(r, 2))
        const b = byHash.get(hash)
        if (!b) throw new TransportError('rejected', 'not found', 404)
        state.downloads.push(hash)
        return new Blob([state.corrupt.has(hash) ? bytesOf('wrong bytes') : b], { type: 'image/jpeg' })
      } finally {
        state.active--
      }
    },
  } as unknown as SyncTransport
  return { transport, state }
}

function fakeDevice() {
  const held = new Map<string, Blob>()
  const local = {
    hasAttachment: async (h: string) => held.has(h),
    attachmentBytes: async (h: string) => held.get(h),
    storeAttachment: async (h: string, _m: string, b: Blob) => void held.set(h, b),
  } as unknown as SyncLocal
  return { local, held }
}

/** n photos, each an original of `originalSize` bytes and a small thumbnail. */
function quarterPhotos(n: number, originalSize = 400) {
  const originals = Array.from({ length: n }, (_, i) => bytesOf(`original ${i}`, originalSize))
  const thumbs = Array.from({ length: n }, (_, i) => bytesOf(`thumb ${i}`, 30))
  const refs: AttachmentRef[] = originals.map((o, i) => ({ hash: sha(o), thumbHash: sha(thumbs[i]!), mime: 'image/jpeg', size: o.length, role: 'photo' }))
  return { originals, thumbs, refs }
}

describe('prefetch', () => {
  it('is bounded per run, takes thumbnails first, and resumes where it stopped without downloading twice', async () => {
    const { originals, thumbs, refs } = quarterPhotos(10)
    const server = fakeServer([...originals, ...thumbs])
    const device = fakeDevice()
    const files = createAttachmentSync(server.transport, device.local)

    const first = await files.prefetch(refs, { maxFiles: 4, originals: true })
    expect(first).toEqual({ fetched: 4, bytes: 4 * 30, failed: 0, remaining: 16, stoppedBy: 'limit' })
    expect(server.state.downloads.sort()).toEqual(thumbs.slice(0, 4).map(sha).sort())
    expect(server.state.maxActive).toBeLessThanOrEqual(2)

    const second = await files.prefetch(refs, { maxFiles: 8, originals: true })
    expect(second).toMatchObject({ fetched: 8, failed: 0, remaining: 8, stoppedBy: 'limit' })
    // The rest of the thumbnails, then the first originals.
    expect(new Set(server.state.downloads)).toEqual(new Set([...thumbs.map(sha), ...originals.slice(0, 2).map(sha)]))

    const third = await files.prefetch(refs, { maxFiles: 100, originals: true })
    expect(third).toEqual({ fetched: 8, bytes: 8 * 400, failed: 0, remaining: 0 })
    // Every file exactly once over the three runs, and all of them on the device.
    expect(server.state.downloads).toHaveLength(20)
    expect(new Set(server.state.downloads).size).toBe(20)
    expect(device.held.size).toBe(20)
    // Nothing left: a fourth run asks the server nothing.
    expect(await files.prefetch(refs, { maxFiles: 100, originals: true })).toEqual({ fetched: 0, bytes: 0, failed: 0, remaining: 0 })
    expect(server.state.downloads).toHaveLength(20)
  })

  it('stops quietly when the network goes, and the next run continues', async () => {
    const { originals, thumbs, refs } = quarterPhotos(6)
    const server = fakeServer([...originals, ...thumbs])
    const device = fakeDevice()
    const files = createAttachmentSync(server.transport, device.local)
    server.state.offlineAfter = 3

    const cut = await files.prefetch(refs, { maxFiles: 100, originals: true })
    expect(cut.stoppedBy).toBe('offline')
    expect(cut.fetched).toBe(3)
    expect(cut.remaining).toBe(9)
    expect(device.held.size).toBe(3)

    server.state.offlineAfter = Infinity
    const rest = await files.prefetch(refs, { maxFiles: 100, originals: true })
    expect(rest).toEqual({ fetched: 9, bytes: 3 * 30 + 6 * 400, failed: 0, remaining: 0 })
    expect(new Set(server.state.downloads).size).toBe(12)
    expect(server.state.downloads).toHaveLength(12)
  })

  it('keeps originals within the byte budget, and thumbnails only unless asked for originals', async () => {
    const { originals, thumbs, refs } = quarterPhotos(5, 1000)
    const server = fakeServer([...originals, ...thumbs])
    const device = fakeDevice()
    const files = createAttachmentSync(server.transport, device.local)

    expect(await files.prefetch(refs, { maxFiles: 100 })).toEqual({ fetched: 5, bytes: 150, failed: 0, remaining: 0 })
    const budget = await files.prefetch(refs, { maxFiles: 100, maxBytes: 2500, originals: true })
    expect(budget).toEqual({ fetched: 2, bytes: 2000, failed: 0, remaining: 3, stoppedBy: 'limit' })
  })

  it('skips a file the server does not have or sends wrong bytes for, and goes on', async () => {
    const { originals, thumbs, refs } = quarterPhotos(3)
    const server = fakeServer([...originals, thumbs[0]!, thumbs[2]!])
    server.state.corrupt.add(sha(thumbs[2]!))
    const device = fakeDevice()
    const files = createAttachmentSync(server.transport, device.local)

    const report = await files.prefetch(refs, { maxFiles: 100 })
    expect(report).toEqual({ fetched: 1, bytes: 30, failed: 2, remaining: 2 })
    expect([...device.held.keys()]).toEqual([sha(thumbs[0]!)])
  })

  it('downloads a file once when a list and a prefetch ask for it at the same time', async () => {
    const { originals, refs } = quarterPhotos(1)
    const server = fakeServer(originals)
    const device = fakeDevice()
    const files = createAttachmentSync(server.transport, device.local)
    const [a, b] = await Promise.all([files.fetch(refs[0]!.hash, 'original'), files.fetch(refs[0]!.hash, 'original')])
    expect(a).toBe(b)
    expect(server.state.downloads).toEqual([refs[0]!.hash])
  })
})
