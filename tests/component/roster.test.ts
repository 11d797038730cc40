// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { LocalStore } from '@/local/contract'
import RosterPage from '@/app/pages/RosterPage.vue'
import { validateMemberForm, emptyMemberForm } from '@/app/components/roster/memberForm'
import { cleanUp, confirmDialog, freshLocalStore, makeBranch, makeMember, mountAt, resetLocale, toastText, until, type Mounted } from './appTestSupport'

const groups = [
  { id: 'g1', name: '第一党小组', leaderId: 'm-lin' },
  { id: 'g2', name: '第二党小组' },
]

function setInput(selector: string, value: string): void {
  const input = document.querySelector(`${selector} input, ${selector} textarea`) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
}
function click(selector: string): void {
  ;(document.querySelector(selector) as HTMLElement).click()
}

describe('validateMemberForm', () => {
  const form = (name: string, joinedOn = '') => ({ ...emptyMemberForm(), name, joinedOn })
  it('wants a full name: not empty, not one character, not a form of address', () => {
    expect(validateMemberForm(form('周建华'), '2026-11-26')).toEqual([])
    expect(validateMemberForm(form('Li Na'), '2026-11-26')).toEqual([])
    expect(validateMemberForm(form('  '), '2026-11-26').map((p) => p.key)).toEqual(['branch.member.validation.nameRequired'])
    expect(validateMemberForm(form('王'), '2026-11-26').map((p) => p.key)).toEqual(['branch.member.validation.nameTooShort'])
    expect(validateMemberForm(form('老王'), '2026-11-26').map((p) => p.key)).toEqual(['branch.member.validation.nameIncomplete'])
    expect(validateMemberForm(form('王书记'), '2026-11-26').map((p) => p.key)).toEqual(['branch.member.validation.nameIncomplete'])
  })
  it('rejects a joining date after today', () => {
    expect(validateMemberForm(form('周建华', '2026-11-26'), '2026-11-26')).toEqual([])
    expect(validateMemberForm(form('周建华', '2026-11-27'), '2026-11-26').map((p) => p.field)).toEqual(['joinedOn'])
  })
})

