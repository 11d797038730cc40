// Versioned record schemas. A document carries `schemaVersion`; on read it climbs the `up()` steps one
// version at a time to the current shape, so records written by an older app still open after an update.
// A new version = a new `RecordVn` type, one more step in `STEPS`, and RECORD_SCHEMA_VERSION + 1.
import type {
  AgendaItem, AttachmentRef, AttendanceEntry, BranchRecord, Decision, DecisionRule, Guest, Label, Member, Speech,
  StudyMaterial,
} from './types'
import { RECORD_SCHEMA_VERSION } from './types'
import { kindById } from './kinds'

// ---------------------------------------------------------------- v0

/**
 * Version 0: the first prototype's shape, written before `schemaVersion` existed (the field is absent).
 * - attendance was two name lists: `attendees` (present) and `absentees` (with a reason), no member ids;
 * - 列席 people were plain names in `observers`;
 * - the agenda was a list of titles, the 第一议题 a separate `firstTopic` material placed before it;
 * - speeches and decisions had no ids, decisions no rule;
 * - there were no signatures, and `ended`, `photos` and `sections` could be missing.
 */
export interface RecordV0 {
  id: string
  branchId: string
  kind: string
  status?: 'draft' | 'final'
  title: string
  sequence?: number
  date: string
  startTime?: string
  endTime?: string
  place?: string
  chair?: string
  recorder?: string
  attendees: string[]
  absentees: { name: string; reason?: string }[]
  observers?: string[]
  firstTopic?: StudyMaterial
  agenda?: string[]
  speeches?: { speaker: string; content: string }[]
  decisions?: { text: string; yes?: number; no?: number; abstain?: number }[]
  summary?: string
  ended?: boolean
  sections?: Record<string, unknown>
  photos?: AttachmentRef[]
  createdAt: string
  updatedAt: string
  finishedAt?: string
  deleted?: boolean
}

export type RecordV1 = BranchRecord

export interface MigrationOptions {
  /** Roster used to give v0 names their member ids; unmatched names get a stable `legacy:` id. */
  members?: readonly Pick<Member, 'id' | 'name' | 'membership' | 'votingRights'>[]
}

/** Raised when a stored document cannot be turned into a current record. `message` is plain Chinese. */
export class RecordMigrationError extends Error {
  constructor(
    public readonly code: 'future-version' | 'invalid',
    public readonly label: Label,
  ) {
    super(label['zh-CN'])
    this.name = 'RecordMigrationError'
  }
}

const invalid = (zh: string, en: string): RecordMigrationError => new RecordMigrationError('invalid', { 'zh-CN': zh, en })

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

/** Copies only the keys whose values are defined (documents are JSON: no `undefined` fields). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

// Ids made during a migration are derived from the record id, not random: two devices migrating the same
// old document must produce the same record, or sync would see a conflict nobody made.
function upV0(doc: RecordV0, options: MigrationOptions): RecordV1 {
  const byName = new Map((options.members ?? []).map((m) => [m.name, m]))
  const entry = (name: string, status: AttendanceEntry['status'], reason?: string): AttendanceEntry => {
    const m = byName.get(name)
    return defined({
      memberId: m?.id ?? `legacy:${name}`,
      name,
      status,
      reason: reason?.trim() ? reason : undefined,
      membership: m?.membership,
      votingRights: m?.votingRights,
    })
  }
  const rule: DecisionRule = kindById(doc.kind)?.defaultDecisionRule ?? 'majority-present'
  const agenda: AgendaItem[] = []
  if (doc.firstTopic) agenda.push({ id: `${doc.id}:a0`, title: '第一议题', isFirstTopic: true, material: doc.firstTopic })
  arr(doc.agenda).forEach((t, i) => agenda.push({ id: `${doc.id}:a${i + 1}`, title: String(t), isFirstTopic: false }))

  return defined({
    id: doc.id,
    schemaVersion: 1,
    branchId: doc.branchId,
    kind: doc.kind,
    status: doc.status ?? 'draft',
    title: doc.title,
    sequence: doc.sequence,
    date: doc.date,
    startTime: doc.startTime,
    endTime: doc.endTime,
    place: doc.place,
    chair: doc.chair,
    recorder: doc.recorder,
    attendance: [
      ...arr(doc.attendees).map((n) => entry(String(n), 'present')),
      ...arr(doc.absentees).filter(isObj).map((a) => entry(String(a.name), 'absent', str(a.reason))),
    ],
    guests: arr(doc.observers).map((n): Guest => ({ name: String(n) })),
    agenda,
    speeches: arr(doc.speeches).filter(isObj).map((s, i): Speech => ({ id: `${doc.id}:s${i}`, speaker: String(s.speaker ?? ''), content: String(s.content ?? '') })),
    decisions: arr(doc.decisions).filter(isObj).map((d, i): Decision => defined({
      id: `${doc.id}:d${i}`, text: String(d.text ?? ''), rule, yes: num(d.yes), no: num(d.no), abstain: num(d.abstain),
    })),
    summary: doc.summary,
    ended: doc.ended ?? false,
    sections: isObj(doc.sections) ? doc.sections : {},
    photos: arr(doc.photos) as AttachmentRef[],
    signatures: {},
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    finishedAt: doc.finishedAt,
    deleted: doc.deleted,
  })
}

/** `STEPS[n]` lifts a version-n document to version n+1. */
const STEPS: ((doc: never, options: MigrationOptions) => unknown)[] = [upV0]

