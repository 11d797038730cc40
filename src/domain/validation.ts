// "完成" checks: which required elements of a record are missing, in plain words a secretary
// understands. Only the kind's `required` elements and required section fields block; nothing here
// judges the quality of the content (that is the quarterly check's business).
import type { ElementKey, FieldDef, KindDef } from './kindSchema'
import type { BranchRecord, Label, Member } from './types'
import { isIsoDate } from './dates'

export interface MissingElement {
  /** An ElementKey, or `sections.<fieldKey>` for a kind-specific field. */
  element: ElementKey | string
  message: Label
}

const L = (zh: string, en: string): Label => ({ 'zh-CN': zh, en })

/** Empty, whitespace-only, null and undefined all count as missing. */
export function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true
  if (typeof value === 'string') return value.trim() === ''
  if (typeof value === 'number') return !Number.isFinite(value)
  if (Array.isArray(value)) return value.length === 0
  return false
}

const HAN = /^\p{Script=Han}$/u
const SURNAME_WITH_TITLE = /^\p{Script=Han}(书记|同志|主任|部长|局长|处长|科长|所长|队长|组长|委员|老师|经理)$/u
const NICKNAME = /^[老小]\p{Script=Han}$/u

/**
 * A name a checker would reject as "surname only": one Chinese character (王), a surname with a title
 * (王书记) or a familiar form (老王). Names in other scripts are left alone.
 */
export function nameProblem(name: string): Label | null {
  const n = name.replace(/\s+/g, '')
  if (HAN.test(n)) return L(`姓名只写了姓：${n}`, `Surname only, write the full name: ${n}`)
  if (SURNAME_WITH_TITLE.test(n) || NICKNAME.test(n)) return L(`姓名不完整：${n}`, `Not a full name: ${n}`)
  return null
}

