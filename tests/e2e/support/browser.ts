// Launches Debian's Chromium through playwright-core (no browser download works on these machines).
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' }

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

/** A persistent profile: needed for installability (an ordinary context reports `in-incognito`) and to survive "closing the browser". */
export async function launchPersistent(profileDir?: string): Promise<{ context: BrowserContext; profileDir: string; close: () => Promise<void> }> {
  const dir = profileDir ?? mkdtempSync(join(tmpdir(), 'br-profile-'))
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, ...PHONE })
  return { context, profileDir: dir, close: () => context.close() }
}

export function removeProfile(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

const SHOTS = join(process.cwd(), 'tests', 'e2e', 'screenshots')
/** Phone-size screenshots of the main screens, for people to look at (not compared automatically). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, `${name}.png`) })
}

/** Fails the test on any uncaught page error or CSP violation, which a user would not see but we must. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(`csp: ${m.text()}`)
  })
  return errors
}

/**
 * Waits for the page to stop moving (Vant's popups, collapses and scrolls animate): no finite animation or
 * transition running, then two frames. Used instead of fixed sleeps before measuring or tapping a spot.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity), undefined, { timeout: 10_000 })
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))))
}
