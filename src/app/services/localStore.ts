// The app's one handle on the local store. Stores call `useLocal()`; pages never do.
import type { ConnectionEvent, LocalStore } from '@/local/contract'
import { signalSaves } from './saveSignal'

let opening: Promise<LocalStore> | undefined
const connectionListeners = new Set<(event: ConnectionEvent) => void>()

function watchConnection(store: LocalStore): LocalStore {
  store.onConnectionEvent((event) => connectionListeners.forEach((listener) => listener(event)))
  // Every committed write that queues something for the server wakes the sync (debounced).
  return signalSaves(store)
}

export function useLocal(): Promise<LocalStore> {
  opening ??= import('@/local/localStore').then((m) => m.openLocalStore()).then(watchConnection)
  // A failed open (e.g. storage disabled) is reported to the caller; the next call tries again.
  opening.catch(() => {
    opening = undefined
  })
  return opening
}

/** Hears when another tab upgraded the database (this connection is closed) or blocks our upgrade. */
export function onLocalConnectionEvent(listener: (event: ConnectionEvent) => void): () => void {
  connectionListeners.add(listener)
  return () => connectionListeners.delete(listener)
}

/** Tests: use this store (e.g. one opened on a fresh fake-indexeddb database) from now on. */
export function provideLocalStore(store: LocalStore | undefined): void {
  opening = store ? Promise.resolve(watchConnection(store)) : undefined
}
