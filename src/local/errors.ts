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

export const MESSAGES = {
  quota: '手机存储空间不足，这次没有保存成功。请清理手机空间，或导出备份后删除不需要的照片，然后再试。',
  closed: '本地数据库的连接已断开，这次没有保存成功。请重新打开应用后再试。',
  superseded: '应用已在另一个窗口更新，这个窗口不能再保存。请重新加载页面。',
} as const

/**
 * Classifies an error. `txError` is the transaction's own error: when a request fails inside a
 * transaction, the promise may only say "AbortError" while `tx.error` holds the QuotaExceededError.
 */
export function toLocalStoreError(e: unknown, txError?: unknown): LocalStoreError {
  if (e instanceof LocalStoreError) return e
  if (isQuotaError(e) || (nameOf(e) === 'AbortError' && isQuotaError(txError))) {
    return new LocalStoreError('quota', MESSAGES.quota, e)
  }
  if (isClosedError(e)) return new LocalStoreError('closed', MESSAGES.closed, e)
  const name = nameOf(e)
  if (name === 'DataCloneError' || name === 'DataError') {
    return new LocalStoreError('invalid', `数据无法保存（${name}）：${describe(e)}`, e)
  }
  return new LocalStoreError('unknown', `本地保存出错：${describe(e)}`, e)
}

export function describe(e: unknown): string {
  if (e instanceof Error) return e.message || e.name
  if (nameOf(e)) return String(nameOf(e))
  return String(e)
}
