// Search tokens for records, usable by any store (IndexedDB multiEntry index, SQL table).
// Chinese has no spaces, so Han text is indexed as overlapping character pairs (bigrams) plus single
// characters (for one-character queries); Latin words and digit runs are indexed whole, lowercased.
// Bigrams over-match ("组织" + "生活" somewhere ≠ "组织生活"), so callers confirm candidates with
// `matchesPhrases` against `recordSearchText`.
import type { BranchRecord } from './types'

/** Upper bound on tokens per record, so a huge record cannot bloat the index (earlier fields win). */
export const MAX_RECORD_TOKENS = 4000
/** Longer Latin/digit runs are cut to this length (on both the record and the query side). */
export const MAX_TOKEN_LENGTH = 40

// Han (and kana/hangul) runs, or runs of other letters and digits; everything else separates.
const CJK_CHAR = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u3005\\u3007'
const RUNS = new RegExp(`([${CJK_CHAR}]+)|((?:(?![${CJK_CHAR}])[\\p{L}\\p{N}])+)`, 'gu')

/** Full-width letters and digits become ASCII, letters lowercase. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

interface Run {
  cls: 'cjk' | 'word'
  chars: string[]
}

function runs(text: string): Run[] {
  const out: Run[] = []
  for (const m of normalizeSearchText(text).matchAll(RUNS)) {
    if (m[1] !== undefined) out.push({ cls: 'cjk', chars: [...m[1]] })
    else if (m[2] !== undefined) out.push({ cls: 'word', chars: [...m[2]] })
  }
  return out
}

function wordToken(chars: string[]): string {
  return chars.slice(0, MAX_TOKEN_LENGTH).join('')
}

/** Tokens of one piece of text as stored for a record: CJK unigrams and bigrams, whole words. */
function addTextTokens(text: string, into: Set<string>, cap: number): void {
  for (const run of runs(text)) {
    if (into.size >= cap) return
    if (run.cls === 'word') {
      into.add(wordToken(run.chars))
      continue
    }
    for (let i = 0; i < run.chars.length && into.size < cap; i++) {
      const ch = run.chars[i] as string
      into.add(ch)
      const next = run.chars[i + 1]
      if (next !== undefined && into.size < cap) into.add(ch + next)
    }
  }
}

/** Tokens for a search query: every token must be present in a matching record. */
export function queryTokens(text: string): string[] {
  const tokens = new Set<string>()
  for (const run of runs(text)) {
    if (run.cls === 'word') {
      tokens.add(wordToken(run.chars))
    } else if (run.chars.length === 1) {
      tokens.add(run.chars[0] as string)
    } else {
      for (let i = 0; i + 1 < run.chars.length; i++) tokens.add((run.chars[i] as string) + (run.chars[i + 1] as string))
    }
  }
  return [...tokens]
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

/** The searchable texts of a record, most important first (the token cap drops from the end). */
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

/** Deduplicated search tokens of a record, at most `MAX_RECORD_TOKENS`. */
export function recordTokens(record: BranchRecord): string[] {
  const tokens = new Set<string>()
  for (const text of recordTexts(record)) {
    if (tokens.size >= MAX_RECORD_TOKENS) break
    addTextTokens(text, tokens, MAX_RECORD_TOKENS)
  }
  return [...tokens]
}

/** A record's searchable text, normalised, one field per line (phrases never span two fields). */
export function recordSearchText(record: BranchRecord): string {
  return recordTexts(record).map(normalizeSearchText).join('\n')
}

/**
 * True when every Chinese phrase of the query occurs as written in the text. Filters out records
 * that only have the query's bigrams scattered apart. Latin words are left to the token match.
 */
export function matchesPhrases(searchText: string, query: string): boolean {
  return runs(query)
    .filter((run) => run.cls === 'cjk' && run.chars.length > 1)
    .every((run) => searchText.includes(run.chars.join('')))
}
