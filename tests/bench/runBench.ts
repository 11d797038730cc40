// `npm run bench`: builds the app and the benchmark page, runs every benchmark on this machine, writes
// bench/results.json and prints the table. Not a test: nothing here runs in `npm test`.
//
// Environment: BENCH_ONLY=bundle,lighthouse,coldstart,local,domain,sync,server,attachments (default: all);
// BENCH_QUICK=1 for a short smoke run (fewer runs and records; figures not comparable);
// BENCH_RUNS=n to change the number of runs of the timed figures (default 5).
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH, PHONE } from '../e2e/support/browser'
import { createBranch, createUser, BENCH_USER_PASSWORD, pushRecords, signIn } from './support/api'
import { BENCH_RECORDS, benchRecords, summarize, type Timing } from './support/benchData'
import { judge, markdownTable, round, table, type Figure, type JudgedFigure } from './support/figures'
import {
  ROOT,
  freePort,
  onExit,
  runNodeBench,
  startAppServer,
  startPostgres,
  startPouchServer,
  startProxy,
  type AppServer,
} from './support/processes'
import type { BenchPage } from './browser/main'
// @ts-expect-error plain ESM helper shared with the bundle budget test
import { bundleStats, BUDGETS, EXPORT_MARKERS } from '../../scripts/bundleStats.mjs'

const QUICK = process.env.BENCH_QUICK === '1'
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean))
const wants = (part: string): boolean => ONLY.size === 0 || ONLY.has(part)

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? (QUICK ? 3 : 5)))
const RECORDS = QUICK ? 2_000 : BENCH_RECORDS
const PUSHED = QUICK ? 200 : 1_000

const figures: Figure[] = []
const details: Record<string, unknown> = {}
const problems: string[] = []

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}

