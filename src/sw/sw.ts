/// <reference lib="webworker" />
// Service worker (injectManifest). Precaches the build, serves the app shell for navigations,
// never caches /api/. Updates wait for the user's consent (prompt), so half-typed forms survive.
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> }

precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()

registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }))

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting()
})

// ---------------------------------------------------------------- Background Sync (Chromium only)
// The app registers this tag after each save; when the browser fires it (connectivity is back), every
// open window is asked to run a sync, and the event lasts until one of them reports it done. With no
// window open there is nothing to wake: the outbox waits safely in IndexedDB and the next app start
// sends it. The API is never relied on — online/foreground/start triggers do the same everywhere.
// Kept equal to `BACKGROUND_SYNC_TAG` / `SW_SYNC_MESSAGE` in src/sync/triggers.ts (a unit test checks);
// the worker's build does not import app code.
const BACKGROUND_SYNC_TAG = 'branch-records-outbox'
const SW_SYNC_MESSAGE = 'BACKGROUND_SYNC'
const SYNC_WAIT_MS = 60_000

interface BackgroundSyncEvent extends ExtendableEvent {
  readonly tag: string
}

function askWindowToSync(client: Client): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => resolve()
    client.postMessage({ type: SW_SYNC_MESSAGE }, [channel.port2])
  })
}

async function wakeWindows(): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
  if (windows.length === 0) return
  await Promise.race([
    Promise.any(windows.map(askWindowToSync)),
    new Promise<void>((resolve) => setTimeout(resolve, SYNC_WAIT_MS)),
  ])
}

self.addEventListener('sync', (event: Event) => {
  const e = event as BackgroundSyncEvent
  if (e.tag === BACKGROUND_SYNC_TAG) e.waitUntil(wakeWindows())
})
