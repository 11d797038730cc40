// A phone-ergonomics audit of the main screens, as a secretary of the demo branch sees them on a
// 390×844 phone, in Chinese and in English: every control a finger must hit is at least 44×44 CSS px
// (or sits in a row that is), nothing scrolls sideways, no field label or placeholder is cut off.
// The same screens at 200 % zoom (a 195 px wide layout, as a phone's large-text setting gives) must
// not scroll sideways either. Screenshots of every screen land in tests/e2e/screenshots/.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser, PHONE, screenshot, settled } from './support/browser'
import { startServer, type RunningServer } from './support/server'

let server: RunningServer
let browser: Browser
let context: BrowserContext
let page: Page

const SCREENS: { name: string; path: string }[] = [
  { name: 'home', path: '/' },
  { name: 'books', path: '/books' },
  { name: 'book', path: '/books/committee-meeting' },
  { name: 'editor', path: '/records/new/committee-meeting' },
  { name: 'check', path: '/check' },
  { name: 'search', path: '/search' },
  { name: 'settings', path: '/settings' },
  { name: 'roster', path: '/roster' },
  { name: 'branch', path: '/branch' },
  { name: 'rectification', path: '/rectification' },
]

interface Problem {
  kind: 'small-target' | 'sideways-scroll' | 'clipped-label' | 'clipped-placeholder'
  what: string
}

/** Runs in the page: the audit itself. */
function auditPage(): Problem[] {
  const problems: Problem[] = []
  const describeEl = (el: Element): string => {
    const id = el.getAttribute('data-testid') ?? el.getAttribute('data-test') ?? el.getAttribute('aria-label') ?? ''
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24)
    return `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 2).join('.')}${id ? `[${id}]` : ''} "${text}"`
  }
  const visible = (el: Element): boolean => {
    const r = el.getBoundingClientRect()
    if (r.width === 0 || r.height === 0) return false
    for (let e: Element | null = el; e; e = e.parentElement) {
      const s = getComputedStyle(e)
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false
    }
    return true
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && visible(e))
    problems.push({ kind: 'sideways-scroll', what: `${document.documentElement.scrollWidth}px > ${window.innerWidth}px: ${wide.slice(0, 3).map(describeEl).join(' | ')}` })
  }
  const controls = document.querySelectorAll('a[href], button, input:not([type=hidden]), textarea, [role=button], [role=radio], [role=tab], [role=checkbox], [role=switch], .van-cell--clickable, .van-tabbar-item')
  for (const el of controls) {
    // Screen-reader-only inputs (a file input behind its button) are not tapped.
    if (!visible(el) || el.closest('.visually-hidden')) continue
    // A field's input is hit anywhere in its row; a control inside a clickable row shares the row.
    const box = (el.closest('.van-field, .van-cell--clickable, .van-tabbar-item') ?? el).getBoundingClientRect()
    // Inline links inside running text are exempt (WCAG 2.5.8).
    if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') continue
    if (box.width < 44 || box.height < 44) problems.push({ kind: 'small-target', what: `${describeEl(el)} ${Math.round(box.width)}×${Math.round(box.height)}` })
  }
  for (const label of document.querySelectorAll('.van-field__label, .van-cell__title')) {
    if (!visible(label)) continue
    const inner = label.firstElementChild ?? label
    if (inner.scrollWidth > inner.clientWidth + 1 && getComputedStyle(inner).textOverflow !== 'ellipsis') {
      problems.push({ kind: 'clipped-label', what: describeEl(label) })
    }
  }
  const ctx = document.createElement('canvas').getContext('2d')!
  for (const input of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[placeholder], textarea[placeholder]')) {
    if (!visible(input) || input.value || input.tagName === 'TEXTAREA') continue
    const s = getComputedStyle(input)
    ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`
    const room = input.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)
    if (ctx.measureText(input.placeholder).width > room + 1) problems.push({ kind: 'clipped-placeholder', what: `"${input.placeholder}" needs ${Math.round(ctx.measureText(input.placeholder).width)}px, has ${Math.round(room)}px` })
  }
  return problems
}

async function signInAsDemoSecretary(): Promise<void> {
  const line = server.output().split('\n').find((l) => l.trim().startsWith('demo-secretary '))
  const password = /password: (\S+)/.exec(line ?? '')?.[1]
  if (!password) throw new Error(`demo password not printed:\n${server.output()}`)
  await page.goto(`${server.baseUrl}/sign-in`)
  await page.getByTestId('sign-in-username').locator('input').fill('demo-secretary')
  await page.getByTestId('sign-in-password').locator('input').fill(password)
  await page.getByTestId('sign-in-submit').click()
  await page.getByTestId('sign-in-form').waitFor({ state: 'detached', timeout: 20_000 })
  // The demo quarter arrives with the first pull.
  await page.goto(`${server.baseUrl}/books/committee-meeting`)
  await page.getByText('支部委员会会议').first().waitFor({ timeout: 30_000 })
}

async function setLanguage(locale: 'zh-CN' | 'en'): Promise<void> {
  await page.evaluate((l) => localStorage.setItem('branch-records.locale', l), locale)
}

async function auditScreen(screen: (typeof SCREENS)[number]): Promise<Problem[]> {
  await page.goto(`${server.baseUrl}${screen.path}`, { waitUntil: 'networkidle' })
  await settled(page)
  return page.evaluate(auditPage)
}

beforeAll(async () => {
  server = await startServer({}, ['--demo'])
  browser = await launchBrowser()
  context = await browser.newContext(PHONE)
  page = await context.newPage()
  await signInAsDemoSecretary()
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe.each(['zh-CN', 'en'] as const)('main screens on a 390×844 phone, %s', (locale) => {
  test.each(SCREENS)('$name: targets ≥ 44×44, no sideways scroll, nothing clipped', async (screen) => {
    await page.setViewportSize({ width: 390, height: 844 })
    await setLanguage(locale)
    const problems = await auditScreen(screen)
    await screenshot(page, `audit-${locale}-${screen.name}`)
    expect(problems).toEqual([])
  })
})

describe('main screens at 200 % zoom (large text)', () => {
  test.each(SCREENS)('$name: no sideways scroll at a 195 px layout width', async (screen) => {
    await setLanguage('zh-CN')
    await page.setViewportSize({ width: 195, height: 422 })
    const problems = (await auditScreen(screen)).filter((p) => p.kind === 'sideways-scroll')
    await screenshot(page, `audit-zoom200-${screen.name}`)
    expect(problems).toEqual([])
  })
})
