// The shapes the quarterly check returns. Findings carry their own words (Label) so the UI, the Word
// report and the reviewer's matrix show the same sentence; there are no scores and no rankings.
import type { Period } from '../kindSchema'
import type { Quarter } from '../dates'
import type { IsoDate, KindId, Label } from '../types'
import type { QuarterSignoff } from './signoff'

export type Severity = 'error' | 'warning' | 'info'

export type FindingCode =
  | 'missing-meeting' // fewer meetings than the rule asks, in a period that is over
  | 'meeting-due' // still due in a period that is still open
  | 'missing-element' // a required element of the record is missing
  | 'absent-without-reason'
  | 'decision-without-votes'
  | 'missing-signature'
  | 'first-topic' // 第一议题 missing, not first, or without its material
  | 'late-entry' // 补记
  | 'thin-content'
  | 'similar-content' // 内容雷同
  | 'stock-phrases'
  | 'missing-stage' // 组织生活会 before/during/after
  | 'talk-coverage'
  | 'no-org-life' // 3 months: warning; 6 consecutive months: error (党章第九条)
  | 'quorum'
  | 'corrected-after-signoff'
  | 'no-photos'
  | 'draft-unfinished'

export interface Finding {
  /** Stable across runs for the same data, so the UI can keep a finding open or link to it. */
  id: string
  code: FindingCode
  severity: Severity
  recordId?: string
  memberId?: string
  /** For record findings: what the list shows next to the message and the link. */
  recordTitle?: string
  recordDate?: IsoDate
  kindId?: KindId
  message: Label
  details?: Record<string, unknown>
}

export interface MonthRequirement {
  /** 1–12 */
  month: number
  required: number
  held: number
}

export interface GroupRequirement {
  groupId: string
  name: string
  required: number
  held: number
  perMonth?: MonthRequirement[]
}

export interface RequirementStatus {
  ruleId: string
  label: Label
  kindId: KindId
  per: Period
  /** Meetings the rule asks for in the period the check looks at (the quarter, or the year so far). */
  required: number
  held: number
  /** Still missing: a surplus in one month or group does not make up for a gap in another. */
  due: number
  /** Days left in the period (today included); 0 once the period is over. */
  daysLeft: number
  perMonth?: MonthRequirement[]
  perGroup?: GroupRequirement[]
  source: Label
  localRule?: boolean
}

export interface CheckResult {
  branchId: string
  year: number
  quarter: Quarter
  today: IsoDate
  range: { start: IsoDate; end: IsoDate }
  requirements: RequirementStatus[]
  /** Errors first, then warnings, then information; within each by record date. */
  findings: Finding[]
  counts: Record<Severity, number>
  signoff?: QuarterSignoff
}

export const SEVERITY_LABELS: Readonly<Record<Severity, Label>> = {
  error: { 'zh-CN': '问题', en: 'Problems' },
  warning: { 'zh-CN': '提醒', en: 'Warnings' },
  info: { 'zh-CN': '提示', en: 'Notes' },
}
