// What the phone-level end-to-end tests share: a phone (its own browser context, page and page errors),
// the service worker in control, the sync bar's text, the time wheel, a record editor panel opened, and a
// small valid PNG (so the photo path runs through real image decoding).
import { deflateSync } from 'node:zlib'
import { expect } from 'vitest'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { collectPageErrors, PHONE, settled } from './browser'

export interface Device {
  name: string
  context: BrowserContext
  page: Page
  errors: string[]
}

/** A phone of its own: a fresh context at 390×844; `prepare` runs on the context before the first page. */
export async function openDevice(
  browser: Browser,
  name: string,
  options: BrowserContextOptions = {},
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<Device> {
  const context = await browser.newContext({ ...PHONE, ...options })
  await prepare?.(context)
  const page = await context.newPage()
  return { name, context, page, errors: collectPageErrors(page) }
}

export async function waitForServiceWorker(device: Device): Promise<void> {
  await device.page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration()) !== undefined, undefined, { timeout: 20_000 })
  await device.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
}

/** What the sync bar on the current page says (unsent count, last sync, message). */
export async function barText(page: Page): Promise<string> {
  return ((await page.getByTestId('sync-status-bar').textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').trim()
}

/** Fills the sign-in form already on screen and submits it; the form goes away once signed in. */
export async function submitSignIn(device: Device, user: { username: string; password: string }): Promise<void> {
  const { page } = device
  const form = page.getByTestId('sign-in-form')
  await form.waitFor()
  await page.getByTestId('sign-in-username').locator('input').fill(user.username)
  await page.getByTestId('sign-in-password').locator('input').fill(user.password)
  await page.getByTestId('sign-in-submit').click()
  await form.waitFor({ state: 'detached', timeout: 15_000 }).catch(async () => {
    const error = await page.getByTestId('sign-in-error').textContent().catch(() => '')
    throw new Error(`${device.name}: sign-in as ${user.username} failed: ${error}`)
  })
}

/**
 * The 立即同步 button of the sync bar on `path` (opened from `baseUrl` unless the page is there), tapped
 * until a run finishes with "同步完成". A loading button ignores taps, and a sync the app started itself
 * (start, online) may be running.
 */
export async function syncNow(device: Device, baseUrl: string, path = '/'): Promise<void> {
  const { page } = device
  if (new URL(page.url()).pathname !== path) await page.goto(baseUrl + path)
  const button = page.getByTestId('sync-now')
  await button.waitFor({ timeout: 10_000 }).catch(async () => {
    throw new Error(`${device.name}: no 立即同步 button; the sync bar says: ${await barText(page)}`)
  })
  const done = page.locator('.van-toast').filter({ hasText: '同步完成' })
  for (let attempt = 1; ; attempt++) {
    await expect.poll(() => button.getAttribute('class'), { timeout: 20_000 }).not.toContain('van-button--loading')
    await done.waitFor({ state: 'hidden' })
    await button.click()
    if (await done.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) return
    if (attempt === 4) throw new Error(`${device.name}: 立即同步 did not finish well; the sync bar says: ${await barText(page)}`)
  }
}

/** Opens a time wheel and takes what it offers. */
export async function pickTime(page: Page, testid: string): Promise<void> {
  await page.getByTestId(testid).click()
  await page.locator('.van-popup:visible .van-picker__confirm').click()
  await expect.poll(async () => (await page.getByTestId(testid).locator('input').inputValue()).length).toBe(5)
  await page.locator('.van-popup:visible .van-picker__confirm').waitFor({ state: 'hidden' })
}

/** Opens one panel of the record editor (a no-op when it is open). */
export async function openPanel(page: Page, key: string): Promise<void> {
  const panel = page.getByTestId(`section-${key}`)
  const content = panel.locator('.van-collapse-item__wrapper')
  if (!(await content.isVisible().catch(() => false))) await panel.locator('.van-collapse-item__title').first().click()
  await content.waitFor({ state: 'visible' })
}

export function pngBytes(width: number, height: number, red = 200): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf: Buffer) => {
    let c = 0xffffffff
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const c = Buffer.alloc(4)
    c.writeUInt32BE(crc(td))
    return Buffer.concat([len, td, c])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3
      raw[o] = red
      raw[o + 1] = (x * 255) / width
      raw[o + 2] = (y * 255) / height
    }
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

/** Opens the signature pad `testid`, draws a stroke across it, confirms, and waits until the slot shows it signed. */
export async function drawSignature(page: Page, testid: string, wave = 15): Promise<void> {
  await page.getByTestId(`${testid}-start`).click()
  const canvas = page.getByTestId(`${testid}-canvas`)
  await canvas.waitFor()
  await canvas.scrollIntoViewIfNeeded()
  await settled(page)
  const box = await canvas.boundingBox()
  if (!box) throw new Error('signature canvas not visible')
  await page.mouse.move(box.x + 20, box.y + box.height / 2)
  await page.mouse.down()
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 20, box.y + box.height / 2 + (i % 2 ? wave : -wave))
  await page.mouse.up()
  await page.getByTestId(`${testid}-confirm`).click()
  await expect.poll(() => page.getByTestId(testid).getAttribute('data-signed')).toBe('yes')
}
