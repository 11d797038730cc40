// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BranchRecord, Member } from '@/domain/types'
import type { LocalStore } from '@/local/contract'
import { newRecord } from '@/domain/recordFactory'
import { todayIso } from '@/domain/dates'
import { KINDS } from '@/domain/kinds'
import HomePage from '@/app/pages/HomePage.vue'
import { cleanUp, freshLocalStore, makeBranch, makeMember, mountAt, resetLocale, until, type Mounted } from './appTestSupport'

const groups = [
  { id: 'g1', name: '第一党小组' },
  { id: 'g2', name: '第二党小组' },
]

function finished(kind: string, members: Member[], overrides: Partial<BranchRecord> = {}): BranchRecord {
  const record = newRecord(kind, { branch: { id: 'branch-1' }, members })
  return { ...record, status: 'final', title: overrides.title ?? record.title, finishedAt: new Date().toISOString(), ...overrides }
}

describe('HomePage', () => {
  let store: LocalStore
  let mounted: Mounted | undefined

  beforeEach(async () => {
    await resetLocale()
    store = await freshLocalStore()
  })
  afterEach(() => {
    cleanUp(mounted)
    mounted = undefined
  })

  it('invites setting up the branch on first run, without forcing it', async () => {
    mounted = await mountAt('/', { home: HomePage })
    const { wrapper } = mounted
    await until(() => wrapper.find('[data-test="first-run-branch"]').exists())
    expect(wrapper.find('[data-test="home-branch"]').text()).toBe('尚未设置支部')
    expect(wrapper.find('[data-test="due-overview"]').exists()).toBe(false)
    // "记一笔" stays available.
    expect(wrapper.find('[data-test="quick-record"]').exists()).toBe(true)
  })

  it('shows what is due this month and quarter per kind and per party group, from the stored records', async () => {
    const today = todayIso()
    const lastYear = `${Number(today.slice(0, 4)) - 1}-06-01`
    await store.saveBranch(makeBranch({ name: '区发改局机关第一党支部', partyGroups: groups }))
    const members = [makeMember({ name: '周建华', partyGroupId: 'g1', committeeRole: 'secretary' }), makeMember({ name: '郑国强', partyGroupId: 'g2' })]
    await store.saveMembers(members)
    await store.saveRecord(finished('committee-meeting', members, { title: '本月支委会' }))
    await store.saveRecord(finished('party-group-meeting', members, { title: '第一党小组学习', partyGroupId: 'g1' }))
    // Not counted: last year's meeting, and a record never finished.
    await store.saveRecord(finished('general-meeting', members, { title: '去年的党员大会', date: lastYear }))
    const draft = newRecord('general-meeting', { branch: { id: 'branch-1' }, members })
    await store.saveDraft({ ...draft, title: '还没写完的党员大会' })

    mounted = await mountAt('/', { home: HomePage })
    const { wrapper, router } = mounted
    await until(() => wrapper.find('[data-test="due-overview"]').exists())
    expect(wrapper.find('[data-test="home-branch"]').text()).toBe('区发改局机关第一党支部')
    expect(wrapper.find('[data-test="first-run-branch"]').exists()).toBe(false)

    const month = wrapper.find('[data-test="due-month"]')
    expect(month.text()).toContain(`本月（${Number(today.slice(5, 7))}月）应开展`)
    const monthRows = month.findAll('[data-test="due-item"]')
    const committee = monthRows.find((r) => r.text().includes('支部委员会会议'))!
    expect(committee.find('[data-test="due-count"]').text()).toBe('已开展 1 / 应开展 1')
    expect(committee.classes()).toContain('done')
    const groupMeeting = monthRows.find((r) => r.text().includes('党小组会'))!
    expect(groupMeeting.find('[data-test="due-count"]').text()).toBe('已开展 1 / 应开展 2')
    expect(groupMeeting.find('[data-test="due-groups"]').text()).toContain('第一党小组 1/1')
    expect(groupMeeting.find('[data-test="due-groups"]').text()).toContain('第二党小组 0/1')
    expect(groupMeeting.classes()).not.toContain('done')

    const quarter = wrapper.find('[data-test="due-quarter"]')
    const general = quarter.findAll('[data-test="due-item"]').find((r) => r.text().includes('支部党员大会'))!
    expect(general.find('[data-test="due-count"]').text()).toBe('已开展 0 / 应开展 1')
    expect(general.classes()).not.toContain('done')
    expect(quarter.text()).toMatch(/还剩 \d+ 天|今天是最后一天/)

    // Drafts link to the editor; recent records to the record.
    const drafts = wrapper.find('[data-test="home-drafts"]')
    expect(drafts.text()).toContain('还没写完的党员大会')
    const recent = wrapper.find('[data-test="home-recent"]').findAll('[data-test="short-list-row"]')
    expect(recent.map((r) => r.text()).join()).toContain('本月支委会')
    expect(recent).toHaveLength(3)

    await drafts.find('[data-test="short-list-row"]').trigger('click')
    await until(() => router.currentRoute.value.path === `/records/${draft.id}/edit`)
    await router.push('/')
    await until(() => wrapper.find('[data-test="quick-record"]').exists())

    // 记一笔 → choose a kind → the editor for that kind.
    await wrapper.find('[data-test="quick-record"]').trigger('click')
    await until(() => document.querySelectorAll('.van-action-sheet__item').length === KINDS.length)
    const lesson = [...document.querySelectorAll<HTMLElement>('.van-action-sheet__item')].find((el) => el.textContent?.includes('党课'))!
    lesson.click()
    await until(() => router.currentRoute.value.path === '/records/new/party-lesson')
  })

  it('speaks English when the locale is English', async () => {
    await store.saveBranch(makeBranch({ partyGroups: groups }))
    await store.saveMembers([makeMember()])
    const { setLocale } = await import('@/app/i18n')
    await setLocale('en')
    mounted = await mountAt('/', { home: HomePage })
    const { wrapper } = mounted
    await until(() => wrapper.find('[data-test="due-month"]').exists())
    const monthName = new Intl.DateTimeFormat('en', { month: 'long' }).format(new Date())
    expect(wrapper.find('[data-test="due-month"]').text()).toContain(`Due in ${monthName}`)
    expect(wrapper.find('[data-test="due-month"]').text()).toContain('Branch committee meeting')
    expect(wrapper.text()).not.toMatch(/应开展|本月/)
  })
})
