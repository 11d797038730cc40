// The client sync engine: push the outbox, then pull the change feed, as often as the triggers ask.
// Framework-free (no Vue, no DOM): the Pinia store and the tests drive it the same way.
//
// What can go wrong and what happens then:
// - no answer / 5xx / 429: nothing is lost (the outbox is only emptied by answers); the run stops and
//   asks to be retried after an exponential, jittered delay;
// - a lost answer: the same mutation (same mutationId, same body) is sent again and the server answers
//   what it answered the first time;
// - 401: the session is over; unsent work waits in the outbox and logging continues offline;
// - a mutation the server refuses (4xx with a reason, or a mutationId reused with another body — a
//   bug): its entity shows 出错 with the reason, and the rest of the outbox still goes;
// - a same-field clash: the entity shows 冲突 with both values until a person chooses.
import { MAX_MUTATIONS_PER_PUSH, type Mutation } from '@/domain/protocol'
import type { SyncLocal } from '@/local/syncApply'
import { createAttachmentSync, type AttachmentSync } from './attachmentSync'
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff'
import { isTransportError, TransportError, type SyncTransport } from './transport'
import type { SyncRunSummary } from './triggers'

export type SyncPhase =
  | 'idle' // nothing running; the last run succeeded (or none ran yet)
  | 'syncing'
  | 'offline' // the last run got no answer; retrying later
  | 'server-error' // the server answered 5xx / 429; retrying later
  | 'signed-out' // no session, or it expired: only signing in again lets sync continue
  | 'error' // something on this device failed (e.g. storage full); retrying later

export interface SyncStatus {
  phase: SyncPhase
  /** When the last run completed without failing (ISO). */
  lastSyncAt?: string
  /** The last run's failure in words, until a run succeeds. */
  lastError?: string
  /** Consecutive failed runs (drives the backoff). */
  failures: number
  /** When the next automatic retry is planned (ms from the end of the last run). */
  retryInMs?: number
}

export interface SyncRunResult extends SyncRunSummary {
  outcome: 'ok' | 'offline' | 'server-error' | 'signed-out' | 'error'
  /** Mutations the server answered in this run. */
  pushed: number
  /** Changes applied from the feed. */
  pulled: number
  /** Conflicts found in this run (push answers and pulled heads). */
  conflicts: number
  /** Mutations the server refused. */
  rejected: number
  error?: string
}

export interface SyncEngineOptions {
  transport: SyncTransport
  local: SyncLocal
  now: () => Date
  /** [0, 1); injected so that backoff jitter is reproducible in tests. */
  random: () => number
  pushBatchSize?: number
  pullPageSize?: number
  backoff?: BackoffPolicy
  attachments?: AttachmentSync
}

export interface SyncEngine {
  /** One full run (push, pull, and again while pulled changes had to wait). Runs never overlap. */
  syncOnce(): Promise<SyncRunResult>
  status(): SyncStatus
  /** Called after every status change; returns the unsubscribe function. */
  subscribe(listener: (status: SyncStatus) => void): () => void
  readonly attachments: AttachmentSync
}

export const META_LAST_SYNC = 'sync.lastSyncAt'

/** A run pushes and pulls again when pulled changes waited for our own unsent edits; bounded. */
const MAX_ROUNDS = 4
/** Guard against a feed that never ends (10,000 records at 200 a page is 50 pages). */
const MAX_PAGES_PER_RUN = 10_000

function describe(e: unknown): string {
  if (e instanceof Error) return e.message || e.name
  return String(e)
}

/** The mutationIds a whole-request refusal names (400 lists invalid documents, 409 reused ids). */
function namedMutationIds(e: TransportError, sent: readonly Mutation[]): string[] {
  const details = e.body?.details
  if (!Array.isArray(details)) return []
  const ids = new Set(sent.map((m) => m.mutationId))
  const named = new Set<string>()
  for (const d of details) {
    if (typeof d === 'string' && ids.has(d)) named.add(d)
    else if (typeof d === 'object' && d !== null && 'mutationId' in d) {
      const id = (d as { mutationId: unknown }).mutationId
      if (typeof id === 'string' && ids.has(id)) named.add(id)
    }
  }
  return [...named]
}

