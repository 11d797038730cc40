// Sync as the pages see it: who is signed in, how many changes wait to be uploaded, when the last sync
// succeeded, what went wrong, each record's state (仅本机 / 待上传 / 已同步 / 冲突 / 出错), the conflicts
// to resolve, and the actions (sign in/out, 立即同步, resolve a conflict, history, attachment bytes).
// The engine itself is framework-free (`src/sync`); this store starts it with the browser's triggers.
import { defineStore } from 'pinia'
import { computed, readonly, ref, shallowRef } from 'vue'
import type { EntityName, RevisionEntry } from '@/domain/protocol'
import type { SyncState } from '@/local/contract'
import { openSyncLocal, type ConflictChoices, type ConflictView, type EntitySyncInfo, type SyncLocal } from '@/local/syncApply'
import { createHttpTransport, type HttpTransport } from '@/sync/httpTransport'
import { createSessionStore, META_SESSION, type StoredSession } from '@/sync/session'
import { createSyncEngine, type SyncEngine, type SyncRunResult, type SyncStatus } from '@/sync/syncEngine'
import { BACKGROUND_SYNC_TAG, createSyncTriggers, type SyncTriggerEnv, type SyncTriggers } from '@/sync/triggers'
import type { AttachmentVariant } from '@/sync/transport'
import { onLocalSave } from '@/app/services/saveSignal'
import { useBranchStore } from './branch'

/** What the badge shows: a pending change on a device that never signed in is 仅本机. */
export type DisplayedSyncState = SyncState

/** What the store runs on: the browser's, or a test's (fake-indexeddb, the server app, fake timers). */
export interface SyncEnvironment {
  local: SyncLocal
  transport: HttpTransport
  engine: SyncEngine
  triggerEnv: SyncTriggerEnv
}

function browserEnvironment(): SyncEnvironment {
  const local = openSyncLocal()
  const transport = createHttpTransport({ session: createSessionStore(local) })
  const engine = createSyncEngine({ transport, local, now: () => new Date(), random: Math.random })
  return {
    local,
    transport,
    engine,
    triggerEnv: {
      window: typeof window === 'undefined' ? undefined : window,
      document: typeof document === 'undefined' ? undefined : document,
      serviceWorker: typeof navigator !== 'undefined' && 'serviceWorker' in navigator ? navigator.serviceWorker : undefined,
      registerBackgroundSync,
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
  }
}

/** Chromium only; elsewhere (and without a service worker) this quietly does nothing. */
async function registerBackgroundSync(): Promise<void> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  const registration = (await navigator.serviceWorker.getRegistration()) as
    | (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })
    | undefined
  await registration?.sync?.register(BACKGROUND_SYNC_TAG)
}

/**
 * Several open tabs share one database: only one of them syncs at a time (Web Locks where the browser
 * has them; elsewhere idempotent pushes and transactional applies keep concurrent runs safe).
 */
function oneTabAtATime<T>(run: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined
  return locks ? (locks.request('branch-records-sync', run) as Promise<T>) : run()
}

let makeEnvironment: () => SyncEnvironment = browserEnvironment

/** Device-local, never synced: the sign-in note was dismissed on this device. */
const META_LOCAL_INTRO_DISMISSED = 'sync.localIntroDismissed'

/** Tests: run the store on another environment (call before the store is first used). */
export function setSyncEnvironment(factory: (() => SyncEnvironment) | undefined): void {
  makeEnvironment = factory ?? browserEnvironment
}

