// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { LocalStore } from '@/local/contract'
import RosterImportPage from '@/app/pages/RosterImportPage.vue'
import { cleanUp, freshLocalStore, makeBranch, makeMember, mountAt, resetLocale, until, type Mounted } from './appTestSupport'

const fixture = (name: string) => readFileSync(resolve(process.cwd(), 'tests/fixtures', name))

function chooseFile(input: HTMLInputElement, file: File): void {
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
}

describe('RosterImportPage', () => {
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

  it('asks for the branch first when there is none', async () => {
    mounted = await mountAt('/roster/import', { 'roster-import': RosterImportPage })
    await until(() => mounted!.wrapper.find('[data-test="import-needs-branch"]').exists())
    expect(mounted.wrapper.find('[data-test="roster-file"]').exists()).toBe(false)
  })

  it('previews a clean file, saves nothing until 导入, then imports all and merges party groups', async () => {
    await store.saveBranch(makeBranch({ partyGroups: [{ id: 'g1', name: '第一党小组' }] }))
    const zhou = makeMember({ id: 'm-zhou', name: '周建华', partyGroupId: 'g1', note: '旧的备注' })
    await store.saveMembers([zhou])

    mounted = await mountAt('/roster/import', { 'roster-import': RosterImportPage })
    const { wrapper, router } = mounted
    await until(() => wrapper.find('[data-test="roster-file"]').exists())

    chooseFile(wrapper.find('[data-test="roster-file"]').element as HTMLInputElement, new File([fixture('roster.csv')], '党员名册.csv', { type: 'text/csv' }))
    await until(() => wrapper.find('[data-test="import-preview"]').exists())

    const summary = wrapper.find('[data-test="import-summary"]').text()
    expect(summary).toContain('共 23 名党员')
    expect(summary).toContain('正式党员 20 人，预备党员 3 人，分属 3 个党小组')
    expect(summary).toContain('将新建 2 个党小组')
    expect(summary).toContain('其中 1 人已在名册中')
    const rows = wrapper.findAll('[data-test="preview-row"]')
    expect(rows).toHaveLength(23)
    expect(rows[0]!.text()).toContain('周建华')
    expect(rows[0]!.text()).toContain('书记')
    expect(rows[0]!.text()).toContain('更新')
    expect(rows.find((r) => r.text().includes('梁晓东'))!.text()).toContain('预备党员')
    expect(rows.find((r) => r.text().includes('于振华'))!.text()).toContain('失联')
    expect(wrapper.find('[data-test="import-errors"]').exists()).toBe(false)

    // Previewing wrote nothing.
    expect(await store.listMembers()).toHaveLength(1)
    expect((await store.getBranch())?.partyGroups).toHaveLength(1)

    expect(wrapper.find('[data-test="import-confirm"]').text()).toContain('导入 23 名党员')
    await wrapper.find('[data-test="import-confirm"]').trigger('click')
    await until(() => router.currentRoute.value.path === '/roster')

    const members = await store.listMembers()
    expect(members).toHaveLength(23)
    const savedZhou = members.find((m) => m.name === '周建华')
    expect(savedZhou?.id).toBe('m-zhou')
    expect(savedZhou?.committeeRole).toBe('secretary')
    expect(savedZhou?.partyGroupId).toBe('g1')
    const groups = (await store.getBranch())!.partyGroups
    expect(groups.map((g) => g.name)).toEqual(['第一党小组', '第二党小组', '第三党小组'])
    expect(groups[0]!.id).toBe('g1')
    const second = groups[1]!.id
    expect(members.filter((m) => m.partyGroupId === second).map((m) => m.name)).toContain('郑国强')
    expect(members.find((m) => m.name === '梁晓东')).toMatchObject({ membership: 'probationary', votingRights: false })
    expect(members.find((m) => m.name === '何春燕')).toMatchObject({ situation: 'seconded', note: '借调至区委组织部' })
  })

  it('lists every bad row with its row number and reason, and imports nothing', async () => {
    await store.saveBranch(makeBranch())
    mounted = await mountAt('/roster/import', { 'roster-import': RosterImportPage })
    const { wrapper } = mounted
    await until(() => wrapper.find('[data-test="roster-file"]').exists())

    chooseFile(wrapper.find('[data-test="roster-file"]').element as HTMLInputElement, new File([fixture('roster-bad.csv')], 'bad.csv'))
    await until(() => wrapper.find('[data-test="import-errors"]').exists())

    expect(wrapper.find('[data-test="import-errors"]').text()).toContain('没有导入任何内容')
    const errors = wrapper.findAll('[data-test="import-error"]').map((e) => e.text())
    const rowsNamed = [...new Set(errors.map((e) => Number(/^第(\d+)行/.exec(e)?.[1])))]
    // Rows 3–9 are bad (surname only, no name, unknown membership/role/situation, impossible date, repeated name).
    expect(rowsNamed).toEqual([3, 4, 5, 6, 7, 8, 9])
    expect(errors.find((e) => e.startsWith('第3行'))).toContain('姓')
    expect(errors.find((e) => e.startsWith('第4行'))).toContain('缺少姓名')
    expect(errors.find((e) => e.startsWith('第5行'))).toContain('积极分子')
    expect(errors.find((e) => e.startsWith('第9行'))).toContain('第2行')
    expect(wrapper.find('[data-test="import-preview"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="import-confirm"]').exists()).toBe(false)
    expect(await store.listMembers()).toEqual([])
  })

  it('says plainly when a file cannot be read at all', async () => {
    await store.saveBranch(makeBranch())
    mounted = await mountAt('/roster/import', { 'roster-import': RosterImportPage })
    const { wrapper } = mounted
    await until(() => wrapper.find('[data-test="roster-file"]').exists())
    chooseFile(wrapper.find('[data-test="roster-file"]').element as HTMLInputElement, new File(['%PDF-1.4'], '名册.pdf'))
    await until(() => wrapper.find('[data-test="import-unreadable"]').exists())
    expect(wrapper.find('[data-test="import-unreadable"]').text()).toContain('CSV')
    expect(await store.listMembers()).toEqual([])
  })

  it('offers a CSV template that imports cleanly', async () => {
    await store.saveBranch(makeBranch())
    mounted = await mountAt('/roster/import', { 'roster-import': RosterImportPage })
    const { wrapper } = mounted
    await until(() => wrapper.find('[data-test="download-template"]').exists())
    let saved: Blob | undefined
    const original = URL.createObjectURL
    URL.createObjectURL = (blob: Blob) => {
      saved = blob
      return 'blob:template'
    }
    try {
      await wrapper.find('[data-test="download-template"]').trigger('click')
    } finally {
      URL.createObjectURL = original
    }
    expect(saved).toBeDefined()
    const text = await saved!.text()
    expect(text.split(/\r\n/).filter(Boolean)).toHaveLength(2)

    chooseFile(wrapper.find('[data-test="roster-file"]').element as HTMLInputElement, new File([saved!], '党员名册模板.csv'))
    await until(() => wrapper.find('[data-test="import-preview"]').exists())
    expect(wrapper.findAll('[data-test="preview-row"]')).toHaveLength(1)
  })
})
