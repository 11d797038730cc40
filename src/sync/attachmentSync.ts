// Photos and scans travel separately from records, addressed by their SHA-256. Before a record is
// pushed, every attachment it references is made present on the server (HEAD, then PUT if missing):
// an interrupted upload is resumed by simply asking again, and the same bytes never upload twice.
// Other devices fetch bytes when a record is opened (thumbnail first, the original on demand) and keep
// them; after each pull the app prefetches the recent quarters' files in the background (`prefetch`).
import type { Mutation } from '@/domain/protocol'
import type { AttachmentRef } from '@/domain/types'
import { sha256Hex } from '@/local/hash'
import { branchOfMutation, referencedAttachments, uploadedKey, type SyncLocal } from '@/local/syncApply'
import { isTransportError, type AttachmentVariant, type SyncTransport } from './transport'

/** How long "the server has this file" is believed without asking again (a HEAD request). */
const UPLOAD_MEMORY_MS = 12 * 3600 * 1000

export interface AttachmentSync {
  /**
   * Makes sure the server holds every attachment `mutations` reference. Returns the mutations that
   * cannot be pushed because the server refuses one of their files, with the reason. Network and
   * server failures are thrown (the whole sync retries later and resumes where it stopped).
   */
  uploadFor(mutations: readonly Mutation[]): Promise<Map<string, string>>
  /** The bytes of one attachment: from this device if present, otherwise downloaded (and kept). */
  fetch(hash: string, variant: AttachmentVariant): Promise<Blob | undefined>
  /**
   * Downloads what `refs` need and this device lacks, thumbnails before originals, at most
   * `maxFiles` files / `maxBytes` bytes per run, two at a time. Resumable: every file is kept as it
   * arrives, so the next run starts with what is still missing. Stops at the first network failure.
   */
  prefetch(refs: readonly AttachmentRef[], options: PrefetchOptions): Promise<PrefetchReport>
}

export interface PrefetchOptions {
  maxFiles: number
  maxBytes?: number
  /** Also the originals (after every thumbnail), not only what lists show. */
  originals?: boolean
  signal?: AbortSignal
  onProgress?(done: number, total: number): void
}

export interface PrefetchReport {
  /** Downloaded in this run. */
  fetched: number
  bytes: number
  /** Not on the server (or refused): skipped, the record shows it as missing. */
  failed: number
  /** Still missing when the run ended (0: everything is on this device). */
  remaining: number
  stoppedBy?: 'offline' | 'limit' | 'aborted'
}

/** What a list shows of a file: its thumbnail when it has one, else the file itself (signatures). */
export function previewHash(ref: Pick<AttachmentRef, 'hash' | 'thumbHash'>): string {
  return ref.thumbHash ?? ref.hash
}

export function createAttachmentSync(transport: SyncTransport, local: SyncLocal): AttachmentSync {
  const inFlight = new Map<string, Promise<Blob | undefined>>()
  async function ensureUploaded(hash: string, branchId: string): Promise<void> {
    const key = uploadedKey(hash, branchId)
    // Remembered for a day only: the server removes files nothing references after a grace period (of
    // at least a day), and a record pushed later must not point at bytes the server no longer has.
    const known = await local.readMeta<boolean | string>(key)
    if (typeof known === 'string' && Date.now() - Date.parse(known) < UPLOAD_MEMORY_MS) return
    if (!(await transport.attachmentExists(hash))) {
      const bytes = await local.attachmentBytes(hash)
      // Bytes this device never had (a reference merged in from elsewhere): the server got them from
      // whoever added the photo, or will; nothing to send from here.
      if (!bytes) return
      await transport.uploadAttachment(hash, bytes, branchId)
    }
    await local.writeMeta(key, new Date().toISOString())
  }

  const api: AttachmentSync = {
    async uploadFor(mutations) {
      const refused = new Map<string, string>()
      const problems = new Map<string, string>()
      const wanted = new Map<string, { hash: string; branchId: string }>()
      for (const m of mutations) {
        const branchId = branchOfMutation(m)
        if (!branchId) continue
        for (const hash of referencedAttachments(m)) wanted.set(`${branchId}:${hash}`, { hash, branchId })
      }
      for (const { hash, branchId } of wanted.values()) {
        try {
          await ensureUploaded(hash, branchId)
        } catch (e) {
          if (!isTransportError(e, 'rejected')) throw e
          problems.set(hash, e.message)
        }
      }
      for (const m of mutations) {
        const bad = referencedAttachments(m).find((h) => problems.has(h))
        if (bad) refused.set(m.mutationId, `附件 ${bad.slice(0, 12)}… 未被服务器接受：${problems.get(bad) ?? ''}`)
      }
      return refused
    },

    fetch(hash, variant) {
      // One download per file however many images and prefetches ask for it at once.
      let pending = inFlight.get(hash)
      if (!pending) {
        pending = download(hash, variant).finally(() => inFlight.delete(hash))
        inFlight.set(hash, pending)
      }
      return pending
    },

    async prefetch(refs, options) {
      const wanted: { hash: string; size: number }[] = []
      const seen = new Set<string>()
      const add = (hash: string, size: number): void => {
        if (seen.has(hash)) return
        seen.add(hash)
        wanted.push({ hash, size })
      }
      // A thumbnail's size is not in the reference; it is small (see `THUMB_LONG_EDGE`).
      for (const r of refs) add(previewHash(r), r.thumbHash ? 0 : r.size)
      if (options.originals) for (const r of refs) add(r.hash, r.size)
      const missing: { hash: string; size: number }[] = []
      for (const w of wanted) if (!(await local.hasAttachment(w.hash))) missing.push(w)
      const report: PrefetchReport = { fetched: 0, bytes: 0, failed: 0, remaining: missing.length }
      let next = 0
      let budget = options.maxBytes ?? Infinity
      const total = Math.min(missing.length, options.maxFiles)
      options.onProgress?.(0, total)
      const worker = async (): Promise<void> => {
        while (!report.stoppedBy) {
          if (options.signal?.aborted) {
            report.stoppedBy = 'aborted'
            return
          }
          const item = missing[next]
          if (!item) return
          if (next >= options.maxFiles || item.size > budget) {
            report.stoppedBy = 'limit'
            return
          }
          next++
          budget -= item.size
          try {
            const blob = await api.fetch(item.hash, 'original')
            report.fetched++
            report.bytes += blob?.size ?? 0
            report.remaining--
          } catch (e) {
            if (isTransportError(e, 'network', 'server', 'unauthorized', 'rate-limited')) {
              report.stoppedBy = 'offline'
              return
            }
            report.failed++
          }
          options.onProgress?.(report.fetched + report.failed, total)
        }
      }
      await Promise.all([worker(), worker()])
      return report
    },
  }
  return api

  async function download(hash: string, variant: AttachmentVariant): Promise<Blob | undefined> {
    const own = await local.attachmentBytes(hash)
    if (own) return own
    // The server keeps exactly the bytes each hash names: a thumbnail is a file of its own (made on the
    // phone at capture time, `AttachmentRef.thumbHash`), never a variant the server computes.
    const blob = await transport.downloadAttachment(hash, variant)
    // Content addressing is only worth something if checked: wrong bytes are never stored.
    const actual = await sha256Hex(new Uint8Array(await blob.arrayBuffer()))
    if (actual !== hash) throw new Error(`附件内容与编号不符（${hash.slice(0, 12)}…）`)
    await local.storeAttachment(hash, blob.type || 'application/octet-stream', blob)
    return blob
  }
}