export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatus>({ phase: 'idle', failures: 0 })
  const session = ref<StoredSession>()
  const unsentCount = ref(0)
  /**
   * Entities that are not in step with the server (待上传 / 冲突 / 出错), read through the state index so
   * that ten thousand synced records cost nothing. Every other entity this device holds is 已同步.
   */
  const unsettled = shallowRef<ReadonlyMap<string, EntitySyncInfo>>(new Map())
  const loaded = ref(false)
  const conflicts = shallowRef<ConflictView[]>([])
  const lastResult = ref<SyncRunResult>()
  const started = ref(false)
  /** This device's id (to tell "本机" from another phone in conflicts and history). */
  const deviceId = ref<string>()
  /** The one-time note on what signing in would give was read, or dismissed (stays quiet after). */
  const localIntroDismissed = ref(false)
  /** Goes up whenever a sync changed data on this device: lists watch it to read again. */
  const dataVersion = ref(0)
  let env: SyncEnvironment | undefined
  let triggers: SyncTriggers | undefined

  function environment(): SyncEnvironment {
    env ??= makeEnvironment()
    return env
  }

  function syncTriggers(): SyncTriggers {
    const current = environment()
    triggers ??= createSyncTriggers(async () => {
      const result = await oneTabAtATime(() => current.engine.syncOnce())
      lastResult.value = result
      // A branch set up offline: its settings go onto the account's branch once that has arrived.
      const adopted = result.outcome === 'ok' && (await current.local.finishBranchAdoption())
      if (result.pulled > 0 || result.conflicts > 0 || adopted) {
        dataVersion.value++
        await reloadBranch()
      }
      if (adopted) triggers?.notifySaved()
      await refresh()
      return result
    }, current.triggerEnv)
    return triggers
  }

  const signedIn = computed(() => Boolean(session.value?.token))
  const user = computed(() => session.value?.user)
  /** Signed in once on this device (the session may have expired since). */
  const hasAccount = computed(() => session.value?.user !== undefined)
  /** Signed in on this device before, but the server ended the session: only syncing waits. */
  const sessionExpired = computed(() => hasAccount.value && !signedIn.value)
  const syncing = computed(() => status.value.phase === 'syncing')
  const lastSyncAt = computed(() => status.value.lastSyncAt)
  const lastError = computed(() => status.value.lastError)
  const conflictCount = computed(() => conflicts.value.length)
  const errorCount = computed(() => [...unsettled.value.values()].filter((s) => s.state === 'error').length)

  /**
   * The state shown for one entity (records by default). `known` is a state read elsewhere (e.g. a
   * list item's), used until this store has read the device's sync states.
   */
  function stateOf(id: string, entity: EntityName = 'record', known?: SyncState): DisplayedSyncState {
    const info = unsettled.value.get(`${entity}:${id}`)
    const state: SyncState = info?.state ?? (loaded.value ? 'synced' : (known ?? 'local-only'))
    // Never signed in: the change is safe here, and will go when someone signs in.
    return state === 'pending' && !hasAccount.value ? 'local-only' : state
  }

  /** The sync details of an entity that is not in step with the server (undefined when it is). */
  function infoOf(id: string, entity: EntityName = 'record'): EntitySyncInfo | undefined {
    return unsettled.value.get(`${entity}:${id}`)
  }

  function errorOf(id: string, entity: EntityName = 'record'): string | undefined {
    return unsettled.value.get(`${entity}:${id}`)?.lastError
  }

  /** The branch store keeps the branch in memory; after a sync changed it, read it again. */
  async function reloadBranch(): Promise<void> {
    const branchStore = useBranchStore()
    if (branchStore.loaded) await branchStore.load(true)
  }

  async function refresh(): Promise<void> {
    const { local } = environment()
    const [count, infos, list, stored, dismissed] = await Promise.all([
      local.unsentCount(),
      local.listSyncInfo(undefined, ['pending', 'conflict', 'error']),
      local.listConflicts(),
      local.readMeta<StoredSession>(META_SESSION),
      local.readMeta<boolean>(META_LOCAL_INTRO_DISMISSED),
    ])
    localIntroDismissed.value = dismissed === true
    unsentCount.value = count
    unsettled.value = new Map(infos.map((i) => [`${i.entity}:${i.id}`, i]))
    loaded.value = true
    conflicts.value = list
    session.value = stored
  }

  /** Starts the triggers (app start, online, foreground, saves, Background Sync). Idempotent. */
  async function start(): Promise<void> {
    if (started.value) return
    started.value = true
    const { engine } = environment()
    const run = syncTriggers()
    engine.subscribe((s) => {
      status.value = { ...s }
    })
    status.value = { ...engine.status() }
    onLocalSave(() => {
      run.notifySaved()
      // The counts change at once; the push follows after the quiet period.
      void refresh().catch(() => undefined)
    })
    await refresh()
    run.start()
  }

  /** The 立即同步 button: resolves when a run that started after the click has finished. */
  async function syncNow(): Promise<SyncRunResult | undefined> {
    if (!started.value) await start()
    await syncTriggers().syncNow()
    return lastResult.value
  }

  function notifySaved(): void {
    if (started.value) syncTriggers().notifySaved()
  }

  async function signIn(username: string, password: string): Promise<void> {
    const { transport, local } = environment()
    const previous = session.value?.user
    const next = await transport.signIn(username.trim(), password)
    // Another account on this device sees another set of branches: read its feed from the start.
    if (previous && previous.id !== next.user?.id) await local.resetCursor()
    // Set up offline before this first sign-in: what was recorded moves to the account's branch.
    if (next.user?.branchId && (await local.adoptBranch(next.user.branchId)) > 0) {
      dataVersion.value++
      await reloadBranch()
    }
    session.value = next
    await refresh()
    void syncNow()
  }

  async function signOut(): Promise<void> {
    await environment().transport.signOut()
    await refresh()
  }

  /** This device's id, read once (conflict and history screens tell "本机" by it). */
  async function ensureDeviceId(): Promise<string> {
    deviceId.value ??= await environment().local.getDeviceId()
    return deviceId.value
  }

  /** "知道了" on the note about signing in: said once per device, then quiet. */
  async function dismissLocalIntro(): Promise<void> {
    localIntroDismissed.value = true
    await environment().local.writeMeta(META_LOCAL_INTRO_DISMISSED, true)
  }

  async function resolveConflict(entity: EntityName, id: string, choices: ConflictChoices): Promise<void> {
    await environment().local.resolveConflict(entity, id, choices)
    await refresh()
    notifySaved()
  }

  function getConflict(entity: EntityName, id: string): Promise<ConflictView | undefined> {
    return environment().local.getConflict(entity, id)
  }

  function history(entity: EntityName, id: string): Promise<RevisionEntry[]> {
    return environment().transport.revisions(entity, id)
  }

  /** Bytes of an attachment: from this device, else downloaded on demand (and kept). */
  function fetchAttachment(hash: string, variant: AttachmentVariant = 'original'): Promise<Blob | undefined> {
    return environment().engine.attachments.fetch(hash, variant)
  }

  return {
    status: readonly(status),
    session: readonly(session),
    unsentCount: readonly(unsentCount),
    conflicts: computed(() => conflicts.value),
    lastResult: readonly(lastResult),
    dataVersion: readonly(dataVersion),
    deviceId: readonly(deviceId),
    localIntroDismissed: readonly(localIntroDismissed),
    started: readonly(started),
    signedIn,
    user,
    hasAccount,
    sessionExpired,
    syncing,
    lastSyncAt,
    lastError,
    conflictCount,
    errorCount,
    stateOf,
    infoOf,
    errorOf,
    refresh,
    start,
    syncNow,
    notifySaved,
    signIn,
    signOut,
    dismissLocalIntro,
    ensureDeviceId,
    resolveConflict,
    getConflict,
    history,
    fetchAttachment,
  }
})
