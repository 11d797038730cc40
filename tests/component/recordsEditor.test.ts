// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { BranchRecord, Member } from '@/domain/types'
import { newRecord } from '@/domain/recordFactory'
import type { LocalStore } from '@/local/contract'
import { toLocalStoreError } from '@/local/errors'
import { provideLocalStore } from '@/app/services/localStore'
import { flushOpenEditors } from '@/app/composables/useOpenEditors'
import RecordEditorPage from '@/app/pages/RecordEditorPage.vue'
import { bodyText, cleanUp, freshLocalStore, makeBranch, makeMember, mountAt, resetLocale, toastText, until, type Mounted } from './appTestSupport'

const PAGES = { 'record-new': RecordEditorPage, 'record-edit': RecordEditorPage }

/** The real store, with `saveDraft` counted and, on demand, failing. */
function instrument(store: LocalStore) {
  const calls: BranchRecord[] = []
  const control = { fail: undefined as Error | undefined }
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'saveDraft') {
        return async (doc: BranchRecord) => {
          calls.push(doc)
          if (control.fail) throw control.fail
          return target.saveDraft(doc)
        }
      }
      const value = Reflect.get(target, prop, receiver) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
  provideLocalStore(proxy)
  return { calls, control }
}

async function type(mounted: Mounted, testid: string, text: string): Promise<void> {
  const input = mounted.wrapper.find(`[data-testid="${testid}"] input, [data-testid="${testid}"] textarea`)
  expect(input.exists(), `input ${testid}`).toBe(true)
  await input.setValue(text)
}

async function drafts(store: LocalStore) {
  return store.listDrafts()
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0])

/** A committee meeting with every required element, as a draft would hold it. */
async function completeDraft(store: LocalStore, members: Member[]): Promise<BranchRecord> {
  const doc = newRecord('committee-meeting', { branch: { id: 'branch-1' }, members, now: '2026-05-12T06:30:00.000Z', sequence: 5 })
  const signature = await store.putAttachment(new Blob([PNG], { type: 'image/png' }), { role: 'signature', mime: 'image/png', width: 1, height: 1 })
  const first = doc.agenda[0]!
  first.title = '学习习近平总书记关于基层党建的重要论述'
  first.material = { title: '关于基层党建的重要论述', source: '《求是》2026年第5期', speechDate: '2026-03-01' }
  Object.assign(doc, {
    startTime: '14:30',
    endTime: '16:00',
    place: '三楼党员活动室',
    chair: '王建国',
    recorder: '李晓梅',
    ended: true,
    decisions: [{ id: 'd1', text: '同意张志强同志转为正式党员并报上级党委审批', rule: 'committee', yes: 3, no: 0, abstain: 0 }],
    signatures: { chair: signature, recorder: signature },
  })
  await store.saveDraft(doc)
  return doc
}

