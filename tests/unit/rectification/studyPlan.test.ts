import { describe, expect, it } from 'vitest'
import { PlanRevisionError, linkRecordToPlanItem, plannedVsHeld, revisePlan, unlinkRecordFromPlan } from '@/domain/plans/studyPlan'
import type { StudyPlan } from '@/domain/plans/studyPlan'
import { makeRecord } from './ledgerFixture'

const plan: StudyPlan = {
  id: 'p1',
  branchId: 'b1',
  year: 2026,
  type: 'theory-group',
  items: [
    { id: 'i1', month: 1, topic: '学习党的二十届四中全会精神', linkedRecordIds: ['r1'] },
    { id: 'i2', month: 3, topic: '学习《中国共产党纪律处分条例》', materials: '条例全文', linkedRecordIds: ['r2'] },
    { id: 'i3', month: 3, topic: '专题研讨巡察整改', linkedRecordIds: [] },
    { id: 'i4', month: 6, topic: '学习意识形态工作责任制', linkedRecordIds: ['gone'] },
  ],
  revisions: [],
}

const records = [
  makeRecord({ id: 'r1', kind: 'theory-study-group', date: '2026-01-20' }),
  makeRecord({ id: 'r2', kind: 'theory-study-group', date: '2026-04-02' }), // planned for March, held in April
  makeRecord({ id: 'r3', kind: 'theory-study-group', date: '2026-03-25' }), // held, not linked
  makeRecord({ id: 'r4', kind: 'committee-meeting', date: '2026-03-05' }), // another kind
  makeRecord({ id: 'r5', kind: 'theory-study-group', date: '2025-03-05' }), // another year
  makeRecord({ id: 'r6', kind: 'theory-study-group', date: '2026-03-06', branchId: 'b2' }), // another branch
  makeRecord({ id: 'gone', kind: 'theory-study-group', date: '2026-06-10', deleted: true }),
]

describe('plannedVsHeld', () => {
  const result = plannedVsHeld(plan, records)

  it('returns all twelve months with planned and held counts', () => {
    expect(result.months.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(result.months.map((m) => [m.planned, m.held])).toEqual([
      [1, 1], [0, 0], [2, 1], [0, 0], [0, 0], [1, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0],
    ])
    expect([result.planned, result.held]).toEqual([4, 2])
  })

  it('flags an item held outside its planned month, and does not count deleted records', () => {
    const march = result.months[2]!
    expect(march.items.map((i) => [i.item.id, i.held, i.offMonth])).toEqual([['i2', true, true], ['i3', false, false]])
    expect(result.months[0]?.items[0]?.offMonth).toBe(false)
    expect(result.months[5]?.items[0]?.records).toEqual([])
  })

  it('lists meetings of the plan\'s kind held that month but linked to no item (same branch and year only)', () => {
    expect(result.months[2]?.unplanned.map((r) => r.id)).toEqual(['r3'])
    expect(result.months[3]?.unplanned).toEqual([]) // r2 is linked
  })
})

describe('revisePlan', () => {
  it('keeps the previous items as a revision with who, when and why', () => {
    const next = revisePlan(plan, [{ id: 'i9', month: 5, topic: '新主题', linkedRecordIds: [] }], '书记调整，重新安排学习', '张三', '2026-05-01T08:00:00.000Z')
    expect(next.items.map((i) => i.id)).toEqual(['i9'])
    expect(next.revisions).toEqual([{ at: '2026-05-01T08:00:00.000Z', by: '张三', reason: '书记调整，重新安排学习', items: plan.items }])
    expect(plan.items).toHaveLength(4) // the input is untouched
    const again = revisePlan(next, plan.items, '恢复', '李四', '2026-06-01T08:00:00.000Z')
    expect(again.revisions.map((r) => r.items.map((i) => i.id))).toEqual([['i1', 'i2', 'i3', 'i4'], ['i9']])
  })

  it('requires a reason and valid items', () => {
    expect(() => revisePlan(plan, plan.items, '  ', '张三', '2026-05-01T00:00:00Z')).toThrow(PlanRevisionError)
    expect(() => revisePlan(plan, [{ id: 'x', month: 13, topic: 't', linkedRecordIds: [] }], '调整', '张三', '2026-05-01T00:00:00Z')).toThrow(/1到12/)
    expect(() => revisePlan(plan, [{ id: 'x', month: 2, topic: ' ', linkedRecordIds: [] }], '调整', '张三', '2026-05-01T00:00:00Z')).toThrow(/主题/)
  })
})

describe('linking records to plan items', () => {
  it('links idempotently and unlinks everywhere', () => {
    const linked = linkRecordToPlanItem(linkRecordToPlanItem(plan, 'i3', 'r3'), 'i3', 'r3')
    expect(linked.items.find((i) => i.id === 'i3')?.linkedRecordIds).toEqual(['r3'])
    expect(plannedVsHeld(linked, records).months[2]?.held).toBe(2)
    expect(unlinkRecordFromPlan(linked, 'r3').items.find((i) => i.id === 'i3')?.linkedRecordIds).toEqual([])
    expect(() => linkRecordToPlanItem(plan, 'nope', 'r3')).toThrow(PlanRevisionError)
  })
})
