// The record being written: a reactive draft that is saved to the local store on every change
// (debounced to ~300 ms, never more than a second behind), and flushed when the page is hidden, closed,
// left, or reloaded for an update. Killing the app mid-sentence loses at most the last second.
// A draft can also be shared with the branch (共享草稿): a synced copy, written at most every few seconds
// and on every flush, that another device can pick up. The local draft always comes first: a failing
// shared write is shown, never in the way of the local save.
import { computed, getCurrentScope, onScopeDispose, readonly, ref, shallowRef, watch } from 'vue'
import type { BranchRecord, KindId, Member } from '@/domain/types'
import type { KindDef } from '@/domain/kindSchema'
import { kindById } from '@/domain/kinds'
import { newRecord } from '@/domain/recordFactory'
import { missingElements, newlyMissing } from '@/domain/validation'
import { useRecordsStore } from '@/app/stores/records'
import { useBranchStore } from '@/app/stores/branch'
import { useSyncStore } from '@/app/stores/sync'
import { currentLocale } from '@/app/i18n'
import { registerEditorFlush } from '@/app/composables/useOpenEditors'
import { describeError } from '@/app/services/errorSurface'

export type DraftSaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error'

export type MissingElement = ReturnType<typeof missingElements>[number]

/** `stillMissing`: what a saved correction of a finished record still lacks (it lacked it before the edit). */
export type FinishResult = { ok: true; record: BranchRecord; stillMissing: MissingElement[] } | { ok: false; missing: MissingElement[] }

export type OpenResult = 'ok' | 'not-found' | 'unknown-kind' | 'no-branch'

export type ShareState = 'off' | 'saving' | 'shared' | 'error'

export const AUTOSAVE_DELAY_MS = 300
/** Continuous typing still reaches the disk at least this often. */
export const AUTOSAVE_MAX_WAIT_MS = 1000
/** The shared copy is written at most this often while typing (and at once on every flush). */
export const SHARE_INTERVAL_MS = 5000

/**
 * A deep plain copy. Record documents are JSON by design (they travel to the server as JSON); the copy
 * also strips Vue proxies, which IndexedDB cannot clone.
 */
function plainCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/** The draft as its shared copy holds it (always a draft), as text to tell whether it changed. */
function sharedJson(doc: BranchRecord): string {
  return JSON.stringify({ ...doc, status: 'draft' })
}

