// @vitest-environment happy-dom
// The sync store and its components (happy-dom): sign-in, the status bar's counts and button,
// per-record badges, resolving a conflict field by field. The engine's behaviour against the real
// server is tested in tests/unit/sync; here a small in-memory server stands behind the transport
// (this project type-checks app code and cannot include the Node server).
import 'fake-indexeddb/auto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h, type Component } from 'vue'
import Vant from 'vant'
import type { Change, Mutation, MutationResult, PullResponse, PushRequest } from '@/domain/protocol'
import type { BranchRecord } from '@/domain/types'
import { buildRecord } from '../support/recordBuilder'
import type { LocalStore } from '@/local/contract'
import { openLocalStore } from '@/local/localStore'
import { openSyncLocal, type SyncLocal } from '@/local/syncApply'
import { i18n, setLocale } from '@/app/i18n'
import { provideLocalStore, useLocal } from '@/app/services/localStore'
import { setSyncEnvironment, useSyncStore } from '@/app/stores/sync'
import SyncStatusBar from '@/app/components/sync/SyncStatusBar.vue'
import RecordSyncBadge from '@/app/components/sync/RecordSyncBadge.vue'
import ConflictResolver from '@/app/components/sync/ConflictResolver.vue'
import SignInForm from '@/app/components/sync/SignInForm.vue'
import type { HttpTransport } from '@/sync/httpTransport'
import { createSessionStore, type SessionStore, type StoredSession } from '@/sync/session'
import { createSyncEngine } from '@/sync/syncEngine'
import { TransportError } from '@/sync/transport'

const PASSWORD = 'correct-horse-battery'
const BRANCH = 'branch-1'
type Doc = Record<string, unknown>

/** Just enough of the sync server: heads with revisions, a feed, idempotent answers, sessions. */
class FakeServer {
  heads = new Map<string, { rev: number; doc: Doc; deleted: boolean }>()
  feed: Change[] = []
  answers = new Map<string, MutationResult>()
  tokens = new Set<string>()
  pulls = 0
  seq = 0
  received: Mutation[] = []

  push(req: PushRequest): MutationResult[] {
    this.received.push(...req.mutations)
    return req.mutations.map((m) => {
      const done = this.answers.get(m.mutationId)
      if (done) return done
      const result = this.apply(m)
      this.answers.set(m.mutationId, result)
      return result
    })
  }

  private apply(m: Mutation): MutationResult {
    if (m.doc?.kind === 'no-such-kind') {
      return { mutationId: m.mutationId, status: 'rejected', reason: 'invalid-document', message: '数据校验未通过', details: ['kind: unknown record kind "no-such-kind"'] }
    }
    const key = `${m.entity}:${m.id}`
    const rev = (this.heads.get(key)?.rev ?? 0) + 1
    const doc = m.doc ?? {}
    this.heads.set(key, { rev, doc, deleted: m.deleted === true })
    this.feed = this.feed.filter((c) => `${c.entity}:${c.id}` !== key)
    this.feed.push({ seq: ++this.seq, entity: m.entity, id: m.id, branchId: BRANCH, rev, doc, deleted: m.deleted === true, conflict: null, updatedAt: new Date().toISOString() })
    return { mutationId: m.mutationId, status: 'applied', rev, merged: false }
  }

  pull(cursor: number, limit: number): PullResponse {
    this.pulls++
    const after = this.feed.filter((c) => c.seq > cursor)
    const changes = after.slice(0, limit)
    return { changes, cursor: changes.at(-1)?.seq ?? cursor, hasMore: after.length > limit }
  }
}