async function step(name: string, body: () => Promise<void>): Promise<void> {
  const t0 = Date.now()
  log(`${name} …`)
  try {
    await body()
    log(`${name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  } catch (e) {
    const message = `${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`
    problems.push(message.slice(0, 4000))
    log(message)
  }
  // A long run that is stopped half-way still leaves what it measured.
  writeResults(true)
}

const RESULTS_FILE = join(ROOT, 'bench', QUICK ? 'results-quick.json' : 'results.json')
const startedAt = Date.now()

function writeResults(partial: boolean): { file: string; durationSeconds: number; judged: JudgedFigure[] } {
  const judged = figures.map(judge)
  const durationSeconds = Math.round((Date.now() - startedAt) / 1000)
  const results = {
    generatedAt: new Date().toISOString(),
    partial,
    quick: QUICK,
    runs: RUNS,
    records: RECORDS,
    only: [...ONLY],
    durationSeconds,
    machine: machine(),
    figures: judged,
    details,
    problems,
  }
  mkdirSync(join(ROOT, 'bench'), { recursive: true })
  writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n')
  return { file: RESULTS_FILE, durationSeconds, judged }
}

let machineInfo: Record<string, unknown> | undefined
function machine(): Record<string, unknown> {
  if (!machineInfo) {
    let chromiumVersion = 'unknown'
    try {
      chromiumVersion = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    } catch {
      // reported as unknown
    }
    machineInfo = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version, chromium: chromiumVersion }
  }
  return { ...machineInfo, loadAverage: readLoad() }
}

const kib = (bytes: number): number => round(bytes / 1024, 1)

// ---------------------------------------------------------------- builds

function build(tmp: string): { dist: string; staticDir: string } {
  const dist = join(tmp, 'dist')
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js')
  log('building the app (vite build) …')
  execFileSync(process.execPath, [vite, 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 })
  log('building the benchmark page …')
  const staticDir = join(tmp, 'static')
  cpSync(dist, staticDir, { recursive: true })
  execFileSync(
    process.execPath,
    [vite, 'build', '--config', 'tests/bench/browser/vite.config.ts', '--outDir', join(staticDir, '__bench'), '--emptyOutDir'],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 },
  )
  return { dist, staticDir }
}

// ---------------------------------------------------------------- 1. bundle

interface FileStat {
  file: string
  bytes: number
  gzip: number
  markers?: string[]
}
interface Stats {
  firstScreen: FileStat[]
  firstScreenJsGzip: number
  firstScreenCssGzip: number
  lazy: FileStat[]
  precacheEntries: number
  precacheBytes: number
  precacheGzip: number
  firstScreenExportMarkers: string[]
}

function bundleFigures(dist: string): void {
  const stats = bundleStats(dist) as Stats
  details.bundle = stats
  figures.push({ group: 'bundle', name: 'first-screen JS (gzip)', unit: 'KiB', value: kib(stats.firstScreenJsGzip), budget: { max: BUDGETS.firstScreenJsGzipKiB as number } })
  figures.push({ group: 'bundle', name: 'first-screen CSS (gzip)', unit: 'KiB', value: kib(stats.firstScreenCssGzip) })
  figures.push({
    group: 'bundle',
    name: `export libraries in first screen (${(EXPORT_MARKERS as string[]).join(', ')})`,
    unit: 'count',
    value: stats.firstScreenExportMarkers.length,
    budget: { max: 0 },
  })
  figures.push({ group: 'bundle', name: `precache (${stats.precacheEntries} files, uncompressed)`, unit: 'KiB', value: kib(stats.precacheBytes) })
  figures.push({ group: 'bundle', name: 'precache (gzip, as a first install downloads it)', unit: 'KiB', value: kib(stats.precacheGzip) })
  figures.push({ group: 'bundle', name: `lazy chunks (${stats.lazy.length} files, gzip, listed below)`, unit: 'KiB', value: kib(stats.lazy.reduce((a, c) => a + c.gzip, 0)) })
  for (const chunk of stats.lazy.filter((c) => c.markers?.length)) {
    figures.push({ group: 'bundle', name: `lazy ${chunkName(chunk.file)} [${chunk.markers?.join(', ')}] (gzip)`, unit: 'KiB', value: kib(chunk.gzip) })
  }
}

const chunkName = (file: string): string => file.replace(/^assets\//, '')

/** Every lazy chunk, in columns (the table above keeps the figures that have budgets). */
function lazyChunkList(): string {
  const stats = details.bundle as Stats | undefined
  if (!stats) return ''
  const cells = stats.lazy.map((c) => `${chunkName(c.file)} ${kib(c.gzip).toFixed(1)}${c.markers?.length ? ' *' : ''}`)
  const colWidth = Math.max(...cells.map((c) => c.length)) + 2
  const perRow = Math.max(1, Math.floor(120 / colWidth))
  const lines: string[] = []
  for (let i = 0; i < cells.length; i += perRow) lines.push(cells.slice(i, i + perRow).map((c) => c.padEnd(colWidth)).join('').trimEnd())
  return `Lazy chunks, gzip KiB (* = carries an export library):\n${lines.join('\n')}\n\n`
}

// ---------------------------------------------------------------- 2. Lighthouse

async function lighthouseFigures(server: AppServer): Promise<void> {
  const { default: lighthouse } = await import('lighthouse')
  const chromeLauncher = await import('chrome-launcher')
  const scores = { performance: [] as number[], accessibility: [] as number[], 'best-practices': [] as number[] }
  const lcp: number[] = []
  const tbt: number[] = []
  const cls: number[] = []
  for (let run = 0; run < RUNS; run++) {
    // A fresh browser (and profile) each run: every run is a first visit.
    const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_ARGS, logLevel: 'silent' })
    try {
      const result = await lighthouse(
        `${server.baseUrl}/`,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] },
      )
      if (!result) throw new Error('Lighthouse returned nothing')
      const { lhr } = result
      if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
      for (const key of Object.keys(scores) as (keyof typeof scores)[]) scores[key].push(Math.round((lhr.categories[key]?.score ?? 0) * 100))
      lcp.push(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN)
      tbt.push(lhr.audits['total-blocking-time']?.numericValue ?? NaN)
      cls.push(lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN)
      if (run === 0) {
        const failing = Object.values(lhr.audits)
          .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
          .map((a) => `${a.id} (${a.score})`)
        details.lighthouse = { lighthouseVersion: lhr.lighthouseVersion, userAgent: lhr.environment.hostUserAgent, formFactor: lhr.configSettings.formFactor, throttling: lhr.configSettings.throttlingMethod, auditsBelowFull: failing }
      }
    } finally {
      await chrome.kill()
    }
  }
  figures.push({ group: 'lighthouse', name: 'performance', unit: 'score', value: summarize(scores.performance), budget: { min: 95 } })
  figures.push({ group: 'lighthouse', name: 'accessibility', unit: 'score', value: summarize(scores.accessibility), budget: { min: 95 } })
  figures.push({ group: 'lighthouse', name: 'best-practices', unit: 'score', value: summarize(scores['best-practices']) })
  figures.push({ group: 'lighthouse', name: 'LCP', unit: 'ms', value: summarize(lcp), budget: { max: 2500 } })
  figures.push({ group: 'lighthouse', name: 'TBT', unit: 'ms', value: summarize(tbt), budget: { max: 200 } })
  figures.push({ group: 'lighthouse', name: 'CLS', unit: '', value: summarize(cls.map((c) => round(c, 3))), budget: { max: 0.1 } })
}

// ---------------------------------------------------------------- browser helpers

async function persistentContext(profileDir: string, phone = false): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, ...(phone ? PHONE : {}) })
}

async function benchPage(context: BrowserContext, origin: string): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage())
  page.on('pageerror', (e) => log(`page error: ${e.message}`))
  page.on('console', (m) => {
    if (m.text().startsWith('[bench]')) log(`page: ${m.text().slice(8)}`)
  })
  await page.goto(`${origin}/__bench/index.html`)
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', null, { timeout: 60_000 })
  return page
}

/** Calls `window.bench[name](options)` in the page. */
function call<K extends keyof BenchPage>(page: Page, name: K, options: unknown): Promise<Awaited<ReturnType<Extract<BenchPage[K], (...args: never[]) => unknown>>>> {
  page.setDefaultTimeout(30 * 60_000)
  return page.evaluate(
    ([n, o]) => (window.bench[n as keyof BenchPage] as (o: unknown) => Promise<unknown>)(o),
    [name, options] as const,
  ) as never
}

// ---------------------------------------------------------------- 3. offline cold start

/** Marks when the book's list first shows rows, and when the page next answers (paint done, a task ran). */
const COLD_START_PROBE = `(() => {
  const mark = { shownAt: 0, interactiveAt: 0, rows: 0 }
  window.__coldStart = mark
  const check = () => {
    if (mark.shownAt) return
    const rows = document.querySelectorAll('[data-testid="book-list"] li')
    if (rows.length === 0) return
    mark.shownAt = performance.now()
    mark.rows = rows.length
    observer.disconnect()
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => { mark.interactiveAt = performance.now() }, 0)))
  }
  const observer = new MutationObserver(check)
  observer.observe(document, { childList: true, subtree: true })
})()`

async function coldStartFigures(staticDir: string, tmp: string): Promise<void> {
  const server = await startAppServer({ staticDir, label: 'coldstart' })
  const origin = server.baseUrl
  const profile = join(tmp, 'profile-coldstart')
  let seeded: { ms: number; records: number }
  {
    const context = await persistentContext(profile, true)
    try {
      const page = await benchPage(context, origin)
      // The app's own database, filled by the app's own sync apply path (as after an initial sync).
      seeded = await call(page, 'seed', { dbName: 'branch-records', count: RECORDS, branchId: 'bench-branch' })
      await page.goto(`${origin}/`)
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready
      })
      await page.reload()
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 })
    } finally {
      await context.close()
    }
  }
  // The network is really gone: the server is stopped, and the browser is told it is offline.
  await server.stop()
  const shown: number[] = []
  const interactive: number[] = []
  let rows = 0
  for (let run = 0; run < RUNS; run++) {
    const context = await persistentContext(profile, true)
    try {
      await context.setOffline(true)
      await context.addInitScript({ content: COLD_START_PROBE })
      const page = context.pages()[0] ?? (await context.newPage())
      await page.goto(`${origin}/books/committee-meeting`, { waitUntil: 'commit', timeout: 60_000 })
      await page.waitForFunction(() => (window as unknown as { __coldStart?: { interactiveAt: number } }).__coldStart?.interactiveAt, null, { timeout: 60_000 })
      const mark = (await page.evaluate(() => (window as unknown as { __coldStart: { shownAt: number; interactiveAt: number; rows: number } }).__coldStart))
      const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null)
      if (!controlled) throw new Error('the page was not served by the service worker')
      shown.push(mark.shownAt)
      interactive.push(mark.interactiveAt)
      rows = mark.rows
    } finally {
      await context.close()
    }
  }
  details.coldStart = { seededRecords: seeded.records, seedMs: round(seeded.ms), rowsShown: rows, page: '/books/committee-meeting (this year)' }
  figures.push({ group: 'cold start', name: `offline, ${seeded.records} records: record list shown`, unit: 'ms', value: summarize(shown) })
  figures.push({ group: 'cold start', name: `offline, ${seeded.records} records: list interactive (${rows} rows)`, unit: 'ms', value: summarize(interactive) })
}

// ---------------------------------------------------------------- 4. local store vs raw idb

async function localStoreFigures(server: AppServer, tmp: string): Promise<void> {
  const context = await persistentContext(join(tmp, 'profile-local'))
  try {
    const page = await benchPage(context, server.baseUrl)
    const dbName = 'bench-local'
    const seeded = await call(page, 'seed', { dbName, count: RECORDS, branchId: 'bench-branch' })
    details.localSeed = { records: seeded.records, ms: round(seeded.ms) }

    const list = await call(page, 'benchList', { dbName, samples: 9, reps: 10, kind: 'committee-meeting', year: 2025, quarter: 2 })
    figures.push({
      group: 'local store',
      name: `list one quarter of one book (${list.rows} of ${seeded.records})`,
      unit: 'ms',
      value: summarize(list.listRecords),
      baseline: { name: 'raw getAll on by-kind-date (no sync states)', value: summarize(list.raw) },
    })
    figures.push({
      group: 'local store',
      name: 'list one quarter vs raw requests with sync states',
      unit: 'ms',
      value: summarize(list.listRecords),
      baseline: { name: 'raw keys + getAll + one syncMeta get per row in 1 tx', value: summarize(list.rawWithStates) },
      // The budget is judged against the least raw work that answers the same question: a book's list
      // shows each record's sync state, which a bare getAll of the records cannot.
      maxRatio: 2,
    })

    for (const [label, query, reps] of [
      ['rare term', '垃圾分类', 5],
      ['common phrase', '发展党员', 1],
    ] as const) {
      const search = await call(page, 'benchSearch', { dbName, samples: 7, reps, query })
      figures.push({
        group: 'local store',
        name: `search "${query}" (${label}: ${search.hits} shown of ${search.candidates} texts)`,
        unit: 'ms',
        value: summarize(search.searchRecords),
        baseline: { name: 'raw getAll of the searchText store', value: summarize(search.raw) },
        maxRatio: 2,
      })
      figures.push({
        group: 'local store',
        name: `search "${query}", first search of a fresh store (texts not cached)`,
        unit: 'ms',
        value: summarize(search.cold),
        baseline: { name: 'raw getAll of the searchText store', value: summarize(search.raw) },
      })
    }

    const save = await call(page, 'benchSave', { dbName, samples: QUICK ? 10 : 40, warmup: 5, branchId: 'bench-branch' })
    details.save = { samples: save.saveRecord.length }
    figures.push({
      group: 'local store',
      name: 'save one record (saveRecord)',
      unit: 'ms',
      value: summarize(save.saveRecord),
      baseline: { name: 'raw put of stored record + its search text', value: summarize(save.rawStoredObject) },
    })
    figures.push({
      group: 'local store',
      name: 'save one record vs raw put of the plain doc',
      unit: 'ms',
      value: summarize(save.saveRecord),
      baseline: { name: 'raw put of plain doc (no search text)', value: summarize(save.rawPlainDoc) },
    })
    figures.push({
      group: 'local store',
      name: 'save one record vs raw put of all it writes',
      unit: 'ms',
      value: summarize(save.saveRecord),
      baseline: { name: 'raw record+search text+version+outbox+syncMeta+draft in 1 tx', value: summarize(save.rawAllObjects) },
      // Judged against everything a save must write in one transaction to be searchable and queued for
      // sync (the same objects, prepared outside the timer); the other two rows stay shown.
      maxRatio: 2,
    })

    // Every run in a fresh browser profile, as for sync: a profile that already went through a run
    // carries LevelDB compaction work that slows the next one down.
    const apply = { apply: [] as number[], raw: [] as number[], pages: 0 }
    for (let run = 0; run < RUNS; run++) {
      const dir = join(tmp, `profile-apply-${run}`)
      const fresh = await persistentContext(dir)
      try {
        const one = await call(await benchPage(fresh, server.baseUrl), 'benchApply', { runs: 1, count: RECORDS, pageSize: 200, branchId: 'bench-branch', label: `${run + 1}/${RUNS}` })
        apply.apply.push(...one.apply)
        apply.raw.push(...one.raw)
        apply.pages = one.pages
      } finally {
        await fresh.close()
        rmSync(dir, { recursive: true, force: true })
      }
    }
    figures.push({
      group: 'local store',
      name: `apply ${RECORDS} synced records (${apply.pages} pages of 200)`,
      unit: 'ms',
      value: summarize(apply.apply),
      baseline: { name: 'raw puts (records+search texts+syncMeta+syncBase) in 1 tx', value: summarize(apply.raw) },
      maxRatio: 2,
    })
  } finally {
    await context.close()
  }
}

// ---------------------------------------------------------------- 5. domain

async function domainFigures(): Promise<void> {
  const r = await runNodeBench<{
    quarterlyCheck: { timing: Timing; records: number } | { missing: string }
    report: { timing: Timing; paragraphs: number }
    parsing?: { parse: Timing; roundTrip: Timing; measures: number; chars: number }
  }>('tests/bench/node/domain.ts', [], 10 * 60_000)
  if ('missing' in r.quarterlyCheck) problems.push(`quarterly check: ${r.quarterlyCheck.missing}`)
  else figures.push({ group: 'domain', name: `quarterly check (${r.quarterlyCheck.records} records)`, unit: 'ms', value: r.quarterlyCheck.timing, budget: { max: 50 } })
  figures.push({ group: 'domain', name: `compose rectification report (50 findings, ${r.report.paragraphs} blocks)`, unit: 'ms', value: r.report.timing, budget: { max: 100 } })
  if (r.parsing) {
    figures.push({ group: 'domain', name: `parse a pasted report (50 findings, ${r.parsing.measures} measures, ${r.parsing.chars} characters)`, unit: 'ms', value: r.parsing.parse, budget: { max: 100 } })
    figures.push({ group: 'domain', name: 'parse → ledger → compose the same report', unit: 'ms', value: r.parsing.roundTrip, budget: { max: 100 } })
  }
}

// ---------------------------------------------------------------- 5b. a quarter's photos on a fresh device

async function attachmentFigures(): Promise<void> {
  interface Part {
    timing: Timing
    bytes: number
    files: number
  }
  const r = await runNodeBench<{ photos: number; thumbnails: Part; originals: Part }>('tests/bench/node/attachmentsPrefetch.ts', [], 10 * 60_000)
  const kib = (bytes: number): number => round(bytes / 1024, 0)
  figures.push({
    group: 'attachments',
    name: `fresh device: a quarter's ${r.photos} photo thumbnails on the device`,
    unit: 'ms',
    value: r.thumbnails.timing,
    baseline: { name: `the ${r.photos} originals instead`, value: r.originals.timing },
    note: 'in-process server (inject, no network latency), fake-indexeddb',
  })
  figures.push({
    group: 'attachments',
    name: `fresh device: bytes downloaded for ${r.photos} thumbnails`,
    unit: 'KiB',
    value: kib(r.thumbnails.bytes),
    baseline: { name: `the ${r.photos} originals`, value: kib(r.originals.bytes) },
    maxRatio: 0.1,
  })
  details.attachments = r
}