export function useRecordDraft() {
  const records = useRecordsStore()
  const branchStore = useBranchStore()
  const sync = useSyncStore()

  const draft = ref<BranchRecord>()
  /** The finished record under the same id, when editing one. */
  const saved = shallowRef<BranchRecord>()
  const kind = computed<KindDef | undefined>(() => (draft.value ? kindById(draft.value.kind) : undefined))
  const members = computed<Member[]>(() => branchStore.members as Member[])

  const saveState = ref<DraftSaveState>('idle')
  const savedAt = ref<Date>()
  const saveError = ref<string>()
  /** A draft exists in the local store (the page may offer to discard it). */
  const draftStored = ref(false)
  /** The page was opened on unsaved changes left from last time. */
  const resumed = ref(false)
  /** Finished or discarded: nothing more is written. */
  const closed = ref(false)
  /** The share switch (共享草稿). */
  const shared = ref(false)
  const shareState = ref<ShareState>('off')
  const shareError = ref<string>()
  /** Opened from a draft someone shared: their name. */
  const sharedFrom = ref<string>()

  let lastWrittenJson = ''
  let lastSharedJson = ''
  let lastShareAt = 0
  let shareTimer: ReturnType<typeof setTimeout> | undefined
  let shareInflight: Promise<void> | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let firstChangeAt: number | undefined
  let inflight: Promise<void> | undefined

  const hasUnsavedChanges = computed(() => saveState.value === 'pending' || saveState.value === 'saving' || saveState.value === 'error')

  function schedule(): void {
    if (closed.value || !draft.value) return
    saveState.value = 'pending'
    const now = Date.now()
    firstChangeAt ??= now
    const wait = Math.max(0, Math.min(AUTOSAVE_DELAY_MS, firstChangeAt + AUTOSAVE_MAX_WAIT_MS - now))
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(() => {
      // Errors are on screen (saveState/saveError); the next change or flush retries.
      writeLocal().catch(() => undefined)
    }, wait)
  }

  function cancelTimer(): void {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    firstChangeAt = undefined
  }

  async function settle(): Promise<void> {
    while (inflight) await inflight.catch(() => undefined)
  }

  /**
   * Writes the draft now if it changed since the last write, and the shared copy when sharing. Rejects
   * (and keeps it in memory) when the local write fails; a failing shared write only shows.
   */
  async function flush(): Promise<void> {
    await writeLocal()
    if (shared.value) await shareNow()
  }

  async function writeLocal(): Promise<void> {
    cancelTimer()
    await settle()
    if (closed.value || !draft.value) return
    const doc = plainCopy(draft.value)
    const json = JSON.stringify(doc)
    if (json === lastWrittenJson) {
      if (saveState.value === 'pending') saveState.value = savedAt.value ? 'saved' : 'idle'
      return
    }
    saveState.value = 'saving'
    const write = records.saveDraft(doc).then(
      () => {
        lastWrittenJson = json
        savedAt.value = new Date()
        saveError.value = undefined
        draftStored.value = true
        // A change made while writing is written by the timer it scheduled.
        if (saveState.value === 'saving') saveState.value = timer === undefined ? 'saved' : 'pending'
        if (shared.value) scheduleShare()
      },
      (error: unknown) => {
        saveError.value = describeError(error)
        saveState.value = 'error'
        throw error
      },
    )
    inflight = write
    try {
      await write
    } finally {
      if (inflight === write) inflight = undefined
    }
  }

  // ------------------------------------------------------------------ sharing

  /** Who shares: the account's name, else the recorder's, else the secretary's, else a neutral word. */
  function sharerName(): string {
    const candidates = [
      sync.user?.displayName,
      draft.value?.recorder,
      branchStore.members.find((m) => m.active && m.committeeRole === 'secretary')?.name,
    ]
    const name = candidates.map((c) => c?.trim() ?? '').find((c) => c !== '')
    return (name ?? (currentLocale() === 'en' ? 'This device' : '本机用户')).slice(0, 100)
  }

  function cancelShareTimer(): void {
    if (shareTimer !== undefined) clearTimeout(shareTimer)
    shareTimer = undefined
  }

  async function settleShare(): Promise<void> {
    while (shareInflight) await shareInflight
  }

  /** After a local save: the shared copy follows, but not more often than every SHARE_INTERVAL_MS. */
  function scheduleShare(): void {
    if (shareTimer !== undefined) return
    const wait = Math.max(0, lastShareAt + SHARE_INTERVAL_MS - Date.now())
    shareTimer = setTimeout(() => {
      shareTimer = undefined
      void shareNow()
    }, wait)
  }

  /** Writes the shared copy if the draft changed since; never rejects (the error is on screen). */
  async function shareNow(): Promise<void> {
    cancelShareTimer()
    await settleShare()
    if (!shared.value || closed.value || !draft.value) return
    const doc = plainCopy(draft.value)
    const json = sharedJson(doc)
    if (json === lastSharedJson && shareState.value === 'shared') return
    shareState.value = 'saving'
    const write = records.shareDraft(doc, sharerName()).then(
      () => {
        lastSharedJson = json
        lastShareAt = Date.now()
        shareError.value = undefined
        if (shared.value) shareState.value = 'shared'
      },
      (error: unknown) => {
        lastShareAt = Date.now()
        shareError.value = describeError(error)
        shareState.value = 'error'
      },
    )
    shareInflight = write
    try {
      await write
    } finally {
      if (shareInflight === write) shareInflight = undefined
    }
  }

  /** Stops sharing: the shared copy becomes a tombstone everywhere. Rejects when that could not be written. */
  async function unshare(id: string): Promise<void> {
    cancelShareTimer()
    await settleShare()
    await records.unshareDraft(id)
    lastSharedJson = ''
  }

  /** The share switch. On: the draft is saved here and shared at once. Off: the shared copy is deleted. */
  async function setShared(on: boolean): Promise<void> {
    if (!draft.value || closed.value || on === shared.value) return
    const id = draft.value.id
    shared.value = on
    if (on) {
      // The local draft first; if that fails its error is on screen, and the copy is still worth sharing.
      await writeLocal().catch(() => undefined)
      await shareNow()
      return
    }
    shareState.value = 'off'
    shareError.value = undefined
    try {
      await unshare(id)
    } catch (error) {
      shared.value = true
      shareError.value = describeError(error)
      shareState.value = 'error'
      throw error
    }
  }

  /** Called after finishing or discarding: a shared copy of a draft that is gone must go too. */
  async function endSharing(id: string): Promise<void> {
    shared.value = false
    shareState.value = 'off'
    try {
      await unshare(id)
      shareError.value = undefined
    } catch (error) {
      // The record itself is safe; the shared copy stays visible to others until it is deleted.
      shareError.value = describeError(error)
    }
  }

  function resetSharing(on: boolean, json = ''): void {
    cancelShareTimer()
    shared.value = on
    shareState.value = on ? 'shared' : 'off'
    shareError.value = undefined
    lastSharedJson = json
    lastShareAt = 0
  }

  function load(doc: BranchRecord, writtenJson: string): void {
    cancelTimer()
    lastWrittenJson = writtenJson
    draft.value = doc
    saveState.value = 'idle'
    saveError.value = undefined
    closed.value = false
  }

  /** A fresh record of a kind (not written until the first change, so opening and leaving leaves nothing). */
  async function openNew(kindId: KindId): Promise<OpenResult> {
    const def = kindById(kindId)
    if (!def) return 'unknown-kind'
    await branchStore.load()
    const branch = branchStore.branch
    if (!branch) return 'no-branch'
    const now = new Date()
    const sequence = await records.nextSequence(kindId, now.getFullYear())
    const doc = newRecord(kindId, { branch: plainCopy(branch), members: plainCopy(members.value), now, sequence, locale: currentLocale() })
    saved.value = undefined
    draftStored.value = false
    resumed.value = false
    sharedFrom.value = undefined
    resetSharing(false)
    load(doc, JSON.stringify(doc))
    return 'ok'
  }

  /**
   * An existing record: its waiting draft if there is one, else the record itself. A shared copy newer
   * than both (written on another device) is copied into this device's drafts and opened instead.
   */
  async function openExisting(id: string): Promise<OpenResult> {
    await branchStore.load()
    const [local, record, sharedDoc] = await Promise.all([records.getDraft(id), records.get(id), records.getSharedDraft(id)])
    let stored = local
    saved.value = record && !record.deleted ? record : undefined
    sharedFrom.value = undefined
    resetSharing(sharedDoc !== undefined, sharedDoc ? sharedJson(sharedDoc.record) : '')
    const newerThanOurs = sharedDoc && (stored ? sharedDoc.sharedAt > stored.savedAt : !saved.value || sharedDoc.sharedAt > saved.value.updatedAt)
    if (sharedDoc && newerThanOurs && sharedJson(sharedDoc.record) !== (stored ? sharedJson(stored.doc) : '')) {
      // Editing a finished record keeps its status in the draft, as a draft made on this device would.
      const doc: BranchRecord = { ...plainCopy(sharedDoc.record), status: saved.value?.status ?? 'draft' }
      await records.saveDraft(doc)
      stored = { id, doc, savedAt: new Date().toISOString() }
      sharedFrom.value = sharedDoc.sharedBy
    }
    if (stored) {
      draftStored.value = true
      resumed.value = true
      load(stored.doc, JSON.stringify(stored.doc))
      return kindById(stored.doc.kind) ? 'ok' : 'unknown-kind'
    }
    if (!record || record.deleted) return 'not-found'
    draftStored.value = false
    resumed.value = false
    const doc = plainCopy(record)
    load(doc, JSON.stringify(doc))
    return kindById(doc.kind) ? 'ok' : 'unknown-kind'
  }

  function check(): MissingElement[] {
    if (!draft.value || !kind.value) return []
    return missingElements(plainCopy(draft.value), kind.value, members.value)
  }

  /** What stops "完成": everything missing, but for a finished record only what the edit made missing. */
  function blocking(): MissingElement[] {
    const missing = check()
    const before = saved.value?.status === 'final' && kind.value ? missingElements(plainCopy(saved.value), kind.value, members.value) : []
    return newlyMissing(missing, before)
  }

  /**
   * "完成" / "保存修改": checks the required elements; when complete, writes the final record (which removes
   * the draft in the same transaction) and resolves only after that write committed.
   */
  async function finish(): Promise<FinishResult> {
    if (!draft.value || !kind.value) throw new Error('No record open')
    const missing = blocking()
    if (missing.length) return { ok: false, missing }
    const stillMissing = check()
    closed.value = true
    cancelTimer()
    await settle()
    const doc = plainCopy(draft.value)
    const now = new Date().toISOString()
    const record: BranchRecord = { ...doc, status: 'final', finishedAt: doc.finishedAt ?? now, updatedAt: now }
    try {
      await records.saveRecord(record)
    } catch (error) {
      closed.value = false
      saveError.value = describeError(error)
      saveState.value = 'error'
      throw error
    }
    saved.value = record
    draftStored.value = false
    saveState.value = 'saved'
    savedAt.value = new Date()
    await endSharing(record.id)
    return { ok: true, record, stillMissing }
  }

  /** Throws the draft away; an existing record goes back to its saved version. */
  async function discard(): Promise<void> {
    if (!draft.value) return
    const id = draft.value.id
    closed.value = true
    cancelTimer()
    await settle()
    try {
      await records.discardDraft(id)
    } catch (error) {
      closed.value = false
      throw error
    }
    draftStored.value = false
    resumed.value = false
    await endSharing(id)
    if (saved.value) {
      const doc = plainCopy(saved.value)
      load(doc, JSON.stringify(doc))
    }
  }

  // Every change is written (debounced). Watching deeply is cheap next to a keystroke.
  watch(draft, () => {
    if (!closed.value) schedule()
  }, { deep: true, flush: 'sync' })

  const flushQuietly = () => {
    flush().catch(() => undefined)
  }
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') flushQuietly()
  }
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    // The write could not be made: ask before the page goes, the text only lives in memory.
    if (saveState.value === 'error' && !closed.value) event.preventDefault()
    else flushQuietly()
  }
  let unregister: (() => void) | undefined
  if (typeof window !== 'undefined') {
    document.addEventListener('visibilitychange', onVisibility)
    window.addEventListener('pagehide', flushQuietly)
    window.addEventListener('beforeunload', onBeforeUnload)
    unregister = registerEditorFlush(flush)
  }
  if (getCurrentScope()) {
    onScopeDispose(() => {
      if (typeof window !== 'undefined') {
        document.removeEventListener('visibilitychange', onVisibility)
        window.removeEventListener('pagehide', flushQuietly)
        window.removeEventListener('beforeunload', onBeforeUnload)
      }
      unregister?.()
      // Anything still waiting is written now rather than dropped.
      if (timer !== undefined || shareTimer !== undefined) flushQuietly()
    })
  }

  return {
    draft,
    kind,
    members,
    saved: readonly(saved),
    saveState: readonly(saveState),
    savedAt: readonly(savedAt),
    saveError: readonly(saveError),
    draftStored: readonly(draftStored),
    resumed: readonly(resumed),
    closed: readonly(closed),
    shared: readonly(shared),
    shareState: readonly(shareState),
    shareError: readonly(shareError),
    sharedFrom: readonly(sharedFrom),
    hasUnsavedChanges,
    openNew,
    openExisting,
    flush,
    setShared,
    check,
    finish,
    blocking,
    discard,
  }
}
