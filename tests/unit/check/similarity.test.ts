import { describe, expect, it } from 'vitest'
import { bigramSet, jaccard, normalizeForSimilarity, similarPairs, textSimilarity, type SimilarityItem } from '@/domain/check/similarity'
import type { BranchRecord } from '@/domain/types'
import { check, makeRecord, prng, uniqueText, withCode } from './helpers'

const NO_RULES = { rules: [] }

/** Two records whose whole text differs in exactly one character of the main speech. */
function twins(dateA: string, dateB: string): [BranchRecord, BranchRecord] {
  const a = makeRecord('committee-meeting', dateA)
  const content = a.speeches[0]!.content
  const changed = content.slice(0, 100) + (content[100] === '党' ? '国' : '党') + content.slice(101)
  const b = makeRecord('committee-meeting', dateB, {
    title: a.title, speeches: a.speeches.map((s, i) => (i === 0 ? { ...s, content: changed } : s)), summary: a.summary,
    sections: a.sections, agenda: a.agenda, decisions: a.decisions,
  })
  return [a, b]
}

describe('bigram similarity', () => {
  it('works on Chinese text without spaces and ignores punctuation and spacing', () => {
    expect(textSimilarity('支部委员会研究了发展党员工作。', '支部委员会 研究了发展党员工作')).toBe(1)
    expect(textSimilarity('支部委员会研究了发展党员工作', '党小组组织学习了党章和党规')).toBeLessThan(0.2)
    expect(normalizeForSimilarity('Ａ，b c。')).toBe('ａbc')
  })
  it('one changed character in a long text keeps the similarity high', () => {
    const t = uniqueText(200)
    const u = t.slice(0, 50) + (t[50] === '党' ? '国' : '党') + t.slice(51)
    expect(textSimilarity(t, u)).toBeGreaterThan(0.97)
    expect(textSimilarity(t, u)).toBeLessThan(1)
  })
  it('jaccard of sorted sets matches the definition', () => {
    const a = bigramSet('abcd') // ab bc cd
    const b = bigramSet('bcde') // bc cd de
    expect(jaccard(a, b)).toBeCloseTo(2 / 4)
    expect(jaccard(a, new Uint32Array(0))).toBe(0)
  })
  it('prefix-filtered candidate search finds exactly the pairs brute force finds', () => {
    const rand = prng(42)
    const base = Array.from({ length: 8 }, () => uniqueText(60 + Math.floor(rand() * 80)))
    const texts: string[] = []
    for (let i = 0; i < 120; i++) {
      let t = base[Math.floor(rand() * base.length)]!
      const edits = Math.floor(rand() * 12)
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * t.length)
        t = t.slice(0, at) + String.fromCharCode(0x4e00 + Math.floor(rand() * 500)) + t.slice(at + 1)
      }
      texts.push(t)
    }
    const items: SimilarityItem[] = texts.map((t, i) => ({ key: `k${i}`, tokens: bigramSet(normalizeForSimilarity(t)) }))
    for (const threshold of [0.6, 0.85, 0.95]) {
      const brute = new Set<string>()
      for (let i = 0; i < items.length; i++) {
        for (let j = i + 1; j < items.length; j++) {
          if (jaccard(items[i]!.tokens, items[j]!.tokens) >= threshold) brute.add([items[i]!.key, items[j]!.key].sort().join('|'))
        }
      }
      const fast = new Set(similarPairs(items, threshold).map((p) => [p.a, p.b].sort().join('|')))
      expect(fast, `threshold ${threshold}`).toEqual(brute)
      expect(brute.size).toBeGreaterThan(0)

      // Reference items (the previous quarter) are compared with the others, never with each other.
      const isRef = (key: string) => Number(key.slice(1)) % 3 === 0
      const withRefs = items.map((it) => ({ ...it, reference: isRef(it.key) }))
      const expected = new Set([...brute].filter((pair) => !pair.split('|').every(isRef)))
      expect(new Set(similarPairs(withRefs, threshold).map((p) => [p.a, p.b].sort().join('|')))).toEqual(expected)
    }
  })
})

describe('内容雷同 in the quarterly check', () => {
  it('flags two records of the quarter that are 1 character apart, on the later one', () => {
    const [a, b] = twins('2026-04-10', '2026-05-10')
    const f = withCode(check({ ...NO_RULES, records: [a, b] }).findings, 'similar-content')
    expect(f).toHaveLength(1)
    expect(f[0]!.recordId).toBe(b.id)
    expect(f[0]!.details).toMatchObject({ otherRecordId: a.id })
    expect(f[0]!.details?.similarity as number).toBeGreaterThanOrEqual(0.85)
    expect(f[0]!.severity).toBe('warning')
  })
  it('does not flag two different records', () => {
    const a = makeRecord('committee-meeting', '2026-04-10')
    const b = makeRecord('committee-meeting', '2026-05-10')
    expect(withCode(check({ ...NO_RULES, records: [a, b] }).findings, 'similar-content')).toEqual([])
  })
  it('compares with the previous quarter, but not the previous quarter with itself', () => {
    const [a, b] = twins('2026-03-10', '2026-04-10')
    const f = withCode(check({ ...NO_RULES, records: [a, b] }).findings, 'similar-content')
    expect(f.map((x) => x.recordId)).toEqual([b.id])

    const [c, d] = twins('2026-02-10', '2026-03-10')
    expect(withCode(check({ ...NO_RULES, records: [c, d] }).findings, 'similar-content')).toEqual([])
    const [e, g] = twins('2025-12-10', '2026-04-10') // two quarters back: not compared
    expect(withCode(check({ ...NO_RULES, records: [e, g] }).findings, 'similar-content')).toEqual([])
  })
  it('the threshold is data', () => {
    const [a, b] = twins('2026-04-10', '2026-05-10')
    expect(withCode(check({ ...NO_RULES, records: [a, b] }, { similarityThreshold: 1 }).findings, 'similar-content')).toEqual([])
  })
})
