// Identifiers are generated on the device: UUIDv7 sorts by creation time, so lists and the sync
// change feed keep a natural order without a central counter.
import { uuidv7 } from 'uuidv7'
import type { IsoTimestamp } from './types'

export function newId(): string {
  return uuidv7()
}

export function nowIso(): IsoTimestamp {
  return new Date().toISOString()
}
