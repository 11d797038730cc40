// Component tests run in happy-dom. Vant schedules measuring timers (e.g. the fixed nav bar's
// placeholder height) that may fire after a test ends; unmount everything after each test and let
// pending timers run out before the file's DOM environment is torn down, so they never hit a
// vanished `window`.
import { afterAll } from 'vitest'

if (typeof window !== 'undefined') {
  const { enableAutoUnmount } = await import('@vue/test-utils')
  const { afterEach } = await import('vitest')
  enableAutoUnmount(afterEach)
  afterAll(() => new Promise((resolve) => setTimeout(resolve, 300)))
}
