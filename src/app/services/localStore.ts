// The app's one handle on the local store. Stores call `useLocal()`; pages never do.
import type { LocalStore } from '@/local/contract'

let opening: Promise<LocalStore> | undefined

export function useLocal(): Promise<LocalStore> {
  opening ??= import('@/local/localStore').then((m) => m.openLocalStore())
  return opening
}
