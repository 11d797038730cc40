// Annual study plans (中心组, 第一议题, 党课): planned sessions by month, the meetings held for them, and
// revisions with their reasons. Pages read the state and change it only through these actions.
import { defineStore } from 'pinia'
import { readonly, ref, watch } from 'vue'
import { uuidv7 } from 'uuidv7'
import {
  STUDY_PLAN_TYPES,
  linkRecordToPlanItem,
  plannedVsHeld,
  revisePlan,
  unlinkRecordFromPlan,
  type PlannedVsHeld,
  type StudyPlan,
  type StudyPlanItem,
  type StudyPlanType,
} from '@/domain/plans/studyPlan'
import type { BranchRecord } from '@/domain/types'
import { useLocal } from '@/app/services/localStore'
import { useBranchStore } from './branch'
import { useSyncStore } from './sync'

const ENTITY = 'study-plan'

/** What the plan editor edits for one item (a new item has no id yet). */
export interface PlanItemInput {
  id?: string
  month: number
  topic: string
  materials?: string
}

const nowIso = (): string => new Date().toISOString()

function toItems(inputs: readonly PlanItemInput[], previous: readonly StudyPlanItem[]): StudyPlanItem[] {
  return inputs.map((input) => {
    const before = input.id ? previous.find((i) => i.id === input.id) : undefined
    const materials = input.materials?.trim()
    return {
      id: input.id ?? uuidv7(),
      month: input.month,
      topic: input.topic.trim(),
      ...(materials ? { materials } : {}),
      // Editing an item keeps the meetings already linked to it.
      linkedRecordIds: [...(before?.linkedRecordIds ?? [])],
    }
  })
}

const byMonth = (a: StudyPlanItem, b: StudyPlanItem) => a.month - b.month

export const usePlansStore = defineStore('plans', () => {
  const plans = ref<StudyPlan[]>([])
  /** Finished records of the plan kinds, by year (for planned vs held). */
  const recordsByYear = ref<Record<number, BranchRecord[]>>({})
  const loaded = ref(false)
  let loading: Promise<void> | undefined

  async function reload(): Promise<void> {
    const branchStore = useBranchStore()
    await branchStore.load()
    const branch = branchStore.branch
    const local = await useLocal()
    plans.value = branch ? await local.listEntities<StudyPlan>(ENTITY, { branchId: branch.id }) : []
    loaded.value = true
  }

  function load(force = false): Promise<void> {
    if (force || !loading) {
      loading = reload().catch((error: unknown) => {
        loading = undefined
        throw error
      })
    }
    return loading
  }

  // A sync that brought changes from other devices: read the plans (and the year's meetings) again.
  watch(
    () => useSyncStore().dataVersion,
    () => {
      if (!loaded.value) return
      const years = Object.keys(recordsByYear.value).map(Number)
      Promise.all([load(true), ...years.map(loadYearRecords)]).catch((error: unknown) => console.error(error))
    },
  )

  function planFor(year: number, type: StudyPlanType): StudyPlan | undefined {
    return plans.value.find((p) => p.year === year && p.type === type)
  }

  /** Finished meetings of every plan kind held in `year`. */
  async function loadYearRecords(year: number): Promise<void> {
    const local = await useLocal()
    const kinds = new Set(STUDY_PLAN_TYPES.flatMap((t) => t.kinds))
    const items = (await local.listRecords({ year })).filter((i) => i.status === 'final' && kinds.has(i.kind))
    const found = await Promise.all(items.map((i) => local.getRecord(i.id)))
    recordsByYear.value = { ...recordsByYear.value, [year]: found.filter((r): r is BranchRecord => r !== undefined) }
  }

  function progressOf(plan: StudyPlan): PlannedVsHeld {
    return plannedVsHeld(plan, recordsByYear.value[plan.year] ?? [])
  }

  function recordById(year: number, id: string): BranchRecord | undefined {
    return recordsByYear.value[year]?.find((r) => r.id === id)
  }

  async function put(plan: StudyPlan): Promise<StudyPlan> {
    await (await useLocal()).putEntity(ENTITY, plan)
    plans.value = [...plans.value.filter((p) => p.id !== plan.id), plan]
    return plan
  }

  async function createPlan(year: number, type: StudyPlanType): Promise<StudyPlan> {
    const existing = planFor(year, type)
    if (existing) return existing
    const branch = useBranchStore().branch
    if (!branch) throw new Error('No branch yet: set up the branch first.')
    return put({ id: uuidv7(), branchId: branch.id, year, type, items: [], revisions: [], updatedAt: nowIso() })
  }

  /**
   * Saves the items. A plan drawn up for the first time needs no reason; once it had items, every
   * change is a revision: the previous items are kept with who changed them, when and why.
   */
  async function saveItems(planId: string, inputs: readonly PlanItemInput[], revision?: { reason: string; by: string }): Promise<StudyPlan> {
    const plan = plans.value.find((p) => p.id === planId)
    if (!plan) throw new Error(`Unknown plan ${planId}`)
    const items = toItems(inputs, plan.items).sort(byMonth)
    if (plan.items.length === 0 && plan.revisions.length === 0) {
      return put({ ...plan, items, updatedAt: nowIso() })
    }
    return put(revisePlan(plan, items, revision?.reason ?? '', revision?.by ?? '', nowIso()))
  }

  async function linkRecord(planId: string, itemId: string, recordId: string): Promise<StudyPlan> {
    const plan = plans.value.find((p) => p.id === planId)
    if (!plan) throw new Error(`Unknown plan ${planId}`)
    return put({ ...linkRecordToPlanItem(plan, itemId, recordId), updatedAt: nowIso() })
  }

  async function unlinkRecord(planId: string, recordId: string): Promise<StudyPlan> {
    const plan = plans.value.find((p) => p.id === planId)
    if (!plan) throw new Error(`Unknown plan ${planId}`)
    return put({ ...unlinkRecordFromPlan(plan, recordId), updatedAt: nowIso() })
  }

  return {
    plans: readonly(plans),
    loaded: readonly(loaded),
    load,
    planFor,
    loadYearRecords,
    progressOf,
    recordById,
    createPlan,
    saveItems,
    linkRecord,
    unlinkRecord,
  }
})
