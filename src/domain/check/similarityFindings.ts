// 内容雷同: records of the quarter that read almost the same as another of the quarter or of the quarter
// before. The finding sits on the later record, the one that looks copied.
import { kindById } from '../kinds'
import type { BranchRecord } from '../types'
import type { CheckContext } from './checkContext'
import { L, recordFinding } from './checkHelpers'
import type { Finding } from './findings'
import type { SimilarityItem } from './similarity'
import { dayLabel } from './wording'

export function similarityFindings(ctx: CheckContext): Finding[] {
  const { config } = ctx.input
  const { inQuarter, inPrevQuarter } = ctx.buckets
  const { textOf, textFacts } = ctx
  const findings: Finding[] = []
  const items: SimilarityItem[] = []
  const recordById = new Map<string, BranchRecord>()
  const inQuarterIds = new Set<string>()
  for (const [list, current] of [[inQuarter, true], [inPrevQuarter, false]] as const) {
    for (const r of list) {
      const kind = kindById(r.kind)
      if (!kind) continue
      const facts = textFacts(textOf(r, kind))
      if (facts.normalizedLength < config.similarityMinChars) continue
      items.push(current ? { key: r.id, tokens: facts.tokens } : { key: r.id, tokens: facts.tokens, reference: true })
      recordById.set(r.id, r)
      if (current) inQuarterIds.add(r.id)
    }
  }
  for (const pair of ctx.similarPairs(items, config.similarityThreshold)) {
    const a = recordById.get(pair.a)!
    const b = recordById.get(pair.b)!
    // The finding sits on the later record of the quarter: that is the one that looks copied.
    const later = !inQuarterIds.has(a.id) ? b : !inQuarterIds.has(b.id) ? a : a.date > b.date || (a.date === b.date && a.id > b.id) ? a : b
    const other = later === a ? b : a
    const percent = Math.round(pair.similarity * 100)
    const [lo, hi] = a.id < b.id ? [a.id, b.id] : [b.id, a.id]
    const otherKind = kindById(other.kind)?.label ?? L(other.title, other.title)
    const otherDay = dayLabel(other.date, Number(later.date.slice(0, 4)))
    findings.push({
      ...recordFinding(later, 'similar-content', 'warning',
        L(`与${otherDay['zh-CN']}${otherKind['zh-CN']}记录内容雷同`, `Reads almost the same as the ${otherKind.en.toLowerCase()} minutes of ${otherDay.en}`),
        undefined, { otherRecordId: other.id, otherTitle: other.title, otherDate: other.date, similarity: Math.round(pair.similarity * 1000) / 1000, percent }),
      id: `similar-content:${lo}:${hi}`,
    })
  }
  return findings
}
