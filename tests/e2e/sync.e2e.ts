// Two phones of one branch against the real server: the secretary (device A) and the recorder
// (device B) sign in through the app, share the roster, see each other's records, edit the same record
// offline (different fields merge; the same field becomes a conflict a person resolves), and a session
// that ends during offline work loses nothing. The tests run in order and share the two devices.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, screenshot } from './support/browser'
import { barText, openDevice, openPanel, pickTime, submitSignIn, syncNow as tapSyncNow, waitForServiceWorker, type Device } from './support/phone'
import { startServer, type RunningServer } from './support/server'
import { createBranch, createUser, resetPassword, revisions, signIn, type ApiClient, type CreatedUser } from './support/api'

const BRANCH_NAME = '区数据局机关第二党支部'
const SECRETARY = { username: 'zhou.secretary', displayName: '周建华', password: 'secretary-Passw0rd' }
const RECORDER = { username: 'lin.recorder', displayName: '林晓梅', password: 'recorder-Passw0rd' }
const LESSON_CONTENT =
  '围绕新时代党的组织路线，讲述基层党组织在推动中心工作中的战斗堡垒作用，结合本单位数据治理任务，' +
  '要求每名党员立足岗位、认领任务、按月对账，把学习成效体现在为群众办实事上，并对照党章党规查找差距，明确整改方向和时限。'

let server: RunningServer
let browser: Browser
let admin: ApiClient
let secretary: CreatedUser
let a: Device
let b: Device
/** The record both devices work on. */
let recordId = ''

beforeAll(async () => {
  server = await startServer()
  admin = await signIn(server.baseUrl, 'admin', server.adminPassword)
  const branch = await createBranch(admin, BRANCH_NAME)
  secretary = await createUser(admin, { ...SECRETARY, role: 'secretary', branchId: branch.id })
  await createUser(admin, { ...RECORDER, role: 'recorder', branchId: branch.id })
  browser = await launchBrowser()
  a = await openDevice(browser, 'A')
  b = await openDevice(browser, 'B')
})

afterAll(async () => {
  // Contexts first: closing the browser with them open takes Chromium about 30 s here.
  await a?.context.close()
  await b?.context.close()
  await browser?.close()
  await server?.stop()
})

// ------------------------------------------------------------------ helpers

const url = (path: string): string => server.baseUrl + path

/** Opens a page of the app with a full load (as opening the app does; offline, the service worker serves it). */
async function go(device: Device, path: string): Promise<void> {
  await device.page.goto(url(path))
}

/** 立即同步 (see support/phone.ts), then everything is uploaded. */
async function syncNow(device: Device, path = '/'): Promise<void> {
  await tapSyncNow(device, server.baseUrl, path)
  await expect.poll(() => barText(device.page), { timeout: 5_000 }).toContain('全部已上传')
}

/** The sync mark the record carries in its book (仅本机 / 待上传 / 已同步 / 冲突 / 出错). */
async function bookSyncTag(device: Device, id: string): Promise<string> {
  await go(device, '/books/party-lesson')
  const entry = device.page.getByTestId(`book-entry-${id}`)
  await entry.waitFor({ timeout: 10_000 })
  return ((await entry.getByTestId('record-sync-badge').textContent()) ?? '').trim()
}

async function paperText(device: Device, id: string): Promise<string> {
  await go(device, `/records/${id}`)
  const paper = device.page.getByTestId('record-paper')
  await paper.waitFor({ timeout: 10_000 })
  return (await paper.textContent()) ?? ''
}

async function pick(page: Page, testid: string, name: string): Promise<void> {
  await page.getByTestId(`${testid}-pick`).click()
  await page.locator(`[data-testid="member-option-${name}"]:visible`).click()
  await page.locator('.member-picker').first().waitFor({ state: 'hidden' })
}