// ---------------------------------------------------------------- 6. sync vs PouchDB, server load

async function syncFigures(server: AppServer, tmp: string): Promise<void> {
  const admin = await signIn(server.baseUrl, 'admin', server.adminPassword)
  const branchId = await createBranch(server.baseUrl, admin, '同步基准支部')
  await createUser(server.baseUrl, admin, 'bench-pull', branchId)
  const records = benchRecords(RECORDS, { branchId })
  const token = await signIn(server.baseUrl, 'bench-pull', BENCH_USER_PASSWORD)
  const t0 = performance.now()
  await pushRecords(server.baseUrl, token, 'bench-seeder', records)
  details.syncSeed = { records: records.length, seedPushMs: round(performance.now() - t0), batch: 500 }

  const pouch = await startPouchServer({ count: RECORDS, branchId, database: 'bench-src' })
  const proxy = await startProxy({ pouch: pouch.baseUrl, app: server.baseUrl })
  // Every run in a fresh browser profile: deleted databases leave LevelDB compaction work behind that
  // would slow the next run down (runs sharing one profile got slower and slower).
  const freshPage = async (name: string): Promise<{ page: Page; close: () => Promise<void> }> => {
    const dir = join(tmp, `profile-${name}`)
    const context = await persistentContext(dir)
    const page = await benchPage(context, proxy.baseUrl)
    return {
      page,
      close: async () => {
        await context.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  try {
    const ours: number[] = []
    const theirs: number[] = []
    const pullBreakdowns: Record<string, number>[] = []
    for (let run = 0; run < RUNS; run++) {
      let fresh = await freshPage(`pull-ours-${run}`)
      const pull = await call(fresh.page, 'ourPull', { dbName: 'pull', account: { username: 'bench-pull', password: BENCH_USER_PASSWORD }, expected: RECORDS })
      await fresh.close()
      ours.push(pull.ms)
      pullBreakdowns.push(pull.breakdown)
      fresh = await freshPage(`pull-pouch-${run}`)
      theirs.push((await call(fresh.page, 'pouchPull', { dbName: 'pull', remote: '/pouch/bench-src', expected: RECORDS })).ms)
      await fresh.close()
    }
    figures.push({
      group: 'sync',
      name: `initial pull of ${RECORDS} records to a fresh device`,
      unit: 'ms',
      value: summarize(ours),
      baseline: { name: 'PouchDB replicate (same docs)', value: summarize(theirs) },
    })
    details.syncBreakdown = { note: 'ms inside each engine dependency, median over runs', pull: medianBreakdown(pullBreakdowns) }
    writeResults(true)

    const oursPush: number[] = []
    const theirsPush: number[] = []
    const pushBreakdowns: Record<string, number>[] = []
    for (let run = 0; run < RUNS; run++) {
      const pushBranch = await createBranch(server.baseUrl, admin, `推送基准支部${run}`)
      const username = `bench-push-${run}`
      await createUser(server.baseUrl, admin, username, pushBranch)
      let fresh = await freshPage(`push-ours-${run}`)
      const push = await call(fresh.page, 'ourPush', { dbName: 'push', account: { username, password: BENCH_USER_PASSWORD }, count: PUSHED, branchId: pushBranch, idPrefix: `p${run}-` })
      await fresh.close()
      oursPush.push(push.ms)
      pushBreakdowns.push(push.breakdown)
      fresh = await freshPage(`push-pouch-${run}`)
      theirsPush.push((await call(fresh.page, 'pouchPush', { dbName: 'push', remote: `/pouch/bench-push-${run}`, count: PUSHED, branchId: pushBranch, idPrefix: `p${run}-` })).ms)
      await fresh.close()
    }
    figures.push({
      group: 'sync',
      name: `push ${PUSHED} queued mutations`,
      unit: 'ms',
      value: summarize(oursPush),
      baseline: { name: 'PouchDB replicate (same docs)', value: summarize(theirsPush) },
    })
    details.syncBreakdown = { note: 'ms inside each engine dependency, median over runs', pull: medianBreakdown(pullBreakdowns), push: medianBreakdown(pushBreakdowns) }
  } finally {
    await proxy.stop()
    await pouch.stop()
  }
}

function medianBreakdown(runs: Record<string, number>[]): Record<string, number> {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r)))]
  return Object.fromEntries(keys.map((k) => [k, summarize(runs.map((r) => r[k] ?? 0)).median]))
}

