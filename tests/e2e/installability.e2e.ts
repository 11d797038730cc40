// The manifest and service worker make the app installable, and it opens with the network off.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchPersistent, removeProfile, screenshot, collectPageErrors } from './support/browser'
import { startServer, type RunningServer } from './support/server'

let server: RunningServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server?.stop()
})

test('installable: no installability errors, manifest fields, then opens offline', async () => {
  const { context, profileDir, close } = await launchPersistent()
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    const errors = collectPageErrors(page)
    await page.goto(server.baseUrl + '/')
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    // The page must be controlled before going offline; a reload after activation guarantees it.
    await page.reload()
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)

    const cdp = await context.newCDPSession(page)
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] }
    expect(installabilityErrors.map((e) => e.errorId)).toEqual([])

    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[] }
    expect(manifest.errors).toEqual([])
    const res = await fetch(manifest.url)
    const json = (await res.json()) as { name: string; display: string; theme_color: string; icons: { sizes: string; purpose?: string }[] }
    expect(json.name).toBe('支部纪实')
    expect(json.display).toBe('standalone')
    expect(json.theme_color).toMatch(/^#/)
    expect(json.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']))
    expect(json.icons.some((i) => i.purpose === 'maskable')).toBe(true)

    await context.setOffline(true)
    await page.reload()
    await page.waitForSelector('.van-nav-bar, .van-tabbar', { timeout: 10_000 })
    expect(await page.title()).toBe('支部纪实')
    await screenshot(page, '01-home-offline')
    expect(errors).toEqual([])
  } finally {
    await close()
    removeProfile(profileDir)
  }
})
