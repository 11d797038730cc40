// A fresh record of a kind: attendance taken from the roster, sections initialised from the kind's
// fields, so the editor only has to mark the exceptions.
import type { FieldDef, KindDef } from './kindSchema'
import type { AttendanceEntry, Branch, BranchRecord, IsoTimestamp, KindId, Label, Locale, Member, MemberSituation } from './types'
import { RECORD_SCHEMA_VERSION } from './types'
import { kindById } from './kinds'
import { newId } from './ids'
import { localDateOf } from './dates'

export interface NewRecordOptions {
  /** Only the id is used, so a read-only store copy will do. */
  branch: Pick<Branch, 'id'>
  members: readonly Member[]
  /** Creation time; defaults to the current time. The record's date is this day (device time). */
  now?: IsoTimestamp | Date
  /** 第N次; used in the default title. */
  sequence?: number
  /** For a 党小组会: the group whose members are expected. */
  partyGroupId?: string
  /** The language of the default title and agenda words (the UI language; Chinese when not given). */
  locale?: Locale
}

/** Situations in which a member is usually away: pre-marked absent with the situation as the reason. */
const AWAY: Partial<Record<MemberSituation, string>> = {
  unreachable: '失联',
  abroad: '出国(境)',
  'sick-leave': '病休',
}

/** The empty value the editor starts a field with. */
export function emptyFieldValue(field: FieldDef): unknown {
  switch (field.type) {
    case 'number': return null
    case 'members':
    case 'list': return []
    default: return ''
  }
}

export function emptySections(kind: KindDef): Record<string, unknown> {
  const sections: Record<string, unknown> = {}
  for (const f of kind.sections.flatMap((s) => s.fields)) sections[f.key] = emptyFieldValue(f)
  return sections
}

/** The members expected at a meeting of this kind (before the secretary marks exceptions). */
export function expectedMembers(kind: KindDef, members: readonly Member[], partyGroupId?: string): Member[] {
  return members.filter((m) =>
    m.active
    && (!kind.committeeOnly || m.committeeRole !== undefined)
    && (!partyGroupId || !kind.frequency?.perPartyGroup || m.partyGroupId === partyGroupId))
}

export function attendanceFromRoster(members: readonly Member[]): AttendanceEntry[] {
  return members.map((m) => {
    const away = AWAY[m.situation]
    const entry: AttendanceEntry = {
      memberId: m.id,
      name: m.name,
      status: away ? 'absent' : 'present',
      membership: m.membership,
      votingRights: m.votingRights,
    }
    if (away) entry.reason = away
    return entry
  })
}

export function defaultTitle(kind: KindDef, date: string, sequence?: number, locale: Locale = 'zh-CN'): string {
  const year = date.slice(0, 4)
  if (locale === 'en') {
    if (sequence !== undefined) return `${kind.label.en} no. ${sequence}`
    return kind.frequency?.per === 'year' ? `${kind.label.en} ${year}` : kind.label.en
  }
  if (sequence !== undefined) return `第${sequence}次${kind.label['zh-CN']}`
  if (kind.frequency?.per === 'year') return `${year}年度${kind.label['zh-CN']}`
  return kind.label['zh-CN']
}

const FIRST_TOPIC: Label = { 'zh-CN': '第一议题', en: 'First-agenda study' }

export function newRecord(kindId: KindId, options: NewRecordOptions): BranchRecord {
  const kind = kindById(kindId)
  if (!kind) throw new Error(`Unknown record kind: ${kindId}`)
  const now = options.now === undefined ? new Date() : new Date(options.now)
  const nowIso = now.toISOString()
  const date = localDateOf(now)
  const hasAttendance = kind.elements.includes('attendance')
  const record: BranchRecord = {
    id: newId(),
    schemaVersion: RECORD_SCHEMA_VERSION,
    branchId: options.branch.id,
    kind: kind.id,
    status: 'draft',
    title: defaultTitle(kind, date, options.sequence, options.locale),
    date,
    attendance: hasAttendance ? attendanceFromRoster(expectedMembers(kind, options.members, options.partyGroupId)) : [],
    guests: [],
    agenda: [],
    speeches: [],
    decisions: [],
    ended: false,
    sections: emptySections(kind),
    photos: [],
    signatures: {},
    createdAt: nowIso,
    updatedAt: nowIso,
  }
  if (options.sequence !== undefined) record.sequence = options.sequence
  if (options.partyGroupId) record.partyGroupId = options.partyGroupId
  // Meetings that must open with 第一议题 start with that agenda item in place.
  if (kind.firstTopicFirst) record.agenda.push({ id: newId(), title: FIRST_TOPIC[options.locale ?? 'zh-CN'], isFirstTopic: true, material: { title: '' } })
  return record
}
