// Conflicts between two phones of one branch say whose text is whose, against the real server: the
// secretary 周建华 (phone A) and the recorder 林晓梅 (phone B). A same-field clash on the minutes is
// settled on B by putting both texts together and editing them, and both phones converge; a deletion on
// A against an edit on B says who deleted, when, and which edits are at stake. Before all that, a phone
// that never signed in is told once what signing in would give, then left in peace.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, screenshot } from './support/browser'
import { barText, openDevice, openPanel, pickTime, submitSignIn, syncNow as tapSyncNow, waitForServiceWorker, type Device } from './support/phone'
import { startServer, type RunningServer } from './support/server'
import { createBranch, createUser, revisions, signIn, type ApiClient } from './support/api'

const BRANCH_NAME = '区数据局机关第三党支部'
const SECRETARY = { username: 'zhou.jianhua', displayName: '周建华', password: 'secretary-Passw0rd' }
const RECORDER = { username: 'lin.xiaomei', displayName: '林晓梅', password: 'recorder-Passw0rd' }
const BASE_SUMMARY = '大家一致表示要把党课所学转化为工作实效。'
const A_ADDS = '周建华补充：下月开展主题党日，请各党小组提前报送方案。'
const B_ADDS = '林晓梅补充：会议照片已整理归档。'

let server: RunningServer
let browser: Browser
let admin: ApiClient
let a: Device
let b: Device
let recordId = ''

beforeAll(async () => {
  server = await startServer()
  admin = await signIn(server.baseUrl, 'admin', server.adminPassword)
  const branch = await createBranch(admin, BRANCH_NAME)
  await createUser(admin, { ...SECRETARY, role: 'secretary', branchId: branch.id })
  await createUser(admin, { ...RECORDER, role: 'recorder', branchId: branch.id })
  browser = await launchBrowser()
  a = await openDevice(browser, 'A')
  b = await openDevice(browser, 'B')
})

afterAll(async () => {
  await a?.context.close()
  await b?.context.close()
  await browser?.close()
  await server?.stop()
})

// ------------------------------------------------------------------ helpers

const go = (device: Device, path: string): Promise<unknown> => device.page.goto(server.baseUrl + path)
const syncNow = (device: Device): Promise<void> => tapSyncNow(device, server.baseUrl)

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

async function finishRecord(page: Page): Promise<string> {
  await expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved')
  await page.getByTestId('record-finish').click()
  await page.getByTestId('record-paper').waitFor({ timeout: 15_000 })
  const id = /\/records\/([0-9a-f-]{36})$/.exec(page.url())?.[1]
  if (!id) throw new Error(`not on a record page: ${page.url()}`)
  return id
}

async function editRecord(device: Device, id: string, change: { place?: string; summary?: string }): Promise<void> {
  const { page } = device
  await go(device, `/records/${id}/edit`)
  const placeInput = page.getByTestId('field-place').locator('input')
  await placeInput.waitFor({ timeout: 10_000 })
  await expect.poll(() => placeInput.inputValue()).not.toBe('')
  if (change.place !== undefined) await placeInput.fill(change.place)
  if (change.summary !== undefined) {
    await openPanel(page, 'summary')
    await page.getByTestId('field-summary').locator('textarea').fill(change.summary)
  }
  expect(await finishRecord(page)).toBe(id)
}

