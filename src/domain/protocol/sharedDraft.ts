// A draft shared with the branch: its document shape and checks.
import { isKnownKind } from '../kinds'
import type { BranchRecord } from '../types'
import { deletedFlag, id, timestamp, validateAgainst, type Fields } from './fieldSpec'
import { RECORD_FIELDS } from './recordFields'

/**
 * A draft the writer chose to share: the record as it stands (same id as the record it will become),
 * who shared it and when. The record inside is checked like any record document, and is a draft.
 */
export interface SharedDraftDoc {
  id: string
  branchId: string
  record: BranchRecord
  /** The account's display name, or the name of the member writing. */
  sharedBy: string
  sharedAt: string
  updatedAt?: string
  deleted?: boolean
}

export const SHARED_DRAFT_FIELDS: Fields<SharedDraftDoc> = {
  id: id(),
  branchId: id(),
  record: { t: 'object', fields: RECORD_FIELDS },
  sharedBy: { t: 'string', min: 1, max: 100 },
  sharedAt: timestamp(),
  updatedAt: timestamp(true),
  deleted: deletedFlag,
}

export function validateSharedDraftDoc(doc: unknown): string[] {
  const out = validateAgainst(SHARED_DRAFT_FIELDS, doc)
  if (out.length > 0) return out
  const d = doc as SharedDraftDoc
  if (!isKnownKind(d.record.kind)) out.push(`record.kind: unknown record kind "${d.record.kind.slice(0, 64)}"`)
  if (d.record.id !== d.id) out.push('record.id: must be the shared draft\'s id')
  if (d.record.branchId !== d.branchId) out.push('record.branchId: must be the shared draft\'s branch')
  if (d.record.status !== 'draft') out.push('record.status: a shared draft holds a draft')
  return out
}
