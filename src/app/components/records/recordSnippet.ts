// Search results show where the words were found. The snippet is plain text split into segments, and
// the template wraps the matching ones in <mark>: user text is never rendered as HTML.
import type { DeepReadonly } from 'vue'
import type { BranchRecord } from '@/domain/types'

type RecordLike = BranchRecord | DeepReadonly<BranchRecord>

export interface SnippetSegment {
  text: string
  match: boolean
}

/** Every piece of free text in a record, in reading order. */
export function recordTexts(record: RecordLike): string[] {
  const out: string[] = []
  const push = (v: unknown) => {
    if (typeof v === 'string' && v.trim()) out.push(v)
    else if (typeof v === 'number') out.push(String(v))
    else if (Array.isArray(v)) v.forEach(push)
    else if (v && typeof v === 'object') Object.values(v).forEach(push)
  }
  push(record.title)
  push(record.place)
  push(record.chair)
  push(record.recorder)
  push(record.hostMeeting)
  record.attendance.forEach((a) => { push(a.name); push(a.reason) })
  record.guests.forEach((g) => { push(g.name); push(g.role) })
  record.agenda.forEach((a) => { push(a.title); push(a.material?.title); push(a.material?.source) })
  record.speeches.forEach((s) => { push(s.speaker); push(s.content) })
  record.decisions.forEach((d) => push(d.text))
  push(record.summary)
  push(record.sections)
  return out
}

/** The query's words; a query with no spaces is one word. */
export function queryTerms(query: string): string[] {
  return [...new Set(query.trim().toLowerCase().split(/\s+/).filter(Boolean))]
}

/** Two-character pieces of the words (the index matches Chinese by bigrams, so the snippet does too). */
function bigrams(terms: string[]): string[] {
  const out = new Set<string>()
  for (const term of terms) {
    const chars = [...term]
    if (chars.length <= 2) out.add(term)
    else for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!)
  }
  return [...out]
}

/** Splits `text` into matching and non-matching segments (case-insensitive). */
export function splitMatches(text: string, terms: string[]): SnippetSegment[] {
  const lower = text.toLowerCase()
  const marks = new Array<boolean>(text.length).fill(false)
  for (const term of terms) {
    if (!term) continue
    let at = lower.indexOf(term)
    while (at !== -1) {
      for (let i = at; i < at + term.length; i++) marks[i] = true
      at = lower.indexOf(term, at + term.length)
    }
  }
  const segments: SnippetSegment[] = []
  for (let i = 0; i < text.length; i++) {
    const match = marks[i] ?? false
    const last = segments[segments.length - 1]
    if (last && last.match === match) last.text += text[i]
    else segments.push({ text: text[i] ?? '', match })
  }
  return segments
}

function excerpt(text: string, at: number, length: number, radius: number): string {
  const start = Math.max(0, at - radius)
  const end = Math.min(text.length, at + length + radius * 2)
  const flat = text.slice(start, end).replace(/\s+/g, ' ')
  return `${start > 0 ? '…' : ''}${flat}${end < text.length ? '…' : ''}`
}

/**
 * A short excerpt of the record around the first place the query occurs, as segments.
 * Whole words are preferred; when only parts match (bigram search), the parts are marked.
 */
export function buildSnippet(record: RecordLike, query: string, radius = 18): SnippetSegment[] {
  const terms = queryTerms(query)
  if (!terms.length) return []
  const texts = recordTexts(record)
  for (const candidates of [terms, bigrams(terms)]) {
    for (const text of texts) {
      const lower = text.toLowerCase()
      for (const term of candidates) {
        const at = lower.indexOf(term)
        if (at !== -1) return splitMatches(excerpt(text, at, term.length, radius), candidates)
      }
    }
  }
  // Matched on something we do not show (e.g. a field only the index sees): show the start of the record.
  const first = texts.find((t) => t !== record.title) ?? ''
  return first ? [{ text: excerpt(first, 0, 0, radius * 2), match: false }] : []
}
