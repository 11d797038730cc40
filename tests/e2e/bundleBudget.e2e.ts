// Deterministic bundle figures against their budgets (the timed figures live in `npm run bench`).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
// @ts-expect-error plain ESM helper shared with the benchmark script
import { bundleStats, BUDGETS } from '../../scripts/bundleStats.mjs'

interface FileStat { file: string; bytes: number; gzip: number }
interface Stats { firstScreen: FileStat[]; firstScreenJsGzip: number; firstScreenCssGzip: number; lazy: FileStat[]; precacheEntries: number }

const stats = bundleStats('dist') as Stats

test('first-screen JavaScript stays within its gzip budget', () => {
  expect(stats.firstScreen.length).toBeGreaterThan(0)
  expect(stats.firstScreenJsGzip / 1024).toBeLessThanOrEqual(BUDGETS.firstScreenJsGzipKiB)
})

test('first-screen CSS stays within its gzip budget and embeds no font', () => {
  const css = stats.firstScreen.filter((f) => f.file.endsWith('.css'))
  expect(css.length).toBeGreaterThan(0)
  expect(stats.firstScreenCssGzip / 1024).toBeLessThanOrEqual(BUDGETS.firstScreenCssGzipKiB)
  for (const f of css) expect(readFileSync(join('dist', f.file), 'utf8')).not.toMatch(/url\(["']?data:font\//)
})

test('export libraries (DOCX, XLSX, ZIP) are not in the first screen', () => {
  const firstScreenText = stats.firstScreen.map((f) => readFileSync(join('dist', f.file), 'utf8')).join('\n')
  // Marker strings that only these libraries carry.
  for (const marker of ['wordprocessingml', 'spreadsheetml', 'ExcelJS']) {
    expect(firstScreenText.includes(marker), `${marker} found in first-screen bundle`).toBe(false)
  }
})

test('the service worker precaches the app shell and never an /api/ URL', () => {
  const sw = readFileSync(join('dist', 'sw.js'), 'utf8')
  const urls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1] as string)
  expect(urls).toContain('index.html')
  expect(urls.some((u) => u.startsWith('api/') || u.startsWith('/api/'))).toBe(false)
  expect(stats.precacheEntries).toBe(urls.length)
})