/** Clicks 完成 / 保存修改 and waits for the record page; says what the editor complained about if not. */
async function finishRecord(page: Page): Promise<string> {
  await expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved')
  await page.getByTestId('record-finish').click()
  await page.getByTestId('record-paper').waitFor({ timeout: 15_000 }).catch(async () => {
    const dialog = await page.locator('.van-dialog:visible').textContent().catch(() => '')
    throw new Error(`the record was not finished: ${dialog}`)
  })
  const id = /\/records\/([0-9a-f-]{36})$/.exec(page.url())?.[1]
  if (!id) throw new Error(`not on a record page: ${page.url()}`)
  return id
}

async function newPartyLesson(device: Device, place: string, theme: string): Promise<string> {
  const { page } = device
  await go(device, '/records/new/party-lesson')
  const placeInput = page.getByTestId('field-place').locator('input')
  await placeInput.waitFor()
  await placeInput.fill(place)
  await pickTime(page, 'field-start-time')
  await pickTime(page, 'field-end-time')
  await pick(page, 'field-recorder', '林晓梅')
  await openPanel(page, 'lesson')
  await page.getByTestId('field-lecturer').locator('input').fill('周建华 支部书记')
  await page.getByTestId('field-theme').locator('input').fill(theme)
  await page.getByTestId('field-content').locator('textarea').fill(LESSON_CONTENT)
  await openPanel(page, 'summary')
  await page.getByTestId('field-summary').locator('textarea').fill('大家一致表示要把党课所学转化为工作实效。')
  return finishRecord(page)
}

/** Opens the record in the editor, changes one field and saves the change. */
async function editRecord(device: Device, id: string, change: { place?: string; summary?: string }): Promise<void> {
  const { page } = device
  await go(device, `/records/${id}/edit`)
  const placeInput = page.getByTestId('field-place').locator('input')
  await placeInput.waitFor({ timeout: 10_000 }).catch(async (e: unknown) => {
    await screenshot(page, `sync-failure-edit-${device.name}`)
    throw new Error(`${device.name}: editor did not open: ${String(e)}\n${page.url()}\n${await page.locator('body').innerText()}`)
  })
  await expect.poll(() => placeInput.inputValue()).not.toBe('')
  if (change.place !== undefined) await placeInput.fill(change.place)
  if (change.summary !== undefined) {
    await openPanel(page, 'summary')
    await page.getByTestId('field-summary').locator('textarea').fill(change.summary)
  }
  expect(await finishRecord(page)).toBe(id)
}

// ------------------------------------------------------------------ the flows

