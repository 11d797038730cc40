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
  | 'late-meeting' // held after the period it is for (counts there, flagged)
  | 'org-life-excused' // absent with a proper reason: for the secretary to follow up, never an accusation
  | 'member-unreachable' // 失联: the upper level's 失联党员 procedure
  | 'exclusion-check' // 不计应到 outside the recognized situations or without approval
  | 'not-a-member' // listed on a record dated outside the person's membership of the branch
  | 'photo-date' // a photo taken on another day than the meeting

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

/** How a 组织部 feedback groups a check's findings; each finding sits under exactly one heading. */
export type FindingCategory = 'meetings' | 'records' | 'org-life' | 'talks'

export const FINDING_CATEGORY_LABELS: Readonly<Record<FindingCategory, Label>> = {
  meetings: { 'zh-CN': '会议召开', en: 'Meetings held' },
  records: { 'zh-CN': '记录规范', en: 'Keeping the records' },
  'org-life': { 'zh-CN': '组织生活参加', en: 'Taking part in organizational life' },
  talks: { 'zh-CN': '谈心谈话', en: 'Heart-to-heart talks' },
}

export const FINDING_CATEGORY_ORDER: readonly FindingCategory[] = ['meetings', 'records', 'org-life', 'talks']

export const FINDING_CATEGORY: Readonly<Record<FindingCode, FindingCategory>> = {
  'missing-meeting': 'meetings',
  'meeting-due': 'meetings',
  'late-meeting': 'meetings',
  quorum: 'meetings',
  'missing-element': 'records',
  'absent-without-reason': 'records',
  'decision-without-votes': 'records',
  'missing-signature': 'records',
  'first-topic': 'records',
  'late-entry': 'records',
  'thin-content': 'records',
  'similar-content': 'records',
  'stock-phrases': 'records',
  'missing-stage': 'records',
  'corrected-after-signoff': 'records',
  'no-photos': 'records',
  'photo-date': 'records',
  'draft-unfinished': 'records',
  'not-a-member': 'org-life',
  'no-org-life': 'org-life',
  'org-life-excused': 'org-life',
  'member-unreachable': 'org-life',
  'exclusion-check': 'org-life',
  'talk-coverage': 'talks',
}
