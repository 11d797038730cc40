// Photos and signatures on every device of the branch: the bytes of an image (this device first, else
// downloaded and kept), the background prefetch of the current and previous quarter's files after each
// successful sync (a setting: always / Wi-Fi only / never), fetching what a print or export is missing
// (with progress, naming what stays missing and why), and the device's garbage collection.
import { defineStore } from 'pinia'
import { readonly, ref, shallowRef, watch } from 'vue'
import { quarterRange, todayIso, yearQuarterOf, type Quarter } from '@/domain/dates'
import { openSyncLocal, type SyncLocal } from '@/local/syncApply'
import { createAttachmentSync, type AttachmentSync, type PrefetchReport } from '@/sync/attachmentSync'
import { createHttpTransport } from '@/sync/httpTransport'
import { createSessionStore } from '@/sync/session'
import { isTransportError } from '@/sync/transport'
import { useSyncStore } from './sync'

export type PrefetchMode = 'always' | 'wifi' | 'never'

/** Why an image is not shown: no network now (it will be once online), or the server has no copy. */
export type UnavailableReason = 'offline' | 'missing'

export type ImageResult = { blob: Blob } | { unavailable: UnavailableReason }

/** One file an export needs, named the way the page shows it (e.g. "2024-03-05 党课 · 照片 2"). */
export interface NeededFile {
  hash: string
  label: string
}

export interface MissingFile extends NeededFile {
  reason: UnavailableReason
}

/** A run's bounds: a few hundred files, and originals only up to this many bytes (phones on data plans). */
export const PREFETCH_MAX_FILES = 300
export const PREFETCH_MAX_BYTES = 60 * 1024 * 1024
/** A file nothing references is kept this long (a photo taken into an unsaved draft, an undo). */
export const GC_GRACE_MS = 30 * 24 * 3600 * 1000
/** Garbage collection runs at most this often (after a successful sync). */
export const GC_INTERVAL_MS = 24 * 3600 * 1000

const MODE_KEY = 'branch-records.prefetch-mode'
const GC_AT_KEY = 'branch-records.attachments-gc-at'

export interface AttachmentsEnvironment {
  local: SyncLocal
  files: AttachmentSync
  /** What the browser says about the connection; undefined where it does not say (Safari, Firefox). */
  connectionType(): string | undefined
}

function browserEnvironment(): AttachmentsEnvironment {
  const local = openSyncLocal()
  const transport = createHttpTransport({ session: createSessionStore(local) })
  return {
    local,
    files: createAttachmentSync(transport, local),
    connectionType: () => (typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { connection?: { type?: string } }).connection?.type),
  }
}

let makeEnvironment: () => AttachmentsEnvironment = browserEnvironment

/** Tests: run the store on another environment (call before the store is first used). */
export function setAttachmentsEnvironment(factory: (() => AttachmentsEnvironment) | undefined): void {
  makeEnvironment = factory ?? browserEnvironment
}

function readMode(): PrefetchMode {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(MODE_KEY)
  return stored === 'wifi' || stored === 'never' ? stored : 'always'
}

/** The current and the previous quarter, as one date range. */
export function recentQuarters(today: string): { from: string; to: string } {
  const { year, quarter } = yearQuarterOf(today)
  const prev = quarter === 1 ? { year: year - 1, quarter: 4 as Quarter } : { year, quarter: (quarter - 1) as Quarter }
  return { from: quarterRange(prev.year, prev.quarter).start, to: quarterRange(year, quarter).end }
}

/**
 * Whether a prefetch may run now. "Wi-Fi only" trusts the browser where it tells (Chromium on Android:
 * `navigator.connection.type`); where it does not tell, nothing is known to cost money, so it runs.
 */
export function prefetchAllowed(mode: PrefetchMode, connectionType: string | undefined): boolean {
  if (mode === 'never') return false
  if (mode === 'always' || connectionType === undefined) return true
  return connectionType === 'wifi' || connectionType === 'ethernet'
}

