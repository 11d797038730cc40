// Stand-in for vite-plugin-pwa's virtual module `virtual:pwa-register/vue`, which exists only inside a
// Vite build with the PWA plugin. No service worker in tests: nothing to refresh, nothing to install.
import { ref } from 'vue'
import type { RegisterSWOptions } from 'vite-plugin-pwa/types'

export function useRegisterSW(_options?: RegisterSWOptions) {
  return {
    needRefresh: ref(false),
    offlineReady: ref(false),
    updateServiceWorker: async (_reloadPage?: boolean): Promise<void> => undefined,
  }
}