interface LoadResult {
  clients: number
  rounds: number
  requestsPerClientPerRound: number
  mutationsPerRequest: number
  refused: number
  mutationsPerSecond: Timing
  requestsPerSecond: Timing
  p50Ms: Timing
  p99Ms: Timing
  p99AllMs: number
  maxMs: number
}

async function serverLoadFigures(staticDir: string): Promise<void> {
  const clients = QUICK ? 10 : 50
  const args = (s: AppServer) => [s.baseUrl, s.adminPassword, String(clients), String(RUNS), QUICK ? '4' : '8', '10']
  const results: Record<string, LoadResult> = {}
  const sqlite = await startAppServer({ staticDir, label: 'load-sqlite' })
  try {
    results.SQLite = await runNodeBench<LoadResult>('tests/bench/node/serverLoad.ts', args(sqlite), 30 * 60_000)
  } finally {
    await sqlite.stop()
  }
  const pg = startPostgres(await freePort())
  try {
    const pgServer = await startAppServer({ staticDir, label: 'load-pg', databaseUrl: pg.url })
    try {
      if (pgServer.storage !== 'postgres') throw new Error(`expected PostgreSQL storage, the server says ${pgServer.storage}`)
      results.PostgreSQL = await runNodeBench<LoadResult>('tests/bench/node/serverLoad.ts', args(pgServer), 30 * 60_000)
    } finally {
      await pgServer.stop()
    }
  } finally {
    pg.stop()
  }
  details.serverLoad = results
  for (const [storage, r] of Object.entries(results)) {
    if (r.refused > 0) problems.push(`server load on ${storage}: ${r.refused} mutations were not applied`)
    const what = `${r.clients} clients, ${r.mutationsPerRequest} mutations/request`
    figures.push({ group: `server ${storage}`, name: `push throughput (${what})`, unit: '/s', value: r.mutationsPerSecond, note: 'mutations per second' })
    figures.push({ group: `server ${storage}`, name: 'push requests per second', unit: '/s', value: r.requestsPerSecond })
    figures.push({ group: `server ${storage}`, name: 'push latency p50', unit: 'ms', value: r.p50Ms })
    figures.push({ group: `server ${storage}`, name: 'push latency p99', unit: 'ms', value: r.p99Ms })
  }
}

