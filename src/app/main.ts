import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { setToastDefaultOptions, type ToastOptions } from 'vant'
import App from './App.vue'
import { router } from './router'
import { currentLocale, i18n, prepareLocale } from './i18n'
import { installErrorSurface, reportError } from './services/errorSurface'
import { useLocal } from './services/localStore'
import 'vant/es/toast/style'
import 'vant/es/dialog/style'
import 'vant/es/notify/style'
import './styles/base.css'

// The home screen reads the branch from IndexedDB as soon as it mounts: the local store's chunk is
// fetched and the database opened while the first screen renders, not after. A failure here is not
// reported: the first store that needs the database tries again and says what went wrong.
useLocal().catch(() => undefined)

// A Vant toast is a popup with role="dialog" and no name; it is a passing status message (saved,
// ready offline, …), so assistive technology should announce it as one. The attribute falls through
// to the popup's element.
setToastDefaultOptions({ role: 'status' } as ToastOptions)

const app = createApp(App)
installErrorSurface(app)
const pinia = createPinia()
app.use(pinia)
// A page chunk that fails to load (e.g. offline before the first full visit) is said, not swallowed.
router.onError((error) => reportError(error))
app.use(router)
app.use(i18n)
// English messages (when chosen) load before the first paint, so the screen never flips language.
void prepareLocale()
  .catch(reportError)
  .finally(() => {
    document.documentElement.lang = currentLocale()
    app.mount('#app')
  })

// Sync starts with the app (pushes what waited, pulls what others wrote) and then follows its triggers:
// network back, foreground, after saves, 立即同步, Background Sync. Loaded after the first screen and
// started once the browser is idle, so that its reads do not compete with the first screen's (the
// home screen's sync line starts it as soon as it shows; start is idempotent).
const startSync = (): void => {
  void import('./stores/sync').then(({ useSyncStore }) => useSyncStore(pinia).start()).catch(reportError)
  // After each successful sync: the recent quarters' photos in the background, and garbage collection.
  void import('./stores/attachments').then(({ useAttachmentsStore }) => useAttachmentsStore(pinia).start()).catch(reportError)
}
if (typeof requestIdleCallback === 'function') requestIdleCallback(startSync, { timeout: 2000 })
else setTimeout(startSync, 500)
