/* eslint-disable vue/one-component-per-file -- small stub components for tests live together here */
// Mounting app pages in happy-dom against a fresh fake-indexeddb database (one per test).
import 'fake-indexeddb/auto'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { createMemoryHistory, createRouter, RouterView, type Router, type RouteRecordRaw } from 'vue-router'
import { defineComponent, h, type Component } from 'vue'
import { vi } from 'vitest'
import Vant, { closeDialog, closeNotify, closeToast } from 'vant'
import type { Branch, Member } from '@/domain/types'
import type { LocalStore } from '@/local/contract'
import { openLocalStore } from '@/local/localStore'
import { provideLocalStore } from '@/app/services/localStore'
import { i18n, setLocale } from '@/app/i18n'

let dbCounter = 0

/** A new, empty database that the app's `useLocal()` will hand out. */
export async function freshLocalStore(): Promise<LocalStore> {
  dbCounter += 1
  const store = await openLocalStore({ dbName: `component-${Date.now()}-${dbCounter}-${Math.random().toString(36).slice(2)}` })
  provideLocalStore(store)
  return store
}

const Stub = defineComponent({ name: 'StubPage', render: () => h('div', { class: 'stub-page' }) })

/** A router with the real route names and paths; pages not under test render an empty stub. */
export function testRouter(pages: Record<string, Component> = {}): Router {
  const names: [string, string][] = [
    ['home', '/'],
    ['books', '/books'],
    ['book', '/books/:kind'],
    ['record-new', '/records/new/:kind'],
    ['record-edit', '/records/:id/edit'],
    ['record', '/records/:id'],
    ['search', '/search'],
    ['branch', '/branch'],
    ['roster', '/roster'],
    ['roster-import', '/roster/import'],
    ['settings', '/settings'],
  ]
  const routes: RouteRecordRaw[] = names.map(([name, path]) => ({ name, path, component: pages[name] ?? Stub }))
  return createRouter({ history: createMemoryHistory(), routes })
}

export interface Mounted {
  wrapper: VueWrapper
  router: Router
  pinia: Pinia
}

/** Mounts `component` as the page at `path` (inside a router-view), with Vant, Pinia and i18n. */
export async function mountAt(path: string, pages: Record<string, Component>, root?: Component): Promise<Mounted> {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = testRouter(pages)
  await router.push(path)
  await router.isReady()
  const App = root ?? defineComponent({ render: () => h('div', { id: 'test-root' }, [h(RouterView)]) })
  const wrapper = mount(App, { global: { plugins: [Vant, pinia, router, i18n] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router, pinia }
}

/** Waits until IndexedDB work and Vue updates settle and `check` passes. */
export async function until(check: () => void | boolean, timeout = 3000): Promise<void> {
  await vi.waitFor(
    async () => {
      await flushPromises()
      const result = check()
      if (result === false) throw new Error(`Still waiting for: ${check.toString()}\nPage text: ${bodyText().slice(0, 600)}`)
    },
    { timeout, interval: 10 },
  )
}

export function resetLocale(): Promise<void> {
  return setLocale('zh-CN')
}

export function makeBranch(partial: Partial<Branch> = {}): Branch {
  return { id: 'branch-1', name: '区发改局机关第一党支部', partyGroups: [], updatedAt: '2026-01-05T08:00:00.000Z', ...partial }
}

let memberCounter = 0
export function makeMember(partial: Partial<Member> = {}): Member {
  memberCounter += 1
  return {
    id: `member-${memberCounter}`,
    branchId: 'branch-1',
    name: `党员${memberCounter}号`,
    membership: 'full',
    situation: 'on-duty',
    votingRights: true,
    active: true,
    updatedAt: '2026-01-05T08:00:00.000Z',
    ...partial,
  }
}

/** Text of everything Vant teleported to <body> (dialogs, popups, toasts, notifies). */
export function bodyText(): string {
  return document.body.textContent ?? ''
}

/** The message of the toast on screen now ('' when none). Vant reuses one hidden toast element. */
export function toastText(): string {
  const visible = [...document.querySelectorAll<HTMLElement>('.van-toast')].filter((el) => el.style.display !== 'none')
  return visible.map((el) => el.textContent ?? '').join(' ')
}

/** Unmounts the page and closes Vant's singletons (toast, notify, dialogs) between tests. */
export function cleanUp(mounted: Mounted | undefined): void {
  mounted?.wrapper.unmount()
  closeToast(true)
  closeNotify()
  closeDialog()
}

/** Clicks the confirm button of the open Vant dialog. */
export async function confirmDialog(): Promise<void> {
  await until(() => document.querySelector('.van-dialog__confirm') !== null)
  ;(document.querySelector('.van-dialog__confirm') as HTMLElement).click()
  await flushPromises()
}
