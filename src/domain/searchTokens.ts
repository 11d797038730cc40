// Search text for records, usable by any store. Chinese has no spaces, so search is substring search
// on the record's normalized text: every term of the query (a run of letters, Han included, and
// digits; spaces and punctuation separate terms) must occur in it as written.
import type { BranchRecord } from './types'

// Runs of letters (Han included) and digits; spaces and punctuation separate terms.
const TERMS = /[\p{L}\p{N}]+/gu

/** Full-width letters and digits become ASCII, letters lowercase. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

/** The terms of a search query, normalized; a matching record contains every one of them. */
export function searchTerms(query: string): string[] {
  return [...new Set(normalizeSearchText(query).match(TERMS) ?? [])]
}

/** Every string anywhere inside a value (kind-specific sections are free-form). */
function collectStrings(value: unknown, into: string[], depth = 0): void {
  if (depth > 20) return
  if (typeof value === 'string') {
    into.push(value)
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, into, depth + 1)
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectStrings(item, into, depth + 1)
  }
}

/** The searchable texts of a record. */
export function recordTexts(record: BranchRecord): string[] {
  const texts: string[] = []
  const push = (s: string | undefined): void => {
    if (s) texts.push(s)
  }
  push(record.title)
  push(record.place)
  push(record.chair)
  push(record.recorder)
  push(record.hostMeeting)
  for (const item of record.agenda ?? []) {
    push(item.title)
    push(item.material?.title)
    push(item.material?.source)
  }
  for (const d of record.decisions ?? []) push(d.text)
  push(record.summary)
  for (const a of record.attendance ?? []) {
    push(a.name)
    push(a.reason)
  }
  for (const g of record.guests ?? []) {
    push(g.name)
    push(g.role)
  }
  for (const s of record.speeches ?? []) {
    push(s.speaker)
    push(s.content)
  }
  collectStrings(record.sections ?? {}, texts)
  for (const p of record.photos ?? []) push(p.caption)
  return texts
}

/** A record's searchable text, normalized, one field per line (phrases never span two fields). */
export function recordSearchText(record: BranchRecord): string {
  return recordTexts(record).map(normalizeSearchText).join('\n')
}

/** True when the normalized `searchText` contains every term (see `searchTerms`). */
export function matchesTerms(searchText: string, terms: readonly string[]): boolean {
  return terms.every((term) => searchText.includes(term))
}
