// @vitest-environment happy-dom
// The rules page: each requirement with its default and source; a change needs its basis, is kept as
// its own rule-override (never overwriting an earlier one), shows in the change log, and the check
// counts with it. And the bound volume's print view: book by book, every finished record of the quarter.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { Member } from '@/domain/types'
import type { RuleOverrideDoc } from '@/domain/check/checkEntities'
import CheckRulesPage from '@/app/pages/CheckRulesPage.vue'
import CheckPage from '@/app/pages/CheckPage.vue'
import QuarterVolumePage from '@/app/pages/QuarterVolumePage.vue'
import { bodyText, cleanUp, makeBranch, makeMember, resetLocale, until, type Mounted } from './appTestSupport'
import { completeRecord, mountCheck, openCheckWorld, type CheckWorld } from './checkTestSupport'

async function setTextarea(testid: string, text: string): Promise<void> {
  const area = document.querySelector(`[data-testid="${testid}"] textarea`) as HTMLTextAreaElement
  area.value = text
  area.dispatchEvent(new Event('input'))
  await flushPromises()
}
const click = async (selector: string) => {
  ;(document.querySelector(selector) as HTMLElement).click()
  await flushPromises()
}

describe('check rules and the bound volume', () => {
  let world: CheckWorld
  let mounted: Mounted | undefined
  let members: Member[]

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-07-10T02:00:00.000Z'))
    await resetLocale()
    world = await openCheckWorld()
    await world.store.saveBranch(makeBranch())
    members = [makeMember({ name: '王建国', committeeRole: 'secretary' }), makeMember({ name: '李晓梅', committeeRole: 'organization' })]
    await world.store.saveMembers(members)
  })
  afterEach(() => {
    cleanUp(mounted)
    mounted = undefined
    document.body.innerHTML = ''
    world.close()
    vi.useRealTimers()
  })

  it('lists every requirement with its source; a change needs a note, is logged, and the check counts with it', async () => {
    mounted = await mountCheck('/check/rules', { 'check-rules': CheckRulesPage })
    const lesson = () => mounted!.wrapper.find('[data-testid="rule"][data-rule="kind:party-lesson"]')
    await until(() => lesson().exists())
    expect(lesson().text()).toContain('地方规定')
    expect(lesson().text()).toContain('现行：每季度1次')
    expect(lesson().text()).toContain('依据：')
    expect(mounted.wrapper.find('[data-testid="rule-log"]').text()).toContain('还没有修改过检查要求')

    await lesson().find('[data-testid="rule-edit-party-lesson"]').trigger('click')
    await until(() => document.querySelector('[data-testid="rule-edit"]') !== null)
    await click('[data-testid="rule-count"] .van-stepper__plus')
    // Without a basis nothing is saved.
    await click('[data-testid="rule-save"]')
    expect(await world.store.listEntities('rule-override')).toHaveLength(0)

    await setTextarea('rule-note', '区委组织部通知：党课每季度不少于2次')
    await click('[data-testid="rule-save"]')
    await until(() => mounted!.wrapper.findAll('[data-testid="rule-log-entry"]').length === 1)
    expect(mounted.wrapper.find('[data-testid="rule-log-entry"]').text()).toContain('党课：次数 1 → 2')
    expect(mounted.wrapper.find('[data-testid="rule-log-entry"]').text()).toContain('区委组织部通知')
    expect(lesson().text()).toContain('现行：每季度2次')
    expect(lesson().text()).toContain('默认：每季度1次')

    const stored = await world.store.listEntities<RuleOverrideDoc>('rule-override', { branchId: 'branch-1' })
    expect(stored).toHaveLength(1)
    // Only what changed is kept, with who and why.
    expect(stored[0]).toMatchObject({ ruleId: 'kind:party-lesson', count: 2, changedBy: '王建国', note: '区委组织部通知：党课每季度不少于2次' })
    expect(stored[0]!.per).toBeUndefined()
    expect(stored[0]!.enabled).toBeUndefined()

    // The check now asks for two lessons.
    cleanUp(mounted)
    await completeRecord(world.store, 'party-lesson', '2026-05-20', members)
    mounted = await mountCheck('/check/2026/2', { 'check-quarter': CheckPage })
    const row = () => mounted!.wrapper.find('[data-testid="requirement"][data-rule="kind:party-lesson"]')
    await until(() => row().exists())
    expect(row().attributes()).toMatchObject({ 'data-held': '1', 'data-required': '2', 'data-due': '1' })
  })

  it('switching a requirement off removes it from the check', async () => {
    mounted = await mountCheck('/check/rules', { 'check-rules': CheckRulesPage })
    await until(() => mounted!.wrapper.find('[data-testid="rule-edit-ideology-review"]').exists())
    await mounted.wrapper.find('[data-testid="rule-edit-ideology-review"]').trigger('click')
    await until(() => document.querySelector('[data-testid="rule-edit"]') !== null)
    await click('[data-testid="rule-enabled"]')
    await setTextarea('rule-note', '本支部不承担意识形态研判任务，经党委同意')
    await click('[data-testid="rule-save"]')
    await until(() => mounted!.wrapper.find('[data-testid="rule"][data-rule="kind:ideology-review"]').text().includes('已停用'))
    cleanUp(mounted)
    mounted = await mountCheck('/check/2026/2', { 'check-quarter': CheckPage })
    await until(() => mounted!.wrapper.find('[data-testid="requirement"]').exists())
    expect(mounted.wrapper.find('[data-testid="requirement"][data-rule="kind:ideology-review"]').exists()).toBe(false)
    expect(mounted.wrapper.find('[data-testid="requirement"][data-rule="kind:committee-meeting"]').exists()).toBe(true)
  })

  it('the print view binds the quarter book by book, finished records only', async () => {
    await completeRecord(world.store, 'committee-meeting', '2026-06-10', members, { title: '六月支委会' })
    await completeRecord(world.store, 'committee-meeting', '2026-04-08', members, { title: '四月支委会' })
    await completeRecord(world.store, 'party-lesson', '2026-05-20', members, { title: '专题党课' })
    await completeRecord(world.store, 'committee-meeting', '2026-05-12', members, { title: '五月草稿', status: 'draft' })
    await completeRecord(world.store, 'committee-meeting', '2026-07-02', members, { title: '七月支委会' })
    mounted = await mountCheck('/check/2026/2/volume', { 'check-volume': QuarterVolumePage })
    await until(() => mounted!.wrapper.findAll('[data-testid="volume-record"]').length === 3)
    expect(mounted.wrapper.find('[data-testid="volume-cover"]').text()).toContain('2026年第二季度组织生活记录合订本')
    expect(mounted.wrapper.find('[data-testid="volume-cover"]').text()).toContain('共 3 份记录')
    expect(mounted.wrapper.findAll('[data-testid="volume-book"]').map((b) => b.text())).toEqual([
      expect.stringContaining('支委会记录本'),
      expect.stringContaining('党课记录本'),
    ])
    const titles = mounted.wrapper.findAll('[data-testid="volume-record"]').map((r) => r.text())
    expect(titles[0]).toContain('四月支委会')
    expect(titles[1]).toContain('六月支委会')
    expect(titles[2]).toContain('专题党课')
    expect(bodyText()).not.toContain('五月草稿')
    expect(bodyText()).not.toContain('七月支委会')
  })
})
