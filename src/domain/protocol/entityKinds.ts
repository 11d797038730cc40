// The table of synced entity kinds: how each is validated, which branch it belongs to, who writes it,
// how it merges, and what guards it. Adding an entity is adding a row (and its name to `EntityName`).
import { isFrozen, type QuarterSignoff } from '../check/signoff'
import { validator, type Doc } from './fieldSpec'
import { CORRECTION_FIELDS, REVIEW_COMMENT_FIELDS, REVIEW_MARK_FIELDS, RULE_OVERRIDE_FIELDS, SIGNOFF_FIELDS } from './checkFields'
import { EVIDENCE_FIELDS, FINDING_CATEGORY_FIELDS, FINDING_FIELDS, INSPECTION_FIELDS, MEASURE_FIELDS, REPORT_DRAFT_FIELDS, STUDY_PLAN_FIELDS } from './ledgerFields'
import { validateBranchDoc, validateMemberDoc, validateRecordDoc } from './recordFields'
import type { Role } from './roles'
import { validateSharedDraftDoc } from './sharedDraft'
import type { EntityName, RejectReason } from './wire'

export interface EntityKindDef {
  entity: EntityName
  /** Reasons the document is invalid; empty when valid. */
  validate(doc: unknown): string[]
  /** Which branch the entity belongs to (decides who may read and write it). */
  branchIdOf(doc: Doc, id: string): string | undefined
  /** Roles that may create, change and delete it (within the branches they may write). */
  writeRoles: readonly Role[]
  /** Top-level fields merged one level deeper by the three-way merge. */
  nestedFields: readonly string[]
  /** A rule the server checks before it changes a stored entity of this kind (see `FreezeGuard`). */
  guard?: FreezeGuard
}

/**
 * Stored entities that other entities can freeze (a record of a signed-off quarter). Changing or deleting
 * a frozen one needs a permit stored before the change and after the entity's last change (a correction
 * with a reason): each permit allows one change. The server checks it in the transaction that applies the
 * change. Creating an entity is not guarded: nothing was stored, so nothing was signed.
 */
export interface FreezeGuard {
  /** The kind whose live documents of the same branch freeze stored entities (sign-offs). */
  frozenBy: EntityName
  /** Is this stored document frozen by those documents? */
  isFrozen(stored: Doc, freezers: readonly Doc[]): boolean
  /** The kind whose live documents permit a change (corrections). */
  permittedBy: EntityName
  /** Does this document permit a change of the entity with this id? */
  permits(permit: Doc, id: string): boolean
  /** What a refused change is answered with. */
  reason: RejectReason
  message: string
}

/** Records of a signed-off quarter (by the stored record's date, as `isFrozen` says) need a correction. */
export const FROZEN_QUARTER_GUARD: FreezeGuard = {
  frozenBy: 'check-signoff',
  isFrozen: (stored, signoffs) =>
    typeof stored.branchId === 'string' &&
    typeof stored.date === 'string' &&
    isFrozen({ branchId: stored.branchId, date: stored.date }, signoffs as unknown as readonly QuarterSignoff[]),
  permittedBy: 'correction',
  permits: (correction, id) => correction.recordId === id && typeof correction.reason === 'string' && correction.reason.trim() !== '',
  reason: 'frozen-quarter',
  message: '本季度已签核，修改需附更正原因 / This quarter is signed off: a change needs a correction reason',
}

const docBranchId = (doc: Doc): string | undefined => (typeof doc.branchId === 'string' ? doc.branchId : undefined)

/** One row per synced entity kind: adding an entity is adding a row (and its name to `EntityName`). */
export const ENTITY_KINDS: readonly EntityKindDef[] = [
  {
    entity: 'record',
    validate: validateRecordDoc,
    branchIdOf: docBranchId,
    writeRoles: ['secretary', 'recorder'],
    nestedFields: ['sections'],
    guard: FROZEN_QUARTER_GUARD,
  },
  {
    entity: 'member',
    validate: validateMemberDoc,
    branchIdOf: docBranchId,
    writeRoles: ['secretary', 'recorder'],
    nestedFields: [],
  },
  {
    // A branch's own settings (party groups, contacts); the branch itself is created by the admin.
    entity: 'branch',
    validate: validateBranchDoc,
    branchIdOf: (_doc, branchId) => branchId,
    writeRoles: ['secretary', 'admin'],
    nestedFields: [],
  },
  // The rectification ledger (巡察整改台账) and study plans: same branch rule and writers as records.
  { entity: 'inspection', validate: validator(INSPECTION_FIELDS), branchIdOf: docBranchId, writeRoles: ['secretary', 'recorder'], nestedFields: [] },
  { entity: 'finding-category', validate: validator(FINDING_CATEGORY_FIELDS), branchIdOf: docBranchId, writeRoles: ['secretary', 'recorder'], nestedFields: [] },
  { entity: 'finding', validate: validator(FINDING_FIELDS), branchIdOf: docBranchId, writeRoles: ['secretary', 'recorder'], nestedFields: [] },
  { entity: 'measure', validate: validator(MEASURE_FIELDS), branchIdOf: docBranchId, writeRoles: ['secretary', 'recorder'], nestedFields: [] },
  { entity: 'evidence', validate: validator(EVIDENCE_FIELDS), branchIdOf: docBranchId, writeRoles: ['secretary', 'recorder'], nestedFields: [] },
  { entity: 'study-plan', validate: validator(STUDY_PLAN_FIELDS), branchIdOf: docBranchId, writeRoles: ['secretary', 'recorder'], nestedFields: [] },
  { entity: 'report-draft', validate: validator(REPORT_DRAFT_FIELDS), branchIdOf: docBranchId, writeRoles: ['secretary', 'recorder'], nestedFields: [] },
  // The quarterly check. The secretary signs; whoever keeps the records writes corrections; rule changes
  // are the secretary's or the admin's. Review marks and comments are the reviewer's alone: the reviewer
  // is organization-wide, so `canWriteBranch` already lets it write them in every branch of its
  // organization (and in no other), while it still may not write the branch's records.
  { entity: 'check-signoff', validate: validator(SIGNOFF_FIELDS), branchIdOf: docBranchId, writeRoles: ['secretary'], nestedFields: [] },
  { entity: 'correction', validate: validator(CORRECTION_FIELDS), branchIdOf: docBranchId, writeRoles: ['secretary', 'recorder'], nestedFields: [] },
  { entity: 'review-mark', validate: validator(REVIEW_MARK_FIELDS), branchIdOf: docBranchId, writeRoles: ['reviewer'], nestedFields: [] },
  { entity: 'review-comment', validate: validator(REVIEW_COMMENT_FIELDS), branchIdOf: docBranchId, writeRoles: ['reviewer'], nestedFields: [] },
  { entity: 'rule-override', validate: validator(RULE_OVERRIDE_FIELDS), branchIdOf: docBranchId, writeRoles: ['secretary', 'admin'], nestedFields: [] },
  // A draft shared with the branch: written by whoever keeps the records, like the record itself.
  { entity: 'shared-draft', validate: validateSharedDraftDoc, branchIdOf: docBranchId, writeRoles: ['secretary', 'recorder'], nestedFields: ['record'] },
]

const entityByName = new Map(ENTITY_KINDS.map((k) => [k.entity, k]))

export function entityKind(name: string): EntityKindDef | undefined {
  return entityByName.get(name as EntityName)
}

export const ENTITY_NAMES: readonly EntityName[] = ENTITY_KINDS.map((k) => k.entity)

export function canWriteEntity(role: Role, entity: EntityName): boolean {
  return entityKind(entity)?.writeRoles.includes(role) ?? false
}
