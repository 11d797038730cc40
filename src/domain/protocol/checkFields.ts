// The field tables of the quarterly check's entities (check/checkEntities.ts).
import type { CorrectionDoc, ReviewCommentDoc, ReviewMarkDoc, RuleOverrideDoc, SignoffDoc } from '../check/checkEntities'
import type { ReviewState } from '../check/signoff'
import type { Period } from '../kindSchema'
import { ATTACHMENT_REF, RECORD_FIELDS } from './recordFields'
import { deletedFlag, id, oneOf, text, timestamp, valuesOf, type FieldSpec, type Fields } from './fieldSpec'

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
