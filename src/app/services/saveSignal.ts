// Sync runs shortly after each save. Rather than every store remembering to say so, the app's one
// handle on the local store (`useLocal()`) reports every committed write that queues something for
// the server; the sync store listens.
import type { LocalStore } from '@/local/contract'

/** The local store's methods that write an outbox mutation (drafts are not synced). */
const SYNCED_WRITES = new Set<PropertyKey>([
  'saveBranch',
  'saveMember',
  'saveMembers',
  'saveRecord',
  'deleteRecord',
  'putEntity',
  'putEntities',
  'deleteEntity',
  'restoreBackup',
])

const listeners = new Set<() => void>()

export function onLocalSave(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function emit(): void {
  for (const listener of listeners) {
    try {
      listener()
    } catch (e) {
      // A listener's failure must never turn a successful save into a failed one.
      console.error(e)
    }
  }
}

/** The same store, announcing each successful synced write after it has committed. */
export function signalSaves(store: LocalStore): LocalStore {
  return new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target)
      if (typeof value !== 'function') return value
      const bound = (value as (...args: unknown[]) => unknown).bind(target)
      if (!SYNCED_WRITES.has(prop)) return bound
      return async (...args: unknown[]) => {
        const result = await bound(...args)
        emit()
        return result
      }
    },
  })
}