// ---------------------------------------------------------------- main

export async function main(): Promise<number> {
  const tmp = mkdtempSync(join(tmpdir(), 'br-bench-'))
  onExit(() => rmSync(tmp, { recursive: true, force: true }))
  let exitCode = 0
  try {
    const { dist, staticDir } = build(tmp)
    if (wants('bundle')) await step('bundle', async () => bundleFigures(dist))
    // CPU-bound Node work first, while nothing else of ours runs.
    if (wants('domain')) await step('domain', domainFigures)
    if (wants('attachments')) await step("a quarter's photos on a fresh device", attachmentFigures)

    if (wants('lighthouse') || wants('local') || wants('sync')) {
      const server = await startAppServer({ staticDir, label: 'sqlite' })
      try {
        if (wants('lighthouse')) await step('lighthouse', () => lighthouseFigures(server))
        if (wants('local')) await step('local store (Chromium IndexedDB)', () => localStoreFigures(server, tmp))
        if (wants('sync')) await step('sync vs PouchDB (Chromium)', () => syncFigures(server, tmp))
      } finally {
        await server.stop()
      }
    }
    if (wants('coldstart')) await step('offline cold start', () => coldStartFigures(staticDir, tmp))
    if (wants('server')) await step('server load (SQLite, PostgreSQL)', () => serverLoadFigures(staticDir))
  } catch (e) {
    problems.push(`bench aborted: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    exitCode = 1
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }

  const { file: out, durationSeconds, judged } = writeResults(false)
  process.stdout.write(`\n${table(judged)}\n\n${lazyChunkList()}`)
  const over = judged.filter((f) => f.pass === false)
  if (over.length) process.stdout.write(`Over budget: ${over.map((f) => `${f.group} · ${f.name}`).join('; ')}\n`)
  if (problems.length) {
    process.stdout.write(`\nProblems (${problems.length}):\n${problems.map((p) => `- ${p.split('\n')[0]}`).join('\n')}\n`)
    exitCode = 1
  }
  process.stdout.write(`\nWritten ${out} (${durationSeconds} s)\n`)
  return exitCode
}

function readLoad(): string {
  try {
    return existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : ''
  } catch {
    return ''
  }
}

/** Prints bench/results.json (or results-quick.json with BENCH_QUICK=1) as a Markdown table. */
export function printMarkdown(): number {
  if (!existsSync(RESULTS_FILE)) {
    process.stderr.write(`${RESULTS_FILE} does not exist: run npm run bench first\n`)
    return 1
  }
  const results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as { figures: JudgedFigure[]; generatedAt: string; machine: Record<string, unknown> }
  process.stdout.write(`${markdownTable(results.figures)}\n\n${results.generatedAt} · ${JSON.stringify(results.machine)}\n`)
  return 0
}