function fakeTransport(server: FakeServer, session: SessionStore): HttpTransport {
  async function authorized(): Promise<void> {
    const token = (await session.read())?.token
    if (!token || !server.tokens.has(token)) {
      await session.expire()
      throw new TransportError('unauthorized', '请先登录 / Please sign in', 401)
    }
  }
  return {
    hasSession: async () => Boolean((await session.read())?.token),
    async push(req) {
      await authorized()
      return { results: server.push(structuredClone(req)) }
    },
    async pull(cursor, limit) {
      await authorized()
      return structuredClone(server.pull(cursor, limit))
    },
    attachmentExists: async () => true,
    uploadAttachment: async () => undefined,
    downloadAttachment: async () => new Blob([]),
    revisions: async () => [],
    async signIn(username, password) {
      if (password !== PASSWORD) throw new TransportError('unauthorized', '用户名或密码不正确 / Wrong username or password', 401)
      const token = `token-${server.tokens.size + 1}`
      server.tokens.add(token)
      const stored: StoredSession = { token, user: { id: `u-${username}`, username, displayName: username, role: 'secretary', branchId: BRANCH } }
      await session.write(stored)
      return stored
    },
    async signOut() {
      await session.clear()
    },
  }
}

function record(over: Partial<BranchRecord> = {}): BranchRecord {
  return buildRecord({
    id: `rec-${Math.random().toString(36).slice(2, 10)}`,
    branchId: BRANCH,
    date: '2026-03-05',
    createdAt: '2026-03-05T08:00:00.000Z',
    updatedAt: '2026-03-05T08:00:00.000Z',
    ...over,
  })
}

const Stub = defineComponent({ render: () => h('div') })
function mountWith(component: Component, props: Record<string, unknown> = {}) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: Stub },
      { path: '/sign-in', name: 'sign-in', component: Stub },
      { path: '/sync/conflicts', name: 'sync-conflicts', component: Stub },
      { path: '/sync/conflicts/:entity/:id', name: 'sync-conflict', component: Stub },
    ],
  })
  return mount(component, { props, global: { plugins: [Vant, router, i18n] }, attachTo: document.body })
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 5))
  }
}

let server: FakeServer
let store: LocalStore
let syncLocal: SyncLocal
let session: SessionStore
let counter = 0

