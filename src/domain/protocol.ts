// The sync wire protocol shared by the server and the client sync engine, and the table of synced
// entity kinds. Pure: types, validators and small helpers, no I/O.
//
// Push: the device sends its outbox as mutations, each keyed by a device-generated mutationId. The
// server applies each mutation on its own: the same mutationId with the same body returns the stored
// result, a different body is refused (409). A mutation made on top of an older revision is merged
// field by field (see `merge.ts`); a same-field clash keeps both values and marks the entity conflicted.
// Pull: the change feed, read page by page with a cursor; each change carries the entity's current head.
import { isKnownKind } from './kinds'
import { RECORD_SCHEMA_VERSION } from './types'
import type {
  AgendaItem,
  AttachmentRef,
  AttendanceEntry,
  AttendanceStatus,
  Branch,
  BranchRecord,
  CommitteeRole,
  Decision,
  DecisionRule,
  Guest,
  Member,
  MemberSituation,
  PartyGroup,
  Speech,
  StudyMaterial,
} from './types'
import type { FieldConflict } from './merge'
import type { CorrectionDoc, ReviewCommentDoc, ReviewMarkDoc, RuleOverrideDoc, SignoffDoc } from './check/checkEntities'
import type { Period } from './kindSchema'
import { isFrozen, type QuarterSignoff, type ReviewState } from './check/signoff'
import type { StudyPlan, StudyPlanItem, StudyPlanRevision, StudyPlanType } from './plans/studyPlan'
import type { ReportBlock } from './rectification/reportComposer'
import type { RectificationReportDraft } from './rectification/reportDraft'
import type {
  AdoptedRule,
  EvidenceLink,
  EvidenceType,
  FindingCategory,
  Inspection,
  InspectionFinding,
  InspectionScope,
  Measure,
  MeasureStatus,
} from './rectification/types'

export const PROTOCOL_VERSION = 1

// ---------------------------------------------------------------- roles

export type Role = 'admin' | 'reviewer' | 'secretary' | 'recorder' | 'member'
export const ROLES: readonly Role[] = ['admin', 'reviewer', 'secretary', 'recorder', 'member']

/** Roles that see every branch of their organization; the others see their own branch only. */
export const ORGANIZATION_WIDE_ROLES: readonly Role[] = ['admin', 'reviewer']

export function isOrganizationWide(role: Role): boolean {
  return ORGANIZATION_WIDE_ROLES.includes(role)
}

// ---------------------------------------------------------------- wire types

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

type Doc = Record<string, unknown>

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
export const DELETED_CONFLICT_FIELD = '$deleted'

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

// ---------------------------------------------------------------- structural validation

/** A small declarative schema: enough to check documents against the shapes in `types.ts`. */
export type FieldSpec =
  | { t: 'string'; max: number; min?: number; pattern?: RegExp; oneOf?: readonly string[]; optional?: boolean }
  | { t: 'int'; min: number; max: number; optional?: boolean }
  | { t: 'bool'; optional?: boolean }
  | { t: 'array'; of: FieldSpec; max: number; optional?: boolean }
  | { t: 'object'; fields: Record<string, FieldSpec>; optional?: boolean }
  /** Free-form JSON object (kind-specific sections), bounded in depth and size. */
  | { t: 'json-object'; maxDepth: number; maxKeys: number; maxString: number; optional?: boolean }

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
export const ISO_DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
export const CLOCK_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/
/** A record's period (`BranchRecord.period`): a year, a quarter or a month. */
export const RECORD_PERIOD_PATTERN = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/
export const ISO_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/

/** Upper bound of one document as JSON text; a record with long minutes stays far below. */
export const MAX_DOC_JSON_CHARS = 1_000_000

