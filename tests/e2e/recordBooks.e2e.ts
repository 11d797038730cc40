// The offline record books as a secretary uses them on a phone: set up the branch, import the roster,
// go offline, log a committee meeting with attendance, a photo and signatures, reload offline and find
// it intact; close the browser mid-sentence and find the draft; a record with gaps cannot be finished.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'
import { collectPageErrors, launchPersistent, removeProfile, screenshot, settled } from './support/browser'
import { startServer, type RunningServer } from './support/server'
import { drawSignature, openPanel, pickTime, pngBytes } from './support/phone'

let server: RunningServer
let profileDir = ''

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server?.stop()
  if (profileDir) removeProfile(profileDir)
})


async function openApp(context: BrowserContext): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage())
  return page
}

/** Member pickers are popups; closed ones stay in the DOM, so only visible options count. */
async function pick(page: Page, testid: string, name: string): Promise<void> {
  await page.getByTestId(`${testid}-pick`).click()
  await page.locator(`[data-testid="member-option-${name}"]:visible`).click()
  await settled(page)
}

test('set up a branch, log a meeting offline, reload offline and find it intact', async () => {
  const persistent = await launchPersistent()
  profileDir = persistent.profileDir
  const { context } = persistent
  const page = await openApp(context)
  const errors = collectPageErrors(page)
  try {
    await page.goto(server.baseUrl + '/')
    await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration()) !== undefined, undefined, { timeout: 20_000 })
    await page.evaluate(() => navigator.serviceWorker.ready)
    await screenshot(page, '02-home-first-run')

    // Branch
    await page.goto(server.baseUrl + '/branch')
    await page.getByLabel('支部名称').fill('机关第一党支部')
    await page.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => page.locator('.van-toast, .van-notify').first().textContent().catch(() => '')).toContain('保存')

    // Roster import from CSV
    await page.goto(server.baseUrl + '/roster/import')
    await page.locator('[data-test="roster-file"]').setInputFiles({
      name: 'roster.csv',
      mimeType: 'text/csv',
      buffer: readFileSync('tests/fixtures/roster.csv'),
    })
    await page.locator('[data-test="import-confirm"]').waitFor()
    await screenshot(page, '03-roster-import-preview')
    await page.locator('[data-test="import-confirm"]').click()
    await page.waitForURL(/\/roster$/)
    await page.goto(server.baseUrl + '/roster')
    await page.getByText('周建华').first().waitFor()
    await screenshot(page, '04-roster')

    // Offline from here on
    await context.setOffline(true)
    await page.goto(server.baseUrl + '/records/new/committee-meeting')
    await page.getByTestId('field-place').locator('input').fill('三楼党员活动室')
    await pickTime(page, 'field-start-time')
    await pickTime(page, 'field-end-time')
    await pick(page, 'field-chair', '周建华')
    await pick(page, 'field-recorder', '林晓梅')

    // Attendance: committee members only; one absent with a reason.
    await openPanel(page, 'attendance')
    await page.getByTestId('attendance-吴丽娟-absent').click()
    await page.getByTestId('reason-option-businessTrip').click()
    await expect.poll(() => page.getByTestId('attendance-吴丽娟').getAttribute('data-status')).toBe('absent')
    await expect.poll(() => page.getByTestId('count-expected').textContent()).toBe('5')
    await expect.poll(() => page.getByTestId('count-actual').textContent()).toBe('4')
    await screenshot(page, '06-editor-attendance')

    // Agenda: the 第一议题 item is prefilled; give it a title and its material.
    await openPanel(page, 'agenda')
    await page.getByTestId('agenda-0-title').locator('textarea, input').first().fill('学习习近平总书记关于基层党建的重要论述')
    await page.getByTestId('agenda-0-material-title').locator('textarea, input').first().fill('在全国组织工作会议上的讲话')
    await page.getByTestId('agenda-add').click()
    await page.getByTestId('agenda-1-title').locator('textarea, input').first().fill('研究第四季度主题党日安排')

    await openPanel(page, 'decisions')
    await page.getByTestId('decision-add').click()
    await page.getByTestId('decision-0-text').locator('textarea, input').first().fill('同意12月主题党日赴红色教育基地开展学习')
    await page.getByTestId('decision-0-yes').fill('4')
    await page.getByTestId('decision-0-no').fill('0')
    await page.getByTestId('decision-0-abstain').fill('0')

    await openPanel(page, 'summary')
    await page.getByTestId('field-summary').locator('textarea').fill('周建华同志强调，要把学习成果转化为推动工作的实际成效，按时完成各项任务。')
    await page.getByTestId('field-ended').click()

    await openPanel(page, 'photos')
    await page.getByTestId('photo-gallery-input').setInputFiles({ name: 'meeting.png', mimeType: 'image/png', buffer: pngBytes(640, 480) })
    await page.getByTestId('photo-thumb-0').waitFor({ timeout: 15_000 })
    // A non-image "photo" is refused with a message and changes nothing.
    await page.getByTestId('photo-gallery-input').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('this is not an image') })
    await page.locator('.van-toast, .van-notify, .van-dialog').filter({ hasText: /图片/ }).first().waitFor({ timeout: 10_000 })
    expect(await page.locator('[data-testid^="photo-thumb-"]').count()).toBe(1)

    await openPanel(page, 'signatures')
    await drawSignature(page, 'signature-chair')
    await drawSignature(page, 'signature-recorder')
    await expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved')
    await screenshot(page, '07-editor-filled')

    await page.getByTestId('record-finish').click()
    await page.getByTestId('record-paper').waitFor({ timeout: 15_000 })
    const recordUrl = page.url()
    expect(recordUrl).toMatch(/\/records\/[0-9a-f-]{36}$/)
    await screenshot(page, '08-record-paper')

    // Reload while still offline: the service worker serves the app, IndexedDB the record.
    await page.reload()
    const paper = page.getByTestId('record-paper')
    await paper.waitFor({ timeout: 15_000 })
    const text = (await paper.textContent()) ?? ''
    for (const expected of ['三楼党员活动室', '周建华', '林晓梅', '吴丽娟', '出差', '学习习近平总书记关于基层党建的重要论述', '同意12月主题党日赴红色教育基地开展学习', '散会']) {
      expect(text, `record page shows ${expected}`).toContain(expected)
    }
    expect(await paper.locator('img').count()).toBeGreaterThanOrEqual(3) // two signatures and the photo

    // The book lists it under this quarter.
    await page.goto(server.baseUrl + '/books/committee-meeting')
    await page.locator('[data-testid^="book-entry-"]').first().waitFor()
    expect(await page.locator('[data-testid^="book-entry-"]').count()).toBe(1)
    await screenshot(page, '09-book')

    // Search finds it by Chinese words from the minutes.
    await page.goto(server.baseUrl + '/search')
    await page.getByTestId('search-input').locator('input').fill('红色教育')
    await page.getByTestId('search-input').locator('input').press('Enter')
    await page.locator('[data-testid^="search-result-"]').first().waitFor()
    await screenshot(page, '10-search')
  } finally {
    await context.close()
  }
  expect(errors).toEqual([])
})

