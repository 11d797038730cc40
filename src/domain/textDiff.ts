// A text diff for the conflict screen: which parts of two versions of one field are the same and which
// are only in one of them. Chinese has no spaces between words, so the unit is the character (a code
// point, so that a rare character outside the BMP is never split); very long texts fall back to lines so
// that the work stays bounded. A plain longest-common-subsequence table is enough at these sizes.

export type DiffOp = 'same' | 'removed' | 'added'

/** A run of text: in both versions, only in the first (`removed`), or only in the second (`added`). */
export interface DiffPart {
  op: DiffOp
  text: string
}

/** Cells of the LCS table above which characters are compared line by line instead. */
export const MAX_DIFF_CELLS = 4_000_000

function lcsDiff(a: readonly string[], b: readonly string[]): DiffPart[] {
  const n = a.length
  const m = b.length
  // table[i][j] = length of the LCS of a[i..] and b[j..], one flat row-major array.
  const width = m + 1
  const table = new Uint32Array((n + 1) * width)
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] =
        a[i] === b[j] ? (table[(i + 1) * width + j + 1] as number) + 1 : Math.max(table[(i + 1) * width + j] as number, table[i * width + j + 1] as number)
    }
  }
  const parts: DiffPart[] = []
  const push = (op: DiffOp, text: string): void => {
    const last = parts[parts.length - 1]
    if (last && last.op === op) last.text += text
    else parts.push({ op, text })
  }
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push('same', a[i] as string)
      i++
      j++
    } else if ((table[(i + 1) * width + j] as number) >= (table[i * width + j + 1] as number)) {
      push('removed', a[i++] as string)
    } else {
      push('added', b[j++] as string)
    }
  }
  while (i < n) push('removed', a[i++] as string)
  while (j < m) push('added', b[j++] as string)
  return parts
}

/** Lines with their line breaks kept, so that joining the parts gives the texts back exactly. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

/**
 * The diff of `before` and `after`: the `same` and `removed` parts joined give `before`, the `same`
 * and `added` parts give `after`. Adjacent parts never share an op; empty texts give no parts. A
 * single shared character between two changes (a "了" or a "，" matched by chance) is shown as changed.
 */
export function diffText(before: string, after: string): DiffPart[] {
  return dissolveShortSame(rawDiff(before, after), 2)
}

function rawDiff(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ op: 'same', text: before }] : []
  let a = Array.from(before)
  let b = Array.from(after)
  // The common head and tail cost nothing to find and usually are most of the text.
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++
  let middle: DiffPart[]
  if ((a.length - head - tail + 1) * (b.length - head - tail + 1) <= MAX_DIFF_CELLS) {
    middle = lcsDiff(a.slice(head, a.length - tail), b.slice(head, b.length - tail))
  } else {
    // Line by line: the shared head and tail end on line boundaries so that whole lines are compared.
    a = lines(before)
    b = lines(after)
    head = 0
    while (head < a.length && head < b.length && a[head] === b[head]) head++
    tail = 0
    while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++
    const midA = a.slice(head, a.length - tail)
    const midB = b.slice(head, b.length - tail)
    middle =
      (midA.length + 1) * (midB.length + 1) <= MAX_DIFF_CELLS
        ? lcsDiff(midA, midB)
        : [
            { op: 'removed', text: midA.join('') },
            { op: 'added', text: midB.join('') },
          ]
  }
  return joinParts([{ op: 'same', text: a.slice(0, head).join('') }, ...middle, { op: 'same', text: a.slice(a.length - tail).join('') }])
}

/** Drops empty parts and joins neighbours of one op. */
function joinParts(input: readonly DiffPart[]): DiffPart[] {
  const parts: DiffPart[] = []
  for (const part of input) {
    if (!part.text) continue
    const last = parts[parts.length - 1]
    if (last && last.op === part.op) last.text += part.text
    else parts.push({ ...part })
  }
  return parts
}

/**
 * Folds a `same` run that sits between two changes into the change (as removed and added text both)
 * when it is shorter than `minLength` characters or no longer than the changes on either side of it
 * and within one line (a shared "补充：" between two different sentences is noise), and orders each change as removed
 * text, then added text.
 */
function dissolveShortSame(parts: readonly DiffPart[], minLength: number): DiffPart[] {
  const len = (text: string): number => Array.from(text).length
  /** The longer side of the change starting at `from` (0 when none does). */
  const changeAt = (from: number): number => {
    let removed = 0
    let added = 0
    for (let k = from; k < parts.length && (parts[k] as DiffPart).op !== 'same'; k++) {
      const p = parts[k] as DiffPart
      if (p.op === 'removed') removed += len(p.text)
      else added += len(p.text)
    }
    return Math.max(removed, added)
  }
  const out: DiffPart[] = []
  let removed = ''
  let added = ''
  const flush = (): void => {
    out.push({ op: 'removed', text: removed }, { op: 'added', text: added })
    removed = ''
    added = ''
  }
  parts.forEach((p, i) => {
    if (p.op === 'removed') removed += p.text
    else if (p.op === 'added') added += p.text
    else {
      const next = changeAt(i + 1)
      const before = Math.max(len(removed), len(added))
      const size = len(p.text)
      if (before > 0 && next > 0 && (size < minLength || (size <= before && size <= next && !p.text.includes('\n')))) {
        removed += p.text
        added += p.text
      } else {
        flush()
        out.push(p)
      }
    }
  })
  flush()
  return joinParts(out)
}

/** Share of `before` and `after` (by characters) that the two have in common, 0–1. */
export function sameShare(parts: readonly DiffPart[]): number {
  let same = 0
  let total = 0
  for (const p of parts) {
    const len = Array.from(p.text).length
    total += p.op === 'same' ? 2 * len : len
    if (p.op === 'same') same += 2 * len
  }
  return total === 0 ? 1 : same / total
}

/**
 * A starting point for "edit a combined text": nothing of either version left out. Where the two
 * versions share most of their text (both added to the same minutes), the shared text appears once
 * and each changed passage appears in both forms, the first version's first; otherwise the first
 * version, a blank line, then the second.
 */
export function combineTexts(first: string, second: string): string {
  if (first === second || !second) return first
  if (!first) return second
  if (sameShare(rawDiff(first, second)) < 0.5) return `${first}\n\n${second}`
  // Sentence by sentence: a changed sentence appears in both forms, each complete, on lines of their own.
  const a = sentences(first)
  const b = sentences(second)
  if ((a.length + 1) * (b.length + 1) > MAX_DIFF_CELLS) return `${first}\n\n${second}`
  const out: string[] = []
  const parts = lcsDiff(a, b)
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as DiffPart
    const next = parts[i + 1]
    if (p.op === 'removed' && next?.op === 'added') {
      out.push(p.text.endsWith('\n') ? p.text : `${p.text}\n`, next.text)
      i++
    } else {
      out.push(p.text)
    }
  }
  return out.join('')
}

/** Sentences with their end marks (and line breaks) kept: joined, they give the text back. */
function sentences(text: string): string[] {
  return text.match(/[^。！？；!?;\n]*(?:[。！？；!?;]+\n?|\n)|[^。！？；!?;\n]+$/g) ?? []
}
