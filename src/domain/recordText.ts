// All the words of a record as one plain text: for search, for the "too thin" check and for spotting
// records copied between meetings. Select values are given as their Chinese labels, as a reader sees them.
import type { FieldDef, KindDef } from './kindSchema'
import type { BranchRecord } from './types'

export interface RecordTextOptions {
  /**
   * Only what was said and decided (agenda, material, remarks, decisions, summary, written section fields),
   * without names, places and list fields like dates and numbers: the measure of how substantial minutes are.
   */
  contentOnly?: boolean
}

const WRITTEN = new Set<FieldDef['type']>(['text', 'textarea'])

function fieldText(field: FieldDef, value: unknown, contentOnly: boolean, out: string[]): void {
  if (value === null || value === undefined) return
  if (field.type === 'list') {
    if (!Array.isArray(value)) return
    for (const item of value) {
      if (typeof item !== 'object' || item === null) continue
      for (const f of field.itemFields ?? []) fieldText(f, (item as Record<string, unknown>)[f.key], contentOnly, out)
    }
    return
  }
  if (contentOnly && !WRITTEN.has(field.type)) return
  if (field.type === 'select') {
    const option = field.options?.find((o) => o.value === value)
    out.push(option ? option.label['zh-CN'] : String(value))
    return
  }
  if (Array.isArray(value)) out.push(...value.map(String))
  else if (typeof value === 'string' || typeof value === 'number') out.push(String(value))
}

export function recordPlainText(record: BranchRecord, kind: KindDef, options: RecordTextOptions = {}): string {
  const contentOnly = options.contentOnly === true
  const out: string[] = []
  const push = (...parts: (string | undefined)[]): void => { for (const p of parts) if (p) out.push(p) }
  if (!contentOnly) {
    push(record.title, record.place, record.chair, record.recorder, record.hostMeeting)
    for (const a of record.attendance) push(a.name, a.reason)
    for (const g of record.guests) push(g.name, g.role)
  }
  for (const item of record.agenda) push(item.title, item.material?.title, item.material?.source)
  for (const s of record.speeches) {
    if (!contentOnly) push(s.speaker)
    push(s.content)
  }
  for (const d of record.decisions) push(d.text)
  push(record.summary)
  for (const f of kind.sections.flatMap((s) => s.fields)) fieldText(f, record.sections[f.key], contentOnly, out)
  return out.map((s) => s.trim()).filter((s) => s !== '').join('\n')
}
