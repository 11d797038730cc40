/* eslint-disable vue/one-component-per-file -- test scaffolding: a stub page and a root, not app components */
// Mounting the quarterly check's pages: a fresh local store, a sync store on the same database (so a
// test can say who is signed in), and a router with every route name the check's pages link to.
import 'fake-indexeddb/auto'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter, RouterView, type RouteRecordRaw } from 'vue-router'
import { defineComponent, h, type Component } from 'vue'
import Vant from 'vant'
import type { Role } from '@/domain/protocol'
import type { BranchRecord, Member } from '@/domain/types'
import { newRecord } from '@/domain/recordFactory'
import type { LocalStore } from '@/local/contract'
import { openLocalStore } from '@/local/localStore'
import { openSyncLocal, type SyncLocal } from '@/local/syncApply'
import { createHttpTransport } from '@/sync/httpTransport'
import { createSessionStore, META_SESSION } from '@/sync/session'
import { createSyncEngine } from '@/sync/syncEngine'
import { provideLocalStore } from '@/app/services/localStore'
import { setSyncEnvironment } from '@/app/stores/sync'
import { i18n } from '@/app/i18n'
import type { Mounted } from './appTestSupport'

let counter = 0

export interface CheckWorld {
  store: LocalStore
  syncLocal: SyncLocal
  /** Signs a user in on this device (the session only; nothing is sent anywhere). */
  signInAs(role: Role, displayName: string, branchId: string | null): Promise<void>
  close(): void
}

export async function openCheckWorld(): Promise<CheckWorld> {
  const dbName = `check-${Date.now()}-${++counter}-${Math.random().toString(36).slice(2)}`
  const store = await openLocalStore({ dbName })
  const syncLocal = openSyncLocal({ dbName })
  const session = createSessionStore(syncLocal)
  provideLocalStore(store)
  setSyncEnvironment(() => {
    const transport = createHttpTransport({ session, baseUrl: 'http://127.0.0.1:9' })
    return {
      local: syncLocal,
      transport,
      engine: createSyncEngine({ transport, local: syncLocal, now: () => new Date(), random: () => 0.5 }),
      triggerEnv: { setTimeout: (fn) => setTimeout(fn, 0), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    }
  })
  return {
    store,
    syncLocal,
    signInAs: (role, displayName, branchId) =>
      syncLocal.writeMeta(META_SESSION, { token: 'test-token', user: { id: `u-${role}`, username: role, displayName, role, branchId } }),
    close() {
      setSyncEnvironment(undefined)
      provideLocalStore(undefined)
      store.close()
      syncLocal.close()
    },
  }
}

const Stub = defineComponent({ name: 'StubPage', render: () => h('div', { class: 'stub-page' }) })

const ROUTES: [string, string][] = [
  ['home', '/'],
  ['books', '/books'],
  ['book', '/books/:kind'],
  ['record-new', '/records/new/:kind'],
  ['record-edit', '/records/:id/edit'],
  ['record', '/records/:id'],
  ['branch', '/branch'],
  ['check', '/check'],
  ['check-rules', '/check/rules'],
  ['check-quarter', '/check/:year/:quarter'],
  ['check-volume', '/check/:year/:quarter/volume'],
  ['review', '/review'],
]

/** Mounts the pages given (by route name) at `path`, with Vant, Pinia, i18n and the real route names. */
export async function mountCheck(path: string, pages: Record<string, Component>): Promise<Mounted> {
  const pinia = createPinia()
  setActivePinia(pinia)
  const routes: RouteRecordRaw[] = ROUTES.map(([name, p]) => ({ name, path: p, component: pages[name] ?? Stub, props: true }))
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  const App = defineComponent({ render: () => h('div', { id: 'test-root' }, [h(RouterView)]) })
  const wrapper = mount(App, { global: { plugins: [Vant, pinia, router, i18n] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router, pinia }
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0])

/**
 * A finished meeting record with every required element (so only what a test changes is a finding),
 * entered on the day of the meeting.
 */
export async function completeRecord(store: LocalStore, kind: string, date: string, members: Member[], over: Partial<BranchRecord> = {}): Promise<BranchRecord> {
  const doc = newRecord(kind, { branch: { id: 'branch-1' }, members, now: `${date}T06:30:00.000Z` })
  const signature = await store.putAttachment(new Blob([PNG], { type: 'image/png' }), { role: 'signature', mime: 'image/png', width: 1, height: 1 })
  const first = doc.agenda[0]
  if (first) {
    first.title = '学习习近平总书记关于基层党建的重要论述'
    first.material = { title: '关于基层党建的重要论述', source: '《求是》2026年第5期', speechDate: '2026-03-01' }
  }
  Object.assign(doc, {
    date,
    title: `${date}会议`,
    startTime: '14:30',
    endTime: '16:00',
    place: '三楼党员活动室',
    chair: members[0]?.name ?? '王建国',
    recorder: members[1]?.name ?? '李晓梅',
    ended: true,
    decisions: [],
    summary: `${date}：会议研究部署了本月工作，各委员按分工抓好落实，下次会议听取进展情况汇报。`,
    signatures: { chair: signature, recorder: signature },
    status: 'final',
    finishedAt: `${date}T09:00:00.000Z`,
    ...over,
  })
  await store.saveRecord(doc)
  return doc
}
