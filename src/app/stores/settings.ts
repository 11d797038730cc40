// Language, device storage and the browser's persistent-storage grant, and the backup file.
import { defineStore } from 'pinia'
import { computed, readonly, ref } from 'vue'
import type { RestoreReport, StorageInfo } from '@/local/contract'
import { currentLocale, i18n, setLocale, type AppLocale } from '@/app/i18n'
import { useLocal } from '@/app/services/localStore'
import { compactDate } from '@/app/services/format'

/**
 * - `granted`: the browser keeps our data even when the device runs low on space;
 * - `refused`: we asked and the browser said no (common in Safari tabs: install to the home screen);
 * - `not-asked`: not yet asked (we ask after the first saved record, never at startup);
 * - `unsupported`: this browser has no persistent-storage API.
 */
export type PersistenceState = 'granted' | 'refused' | 'not-asked' | 'unsupported'

const ASKED_KEY = 'branch-records.persistence-asked'

function wasAsked(): boolean {
  return typeof localStorage !== 'undefined' && localStorage.getItem(ASKED_KEY) === '1'
}

export const useSettingsStore = defineStore('settings', () => {
  const locale = ref<AppLocale>(currentLocale())
  const storage = ref<StorageInfo>()
  const asked = ref(wasAsked())

  const persistence = computed<PersistenceState>(() => {
    const persisted = storage.value?.persisted
    if (persisted === true) return 'granted'
    if (persisted === undefined) return storage.value ? 'unsupported' : 'not-asked'
    return asked.value ? 'refused' : 'not-asked'
  })

  async function changeLocale(next: AppLocale): Promise<void> {
    await setLocale(next)
    locale.value = next
  }

  async function refreshStorage(): Promise<StorageInfo> {
    const local = await useLocal()
    const info = await local.storageInfo()
    storage.value = info
    return info
  }

  /** Asks the browser now (the settings button). Resolves with the browser's answer. */
  async function requestPersistence(): Promise<boolean> {
    const local = await useLocal()
    const granted = await local.requestPersistence()
    asked.value = true
    if (typeof localStorage !== 'undefined') localStorage.setItem(ASKED_KEY, '1')
    await refreshStorage()
    return granted
  }

  /**
   * Called by the records store after a record is saved: asks once (the first time there is something
   * worth keeping), afterwards only refreshes what the home page shows.
   */
  async function ensurePersistence(): Promise<void> {
    const info = await refreshStorage()
    if (info.persisted === true || info.persisted === undefined || asked.value) return
    await requestPersistence()
  }

  async function exportBackup(): Promise<{ blob: Blob; fileName: string }> {
    const local = await useLocal()
    const blob = await local.exportBackup()
    return { blob, fileName: i18n.global.t('settings.backup.fileName', { date: compactDate() }) }
  }

  /** All or nothing (the local store validates the whole file first). Callers reload their stores. */
  async function restoreBackup(file: Blob): Promise<RestoreReport> {
    const local = await useLocal()
    const report = await local.restoreBackup(file)
    await refreshStorage()
    return report
  }

  return {
    locale: readonly(locale),
    storage: readonly(storage),
    persistence,
    changeLocale,
    refreshStorage,
    requestPersistence,
    ensurePersistence,
    exportBackup,
    restoreBackup,
  }
})