function refusalText(e: TransportError, mutationId: string): string {
  const details = e.body?.details
  if (Array.isArray(details)) {
    for (const d of details) {
      if (typeof d === 'object' && d !== null && (d as { mutationId?: unknown }).mutationId === mutationId) {
        const reasons = (d as { reasons?: unknown }).reasons
        if (Array.isArray(reasons) && reasons.length) return `${e.message}: ${reasons.slice(0, 3).join('; ')}`
      }
    }
  }
  return e.body?.error ? `${e.message} (${e.body.error})` : e.message
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { transport, local, now, random } = options
  const pushBatchSize = Math.min(options.pushBatchSize ?? 100, MAX_MUTATIONS_PER_PUSH)
  const pullPageSize = options.pullPageSize ?? 200
  const policy = options.backoff ?? DEFAULT_BACKOFF
  const attachments = options.attachments ?? createAttachmentSync(transport, local)

  let status: SyncStatus = { phase: 'idle', failures: 0 }
  let running: Promise<SyncRunResult> | undefined
  let lastSyncLoaded = false
  const listeners = new Set<(s: SyncStatus) => void>()

  function setStatus(patch: Partial<SyncStatus>): void {
    status = { ...status, ...patch }
    for (const key of Object.keys(patch) as (keyof SyncStatus)[]) if (patch[key] === undefined) delete status[key]
    for (const listener of listeners) listener(status)
  }

  async function pushAll(deviceId: string, result: SyncRunResult): Promise<void> {
    // Mutations not to offer again in this run (refused files, answers the server left out).
    const skip = new Set<string>()
    let oneAtATime = false
    for (;;) {
      const batch = await local.nextPushBatch(oneAtATime ? 1 : pushBatchSize, skip)
      if (batch.length === 0) return
      // Files first: a record never reaches the server before the photos it references.
      const refused = await attachments.uploadFor(batch)
      for (const [mutationId, reason] of refused) {
        const m = batch.find((x) => x.mutationId === mutationId)
        if (m) await local.markEntityError(m.entity, m.id, reason)
        skip.add(mutationId)
      }
      const ready = batch.filter((m) => !refused.has(m.mutationId))
      if (ready.length === 0) continue

      let answer
      try {
        answer = await transport.push({ deviceId, mutations: ready })
      } catch (e) {
        if (!isTransportError(e, 'rejected')) throw e
        // The whole request was refused and nothing stored. Refuse exactly the mutations named;
        // if none are named, send one at a time to find the one the server will not take.
        const named = namedMutationIds(e, ready)
        const culprits = named.length > 0 ? named : ready.length === 1 && ready[0] ? [ready[0].mutationId] : []
        for (const id of culprits) {
          await local.rejectMutation(id, refusalText(e, id))
          result.rejected++
        }
        if (culprits.length === 0) oneAtATime = true
        continue
      }
      const report = await local.applyPushResults(answer.results)
      result.pushed += report.answered
      result.conflicts += report.conflicts
      result.rejected += report.rejected
      const answered = new Set(answer.results.map((r) => r.mutationId))
      for (const m of ready) if (!answered.has(m.mutationId)) skip.add(m.mutationId)
    }
  }

  /** Returns true when some pulled change had to wait for this device's unsent edits. */
  async function pullAll(result: SyncRunResult): Promise<boolean> {
    let cursor = await local.getCursor()
    let held = false
    for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
      const answer = await transport.pull(cursor, pullPageSize)
      const report = await local.applyPullPage(answer, held)
      result.pulled += report.applied
      result.conflicts += report.conflicts
      if (report.deferred > 0) held = true
      if (!answer.hasMore || answer.cursor <= cursor) break
      cursor = answer.cursor
    }
    return held
  }

  async function run(): Promise<SyncRunResult> {
    const result: SyncRunResult = { outcome: 'ok', pushed: 0, pulled: 0, conflicts: 0, rejected: 0 }
    if (!lastSyncLoaded) {
      lastSyncLoaded = true
      const last = await local.readMeta<string>(META_LAST_SYNC).catch(() => undefined)
      if (last) setStatus({ lastSyncAt: last })
    }
    if (!(await transport.hasSession())) {
      setStatus({ phase: 'signed-out', retryInMs: undefined })
      return { ...result, outcome: 'signed-out' }
    }
    setStatus({ phase: 'syncing' })
    try {
      const deviceId = await local.getDeviceId()
      for (let round = 0; round < MAX_ROUNDS; round++) {
        await pushAll(deviceId, result)
        const waited = await pullAll(result)
        if (!waited || (await local.unsentCount()) === 0) break
      }
      const at = now().toISOString()
      await local.writeMeta(META_LAST_SYNC, at)
      setStatus({ phase: 'idle', lastSyncAt: at, lastError: undefined, failures: 0, retryInMs: undefined })
      return result
    } catch (e) {
      return failed(e, result)
    }
  }

  function failed(e: unknown, result: SyncRunResult): SyncRunResult {
    const error = describe(e)
    if (isTransportError(e, 'unauthorized')) {
      // Retrying cannot help; the person signs in again when they want to sync.
      setStatus({ phase: 'signed-out', lastError: error, retryInMs: undefined })
      return { ...result, outcome: 'signed-out', error }
    }
    const failures = status.failures + 1
    const retryInMs = Math.max(backoffDelay(failures, random, policy), isTransportError(e) ? (e.retryAfterMs ?? 0) : 0)
    const outcome: SyncRunResult['outcome'] = isTransportError(e, 'network')
      ? 'offline'
      : isTransportError(e, 'server', 'rate-limited')
        ? 'server-error'
        : 'error'
    setStatus({ phase: outcome === 'error' ? 'error' : outcome, lastError: error, failures, retryInMs })
    return { ...result, outcome, error, retryAfterMs: retryInMs }
  }

  return {
    syncOnce() {
      running ??= run().finally(() => {
        running = undefined
      })
      return running
    },
    status: () => status,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    attachments,
  }
}

export { TransportError }
