// The rectification ledger (巡察整改台账): an inspection, its findings grouped under category headings,
// the measures taken for each finding, and the evidence behind every measure.
// Pure types and small rules; no Vue, no storage.
import type { AttachmentRef, IsoDate, IsoTimestamp, Label } from '@/domain/types'

/**
 * Whose ledger this is. A branch keeps its own; an inspection of a whole unit (党工委, 党委) is kept by the
 * organization, and `branchId` then holds the id of the organization's own unit so sync permissions
 * (one ledger is invisible to other branches) work the same way.
 */
export type InspectionScope = 'branch' | 'organization'

export interface Inspection {
  id: string
  branchId: string
  scope: InspectionScope
  /** e.g. 区委第三巡察组关于巡察某街道党工委的反馈意见 */
  title: string
  /** Who inspected, e.g. 区委第三巡察组. */
  inspector: string
  /** Who ordered the inspection, e.g. 区委 — the report opens with "根据区委统一部署". */
  authority?: string
  periodFrom: IsoDate
  periodTo: IsoDate
  feedbackDate: IsoDate
  /** Deadline for the whole rectification (measures carry their own); '' while 待明确. */
  deadline: IsoDate | ''

  /** The unit inspected, as it is named in the report. */
  unitName: string
  /** e.g. the unit was merged or renamed after the inspection; the report's opening mentions it. */
  reorganizationNote?: string
  /**
   * The record of the meeting at which the leadership studied the feedback and planned the rectification —
   * the first thing inspectors look for. The report's opening cites its date.
   */
  feedbackStudyRecordId?: string
  /**
   * The unit that rectifies in place of a reorganized one (e.g. 县农业农村局 after 原县农牧局 was merged
   * into it); the report's opening says it took over the rectification.
   */
  successorUnit?: string
  /** The publishing unit of the report (中共云岭县农业农村局党组), printed above its date. */
  publisher?: string
  /** The closing of the report invites supervision through these. */
  contactPhone?: string
  contactEmail?: string
  /** 邮政信箱 / 来信地址. */
  contactMailbox?: string
  /** The report's date (totals "as of", signature) when one was chosen or read from a pasted report. */
  reportDate?: IsoDate
  createdAt: IsoTimestamp
  updatedAt: IsoTimestamp
  deleted?: boolean
}

export interface FindingCategory {
  id: string
  inspectionId: string
  order: number
  /** e.g. 贯彻落实党中央决策部署方面 */
  title: string
  updatedAt?: IsoTimestamp
  deleted?: boolean
}

export interface InspectionFinding {
  id: string
  inspectionId: string
  categoryId: string
  /** Order within the category; findings are numbered continuously across categories in the report. */
  order: number
  title: string
  detail?: string
  /** Where the finding came from, e.g. 巡察反馈意见第二部分（三）, 群众来信. */
  source?: string
  updatedAt?: IsoTimestamp
  deleted?: boolean
}

export type MeasureStatus =
  | 'immediate' // 立行立改
  | 'in-progress' // 整改中
  | 'done' // 已完成·销号
  | 'ongoing' // 长期坚持

export interface Measure {
  id: string
  findingId: string
  /** Order within the finding: 一是, 二是, … */
  order: number
  text: string
  /** 牵头领导; '' while 待明确 (a pasted report does not name it). */
  leadLeader: string
  /** 责任部门 / 责任人; '' while 待明确. */
  responsible: string
  /** '' while 待明确. */
  deadline: IsoDate | ''

  status: MeasureStatus
  completionNote?: string
  completedOn?: IsoDate
  /** Why a measure is done without any evidence attached (the only way to do that). */
  noEvidenceReason?: string
  updatedAt?: IsoTimestamp
  deleted?: boolean
}

export type EvidenceType = 'record' | 'rule' | 'file' | 'photo'

