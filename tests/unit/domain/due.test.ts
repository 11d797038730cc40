import { describe, expect, it } from 'vitest'
import { dueSummary } from '@/domain/due'
import { KINDS, kindById } from '@/domain/kinds'
import type { BranchRecord } from '@/domain/types'
import { branch, record } from './helpers'

let n = 0
const held = (kind: string, date: string, over: Partial<BranchRecord> = {}): BranchRecord =>
  record({ id: `r${++n}`, kind, date, status: 'final', ...over })

const b = branch({ partyGroups: [{ id: 'g1', name: '第一党小组' }, { id: 'g2', name: '第二党小组' }, { id: 'g3', name: '第三党小组' }] })
const today = '2026-05-20'

describe('dueSummary', () => {
  it('counts a monthly kind for the month and for the quarter', () => {
    const items = dueSummary([
      held('committee-meeting', '2026-04-08'),
      held('committee-meeting', '2026-05-06'),
      held('committee-meeting', '2026-03-31'), // last quarter
      held('committee-meeting', '2026-05-12', { status: 'draft' }), // not finished
      held('committee-meeting', '2026-05-13', { deleted: true }),
      held('committee-meeting', '2026-05-14', { branchId: 'other' }),
    ], KINDS, b, today).filter((i) => i.kindId === 'committee-meeting')
    expect(items).toEqual([
      { kindId: 'committee-meeting', period: 'month', start: '2026-05-01', end: '2026-05-31', required: 1, held: 1, remaining: 0, localRule: false },
      { kindId: 'committee-meeting', period: 'quarter', start: '2026-04-01', end: '2026-06-30', required: 3, held: 2, remaining: 1, localRule: false },
    ])
  })

  it('counts party-group meetings per group: one group\'s extra does not cover another', () => {
    const items = dueSummary([
      held('party-group-meeting', '2026-05-02', { partyGroupId: 'g1' }),
      held('party-group-meeting', '2026-05-09', { partyGroupId: 'g1' }),
      held('party-group-meeting', '2026-05-10', { partyGroupId: 'g3' }),
      held('party-group-meeting', '2026-04-10', { partyGroupId: 'g2' }),
    ], KINDS, b, today).filter((i) => i.kindId === 'party-group-meeting')
    const month = items.find((i) => i.period === 'month')!
    expect(month).toMatchObject({ required: 3, held: 3, remaining: 1 })
    expect(month.perGroup).toEqual([
      { groupId: 'g1', required: 1, held: 2 },
      { groupId: 'g2', required: 1, held: 0 },
      { groupId: 'g3', required: 1, held: 1 },
    ])
    const quarter = items.find((i) => i.period === 'quarter')!
    expect(quarter).toMatchObject({ required: 9, held: 4, remaining: 5 })
  })

  it('leaves out party-group meetings where the branch has no groups, and kinds held when needed', () => {
    const ids = dueSummary([], KINDS, branch(), today).map((i) => i.kindId)
    expect(ids).not.toContain('party-group-meeting')
    expect(ids).not.toContain('major-decision')
    expect(ids).toContain('general-meeting')
  })

  it('shows quarterly and yearly kinds for their period, local rules marked', () => {
    const items = dueSummary([held('party-lesson', '2026-04-15'), held('org-life-meeting', '2026-01-20')], KINDS, b, today)
    expect(items.find((i) => i.kindId === 'party-lesson')).toMatchObject({ period: 'quarter', required: 1, held: 1, remaining: 0, localRule: true })
    expect(items.find((i) => i.kindId === 'org-life-meeting')).toMatchObject({ period: 'year', start: '2026-01-01', end: '2026-12-31', held: 1, remaining: 0 })
    expect(items.filter((i) => i.kindId === 'party-lesson')).toHaveLength(1)
  })

  it('lets an organization change or drop a frequency', () => {
    const items = dueSummary([held('theory-study-group', '2026-05-03')], KINDS, b, today, {
      'theory-study-group': { per: 'month', count: 2, source: { 'zh-CN': '本单位学习计划', en: 'Our study plan' } },
      'ideology-review': null,
    })
    expect(items.find((i) => i.kindId === 'theory-study-group' && i.period === 'month')).toMatchObject({ required: 2, held: 1, remaining: 1 })
    expect(items.find((i) => i.kindId === 'theory-study-group' && i.period === 'quarter')).toMatchObject({ required: 6 })
    expect(items.some((i) => i.kindId === 'ideology-review')).toBe(false)
    expect(kindById('ideology-review')?.frequency).not.toBeNull() // the table itself is untouched
  })
})
