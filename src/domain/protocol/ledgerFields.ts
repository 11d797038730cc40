// The field tables of the rectification ledger (巡察整改台账) and study plans.
import type { StudyPlan, StudyPlanItem, StudyPlanRevision, StudyPlanType } from '../plans/studyPlan'
import type { ReportBlock } from '../rectification/reportComposer'
import type { RectificationReportDraft } from '../rectification/reportDraft'
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
} from '../rectification/types'
import { ATTACHMENT_REF } from './recordFields'
import { count, deletedFlag, id, isoDate, oneOf, text, timestamp, valuesOf, ISO_DATE_PATTERN, SHA256_HEX_PATTERN, type FieldSpec, type Fields } from './fieldSpec'

/**
 * The ledger's documents carry the branch they belong to (the domain types leave it out: a finding is
 * reached through its inspection); sync permissions read it, as they do for records.
 */
type InBranch<T> = T & { branchId: string }

const order = (): FieldSpec => ({ t: 'int', min: 0, max: 100_000 })
/** A date, or '' while it is 待明确 (a pasted report names no deadlines). */
const isoDateOrPending = (): FieldSpec => ({ t: 'string', max: 10, pattern: new RegExp(`^$|${ISO_DATE_PATTERN.source}`) })

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