describe('two devices of one branch', () => {
  test('both sign in through the app and share the branch and its roster', async () => {
    await go(a, '/')
    await waitForServiceWorker(a)
    // Never signed in: the bar offers signing in, and says records stay on the phone meanwhile.
    await expect.poll(() => barText(a.page)).toContain('未登录')

    await a.page.getByTestId('sync-sign-in').click()
    await a.page.getByTestId('sign-in-form').waitFor()
    await a.page.getByTestId('sign-in-username').locator('input').fill(SECRETARY.username)
    await screenshot(a.page, 'sync-01-sign-in')
    await submitSignIn(a, SECRETARY)

    // The branch the admin created arrives from the server.
    await go(a, '/')
    await expect.poll(() => a.page.locator('[data-test="home-branch"]').textContent(), { timeout: 15_000 }).toBe(BRANCH_NAME)

    // The secretary imports the roster on device A; it syncs to the server.
    await go(a, '/roster/import')
    await a.page.locator('[data-test="roster-file"]').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: readFileSync('tests/fixtures/roster.csv') })
    await a.page.locator('[data-test="import-confirm"]').click()
    await a.page.waitForURL(/\/roster$/)
    await syncNow(a)

    // Device B: the recorder signs in and receives the branch and the roster.
    await go(b, '/')
    await waitForServiceWorker(b)
    await b.page.getByTestId('sync-sign-in').click()
    await submitSignIn(b, RECORDER)
    await go(b, '/')
    await expect.poll(() => b.page.locator('[data-test="home-branch"]').textContent(), { timeout: 15_000 }).toBe(BRANCH_NAME)
    await go(b, '/roster')
    await b.page.getByText('郑国强').first().waitFor({ timeout: 15_000 })
    await b.page.getByText('吴丽娟').first().waitFor()
    // The party groups came with the branch settings the import changed on A.
    await b.page.getByText('第二党小组').first().waitFor()
  })

  test('a record finished on A shows on B, marked 已同步', async () => {
    recordId = await newPartyLesson(a, '三楼党员活动室', '践行组织路线 建强战斗堡垒')
    await syncNow(a)
    expect(await bookSyncTag(a, recordId)).toBe('已同步')

    // B has the book open while offline; when the network returns, sync runs by itself and the
    // record appears in the open book.
    await b.context.setOffline(true)
    await go(b, '/books/party-lesson')
    await b.page.getByTestId('book-empty').waitFor()
    await b.context.setOffline(false)
    const entry = b.page.getByTestId(`book-entry-${recordId}`)
    await entry.waitFor({ timeout: 15_000 })
    await expect.poll(() => entry.getByTestId('record-sync-badge').textContent()).toBe('已同步')
    await screenshot(b.page, 'sync-03-synced-record-in-book')
    expect(await bookSyncTag(b, recordId)).toBe('已同步')
    const text = await paperText(b, recordId)
    for (const expected of ['三楼党员活动室', '践行组织路线 建强战斗堡垒', '周建华 支部书记', '林晓梅']) expect(text, `B's record page shows ${expected}`).toContain(expected)
  })

  test('offline edits of different fields on both devices merge', async () => {
    await a.context.setOffline(true)
    await b.context.setOffline(true)
    await editRecord(a, recordId, { place: '二楼会议室（A改）' })
    await editRecord(b, recordId, { summary: '小结由B补充：会后每人提交一份学习体会。' })
    // Offline: each device keeps its own change, waiting to be uploaded.
    expect(await bookSyncTag(a, recordId)).toBe('待上传')
    await go(b, '/')
    await expect.poll(() => barText(b.page)).toContain('1 条待上传')
    await screenshot(b.page, 'sync-02-status-bar-unsent')

    await a.context.setOffline(false)
    await b.context.setOffline(false)
    await syncNow(a)
    await syncNow(b)
    await syncNow(a)

    for (const device of [a, b]) {
      const text = await paperText(device, recordId)
      expect(text, `${device.name} has A's place`).toContain('二楼会议室（A改）')
      expect(text, `${device.name} has B's summary`).toContain('小结由B补充：会后每人提交一份学习体会。')
      expect(await bookSyncTag(device, recordId), `${device.name}'s mark`).toBe('已同步')
    }
  })

  test('the same field changed on both devices is a conflict a person resolves; history keeps every revision', async () => {
    await a.context.setOffline(true)
    await b.context.setOffline(true)
    await editRecord(a, recordId, { place: '党群服务中心（A）' })
    await editRecord(b, recordId, { place: '局机关报告厅（B）' })
    await a.context.setOffline(false)
    await b.context.setOffline(false)
    await syncNow(a)
    await syncNow(b)
    await syncNow(a)

    // The server kept both values and marked the record; both devices say 冲突.
    expect(await bookSyncTag(b, recordId)).toBe('冲突')
    expect(await bookSyncTag(a, recordId)).toBe('冲突')
    // On A, the mark in the book opens the conflict screen with both places.
    await a.page.getByTestId(`book-entry-${recordId}`).getByTestId('record-sync-badge').click()
    await a.page.waitForURL(new RegExp(`/sync/conflicts/record/${recordId}$`))
    await a.page.getByTestId('conflict-resolver').waitFor()
    await expect.poll(() => a.page.getByTestId('conflict-option').allTextContents().then((t) => t.join(' | ')))
      .toMatch(/党群服务中心（A）.*局机关报告厅（B）|局机关报告厅（B）.*党群服务中心（A）/)
    await go(b, '/')
    await expect.poll(() => barText(b.page)).toContain('1 处冲突待处理')

    // B opens the conflict from the bar and sees both places.
    await b.page.getByTestId('sync-conflicts-link').click()
    await b.page.getByTestId('conflict-row').first().click()
    await b.page.getByTestId('conflict-resolver').waitFor()
    const fields = b.page.getByTestId('conflict-field')
    await expect.poll(() => fields.count()).toBe(1)
    expect(await fields.first().locator('.field-title').textContent()).toBe('地点')
    const options = fields.first().getByTestId('conflict-option')
    const optionTexts = await options.allTextContents()
    expect(optionTexts.join(' | ')).toContain('党群服务中心（A）')
    expect(optionTexts.join(' | ')).toContain('局机关报告厅（B）')
    await screenshot(b.page, 'sync-04-conflict')

    // B keeps A's place.
    await options.filter({ hasText: '党群服务中心（A）' }).click()
    await b.page.getByTestId('conflict-apply').click()
    await b.page.getByTestId('no-conflicts').waitFor({ timeout: 10_000 })

    await syncNow(b)
    await syncNow(a)
    for (const device of [a, b]) {
      const text = await paperText(device, recordId)
      expect(text, `${device.name} shows the chosen place`).toContain('党群服务中心（A）')
      expect(text, `${device.name} no longer shows the other place`).not.toContain('局机关报告厅（B）')
      expect(await bookSyncTag(device, recordId), `${device.name}'s mark`).toBe('已同步')
      await go(device, '/sync/conflicts')
      await device.page.getByTestId('no-conflicts').waitFor()
    }

    // The history page lists every revision the server keeps, the conflicted one marked.
    const kept = await revisions(admin, 'record', recordId)
    expect(kept.length).toBeGreaterThanOrEqual(5) // created, merged edits ×2, the clash, the resolution
    await go(a, `/records/${recordId}`)
    await a.page.getByTestId('record-history').click()
    await a.page.getByTestId('history-list').waitFor({ timeout: 10_000 })
    expect(await a.page.getByTestId('history-rev').count()).toBe(kept.length)
    expect(await a.page.getByTestId('history-list').textContent()).toContain(`第 ${kept.length} 版`)
    expect(await a.page.getByTestId('history-rev').filter({ hasText: '冲突' }).count()).toBeGreaterThanOrEqual(1)
    await screenshot(a.page, 'sync-05-history')
  })

  test('a session ended during offline work loses nothing: sign in again and it uploads', async () => {
    // The admin resets the secretary's password: every session of that account ends on the server.
    await a.context.setOffline(true)
    const newPassword = 'secretary-New-Passw0rd'
    await resetPassword(admin, secretary.id, newPassword)

    // Offline, device A keeps logging.
    const lateId = await newPartyLesson(a, '支部书记办公室', '离线时记下的党课')
    await go(a, '/')
    await expect.poll(() => barText(a.page)).toContain('1 条待上传')

    // Back online: the app syncs by itself, the server refuses the old session, and the bar asks to
    // sign in again; the record still waits.
    await a.context.setOffline(false)
    await expect.poll(() => barText(a.page), { timeout: 15_000 }).toContain('登录已过期')
    expect(await barText(a.page)).toContain('1 条待上传')
    await screenshot(a.page, 'sync-06-session-expired')
    expect(await bookSyncTag(a, lateId)).toBe('待上传')
    expect(await paperText(a, lateId)).toContain('支部书记办公室')

    // Signing in again (from the bar) uploads what waited; B receives it.
    await go(a, '/')
    await a.page.getByTestId('sync-sign-in').click()
    await a.page.getByTestId('session-expired').waitFor()
    await expect.poll(() => a.page.getByTestId('sign-in-username').locator('input').inputValue()).toBe(SECRETARY.username)
    await submitSignIn(a, { username: SECRETARY.username, password: newPassword })
    await syncNow(a)
    expect(await bookSyncTag(a, lateId)).toBe('已同步')

    await syncNow(b)
    expect(await bookSyncTag(b, lateId)).toBe('已同步')
    expect(await paperText(b, lateId)).toContain('离线时记下的党课')
  })

  test('no page errors or CSP violations on either device', () => {
    expect(a.errors).toEqual([])
    expect(b.errors).toEqual([])
  })
})
