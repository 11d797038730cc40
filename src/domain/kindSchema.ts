// The shape of a record kind. Kinds themselves are rows in `kinds.ts`: adding a kind or a local rule
// is adding data, not code. The record editor renders `sections` generically.
import type { DecisionRule, KindId, Label } from './types'

/** Common elements of a meeting record (会议记录要素) that a kind may use and may require. */
export type ElementKey =
  | 'title' // 会议名称
  | 'sequence' // 第N次
  | 'date'
  | 'time' // start and end
  | 'place'
  | 'chair'
  | 'recorder'
  | 'attendance' // attendees by full name, expected/actual counts
  | 'absentReasons' // every absentee/exclusion has a reason
  | 'guests' // 列席
  | 'agenda'
  | 'firstTopic' // 第一议题 flagged, first, with its material
  | 'speeches' // discussion by speaker
  | 'decisions'
  | 'voteCounts' // every decision has its counts
  | 'summary' // chair's summary
  | 'ended' // explicit 散会
  | 'signatures' // chair's and recorder's
  | 'photos'

export type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'member' // one roster member (stored as full name)
  | 'members' // several roster members (stored as full names)
  | 'select'
  | 'list' // repeated group of `itemFields`, stored as an array of objects

export interface FieldOption {
  value: string
  label: Label
}

export interface FieldDef {
  key: string
  label: Label
  type: FieldType
  required?: boolean
  placeholder?: Label
  options?: FieldOption[]
  itemFields?: FieldDef[]
  /** Text fields: below this many characters the check calls the content thin. */
  minChars?: number
}

export interface SectionDef {
  key: string
  label: Label
  /** Help shown under the section title, e.g. what a checker expects here. */
  hint?: Label
  fields: FieldDef[]
}

export type Period = 'month' | 'quarter' | 'year'

export interface Frequency {
  per: Period
  count: number
  /** Counted separately for each party group (党小组会). */
  perPartyGroup?: boolean
  /** Where the default comes from, shown next to the rule. */
  source: Label
  /** A common local practice rather than a national rule. */
  localRule?: boolean
}

export interface KindDef {
  id: KindId
  label: Label
  /** Book title, one book per kind (专本专用). */
  bookLabel: Label
  /** Vant icon name for lists and the home screen. */
  icon: string
  /** Which common elements the editor shows for this kind. */
  elements: ElementKey[]
  /** Which of them "完成" insists on. */
  required: ElementKey[]
  sections: SectionDef[]
  /** What the kind is for and where its rule comes from, shown in the book's header. */
  note?: Label
  /** Default frequency, or null for "when needed". Organizations may override it. */
  frequency: Frequency | null
  /** The decision rule new decisions start with. */
  defaultDecisionRule: DecisionRule
  /** Minutes shorter than this (all free text together) are flagged as thin. */
  minContentChars: number
  /** For the 第一议题 check: the first agenda item must be flagged as 第一议题. */
  firstTopicFirst: boolean
  /** Only committee members are expected (支委会). */
  committeeOnly?: boolean
  /** Counts as organizational life for a member who attends (党章 第九条 check). */
  countsAsOrganizationalLife: boolean
}
