// The shapes that travel between a device and the server: pushed mutations and their answers, pulled
// changes, revisions and errors. Types only, and the protocol's version.
import { DELETED, type FieldConflict } from '../merge'
import type { Doc } from './fieldSpec'

export const PROTOCOL_VERSION = 1

/** Synced entity kinds; each has a row in `ENTITY_KINDS`. */
export type EntityName =
  | 'record'
  | 'member'
  | 'branch'
  // The rectification ledger and study plans (kept on devices in the generic `entities` store).
  | 'inspection'
  | 'finding-category'
  | 'finding'
  | 'measure'
  | 'evidence'
  | 'study-plan'
  | 'report-draft'
  // The quarterly check: sign-offs, corrections after sign-off, review marks and comments, rule changes.
  | 'check-signoff'
  | 'correction'
  | 'review-mark'
  | 'review-comment'
  | 'rule-override'
  // A record's draft its writer chose to share with the branch (to go on writing on another device).
  | 'shared-draft'

export interface Mutation {
  /** UUIDv7 from the device: the idempotency key. */
  mutationId: string
  entity: EntityName
  /** The entity's id (UUIDv7 from the device; a branch's id for the `branch` entity). */
  id: string
  /** The server revision the change was made on (0 = the device created the entity). */
  baseRev: number
  /** The whole new document. Exactly one of `doc` / `changedFields` unless `deleted`. */
  doc?: Doc
  /** Only the changed top-level fields, applied on top of revision `baseRev`; `null` removes a field. */
  changedFields?: Doc
  /** Tombstone: the entity is deleted (a document may still be sent with it). */
  deleted?: boolean
  /** The user chose between conflicting values: clears the entity's conflict mark. */
  resolvesConflict?: boolean
}

export interface PushRequest {
  deviceId: string
  mutations: Mutation[]
}

/**
 * The conflict field reported when one device deleted an entity while another changed it
 * (`local`/`remote` are then booleans: deleted or not).
 */
export const DELETED_CONFLICT_FIELD = DELETED

/** Kept on an entity head while a same-field clash waits for a person to choose. */
export interface EntityConflict {
  fields: FieldConflict[]
  /** The mutation whose values clashed, and who sent it. */
  mutationId: string
  deviceId: string
  userId: string
  /** The revision created by the clashing push (it stores the incoming document in full). */
  rev: number
  at: string
  /** The sender's display name when the clash was recorded (absent in conflicts stored by older servers). */
  userName?: string
}

export type MutationResult =
  | {
      mutationId: string
      status: 'applied'
      rev: number
      /** True when the change was merged with edits the device had not seen; `doc` is then the head. */
      merged: boolean
      doc?: Doc
    }
  | {
      mutationId: string
      status: 'conflict'
      rev: number
      /** The head after the push: non-clashing fields merged, clashing fields keep the server value. */
      doc: Doc
      deleted: boolean
      conflicts: FieldConflict[]
    }
  | {
      mutationId: string
      status: 'rejected'
      /** Stable machine-readable code. */
      reason: RejectReason
      message: string
      details?: string[]
    }

export type RejectReason =
  | 'invalid-document' // the resulting document fails the domain validator
  | 'base-rev-ahead' // baseRev is newer than the server's head (server restored from backup?)
  | 'branch-mismatch' // the entity belongs to another branch, or the change would move it
  | 'mutation-id-reused' // the mutationId was already used for a different change
  | 'forbidden' // the caller may not write this entity
  | 'frozen-quarter' // the record's quarter is signed off and no correction with a reason came before the change

export interface PushResponse {
  results: MutationResult[]
}

/** One entry of the change feed: the entity's head at the time of reading. */
export interface Change {
  seq: number
  entity: EntityName
  id: string
  branchId: string
  rev: number
  /** Null only for a tombstone of an entity that never had a document. */
  doc: Doc | null
  deleted: boolean
  conflict: EntityConflict | null
  updatedAt: string
}

export interface PullResponse {
  changes: Change[]
  /** Pass back as `cursor` for the next page; unchanged when there was nothing new. */
  cursor: number
  hasMore: boolean
}

export interface RevisionEntry {
  rev: number
  doc: Doc | null
  deleted: boolean
  mutationId: string | null
  deviceId: string | null
  userId: string | null
  at: string
  /** Set on a revision made by a clashing push: the incoming document as the device sent it. */
  incoming?: Doc
  conflicts?: FieldConflict[]
  /** The display name of `userId` (absent when the server has no such user, or from older servers). */
  userName?: string
}

export interface ApiError {
  error: string
  message: string
  details?: unknown
}
