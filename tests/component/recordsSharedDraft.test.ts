// @vitest-environment happy-dom
// Shared drafts (共享草稿): the editor's switch writes a synced `shared-draft` entity next to the local
// draft (throttled, and at once on flush), deletes it when switched off, finished or discarded; a draft
// shared from another device shows in the book once and opens in the editor with its text.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SharedDraftDoc } from '@/domain/protocol'
import type { BranchRecord, Member } from '@/domain/types'
import { newRecord } from '@/domain/recordFactory'
import type { LocalStore, OutboxMutation } from '@/local/contract'
import { LocalStoreError } from '@/local/contract'
import { provideLocalStore } from '@/app/services/localStore'
import { flushOpenEditors } from '@/app/composables/useOpenEditors'
import BookPage from '@/app/pages/BookPage.vue'
import RecordEditorPage from '@/app/pages/RecordEditorPage.vue'
import { bodyText, cleanUp, freshLocalStore, makeBranch, makeMember, mountAt, resetLocale, until, type Mounted } from './appTestSupport'

const YEAR = new Date().getFullYear()
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0])
const EDITOR = { 'record-new': RecordEditorPage, 'record-edit': RecordEditorPage }

async function sharedMutations(store: LocalStore): Promise<OutboxMutation[]> {
  return (await store.pendingMutations(1000)).filter((m) => m.entity === 'shared-draft')
}

function draftDoc(members: Member[], patch: Partial<BranchRecord> = {}): BranchRecord {
  const doc = newRecord('committee-meeting', { branch: { id: 'branch-1' }, members, now: `${YEAR}-03-12T06:30:00.000Z`, sequence: 2 })
  return { ...doc, place: '三楼党员活动室', chair: '王建国', recorder: '李晓梅', ...patch }
}

function sharedDoc(record: BranchRecord, sharedBy: string, sharedAt = new Date().toISOString()): SharedDraftDoc {
  return { id: record.id, branchId: record.branchId, record: { ...record, status: 'draft' }, sharedBy, sharedAt, updatedAt: sharedAt }
}

async function setValue(mounted: Mounted, testid: string, text: string): Promise<void> {
  const input = mounted.wrapper.find(`[data-testid="${testid}"] input, [data-testid="${testid}"] textarea`)
  expect(input.exists(), `input ${testid}`).toBe(true)
  await input.setValue(text)
}

function shareSwitch(mounted: Mounted) {
  return mounted.wrapper.find('[data-testid="draft-share-switch"]')
}

/** Waits for an IndexedDB-backed assertion to pass. */
const eventually = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 3000, interval: 20 })

const isOn = (mounted: Mounted) => shareSwitch(mounted).classes().includes('van-switch--on')

