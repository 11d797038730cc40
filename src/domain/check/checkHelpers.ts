// Small helpers the parts of the quarterly check share: labels, month arithmetic, text measures, reasons,
// and the shape of a finding about one record.
import type { Quarter } from '../dates'
import type { BranchRecord, IsoDate, Label } from '../types'
import { isBlank } from '../validation'
import type { Finding, FindingCode, Severity } from './findings'

export const L = (zh: string, en: string): Label => ({ 'zh-CN': zh, en })
export const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Months counted from year 0, so that month gaps across New Year are plain subtraction. */
export function monthIndex(date: IsoDate): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1
}

/** The first day of a month counted as in `monthIndex`. */
export function monthStart(index: number): IsoDate {
  const year = Math.floor(index / 12)
  return `${String(year).padStart(4, '0')}-${String(index - year * 12 + 1).padStart(2, '0')}-01`
}

/** Characters of substance: whitespace does not make minutes longer. Counted in code points. */
export function contentLength(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xdc00 && c <= 0xdfff) continue // second half of a surrogate pair
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x3000 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x1680 || c === 0x202f || c === 0x205f) continue
    n++
  }
  return n
}

/** Empty all the way down: a list whose rows are all blank is as empty as no list. */
export function isEmptyDeep(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isEmptyDeep)
  if (value !== null && typeof value === 'object') return Object.values(value).every(isEmptyDeep)
  return isBlank(value)
}

export function countOccurrences(text: string, phrase: string): number {
  if (!phrase) return 0
  let n = 0
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + phrase.length)) n++
  return n
}

/** Code-unit order: deterministic on every device, unlike a locale's collation. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function previousQuarter(year: number, quarter: Quarter): { year: number; quarter: Quarter } {
  return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: (quarter - 1) as Quarter }
}

/** A recorded reason, unless it is no reason at all ("无", "未到"). */
export function properReason(reason: string | undefined, nonReason: RegExp): string | undefined {
  const text = reason?.trim()
  if (!text || nonReason.test(text)) return undefined
  return text
}

export function safeRegExp(source: string): RegExp | undefined {
  try {
    return new RegExp(source)
  } catch {
    return undefined
  }
}

/** A finding about one record: its id is the code and the record, and a suffix where a record has several. */
export function recordFinding(
  r: BranchRecord,
  code: FindingCode,
  severity: Severity,
  message: Label,
  idSuffix?: string,
  details?: Record<string, unknown>,
): Finding {
  const f: Finding = {
    id: idSuffix ? `${code}:${r.id}:${idSuffix}` : `${code}:${r.id}`,
    code,
    severity,
    recordId: r.id,
    recordTitle: r.title,
    recordDate: r.date,
    kindId: r.kind,
    message,
  }
  if (details) f.details = details
  return f
}
