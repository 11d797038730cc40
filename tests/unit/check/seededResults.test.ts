// The quarterly check is tuned for speed (bucketing, caches, similarity prefilters). This pins that none of
// that changes an answer: on a seeded 2,000-record branch, over quarters that exercise every path (a past
// quarter, the quarter in progress, a fourth quarter with the yearly rules, a first quarter whose previous
// quarter is last year, members lapsed for months or since the records begin), the whole result must equal
// the one recorded from the check before it was optimized (__snapshots__/quarterlyCheckSeeded.txt).
import { describe, expect, it } from 'vitest'
import { quarterlyCheck } from '@/domain/check/quarterlyCheck'
import { defaultRules, resolveConfig } from '@/domain/check/rules'
import type { Quarter } from '@/domain/dates'
import type { BranchRecord } from '@/domain/types'
import { generateBranch } from '../../bench/quarterlyCheck.bench'

/** The benchmark's branch, with the awkward cases real data has and the generator does not. */
function seededBranch() {
  const { branch, members, records } = generateBranch(2_000, 7)
  const absentFrom = new Map([['m7', '2025-11-01'], ['m8', '2026-02-15'], ['m9', '0000-00-00']])
  const edited: BranchRecord[] = records.map((r, i) => {
    let out: BranchRecord = {
      ...r,
      attendance: r.attendance.map((a) => {
        const since = absentFrom.get(a.memberId)
        return since !== undefined && r.date >= since ? { ...a, status: 'absent' as const, reason: undefined } : a
      }),
    }
    if (i % 97 === 5) out = { ...out, deleted: true }
    if (i % 89 === 3) out = { ...out, date: out.date.replace(/-0?/g, '/') } // not an ISO date: ignored
    if (i % 83 === 1) out = { ...out, branchId: 'another-branch' }
    return out
  })
  // Joined recently: months before joining are not gaps.
  const roster = members.map((m) => (m.id === 'm9' ? { ...m, joinedOn: '2026-01-20' } : m))
  return { branch, members: roster, records: edited }
}

const CASES: { year: number; quarter: Quarter; today: string; similarityThreshold?: number }[] = [
  { year: 2026, quarter: 2, today: '2026-07-15' },
  { year: 2026, quarter: 3, today: '2026-08-20' },
  { year: 2025, quarter: 4, today: '2026-01-10' },
  { year: 2026, quarter: 1, today: '2026-04-02', similarityThreshold: 0.45 },
  { year: 2019, quarter: 3, today: '2019-09-30' },
]

describe('quarterly check on a seeded 2,000-record branch', () => {
  it('gives exactly the results recorded before the check was optimized', async () => {
    const { branch, members, records } = seededBranch()
    const results = CASES.map(({ similarityThreshold, ...period }) => {
      const config = resolveConfig(similarityThreshold === undefined ? undefined : { config: { similarityThreshold } })
      return quarterlyCheck({ records, members, branch, rules: defaultRules(), config, ...period })
    })
    // Every kind of finding the data can produce is present, so the comparison below covers them.
    const codes = new Set(results.flatMap((r) => r.findings.map((f) => f.code)))
    for (const code of ['missing-meeting', 'meeting-due', 'late-entry', 'similar-content', 'no-org-life', 'talk-coverage', 'draft-unfinished'] as const) {
      expect(codes, code).toContain(code)
    }
    // One line per finding, so that a difference shows as the lines of the findings that changed.
    const text = results
      .map(({ findings, ...rest }) => [JSON.stringify(rest), ...findings.map((f) => JSON.stringify(f))].join('\n'))
      .join('\n\n')
    await expect(text + '\n').toMatchFileSnapshot('./__snapshots__/quarterlyCheckSeeded.txt')
  })
})
