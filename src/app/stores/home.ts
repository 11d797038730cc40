// What the home screen shows: what is due this month / quarter / year, unfinished drafts and the
// latest records. Read-only; refreshed each time the home screen opens.
import { defineStore } from 'pinia'
import { readonly, ref } from 'vue'
import type { BranchRecord } from '@/domain/types'
import type { Draft, RecordListItem } from '@/local/contract'
import { dueSummary, type DueItem } from '@/domain/due'
import { KINDS } from '@/domain/kinds'
import { DEFAULT_CHECK_CONFIG } from '@/domain/check/rules'
import { todayIso } from '@/domain/dates'
import { useLocal } from '@/app/services/localStore'
import { useBranchStore } from './branch'

const RECENT_COUNT = 5

const newestFirst = (a: { updatedAt: string }, b: { updatedAt: string }) => b.updatedAt.localeCompare(a.updatedAt)

export const useHomeStore = defineStore('home', () => {
  const due = ref<DueItem[]>([])
  const drafts = ref<Draft[]>([])
  const recent = ref<RecordListItem[]>([])
  const today = ref(todayIso())
  const loaded = ref(false)

  async function refresh(): Promise<void> {
    const branchStore = useBranchStore()
    await branchStore.load()
    const local = await useLocal()
    today.value = todayIso()
    const year = Number(today.value.slice(0, 4))
    const [allDrafts, all, thisYear] = await Promise.all([
      local.listDrafts(),
      local.listRecords({}),
      local.listRecords({ year }),
    ])
    drafts.value = [...allDrafts].sort((a, b) => b.savedAt.localeCompare(a.savedAt))
    recent.value = [...all].sort(newestFirst).slice(0, RECENT_COUNT)

    const branch = branchStore.branch
    if (branch) {
      // Every period shown (month, quarter, year) lies within this year; only finished records count.
      const finished = thisYear.filter((item) => item.status === 'final')
      const records = (await Promise.all(finished.map((item) => local.getRecord(item.id)))).filter(
        (r): r is BranchRecord => r !== undefined,
      )
      // 民主生活会 and 中心组学习 are due only where the branch serves a leadership team (as in the check).
      const notTracked = branch.hasLeadershipTeam ? {} : Object.fromEntries(DEFAULT_CHECK_CONFIG.leadershipKindIds.map((k) => [k, null]))
      due.value = dueSummary(records, KINDS, { id: branch.id, partyGroups: [...branch.partyGroups] }, today.value, notTracked)
    } else {
      due.value = []
    }
    loaded.value = true
  }

  return {
    due: readonly(due),
    drafts: readonly(drafts),
    recent: readonly(recent),
    today: readonly(today),
    loaded: readonly(loaded),
    refresh,
  }
})
