// @vitest-environment happy-dom
// What the quarterly check needs from people, entered where they already work: the period a record is for
// (suggested from its title), the branch's leadership-team flag, and the roster's dates of transfer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LocalStore } from '@/local/contract'
import RecordEditorPage from '@/app/pages/RecordEditorPage.vue'
import BranchSetupPage from '@/app/pages/BranchSetupPage.vue'
import { validateMemberForm, emptyMemberForm } from '@/app/components/roster/memberForm'
import { createPinia, setActivePinia } from 'pinia'
import { useHomeStore } from '@/app/stores/home'
import { cleanUp, freshLocalStore, makeBranch, makeMember, mountAt, resetLocale, toastText, until, type Mounted } from './appTestSupport'

let store: LocalStore
let mounted: Mounted | undefined

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-07-08T02:00:00.000Z'))
  await resetLocale()
  store = await freshLocalStore()
  await store.saveBranch(makeBranch())
  await store.saveMembers([makeMember({ name: '周建华', committeeRole: 'secretary' }), makeMember({ name: '林晓梅', committeeRole: 'organization' })])
})
afterEach(() => {
  cleanUp(mounted)
  mounted = undefined
  vi.useRealTimers()
})

describe('所属期间 in the record editor', () => {
  it('suggests the second quarter for a 第二季度研判 held on 8 July, and saves it on the draft', async () => {
    mounted = await mountAt('/records/new/ideology-review', { 'record-new': RecordEditorPage, 'record-edit': RecordEditorPage })
    const { wrapper } = mounted
    await until(() => wrapper.find('[data-testid="field-period"]').exists())
    expect((wrapper.find('[data-testid="field-period"] input').element as HTMLInputElement).value).toBe('按会议日期（2026年第三季度）')
    expect(wrapper.find('[data-testid="period-suggestion"]').exists()).toBe(false)

    await wrapper.find('[data-testid="field-title"] input, [data-testid="field-title"] textarea').setValue('第二季度意识形态工作研判')
    await until(() => wrapper.find('[data-testid="period-suggestion"]').exists())
    expect(wrapper.find('[data-testid="period-suggestion"]').text()).toContain('标题写的是2026年第二季度，是否计入2026年第二季度？')
    await wrapper.find('[data-testid="period-apply"]').trigger('click')
    await until(() => (wrapper.find('[data-testid="field-period"] input').element as HTMLInputElement).value === '2026年第二季度')
    expect(wrapper.find('[data-testid="period-note"]').text()).toContain('逾期召开')
    await vi.waitFor(async () => expect((await store.listDrafts())[0]?.doc.period).toBe('2026-Q2'), { timeout: 3000, interval: 20 })
  })

  it('has no period field for kinds without a frequency', async () => {
    mounted = await mountAt('/records/new/major-decision', { 'record-new': RecordEditorPage, 'record-edit': RecordEditorPage })
    await until(() => mounted!.wrapper.find('[data-testid="field-date"]').exists())
    expect(mounted.wrapper.find('[data-testid="field-period"]').exists()).toBe(false)
  })
})

describe('the branch says whether it serves a leadership team', () => {
  it('is off for a new ordinary branch and saved when switched on', async () => {
    mounted = await mountAt('/branch', { branch: BranchSetupPage })
    const { wrapper } = mounted
    await until(() => wrapper.find('[data-test="branch-leadership"]').exists())
    expect(wrapper.find('[data-test="branch-leadership"]').classes()).not.toContain('van-switch--on')
    await wrapper.find('[data-test="branch-leadership"]').trigger('click')
    await wrapper.find('[data-test="branch-form"]').trigger('submit')
    await until(() => toastText().includes('已保存'))
    expect((await store.getBranch())?.hasLeadershipTeam).toBe(true)
  })
})

describe('the home screen does not tell an ordinary branch it owes 民主生活会 or 中心组学习', () => {
  it('lists them as due only once the branch serves a leadership team', async () => {
    setActivePinia(createPinia())
    await useHomeStore().refresh()
    const kinds = () => useHomeStore().due.map((d) => d.kindId)
    expect(kinds()).not.toContain('democratic-life-meeting')
    expect(kinds()).not.toContain('theory-study-group')
    expect(kinds()).toContain('general-meeting')
    await store.saveBranch(makeBranch({ hasLeadershipTeam: true }))
    setActivePinia(createPinia())
    await useHomeStore().refresh()
    expect(kinds()).toEqual(expect.arrayContaining(['democratic-life-meeting', 'theory-study-group']))
  })
})

describe('the member form checks the dates of transfer', () => {
  it('refuses a date of leaving before the date of transferring in, with a plain message key', () => {
    const form = { ...emptyMemberForm(), name: '罗文斌', transferredInOn: '2026-08-10', leftOn: '2026-08-01' }
    expect(validateMemberForm(form, '2026-12-01')).toEqual([{ field: 'leftOn', key: 'branch.member.validation.leftBeforeIn' }])
    expect(validateMemberForm({ ...form, leftOn: '2026-08-10' }, '2026-12-01')).toEqual([])
  })
})
