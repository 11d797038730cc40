// The field tables of the record family: records, members and the branch's own settings (from types.ts).
import { isKnownKind } from '../kinds'
import { RECORD_SCHEMA_VERSION } from '../types'
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
} from '../types'
import { count, id, isoDate, name, text, timestamp, oneOf, validateAgainst, valuesOf, CLOCK_TIME_PATTERN, RECORD_PERIOD_PATTERN, SHA256_HEX_PATTERN, type Doc, type FieldSpec, type Fields } from './fieldSpec'

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
/** An attachment reference: shared by every family whose documents hold files. */
export const ATTACHMENT_REF: FieldSpec = { t: 'object', fields: ATTACHMENT_REF_FIELDS }

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
