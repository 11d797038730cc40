// When the engine runs: at app start, when the network returns, when the app comes back to the
// foreground, shortly after each save, from the 立即同步 button, and when the service worker's
// Background Sync fires (Chromium only — a bonus, never relied on). Runs never overlap: a request
// during a run queues exactly one more run, so a save made mid-sync is still pushed.

export type SyncReason = 'app-start' | 'online' | 'foreground' | 'saved' | 'manual' | 'background' | 'retry'

/** What a run tells the scheduler; `retryAfterMs` asks for another try (offline, 5xx). */
export interface SyncRunSummary {
  retryAfterMs?: number
}

/** Background Sync tag the service worker listens for. */
export const BACKGROUND_SYNC_TAG = 'branch-records-outbox'
/** Message the service worker posts to open windows when its `sync` event fires. */
export const SW_SYNC_MESSAGE = 'BACKGROUND_SYNC'

interface Listenable {
  addEventListener(type: string, listener: (event: Event) => void): void
  removeEventListener(type: string, listener: (event: Event) => void): void
}

export interface SyncTriggerEnv {
  /** Receives `online` (usually `window`). */
  window?: Listenable
  /** Receives `visibilitychange` (usually `document`). */
  document?: Listenable & { visibilityState: string }
  /** Receives messages from the service worker (usually `navigator.serviceWorker`). */
  serviceWorker?: Listenable
  /** Registers the Background Sync tag where the browser has `registration.sync`; may do nothing. */
  registerBackgroundSync?: () => Promise<void>
  setTimeout: (fn: () => void, ms: number) => unknown
  clearTimeout: (handle: unknown) => void
}

export interface SyncTriggerOptions {
  /** Quiet time after the last save before pushing, so a burst of saves becomes one sync. */
  saveDebounceMs?: number
}

export interface SyncTriggers {
  /** Attaches the listeners and runs the app-start sync. */
  start(): void
  stop(): void
  /** Call after every local save; pushes ~2 s after the last one. */
  notifySaved(): void
  /** The 立即同步 button: runs now (after any run in progress) and resolves when done. */
  syncNow(): Promise<void>
  /** Any trigger by name (the service worker message handler uses 'background'). */
  request(reason: SyncReason): Promise<void>
}

export function createSyncTriggers(
  run: (reason: SyncReason) => Promise<SyncRunSummary>,
  env: SyncTriggerEnv,
  options: SyncTriggerOptions = {},
): SyncTriggers {
  const saveDebounceMs = options.saveDebounceMs ?? 2_000
  let started = false
  // Runs are chained; at most one run waits behind the current one and every request meanwhile shares it.
  let tail: Promise<void> = Promise.resolve()
  let waiting: Promise<void> | undefined
  let saveTimer: unknown
  let retryTimer: unknown

  function clearRetry(): void {
    if (retryTimer !== undefined) env.clearTimeout(retryTimer)
    retryTimer = undefined
  }

  async function runOnce(reason: SyncReason): Promise<void> {
    clearRetry()
    let summary: SyncRunSummary = {}
    try {
      summary = await run(reason)
    } catch {
      // The engine reports its own failures through its state; a throw here must not stop the triggers.
      summary = {}
    }
    if (started && summary.retryAfterMs !== undefined && !waiting) {
      retryTimer = env.setTimeout(() => {
        retryTimer = undefined
        void request('retry')
      }, summary.retryAfterMs)
    }
  }

  function request(reason: SyncReason): Promise<void> {
    if (waiting) return waiting
    const next = tail.then(() => {
      waiting = undefined
      return runOnce(reason)
    })
    waiting = next
    tail = next
    return next
  }

  const onOnline = (): void => void request('online')
  const onVisibility = (): void => {
    if (env.document?.visibilityState === 'visible') void request('foreground')
  }
  const onSwMessage = (event: Event): void => {
    const message = event as MessageEvent<{ type?: string } | null>
    if (message.data?.type !== SW_SYNC_MESSAGE) return
    const port = message.ports?.[0]
    void request('background').then(() => port?.postMessage({ type: 'SYNC_DONE' }))
  }

  return {
    start() {
      if (started) return
      started = true
      env.window?.addEventListener('online', onOnline)
      env.document?.addEventListener('visibilitychange', onVisibility)
      env.serviceWorker?.addEventListener('message', onSwMessage)
      void request('app-start')
    },
    stop() {
      started = false
      env.window?.removeEventListener('online', onOnline)
      env.document?.removeEventListener('visibilitychange', onVisibility)
      env.serviceWorker?.removeEventListener('message', onSwMessage)
      if (saveTimer !== undefined) env.clearTimeout(saveTimer)
      saveTimer = undefined
      clearRetry()
    },
    notifySaved() {
      if (saveTimer !== undefined) env.clearTimeout(saveTimer)
      saveTimer = env.setTimeout(() => {
        saveTimer = undefined
        void request('saved')
      }, saveDebounceMs)
      // If the page is closed before the timer fires, Background Sync (where it exists) still wakes us.
      void env.registerBackgroundSync?.().catch(() => undefined)
    },
    syncNow: () => request('manual'),
    request,
  }
}
