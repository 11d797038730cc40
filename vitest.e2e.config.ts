import { defineConfig } from 'vitest/config'

// End-to-end flows in Debian's Chromium (playwright-core) against the production build served by the
// real server on loopback. Files run one after another: two cores, one browser at a time.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
})
