// The one place where failures become words on the screen. Nothing is swallowed: an action that
// fails either shows its own message (pages call `reportError`) or reaches the global handlers below.
import type { App } from 'vue'
import { showDialog, showNotify } from 'vant'
import { LocalStoreError, type ConnectionEvent } from '@/local/contract'
import { onLocalConnectionEvent } from './localStore'
import { i18n } from '@/app/i18n'

/** A plain sentence for any error, in the current UI language. */
export function describeError(error: unknown): string {
  const t = i18n.global.t
  if (error instanceof LocalStoreError) return describeLocalError(error)
  if (error instanceof Error && error.name === 'QuotaExceededError') return t('errors.local.quota')
  if (isChunkLoadError(error)) return t('errors.chunk')
  if (error instanceof Error && error.message) return t('errors.unexpected', { message: error.message })
  return t('errors.unexpected', { message: String(error) })
}

/** The local store says what failed as a reason code; a nested store error (a backup's bad record) follows it. */
function describeLocalError(error: LocalStoreError): string {
  const t = i18n.global.t
  const params: Record<string, string | number> = { ...error.params }
  if (typeof params.what === 'string') params.what = t(`errors.local.what.${params.what}`)
  const sentence = t(`errors.local.${error.reason}`, params)
  return error.cause instanceof LocalStoreError ? `${sentence} ${describeLocalError(error.cause)}` : sentence
}

/** A page's code could not be fetched: offline before that page was ever cached, or a new deploy. */
function isChunkLoadError(error: unknown): boolean {
  return error instanceof Error && /dynamically imported module|Importing a module script failed|Loading chunk/i.test(error.message)
}

export function reportError(error: unknown): void {
  console.error(error)
  showNotify({ type: 'danger', message: describeError(error), duration: 6000 })
}

/** Last line of defence: errors no page handled still reach the user. */
export function installErrorSurface(app: App): void {
  app.config.errorHandler = (error) => reportError(error)
  if (typeof window !== 'undefined') {
    window.addEventListener('unhandledrejection', (event) => reportError(event.reason))
  }
  onLocalConnectionEvent(announceConnectionEvent)
}

let announcedVersionChange = false

/** Another tab updated the app and took the database: this tab can no longer save, so say so now. */
function announceConnectionEvent(event: ConnectionEvent): void {
  const t = i18n.global.t
  if (event === 'blocked') {
    showNotify({ type: 'warning', message: t('errors.connection.blocked'), duration: 8000 })
    return
  }
  if (announcedVersionChange) return
  announcedVersionChange = true
  showDialog({
    title: t('errors.connection.versionchangeTitle'),
    message: t('errors.connection.versionchange'),
    confirmButtonText: t('errors.connection.reload'),
  }).then(() => location.reload(), () => undefined)
}