export const useAttachmentsStore = defineStore('attachments', () => {
  const mode = ref<PrefetchMode>(readMode())
  /** A background prefetch in progress: files done of total. */
  const prefetching = shallowRef<{ done: number; total: number }>()
  const lastPrefetch = shallowRef<PrefetchReport>()
  const started = ref(false)
  let env: AttachmentsEnvironment | undefined
  let running: Promise<PrefetchReport | undefined> | undefined

  function environment(): AttachmentsEnvironment {
    env ??= makeEnvironment()
    return env
  }

  /** This device's copy, else downloaded (and kept). Offline or absent on the server: why not. */
  async function image(hash: string): Promise<ImageResult> {
    try {
      const blob = await environment().files.fetch(hash, 'original')
      return blob ? { blob } : { unavailable: 'missing' }
    } catch (e) {
      return { unavailable: isTransportError(e, 'rejected') ? 'missing' : 'offline' }
    }
  }

  function setMode(next: PrefetchMode): void {
    mode.value = next
    if (typeof localStorage !== 'undefined') localStorage.setItem(MODE_KEY, next)
  }

  /**
   * Downloads the current and previous quarter's thumbnails, then their originals, within the bounds.
   * One run at a time; a run cut short (offline, bounds) resumes with what is missing at the next sync.
   */
  function prefetchRecent(today: string = todayIso()): Promise<PrefetchReport | undefined> {
    if (running) return running
    const { local, files, connectionType } = environment()
    if (!prefetchAllowed(mode.value, connectionType())) return Promise.resolve(undefined)
    running = (async () => {
      const { from, to } = recentQuarters(today)
      const refs = await local.recordAttachmentsBetween(from, to)
      const report = await files.prefetch(refs, {
        maxFiles: PREFETCH_MAX_FILES,
        maxBytes: PREFETCH_MAX_BYTES,
        originals: true,
        onProgress: (done, total) => {
          prefetching.value = total > 0 && done < total ? { done, total } : undefined
        },
      })
      lastPrefetch.value = report
      return report
    })().finally(() => {
      running = undefined
      prefetching.value = undefined
    })
    return running
  }

  /**
   * Makes every file of `needed` present on this device before a print or export, reporting progress;
   * returns what is still missing and why (the page names it, and the user decides to go on or not).
   */
  async function ensure(needed: readonly NeededFile[], onProgress?: (done: number, total: number) => void): Promise<MissingFile[]> {
    const { local } = environment()
    const unique = [...new Map(needed.map((n) => [n.hash, n])).values()]
    const absent: NeededFile[] = []
    for (const n of unique) if (!(await local.hasAttachment(n.hash))) absent.push(n)
    const missing: MissingFile[] = []
    onProgress?.(0, absent.length)
    for (const [i, n] of absent.entries()) {
      const result = await image(n.hash)
      if ('unavailable' in result) missing.push({ ...n, reason: result.unavailable })
      onProgress?.(i + 1, absent.length)
    }
    // The same file may be needed under several names (a photo in two records): name each.
    const missingHashes = new Set(missing.map((m) => m.hash))
    const reasons = new Map(missing.map((m) => [m.hash, m.reason]))
    return needed.filter((n) => missingHashes.has(n.hash)).map((n) => ({ ...n, reason: reasons.get(n.hash) ?? 'missing' }))
  }

  /** Removes files nothing references (after the grace period), at most once a day. */
  async function collectGarbage(force = false, now = Date.now()): Promise<string[]> {
    const last = Number(typeof localStorage === 'undefined' ? 0 : localStorage.getItem(GC_AT_KEY) ?? 0)
    if (!force && now - last < GC_INTERVAL_MS) return []
    const removed = await environment().local.collectAttachmentGarbage(GC_GRACE_MS)
    if (typeof localStorage !== 'undefined') localStorage.setItem(GC_AT_KEY, String(now))
    return removed
  }

  /** After every successful sync: prefetch, then (daily) garbage collection. Idempotent. */
  function start(): void {
    if (started.value) return
    started.value = true
    const sync = useSyncStore()
    watch(
      () => sync.lastResult,
      (result) => {
        if (result?.outcome !== 'ok') return
        void prefetchRecent()
          .catch(() => undefined)
          .then(() => collectGarbage())
          .catch(() => undefined)
      },
    )
  }

  return {
    mode: readonly(mode),
    prefetching: readonly(prefetching),
    lastPrefetch: readonly(lastPrefetch),
    image,
    setMode,
    prefetchRecent,
    ensure,
    collectGarbage,
    start,
  }
})