function assertV0(doc: Obj): asserts doc is Obj & RecordV0 {
  if (!Array.isArray(doc.attendees) || !Array.isArray(doc.absentees)) {
    throw invalid('旧版记录缺少出席或缺席名单，无法读取', 'An old record without attendee lists cannot be read')
  }
}

/** The current shape, checked field by field; missing lists are filled with empty ones. */
function asCurrent(doc: Obj): BranchRecord {
  for (const key of ['id', 'branchId', 'kind', 'date', 'createdAt', 'updatedAt'] as const) {
    if (typeof doc[key] !== 'string' || doc[key] === '') throw invalid(`记录缺少${FIELD_ZH[key]}，无法读取`, `The record has no ${key}`)
  }
  if (!Array.isArray(doc.attendance)) throw invalid('记录的考勤名单格式不正确', 'The attendance list is malformed')
  for (const a of doc.attendance) {
    if (!isObj(a) || typeof a.name !== 'string' || typeof a.status !== 'string') throw invalid('记录的考勤名单格式不正确', 'The attendance list is malformed')
  }
  return {
    ...doc,
    schemaVersion: RECORD_SCHEMA_VERSION,
    status: doc.status === 'final' ? 'final' : 'draft',
    title: typeof doc.title === 'string' ? doc.title : '',
    guests: arr(doc.guests),
    agenda: arr(doc.agenda),
    speeches: arr(doc.speeches),
    decisions: arr(doc.decisions),
    ended: doc.ended === true,
    sections: isObj(doc.sections) ? doc.sections : {},
    photos: arr(doc.photos),
    signatures: isObj(doc.signatures) ? doc.signatures : {},
  } as unknown as BranchRecord
}

const FIELD_ZH = { id: '编号', branchId: '所属支部', kind: '类别', date: '日期', createdAt: '创建时间', updatedAt: '修改时间' } as const

/** Version of a stored document: a missing `schemaVersion` means version 0. */
export function schemaVersionOf(doc: unknown): number {
  if (!isObj(doc)) throw invalid('不是一条记录', 'Not a record')
  const v = doc.schemaVersion
  if (v === undefined) return 0
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw invalid(`记录格式版本“${String(v)}”无法识别`, `Unknown record schema version "${String(v)}"`)
  return v
}

/** Any stored record, of any version this app knows, as a current `BranchRecord`. Never mutates `doc`. */
export function migrateRecord(doc: unknown, options: MigrationOptions = {}): BranchRecord {
  const version = schemaVersionOf(doc)
  if (version > RECORD_SCHEMA_VERSION) {
    throw new RecordMigrationError('future-version', {
      'zh-CN': `这条记录由更新版本的应用保存（格式版本${version}，本应用支持到${RECORD_SCHEMA_VERSION}），请先更新应用再打开`,
      en: `This record was saved by a newer version of the app (schema ${version}, this app reads up to ${RECORD_SCHEMA_VERSION}); update the app to open it`,
    })
  }
  let current: unknown = doc
  if (version === 0) assertV0(doc as Obj)
  for (let v = version; v < RECORD_SCHEMA_VERSION; v++) {
    const step = STEPS[v]
    if (!step) throw invalid(`缺少从版本${v}升级的步骤`, `No migration step from version ${v}`)
    current = step(current as never, options)
  }
  return asCurrent(current as Obj)
}
