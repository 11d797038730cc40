// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalStore } from '@/local/contract'
import BranchSetupPage from '@/app/pages/BranchSetupPage.vue'
import { validateBranchForm, type BranchForm } from '@/app/components/branch/branchForm'
import { bodyText, cleanUp, freshLocalStore, makeBranch, makeMember, mountAt, resetLocale, toastText, until, type Mounted } from './appTestSupport'

function form(partial: Partial<BranchForm> = {}): BranchForm {
  return { name: '第一党支部', upperOrganization: '', contactPhone: '', contactEmail: '', partyGroups: [], committee: [], ...partial }
}

describe('validateBranchForm', () => {
  it('accepts a minimal branch and reports each problem with its field', () => {
    expect(validateBranchForm(form())).toEqual([])
    expect(validateBranchForm(form({ name: '   ' }))).toEqual([{ field: 'name', key: 'branch.validation.nameRequired' }])
  })

  it('checks phone and e-mail only when given', () => {
    expect(validateBranchForm(form({ contactPhone: '0571-88886666', contactEmail: 'dzb@example.cn' }))).toEqual([])
    expect(validateBranchForm(form({ contactPhone: '+86 138 0000 0000' }))).toEqual([])
    expect(validateBranchForm(form({ contactPhone: '电话号码' })).map((p) => p.field)).toEqual(['contactPhone'])
    expect(validateBranchForm(form({ contactPhone: '12-3' })).map((p) => p.field)).toEqual(['contactPhone'])
    expect(validateBranchForm(form({ contactEmail: 'dzb@example' })).map((p) => p.field)).toEqual(['contactEmail'])
  })

  it('rejects empty and duplicate party group names and a second secretary', () => {
    const problems = validateBranchForm(
      form({
        partyGroups: [
          { id: 'g1', name: '第一党小组' },
          { id: 'g2', name: ' 第一党小组 ' },
          { id: 'g3', name: '' },
        ],
        committee: [
          { memberId: 'a', name: '周建华', role: 'secretary', duty: '' },
          { memberId: 'b', name: '孙志远', role: 'secretary', duty: '' },
          { memberId: 'c', name: '林晓梅', role: undefined, duty: '' },
        ],
      }),
    )
    expect(problems.map((p) => p.field)).toEqual(['group:g2', 'group:g3', 'committee:c', 'committee'])
    expect(problems.find((p) => p.field === 'committee')?.params).toEqual({ names: '周建华、孙志远' })
  })
})

describe('BranchSetupPage', () => {
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

  it('on first run refuses to save without a name, in plain Chinese, and writes nothing', async () => {
    mounted = await mountAt('/branch', { branch: BranchSetupPage })
    const { wrapper } = mounted
    await until(() => wrapper.find('[data-test="branch-form"]').exists())
    expect(wrapper.text()).toContain('设置支部')

    await wrapper.find('[data-test="branch-phone"] input').setValue('abc')
    await wrapper.find('[data-test="branch-form"]').trigger('submit')
    await until(() => wrapper.text().includes('请填写支部名称'))
    expect(wrapper.text()).toContain('联系电话的格式不对')
    expect(await store.getBranch()).toBeUndefined()
  })

  it('saves the branch with its party groups, and acknowledges only after the write', async () => {
    mounted = await mountAt('/branch', { branch: BranchSetupPage })
    const { wrapper } = mounted
    await until(() => wrapper.find('[data-test="branch-form"]').exists())

    await wrapper.find('[data-test="branch-name"] input').setValue('  区发改局机关第一党支部 ')
    await wrapper.find('[data-test="branch-upper"] input').setValue('区发改局机关党委')
    await wrapper.find('[data-test="branch-email"] input').setValue('dzb@example.cn')
    await wrapper.find('[data-test="group-add"]').trigger('click')
    await wrapper.find('[data-test="group-add"]').trigger('click')
    const names = wrapper.findAll('[data-test="group-name"] input')
    expect(names).toHaveLength(2)
    await names[0]!.setValue('第一党小组')
    await names[1]!.setValue('第一党小组')

    await wrapper.find('[data-test="branch-form"]').trigger('submit')
    await until(() => wrapper.text().includes('已有名为“第一党小组”的党小组'))
    expect(await store.getBranch()).toBeUndefined()

    await wrapper.findAll('[data-test="group-name"] input')[1]!.setValue('第二党小组')
    await wrapper.find('[data-test="branch-form"]').trigger('submit')
    await until(() => toastText().includes('已保存'))
    const saved = await store.getBranch()
    expect(saved?.name).toBe('区发改局机关第一党支部')
    expect(saved?.upperOrganization).toBe('区发改局机关党委')
    expect(saved?.contactEmail).toBe('dzb@example.cn')
    expect(saved?.contactPhone).toBeUndefined()
    expect(saved?.partyGroups.map((g) => g.name)).toEqual(['第一党小组', '第二党小组'])
  })

  it('sets committee roles on the chosen members and clears a removed group from its members', async () => {
    const groups = [
      { id: 'g1', name: '第一党小组' },
      { id: 'g2', name: '第二党小组' },
    ]
    await store.saveBranch(makeBranch({ partyGroups: groups }))
    const zhou = makeMember({ name: '周建华', partyGroupId: 'g1' })
    const lin = makeMember({ name: '林晓梅', partyGroupId: 'g2' })
    await store.saveMembers([zhou, lin])

    mounted = await mountAt('/branch', { branch: BranchSetupPage })
    const { wrapper } = mounted
    await until(() => wrapper.find('[data-test="committee-add"]').exists())

    // Add 周建华 as 书记 with a duty.
    await wrapper.find('[data-test="committee-add"]').trigger('click')
    await until(() => document.querySelector('[data-test="pick-周建华"]') !== null)
    ;(document.querySelector('[data-test="pick-周建华"]') as HTMLElement).click()
    await until(() => document.querySelector('[data-test="committee-role-editor"]') !== null)
    ;(document.querySelector('[data-test="committee-role-editor"] [data-value="secretary"]') as HTMLElement).click()
    const duty = document.querySelector('[data-test="committee-duty"] input') as HTMLInputElement
    duty.value = '主持全面工作'
    duty.dispatchEvent(new Event('input'))
    ;(document.querySelector('[data-test="committee-apply"]') as HTMLElement).click()
    await until(() => wrapper.text().includes('书记 · 主持全面工作'))

    // Remove the second party group (confirm the dialog).
    await wrapper.findAll('[data-test="group-remove"]')[1]!.trigger('click')
    await until(() => bodyText().includes('这个党小组有 1 名党员'))
    ;(document.querySelector('.van-dialog__confirm') as HTMLElement).click()
    await until(() => wrapper.findAll('[data-test="group-name"]').length === 1)

    await wrapper.find('[data-test="branch-form"]').trigger('submit')
    await until(() => toastText().includes('已保存'))
    const members = await store.listMembers()
    const savedZhou = members.find((m) => m.id === zhou.id)
    const savedLin = members.find((m) => m.id === lin.id)
    expect(savedZhou?.committeeRole).toBe('secretary')
    expect(savedZhou?.committeeDuty).toBe('主持全面工作')
    expect(savedZhou?.partyGroupId).toBe('g1')
    expect(savedLin?.committeeRole).toBeUndefined()
    expect(savedLin?.partyGroupId).toBeUndefined()
    expect((await store.getBranch())?.partyGroups).toEqual([{ id: 'g1', name: '第一党小组' }])
  })
})
