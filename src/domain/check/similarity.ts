// 内容雷同: near-duplicate minutes. Chinese has no spaces, so words are not a usable unit; overlapping
// character pairs (bigrams) are, and Jaccard similarity of the bigram sets is robust to small edits
// (one changed character alters at most two bigrams). To stay fast over a quarter plus the previous one,
// candidate pairs come from prefix filtering (AllPairs): with threshold t, two sets with Jaccard ≥ t must
// share a token among the first |x| − ⌈t·|x|⌉ + 1 tokens of each, when tokens are sorted by a common
// (rarest-first) order — so most pairs are never compared. The result is exact, not an approximation.

/** Whitespace and punctuation carry no content; dropping them keeps "1 character apart" meaning 1 character. */
const IGNORED = /[\s\p{P}\p{S}]+/gu

export function normalizeForSimilarity(text: string): string {
  return text.replace(IGNORED, '').toLowerCase()
}

/**
 * Sorted, distinct character bigrams of already-normalized text, each packed as one number
 * (two UTF-16 code units). A one-character text yields its single character as the only token.
 */
export function bigramSet(normalized: string): Uint32Array {
  const n = normalized.length
  if (n === 0) return new Uint32Array(0)
  if (n === 1) return Uint32Array.of(normalized.charCodeAt(0))
  const raw = new Uint32Array(n - 1)
  for (let i = 0; i < n - 1; i++) raw[i] = ((normalized.charCodeAt(i) << 16) | normalized.charCodeAt(i + 1)) >>> 0
  raw.sort()
  let w = 0
  for (let i = 0; i < raw.length; i++) {
    if (i === 0 || raw[i] !== raw[w - 1]) raw[w++] = raw[i]!
  }
  return raw.slice(0, w)
}

