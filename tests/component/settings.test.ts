// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Locale as VantLocale } from 'vant'
import type { LocalStore } from '@/local/contract'
import SettingsPage from '@/app/pages/SettingsPage.vue'
import { i18n } from '@/app/i18n'
import { cleanUp, confirmDialog, freshLocalStore, makeBranch, makeMember, mountAt, resetLocale, until, type Mounted } from './appTestSupport'

function chooseFile(input: HTMLInputElement, file: File): void {
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
}

describe('SettingsPage', () => {
  let store: LocalStore
  let mounted: Mounted | undefined

  beforeEach(async () => {
    await resetLocale()
    localStorage.clear()
    store = await freshLocalStore()
  })
  afterEach(async () => {
    cleanUp(mounted)
    mounted = undefined
    await resetLocale()
  })

  it('switches the whole UI, Vant included, between 简体中文 and English and remembers the choice', async () => {
    await store.saveBranch(makeBranch({ name: '第一党支部' }))
    await store.saveMembers([makeMember(), makeMember({ membership: 'probationary', votingRights: false })])
    mounted = await mountAt('/settings', { settings: SettingsPage })
    const { wrapper } = mounted
    await until(() => wrapper.text().includes('第一党支部'))
    expect(wrapper.text()).toContain('导出完整备份')
    expect(wrapper.text()).toContain('正式 1 · 预备 1')
    expect(VantLocale.messages().confirm).toBe('确认')

    await wrapper.find('[data-test="locale-en"]').trigger('click')
    await until(() => wrapper.text().includes('Export a full backup'))
    expect(wrapper.text()).toContain('Full 1 · Prob. 1')
    expect(wrapper.text()).not.toContain('导出完整备份')
    expect(i18n.global.locale.value).toBe('en')
    expect(VantLocale.messages().confirm).toBe('Confirm')
    expect(localStorage.getItem('branch-records.locale')).toBe('en')
    expect(document.documentElement.lang).toBe('en')

    await wrapper.find('[data-test="locale-zh-CN"]').trigger('click')
    await until(() => wrapper.text().includes('导出完整备份'))
    expect(VantLocale.messages().confirm).toBe('确认')
    expect(localStorage.getItem('branch-records.locale')).toBe('zh-CN')
  })

  it('shows the version and the storage state', async () => {
    mounted = await mountAt('/settings', { settings: SettingsPage })
    const { wrapper } = mounted
    expect(wrapper.find('[data-test="app-version"]').text()).toContain('test')
    await until(() => wrapper.find('[data-test="storage-status"]').exists())
    expect(wrapper.find('[data-test="storage-status"]').text()).toContain('持久存储')
    // Not signed in: the records really stay on this phone, and signing in is what would change that.
    expect(wrapper.find('[data-test="about-text"]').text()).toContain('未登录时，记录只保存在这台设备上')
    expect(wrapper.find('[data-test="about-text"]').text()).toContain('登录后可与支部的其他设备同步')
  })

  it('refuses a corrupt backup with the plain reason and changes nothing', async () => {
    await store.saveBranch(makeBranch({ name: '原来的支部' }))
    mounted = await mountAt('/settings', { settings: SettingsPage })
    const { wrapper } = mounted
    await until(() => wrapper.text().includes('原来的支部'))

    chooseFile(wrapper.find('[data-test="restore-file"]').element as HTMLInputElement, new File(['这不是压缩文件'], '备份.zip', { type: 'application/zip' }))
    await confirmDialog()
    await until(() => wrapper.find('[data-test="restore-failure"]').exists())
    const failure = wrapper.find('[data-test="restore-failure"]').text()
    expect(failure).toContain('没有恢复')
    expect(failure).toContain('本机数据没有任何改变')
    expect(wrapper.find('[data-test="restore-report"]').exists()).toBe(false)
    expect((await store.getBranch())?.name).toBe('原来的支部')
  })

  it('restores a backup from another device and reports what came back', async () => {
    const other = await freshLocalStore()
    await other.saveBranch(makeBranch({ name: '旧手机上的支部' }))
    await other.saveMembers([makeMember({ name: '周建华' }), makeMember({ name: '林晓梅' })])
    const backup = await other.exportBackup()

    store = await freshLocalStore()
    mounted = await mountAt('/settings', { settings: SettingsPage })
    const { wrapper } = mounted
    await until(() => wrapper.text().includes('未设置'))

    chooseFile(wrapper.find('[data-test="restore-file"]').element as HTMLInputElement, new File([backup], '支部纪实备份-20260105.zip'))
    await confirmDialog()
    await until(() => wrapper.find('[data-test="restore-report"]').exists())
    const report = wrapper.find('[data-test="restore-report"]').text()
    expect(report).toContain('党员 2 人')
    expect(report).toContain('支部信息已恢复')
    expect(wrapper.find('[data-test="toggle-skipped"]').exists()).toBe(false)
    // The branch store reloads: the restored branch shows at once.
    await until(() => wrapper.find('[data-test="to-branch"]').text().includes('旧手机上的支部'))
    expect((await store.listMembers()).map((m) => m.name).sort()).toEqual(['周建华', '林晓梅'].sort())

    // The same file again: everything is already here, so everything is skipped, listed on request.
    chooseFile(wrapper.find('[data-test="restore-file"]').element as HTMLInputElement, new File([backup], '支部纪实备份-20260105.zip'))
    await confirmDialog()
    await until(() => wrapper.find('[data-test="toggle-skipped"]').exists())
    expect(wrapper.find('[data-test="restore-report"]').text()).toContain('党员 0 人')
    expect(wrapper.find('[data-test="skipped-list"]').exists()).toBe(false)
    await wrapper.find('[data-test="toggle-skipped"]').trigger('click')
    expect(wrapper.findAll('[data-test="skipped-list"] li')).toHaveLength(3)
    expect(wrapper.find('[data-test="skipped-list"]').text()).toContain('周建华')
  })
})
