// Photos and signatures follow their record to the other phone of the branch, against the real server:
// a photo and two signatures taken on A show on B online (B downloads the thumbnail, not the original,
// to show the record); after B's background prefetch they show on B offline; printing on B lays out the
// originals; an evidence ZIP made on B holds them, byte for byte (SHA-256 checked).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser, screenshot } from './support/browser'
import { drawSignature, openDevice, openPanel, pickTime, pngBytes, submitSignIn, syncNow as tapSyncNow, waitForServiceWorker, type Device } from './support/phone'
import { startServer, type RunningServer } from './support/server'
import { createBranch, createUser, revisions, signIn, type ApiClient } from './support/api'

const BRANCH_NAME = '区数据局机关第三党支部'
const SECRETARY = { username: 'zhou.photos', displayName: '周建华', password: 'secretary-Passw0rd' }
const RECORDER = { username: 'lin.photos', displayName: '林晓梅', password: 'recorder-Passw0rd' }

let server: RunningServer
let browser: Browser
let secretaryApi: ApiClient
let branchId = ''
let a: Device
let b: Device
let recordId = ''
/** The record's files as A pushed them. */
let files: { photo: string; thumb: string; chair: string; recorder: string }
/** "<date> <title>" of the record, as the app names its files. */
let recordName = ''

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/** window.print opens a dialog headless Chromium cannot close: count the calls instead. */
async function countPrints(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.print = () => {
      const w = window as unknown as { printed?: number }
      w.printed = (w.printed ?? 0) + 1
    }
  })
}

beforeAll(async () => {
  server = await startServer()
  const admin = await signIn(server.baseUrl, 'admin', server.adminPassword)
  const branch = await createBranch(admin, BRANCH_NAME)
  branchId = branch.id
  await createUser(admin, { ...SECRETARY, role: 'secretary', branchId })
  await createUser(admin, { ...RECORDER, role: 'recorder', branchId })
  secretaryApi = await signIn(server.baseUrl, SECRETARY.username, SECRETARY.password)
  browser = await launchBrowser()
  a = await openDevice(browser, 'A', { acceptDownloads: true }, countPrints)
  b = await openDevice(browser, 'B', { acceptDownloads: true }, countPrints)
})

afterAll(async () => {
  await a?.context.close()
  await b?.context.close()
  await browser?.close()
  await server?.stop()
})

// ------------------------------------------------------------------ helpers

const url = (path: string): string => server.baseUrl + path
const go = async (device: Device, path: string): Promise<void> => void (await device.page.goto(url(path)))

async function signInThroughApp(device: Device, user: { username: string; password: string }): Promise<void> {
  const { page } = device
  await go(device, '/')
  await waitForServiceWorker(device)
  await page.getByTestId('sync-sign-in').click()
  await submitSignIn(device, user)
}

const syncNow = (device: Device): Promise<void> => tapSyncNow(device, server.baseUrl)

/** The hashes of the files this device holds (its IndexedDB `attachments` store). */
async function heldFiles(device: Device): Promise<string[]> {
  return device.page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('branch-records')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          const keys = db.transaction('attachments').objectStore('attachments').getAllKeys()
          keys.onsuccess = () => {
            resolve((keys.result as string[]).slice().sort())
            db.close()
          }
          keys.onerror = () => reject(keys.error)
        }
      }),
  )
}

/** The images of the record paper: how each one is shown, and its natural width. */
async function paperImages(page: Page): Promise<{ state: string; alt: string; width: number }[]> {
  return page.getByTestId('record-paper').locator('.attachment-image').evaluateAll((els) =>
    els.map((el) => ({
      state: el.getAttribute('data-state') ?? '',
      alt: el.getAttribute('alt') ?? '',
      width: el instanceof HTMLImageElement && el.complete ? el.naturalWidth : 0,
    })),
  )
}

/** Scrolls the signatures and photos of the record paper into view, for the screenshots. */
async function showImages(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.querySelector('.paper__signatures')?.scrollIntoView({ block: 'start' })
    window.scrollBy(0, -60)
  })
}

// ------------------------------------------------------------------ the flow