function shorten(text: string, max = 20): string {
  const t = text.trim()
  return t.length > max ? `${t.slice(0, max)}…` : t
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

function checkElement(key: ElementKey, record: BranchRecord, kind: KindDef, out: MissingElement[]): void {
  const add = (zh: string, en: string): void => { out.push({ element: key, message: L(zh, en) }) }
  switch (key) {
    case 'title':
      if (isBlank(record.title)) add('缺少会议名称', 'The meeting name is missing')
      break
    case 'sequence':
      if (record.sequence === undefined || !Number.isInteger(record.sequence) || record.sequence < 1) add('缺少会议次数（第几次）', 'The sequence number is missing')
      break
    case 'date':
      if (isBlank(record.date)) add('缺少会议日期', 'The date is missing')
      else if (!isIsoDate(record.date)) add('会议日期不正确', 'The date is not a valid date')
      break
    case 'time': {
      const start = record.startTime?.trim() ?? ''
      const end = record.endTime?.trim() ?? ''
      if (!start) add('缺少开始时间', 'The start time is missing')
      else if (!TIME.test(start)) add('开始时间不正确', 'The start time is not a valid time')
      if (!end) add('缺少结束时间', 'The end time is missing')
      else if (!TIME.test(end)) add('结束时间不正确', 'The end time is not a valid time')
      if (TIME.test(start) && TIME.test(end) && end <= start) add('结束时间应晚于开始时间', 'The end time must be after the start time')
      break
    }
    case 'place':
      if (isBlank(record.place)) add('缺少会议地点', 'The place is missing')
      break
    case 'chair':
      if (isBlank(record.chair)) add('缺少主持人', 'The chair is missing')
      break
    case 'recorder':
      if (isBlank(record.recorder)) add('缺少记录人', 'The recorder is missing')
      break
    case 'attendance':
      if (record.attendance.length === 0) add('缺少参会人员名单', 'The attendance list is empty')
      else if (!record.attendance.some((a) => a.status === 'present')) add('没有出席人员', 'Nobody is marked present')
      break
    case 'absentReasons':
      for (const a of record.attendance) {
        if (!isBlank(a.reason)) continue
        if (a.status === 'absent' || a.status === 'written') add(`缺席人员 ${a.name} 未注明原因`, `Absent member ${a.name} has no reason`)
        else if (a.status === 'excluded') add(`不计入应到人员 ${a.name} 未注明原因`, `${a.name} is excluded from "should attend" without a reason`)
      }
      break
    case 'guests':
      if (record.guests.length === 0) add('缺少列席人员', 'No attendees in a non-voting capacity (列席) are listed')
      break
    case 'agenda': {
      const items = record.agenda.filter((i) => !isBlank(i.title))
      if (items.length === 0) add('缺少会议议程', 'The agenda is empty')
      record.agenda.forEach((item, i) => {
        if (isBlank(item.title)) add(`第${i + 1}项议程没有内容`, `Agenda item ${i + 1} is empty`)
      })
      break
    }
    case 'firstTopic': {
      const index = record.agenda.findIndex((i) => i.isFirstTopic)
      const item = record.agenda[index]
      if (!item) { add('缺少第一议题', 'The first-agenda study (第一议题) is missing'); break }
      if (kind.firstTopicFirst && index !== 0) add('第一议题应列为第一项议程', 'The first-agenda study must be the first agenda item')
      if (isBlank(item.material?.title)) add('第一议题缺少学习材料名称', 'The first-agenda study has no material title')
      break
    }
    case 'speeches':
      if (!record.speeches.some((s) => !isBlank(s.content))) add('缺少发言记录', 'No remarks are recorded')
      break
    case 'decisions':
      if (!record.decisions.some((d) => !isBlank(d.text))) add('缺少决定事项', 'No decision is recorded')
      break
    case 'voteCounts':
      for (const d of record.decisions) {
        if (isBlank(d.text)) continue
        const counted = [d.yes, d.no, d.abstain].every((n) => n !== undefined && n !== null && Number.isInteger(n) && n >= 0)
        if (!counted) add(`决定事项“${shorten(d.text)}”缺少表决票数`, `Decision "${shorten(d.text)}" has no vote counts`)
      }
      break
    case 'summary':
      if (isBlank(record.summary)) add('缺少主持人总结', "The chair's summary is missing")
      break
    case 'ended':
      if (!record.ended) add('缺少“散会”结束标记', 'The end marker (散会) is missing')
      break
    case 'signatures':
      if (kind.elements.includes('chair') && !record.signatures.chair) add('缺少主持人签名', "The chair's signature is missing")
      if (!record.signatures.recorder) add('缺少记录人签名', "The recorder's signature is missing")
      break
    case 'photos':
      if (!record.photos.some((p) => p.role === 'photo')) add('缺少会议照片', 'No photo of the meeting')
      break
  }
}

function checkNames(record: BranchRecord, kind: KindDef, out: MissingElement[]): void {
  const seen = new Set<string>()
  const check = (element: string, name: string | undefined): void => {
    if (!name || isBlank(name)) return
    const problem = nameProblem(name)
    if (problem && !seen.has(problem['zh-CN'])) {
      seen.add(problem['zh-CN'])
      out.push({ element, message: problem })
    }
  }
  if (kind.elements.includes('chair')) check('chair', record.chair)
  if (kind.elements.includes('recorder')) check('recorder', record.recorder)
  if (kind.elements.includes('attendance')) for (const a of record.attendance) check('attendance', a.name)
  if (kind.elements.includes('speeches')) for (const s of record.speeches) check('speeches', s.speaker)
  for (const f of kind.sections.flatMap((s) => s.fields)) {
    const v = record.sections[f.key]
    if (f.type === 'member' && typeof v === 'string') check(`sections.${f.key}`, v)
    if (f.type === 'members' && Array.isArray(v)) for (const n of v) if (typeof n === 'string') check(`sections.${f.key}`, n)
    if (f.type === 'list' && Array.isArray(v)) {
      for (const item of v) {
        for (const itf of f.itemFields ?? []) {
          const iv = (item as Record<string, unknown> | null)?.[itf.key]
          if (itf.type === 'member' && typeof iv === 'string') check(`sections.${f.key}`, iv)
        }
      }
    }
  }
}

function fieldValueMissing(field: FieldDef, value: unknown): boolean {
  if (field.type === 'number') return typeof value !== 'number' || !Number.isFinite(value)
  return isBlank(value)
}

function checkSections(record: BranchRecord, kind: KindDef, out: MissingElement[]): void {
  const manySections = kind.sections.length > 1
  for (const s of kind.sections) {
    const where = (f: FieldDef): Label => manySections
      ? L(`${s.label['zh-CN']}：缺少“${f.label['zh-CN']}”`, `${s.label.en}: "${f.label.en}" is missing`)
      : L(`缺少“${f.label['zh-CN']}”`, `"${f.label.en}" is missing`)
    for (const f of s.fields) {
      const value = record.sections[f.key]
      if (f.required && fieldValueMissing(f, value)) {
        out.push({ element: `sections.${f.key}`, message: where(f) })
        continue
      }
      if (f.type !== 'list' || !Array.isArray(value)) continue
      value.forEach((item: unknown, i) => {
        const row = (item ?? {}) as Record<string, unknown>
        for (const itf of f.itemFields ?? []) {
          if (!itf.required || !fieldValueMissing(itf, row[itf.key])) continue
          out.push({
            element: `sections.${f.key}`,
            message: L(`“${f.label['zh-CN']}”第${i + 1}项缺少“${itf.label['zh-CN']}”`, `"${f.label.en}" item ${i + 1}: "${itf.label.en}" is missing`),
          })
        }
      })
    }
  }
}

/**
 * Everything "完成" insists on that the record lacks, in the order of the paper form.
 * The roster is accepted for symmetry with the other checks; names are judged as written on the record.
 */
export function missingElements(record: BranchRecord, kind: KindDef, _roster?: readonly Member[]): MissingElement[] {
  const out: MissingElement[] = []
  for (const key of kind.elements) if (kind.required.includes(key)) checkElement(key, record, kind, out)
  checkNames(record, kind, out)
  checkSections(record, kind, out)
  return out
}

export function canFinish(record: BranchRecord, kind: KindDef, roster?: readonly Member[]): boolean {
  return missingElements(record, kind, roster).length === 0
}

/**
 * What is missing now that was not missing before an edit. A correction of a finished record is never
 * blocked by an element that record already lacked (a record kept before signatures were asked for, say):
 * the person is told what is missing and may still save the correction.
 */
export function newlyMissing(now: readonly MissingElement[], before: readonly MissingElement[]): MissingElement[] {
  const known = new Set(before.map((m) => `${m.element}\u0000${m.message['zh-CN']}`))
  return now.filter((m) => !known.has(`${m.element}\u0000${m.message['zh-CN']}`))
}
