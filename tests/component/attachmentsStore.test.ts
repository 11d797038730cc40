// The attachments store's decisions: what a print or export is missing (named, with why), when a
// background prefetch may run (always / Wi-Fi only where the browser tells / never) and over which
// dates; and the EXIF time a photo was taken.
import 'fake-indexeddb/auto'
import { createHash } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { SyncLocal } from '@/local/syncApply'
import type { AttachmentSync } from '@/sync/attachmentSync'
import { TransportError } from '@/sync/transport'
import { prefetchAllowed, recentQuarters, setAttachmentsEnvironment, useAttachmentsStore } from '@/app/stores/attachments'
import { exifDateToIso, exifTakenAt } from '@/app/composables/exifTakenAt'

const h = (s: string): string => createHash('sha256').update(s).digest('hex')

describe('ensure (before a print or export)', () => {
  const held = new Set<string>()
  const fetched: string[] = []
  let offline = false
  beforeEach(() => {
    held.clear()
    fetched.length = 0
    offline = false
    setActivePinia(createPinia())
    setAttachmentsEnvironment(() => ({
      local: { hasAttachment: async (hash: string) => held.has(hash) } as unknown as SyncLocal,
      files: {
        fetch: async (hash: string) => {
          fetched.push(hash)
          if (offline) throw new TypeError('Failed to fetch')
          if (hash === h('lost')) throw new TransportError('rejected', 'not found', 404)
          held.add(hash)
          return new Blob(['x'])
        },
      } as unknown as AttachmentSync,
      connectionType: () => undefined,
    }))
  })

  it('downloads what is missing with progress, and names what cannot be had and why', async () => {
    held.add(h('here'))
    const progress: string[] = []
    const missing = await useAttachmentsStore().ensure(
      [
        { hash: h('here'), label: '照片 1' },
        { hash: h('there'), label: '照片 2' },
        { hash: h('lost'), label: '主持人签名' },
        { hash: h('there'), label: '另一条记录 · 照片 1' },
      ],
      (done, total) => progress.push(`${done}/${total}`),
    )
    expect(fetched).toEqual([h('there'), h('lost')])
    expect(progress).toEqual(['0/2', '1/2', '2/2'])
    expect(missing).toEqual([{ hash: h('lost'), label: '主持人签名', reason: 'missing' }])
  })

  it('offline: every absent file is named as waiting for the network, and nothing throws', async () => {
    offline = true
    const missing = await useAttachmentsStore().ensure([{ hash: h('a'), label: '照片 1' }, { hash: h('b'), label: '记录人签名' }])
    expect(missing).toEqual([
      { hash: h('a'), label: '照片 1', reason: 'offline' },
      { hash: h('b'), label: '记录人签名', reason: 'offline' },
    ])
  })
})

describe('prefetch gating', () => {
  it('always / Wi-Fi only / never, trusting the browser only where it tells', () => {
    expect(prefetchAllowed('never', 'wifi')).toBe(false)
    expect(prefetchAllowed('always', 'cellular')).toBe(true)
    expect(prefetchAllowed('wifi', 'wifi')).toBe(true)
    expect(prefetchAllowed('wifi', 'ethernet')).toBe(true)
    expect(prefetchAllowed('wifi', 'cellular')).toBe(false)
    expect(prefetchAllowed('wifi', undefined)).toBe(true)
  })

  it('covers the current and the previous quarter, across a year boundary too', () => {
    expect(recentQuarters('2026-12-04')).toEqual({ from: '2026-07-01', to: '2026-12-31' })
    expect(recentQuarters('2027-02-10')).toEqual({ from: '2026-10-01', to: '2027-03-31' })
    expect(recentQuarters('2026-04-01')).toEqual({ from: '2026-01-01', to: '2026-06-30' })
  })

  it('a never-prefetch device asks nothing', async () => {
    setActivePinia(createPinia())
    let asked = 0
    setAttachmentsEnvironment(() => ({
      local: { recordAttachmentsBetween: async () => (asked++, []) } as unknown as SyncLocal,
      files: {} as AttachmentSync,
      connectionType: () => 'cellular',
    }))
    const store = useAttachmentsStore()
    store.setMode('never')
    expect(await store.prefetchRecent('2026-12-04')).toBeUndefined()
    store.setMode('wifi')
    expect(await store.prefetchRecent('2026-12-04')).toBeUndefined()
    expect(asked).toBe(0)
    store.setMode('always')
  })
})

/** A JPEG with an EXIF block (big- or little-endian) holding DateTimeOriginal. */
function jpegWithExif(date: string, little: boolean): Uint8Array {
  const tiff: number[] = []
  const u16 = (v: number) => (little ? [v & 0xff, v >> 8] : [v >> 8, v & 0xff])
  const u32 = (v: number) => (little ? [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24] : [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff])
  // Header, IFD0 at 8 with one entry (ExifIFD pointer → 26), next IFD 0; Exif IFD at 26 with one entry → 44.
  tiff.push(...(little ? [0x49, 0x49] : [0x4d, 0x4d]), ...u16(42), ...u32(8))
  tiff.push(...u16(1), ...u16(0x8769), ...u16(4), ...u32(1), ...u32(26), ...u32(0))
  tiff.push(...u16(1), ...u16(0x9003), ...u16(2), ...u32(20), ...u32(44), ...u32(0))
  tiff.push(...[...date].map((c) => c.charCodeAt(0)), 0)
  const app1 = [...'Exif'].map((c) => c.charCodeAt(0)).concat([0, 0], tiff)
  const len = app1.length + 2
  return new Uint8Array([0xff, 0xd8, 0xff, 0xe1, len >> 8, len & 0xff, ...app1, 0xff, 0xda, 0, 2])
}

describe('EXIF DateTimeOriginal', () => {
  it('reads it in both byte orders, as local time', () => {
    const expected = new Date(2026, 10, 28, 15, 2, 9).toISOString()
    expect(exifTakenAt(jpegWithExif('2026:11:28 15:02:09', false))).toBe(expected)
    expect(exifTakenAt(jpegWithExif('2026:11:28 15:02:09', true))).toBe(expected)
  })

  it('gives nothing for a PNG, a JPEG without EXIF, a truncated block or a nonsense date', () => {
    expect(exifTakenAt(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBeUndefined()
    expect(exifTakenAt(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBeUndefined()
    expect(exifTakenAt(jpegWithExif('2026:11:28 15:02:09', false).slice(0, 40))).toBeUndefined()
    expect(exifTakenAt(jpegWithExif('0000:00:00 00:00:00', false))).toBeUndefined()
    expect(exifDateToIso('2026:13:01 10:00:00')).toBeUndefined()
  })
})