describe('RosterPage', () => {
  let store: LocalStore
  let mounted: Mounted | undefined

  beforeEach(async () => {
    await resetLocale()
    store = await freshLocalStore()
    await store.saveBranch(makeBranch({ partyGroups: groups }))
    await store.saveMembers([
      makeMember({ id: 'm-zhou', name: '周建华', partyGroupId: 'g1', committeeRole: 'secretary' }),
      makeMember({ id: 'm-lin', name: '林晓梅', partyGroupId: 'g1' }),
      makeMember({ id: 'm-liang', name: '梁晓东', partyGroupId: 'g2', membership: 'probationary', votingRights: false }),
      makeMember({ id: 'm-he', name: '何春燕', partyGroupId: 'g2', situation: 'seconded', note: '借调至区委组织部' }),
      makeMember({ id: 'm-yu', name: '于振华', situation: 'unreachable', votingRights: false }),
    ])
  })
  afterEach(() => {
    cleanUp(mounted)
    mounted = undefined
  })

  it('groups members by party group with their tags and counts', async () => {
    mounted = await mountAt('/roster', { roster: RosterPage })
    const { wrapper } = mounted
    await until(() => wrapper.findAll('[data-test="member-row"]').length === 5)
    expect(wrapper.find('[data-test="roster-counts"]').text()).toBe('正式党员 4 人 · 预备党员 1 人')
    expect(wrapper.text()).toContain('第一党小组 · 2 人 · 组长 林晓梅')
    expect(wrapper.text()).toContain('未分党小组 · 1 人')

    const row = (name: string) => wrapper.findAll('[data-test="member-row"]').find((r) => r.text().includes(name))!
    // The secretary leads the group's list.
    expect(wrapper.findAll('[data-test="member-row"]')[0]!.text()).toContain('周建华')
    expect(row('周建华').find('[data-test="tag-role"]').text()).toBe('书记')
    expect(row('梁晓东').find('[data-test="tag-probationary"]').exists()).toBe(true)
    expect(row('梁晓东').find('[data-test="tag-no-vote"]').exists()).toBe(false)
    expect(row('何春燕').find('[data-test="tag-situation"]').text()).toBe('借调')
    expect(row('于振华').find('[data-test="tag-situation"]').text()).toBe('失联')
    expect(row('于振华').find('[data-test="tag-no-vote"]').text()).toBe('无表决权')

    await wrapper.find('[data-test="roster-search"] input').setValue('借调')
    await until(() => wrapper.findAll('[data-test="member-row"]').length === 1)
    expect(wrapper.find('[data-test="member-row"]').text()).toContain('何春燕')
  })

  it('adds a member through the form, refusing a one-character name, and saves only valid input', async () => {
    mounted = await mountAt('/roster', { roster: RosterPage })
    const { wrapper } = mounted
    await until(() => wrapper.find('[data-test="roster-add"]').exists())
    await wrapper.find('[data-test="roster-add"]').trigger('click')
    await until(() => document.querySelector('[data-test="member-form"]') !== null)

    setInput('[data-test="member-name"]', '王')
    click('[data-test="member-save"]')
    await until(() => (document.querySelector('[data-test="member-form"]')?.textContent ?? '').includes('请填写完整姓名（至少两个字）'))
    expect(await store.listMembers()).toHaveLength(5)

    setInput('[data-test="member-name"]', '王志强')
    click('[data-test="member-group"] [data-value="g2"]')
    click('[data-test="member-membership"] [data-value="probationary"]')
    click('[data-test="member-situation"] [data-value="mobile"]')
    click('[data-test="member-save"]')
    await until(() => toastText().includes('已添加王志强'))
    const saved = (await store.listMembers()).find((m) => m.name === '王志强')
    expect(saved).toMatchObject({ partyGroupId: 'g2', membership: 'probationary', votingRights: false, situation: 'mobile', active: true, branchId: 'branch-1' })
    await until(() => wrapper.findAll('[data-test="member-row"]').length === 6)
    expect(wrapper.find('[data-test="roster-counts"]').text()).toBe('正式党员 4 人 · 预备党员 2 人')
  })

  it('takes the joining date from the wheel, decades back, and can empty it again', async () => {
    const datePicker = () => [...document.querySelectorAll<HTMLElement>('.van-popup')].find((p) => p.style.display !== 'none' && p.querySelector('.van-picker'))
    const choose = (column: number, text: string) =>
      [...datePicker()!.querySelectorAll('.van-picker-column')[column]!.querySelectorAll<HTMLElement>('.van-picker-column__item')].find((el) => el.textContent?.trim() === text)!.click()
    const joinedText = () => (document.querySelector('[data-testid="member-joined"] input') as HTMLInputElement).value

    mounted = await mountAt('/roster', { roster: RosterPage })
    const { wrapper } = mounted
    await until(() => wrapper.findAll('[data-test="member-row"]').length === 5)
    await wrapper.findAll('[data-test="member-row"]').find((r) => r.text().includes('林晓梅'))!.trigger('click')
    await until(() => document.querySelector('[data-testid="member-joined"]') !== null)
    expect(document.querySelector('[data-test="member-form"] input[type="date"]')).toBeNull()

    click('[data-testid="member-joined"]')
    await until(() => datePicker() !== undefined)
    choose(0, '1985')
    choose(1, '07')
    choose(2, '01')
    await flushPromises()
    ;(datePicker()!.querySelector('.van-picker__confirm') as HTMLElement).click()
    await until(() => joinedText() === '1985年7月1日')
    click('[data-test="member-save"]')
    await until(() => toastText().includes('已保存'))
    expect((await store.listMembers()).find((m) => m.id === 'm-lin')?.joinedOn).toBe('1985-07-01')

    await wrapper.findAll('[data-test="member-row"]').find((r) => r.text().includes('林晓梅'))!.trigger('click')
    await until(() => joinedText() === '1985年7月1日')
    click('[data-testid="member-joined"]')
    await until(() => document.querySelector('[data-testid="member-joined-clear"]') !== null)
    click('[data-testid="member-joined-clear"]')
    await until(() => joinedText() === '')
    click('[data-test="member-save"]')
    await vi.waitFor(async () => {
      const lin = (await store.listMembers()).find((m) => m.id === 'm-lin')
      expect(lin?.name).toBe('林晓梅')
      expect(lin).not.toHaveProperty('joinedOn')
    })
  })

  it('marks a member as left instead of deleting, and can restore them', async () => {
    mounted = await mountAt('/roster', { roster: RosterPage })
    const { wrapper } = mounted
    await until(() => wrapper.findAll('[data-test="member-row"]').length === 5)
    await wrapper.findAll('[data-test="member-row"]').find((r) => r.text().includes('林晓梅'))!.trigger('click')
    await until(() => document.querySelector('[data-test="member-leave"]') !== null)
    click('[data-test="member-leave"]')
    await confirmDialog()
    await until(() => wrapper.findAll('[data-test="member-row"]').length === 4)

    const lin = (await store.listMembers()).find((m) => m.id === 'm-lin')
    expect(lin?.active).toBe(false)
    expect(lin?.name).toBe('林晓梅')
    expect(wrapper.find('[data-test="roster-counts"]').text()).toBe('正式党员 3 人 · 预备党员 1 人')
    expect(wrapper.find('[data-test="toggle-former"]').text()).toContain('显示 1 名已离开的党员')

    await wrapper.find('[data-test="toggle-former"]').trigger('click')
    await until(() => wrapper.text().includes('已离开'))
    const former = wrapper.findAll('.van-cell').find((c) => c.text().includes('林晓梅'))!
    await former.trigger('click')
    await until(() => document.querySelector('[data-test="member-restore"]') !== null)
    click('[data-test="member-restore"]')
    await until(() => wrapper.findAll('[data-test="member-row"]').length === 5)
    expect((await store.listMembers()).find((m) => m.id === 'm-lin')?.active).toBe(true)
  })
})