/** "12月4日 15:02" for a server time, in this machine's time zone (the browser's too). */
function dayAndTime(iso: string): string {
  const d = new Date(iso)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

function enDayAndTime(iso: string): string {
  const d = new Date(iso)
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${months[d.getMonth()]} ${d.getDate()}, ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

type Revision = { rev: number; at: string; userName?: string; deleted: boolean; doc: Record<string, unknown> | null }
async function serverRevisions(id: string): Promise<Revision[]> {
  return (await revisions(admin, 'record', id)) as unknown as Revision[]
}

/** Opens the conflict screen of the record from the sync bar's link. */
async function openConflict(device: Device, id: string): Promise<void> {
  await go(device, `/sync/conflicts/record/${id}`)
  await device.page.getByTestId('conflict-resolver').waitFor()
  await device.page.getByTestId('conflict-field').first().waitFor({ timeout: 10_000 })
}

const texts = (page: Page, testid: string): Promise<string[]> =>
  page.getByTestId(testid).allTextContents().then((all) => all.map((t) => t.replace(/\s+/g, ' ').trim()))

// ------------------------------------------------------------------ the flows

describe('conflicts between two phones say whose text is whose', () => {
  test('a phone that never signed in is told once what signing in gives, then left in peace', async () => {
    await go(b, '/')
    const bar = b.page.getByTestId('sync-status-bar')
    await bar.waitFor({ timeout: 15_000 })
    expect(await barText(b.page)).toBe('未登录：记录都保存在这台手机上登录后，支部其他成员的手机也能看到这些记录，换手机或手机丢了也不会丢。登录知道了')
    await screenshot(b.page, 'conflicts-00-local-only-note')
    await b.page.evaluate(() => localStorage.setItem('branch-records.locale', 'en'))
    await b.page.reload()
    await expect.poll(() => barText(b.page), { timeout: 10_000 }).toBe(
      'Not signed in: your records are kept on this phone' +
        'Signed in, your branch’s other members see these records on their phones, and nothing is lost if you change or lose your phone.' +
        'Sign inGot it',
    )
    await screenshot(b.page, 'conflicts-00-local-only-note-en')
    await b.page.evaluate(() => localStorage.setItem('branch-records.locale', 'zh-CN'))
    await b.page.reload()
    await expect.poll(() => barText(b.page), { timeout: 10_000 }).toContain('未登录')
    await b.page.getByTestId('sync-dismiss').click()
    await bar.waitFor({ state: 'detached' })
    await b.page.reload()
    await b.page.locator('[data-test="home-branch"]').waitFor({ timeout: 15_000 })
    await b.page.waitForTimeout(500)
    expect(await b.page.getByTestId('sync-status-bar').count()).toBe(0)
    await screenshot(b.page, 'conflicts-00b-local-only-quiet')
  })

  test('both phones sign in and share a party lesson', async () => {
    await go(a, '/')
    await a.page.getByTestId('sync-sign-in').click()
    await submitSignIn(a, SECRETARY)
    await go(a, '/')
    await expect.poll(() => a.page.locator('[data-test="home-branch"]').textContent(), { timeout: 15_000 }).toBe(BRANCH_NAME)
    await go(a, '/roster/import')
    await a.page.locator('[data-test="roster-file"]').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: readFileSync('tests/fixtures/roster.csv') })
    await a.page.locator('[data-test="import-confirm"]').click()
    await a.page.waitForURL(/\/roster$/)

    const { page } = a
    await go(a, '/records/new/party-lesson')
    await page.getByTestId('field-place').locator('input').fill('三楼党员活动室')
    await pickTime(page, 'field-start-time')
    await pickTime(page, 'field-end-time')
    await page.getByTestId('field-recorder-pick').click()
    await page.locator('[data-testid="member-option-林晓梅"]:visible').click()
    await page.locator('.member-picker').first().waitFor({ state: 'hidden' })
    await openPanel(page, 'lesson')
    await page.getByTestId('field-lecturer').locator('input').fill('周建华 支部书记')
    await page.getByTestId('field-theme').locator('input').fill('践行组织路线 建强战斗堡垒')
    await page.getByTestId('field-content').locator('textarea').fill('围绕新时代党的组织路线，讲述基层党组织在推动中心工作中的战斗堡垒作用。')
    await openPanel(page, 'summary')
    await page.getByTestId('field-summary').locator('textarea').fill(BASE_SUMMARY)
    recordId = await finishRecord(page)
    await syncNow(a)

    // B signed in from 设置 (its sync line was put away).
    await go(b, '/sign-in')
    await submitSignIn(b, RECORDER)
    await syncNow(b)
    expect(await paperText(b, recordId)).toContain(BASE_SUMMARY)
    await waitForServiceWorker(a)
    await waitForServiceWorker(b)
  })

  test('the same minutes changed on both phones: B sees whose is whose, puts both together, and both phones converge', async () => {
    await a.context.setOffline(true)
    await b.context.setOffline(true)
    await editRecord(a, recordId, { summary: BASE_SUMMARY + A_ADDS })
    await editRecord(b, recordId, { summary: BASE_SUMMARY + B_ADDS })
    // A reaches the server first; B's push then clashes with A's minutes.
    await a.context.setOffline(false)
    await syncNow(a)
    await b.context.setOffline(false)
    await syncNow(b)
    await syncNow(a)
    expect(await bookSyncTag(b, recordId)).toBe('冲突')

    const byA = (await serverRevisions(recordId)).find((r) => r.userName === SECRETARY.displayName && String(r.doc?.summary).includes(A_ADDS))
    expect(byA, 'A’s revision on the server').toBeDefined()

    // The list of conflicts says whose change clashed.
    await go(b, '/sync/conflicts')
    await expect.poll(() => b.page.getByTestId('conflict-row').locator('.van-cell__label').textContent()).toBe(`记录 · 周建华 · ${dayAndTime(byA!.at)} · 另一台手机`)

    await openConflict(b, recordId)
    const field = b.page.getByTestId('conflict-field')
    expect(await field.count()).toBe(1)
    expect(await field.locator('.field-title').textContent()).toBe('主持人小结')
    expect(await texts(b.page, 'conflict-author')).toEqual(['我 · 本机', `周建华 · ${dayAndTime(byA!.at)} · 另一台手机`])
    expect(await field.locator('.option-keep').allTextContents()).toEqual(['保留我的', '保留周建华的', '合在一起再改'])
    // The long text marks what only that version has.
    expect(await field.getByTestId('conflict-diff').nth(0).locator('mark').allTextContents()).toEqual([B_ADDS.slice(0, -1)])
    expect(await field.getByTestId('conflict-diff').nth(1).locator('mark').allTextContents()).toEqual([A_ADDS.slice(0, -1)])
    await screenshot(b.page, 'conflicts-01-named-versions')
    // The same screen in English.
    await b.page.evaluate(() => localStorage.setItem('branch-records.locale', 'en'))
    await b.page.reload()
    await expect.poll(() => texts(b.page, 'conflict-author'), { timeout: 10_000 }).toEqual(['Me · this phone', `周建华 · ${enDayAndTime(byA!.at)} · another phone`])
    expect(await field.locator('.option-keep').allTextContents()).toEqual(['Keep mine', 'Keep 周建华’s', 'Put both together and edit'])
    await screenshot(b.page, 'conflicts-01-named-versions-en')
    await b.page.evaluate(() => localStorage.setItem('branch-records.locale', 'zh-CN'))
    await b.page.reload()
    await expect.poll(() => texts(b.page, 'conflict-author'), { timeout: 10_000 }).toContain('我 · 本机')

    await b.page.getByTestId('conflict-combine').click()
    const box = b.page.getByTestId('conflict-combined-text')
    await expect.poll(() => box.inputValue()).toBe(`${BASE_SUMMARY}${B_ADDS}\n${A_ADDS}`)
    await screenshot(b.page, 'conflicts-02-combined')
    const final = `${BASE_SUMMARY}${A_ADDS}${B_ADDS}`
    await box.fill(final)
    await b.page.getByTestId('conflict-apply').click()
    await b.page.getByTestId('no-conflicts').waitFor({ timeout: 10_000 })

    await syncNow(b)
    await syncNow(a)
    for (const device of [a, b]) {
      expect(await paperText(device, recordId), `${device.name} has the combined minutes`).toContain(final)
      expect(await bookSyncTag(device, recordId), `${device.name}'s mark`).toBe('已同步')
    }
    const head = (await serverRevisions(recordId)).at(-1)!
    expect(head.doc?.summary).toBe(final)
    expect(head.userName).toBe(RECORDER.displayName)
  })

  test('deleted on A while B edited: both phones say who deleted, when, and the edits at stake', async () => {
    await a.context.setOffline(true)
    await b.context.setOffline(true)
    await go(a, `/records/${recordId}`)
    await a.page.getByTestId('record-delete').click()
    await a.page.locator('.van-dialog__confirm').click()
    await a.page.waitForURL((u) => !u.pathname.endsWith(recordId), { timeout: 10_000 })
    await editRecord(b, recordId, { place: '局机关报告厅' })
    // B's edit reaches the server first; A's deletion then clashes with it.
    await b.context.setOffline(false)
    await syncNow(b)
    await a.context.setOffline(false)
    await syncNow(a)
    await syncNow(b)

    const revs = await serverRevisions(recordId)
    const byB = revs.find((r) => r.userName === RECORDER.displayName && r.doc?.place === '局机关报告厅')
    expect(byB, 'B’s edit on the server').toBeDefined()
    // The deletion was not applied over B's edit: the record stays until someone chooses.
    expect(revs.at(-1)!.deleted).toBe(false)

    // A, who deleted: its own deletion, and 林晓梅's edit that deleting would drop.
    await openConflict(a, recordId)
    expect(await a.page.locator('.intro').textContent()).toBe('一台手机删除了这条记录，另一台手机同时修改了它。请选择保留还是删除。')
    expect(await a.page.getByTestId('conflict-deleted-by').textContent()).toBe('我 · 本机 删除了这条记录')
    expect(await a.page.getByTestId('conflict-edited-by').textContent()).toBe(`林晓梅 · ${dayAndTime(byB!.at)} · 另一台手机 修改了下面的内容；如果删除，这些修改会一起丢掉：`)
    expect(await a.page.getByTestId('conflict-edits').locator('dt').allTextContents()).toEqual(['地点'])
    expect(await a.page.getByTestId('conflict-edits').locator('dd').textContent()).toBe('局机关报告厅原来：三楼党员活动室')
    await screenshot(a.page, 'conflicts-03-delete-vs-edit-deleter')

    // B, who edited: who deleted it and when.
    const deletion = (await serverRevisions(recordId)).find((r) => r.rev === Math.max(...revs.map((x) => x.rev)))!
    await openConflict(b, recordId)
    expect(await b.page.getByTestId('conflict-deleted-by').textContent()).toBe(`周建华 · ${dayAndTime(deletion.at)} · 另一台手机 删除了这条记录`)
    expect(await b.page.getByTestId('conflict-edited-by').textContent()).toBe('我 · 本机 修改了下面的内容；如果删除，这些修改会一起丢掉：')
    await screenshot(b.page, 'conflicts-04-delete-vs-edit-editor')

    // A keeps the record with B's edit; both phones converge.
    await a.page.getByTestId('conflict-option').filter({ hasText: '保留这条记录' }).click()
    await a.page.getByTestId('conflict-apply').click()
    await a.page.getByTestId('no-conflicts').waitFor({ timeout: 10_000 })
    await syncNow(a)
    await syncNow(b)
    for (const device of [a, b]) {
      expect(await paperText(device, recordId), `${device.name} keeps the record with B's place`).toContain('局机关报告厅')
      expect(await bookSyncTag(device, recordId)).toBe('已同步')
    }
  })

  test('the history names each revision’s author', async () => {
    await go(a, `/records/${recordId}/history`)
    await a.page.getByTestId('history-list').waitFor({ timeout: 10_000 })
    const authors = await texts(a.page, 'history-author')
    expect(authors.length).toBe((await serverRevisions(recordId)).length)
    expect(authors.some((t) => t.endsWith('修改人：我（周建华） · 本机'))).toBe(true)
    expect(authors.some((t) => t.endsWith('修改人：林晓梅'))).toBe(true)
    expect(authors.every((t) => !t.includes('支部其他成员'))).toBe(true)
    // A's deletion that met B's edit is told as such, by A.
    const attempt = a.page.getByTestId('history-rev').filter({ hasText: '想删除这条记录，但另一处同时修改了它：记录暂时保留，等待处理' })
    expect(await attempt.count()).toBe(1)
    expect(await attempt.getByTestId('history-author').textContent()).toMatch(/修改人：我（周建华） · 本机$/)
    await screenshot(a.page, 'conflicts-05-history')
  })

  test('no page errors or CSP violations on either phone', () => {
    expect(a.errors).toEqual([])
    expect(b.errors).toEqual([])
  })
})