/** Jaccard similarity of two sorted distinct token arrays. Two empty sets are not similar (0). */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0
  let i = 0
  let j = 0
  let common = 0
  while (i < a.length && j < b.length) {
    const x = a[i]!
    const y = b[j]!
    if (x === y) {
      common++
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return common / (a.length + b.length - common)
}

export function textSimilarity(a: string, b: string): number {
  return jaccard(bigramSet(normalizeForSimilarity(a)), bigramSet(normalizeForSimilarity(b)))
}

export interface SimilarityItem {
  key: string
  tokens: Uint32Array
  /** Reference items (e.g. the previous quarter) are compared with the others, never with each other. */
  reference?: boolean
}

export interface SimilarPair {
  a: string
  b: string
  similarity: number
}

/** Do two sorted token arrays share at least `need` tokens? Stops as soon as that becomes impossible. */
function overlapAtLeast(a: Uint32Array, b: Uint32Array, need: number): number {
  let i = 0
  let j = 0
  let common = 0
  const la = a.length
  const lb = b.length
  while (i < la && j < lb) {
    if (common + Math.min(la - i, lb - j) < need) return -1
    const x = a[i]!
    const y = b[j]!
    if (x === y) {
      common++
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return common >= need ? common : -1
}

/**
 * Document frequency of every token and its rank in the common order (rarest first, then by value), in an
 * open-addressing table on typed arrays: a few hundred thousand lookups per check, so `Map` costs too much.
 */
class TokenRanks {
  private readonly keys: Uint32Array
  private readonly counts: Int32Array
  private readonly ranks: Int32Array
  private readonly mask: number

  constructor(items: readonly SimilarityItem[]) {
    let total = 0
    for (const it of items) total += it.tokens.length
    let capacity = 16
    while (capacity < total * 2) capacity *= 2
    this.mask = capacity - 1
    this.keys = new Uint32Array(capacity)
    this.counts = new Int32Array(capacity) // 0 = empty slot
    this.ranks = new Int32Array(capacity)
    let distinct = 0
    for (const it of items) {
      for (const tok of it.tokens) {
        const slot = this.slot(tok)
        if (this.counts[slot] === 0) {
          this.keys[slot] = tok
          distinct++
        }
        this.counts[slot]!++
      }
    }
    const order = new Float64Array(distinct)
    let k = 0
    for (let slot = 0; slot <= this.mask; slot++) if (this.counts[slot]! > 0) order[k++] = this.counts[slot]! * 4294967296 + this.keys[slot]!
    order.sort()
    for (let i = 0; i < order.length; i++) this.ranks[this.slot(order[i]! % 4294967296)] = i
  }

  private slot(tok: number): number {
    let slot = Math.imul(tok, 0x9e3779b1) & this.mask
    while (this.counts[slot] !== 0 && this.keys[slot] !== tok) slot = (slot + 1) & this.mask
    return slot
  }

  rank(tok: number): number {
    return this.ranks[this.slot(tok)]!
  }
}

/**
 * All pairs with Jaccard ≥ threshold among `items` (pairs of two reference items excepted), exactly.
 * PPJoin: items in increasing size; each probes its prefix (|x| − ⌈t·|x|⌉ + 1 tokens) against the
 * prefixes of the items before it; a positional bound on the overlap still possible drops most
 * candidates (indexing the whole probe prefix, rather than AllPairs' shorter index prefix, lets that
 * bound see more matches and measured faster); survivors are verified by a merge that gives up early.
 * Items with no tokens are ignored. Threshold must be in (0, 1].
 */
export function similarPairs(items: readonly SimilarityItem[], threshold: number): SimilarPair[] {
  const t = Math.min(1, Math.max(threshold, 1e-6))
  const live = items.filter((it) => it.tokens.length > 0)
  const order = new TokenRanks(live)
  const bySize = [...live].sort((x, y) => x.tokens.length - y.tokens.length)
  // Postings per rank, flat [itemIndex, position, itemIndex, position, …]; reference items kept apart
  // so that a reference item never even looks at another one.
  const postings = new Map<number, number[]>()
  const refPostings = new Map<number, number[]>()
  const stamp = new Int32Array(bySize.length).fill(-1)
  const overlap = new Int32Array(bySize.length)
  const out: SimilarPair[] = []
  const ratio = t / (1 + t) // Jaccard ≥ t ⇔ overlap ≥ t/(1+t)·(|x|+|y|)
  // Lengths are rounded so that a prefix is never shorter than the bound: longer is always still exact.
  const eps = 1e-9

  for (let xi = 0; xi < bySize.length; xi++) {
    const x = bySize[xi]!
    const size = x.tokens.length
    const probeLen = Math.min(size, size - Math.ceil(t * size - eps) + 1)
    const minOther = t * size - eps
    const ranks = new Uint32Array(size)
    for (let i = 0; i < size; i++) ranks[i] = order.rank(x.tokens[i]!)
    ranks.sort()
    const candidates: number[] = []
    const tables = x.reference ? [postings] : [postings, refPostings]
    for (let p = 0; p < probeLen; p++) {
      const r = ranks[p]!
      for (const table of tables) {
        const list = table.get(r)
        if (!list) continue
        for (let e = 0; e < list.length; e += 2) {
          const yi = list[e]!
          if (stamp[yi] !== xi) {
            stamp[yi] = xi
            if (bySize[yi]!.tokens.length < minOther) {
              overlap[yi] = -1
              continue
            }
            overlap[yi] = 0
            candidates.push(yi)
          } else if (overlap[yi]! < 0) continue
          const ySize = bySize[yi]!.tokens.length
          const need = Math.ceil(ratio * (size + ySize) - eps)
          // Positional filter: matched so far, plus all that could still match from these positions on.
          if (overlap[yi]! + Math.min(size - p, ySize - list[e + 1]!) < need) overlap[yi] = -1
          else overlap[yi]!++
        }
      }
      const own = x.reference ? refPostings : postings
      const list = own.get(r)
      if (list) list.push(xi, p)
      else own.set(r, [xi, p])
    }
    for (const yi of candidates) {
      if (overlap[yi]! < 0) continue
      const y = bySize[yi]!
      const need = Math.ceil(ratio * (size + y.tokens.length) - eps)
      const common = overlapAtLeast(x.tokens, y.tokens, need)
      if (common < 0) continue
      const sim = common / (size + y.tokens.length - common)
      if (sim >= t) out.push({ a: y.key, b: x.key, similarity: sim })
    }
  }
  return out
}
