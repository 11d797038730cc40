// Core shapes shared by the app, the local store, the sync engine and the server.
// Pure types: no Vue, no DOM, no IndexedDB, no HTTP.

/** A label in both UI languages; domain tables carry their own words so a new row needs no i18n edit. */
export interface Label {
  'zh-CN': string
  en: string
}
export type Locale = keyof Label

/** ISO calendar date `YYYY-MM-DD` (local meeting date, no time zone). */
export type IsoDate = string
/** ISO timestamp with time zone, e.g. `2026-11-26T10:43:16.000Z`. */
export type IsoTimestamp = string
/** `HH:mm`, 24-hour clock. */
export type ClockTime = string

// ---------------------------------------------------------------- branch & roster

export type MembershipType = 'full' | 'probationary'

/** Why a member's circumstances differ; matters for attendance and "should attend". */
export type MemberSituation =
  | 'on-duty' // 在岗
  | 'seconded' // 借调
  | 'stepped-back' // 退二线
  | 'mobile' // 流动
  | 'unreachable' // 失联
  | 'abroad' // 出国(境)
  | 'sick-leave' // 病休
  | 'other' // 其他

export type CommitteeRole =
  | 'secretary' // 书记
  | 'deputy-secretary' // 副书记
  | 'organization' // 组织委员
  | 'discipline' // 纪检委员
  | 'publicity' // 宣传委员
  | 'member' // 委员 (other duties)

export interface Member {
  id: string
  branchId: string
  name: string // full name, never surname only
  gender?: 'male' | 'female'
  membership: MembershipType
  partyGroupId?: string
  committeeRole?: CommitteeRole
  /** Free text for the committee duty, e.g. 负责青年工作. */
  committeeDuty?: string
  situation: MemberSituation
  votingRights: boolean
  joinedOn?: IsoDate
  note?: string
  /** A member who left the branch (transfer, death) stays for history, never deleted. */
  active: boolean
  updatedAt: IsoTimestamp
  /** Transferred into this branch on (组织关系转入); months before it are not this branch's to check. */
  transferredInOn?: IsoDate
  /** Left this branch on (转出, death…); from this day on the member is no longer this branch's. */
  leftOn?: IsoDate
}

export interface PartyGroup {
  id: string
  name: string // 第一党小组
  leaderId?: string
}

export interface Branch {
  id: string
  name: string
  partyGroups: PartyGroup[]
  /** Contact printed at the end of public reports. */
  contactPhone?: string
  contactEmail?: string
  upperOrganization?: string
  updatedAt: IsoTimestamp
  /** The branch serves a leadership team (班子): 民主生活会 and 中心组学习 are required only then. */
  hasLeadershipTeam?: boolean
}

// ---------------------------------------------------------------- records

/** Identifier of a record kind; the table of kinds lives in `kinds.ts`. */
export type KindId = string

export type AttendanceStatus =
  | 'present' // 出席
  | 'absent' // 缺席 (reason required)
  | 'excluded' // 不计入应到 (reason required, e.g. 长期病休经批准)
  | 'observer' // 列席
  | 'written' // 书面意见 (absent but submitted a written opinion before the vote)

export interface AttendanceEntry {
  memberId: string
  /** Name copied at the time of the meeting, so renames do not rewrite history. */
  name: string
  status: AttendanceStatus
  reason?: string
  /** Snapshot at the time of the meeting (a member confirmed later must not change old counts). */
  membership?: MembershipType
  /** Snapshot at the time of the meeting; when absent, the roster (or "has voting rights") is assumed. */
  votingRights?: boolean
}

/** People at the meeting who are not on the roster (列席: upper-level leaders, etc.). */
export interface Guest {
  name: string
  role?: string
}

export interface StudyMaterial {
  title: string
  source?: string // e.g. 《求是》2026年第5期
  speechDate?: IsoDate
}

export interface AgendaItem {
  id: string
  title: string
  /** 第一议题: must be the first item where the kind requires it. */
  isFirstTopic: boolean
  material?: StudyMaterial
}

export interface Speech {
  id: string
  speaker: string
  content: string
}

/** Which quorum/pass rule a decision is counted under (see `quorum.ts`). */
export type DecisionRule =
  | 'general-meeting'
  | 'admission'
  | 'committee'
  | 'election'
  | 'majority-present'
  | 'democratic-life' // 民主生活会: ≥ 2/3 of those who should attend; no vote of its own

export interface Decision {
  id: string
  text: string
  rule: DecisionRule
  yes?: number
  no?: number
  abstain?: number
}

/** An attachment reference; the bytes live in the attachments store, keyed by SHA-256. */
export interface AttachmentRef {
  hash: string // hex SHA-256 of the stored (resized) bytes
  mime: string
  size: number
  width?: number
  height?: number
  /** What the photo shows: the meeting, the paper sign-in sheet, a signature, a scan. */
  role: 'photo' | 'sign-in-sheet' | 'signature' | 'scan'
  caption?: string
  takenAt?: IsoTimestamp
  /**
   * A small JPEG made on the device at capture time, stored and synced as an attachment of its own, so a
   * list of photos downloads kilobytes, not originals. Absent on older photos and on signatures.
   */
  thumbHash?: string
}

export type RecordStatus = 'draft' | 'final'

/** Current schema version of `BranchRecord`; older documents are migrated on read (`migrations.ts`). */
export const RECORD_SCHEMA_VERSION = 1

export interface BranchRecord {
  id: string // UUIDv7 generated on the device
  schemaVersion: number
  branchId: string
  kind: KindId
  status: RecordStatus

  title: string // 会议名称
  sequence?: number // 第N次
  date: IsoDate
  startTime?: ClockTime
  endTime?: ClockTime
  place?: string
  chair?: string // full name
  recorder?: string // full name
  /** For 第一议题 within a 班子会议 / 全体会议: which meeting hosted it. */
  hostMeeting?: string
  /** The party group a 党小组会 belongs to (frequency counted per group). */
  partyGroupId?: string

  attendance: AttendanceEntry[]
  guests: Guest[]
  agenda: AgendaItem[]
  speeches: Speech[]
  decisions: Decision[]
  summary?: string // chair's summary
  ended: boolean // explicit 散会

  /**
   * Kind-specific values, FLAT: `sections[fieldKey]` for every field of every section the kind declares
   * in `kinds.ts` (field keys are unique within a kind). Lists are arrays of `{ itemFieldKey: value }`.
   */
  sections: Record<string, unknown>

  photos: AttachmentRef[]
  signatures: { chair?: AttachmentRef; recorder?: AttachmentRef }

  createdAt: IsoTimestamp
  updatedAt: IsoTimestamp
  finishedAt?: IsoTimestamp
  deleted?: boolean
  /**
   * The period the meeting is for, when not the one its date falls in: `2026-Q2`, `2026-06` or `2026`.
   * A 第二季度研判 held in July counts for the second quarter (flagged late), never for the third.
   */
  period?: string
}