describe('shared drafts', () => {
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
    ]
    await store.saveMembers(members)
  })
  afterEach(() => {
    cleanUp(mounted)
    mounted = undefined
    vi.restoreAllMocks()
  })

  it('is off by default; on writes a shared-draft mutation, typing is throttled, flush shares, off writes a tombstone', async () => {
    const doc = draftDoc(members)
    await store.saveDraft(doc)
    mounted = await mountAt(`/records/${doc.id}/edit`, EDITOR)
    await until(() => shareSwitch(mounted!).exists())
    expect(mounted.wrapper.find('[data-testid="draft-share"]').text()).toContain('共享草稿（同步给本支部其他人，可在另一台设备上接着写）')
    expect(isOn(mounted)).toBe(false)
    expect(await sharedMutations(store)).toHaveLength(0)

    await shareSwitch(mounted).trigger('click')
    await eventually(async () => expect((await sharedMutations(store))).toHaveLength(1))
    const [first] = await sharedMutations(store)
    expect(first).toMatchObject({ entity: 'shared-draft', entityId: doc.id, baseRev: 0 })
    expect(first!.doc).toMatchObject({ id: doc.id, branchId: 'branch-1', sharedBy: '李晓梅', record: { id: doc.id, status: 'draft', place: '三楼党员活动室' } })
    await until(() => mounted!.wrapper.find('[data-testid="draft-share"]').text().includes('已共享'))
    expect(isOn(mounted)).toBe(true)

    // Typing saves the local draft as always; the shared copy waits (at most one write every few seconds).
    await setValue(mounted, 'field-place', '二楼会议室')
    await vi.waitFor(async () => expect((await store.getDraft(doc.id))?.doc.place).toBe('二楼会议室'), { timeout: 2000, interval: 20 })
    expect(await sharedMutations(store)).toHaveLength(1)
    // A flush (leaving, hiding, an update) shares at once.
    await flushOpenEditors()
    const afterFlush = await sharedMutations(store)
    expect(afterFlush).toHaveLength(2)
    expect((afterFlush[1]!.doc as unknown as SharedDraftDoc).record.place).toBe('二楼会议室')
    // Nothing changed since: another flush writes nothing more.
    await flushOpenEditors()
    expect(await sharedMutations(store)).toHaveLength(2)

    await shareSwitch(mounted).trigger('click')
    await eventually(async () => expect((await sharedMutations(store))).toHaveLength(3))
    const tombstone = (await sharedMutations(store))[2]!
    expect(tombstone.doc).toMatchObject({ id: doc.id, deleted: true })
    expect(await store.listEntities('shared-draft')).toHaveLength(0)
    expect(isOn(mounted)).toBe(false)
    // The local draft is untouched by all of this.
    expect((await store.getDraft(doc.id))?.doc.place).toBe('二楼会议室')
  })

  it('"完成" deletes the shared draft', async () => {
    const doc = draftDoc(members, {
      startTime: '14:30',
      endTime: '16:00',
      ended: true,
      decisions: [{ id: 'd1', text: '同意张志强同志转为正式党员', rule: 'committee', yes: 3, no: 0, abstain: 0 }],
    })
    const signature = await store.putAttachment(new Blob([PNG], { type: 'image/png' }), { role: 'signature', mime: 'image/png', width: 1, height: 1 })
    doc.signatures = { chair: signature, recorder: signature }
    doc.agenda[0]!.title = '学习关于基层党建的重要论述'
    doc.agenda[0]!.material = { title: '关于基层党建的重要论述', source: '《求是》', speechDate: `${YEAR}-03-01` }
    await store.saveDraft(doc)
    mounted = await mountAt(`/records/${doc.id}/edit`, { ...EDITOR, record: { template: '<div>view</div>' } })
    await until(() => shareSwitch(mounted!).exists())
    await shareSwitch(mounted).trigger('click')
    await eventually(async () => expect((await store.listEntities('shared-draft'))).toHaveLength(1))

    await mounted.wrapper.find('[data-testid="record-finish"]').trigger('click')
    await until(() => mounted!.router.currentRoute.value.name === 'record', 4000)
    expect(await store.getRecord(doc.id)).toMatchObject({ status: 'final' })
    await eventually(async () => expect((await store.listEntities('shared-draft'))).toHaveLength(0))
    const shared = await sharedMutations(store)
    expect(shared.at(-1)!.doc).toMatchObject({ id: doc.id, deleted: true })
  })

  it('a failing shared write is shown and never stops the local save', async () => {
    const doc = draftDoc(members)
    await store.saveDraft(doc)
    const failing = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'putEntity') return () => Promise.reject(new LocalStoreError('quota', 'quota'))
        const value = Reflect.get(target, prop, receiver) as unknown
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
      },
    })
    provideLocalStore(failing)
    mounted = await mountAt(`/records/${doc.id}/edit`, EDITOR)
    await until(() => shareSwitch(mounted!).exists())
    await shareSwitch(mounted).trigger('click')
    await until(() => mounted!.wrapper.find('[data-testid="draft-share"]').text().includes('共享没有成功'))
    expect(mounted.wrapper.find('[data-testid="draft-share"]').text()).toContain('手机存储空间不足')

    await setValue(mounted, 'field-place', '礼堂')
    await flushOpenEditors()
    expect((await store.getDraft(doc.id))?.doc.place).toBe('礼堂')
    expect(mounted.wrapper.find('[data-testid="save-state"]').attributes('data-state')).toBe('saved')
    expect(await sharedMutations(store)).toHaveLength(0)
  })

  it('a draft shared from another device shows once in the book and opens in the editor with its text', async () => {
    // Pulled from the server: another phone's draft, shared by 张三.
    const theirs = draftDoc(members, { place: '村委会议室', summary: '张三在另一台手机上写的小结' })
    await store.putEntity('shared-draft', sharedDoc(theirs, '张三'))
    // Shared copies of a record this device keeps as a local draft, and of a finished record: no second line.
    const mine = draftDoc(members, { place: '本机草稿' })
    await store.saveDraft(mine)
    await store.putEntity('shared-draft', sharedDoc(mine, '李晓梅'))
    const finished = draftDoc(members, { status: 'final', finishedAt: `${YEAR}-03-12T09:00:00.000Z` })
    await store.saveRecord(finished)
    await store.putEntity('shared-draft', sharedDoc(finished, '王建国', `${YEAR}-03-01T00:00:00.000Z`))

    mounted = await mountAt('/books/committee-meeting', { book: BookPage, ...EDITOR })
    await until(() => mounted!.wrapper.find(`[data-testid="book-entry-${theirs.id}"]`).exists())
    const entries = mounted.wrapper.findAll('[data-testid^="book-entry-"]').map((e) => e.attributes('data-testid'))
    expect(entries.sort()).toEqual([`book-entry-${theirs.id}`, `book-entry-${mine.id}`, `book-entry-${finished.id}`].sort())
    const theirLine = mounted.wrapper.find(`[data-testid="book-entry-${theirs.id}"]`)
    expect(theirLine.find('[data-testid="tag-shared-draft"]').text()).toBe('共享草稿 · 张三')
    expect(mounted.wrapper.find(`[data-testid="book-entry-${finished.id}"] [data-testid="tag-shared-draft"]`).exists()).toBe(false)

    await theirLine.trigger('click')
    await until(() => mounted!.router.currentRoute.value.name === 'record-edit')
    await until(() => mounted!.wrapper.find('[data-testid="field-place"] input').exists())
    expect((mounted.wrapper.find('[data-testid="field-place"] input').element as HTMLInputElement).value).toBe('村委会议室')
    expect(mounted.wrapper.find('[data-testid="draft-from-shared"]').text()).toContain('张三')
    expect(isOn(mounted)).toBe(true)
    // Copied into this device's drafts: the normal editor from here on, crash-safe locally.
    expect((await store.getDraft(theirs.id))?.doc).toMatchObject({ place: '村委会议室', summary: '张三在另一台手机上写的小结', status: 'draft' })

    // Going on writing updates the same shared draft (one entity, not a second one).
    await setValue(mounted, 'field-place', '党群服务中心')
    await flushOpenEditors()
    const shared = await store.listEntities<SharedDraftDoc>('shared-draft')
    expect(shared.find((s) => s.id === theirs.id)?.record.place).toBe('党群服务中心')
    expect(bodyText()).not.toContain('共享没有成功')
  })
})
