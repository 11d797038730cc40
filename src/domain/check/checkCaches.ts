// What the quarterly check may remember between runs, passed in by the caller (the check store keeps one
// for the screen's life): the result never depends on it, only the time. Without one, a check starts empty.
import { bigramSet, normalizeForSimilarity, similarPairs, type SimilarityItem, type SimilarPair } from './similarity'
import { contentLength } from './checkHelpers'

// What the check derives from a record's text depends on nothing but the text, so it is memoised by the
// text itself (never by record id, which could hide an edit). Bounded so it cannot grow without limit.
export interface TextFacts {
  length: number
  normalizedLength: number
  tokens: Uint32Array
  /** Occurrences of each stock phrase, for the phrase list they were counted for. */
  phrases?: { key: string; counts: number[] }
}

// The pairs found last time, for the same token sets (compared by identity: equal sets come from the
// same cached text) and threshold. Revisiting the check screen with unchanged records costs nothing here.
interface SimilarityMemo {
  items: SimilarityItem[]
  threshold: number
  pairs: SimilarPair[]
}

export interface CheckCaches {
  readonly textFacts: Map<string, TextFacts>
  readonly similarity: SimilarityMemo[]
}

export function createCheckCaches(): CheckCaches {
  return { textFacts: new Map(), similarity: [] }
}

const TEXT_CACHE_LIMIT = 20_000

export function textFacts(caches: CheckCaches, text: string): TextFacts {
  let facts = caches.textFacts.get(text)
  if (!facts) {
    if (caches.textFacts.size >= TEXT_CACHE_LIMIT) caches.textFacts.clear()
    const normalized = normalizeForSimilarity(text)
    facts = { length: contentLength(text), normalizedLength: normalized.length, tokens: bigramSet(normalized) }
    caches.textFacts.set(text, facts)
  }
  return facts
}

export function memoisedSimilarPairs(caches: CheckCaches, items: SimilarityItem[], threshold: number): SimilarPair[] {
  const memo = caches.similarity
  const same = (m: SimilarityMemo) =>
    m.threshold === threshold
    && m.items.length === items.length
    && m.items.every((it, i) => it.key === items[i]!.key && it.tokens === items[i]!.tokens && it.reference === items[i]!.reference)
  const hit = memo.find(same)
  if (hit) return hit.pairs
  const pairs = similarPairs(items, threshold)
  memo.unshift({ items, threshold, pairs })
  if (memo.length > 4) memo.pop()
  return pairs
}