/** A rule or system adopted as part of the rectification (制度). */
export interface AdoptedRule {
  /** e.g. 党支部“三会一课”制度实施细则 (without 《》) */
  name: string
  /** 文号, e.g. 街党工委发〔2026〕12号 */
  docNumber: string
  adoptedOn: IsoDate
  /** SHA-256 of the rule's file when one is attached. */
  fileHash?: string
}

export interface EvidenceLink {
  id: string
  measureId: string
  type: EvidenceType
  /** type 'record': the record in the books. */
  recordId?: string
  /** type 'record': the record revision the link was made against (the package cites it). */
  recordRev?: number
  rule?: AdoptedRule
  /** type 'file' / 'photo' (and optionally 'rule'): the attachment. */
  file?: AttachmentRef
  /** Free words: what this evidence shows; for a record, overrides the subject in the report sentence. */
  note?: string
  /** The date of a file's content (a judgement, a notice) for the report sentence; photos use `takenAt`. */
  date?: IsoDate
  updatedAt?: IsoTimestamp
  deleted?: boolean
}

export interface MeasureStatusDef {
  id: MeasureStatus
  label: Label
  /** Counts as settled for the completion rate (long-term measures only with evidence, see progress.ts). */
  closes: boolean
}

export const MEASURE_STATUSES: readonly MeasureStatusDef[] = [
  { id: 'immediate', label: { 'zh-CN': '立行立改', en: 'Fix immediately' }, closes: false },
  { id: 'in-progress', label: { 'zh-CN': '整改中', en: 'In progress' }, closes: false },
  { id: 'done', label: { 'zh-CN': '已完成·销号', en: 'Done (closed)' }, closes: true },
  { id: 'ongoing', label: { 'zh-CN': '长期坚持', en: 'Long-term' }, closes: true },
]

export function measureStatusLabel(status: MeasureStatus): Label {
  const def = MEASURE_STATUSES.find((s) => s.id === status)
  return def ? def.label : { 'zh-CN': status, en: status }
}

export const EVIDENCE_TYPE_LABELS: Readonly<Record<EvidenceType, Label>> = {
  record: { 'zh-CN': '会议记录', en: 'Record' },
  rule: { 'zh-CN': '制度文件', en: 'Adopted rule' },
  file: { 'zh-CN': '文件扫描件', en: 'File' },
  photo: { 'zh-CN': '照片', en: 'Photo' },
}

/** Live (not deleted) evidence items of one measure. */
export function evidenceOf(measureId: string, evidence: readonly EvidenceLink[]): EvidenceLink[] {
  return evidence.filter((e) => e.measureId === measureId && !e.deleted)
}

export type CanMarkDone = { ok: true } | { ok: false; message: Label }

/**
 * A measure may be marked 已完成·销号 only with at least one piece of evidence, or with a stated reason
 * why there is none — rectification "on paper only" is exactly what inspectors look for.
 * `evidence` may hold the evidence of every measure; only this measure's live items count.
 */
export function canMarkDone(measure: Measure, evidence: readonly EvidenceLink[]): CanMarkDone {
  if (evidenceOf(measure.id, evidence).length > 0) return { ok: true }
  if (measure.noEvidenceReason && measure.noEvidenceReason.trim().length > 0) return { ok: true }
  return {
    ok: false,
    message: {
      'zh-CN': '这项措施还没有佐证材料。请先关联会议记录、制度文件、照片或扫描件，或者写明没有佐证材料的原因，再标记为已完成。',
      en: 'This measure has no evidence yet. Link a record, an adopted rule, a photo or a scan — or state why there is none — before marking it done.',
    },
  }
}

/** Shown where the ledger has no value yet for a field a pasted document did not contain. */
export const PENDING_LABEL: Label = { 'zh-CN': '待明确', en: 'To be decided' }

/** The measure's fields still 待明确 (to do in the ledger). */
export function pendingFieldsOf(measure: Pick<Measure, 'leadLeader' | 'responsible' | 'deadline'>): ('leadLeader' | 'responsible' | 'deadline')[] {
  return (['leadLeader', 'responsible', 'deadline'] as const).filter((k) => !measure[k].trim())
}
