// @vitest-environment happy-dom
// After sign-off a quarter's records are frozen: saving a change needs a correction reason, the record
// as it was is kept as a correction and shown on the record page; cancelling changes nothing; records
// of an unsigned quarter save as before; deleting a frozen record needs a reason too.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { BranchRecord, Member } from '@/domain/types'
import type { CorrectionDoc, SignoffDoc } from '@/domain/check/checkEntities'
import { flushOpenEditors } from '@/app/composables/useOpenEditors'
import RecordEditorPage from '@/app/pages/RecordEditorPage.vue'
import RecordViewPage from '@/app/pages/RecordViewPage.vue'
import { bodyText, cleanUp, confirmDialog, makeBranch, makeMember, resetLocale, until, type Mounted } from './appTestSupport'
import { completeRecord, mountCheck, openCheckWorld, type CheckWorld } from './checkTestSupport'

const PAGES = { 'record-edit': RecordEditorPage, record: RecordViewPage }

const SIGNOFF: SignoffDoc = { id: 'so-q2', branchId: 'branch-1', year: 2026, quarter: 2, signedBy: '王建国', signedAt: '2026-07-03T02:00:00.000Z', comment: '' }

const dialog = () => document.querySelector('[data-testid="correction-dialog"]')
const dialogButton = (which: 'confirm' | 'cancel') => document.querySelector(`.correction-dialog .van-dialog__${which}`) as HTMLElement

async function typeReason(text: string): Promise<void> {
  const area = document.querySelector('[data-testid="correction-reason"] textarea') as HTMLTextAreaElement
  area.value = text
  area.dispatchEvent(new Event('input'))
  await flushPromises()
}

