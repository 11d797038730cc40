// Turning IndexedDB's DOMExceptions into `LocalStoreError`s the UI can explain in plain words.
import { LocalStoreError } from './contract'

const nameOf = (e: unknown): string | undefined =>
  e !== null && typeof e === 'object' && 'name' in e && typeof e.name === 'string' ? e.name : undefined

export function isQuotaError(e: unknown): boolean {
  const name = nameOf(e)
  // Firefox used to call it NS_ERROR_DOM_QUOTA_REACHED; old WebKit only set the legacy code 22.
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true
  return e instanceof DOMException && e.code === 22
}

/** The connection was closed under us (browser, OS, or our own `close()`). */
export function isClosedError(e: unknown): boolean {
  return nameOf(e) === 'InvalidStateError'
}

/**
 * Classifies an error. `txError` is the transaction's own error: when a request fails inside a
 * transaction, the promise may only say "AbortError" while `tx.error` holds the QuotaExceededError.
 */
export function toLocalStoreError(e: unknown, txError?: unknown): LocalStoreError {
  if (e instanceof LocalStoreError) return e
  if (isQuotaError(e) || (nameOf(e) === 'AbortError' && isQuotaError(txError))) {
    return new LocalStoreError('quota', 'quota', {}, e)
  }
  if (isClosedError(e)) return new LocalStoreError('closed', 'closed', {}, e)
  const name = nameOf(e)
  if (name === 'DataCloneError' || name === 'DataError') {
    return new LocalStoreError('invalid', 'unclonable', { name, detail: describe(e) }, e)
  }
  return new LocalStoreError('unknown', 'failed', { detail: describe(e) }, e)
}

export function describe(e: unknown): string {
  if (e instanceof Error) return e.message || e.name
  if (nameOf(e)) return String(nameOf(e))
  return String(e)
}