test('closing the browser mid-sentence keeps the draft; a record with gaps cannot be finished', async () => {
  // Same profile as the first test: the branch and roster are already on this "phone".
  const first = await launchPersistent(profileDir)
  let page = await openApp(first.context)
  await first.context.setOffline(true)
  await page.goto(server.baseUrl + '/records/new/party-lesson')
  const lessonPlace = page.getByTestId('field-place').locator('input')
  await lessonPlace.waitFor()
  await lessonPlace.pressSequentially('区委党校二楼报告厅，党课主题为', { delay: 20 })
  // Less than a second after the last keystroke, the browser goes away without any goodbye.
  await page.waitForTimeout(900)
  await first.context.close()

  const second = await launchPersistent(profileDir)
  try {
    page = await openApp(second.context)
    await second.context.setOffline(true)
    await page.goto(server.baseUrl + '/')
    await page.getByText('未完成的草稿').waitFor({ timeout: 15_000 })
    await screenshot(page, '11-home-with-draft')
    await page.locator('.van-cell').filter({ hasText: '第1次党课' }).first().click()
    await expect.poll(() => page.getByTestId('field-place').locator('input').inputValue(), { timeout: 15_000 }).toBe('区委党校二楼报告厅，党课主题为')

    // A committee meeting with nothing filled in cannot be finished, and the app says why.
    await page.goto(server.baseUrl + '/records/new/committee-meeting')
    await page.getByTestId('field-place').locator('input').fill(' ')
    await page.getByTestId('record-finish').click()
    const dialog = page.locator('.missing-dialog')
    await dialog.waitFor()
    const missing = (await dialog.textContent()) ?? ''
    expect(missing).toContain('地点')
    expect(missing).toContain('签名')
    await screenshot(page, '12-missing-elements')
    await page.locator('.van-dialog__confirm, .van-dialog button').last().click()
    await page.goto(server.baseUrl + '/books/committee-meeting')
    await page.locator('[data-testid^="book-entry-"]').first().waitFor()
    // Still exactly one finished committee meeting: the failed "完成" stored nothing final.
    const finished = await page.locator('[data-testid^="book-entry-"]').filter({ hasNotText: '草稿' }).count()
    expect(finished).toBe(1)
  } finally {
    await second.context.close()
  }
})
