// When sync runs: start, online, foreground, debounced after saves, the button, the service worker;
// never two runs at once; retries when the run asks for one. And the backoff delays themselves.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { backoffDelay, DEFAULT_BACKOFF } from '@/sync/backoff'
import { createSyncTriggers, SW_SYNC_MESSAGE, type SyncReason, type SyncRunSummary } from '@/sync/triggers'

class FakeDocument extends EventTarget {
  visibilityState = 'visible'
}

function setup(runImpl?: (reason: SyncReason) => Promise<SyncRunSummary>) {
  const reasons: SyncReason[] = []
  let active = 0
  let maxActive = 0
  const run = vi.fn(async (reason: SyncReason) => {
    reasons.push(reason)
    active++
    maxActive = Math.max(maxActive, active)
    try {
      return runImpl ? await runImpl(reason) : {}
    } finally {
      active--
    }
  })
  const win = new EventTarget()
  const doc = new FakeDocument()
  const sw = new EventTarget()
  const registerBackgroundSync = vi.fn(async () => undefined)
  const triggers = createSyncTriggers(run, {
    window: win,
    document: doc,
    serviceWorker: sw,
    registerBackgroundSync,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  })
  return { triggers, reasons, run, win, doc, sw, registerBackgroundSync, maxActive: () => maxActive }
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('sync triggers', () => {
  it('runs at start, when the network returns and when the app comes back to the foreground', async () => {
    const t = setup()
    t.triggers.start()
    await flush()
    expect(t.reasons).toEqual(['app-start'])
    t.win.dispatchEvent(new Event('online'))
    await flush()
    t.doc.visibilityState = 'hidden'
    t.doc.dispatchEvent(new Event('visibilitychange'))
    await flush()
    t.doc.visibilityState = 'visible'
    t.doc.dispatchEvent(new Event('visibilitychange'))
    await flush()
    expect(t.reasons).toEqual(['app-start', 'online', 'foreground'])
    t.triggers.stop()
    t.win.dispatchEvent(new Event('online'))
    await flush()
    expect(t.reasons).toHaveLength(3)
  })

  it('pushes about 2 s after the last of several saves, once', async () => {
    const t = setup()
    t.triggers.start()
    await flush()
    t.triggers.notifySaved()
    await vi.advanceTimersByTimeAsync(1500)
    t.triggers.notifySaved()
    await vi.advanceTimersByTimeAsync(1500)
    t.triggers.notifySaved()
    await vi.advanceTimersByTimeAsync(1999)
    expect(t.reasons).toEqual(['app-start'])
    await vi.advanceTimersByTimeAsync(1)
    expect(t.reasons).toEqual(['app-start', 'saved'])
    // Background Sync is asked for on every save, where the browser has it.
    expect(t.registerBackgroundSync).toHaveBeenCalledTimes(3)
  })

  it('never overlaps runs: requests during a run share one follow-up run', async () => {
    let release: (() => void) | undefined
    const t = setup(
      (reason) =>
        new Promise((resolve) => {
          if (reason === 'app-start') release = () => resolve({})
          else resolve({})
        }),
    )
    t.triggers.start()
    await flush()
    const a = t.triggers.syncNow()
    const b = t.triggers.syncNow()
    t.win.dispatchEvent(new Event('online'))
    await flush()
    expect(t.reasons).toEqual(['app-start'])
    release?.()
    await a
    await b
    expect(t.reasons).toEqual(['app-start', 'manual'])
    expect(t.maxActive()).toBe(1)
  })

  it('the button resolves after a run that started after the click (a run not yet started is shared)', async () => {
    const t = setup()
    t.triggers.start()
    // The start run has not begun yet: the click joins it rather than queueing another.
    await t.triggers.syncNow()
    expect(t.reasons).toEqual(['app-start'])
    await t.triggers.syncNow()
    expect(t.reasons).toEqual(['app-start', 'manual'])
  })

  it('retries when a run asks for it, and a new trigger replaces the planned retry', async () => {
    let calls = 0
    const t = setup(async () => (++calls <= 2 ? { retryAfterMs: 5000 } : {}))
    t.triggers.start()
    await flush()
    await vi.advanceTimersByTimeAsync(4999)
    expect(t.reasons).toEqual(['app-start'])
    await vi.advanceTimersByTimeAsync(1)
    expect(t.reasons).toEqual(['app-start', 'retry'])
    // The second run asked for a retry too; the network coming back runs at once instead.
    t.win.dispatchEvent(new Event('online'))
    await flush()
    expect(t.reasons).toEqual(['app-start', 'retry', 'online'])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(t.reasons).toEqual(['app-start', 'retry', 'online'])
  })

  it('answers the service worker’s Background Sync message when the run is done', async () => {
    const t = setup()
    t.triggers.start()
    await flush()
    const port = { postMessage: vi.fn() }
    const event = new MessageEvent('message', { data: { type: SW_SYNC_MESSAGE } })
    Object.defineProperty(event, 'ports', { value: [port] })
    t.sw.dispatchEvent(event)
    await flush()
    expect(t.reasons).toEqual(['app-start', 'background'])
    expect(port.postMessage).toHaveBeenCalledWith({ type: 'SYNC_DONE' })
    // Other messages are not ours.
    t.sw.dispatchEvent(new MessageEvent('message', { data: { type: 'SKIP_WAITING' } }))
    await flush()
    expect(t.reasons).toHaveLength(2)
  })

  it('a failing run does not stop later triggers', async () => {
    const t = setup(async (reason) => {
      if (reason === 'app-start') throw new Error('boom')
      return {}
    })
    t.triggers.start()
    await flush()
    await t.triggers.syncNow()
    expect(t.reasons).toEqual(['app-start', 'manual'])
  })
})

describe('backoff', () => {
  it('grows exponentially, with half of each step random, up to the maximum', () => {
    const low = () => 0
    const high = () => 0.999999
    expect(backoffDelay(1, low)).toBe(1000)
    expect(backoffDelay(1, high)).toBe(2000)
    expect(backoffDelay(2, low)).toBe(2000)
    expect(backoffDelay(5, low)).toBe(16_000)
    expect(backoffDelay(50, high)).toBe(DEFAULT_BACKOFF.maxMs)
    expect(backoffDelay(50, low)).toBe(DEFAULT_BACKOFF.maxMs / 2)
    // Nonsense input stays within bounds.
    expect(backoffDelay(0, () => 7)).toBe(2000)
    expect(backoffDelay(-3, () => -1)).toBe(1000)
  })

  it('spreads many clients over the window instead of retrying in lockstep', () => {
    let seed = 1
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
    const delays = Array.from({ length: 200 }, () => backoffDelay(3, random))
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(4000)
    expect(Math.max(...delays)).toBeLessThanOrEqual(8000)
    expect(new Set(delays).size).toBeGreaterThan(100)
  })
})

describe('service worker Background Sync', () => {
  it('listens for the same tag and posts the same message the app uses', async () => {
    const { readFileSync } = await import('node:fs')
    const { BACKGROUND_SYNC_TAG } = await import('@/sync/triggers')
    const source = readFileSync(new URL('../../../src/sw/sw.ts', import.meta.url), 'utf8')
    expect(source).toContain(`const BACKGROUND_SYNC_TAG = '${BACKGROUND_SYNC_TAG}'`)
    expect(source).toContain(`const SW_SYNC_MESSAGE = '${SW_SYNC_MESSAGE}'`)
    expect(source).toMatch(/addEventListener\('sync'/)
    // The API is never cached by the worker.
    expect(source).toContain('denylist: [/^\\/api\\//]')
    expect(source).not.toMatch(/registerRoute\([^)]*api/)
  })
})