describe('RecordEditorPage', () => {
  let store: LocalStore
  let mounted: Mounted | undefined
  let members: Member[]

  beforeEach(async () => {
    await resetLocale()
    store = await freshLocalStore()
    await store.saveBranch(makeBranch())
    members = [
      makeMember({ name: '王建国', committeeRole: 'secretary' }),
      makeMember({ name: '李晓梅', committeeRole: 'organization' }),
      makeMember({ name: '张志强', committeeRole: 'publicity' }),
      makeMember({ name: '赵大勇' }),
    ]
    await store.saveMembers(members)
  })
  afterEach(() => {
    cleanUp(mounted)
    mounted = undefined
    vi.restoreAllMocks()
  })

  it('writes every change to a draft, debounced, and gives the new record its own address', async () => {
    const { calls } = instrument(store)
    mounted = await mountAt('/records/new/committee-meeting', PAGES)
    await until(() => mounted!.wrapper.find('[data-testid="field-place"]').exists())
    // Opening a new record writes nothing: leaving at once leaves no empty draft behind.
    await new Promise((r) => setTimeout(r, 400))
    expect(calls).toHaveLength(0)
    expect(mounted.wrapper.find('[data-testid="save-state"]').text()).toContain('输入后自动保存草稿')

    await type(mounted, 'field-place', '三')
    await type(mounted, 'field-place', '三楼')
    await type(mounted, 'field-place', '三楼党员活动室')
    expect(mounted.wrapper.find('[data-testid="save-state"]').attributes('data-state')).toBe('pending')
    await vi.waitFor(async () => expect((await drafts(store))[0]?.doc.place).toBe('三楼党员活动室'), { timeout: 2000, interval: 20 })
    // Three keystrokes within the debounce window make one write.
    expect(calls).toHaveLength(1)

    const [draft] = await drafts(store)
    expect(draft!.doc).toMatchObject({ kind: 'committee-meeting', status: 'draft', branchId: 'branch-1' })
    // Committee meeting: only committee members are expected, and they start present.
    expect(draft!.doc.attendance.map((a) => a.name).sort()).toEqual(['张志强', '李晓梅', '王建国'].sort())
    await until(() => mounted!.router.currentRoute.value.name === 'record-edit')
    expect(mounted.router.currentRoute.value.params.id).toBe(draft!.id)
    await until(() => mounted!.wrapper.find('[data-testid="save-state"]').attributes('data-state') === 'saved')
    expect(mounted.wrapper.find('[data-testid="save-state"]').text()).toMatch(/草稿已保存 \d{2}:\d{2}:\d{2}/)
    // Nothing is a finished record yet.
    expect(await store.listRecords({})).toHaveLength(0)
  })

  it('flushes at once when an update asks (registerEditorFlush) and when the page is hidden', async () => {
    instrument(store)
    mounted = await mountAt('/records/new/committee-meeting', PAGES)
    await until(() => mounted!.wrapper.find('[data-testid="field-place"]').exists())

    await type(mounted, 'field-place', '会议室A')
    // No waiting for the debounce: the update prompt's flush writes it now.
    await flushOpenEditors()
    expect((await drafts(store))[0]?.doc.place).toBe('会议室A')

    await type(mounted, 'field-place', '会议室B')
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
    document.dispatchEvent(new Event('visibilitychange'))
    await vi.waitFor(async () => expect((await drafts(store))[0]?.doc.place).toBe('会议室B'), { timeout: 250, interval: 10 })
    visibility.mockRestore()
  })

  it('"完成" with missing elements lists them in plain Chinese and saves nothing final', async () => {
    instrument(store)
    mounted = await mountAt('/records/new/committee-meeting', PAGES)
    await until(() => mounted!.wrapper.find('[data-testid="field-place"]').exists())
    await type(mounted, 'field-place', '三楼党员活动室')

    await mounted.wrapper.find('[data-testid="record-finish"]').trigger('click')
    await until(() => document.querySelector('.missing-dialog') !== null)
    const text = document.querySelector('.missing-dialog')!.textContent ?? ''
    expect(text).toMatch(/还缺 \d+ 项，暂不能完成/)
    for (const expected of ['缺少开始时间', '缺少主持人', '缺少记录人', '缺少“散会”结束标记', '缺少主持人签名', '缺少记录人签名']) {
      expect(text).toContain(expected)
    }
    // The place was given: it is not listed.
    expect(text).not.toContain('缺少会议地点')

    await flushOpenEditors()
    expect(await store.listRecords({})).toHaveLength(0)
    const [draft] = await drafts(store)
    expect(draft?.doc.status).toBe('draft')
    expect(draft?.doc.finishedAt).toBeUndefined()
    // Still in the editor, with the sections that need work opened and marked.
    expect(mounted.router.currentRoute.value.name).not.toBe('record')
    ;(document.querySelector('.missing-dialog .van-dialog__confirm') as HTMLElement).click()
    await flushPromises()
    expect(mounted.wrapper.find('[data-testid="section-signatures"] .van-badge').text()).toBe('2')
  })

  it('"完成" on a complete record writes it final, removes the draft, and only then says 已保存', async () => {
    const doc = await completeDraft(store, members.slice(0, 3))
    mounted = await mountAt(`/records/${doc.id}/edit`, { ...PAGES, record: { template: '<div class="view-stub">view</div>' } })
    await until(() => mounted!.wrapper.find('[data-testid="draft-resumed"]').exists())
    expect(mounted.wrapper.find('[data-testid="record-finish"]').text()).toBe('完成')

    await mounted.wrapper.find('[data-testid="record-finish"]').trigger('click')
    await until(() => mounted!.router.currentRoute.value.name === 'record')
    expect(toastText()).toContain('已保存')
    const saved = await store.getRecord(doc.id)
    expect(saved).toMatchObject({ status: 'final', place: '三楼党员活动室' })
    expect(saved!.finishedAt).toBeTruthy()
    expect(saved!.updatedAt >= saved!.createdAt).toBe(true)
    expect(await store.getDraft(doc.id)).toBeUndefined()
  })

  it('editing a finished record keeps a draft until "保存修改"', async () => {
    const doc = await completeDraft(store, members.slice(0, 3))
    await store.saveRecord({ ...doc, status: 'final', finishedAt: '2026-05-12T09:00:00.000Z' })
    instrument(store)
    mounted = await mountAt(`/records/${doc.id}/edit`, { ...PAGES, record: { template: '<div>view</div>' } })
    await until(() => mounted!.wrapper.find('[data-testid="record-finish"]').exists())
    expect(mounted.wrapper.find('[data-testid="record-finish"]').text()).toBe('保存修改')

    await type(mounted, 'field-place', '二楼会议室')
    await flushOpenEditors()
    expect((await store.getDraft(doc.id))?.doc.place).toBe('二楼会议室')
    expect((await store.getRecord(doc.id))?.place).toBe('三楼党员活动室')

    await mounted.wrapper.find('[data-testid="record-finish"]').trigger('click')
    await until(() => mounted!.router.currentRoute.value.name === 'record')
    const saved = await store.getRecord(doc.id)
    expect(saved?.place).toBe('二楼会议室')
    // The first finish time stays; the edit time moves.
    expect(saved?.finishedAt).toBe('2026-05-12T09:00:00.000Z')
    expect(saved!.updatedAt > '2026-05-12T09:00:00.000Z').toBe(true)
    expect(await store.getDraft(doc.id)).toBeUndefined()
  })

  it('a finished record that already lacked signatures can be corrected: saved, and told what is still missing', async () => {
    const doc = await completeDraft(store, members.slice(0, 3))
    await store.saveRecord({ ...doc, signatures: {}, status: 'final', finishedAt: '2026-05-12T09:00:00.000Z' })
    await store.discardDraft(doc.id)
    mounted = await mountAt(`/records/${doc.id}/edit`, { ...PAGES, record: { template: '<div>view</div>' } })
    await until(() => mounted!.wrapper.find('[data-testid="record-finish"]').exists())
    await type(mounted, 'field-place', '二楼会议室')

    await mounted.wrapper.find('[data-testid="record-finish"]').trigger('click')
    // Vant reuses one dialog element: wait for this dialog's title, not for any dialog.
    await until(() => (document.querySelector('.missing-dialog')?.textContent ?? '').includes('已保存'))
    const text = document.querySelector('.missing-dialog')!.textContent ?? ''
    expect(text).toContain('已保存。这条记录原来就缺 2 项')
    expect(text).toContain('缺少主持人签名')
    expect(text).toContain('缺少记录人签名')
    expect((await store.getRecord(doc.id))?.place).toBe('二楼会议室')
    ;(document.querySelector('.missing-dialog .van-dialog__confirm') as HTMLElement).click()
    await until(() => mounted!.router.currentRoute.value.name === 'record')
  })

  it('a correction that removes an element the finished record had is still blocked, and nothing is saved', async () => {
    const doc = await completeDraft(store, members.slice(0, 3))
    await store.saveRecord({ ...doc, signatures: {}, status: 'final', finishedAt: '2026-05-12T09:00:00.000Z' })
    await store.discardDraft(doc.id)
    mounted = await mountAt(`/records/${doc.id}/edit`, { ...PAGES, record: { template: '<div>view</div>' } })
    await until(() => mounted!.wrapper.find('[data-testid="record-finish"]').exists())
    await type(mounted, 'field-place', '')

    await mounted.wrapper.find('[data-testid="record-finish"]').trigger('click')
    await until(() => (document.querySelector('.missing-dialog')?.textContent ?? '').includes('还缺 1 项'))
    const text = document.querySelector('.missing-dialog')!.textContent ?? ''
    expect(text).toContain('还缺 1 项，暂不能完成')
    expect(text).toContain('缺少会议地点')
    expect(text).not.toContain('签名')
    expect((await store.getRecord(doc.id))?.place).toBe('三楼党员活动室')
  })

  it('the time wheels open at the last meeting\'s hour, and the end wheel after its length', async () => {
    const earlier = await completeDraft(store, members.slice(0, 3))
    await store.saveRecord({ ...earlier, startTime: '09:30', endTime: '11:00', status: 'final', finishedAt: '2026-05-12T09:00:00.000Z' })
    await store.discardDraft(earlier.id)
    mounted = await mountAt('/records/new/committee-meeting', PAGES)
    await until(() => mounted!.wrapper.find('[data-testid="field-start-time"]').exists())
    const selected = () => [...document.querySelectorAll('.van-picker-column__item--selected')].map((e) => e.textContent?.trim())
    // The last meeting is read in the background after the page opens (a person takes longer than this).
    await new Promise((resolve) => setTimeout(resolve, 150))
    await mounted.wrapper.find('[data-testid="field-start-time"]').trigger('click')
    await until(() => selected().length >= 2)
    expect(selected().slice(0, 2)).toEqual(['09', '30'])
    ;(document.querySelector('.van-picker__confirm') as HTMLElement).click()
    await until(() => (mounted!.wrapper.find('[data-testid="field-start-time"] input').element as HTMLInputElement).value === '09:30')
    await mounted.wrapper.find('[data-testid="field-end-time"]').trigger('click')
    await until(() => selected().includes('11') && selected().includes('00'))
  })

  it('shows a failed draft write plainly, keeps the text, and saves on retry', async () => {
    const { control } = instrument(store)
    // What the local store raises when IndexedDB reports a full disk.
    control.fail = toLocalStoreError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
    mounted = await mountAt('/records/new/committee-meeting', PAGES)
    await until(() => mounted!.wrapper.find('[data-testid="field-place"]').exists())
    await type(mounted, 'field-place', '礼堂')

    await until(() => mounted!.wrapper.find('[data-testid="save-state"]').attributes('data-state') === 'error', 2000)
    const state = mounted.wrapper.find('[data-testid="save-state"]').text()
    expect(state).toContain('草稿没有保存成功')
    expect(state).toContain('手机存储空间不足')
    expect((mounted.wrapper.find('[data-testid="field-place"] input').element as HTMLInputElement).value).toBe('礼堂')
    expect(await drafts(store)).toHaveLength(0)
    expect(mounted.wrapper.find('[data-testid="draft-save"]').text()).toBe('重试保存')

    control.fail = undefined
    await mounted.wrapper.find('[data-testid="draft-save"]').trigger('click')
    await vi.waitFor(async () => expect((await drafts(store))[0]?.doc.place).toBe('礼堂'), { timeout: 1000, interval: 10 })
    await until(() => mounted!.wrapper.find('[data-testid="save-state"]').attributes('data-state') === 'saved')
  })

  it('discarding a new record asks first, then removes its draft', async () => {
    instrument(store)
    mounted = await mountAt('/records/new/committee-meeting', { ...PAGES, book: { template: '<div>book</div>' } })
    await until(() => mounted!.wrapper.find('[data-testid="field-place"]').exists())
    await type(mounted, 'field-place', '临时')
    await flushOpenEditors()
    expect(await drafts(store)).toHaveLength(1)

    await mounted.wrapper.find('[data-testid="draft-discard"]').trigger('click')
    await until(() => bodyText().includes('放弃草稿？'))
    ;(document.querySelector('.van-dialog__confirm') as HTMLElement).click()
    await until(() => mounted!.router.currentRoute.value.name === 'book')
    expect(await drafts(store)).toHaveLength(0)
    expect(await store.listRecords({})).toHaveLength(0)
  })
})