describe('photos and signatures on the other phone', () => {
  test('A records a party lesson with a photo and two signatures, and syncs', async () => {
    await signInThroughApp(a, SECRETARY)
    await go(a, '/roster/import')
    await a.page.locator('[data-test="roster-file"]').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: readFileSync('tests/fixtures/roster.csv') })
    await a.page.locator('[data-test="import-confirm"]').click()
    await a.page.waitForURL(/\/roster$/)

    const page = a.page
    await go(a, '/records/new/party-lesson')
    await page.getByTestId('field-place').locator('input').fill('三楼党员活动室')
    await pickTime(page, 'field-start-time')
    await pickTime(page, 'field-end-time')
    await page.getByTestId('field-recorder-pick').click()
    await page.locator('[data-testid="member-option-林晓梅"]:visible').click()
    await page.locator('.member-picker').first().waitFor({ state: 'hidden' })
    await openPanel(page, 'lesson')
    await page.getByTestId('field-lecturer').locator('input').fill('周建华 支部书记')
    await page.getByTestId('field-theme').locator('input').fill('照片随记录走')
    await page.getByTestId('field-content').locator('textarea').fill('讲授基层党组织建设的要求，结合本支部实际明确整改方向和时限。')
    await openPanel(page, 'photos')
    await page.getByTestId('photo-gallery-input').setInputFiles({ name: 'meeting.png', mimeType: 'image/png', buffer: pngBytes(640, 480, 180) })
    await page.getByTestId('photo-thumb-0').locator('img').waitFor({ timeout: 15_000 })
    await openPanel(page, 'signatures')
    await drawSignature(page, 'signature-chair', 15)
    await drawSignature(page, 'signature-recorder', 25)
    await expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved')
    await page.getByTestId('record-finish').click()
    await page.getByTestId('record-paper').waitFor({ timeout: 15_000 }).catch(async () => {
      await screenshot(page, 'attachments-failure-finish')
      throw new Error(`A: the record was not finished: ${await page.locator('.van-dialog:visible').textContent().catch(() => '')}`)
    })
    recordId = /\/records\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? ''
    expect(recordId).not.toBe('')
    await syncNow(a)

    const [head] = (await revisions(secretaryApi, 'record', recordId)).slice(-1)
    const doc = head!.doc as { date: string; title: string; photos: { hash: string; thumbHash?: string; width?: number }[]; signatures: { chair?: { hash: string }; recorder?: { hash: string } } }
    expect(doc.photos).toHaveLength(1)
    expect(doc.photos[0]!.thumbHash).toMatch(/^[0-9a-f]{64}$/)
    expect(doc.photos[0]!.thumbHash).not.toBe(doc.photos[0]!.hash)
    recordName = `${doc.date} ${doc.title}`
    files = { photo: doc.photos[0]!.hash, thumb: doc.photos[0]!.thumbHash!, chair: doc.signatures.chair!.hash, recorder: doc.signatures.recorder!.hash }
    expect(new Set(Object.values(files)).size).toBe(4)
    // Every file is on the server, byte for byte.
    for (const hash of Object.values(files)) {
      const res = await fetch(url(`/api/attachments/${hash}`), { headers: { authorization: `Bearer ${secretaryApi.token}` } })
      expect(res.status).toBe(200)
      expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(hash)
    }
    // The thumbnail is a fraction of the original.
    const sizes = await Promise.all([files.photo, files.thumb].map(async (h) => (await fetch(url(`/api/attachments/${h}`), { headers: { authorization: `Bearer ${secretaryApi.token}` } })).arrayBuffer()))
    expect(sizes[1]!.byteLength).toBeLessThan(sizes[0]!.byteLength / 2)
  })

  test('on B online, the record shows the photo (its thumbnail) and both signatures', async () => {
    // B first downloads nothing in the background, so that what the record page fetches is visible.
    await go(b, '/')
    await b.page.evaluate(() => localStorage.setItem('branch-records.prefetch-mode', 'never'))
    await signInThroughApp(b, RECORDER) // opens the app afresh: the setting is read at start
    await syncNow(b)
    expect(await heldFiles(b)).toEqual([])

    // Offline with none of the files: a plain placeholder for each, no broken image, no error.
    await b.context.setOffline(true)
    await go(b, `/records/${recordId}`)
    await b.page.getByTestId('record-paper').waitFor({ timeout: 15_000 })
    await expect.poll(async () => (await paperImages(b.page)).map((i) => i.state), { timeout: 15_000 }).toEqual(['offline', 'offline', 'offline'])
    expect(await b.page.getByTestId('record-paper').locator('.attachment-image').allTextContents()).toEqual(['联网后显示', '联网后显示', '联网后显示'])
    await showImages(b.page)
    await screenshot(b.page, 'attachments-00-b-offline-before-download')
    // Printing now names exactly what is missing and why; cancelling prints nothing.
    await b.page.getByTestId('record-print').click()
    const dialog = b.page.locator('.van-dialog:visible')
    await dialog.waitFor({ timeout: 15_000 })
    const title = recordName
    expect(title).toMatch(/^\d{4}-\d{2}-\d{2} 第1次党课$/)
    expect((await dialog.locator('.van-dialog__header').textContent())?.trim()).toBe('有 3 个照片或签名不在本机')
    expect((await dialog.locator('.van-dialog__message').textContent())?.trim().split('\n')).toEqual([
      `${title} · 照片 1：没有网络，无法下载`,
      `${title} · 主持人签名：没有网络，无法下载`,
      `${title} · 记录人签名：没有网络，无法下载`,
    ])
    await screenshot(b.page, 'attachments-00b-b-print-missing')
    await dialog.locator('.van-dialog__cancel').click()
    await dialog.waitFor({ state: 'hidden' })
    expect(await b.page.evaluate(() => (window as unknown as { printed?: number }).printed ?? 0)).toBe(0)
    // The same in English (screenshots for people to look at).
    await b.page.evaluate(() => localStorage.setItem('branch-records.locale', 'en'))
    await b.page.reload()
    await expect.poll(async () => (await paperImages(b.page)).map((i) => i.state), { timeout: 15_000 }).toEqual(['offline', 'offline', 'offline'])
    expect(await b.page.getByTestId('record-paper').locator('.attachment-image').first().textContent()).toBe('Shows when online')
    await showImages(b.page)
    await screenshot(b.page, 'attachments-00c-b-offline-en')
    await b.page.getByTestId('record-print').click()
    await dialog.waitFor({ timeout: 15_000 })
    expect((await dialog.locator('.van-dialog__header').textContent())?.trim()).toBe('3 photo(s) or signature(s) are not on this device')
    await screenshot(b.page, 'attachments-00d-b-print-missing-en')
    await dialog.locator('.van-dialog__cancel').click()
    await dialog.waitFor({ state: 'hidden' })
    await b.page.evaluate(() => localStorage.setItem('branch-records.locale', 'zh-CN'))
    await b.page.reload()
    await b.page.getByTestId('record-paper').waitFor({ timeout: 15_000 })
    // Back online, the page fetches them by itself.
    await b.context.setOffline(false)
    await b.page.evaluate(() => window.dispatchEvent(new Event('online')))
    await expect.poll(async () => (await paperImages(b.page)).map((i) => i.state), { timeout: 15_000 }).toEqual(['shown', 'shown', 'shown'])

    await go(b, `/records/${recordId}`)
    await b.page.getByTestId('record-paper').waitFor({ timeout: 15_000 })
    await expect.poll(async () => (await paperImages(b.page)).map((i) => i.state), { timeout: 15_000 }).toEqual(['shown', 'shown', 'shown'])
    const images = await paperImages(b.page)
    expect(images.every((i) => i.width > 0)).toBe(true)
    // Signatures first in the paper, then the photo, shown from its 320-pixel thumbnail.
    expect(images[2]!.width).toBe(320)
    expect(await heldFiles(b)).toEqual([files.thumb, files.chair, files.recorder].sort())
    await showImages(b.page)
    await screenshot(b.page, 'attachments-01-b-online')
    // Tapping the photo opens its original, downloaded on demand.
    await b.page.getByTestId('record-paper').locator('.paper__photo .attachment-image').click()
    const viewer = b.page.getByTestId('record-photo-viewer').locator('img.attachment-image')
    await viewer.waitFor({ timeout: 15_000 })
    await expect.poll(() => viewer.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(640)
    expect(await heldFiles(b)).toEqual([files.photo, files.thumb, files.chair, files.recorder].sort())
    await screenshot(b.page, 'attachments-01b-b-photo-original')
    await b.page.locator('.record-view__photo').click()
    await viewer.waitFor({ state: 'hidden' })
  })

  test('B prefetches the recent quarters after a sync and then shows everything offline', async () => {
    await go(b, '/settings')
    await b.page.getByTestId('prefetch-always').click()
    await b.page.getByTestId('prefetch-setting').scrollIntoViewIfNeeded()
    await screenshot(b.page, 'attachments-02-settings')
    await b.page.locator('[data-test="locale-en"]').click()
    await b.page.getByTestId('prefetch-wifi').getByText('Wi-Fi only', { exact: true }).waitFor()
    await b.page.getByTestId('prefetch-setting').scrollIntoViewIfNeeded()
    await screenshot(b.page, 'attachments-02-settings-en')
    await b.page.locator('[data-test="locale-zh-CN"]').click()
    await b.page.getByTestId('prefetch-wifi').getByText('仅 Wi-Fi', { exact: true }).waitFor()
    await syncNow(b)
    await expect.poll(() => heldFiles(b), { timeout: 15_000 }).toEqual(Object.values(files).sort())

    await b.context.setOffline(true)
    await go(b, `/records/${recordId}`)
    await b.page.getByTestId('record-paper').waitFor({ timeout: 15_000 })
    await expect.poll(async () => (await paperImages(b.page)).map((i) => i.state), { timeout: 15_000 }).toEqual(['shown', 'shown', 'shown'])
    expect((await paperImages(b.page)).every((i) => i.width > 0)).toBe(true)
    await showImages(b.page)
    await screenshot(b.page, 'attachments-03-b-offline')

    // Print (still offline): the originals are laid out, nothing is missing, the print dialog opens once.
    await b.page.getByTestId('record-print').click()
    await expect.poll(() => b.page.evaluate(() => (window as unknown as { printed?: number }).printed ?? 0), { timeout: 15_000 }).toBe(1)
    expect(await b.page.locator('.van-dialog:visible').count()).toBe(0)
    const printed = await paperImages(b.page)
    expect(printed.map((i) => i.state)).toEqual(['shown', 'shown', 'shown'])
    expect(printed[2]!.width).toBe(640)
    await b.page.emulateMedia({ media: 'print' })
    await screenshot(b.page, 'attachments-04-b-print')
    await b.page.emulateMedia({ media: 'screen' })
    await b.context.setOffline(false)
  })

  test('an evidence ZIP made on B holds the photo and both signatures, byte for byte', async () => {
    // The rectification ledger, entered elsewhere (here through the API): one measure with the record as evidence.
    const now = new Date().toISOString()
    const push = async (entity: string, id: string, doc: Record<string, unknown>) => {
      const res = await fetch(url('/api/sync/push'), {
        method: 'POST',
        headers: { authorization: `Bearer ${secretaryApi.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ deviceId: 'e2e-ledger', mutations: [{ mutationId: `m-${entity}-${id}`, entity, id, baseRev: 0, doc }] }),
      })
      expect(res.status, await res.clone().text()).toBe(200)
      const body = (await res.json()) as { results: { status: string }[] }
      expect(body.results[0]?.status, JSON.stringify(body)).toBe('applied')
    }
    await push('inspection', 'insp-e2e', {
      id: 'insp-e2e', branchId, scope: 'branch', title: '区委巡察组反馈意见', inspector: '区委第三巡察组', periodFrom: '2026-09-01', periodTo: '2026-10-15',
      feedbackDate: '2026-11-01', deadline: '2027-05-01', unitName: BRANCH_NAME, createdAt: now, updatedAt: now,
    })
    await push('finding-category', 'cat-e2e', { id: 'cat-e2e', branchId, inspectionId: 'insp-e2e', order: 1, title: '基层党组织建设方面', updatedAt: now })
    await push('finding', 'f-e2e', { id: 'f-e2e', branchId, inspectionId: 'insp-e2e', categoryId: 'cat-e2e', order: 1, title: '党课记录缺少照片和签名', updatedAt: now })
    await push('measure', 'm-e2e', {
      id: 'm-e2e', branchId, findingId: 'f-e2e', order: 1, text: '党课记录附现场照片和签名', leadLeader: '周建华', responsible: '组织委员', deadline: '2027-01-31', status: 'done', completedOn: '2026-12-01', updatedAt: now,
    })
    await push('evidence', 'ev-e2e', { id: 'ev-e2e', branchId, measureId: 'm-e2e', type: 'record', recordId, recordRev: 1, updatedAt: now })

    await syncNow(b)
    await go(b, '/rectification/insp-e2e/report')
    const exportButton = b.page.getByTestId('export-package')
    await exportButton.waitFor({ timeout: 15_000 })
    const [download] = await Promise.all([b.page.waitForEvent('download', { timeout: 30_000 }), exportButton.click()])
    const zip = unzipSync(new Uint8Array(readFileSync((await download.path())!)))
    const manifest = JSON.parse(strFromU8(zip['manifest.json']!)) as { files: { path: string; sha256: string; source: { type: string; recordId?: string } }[] }
    for (const f of manifest.files) expect(sha256(zip[f.path]!), f.path).toBe(f.sha256)
    // The photo, as its own file: the original's exact bytes.
    const photos = manifest.files.filter((f) => f.source.type === 'record-photo' && f.source.recordId === recordId)
    expect(photos.map((p) => p.sha256)).toEqual([files.photo])
    // The record's Word document carries the photo and both signatures, byte for byte.
    const docPath = manifest.files.find((f) => f.source.type === 'record' && f.source.recordId === recordId)!.path
    const docx = unzipSync(zip[docPath]!)
    const media = Object.entries(docx).filter(([p]) => p.startsWith('word/media/')).map(([, bytes]) => sha256(bytes))
    expect(media.sort()).toEqual([files.photo, files.chair, files.recorder].sort())
  })

  test('no page errors or CSP violations on either device', () => {
    expect(a.errors).toEqual([])
    expect(b.errors).toEqual([])
  })
})