beforeEach(async () => {
  setLocale('zh-CN')
  server = new FakeServer()
  const dbName = `sync-ui-${Date.now()}-${++counter}`
  store = await openLocalStore({ dbName })
  syncLocal = openSyncLocal({ dbName })
  session = createSessionStore(syncLocal)
  const transport = fakeTransport(server, session)
  provideLocalStore(store)
  // Saves wake sync after 0 ms here (2 s in the app); no window events in these tests.
  setSyncEnvironment(() => ({
    local: syncLocal,
    transport,
    engine: createSyncEngine({ transport, local: syncLocal, now: () => new Date(), random: () => 0.5 }),
    triggerEnv: { setTimeout: (fn) => setTimeout(fn, 0), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
  }))
  setActivePinia(createPinia())
})

afterEach(() => {
  document.body.innerHTML = ''
  setSyncEnvironment(undefined)
  provideLocalStore(undefined)
  store.close()
  syncLocal.close()
})

describe('sync store', () => {
  it('keeps work local before sign-in, then sends it; saves wake sync by themselves', async () => {
    const sync = useSyncStore()
    await sync.start()
    const local = await useLocal()
    const rec = record()
    await local.saveRecord(rec)
    await settle()
    expect(sync.unsentCount).toBe(1)
    expect(sync.signedIn).toBe(false)
    expect(sync.status.phase).toBe('signed-out')
    // Never signed in on this device: 仅本机, not 待上传.
    expect(sync.stateOf(rec.id)).toBe('local-only')

    await sync.signIn('secretary', PASSWORD)
    await vi.waitFor(async () => {
      await flushPromises()
      expect(sync.unsentCount).toBe(0)
    })
    expect(sync.stateOf(rec.id)).toBe('synced')
    expect(sync.user?.username).toBe('secretary')
    expect(sync.lastSyncAt).toBeTruthy()
    expect(server.heads.get(`record:${rec.id}`)?.rev).toBe(1)

    // A save through the app's one local-store handle starts the next sync without anyone asking.
    await local.saveRecord({ ...rec, title: '改过的标题' })
    await vi.waitFor(async () => {
      await flushPromises()
      expect(server.heads.get(`record:${rec.id}`)?.doc.title).toBe('改过的标题')
    })
    // Drafts are not synced and do not wake sync.
    const pushes = server.answers.size
    await local.saveDraft({ ...rec, title: '草稿' })
    await settle()
    expect(server.answers.size).toBe(pushes)
  })

  it('an expired session: sync says so, nothing unsent is lost, signing in again resumes', async () => {
    const sync = useSyncStore()
    await sync.start()
    await sync.signIn('secretary', PASSWORD)
    await settle()
    server.tokens.clear()
    const local = await useLocal()
    const rec = record()
    await local.saveRecord(rec)
    await sync.syncNow()
    expect(sync.sessionExpired).toBe(true)
    expect(sync.status.phase).toBe('signed-out')
    expect(sync.unsentCount).toBe(1)
    expect(sync.stateOf(rec.id)).toBe('pending')
    await sync.signIn('secretary', PASSWORD)
    await vi.waitFor(async () => {
      await flushPromises()
      expect(sync.stateOf(rec.id)).toBe('synced')
    })
  })
})

describe('sync components', () => {
  it('SyncStatusBar: never signed in, it says once what signing in gives, then stays quiet', async () => {
    const local = await useLocal()
    await local.saveRecord(record())
    const bar = mountWith(SyncStatusBar)
    await settle()
    // Nothing will be uploaded and nothing was ever synced: no counts, no "尚未同步".
    expect(bar.find('[data-testid="sync-local-only"]').text()).toBe('未登录：记录都保存在这台手机上')
    expect(bar.text()).toContain('登录后，支部其他成员的手机也能看到这些记录，换手机或手机丢了也不会丢。')
    expect(bar.find('[data-testid="sync-unsent"]').exists()).toBe(false)
    expect(bar.text()).not.toMatch(/待上传|全部已上传|尚未同步/)
    expect(bar.find('[data-testid="sync-sign-in"]').exists()).toBe(true)

    await bar.find('[data-testid="sync-dismiss"]').trigger('click')
    await settle()
    expect(bar.find('[data-testid="sync-status-bar"]').exists()).toBe(false)
    // More records and a fresh start of the app: still quiet (kept on the device).
    await local.saveRecord(record())
    bar.unmount()
    setActivePinia(createPinia())
    const again = mountWith(SyncStatusBar)
    await settle()
    expect(useSyncStore().unsentCount).toBe(2)
    expect(again.find('[data-testid="sync-status-bar"]').exists()).toBe(false)
    expect(again.text()).toBe('')
  })

  it('SyncStatusBar: unsent count, last sync, then 立即同步, in both languages', async () => {
    const sync = useSyncStore()
    const local = await useLocal()
    await local.saveRecord(record())
    const bar = mountWith(SyncStatusBar)
    await settle()
    expect(bar.find('[data-testid="sync-local-only"]').exists()).toBe(true)

    await sync.signIn('secretary', PASSWORD)
    await vi.waitFor(async () => {
      await flushPromises()
      expect(bar.find('[data-testid="sync-unsent"]').text()).toBe('全部已上传')
    })
    expect(bar.find('[data-testid="sync-last"]').text()).toMatch(/^上次同步 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    const button = bar.find('[data-testid="sync-now"]')
    expect(button.text()).toContain('立即同步')
    const pulls = server.pulls
    await button.trigger('click')
    await settle()
    expect(server.pulls).toBeGreaterThan(pulls)

    await setLocale('en')
    await flushPromises()
    expect(bar.find('[data-testid="sync-unsent"]').text()).toBe('Everything uploaded')
    expect(bar.find('[data-testid="sync-now"]').text()).toContain('Sync now')
  })

  it('RecordSyncBadge follows the record: 仅本机 → 已同步, and 出错 with the reason', async () => {
    const sync = useSyncStore()
    await sync.start()
    const local = await useLocal()
    const rec = record()
    const bad = record({ kind: 'no-such-kind' })
    await local.saveRecord(rec)
    await settle()
    const badge = mountWith(RecordSyncBadge, { recordId: rec.id })
    const badBadge = mountWith(RecordSyncBadge, { recordId: bad.id })
    await settle()
    expect(badge.text()).toBe('仅本机')
    await sync.signIn('secretary', PASSWORD)
    await local.saveRecord(bad)
    await vi.waitFor(async () => {
      await flushPromises()
      expect(badge.text()).toBe('已同步')
      expect(badBadge.text()).toBe('出错')
    })
    expect(badBadge.attributes('title')).toMatch(/no-such-kind/)
    expect(badBadge.attributes('role')).toBe('button')
    // A state passed in (e.g. from a list item) is used when the store knows nothing of the record.
    const fromList = mountWith(RecordSyncBadge, { state: 'pending' })
    await settle()
    expect(fromList.text()).toBe('待上传')
  })

  it('SignInForm says plainly when the password is wrong, and what to do offline', async () => {
    const form = mountWith(SignInForm)
    await form.find('[data-testid="sign-in-username"] input').setValue('secretary')
    await form.find('[data-testid="sign-in-password"] input').setValue('wrong-password!')
    await form.find('form').trigger('submit')
    await vi.waitFor(async () => {
      await flushPromises()
      expect(form.find('[data-testid="sign-in-error"]').text()).toBe('用户名或密码不正确')
    })
    expect(useSyncStore().signedIn).toBe(false)
    expect(form.text()).toContain('离线也能继续记录，只有同步需要登录')
  })

  it('ConflictResolver shows each version per field, asks for every choice, and queues the result', async () => {
    const sync = useSyncStore()
    await sync.start()
    await sync.signIn('secretary', PASSWORD)
    const local = await useLocal()
    const rec = record({ title: '原标题', place: '原地点' })
    await local.saveRecord(rec)
    await sync.syncNow()
    // This device's edit meets another device's on the server: the answer is a conflict.
    await local.saveRecord({ ...rec, title: '本机的标题', place: '本机的地点', summary: '本机的小结' })
    const [sent] = await syncLocal.nextPushBatch(10)
    await syncLocal.applyPushResults([
      {
        mutationId: sent!.mutationId,
        status: 'conflict',
        rev: 3,
        doc: { ...rec, title: '另一台的标题', place: '另一台的地点', summary: '本机的小结' } as unknown as Doc,
        deleted: false,
        conflicts: [
          { field: 'title', base: '原标题', local: '本机的标题', remote: '另一台的标题' },
          { field: 'place', base: '原地点', local: '本机的地点', remote: '另一台的地点' },
        ],
      },
    ])
    await sync.refresh()
    expect(sync.stateOf(rec.id)).toBe('conflict')
    expect(sync.conflictCount).toBe(1)

    const resolver = mountWith(ConflictResolver, { entity: 'record', id: rec.id })
    await settle()
    const fields = resolver.findAll('[data-testid="conflict-field"]')
    expect(fields.map((f) => f.find('h3').text())).toEqual(['会议名称', '地点'])
    const titleOptions = fields[0]!.findAll('[data-testid="conflict-option"]')
    // Stored by an older version: nobody named, the versions still told apart.
    expect(titleOptions.map((o) => o.text())).toEqual(['保留当前版本另一台的标题', '保留另一处修改本机的标题'])
    expect(resolver.find('[data-testid="conflict-author"]').exists()).toBe(false)
    expect(fields[0]!.text()).toContain('原来：原标题')
    const apply = () => resolver.find('[data-testid="conflict-apply"]')
    expect(apply().attributes('disabled')).toBeDefined()
    await titleOptions[1]!.trigger('click')
    await flushPromises()
    // One field chosen, one not: still not allowed.
    expect(apply().attributes('disabled')).toBeDefined()
    await fields[1]!.findAll('[data-testid="conflict-option"]')[0]!.trigger('click')
    await flushPromises()
    expect(apply().attributes('disabled')).toBeUndefined()
    await apply().trigger('click')
    await vi.waitFor(async () => {
      await flushPromises()
      expect(resolver.emitted('resolved')).toBeTruthy()
    })
    expect(await local.getRecord(rec.id)).toMatchObject({ title: '本机的标题', place: '另一台的地点', summary: '本机的小结' })
    expect(sync.conflictCount).toBe(0)
    // The choice goes up on top of the server's head and says it settles the conflict.
    await vi.waitFor(() => {
      expect(server.received.at(-1)).toMatchObject({ baseRev: 3, resolvesConflict: true, doc: { title: '本机的标题', place: '另一台的地点' } })
    })
  })
})

describe('conflicts say whose text is whose', () => {
  /** Local time 15:02 on 4 December 2026, whatever the machine's time zone. */
  const AT = new Date(2026, 11, 4, 15, 2).toISOString()
  const MINE_AT = new Date(2026, 11, 4, 15, 1).toISOString()
  const BASE_SUMMARY = '会议传达了上级精神，研究了发展党员工作。'
  const MY_SUMMARY = `${BASE_SUMMARY}周建华补充：下月开展主题党日。`
  const THEIR_SUMMARY = `${BASE_SUMMARY}林晓梅补充：整理会议照片。`

  /** A record synced once, then this device's edit answered by the server as a clash with 林晓梅's. */
  async function clash(conflicts: (me: string) => NonNullable<Extract<MutationResult, { status: 'conflict' }>['conflicts']>, head: Partial<BranchRecord>, deleted = false) {
    const sync = useSyncStore()
    await sync.start()
    await sync.signIn('secretary', PASSWORD)
    const local = await useLocal()
    const rec = record({ place: '原地点', summary: BASE_SUMMARY })
    await local.saveRecord(rec)
    await sync.syncNow()
    await local.saveRecord({ ...rec, place: '本机的地点', summary: MY_SUMMARY })
    const [sent] = await syncLocal.nextPushBatch(10)
    const me = await syncLocal.getDeviceId()
    await syncLocal.applyPushResults([
      { mutationId: sent!.mutationId, status: 'conflict', rev: 3, doc: { ...rec, ...head } as unknown as Doc, deleted, conflicts: conflicts(me) },
    ])
    await sync.refresh()
    const resolver = mountWith(ConflictResolver, { entity: 'record', id: rec.id })
    await settle()
    return { sync, local, rec, me, resolver }
  }
  const lin = { userId: 'u-lin', userName: '林晓梅', deviceId: 'dev-lin', at: AT, rev: 2 }
  const mine = (me: string) => ({ userId: 'u-secretary', userName: 'secretary', deviceId: me, at: MINE_AT, rev: 3 })

  it('names both sides, marks what only one long text has, and saves a combined text the person edited', async () => {
    const { local, rec, resolver } = await clash(
      (me) => [
        { field: 'place', base: '原地点', local: '本机的地点', remote: '党群服务中心', localBy: mine(me), remoteBy: lin },
        { field: 'summary', base: BASE_SUMMARY, local: MY_SUMMARY, remote: THEIR_SUMMARY, localBy: mine(me), remoteBy: lin },
      ],
      { place: '党群服务中心', summary: THEIR_SUMMARY },
    )
    const fields = resolver.findAll('[data-testid="conflict-field"]')
    expect(fields.map((f) => f.find('h3').text())).toEqual(['地点', '主持人小结'])
    // Mine first, then 林晓梅's, each saying who and where.
    const authors = (i: number) => fields[i]!.findAll('[data-testid="conflict-author"]').map((a) => a.text())
    expect(authors(0)).toEqual(['我 · 本机', '林晓梅 · 12月4日 15:02 · 另一台手机'])
    expect(fields[0]!.findAll('.option-keep').map((k) => k.text())).toEqual(['保留我的', '保留林晓梅的', '合在一起再改'])
    // A short value is shown whole; a long one marks the passage only that version has.
    expect(fields[0]!.find('[data-testid="conflict-diff"]').exists()).toBe(false)
    const diffs = fields[1]!.findAll('[data-testid="conflict-diff"]')
    expect(diffs.map((d) => d.text())).toEqual([MY_SUMMARY, THEIR_SUMMARY])
    expect(diffs.map((d) => d.findAll('mark').map((m) => m.text()))).toEqual([['周建华补充：下月开展主题党日'], ['林晓梅补充：整理会议照片']])
    expect(fields[1]!.text()).toContain('标色的文字只在这一份里')

    // Keep 林晓梅's place; put both summaries together and edit.
    await fields[0]!.findAll('[data-testid="conflict-option"]')[1]!.trigger('click')
    await fields[1]!.find('[data-testid="conflict-combine"]').trigger('click')
    await flushPromises()
    const box = resolver.find<HTMLTextAreaElement>('[data-testid="conflict-combined-text"]')
    expect(box.element.value).toBe(`${BASE_SUMMARY}周建华补充：下月开展主题党日。\n林晓梅补充：整理会议照片。`)
    // Emptied, it cannot be saved (the person is told why).
    await box.setValue('  ')
    expect(resolver.find('[data-testid="conflict-apply"]').attributes('disabled')).toBeDefined()
    expect(resolver.text()).toContain('合并后的内容不能为空')
    const final = `${BASE_SUMMARY}周建华补充：下月开展主题党日，林晓梅整理会议照片。`
    await box.setValue(final)
    await resolver.find('[data-testid="conflict-apply"]').trigger('click')
    await vi.waitFor(async () => {
      await flushPromises()
      expect(resolver.emitted('resolved')).toBeTruthy()
    })
    expect(await local.getRecord(rec.id)).toMatchObject({ place: '党群服务中心', summary: final })
    await vi.waitFor(() => {
      expect(server.received.at(-1)).toMatchObject({ baseRev: 3, resolvesConflict: true, doc: { place: '党群服务中心', summary: final } })
    })
  })

  it('in English, and another phone of my own account is "Me · … · another phone"', async () => {
    await setLocale('en')
    const { resolver } = await clash(
      (me) => [{ field: 'place', base: '原地点', local: '本机的地点', remote: '党群服务中心', localBy: mine(me), remoteBy: { ...lin, userId: 'u-secretary', userName: 'secretary' } }],
      { place: '党群服务中心' },
    )
    expect(resolver.findAll('[data-testid="conflict-author"]').map((a) => a.text())).toEqual(['Me · this phone', 'Me · Dec 4, 15:02 · another phone'])
    expect(resolver.findAll('.option-keep').map((k) => k.text())).toEqual(['Keep mine', 'Keep the other phone’s', 'Put both together and edit'])
  })

  it('deleted on this phone, edited by 林晓梅: who deleted, who edited, and the edits a deletion drops', async () => {
    const { local, rec, resolver } = await clash(
      (me) => [
        {
          field: '$deleted',
          base: false,
          local: true,
          remote: false,
          localBy: mine(me),
          remoteBy: lin,
          edits: [{ field: 'summary', before: BASE_SUMMARY, after: THEIR_SUMMARY }, { field: 'place', before: '原地点', after: '党群服务中心' }],
        },
      ],
      { place: '党群服务中心', summary: THEIR_SUMMARY },
    )
    expect(resolver.find('.intro').text()).toBe('一台手机删除了这条记录，另一台手机同时修改了它。请选择保留还是删除。')
    expect(resolver.find('[data-testid="conflict-deleted-by"]').text()).toBe('我 · 本机 删除了这条记录')
    expect(resolver.find('[data-testid="conflict-edited-by"]').text()).toBe('林晓梅 · 12月4日 15:02 · 另一台手机 修改了下面的内容；如果删除，这些修改会一起丢掉：')
    const edits = resolver.find('[data-testid="conflict-edits"]')
    expect(edits.findAll('dt').map((d) => d.text())).toEqual(['主持人小结', '地点'])
    expect(edits.findAll('dd').map((d) => d.text())).toEqual([`${THEIR_SUMMARY}原来：${BASE_SUMMARY}`, '党群服务中心原来：原地点'])
    const options = resolver.findAll('[data-testid="conflict-option"]')
    expect(options.map((o) => o.text())).toEqual(['保留这条记录（含上面的修改）林晓梅 · 12月4日 15:02 · 另一台手机', '删除这条记录（上面的修改将丢失）我 · 本机'])
    // No "combine" for a deletion.
    expect(resolver.find('[data-testid="conflict-combine"]').exists()).toBe(false)
    await options[0]!.trigger('click')
    await resolver.find('[data-testid="conflict-apply"]').trigger('click')
    await vi.waitFor(async () => {
      await flushPromises()
      expect(resolver.emitted('resolved')).toBeTruthy()
    })
    expect(await local.getRecord(rec.id)).toMatchObject({ summary: THEIR_SUMMARY, place: '党群服务中心' })
    await vi.waitFor(() => {
      expect(server.received.at(-1)).toMatchObject({ baseRev: 3, resolvesConflict: true })
      expect(server.received.at(-1)?.deleted).toBeUndefined()
    })
  })
})