describe('corrections after sign-off', () => {
  let world: CheckWorld
  let mounted: Mounted | undefined
  let members: Member[]
  let record: BranchRecord

  beforeEach(async () => {
    await resetLocale()
    world = await openCheckWorld()
    await world.store.saveBranch(makeBranch())
    members = [makeMember({ name: '王建国', committeeRole: 'secretary' }), makeMember({ name: '李晓梅', committeeRole: 'organization' })]
    await world.store.saveMembers(members)
    record = await completeRecord(world.store, 'committee-meeting', '2026-05-12', members)
    await world.store.putEntity('check-signoff', SIGNOFF)
  })
  afterEach(() => {
    cleanUp(mounted)
    mounted = undefined
    document.querySelectorAll('[data-testid="correction-dialog"]').forEach((el) => el.closest('.van-dialog')?.remove())
    world.close()
  })

  async function editPlace(place: string): Promise<Mounted> {
    const m = await mountCheck(`/records/${record.id}/edit`, PAGES)
    mounted = m
    await until(() => m.wrapper.find('[data-testid="field-place"] input').exists())
    await m.wrapper.find('[data-testid="field-place"] input').setValue(place)
    await flushOpenEditors()
    await m.wrapper.find('[data-testid="record-finish"]').trigger('click')
    await until(() => dialog() !== null)
    return m
  }

  it('a change is not saved without a reason; with one, the earlier version is kept as a correction', async () => {
    const page = await editPlace('二楼会议室')
    expect(bodyText()).toContain('本季度已于')
    expect(bodyText()).toContain('王建国')

    // A blank reason: the dialog stays, says why, and nothing is written.
    await typeReason('   ')
    dialogButton('confirm').click()
    await flushPromises()
    expect(dialog()).not.toBeNull()
    expect(bodyText()).toContain('请填写更正原因')
    expect((await world.store.getRecord(record.id))?.place).toBe('三楼党员活动室')
    expect(await world.store.listEntities('correction')).toHaveLength(0)

    await typeReason('会议地点记错，实为二楼会议室')
    dialogButton('confirm').click()
    await until(() => mounted!.router.currentRoute.value.name === 'record')

    expect((await world.store.getRecord(record.id))?.place).toBe('二楼会议室')
    const corrections = await world.store.listEntities<CorrectionDoc>('correction', { branchId: 'branch-1' })
    expect(corrections).toHaveLength(1)
    expect(corrections[0]).toMatchObject({ recordId: record.id, reason: '会议地点记错，实为二楼会议室', by: '王建国' })
    expect(corrections[0]!.previous.place).toBe('三楼党员活动室')
    expect(corrections[0]!.previous.id).toBe(record.id)

    // The record page shows the lock, the correction and, on request, the text before it.
    await until(() => page.wrapper.find('[data-testid="record-correction"]').exists())
    expect(page.wrapper.find('[data-testid="record-frozen"]').text()).toContain('王建国')
    expect(page.wrapper.find('[data-testid="record-correction-reason"]').text()).toContain('会议地点记错，实为二楼会议室')
    await page.wrapper.find('[data-testid="record-correction-toggle-0"]').trigger('click')
    expect(page.wrapper.find('[data-testid="record-correction-previous"]').text()).toContain('三楼党员活动室')
  })

  it('cancelling the reason saves nothing and keeps the draft', async () => {
    const page = await editPlace('二楼会议室')
    dialogButton('cancel').click()
    await flushPromises()
    await until(() => page.wrapper.find('[data-testid="record-finish"]').exists())
    expect(page.router.currentRoute.value.name).toBe('record-edit')
    expect((await world.store.getRecord(record.id))?.place).toBe('三楼党员活动室')
    expect(await world.store.listEntities('correction')).toHaveLength(0)
    expect((await world.store.getDraft(record.id))?.doc.place).toBe('二楼会议室')
  })

  it('records of an unsigned quarter save without a reason', async () => {
    const july = await completeRecord(world.store, 'committee-meeting', '2026-07-08', members)
    mounted = await mountCheck(`/records/${july.id}/edit`, PAGES)
    await until(() => mounted!.wrapper.find('[data-testid="field-place"] input').exists())
    await mounted.wrapper.find('[data-testid="field-place"] input').setValue('二楼会议室')
    await flushOpenEditors()
    await mounted.wrapper.find('[data-testid="record-finish"]').trigger('click')
    await until(() => mounted!.router.currentRoute.value.name === 'record')
    expect(dialog()).toBeNull()
    expect((await world.store.getRecord(july.id))?.place).toBe('二楼会议室')
    expect(await world.store.listEntities('correction')).toHaveLength(0)
  })

  it('the record page says the record is locked before opening the editor', async () => {
    mounted = await mountCheck(`/records/${record.id}`, PAGES)
    await until(() => mounted!.wrapper.find('[data-testid="record-frozen"]').exists())
    await mounted.wrapper.find('[data-testid="record-edit"]').trigger('click')
    await until(() => bodyText().includes('这条记录所在的季度已签核'))
    expect(mounted.router.currentRoute.value.name).toBe('record')
    await confirmDialog()
    await until(() => mounted!.router.currentRoute.value.name === 'record-edit')
  })

  it('deleting a frozen record needs a reason and keeps its text as a correction', async () => {
    mounted = await mountCheck(`/records/${record.id}`, PAGES)
    await until(() => mounted!.wrapper.find('[data-testid="record-delete"]').exists())
    await mounted.wrapper.find('[data-testid="record-delete"]').trigger('click')
    await until(() => dialog() !== null)
    expect(bodyText()).toContain('删除这条记录需写明原因')
    await typeReason('重复录入，与另一份记录为同一次会议')
    dialogButton('confirm').click()
    await until(() => mounted!.router.currentRoute.value.name === 'book')
    expect((await world.store.getRecord(record.id))?.deleted).toBe(true)
    const [correction] = await world.store.listEntities<CorrectionDoc>('correction')
    expect(correction).toMatchObject({ recordId: record.id, reason: '重复录入，与另一份记录为同一次会议' })
    expect(correction!.previous.deleted).toBeUndefined()
  })
})