const id = (optional = false): FieldSpec => ({ t: 'string', max: 64, pattern: ID_PATTERN, optional })
const text = (max: number, optional = true): FieldSpec => ({ t: 'string', max, optional })
const name = (optional = false): FieldSpec => ({ t: 'string', max: 100, optional })
const isoDate = (optional = false): FieldSpec => ({ t: 'string', max: 10, pattern: ISO_DATE_PATTERN, optional })
const timestamp = (optional = false): FieldSpec => ({ t: 'string', max: 40, pattern: ISO_TIMESTAMP_PATTERN, optional })
const oneOf = (values: readonly string[], optional = false): FieldSpec => ({ t: 'string', max: 64, oneOf: values, optional })
const count = (optional = true): FieldSpec => ({ t: 'int', min: 0, max: 1_000_000, optional })

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`
}

function checkJsonObject(v: unknown, spec: Extract<FieldSpec, { t: 'json-object' }>, path: string, out: string[]): void {
  let keys = 0
  const walk = (x: unknown, p: string, depth: number): void => {
    if (out.length > 20) return
    if (depth > spec.maxDepth) {
      out.push(`${p}: nested deeper than ${spec.maxDepth} levels`)
      return
    }
    if (typeof x === 'string') {
      if (x.length > spec.maxString) out.push(`${p}: longer than ${spec.maxString} characters`)
    } else if (typeof x === 'number') {
      if (!Number.isFinite(x)) out.push(`${p}: not a finite number`)
    } else if (Array.isArray(x)) {
      x.forEach((item, i) => walk(item, `${p}[${i}]`, depth + 1))
    } else if (typeof x === 'object' && x !== null) {
      for (const [k, val] of Object.entries(x)) {
        if (++keys > spec.maxKeys) {
          out.push(`${path}: more than ${spec.maxKeys} entries`)
          return
        }
        if (k.length > 64) out.push(`${p}: a key is longer than 64 characters`)
        walk(val, `${p}.${k}`, depth + 1)
      }
    } else if (typeof x !== 'boolean' && x !== null) {
      out.push(`${p}: not a JSON value`)
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    out.push(`${path}: must be an object, got ${describe(v)}`)
    return
  }
  walk(v, path, 0)
}

/** Checks `value` against `spec`, appending plain reasons (`path: what is wrong`) to `out`. */
export function checkField(value: unknown, spec: FieldSpec, path: string, out: string[]): void {
  if (value === undefined) {
    if (!spec.optional) out.push(`${path}: required`)
    return
  }
  switch (spec.t) {
    case 'string':
      if (typeof value !== 'string') {
        out.push(`${path}: must be a string, got ${describe(value)}`)
      } else if (value.length > spec.max) {
        out.push(`${path}: longer than ${spec.max} characters`)
      } else if (spec.min !== undefined && value.length < spec.min) {
        out.push(`${path}: shorter than ${spec.min} characters`)
      } else if (spec.oneOf && !spec.oneOf.includes(value)) {
        out.push(`${path}: must be one of ${spec.oneOf.join(', ')}`)
      } else if (spec.pattern && !spec.pattern.test(value)) {
        out.push(`${path}: malformed value`)
      }
      return
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) out.push(`${path}: must be an integer, got ${describe(value)}`)
      else if (value < spec.min || value > spec.max) out.push(`${path}: must be between ${spec.min} and ${spec.max}`)
      return
    case 'bool':
      if (typeof value !== 'boolean') out.push(`${path}: must be true or false, got ${describe(value)}`)
      return
    case 'array':
      if (!Array.isArray(value)) {
        out.push(`${path}: must be an array, got ${describe(value)}`)
      } else if (value.length > spec.max) {
        out.push(`${path}: more than ${spec.max} items`)
      } else {
        for (let i = 0; i < value.length && out.length <= 20; i++) checkField(value[i], spec.of, `${path}[${i}]`, out)
      }
      return
    case 'object':
      checkObject(value, spec.fields, path, out)
      return
    case 'json-object':
      checkJsonObject(value, spec, path, out)
      return
  }
}

/** An object with exactly the declared fields: missing required ones and unknown ones are reported. */
export function checkObject(value: unknown, fields: Record<string, FieldSpec>, path: string, out: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.push(`${path || 'document'}: must be an object, got ${describe(value)}`)
    return
  }
  const prefix = path ? `${path}.` : ''
  for (const key of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(fields, key)) out.push(`${prefix}${key}: unknown field`)
  }
  for (const [key, spec] of Object.entries(fields)) {
    checkField((value as Doc)[key], spec, `${prefix}${key}`, out)
  }
}

function validateAgainst(fields: Record<string, FieldSpec>, doc: unknown): string[] {
  const out: string[] = []
  checkObject(doc, fields, '', out)
  if (out.length === 0) {
    const size = JSON.stringify(doc).length
    if (size > MAX_DOC_JSON_CHARS) out.push(`document: larger than ${MAX_DOC_JSON_CHARS} characters`)
  }
  return out.slice(0, 20)
}

// ---------------------------------------------------------------- document shapes (from types.ts)

/**
 * One spec per field of `T`: adding a field to a type in `types.ts` without saying here how to check it
 * is a type error, so the server never silently rejects (or accepts) a field the app writes.
 */
type Fields<T> = { [K in keyof Required<T>]: FieldSpec }
/** Every value of a string union, checked complete by the compiler. */
const valuesOf = <T extends string>(all: Record<T, true>): T[] => Object.keys(all) as T[]

const ATTENDANCE_STATUSES = valuesOf<AttendanceStatus>({ present: true, absent: true, excluded: true, observer: true, written: true })
const DECISION_RULES = valuesOf<DecisionRule>({
  'general-meeting': true, admission: true, committee: true, election: true, 'majority-present': true, 'democratic-life': true,
})
const ATTACHMENT_ROLES = valuesOf<AttachmentRef['role']>({ photo: true, 'sign-in-sheet': true, signature: true, scan: true })
const MEMBERSHIPS = valuesOf<Member['membership']>({ full: true, probationary: true })
const SITUATIONS = valuesOf<MemberSituation>({
  'on-duty': true, seconded: true, 'stepped-back': true, mobile: true, unreachable: true, abroad: true, 'sick-leave': true, other: true,
})
const COMMITTEE_ROLES = valuesOf<CommitteeRole>({
  secretary: true, 'deputy-secretary': true, organization: true, discipline: true, publicity: true, member: true,
})

const ATTACHMENT_REF_FIELDS: Fields<AttachmentRef> = {
  hash: { t: 'string', max: 64, pattern: SHA256_HEX_PATTERN },
  mime: { t: 'string', max: 100 },
  size: { t: 'int', min: 0, max: 100 * 1024 * 1024 },
  width: count(),
  height: count(),
  role: oneOf(ATTACHMENT_ROLES),
  caption: text(500),
  takenAt: timestamp(true),
  thumbHash: { t: 'string', max: 64, pattern: SHA256_HEX_PATTERN, optional: true },
}
const ATTACHMENT_REF: FieldSpec = { t: 'object', fields: ATTACHMENT_REF_FIELDS }

const ATTENDANCE_FIELDS: Fields<AttendanceEntry> = {
  memberId: id(),
  name: name(),
  status: oneOf(ATTENDANCE_STATUSES),
  reason: text(500),
  membership: oneOf(MEMBERSHIPS, true),
  votingRights: { t: 'bool', optional: true },
}
const GUEST_FIELDS: Fields<Guest> = { name: name(), role: text(100) }
const MATERIAL_FIELDS: Fields<StudyMaterial> = { title: text(500, false), source: text(500), speechDate: isoDate(true) }
const AGENDA_FIELDS: Fields<AgendaItem> = {
  id: id(),
  title: text(500, false),
  isFirstTopic: { t: 'bool' },
  material: { t: 'object', optional: true, fields: MATERIAL_FIELDS },
}
const SPEECH_FIELDS: Fields<Speech> = { id: id(), speaker: name(), content: text(20_000, false) }
const DECISION_FIELDS: Fields<Decision> = {
  id: id(),
  text: text(5000, false),
  rule: oneOf(DECISION_RULES),
  yes: count(),
  no: count(),
  abstain: count(),
}

export const RECORD_FIELDS: Fields<BranchRecord> = {
  id: id(),
  schemaVersion: { t: 'int', min: 1, max: RECORD_SCHEMA_VERSION },
  branchId: id(),
  kind: { t: 'string', max: 64 },
  status: oneOf(valuesOf<BranchRecord['status']>({ draft: true, final: true })),
  title: text(200, false),
  sequence: count(),
  date: isoDate(),
  startTime: { t: 'string', max: 5, pattern: CLOCK_TIME_PATTERN, optional: true },
  endTime: { t: 'string', max: 5, pattern: CLOCK_TIME_PATTERN, optional: true },
  place: text(200),
  chair: name(true),
  recorder: name(true),
  hostMeeting: text(200),
  partyGroupId: id(true),
  attendance: { t: 'array', max: 1000, of: { t: 'object', fields: ATTENDANCE_FIELDS } },
  guests: { t: 'array', max: 200, of: { t: 'object', fields: GUEST_FIELDS } },
  agenda: { t: 'array', max: 200, of: { t: 'object', fields: AGENDA_FIELDS } },
  speeches: { t: 'array', max: 1000, of: { t: 'object', fields: SPEECH_FIELDS } },
  decisions: { t: 'array', max: 200, of: { t: 'object', fields: DECISION_FIELDS } },
  summary: text(20_000),
  ended: { t: 'bool' },
  // Flat `fieldKey → value` per the kind's sections; values are free JSON (lists of objects, null numbers).
  sections: { t: 'json-object', maxDepth: 6, maxKeys: 5000, maxString: 20_000 },
  photos: { t: 'array', max: 200, of: ATTACHMENT_REF },
  signatures: {
    t: 'object',
    fields: { chair: { ...ATTACHMENT_REF, optional: true }, recorder: { ...ATTACHMENT_REF, optional: true } } satisfies Fields<BranchRecord['signatures']>,
  },
  createdAt: timestamp(),
  updatedAt: timestamp(),
  finishedAt: timestamp(true),
  deleted: { t: 'bool', optional: true },
  period: { t: 'string', max: 7, pattern: RECORD_PERIOD_PATTERN, optional: true },
}

export const MEMBER_FIELDS: Fields<Member> = {
  id: id(),
  branchId: id(),
  name: { t: 'string', min: 1, max: 100 },
  gender: oneOf(valuesOf<NonNullable<Member['gender']>>({ male: true, female: true }), true),
  membership: oneOf(MEMBERSHIPS),
  partyGroupId: id(true),
  committeeRole: oneOf(COMMITTEE_ROLES, true),
  committeeDuty: text(200),
  situation: oneOf(SITUATIONS),
  votingRights: { t: 'bool' },
  joinedOn: isoDate(true),
  note: text(2000),
  active: { t: 'bool' },
  updatedAt: timestamp(),
  transferredInOn: isoDate(true),
  leftOn: isoDate(true),
}

const PARTY_GROUP_FIELDS: Fields<PartyGroup> = { id: id(), name: { t: 'string', min: 1, max: 100 }, leaderId: id(true) }

export const BRANCH_FIELDS: Fields<Branch> = {
  id: id(),
  name: { t: 'string', min: 1, max: 200 },
  partyGroups: { t: 'array', max: 100, of: { t: 'object', fields: PARTY_GROUP_FIELDS } },
  contactPhone: text(50),
  contactEmail: text(200),
  upperOrganization: text(200),
  updatedAt: timestamp(),
  hasLeadershipTeam: { t: 'bool', optional: true },
}

/** Structural check of a record document; an empty list means valid. */
export function validateRecordDoc(doc: unknown): string[] {
  const out = validateAgainst(RECORD_FIELDS, doc)
  const kind = (doc as Doc | null)?.kind
  if (typeof kind === 'string' && !isKnownKind(kind)) out.push(`kind: unknown record kind "${kind.slice(0, 64)}"`)
  return out
}

export function validateMemberDoc(doc: unknown): string[] {
  return validateAgainst(MEMBER_FIELDS, doc)
}

export function validateBranchDoc(doc: unknown): string[] {
  return validateAgainst(BRANCH_FIELDS, doc)
}

// ---------------------------------------------------------------- rectification ledger and study plans

/**
 * The ledger's documents carry the branch they belong to (the domain types leave it out: a finding is
 * reached through its inspection); sync permissions read it, as they do for records.
 */
type InBranch<T> = T & { branchId: string }

const order = (): FieldSpec => ({ t: 'int', min: 0, max: 100_000 })
/** A date, or '' while it is 待明确 (a pasted report names no deadlines). */
const isoDateOrPending = (): FieldSpec => ({ t: 'string', max: 10, pattern: new RegExp(`^$|${ISO_DATE_PATTERN.source}`) })
const deletedFlag: FieldSpec = { t: 'bool', optional: true }

export const INSPECTION_FIELDS: Fields<Inspection> = {
  id: id(),
  branchId: id(),
  scope: oneOf(valuesOf<InspectionScope>({ branch: true, organization: true })),
  title: text(500, false),
  inspector: text(200, false),
  authority: text(200),
  periodFrom: isoDate(),
  periodTo: isoDate(),
  feedbackDate: isoDate(),
  deadline: isoDateOrPending(),
  unitName: text(200, false),
  reorganizationNote: text(2000),
  feedbackStudyRecordId: id(true),
  successorUnit: text(200),
  publisher: text(200),
  contactPhone: text(50),
  contactEmail: text(200),
  contactMailbox: text(200),
  reportDate: isoDate(true),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  deleted: deletedFlag,
}

export const FINDING_CATEGORY_FIELDS: Fields<InBranch<FindingCategory>> = {
  id: id(),
  branchId: id(),
  inspectionId: id(),
  order: order(),
  title: text(500, false),
  updatedAt: timestamp(true),
  deleted: deletedFlag,
}

export const FINDING_FIELDS: Fields<InBranch<InspectionFinding>> = {
  id: id(),
  branchId: id(),
  inspectionId: id(),
  categoryId: id(),
  order: order(),
  title: text(2000, false),
  detail: text(20_000),
  source: text(500),
  updatedAt: timestamp(true),
  deleted: deletedFlag,
}

const MEASURE_STATUS_IDS = valuesOf<MeasureStatus>({ immediate: true, 'in-progress': true, done: true, ongoing: true })

export const MEASURE_FIELDS: Fields<InBranch<Measure>> = {
  id: id(),
  branchId: id(),
  findingId: id(),
  order: order(),
  text: text(5000, false),
  leadLeader: text(100, false),
  responsible: text(200, false),
  deadline: isoDateOrPending(),
  status: oneOf(MEASURE_STATUS_IDS),
  completionNote: text(5000),
  completedOn: isoDate(true),
  noEvidenceReason: text(2000),
  updatedAt: timestamp(true),
  deleted: deletedFlag,
}

const ADOPTED_RULE_FIELDS: Fields<AdoptedRule> = {
  name: { t: 'string', min: 1, max: 300 },
  docNumber: text(100, false),
  adoptedOn: isoDate(),
  fileHash: { t: 'string', max: 64, pattern: SHA256_HEX_PATTERN, optional: true },
}

export const EVIDENCE_FIELDS: Fields<InBranch<EvidenceLink>> = {
  id: id(),
  branchId: id(),
  measureId: id(),
  type: oneOf(valuesOf<EvidenceType>({ record: true, rule: true, file: true, photo: true })),
  recordId: id(true),
  recordRev: count(),
  rule: { t: 'object', optional: true, fields: ADOPTED_RULE_FIELDS },
  file: { ...ATTACHMENT_REF, optional: true },
  note: text(2000),
  date: isoDate(true),
  updatedAt: timestamp(true),
  deleted: deletedFlag,
}

const PLAN_ITEM_FIELDS: Fields<StudyPlanItem> = {
  id: id(),
  month: { t: 'int', min: 1, max: 12 },
  topic: { t: 'string', min: 1, max: 500 },
  materials: text(5000),
  linkedRecordIds: { t: 'array', max: 200, of: id() },
}
const PLAN_ITEM: FieldSpec = { t: 'object', fields: PLAN_ITEM_FIELDS }

const PLAN_REVISION_FIELDS: Fields<StudyPlanRevision> = {
  at: timestamp(),
  by: text(100, false),
  reason: { t: 'string', min: 1, max: 2000 },
  items: { t: 'array', max: 500, of: PLAN_ITEM },
}

export const STUDY_PLAN_FIELDS: Fields<StudyPlan> = {
  id: id(),
  branchId: id(),
  year: { t: 'int', min: 2000, max: 2100 },
  type: oneOf(valuesOf<StudyPlanType>({ 'theory-group': true, 'first-topic': true, 'party-lesson': true })),
  items: { t: 'array', max: 500, of: PLAN_ITEM },
  revisions: { t: 'array', max: 200, of: { t: 'object', fields: PLAN_REVISION_FIELDS } },
  updatedAt: timestamp(true),
  deleted: deletedFlag,
}

const REPORT_BLOCK_FIELDS: Fields<ReportBlock> = {
  type: oneOf(valuesOf<ReportBlock['type']>({ heading: true, paragraph: true })),
  level: { t: 'int', min: 1, max: 2, optional: true },
  role: oneOf(valuesOf<ReportBlock['role']>({ opening: true, section: true, finding: true, measures: true, totals: true, closing: true, signature: true })),
  text: text(20_000, false),
  align: oneOf(valuesOf<NonNullable<ReportBlock['align']>>({ left: true, center: true, right: true }), true),
  categoryId: id(true),
  findingId: id(true),
}

export const REPORT_DRAFT_FIELDS: Fields<RectificationReportDraft> = {
  id: id(),
  branchId: id(),
  inspectionId: id(),
  title: text(500, false),
  date: isoDate(),
  paragraphs: { t: 'array', max: 2000, of: { t: 'object', fields: REPORT_BLOCK_FIELDS } },
  composedAt: timestamp(),
  updatedAt: timestamp(),
  deleted: deletedFlag,
}

// ---------------------------------------------------------------- the quarterly check (check/checkEntities.ts)

const yearSpec = (): FieldSpec => ({ t: 'int', min: 2000, max: 2100 })
const quarterSpec = (): FieldSpec => ({ t: 'int', min: 1, max: 4 })

export const SIGNOFF_FIELDS: Fields<SignoffDoc> = {
  id: id(),
  branchId: id(),
  year: yearSpec(),
  quarter: quarterSpec(),
  signedBy: { t: 'string', min: 1, max: 100 },
  signedAt: timestamp(),
  comment: text(5000, false),
  signature: { ...ATTACHMENT_REF, optional: true },
  updatedAt: timestamp(true),
  deleted: deletedFlag,
}

export const CORRECTION_FIELDS: Fields<CorrectionDoc> = {
  id: id(),
  branchId: id(),
  recordId: id(),
  reason: { t: 'string', min: 1, max: 2000 },
  at: timestamp(),
  by: { t: 'string', min: 1, max: 100 },
  // The record as it stood before the correction, checked like any record document.
  previous: { t: 'object', fields: RECORD_FIELDS },
  updatedAt: timestamp(true),
  deleted: deletedFlag,
}

export const REVIEW_MARK_FIELDS: Fields<ReviewMarkDoc> = {
  id: id(),
  branchId: id(),
  recordId: id(),
  state: oneOf(valuesOf<ReviewState>({ pending: true, problem: true, passed: true })),
  comment: text(5000, false),
  by: { t: 'string', min: 1, max: 100 },
  at: timestamp(),
  updatedAt: timestamp(true),
  deleted: deletedFlag,
}

export const REVIEW_COMMENT_FIELDS: Fields<ReviewCommentDoc> = {
  id: id(),
  branchId: id(),
  year: yearSpec(),
  quarter: quarterSpec(),
  text: { t: 'string', min: 1, max: 5000 },
  by: { t: 'string', min: 1, max: 100 },
  at: timestamp(),
  updatedAt: timestamp(true),
  deleted: deletedFlag,
}

export const RULE_OVERRIDE_FIELDS: Fields<RuleOverrideDoc> = {
  id: id(),
  branchId: id(),
  ruleId: { t: 'string', min: 1, max: 100 },
  count: { t: 'int', min: 0, max: 1000, optional: true },
  per: oneOf(valuesOf<Period>({ month: true, quarter: true, year: true }), true),
  enabled: { t: 'bool', optional: true },
  changedBy: { t: 'string', min: 1, max: 100 },
  changedAt: timestamp(),
  note: { t: 'string', min: 1, max: 2000 },
  updatedAt: timestamp(true),
  deleted: deletedFlag,
}

// ---------------------------------------------------------------- shared drafts

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

/** Rectification and plan entities: shape checks only; the ledger's own rules (canMarkDone) are the app's. */
const validator = (fields: Record<string, FieldSpec>) => (doc: unknown) => validateAgainst(fields, doc)

// ---------------------------------------------------------------- the table of synced entities

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

// ---------------------------------------------------------------- request validation

export const MAX_MUTATIONS_PER_PUSH = 500

/** Structural check of a push body (the server's JSON schema says the same; clients use this too). */
export function validatePushRequest(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [`document: must be an object, got ${describe(body)}`]
  const out: string[] = []
  for (const key of Object.keys(body)) {
    if (key !== 'deviceId' && key !== 'mutations') out.push(`${key}: unknown field`)
  }
  const { deviceId, mutations } = body as { deviceId?: unknown; mutations?: unknown }
  checkField(deviceId, id(), 'deviceId', out)
  if (!Array.isArray(mutations)) {
    out.push(mutations === undefined ? 'mutations: required' : `mutations: must be an array, got ${describe(mutations)}`)
  } else if (mutations.length > MAX_MUTATIONS_PER_PUSH) {
    out.push(`mutations: more than ${MAX_MUTATIONS_PER_PUSH} items`)
  } else {
    mutations.forEach((m, i) => {
      for (const reason of validateMutationShape(m)) out.push(`mutations[${i}].${reason}`)
    })
  }
  return out.slice(0, 50)
}

/** Shape of one mutation (not its document: that is the entity validator's job). */
export function validateMutationShape(m: unknown): string[] {
  const out: string[] = []
  checkObject(
    m,
    {
      mutationId: id(),
      entity: oneOf(ENTITY_NAMES),
      id: id(),
      baseRev: { t: 'int', min: 0, max: Number.MAX_SAFE_INTEGER },
      doc: { t: 'json-object', maxDepth: 10, maxKeys: 100_000, maxString: 100_000, optional: true },
      changedFields: { t: 'json-object', maxDepth: 10, maxKeys: 100_000, maxString: 100_000, optional: true },
      deleted: { t: 'bool', optional: true },
      resolvesConflict: { t: 'bool', optional: true },
    },
    '',
    out,
  )
  if (out.length > 0) return out
  const mm = m as Mutation
  if (mm.doc !== undefined && mm.changedFields !== undefined) out.push('doc: send either doc or changedFields, not both')
  if (mm.doc === undefined && mm.changedFields === undefined && mm.deleted !== true) {
    out.push('doc: required (or changedFields, or deleted: true)')
  }
  if (mm.changedFields !== undefined && mm.baseRev === 0) out.push('changedFields: a new entity needs a whole doc')
  return out
}

/** Applies `changedFields` on top of a base document (`null` removes a field). */
export function applyChangedFields(base: Doc, changed: Doc): Doc {
  const out: Doc = { ...base }
  for (const [k, v] of Object.entries(changed)) {
    if (v === null) delete out[k]
    else Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
  }
  return out
}

/** The document a mutation proposes, given the document at its base revision. */
export function proposedDoc(m: Mutation, baseDoc: Doc | null): Doc | null {
  if (m.doc !== undefined) return m.doc
  if (m.changedFields !== undefined) return applyChangedFields(baseDoc ?? {}, m.changedFields)
  return baseDoc
}

/** JSON with object keys sorted: equal values give equal text (used for the idempotency hash). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .filter((k) => (value as Doc)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Doc)[k])}`)
    return `{${entries.join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
