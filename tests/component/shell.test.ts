// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { flushPromises } from '@vue/test-utils'
import { LocalStoreError } from '@/local/contract'
import { registerEditorFlush } from '@/app/composables/useOpenEditors'
import { reportError } from '@/app/services/errorSurface'
import { cleanUp, freshLocalStore, mountAt, resetLocale, until, type Mounted } from './appTestSupport'

// The service-worker registration is a virtual module of vite-plugin-pwa; here it is a controllable fake.
const sw = vi.hoisted(() => ({
  needRefresh: undefined as unknown as { value: boolean },
  offlineReady: undefined as unknown as { value: boolean },
  calls: [] as string[],
  updateServiceWorker: undefined as unknown as (reload?: boolean) => Promise<void>,
}))
vi.mock('virtual:pwa-register/vue', () => ({
  useRegisterSW: () => ({ needRefresh: sw.needRefresh, offlineReady: sw.offlineReady, updateServiceWorker: sw.updateServiceWorker }),
}))

const App = (await import('@/app/App.vue')).default

describe('App shell', () => {
  let mounted: Mounted | undefined
  let online = true

  beforeEach(async () => {
    await resetLocale()
    await freshLocalStore()
    sw.needRefresh = ref(false)
    sw.offlineReady = ref(false)
    sw.calls = []
    sw.updateServiceWorker = vi.fn(async () => {
      sw.calls.push('updateServiceWorker')
    })
    online = true
    vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online)
  })
  afterEach(() => {
    cleanUp(mounted)
    mounted = undefined
    vi.restoreAllMocks()
    vi.useRealTimers()
  })

  it('shows the tab bar on the main pages, highlights the right tab and hides it in the editor', async () => {
    mounted = await mountAt('/', {}, App)
    const { wrapper, router } = mounted
    const tabs = () => wrapper.findAll('.van-tabbar-item')
    expect(tabs().map((t) => t.text())).toEqual(['首页', '记录本', '搜索', '我的'])
    expect(wrapper.find('.van-tabbar-item--active').text()).toBe('首页')

    await router.push('/roster')
    await until(() => wrapper.find('.van-tabbar-item--active').text() === '我的')
    await router.push('/books/committee-meeting')
    await until(() => wrapper.find('.van-tabbar-item--active').text() === '记录本')

    await router.push('/records/new/committee-meeting')
    await until(() => !wrapper.find('.van-tabbar').exists())
    await router.push('/records/abc/edit')
    await flushPromises()
    expect(wrapper.find('.van-tabbar').exists()).toBe(false)

    await router.push('/search')
    await until(() => wrapper.find('.van-tabbar-item--active').text() === '搜索')
  })

  it('a tap on the highlighted 记录本 tab on a record page goes back to the books', async () => {
    mounted = await mountAt('/records/abc', {}, App)
    const { wrapper, router } = mounted
    await until(() => wrapper.find('.van-tabbar-item--active').exists())
    expect(wrapper.find('.van-tabbar-item--active').text()).toBe('记录本')
    await wrapper.find('.van-tabbar-item--active').trigger('click')
    await until(() => router.currentRoute.value.path === '/books')
    // A tap on the tab of the page one is on changes nothing.
    await wrapper.find('.van-tabbar-item--active').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/books')
  })

  it('says 离线 quietly while the device is offline', async () => {
    mounted = await mountAt('/', {}, App)
    const { wrapper } = mounted
    expect(wrapper.find('[data-test="offline-indicator"]').exists()).toBe(false)
    online = false
    window.dispatchEvent(new Event('offline'))
    await until(() => wrapper.find('[data-test="offline-indicator"]').exists())
    expect(wrapper.find('[data-test="offline-indicator"]').text()).toContain('离线')
    online = true
    window.dispatchEvent(new Event('online'))
    await until(() => !wrapper.find('[data-test="offline-indicator"]').exists())
  })

  it('on 更新 saves open editors first, then activates the new service worker', async () => {
    const order: string[] = []
    const unregister = registerEditorFlush(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      order.push('flush')
    })
    sw.updateServiceWorker = vi.fn(async () => {
      order.push('updateServiceWorker')
    })
    const reload = vi.spyOn(window.location, 'reload').mockImplementation(() => undefined)
    try {
      mounted = await mountAt('/', {}, App)
      const { wrapper } = mounted
      expect(wrapper.find('[data-test="update-prompt"]').exists()).toBe(false)
      sw.needRefresh.value = true
      await until(() => wrapper.find('[data-test="update-prompt"]').exists())
      expect(wrapper.find('[data-test="update-prompt"]').text()).toContain('有新版本')

      vi.useFakeTimers({ toFake: ['setTimeout'] })
      await wrapper.find('[data-test="update-now"]').trigger('click')
      await vi.advanceTimersByTimeAsync(25)
      expect(order).toEqual(['flush', 'updateServiceWorker'])
      expect(sw.updateServiceWorker).toHaveBeenCalledWith(true)
      // iOS may never switch control: reload after ~3 s anyway.
      expect(reload).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(3000)
      expect(reload).toHaveBeenCalledTimes(1)
    } finally {
      unregister()
    }
  })

  it('does not reload when an open draft could not be saved, and says why', async () => {
    const unregister = registerEditorFlush(async () => {
      throw new LocalStoreError('quota', 'quota')
    })
    const reload = vi.spyOn(window.location, 'reload').mockImplementation(() => undefined)
    try {
      mounted = await mountAt('/', {}, App)
      const { wrapper } = mounted
      sw.needRefresh.value = true
      await until(() => wrapper.find('[data-test="update-now"]').exists())
      await wrapper.find('[data-test="update-now"]').trigger('click')
      await until(() => (document.querySelector('.van-notify')?.textContent ?? '').includes('手机存储空间不足'))
      expect(sw.updateServiceWorker).not.toHaveBeenCalled()
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(reload).not.toHaveBeenCalled()
      expect(wrapper.find('[data-test="update-prompt"]').exists()).toBe(true)
    } finally {
      unregister()
    }
  })

  it('tells once that the app works offline', async () => {
    mounted = await mountAt('/', {}, App)
    sw.offlineReady.value = true
    await until(() => [...document.querySelectorAll<HTMLElement>('.van-toast')].some((el) => el.style.display !== 'none' && el.textContent?.includes('已可离线使用')))
    expect(sw.offlineReady.value).toBe(false)
  })

  it('shows local store errors plainly, in the UI language', async () => {
    const notice = () => document.querySelector('.van-notify')?.textContent ?? ''
    reportError(new LocalStoreError('quota', 'quota'))
    await until(() => notice().includes('请清理手机空间'))
    reportError(new LocalStoreError('invalid', 'file-too-big', { size: '31.2 MB', limit: '30 MB' }))
    await until(() => notice() === '文件太大（31.2 MB），单个附件不能超过 30 MB。')
    // A backup's bad record says which record, then what is wrong with it.
    const inner = new LocalStoreError('invalid', 'record-kind-date')
    reportError(new LocalStoreError('corrupt-backup', 'backup-record-unreadable', { n: 3, title: '支委会' }, inner))
    await until(() => notice() === '备份中的第 3 条记录（支委会）无法读取。 记录缺少类别或日期，无法保存。')
    reportError(new LocalStoreError('corrupt-backup', 'backup-count', { what: 'attachments', listed: 4, actual: 3 }))
    await until(() => notice() === '备份文件不完整：清单上写有 4 个附件，实际有 3 个。')
    const { setLocale } = await import('@/app/i18n')
    await setLocale('en')
    reportError(new LocalStoreError('closed', 'closed'))
    await until(() => notice().startsWith('The connection to local storage was closed'))
    reportError(new LocalStoreError('invalid', 'missing-id', { what: 'member' }))
    await until(() => notice() === 'The member has no id and cannot be saved.')
  })
})
