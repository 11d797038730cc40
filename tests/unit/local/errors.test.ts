import { describe, expect, it } from 'vitest'
import { LocalStoreError } from '@/local/contract'
import { toLocalStoreError } from '@/local/errors'

describe('toLocalStoreError', () => {
  it('recognises quota errors by name, by legacy name, and behind an AbortError', () => {
    expect(toLocalStoreError(new DOMException('full', 'QuotaExceededError')).code).toBe('quota')
    expect(toLocalStoreError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' }).code).toBe('quota')
    const abort = new DOMException('aborted', 'AbortError')
    expect(toLocalStoreError(abort, new DOMException('full', 'QuotaExceededError')).code).toBe('quota')
    expect(toLocalStoreError(abort, null).code).toBe('unknown')
  })

  it('maps a closed connection, bad data and anything else, keeping the cause', () => {
    const closed = new DOMException('The database connection is closing.', 'InvalidStateError')
    const error = toLocalStoreError(closed)
    expect(error).toBeInstanceOf(LocalStoreError)
    expect(error.code).toBe('closed')
    expect(error.cause).toBe(closed)
    expect(toLocalStoreError(new DOMException('x', 'DataCloneError')).code).toBe('invalid')
    const odd = toLocalStoreError(new TypeError('boom'))
    expect(odd.code).toBe('unknown')
    expect(odd.reason).toBe('failed')
    expect(odd.params).toEqual({ detail: 'boom' })
  })

  it('passes a LocalStoreError through unchanged', () => {
    const original = new LocalStoreError('not-found', 'delete-missing')
    expect(toLocalStoreError(original)).toBe(original)
  })
})
