// Annual study plans (学习计划: 中心组, 第一议题, 党课): planned sessions by month, linked to the meetings
// actually held. A plan is revised when people or priorities change; the previous items stay on record.
import type { BranchRecord, IsoTimestamp, KindId, Label } from '@/domain/types'

export type StudyPlanType = 'theory-group' | 'first-topic' | 'party-lesson'

export interface StudyPlanTypeDef {
  id: StudyPlanType
  label: Label
  /** Record kinds whose meetings carry out this plan. */
  kinds: KindId[]
}

export const STUDY_PLAN_TYPES: readonly StudyPlanTypeDef[] = [
  { id: 'theory-group', label: { 'zh-CN': '中心组理论学习计划', en: 'Theory-study group plan' }, kinds: ['theory-study-group'] },
  { id: 'first-topic', label: { 'zh-CN': '第一议题学习计划', en: 'First-agenda study plan' }, kinds: ['first-topic-study'] },
  { id: 'party-lesson', label: { 'zh-CN': '党课计划', en: 'Party lesson plan' }, kinds: ['party-lesson'] },
]

export interface StudyPlanItem {
  id: string
  /** 1–12 */
  month: number
  topic: string
  materials?: string
  linkedRecordIds: string[]
}

export interface StudyPlanRevision {
  at: IsoTimestamp
  by: string
  reason: string
  /** The items as they were before this revision. */
  items: StudyPlanItem[]
}

export interface StudyPlan {
  id: string
  branchId: string
  year: number
  type: StudyPlanType
  items: StudyPlanItem[]
  revisions: StudyPlanRevision[]
  updatedAt?: IsoTimestamp
  deleted?: boolean
}

export interface PlanItemStatus {
  item: StudyPlanItem
  /** Linked records that exist (deleted ones no longer prove anything). */
  records: BranchRecord[]
  held: boolean
  /** Held, but none of the linked meetings fell in the planned month (early or late). */
  offMonth: boolean
}

export interface MonthPlanStatus {
  month: number
  planned: number
  held: number
  items: PlanItemStatus[]
  /** Meetings of the plan's kinds held this month that are not linked to any plan item. */
  unplanned: BranchRecord[]
}

export interface PlannedVsHeld {
  months: MonthPlanStatus[]
  planned: number
  held: number
}

function monthOf(record: BranchRecord): { year: number; month: number } {
  return { year: Number(record.date.slice(0, 4)), month: Number(record.date.slice(5, 7)) }
}

/** Per month of the plan's year: sessions planned, those held (a linked, existing record), and meetings held outside the plan. */
export function plannedVsHeld(plan: StudyPlan, records: readonly BranchRecord[]): PlannedVsHeld {
  const byId = new Map(records.filter((r) => !r.deleted).map((r) => [r.id, r]))
  const linked = new Set(plan.items.flatMap((i) => i.linkedRecordIds))
  const kinds = new Set(STUDY_PLAN_TYPES.find((t) => t.id === plan.type)?.kinds ?? [])

  const months: MonthPlanStatus[] = []
  for (let month = 1; month <= 12; month++) {
    const items = plan.items
      .filter((i) => i.month === month)
      .map((item): PlanItemStatus => {
        const found = item.linkedRecordIds.map((id) => byId.get(id)).filter((r): r is BranchRecord => r !== undefined)
        const held = found.length > 0
        const inMonth = found.some((r) => {
          const at = monthOf(r)
          return at.year === plan.year && at.month === month
        })
        return { item, records: found, held, offMonth: held && !inMonth }
      })
    const unplanned = records.filter((r) => {
      if (r.deleted || r.branchId !== plan.branchId || !kinds.has(r.kind) || linked.has(r.id)) return false
      const at = monthOf(r)
      return at.year === plan.year && at.month === month
    })
    months.push({ month, planned: items.length, held: items.filter((i) => i.held).length, items, unplanned })
  }
  return {
    months,
    planned: months.reduce((n, m) => n + m.planned, 0),
    held: months.reduce((n, m) => n + m.held, 0),
  }
}

export class PlanRevisionError extends Error {}

function checkItems(items: readonly StudyPlanItem[]): void {
  const ids = new Set<string>()
  for (const item of items) {
    if (!Number.isInteger(item.month) || item.month < 1 || item.month > 12) throw new PlanRevisionError(`计划月份必须是1到12：${item.month}`)
    if (!item.topic.trim()) throw new PlanRevisionError('每一项计划都要写明学习主题')
    if (ids.has(item.id)) throw new PlanRevisionError(`计划项重复：${item.id}`)
    ids.add(item.id)
  }
}

/** Replaces the items, keeping the previous ones as a revision with who, when and why. */
export function revisePlan(plan: StudyPlan, newItems: readonly StudyPlanItem[], reason: string, by: string, at: IsoTimestamp): StudyPlan {
  if (!reason.trim()) throw new PlanRevisionError('调整学习计划需要写明原因')
  checkItems(newItems)
  return {
    ...plan,
    items: newItems.map((i) => ({ ...i, linkedRecordIds: [...i.linkedRecordIds] })),
    revisions: [...plan.revisions, { at, by, reason: reason.trim(), items: plan.items }],
    updatedAt: at,
  }
}

/** Links a held meeting to a plan item (idempotent; one meeting may cover several planned topics). */
export function linkRecordToPlanItem(plan: StudyPlan, itemId: string, recordId: string): StudyPlan {
  if (!plan.items.some((i) => i.id === itemId)) throw new PlanRevisionError(`没有这项计划：${itemId}`)
  return {
    ...plan,
    items: plan.items.map((i) =>
      i.id === itemId && !i.linkedRecordIds.includes(recordId) ? { ...i, linkedRecordIds: [...i.linkedRecordIds, recordId] } : i,
    ),
  }
}

export function unlinkRecordFromPlan(plan: StudyPlan, recordId: string): StudyPlan {
  return { ...plan, items: plan.items.map((i) => ({ ...i, linkedRecordIds: i.linkedRecordIds.filter((id) => id !== recordId) })) }
}
