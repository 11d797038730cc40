// A synced quarter's photos on a fresh device: 100 photos (25 records × 4), each an original of
// ≈ 250 KB (a phone photo after the app's 1600-px resize) and a ≈ 12 KB thumbnail made at capture.
// A fresh device signs in, pulls the records, and prefetches (a) the thumbnails only — what a list of
// photos needs — and, for comparison, (b) the originals, as a device without thumbnails had to. Time
// from the start of the prefetch until every file is stored, and the bytes downloaded. In one Node
// process: the real server app (SQLite) and the real sync code, IndexedDB by fake-indexeddb, requests
// through Fastify's inject (no network latency: the figure is the app's own cost, plus bytes moved).
// Prints one JSON line.
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { AttachmentRef } from '@/domain/types'
import { createAttachmentSync } from '@/sync/attachmentSync'
import { makeDevice, newRecord, PASSWORD, startServer } from '../../unit/sync/harness'
import { summarize, type Timing } from '../support/benchData'

const PHOTOS = 100
const PER_RECORD = 4
const ORIGINAL_BYTES = 250 * 1024
const THUMB_BYTES = 12 * 1024
const RUNS = Number(process.env.BENCH_RUNS ?? 3)

/** Bytes the server accepts as a JPEG (magic number, then noise that does not compress). */
function jpeg(size: number): Blob {
  const bytes = randomBytes(size)
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01], 0)
  return new Blob([bytes], { type: 'image/jpeg' })
}

async function main(): Promise<void> {
  const server = await startServer()
  try {
    const a = await makeDevice(server, 'camera')
    await a.transport.signIn(server.users.secretary, PASSWORD)
    for (let r = 0; r < PHOTOS / PER_RECORD; r++) {
      const photos: AttachmentRef[] = []
      for (let p = 0; p < PER_RECORD; p++) {
        const original = await a.store.putAttachment(jpeg(ORIGINAL_BYTES), { role: 'photo', mime: 'image/jpeg', width: 1600, height: 1200 })
        const thumb = await a.store.putAttachment(jpeg(THUMB_BYTES), { role: 'photo', mime: 'image/jpeg', width: 320, height: 240 })
        photos.push({ ...original, thumbHash: thumb.hash })
      }
      await a.store.saveRecord(newRecord(server.branchId, { date: '2026-02-10', photos }))
    }
    for (let i = 0; i < 20 && (await a.sync.unsentCount()) > 0; i++) await a.engine.syncOnce()
    if ((await a.sync.unsentCount()) > 0) throw new Error('the camera device did not push everything')
    a.close()

    const run = async (name: string, withThumbs: boolean): Promise<{ ms: number; bytes: number; files: number }> => {
      const b = await makeDevice(server, name)
      try {
        await b.transport.signIn(server.users.recorder, PASSWORD)
        await b.engine.syncOnce()
        const refs = await b.sync.recordAttachmentsBetween('2026-01-01', '2026-06-30')
        if (refs.length !== PHOTOS) throw new Error(`expected ${PHOTOS} photos, the fresh device has ${refs.length}`)
        // Without thumbnails, a list needs the originals: the same references minus `thumbHash`.
        const wanted = withThumbs ? refs : refs.map(({ thumbHash: _t, ...rest }) => rest)
        const files = createAttachmentSync(b.transport, b.sync)
        const t0 = performance.now()
        const report = await files.prefetch(wanted, { maxFiles: 1000 })
        const ms = performance.now() - t0
        if (report.remaining !== 0 || report.failed !== 0) throw new Error(`prefetch incomplete: ${JSON.stringify(report)}`)
        return { ms, bytes: report.bytes, files: report.fetched }
      } finally {
        b.close()
      }
    }

    const thumbs: { ms: number; bytes: number; files: number }[] = []
    const originals: { ms: number; bytes: number; files: number }[] = []
    for (let i = 0; i < RUNS; i++) {
      thumbs.push(await run(`fresh-thumbs-${i}`, true))
      originals.push(await run(`fresh-originals-${i}`, false))
    }
    const timing = (xs: { ms: number }[]): Timing => summarize(xs.map((x) => x.ms))
    process.stdout.write(
      `${JSON.stringify({
        photos: PHOTOS,
        thumbnails: { timing: timing(thumbs), bytes: thumbs[0]!.bytes, files: thumbs[0]!.files },
        originals: { timing: timing(originals), bytes: originals[0]!.bytes, files: originals[0]!.files },
      })}\n`,
    )
  } finally {
    await server.close()
  }
}

await main()
