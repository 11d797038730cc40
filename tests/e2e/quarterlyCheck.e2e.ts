// The quarterly check end to end, against the real server and the production build: a branch whose
// last quarter was recorded (pushed through the sync API by its secretary's account) opens 检查 on the
// phone and sees the right counts and findings; the secretary signs with a drawn signature; a record of
// the signed quarter cannot be changed without a correction reason; the upper level's reviewer marks a
// record 有问题 on another device and the branch sees the comment after sync; the check report and the
// bound volume download as Word files whose text is checked here. The steps run in order.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Mutation, PullResponse, PushResponse, Role } from '../../src/domain/protocol'
import type { AttachmentRef, BranchRecord, Member } from '../../src/domain/types'
import { newRecord } from '../../src/domain/recordFactory'
import { collectPageErrors, launchBrowser, PHONE, screenshot } from './support/browser'
import { startServer, type RunningServer } from './support/server'
import { drawSignature } from './support/phone'
import { SEED_BRANCH, SEED_MEMBERS, SEED_RECORDS } from '../unit/check/seededQuarter'

const BRANCH_NAME = '区发改局机关第一党支部'
const SECRETARY = { username: 'check.secretary', displayName: '周建华', password: 'secretary-Passw0rd' }
const REVIEWER = { username: 'check.reviewer', displayName: '区委组织部审阅人', password: 'reviewer-Passw0rd' }
const REVIEW_COMMENT = '缺席人员未写明请假原因，请补充后报送。'
const CORRECTION_REASON = '会议地点记录有误，经核实为二楼会议室'
/** A 1×1 PNG: the signatures of the seeded records. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

// ------------------------------------------------------------------ the quarter under check: the last one, so it is over

const pad = (n: number) => String(n).padStart(2, '0')
const now = new Date()
const thisQuarter = Math.floor(now.getMonth() / 3) + 1
const YEAR = thisQuarter === 1 ? now.getFullYear() - 1 : now.getFullYear()
const QUARTER = thisQuarter === 1 ? 4 : thisQuarter - 1
const [M1, M2, M3] = [0, 1, 2].map((i) => (QUARTER - 1) * 3 + 1 + i) as [number, number, number]
const day = (month: number, d: number) => `${YEAR}-${pad(month)}-${pad(d)}`
const QUARTER_ZH = ['一', '二', '三', '四'][QUARTER - 1]!

// ------------------------------------------------------------------ the server's API, as an admin and a secretary would use it

interface Client {
  token: string
}

let server: RunningServer
const url = (path: string) => server.baseUrl + path

async function api<T>(path: string, init: { token?: string; body?: unknown; method?: string; raw?: Buffer } = {}): Promise<T> {
  const headers: Record<string, string> = {}
  if (init.token) headers.authorization = `Bearer ${init.token}`
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  if (init.raw) headers['content-type'] = 'application/octet-stream'
  const res = await fetch(url(path), {
    method: init.method ?? (init.body === undefined && !init.raw ? 'GET' : 'POST'),
    headers,
    body: init.raw ? new Uint8Array(init.raw) : init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

const signIn = async (username: string, password: string): Promise<Client> =>
  ({ token: (await api<{ token: string }>('/api/auth/login', { body: { username, password } })).token })

let mutationCounter = 0
async function push(client: Client, entity: Mutation['entity'], docs: { id: string }[]): Promise<void> {
  const mutations: Mutation[] = docs.map((doc) => ({ mutationId: `seed-${++mutationCounter}-${Date.now()}`, entity, id: doc.id, baseRev: 0, doc: doc as unknown as Record<string, unknown> }))
  const { results } = await api<PushResponse>('/api/sync/push', { token: client.token, body: { deviceId: 'seed-device', mutations } })
  for (const r of results) if (r.status !== 'applied') throw new Error(`seed push not applied: ${JSON.stringify(r)}`)
}

async function pullAll(client: Client): Promise<PullResponse['changes']> {
  const out: PullResponse['changes'] = []
  let cursor = 0
  for (;;) {
    const page = await api<PullResponse>(`/api/sync/pull?cursor=${cursor}&limit=200`, { token: client.token })
    out.push(...page.changes)
    cursor = page.cursor
    if (!page.hasMore) return out
  }
}

// ------------------------------------------------------------------ the branch's quarter

let branchId = ''
const members: Member[] = []
const records: Record<'committee1' | 'committee3' | 'general', BranchRecord> = {} as never

function member(id: string, name: string, extra: Partial<Member> = {}): Member {
  return { id, branchId, name, membership: 'full', situation: 'on-duty', votingRights: true, active: true, joinedOn: '2010-07-01', updatedAt: `${day(M1, 1)}T00:00:00.000Z`, ...extra }
}

/** A complete record of the kind on the date (every required element), entered the same day. */
function meeting(kind: string, date: string, title: string, signature: AttachmentRef, extra: Partial<BranchRecord> = {}): BranchRecord {
  const at = `${date}T06:30:00.000Z`
  const r = newRecord(kind, { branch: { id: branchId }, members, now: at })
  for (const a of r.attendance) a.status = 'present'
  const first = r.agenda[0]
  if (first) {
    first.title = '学习习近平总书记关于党的建设的重要思想'
    first.material = { title: '关于党的建设的重要思想', source: '《求是》杂志', speechDate: `${YEAR}-01-05` }
  }
  r.agenda.push({ id: `${r.id}-a2`, title: '研究本月工作安排', isFirstTopic: false })
  Object.assign(r, {
    status: 'final',
    title,
    date,
    startTime: '14:30',
    endTime: '16:00',
    place: '三楼党员活动室',
    chair: '周建华',
    recorder: '林晓梅',
    speeches: [
      { id: `${r.id}-s1`, speaker: '周建华', content: `${title}：传达学习了有关精神，结合支部实际，对本月重点工作逐项作了安排，要求明确责任人和完成时限。` },
      { id: `${r.id}-s2`, speaker: '郑国强', content: `${date}发言：建议把群众反映集中的办事堵点列成清单，逐项销号，并在下次会议上通报进展情况。` },
    ],
    summary: `会议要求各委员按分工抓好落实，下次会议听取${title}议定事项的落实情况汇报。`,
    ended: true,
    signatures: { chair: signature, recorder: signature },
    createdAt: at,
    updatedAt: at,
    finishedAt: at,
    ...extra,
  })
  return r
}

// ------------------------------------------------------------------ two phones

interface Device {
  context: BrowserContext
  page: Page
  errors: string[]
}

let browser: Browser
let secretaryPhone: Device
let reviewerPhone: Device

async function openDevice(): Promise<Device> {
  const context = await browser.newContext({ ...PHONE, acceptDownloads: true })
  const page = await context.newPage()
  return { context, page, errors: collectPageErrors(page) }
}

async function signInThroughApp(device: Device, user: { username: string; password: string }): Promise<void> {
  const { page } = device
  await page.goto(url('/sign-in'))
  const form = page.getByTestId('sign-in-form')
  await form.waitFor()
  await page.getByTestId('sign-in-username').locator('input').fill(user.username)
  await page.getByTestId('sign-in-password').locator('input').fill(user.password)
  await page.getByTestId('sign-in-submit').click()
  await form.waitFor({ state: 'detached', timeout: 15_000 })
}

const checkPath = `/check/${YEAR}/${QUARTER}`

/** Reopens a page until `ready` says the synced data has arrived (the pull runs after sign-in and on start). */
async function openUntil(device: Device, path: string, ready: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    await device.page.goto(url(path))
    // The page reads the local store once when it opens: wait on it a while, then open it again.
    const shown = await expect.poll(ready, { timeout: 2_500, interval: 200 }).toBe(true).then(() => true, () => false)
    if (shown) return
    if (Date.now() > deadline) throw new Error(`${what} did not arrive; page says: ${(await device.page.locator('body').textContent())?.slice(0, 500)}`)
  }
}

async function downloadText(page: Page, testid: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testid).click()])
  const path = await download.path()
  const files = unzipSync(new Uint8Array(readFileSync(path)))
  const xml = files['word/document.xml']
  if (!xml) throw new Error(`${download.suggestedFilename()} has no word/document.xml`)
  return { name: download.suggestedFilename(), text: strFromU8(xml).replace(/<[^>]+>/g, '') }
}

beforeAll(async () => {
  server = await startServer()
  const admin = await signIn('admin', server.adminPassword)
  branchId = (await api<{ branch: { id: string } }>('/api/admin/branches', { token: admin.token, body: { name: BRANCH_NAME } })).branch.id
  const create = (u: { username: string; displayName: string; password: string }, role: Role, b: string | null) =>
    api('/api/admin/users', { token: admin.token, body: { ...u, role, branchId: b } })
  await create(SECRETARY, 'secretary', branchId)
  await create(REVIEWER, 'reviewer', null)

  // The secretary's earlier phone recorded the quarter; here the same documents go through the push API.
  const secretary = await signIn(SECRETARY.username, SECRETARY.password)
  const sha = createHash('sha256').update(PNG).digest('hex')
  await api(`/api/attachments/${sha}?branchId=${branchId}`, { token: secretary.token, method: 'PUT', raw: PNG })
  const signature: AttachmentRef = { hash: sha, mime: 'image/png', size: PNG.length, width: 1, height: 1, role: 'signature' }
  members.push(
    member('m-zhou', '周建华', { committeeRole: 'secretary' }),
    member('m-lin', '林晓梅', { committeeRole: 'organization' }),
    member('m-zheng', '郑国强', { committeeRole: 'discipline' }),
    member('m-gao', '高明'),
    member('m-song', '宋雅琴'),
  )
  await push(secretary, 'member', members)
  records.committee1 = meeting('committee-meeting', day(M1, 10), `${M1}月支部委员会会议`, signature)
  records.committee3 = meeting('committee-meeting', day(M3, 10), `${M3}月支部委员会会议`, signature)
  // No committee meeting in the middle month; the general meeting forgot its place.
  records.general = meeting('general-meeting', day(M2, 20), `第${QUARTER_ZH}季度支部党员大会`, signature, { place: undefined })
  const partyDays = [M1, M2, M3].map((m) => meeting('themed-party-day', day(m, 15), `${m}月主题党日`, signature))
  const lesson = meeting('party-lesson', day(M2, 25), '专题党课：以优良作风服务群众', signature)
  await push(secretary, 'record', [records.committee1, records.committee3, records.general, ...partyDays, lesson])

  browser = await launchBrowser()
  secretaryPhone = await openDevice()
  reviewerPhone = await openDevice()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('quarterly check', () => {
  test('the branch sees what it held against what is required, and the findings with their records', async () => {
    await signInThroughApp(secretaryPhone, SECRETARY)
    const { page } = secretaryPhone
    const committee = page.locator('[data-testid="requirement"][data-rule="kind:committee-meeting"]')
    await openUntil(secretaryPhone, checkPath, async () => (await committee.count()) > 0 && (await committee.getAttribute('data-held')) === '2', 'the synced records')

    expect(await page.getByTestId('quarter-name').textContent()).toContain(`${YEAR}年第${QUARTER_ZH}季度`)
    expect(await committee.getAttribute('data-required')).toBe('3')
    expect(await committee.getAttribute('data-due')).toBe('1')
    const partyDay = page.locator('[data-testid="requirement"][data-rule="kind:themed-party-day"]')
    expect([await partyDay.getAttribute('data-held'), await partyDay.getAttribute('data-required'), await partyDay.getAttribute('data-due')]).toEqual(['3', '3', '0'])
    const general = page.locator('[data-testid="requirement"][data-rule="kind:general-meeting"]')
    expect(await general.getAttribute('data-due')).toBe('0')

    const missing = page.locator('[data-testid="finding"][data-code="missing-meeting"]')
    await expect.poll(() => missing.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining(`${M2}月未召开支部委员会会议`)]))
    // Problems show five at a time; the rest are one tap away.
    const more = page.getByTestId('findings-more-error')
    if (await more.count()) await more.click()
    const placeFinding = page.locator(`[data-testid="finding"][data-record="${records.general.id}"]`).filter({ hasText: '缺少会议地点' })
    await expect.poll(() => placeFinding.count()).toBe(1)
    expect(await placeFinding.locator('a').getAttribute('href')).toBe(`/records/${records.general.id}`)
    expect(await page.getByTestId('quarter-record').count()).toBe(7)
    expect(await page.locator('body').textContent()).not.toMatch(/得分|排名/)
    await screenshot(page, 'check-quarter')
  })

  test('the secretary signs the quarter with a comment and a drawn signature', async () => {
    const { page } = secretaryPhone
    await page.getByTestId('check-sign').click()
    await page.getByTestId('signoff-dialog').waitFor()
    expect(await page.getByTestId('signoff-signer').locator('input').inputValue()).toBe('周建华')
    await page.getByTestId('signoff-comment').locator('textarea').fill(`已逐本检查。${M2}月支委会未召开，已在${M3}月会议上说明情况。`)
    await drawSignature(page, 'signoff-signature')
    await page.getByTestId('signoff-confirm').click()
    await expect.poll(() => page.getByTestId('check-signoff').getAttribute('data-signed')).toBe('yes')
    expect(await page.getByTestId('check-signed-by').textContent()).toContain('周建华')
    await screenshot(page, 'check-signed')
  })

  test('a record of the signed quarter cannot be changed without a correction reason', async () => {
    const { page } = secretaryPhone
    const id = records.committee1.id
    await page.goto(url(`/records/${id}`))
    await page.getByTestId('record-frozen').waitFor({ timeout: 15_000 })
    await page.getByTestId('record-edit').click()
    await page.locator('.van-dialog').filter({ hasText: '这条记录所在的季度已签核' }).locator('.van-dialog__confirm').click()
    await page.waitForURL(`**/records/${id}/edit`)
    const place = page.getByTestId('field-place').locator('input')
    await place.waitFor()
    await place.fill('二楼会议室')

    await page.getByTestId('record-finish').click()
    const dialog = page.locator('.correction-dialog')
    await dialog.waitFor()
    // No reason: nothing is saved and the dialog says why.
    await dialog.locator('.van-dialog__confirm').click()
    await dialog.getByText('请填写更正原因').waitFor()
    expect(page.url()).toContain(`/records/${id}/edit`)
    await screenshot(page, 'check-correction-reason')

    await page.getByTestId('correction-reason').locator('textarea').fill(CORRECTION_REASON)
    await dialog.locator('.van-dialog__confirm').click()
    await page.waitForURL((u) => u.pathname === `/records/${id}`)
    await page.getByTestId('record-correction').waitFor()
    expect(await page.getByTestId('record-correction-reason').textContent()).toContain(CORRECTION_REASON)
    await page.getByTestId('record-correction-toggle-0').click()
    expect(await page.getByTestId('record-correction-previous').textContent()).toContain('三楼党员活动室')
    expect(await page.locator('.record-view__sheet').getByTestId('record-paper').textContent()).toContain('二楼会议室')
  })

  test('the reviewer marks a record 有问题 on its own phone; the branch sees the comment after sync', async () => {
    await signInThroughApp(reviewerPhone, REVIEWER)
    const { page } = reviewerPhone
    const row = page.locator(`[data-testid="review-row"][data-branch="${branchId}"]`)
    const reviewPath = '/review'
    // The matrix opens on the current quarter; the check above is of the previous one.
    await openUntil(reviewerPhone, reviewPath, async () => (await row.count()) > 0, 'the organization’s branches')
    await page.getByTestId('quarter-prev').click()
    await expect.poll(() => row.getAttribute('data-signed'), { timeout: 15_000 }).toBe('yes')
    expect(await row.locator('[data-rule="kind:committee-meeting"]').textContent()).toContain('2/3')
    await screenshot(page, 'check-review-matrix')

    await row.getByTestId('review-open-branch').click()
    await page.waitForURL(`**${checkPath}?branch=${branchId}`)
    const target = page.locator(`[data-testid="quarter-record"][data-id="${records.general.id}"]`)
    await target.waitFor({ timeout: 15_000 })
    await target.getByTestId('quarter-record-review').click()
    await page.getByTestId('review-mark-popup').waitFor()
    await page.getByTestId('review-state-problem').click()
    await page.getByTestId('review-comment').locator('textarea').fill(REVIEW_COMMENT)
    await page.getByTestId('review-save').click()
    await expect.poll(() => target.getByTestId('quarter-record-comment').textContent().catch(() => '')).toBe(REVIEW_COMMENT)

    // The mark reaches the server with the reviewer's next sync (saves wake it).
    const secretaryApi = await signIn(SECRETARY.username, SECRETARY.password)
    await expect.poll(async () => (await pullAll(secretaryApi)).filter((c) => c.entity === 'review-mark').map((c) => c.doc?.comment), { timeout: 30_000 }).toEqual([REVIEW_COMMENT])

    // The branch's phone pulls it on start and shows it in the check and on the record page.
    const branchPage = secretaryPhone.page
    const branchTarget = branchPage.locator(`[data-testid="quarter-record"][data-id="${records.general.id}"]`)
    await openUntil(secretaryPhone, checkPath, async () => ((await branchTarget.getByTestId('quarter-record-comment').textContent({ timeout: 500 }).catch(() => '')) ?? '') === REVIEW_COMMENT, 'the review mark')
    expect(await branchTarget.getByTestId('review-state').textContent()).toContain('有问题')
    await branchPage.goto(url(`/records/${records.general.id}`))
    await branchPage.getByTestId('record-review-comment').waitFor({ timeout: 15_000 })
    expect(await branchPage.getByTestId('record-review-comment').textContent()).toBe(REVIEW_COMMENT)
    expect(await branchPage.getByTestId('record-review').textContent()).toContain('有问题')
    await screenshot(branchPage, 'check-record-review')
  })

  test('the check report and the bound volume download as Word files with the quarter in them', async () => {
    const { page } = secretaryPhone
    await page.goto(url(checkPath))
    await page.getByTestId('check-export-report').waitFor()
    const report = await downloadText(page, 'check-export-report')
    expect(report.name).toMatch(/\.docx$/)
    expect(report.text).toContain(`${BRANCH_NAME}${YEAR}年第${QUARTER_ZH}季度组织生活记录检查报告`)
    expect(report.text).toContain(`${M2}月未召开支部委员会会议`)
    expect(report.text).toContain('缺少会议地点')
    expect(report.text).toContain('周建华')
    expect(report.text).toContain(CORRECTION_REASON)

    const volume = await downloadText(page, 'check-export-volume')
    expect(volume.text).toContain(`${YEAR}年第${QUARTER_ZH}季度组织生活记录合订本`)
    for (const title of [`${M1}月支部委员会会议`, `${M3}月支部委员会会议`, `${M2}月主题党日`, '专题党课：以优良作风服务群众']) expect(volume.text).toContain(title)
    expect(volume.text).toContain('支委会记录本')

    expect(secretaryPhone.errors).toEqual([])
    expect(reviewerPhone.errors).toEqual([])
  })
})

describe('a realistic quarter of a 23-member branch', () => {
  const SEEDED = { username: 'seeded.secretary', displayName: '周建华', password: 'seeded-Passw0rd' }

  test('the check page and its Word report say what a checker would, and accuse nobody wrongly', async () => {
    const admin = await signIn('admin', server.adminPassword)
    const seededBranch = (await api<{ branch: { id: string } }>('/api/admin/branches', { token: admin.token, body: { name: SEED_BRANCH.name } })).branch.id
    await api('/api/admin/users', { token: admin.token, body: { ...SEEDED, role: 'secretary', branchId: seededBranch } })
    const secretary = await signIn(SEEDED.username, SEEDED.password)
    const sha = createHash('sha256').update(PNG).digest('hex')
    await api(`/api/attachments/${sha}?branchId=${seededBranch}`, { token: secretary.token, method: 'PUT', raw: PNG })
    const image = (a: AttachmentRef): AttachmentRef => ({ ...a, hash: sha, mime: 'image/png', size: PNG.length })
    // The seeded branch and members, under the id the server gave the branch; every picture the one uploaded.
    const created = (await pullAll(secretary)).find((c) => c.entity === 'branch' && c.id === seededBranch)!
    const { results } = await api<PushResponse>('/api/sync/push', {
      token: secretary.token,
      body: { deviceId: 'seed-device', mutations: [{ mutationId: `seed-branch-${Date.now()}`, entity: 'branch', id: seededBranch, baseRev: created.rev, changedFields: { partyGroups: SEED_BRANCH.partyGroups } }] },
    })
    expect(results.map((r) => r.status)).toEqual(['applied'])
    await push(secretary, 'member', SEED_MEMBERS.map((m) => ({ ...m, branchId: seededBranch })))
    await push(secretary, 'record', SEED_RECORDS.map((r) => ({
      ...r,
      branchId: seededBranch,
      photos: r.photos.map(image),
      signatures: { chair: image(r.signatures.chair!), recorder: image(r.signatures.recorder!) },
    })))

    const phone = await openDevice()
    await signInThroughApp(phone, SEEDED)
    const { page } = phone
    const findings = page.locator('[data-testid="finding"]')
    await openUntil(phone, '/check/2026/3', async () => (await findings.count()) > 0 && (await page.getByTestId('quarter-name').textContent())?.includes('2026年第三季度') === true, 'the seeded quarter')
    await expect.poll(() => page.locator('[data-testid="finding"][data-code="missing-meeting"]').allTextContents()).toEqual([
      '会议召开第三季度未召开意识形态工作研判',
      '会议召开第二、三党小组7—9月未召开党小组会',
      '会议召开9月未召开主题党日',
    ])
    await screenshot(page, 'check-seeded-quarter')
    for (const severity of ['error', 'warning', 'info']) {
      const more = page.getByTestId(`findings-more-${severity}`)
      if (await more.count()) await more.click()
    }
    await expect.poll(() => findings.count()).toBe(19)
    const text = (await page.locator('body').textContent()) ?? ''
    expect(text).toContain('与7月25日支部党员大会记录内容雷同')
    expect(text).toContain('沈浩然已6个月未参加党的组织生活（病休），有正当理由')
    expect(text.match(/自行脱党/g)).toHaveLength(1)
    await page.getByTestId('check-findings').scrollIntoViewIfNeeded()
    await page.locator('[data-testid="findings-warning"]').scrollIntoViewIfNeeded()
    await screenshot(page, 'check-seeded-quarter-warnings')
    await page.locator('[data-testid="findings-info"]').scrollIntoViewIfNeeded()
    await screenshot(page, 'check-seeded-quarter-notes')

    const report = await downloadText(page, 'check-export-report')
    expect(report.text).toContain('区机关第三党支部2026年第三季度组织生活记录检查报告')
    for (const heading of ['（一）会议召开（3项）', '（二）记录规范（3项）', '（三）组织生活参加（10项）', '（四）谈心谈话（3项）']) expect(report.text).toContain(heading)
    expect(report.text).toContain('2. 第二、三党小组7—9月未召开党小组会')

    // The same page in English keeps its own wording.
    await page.evaluate(() => localStorage.setItem('branch-records.locale', 'en'))
    await page.goto(url('/check/2026/3'))
    await expect.poll(() => page.locator('[data-testid="finding"][data-code="missing-meeting"]').allTextContents()).toEqual([
      'Meetings heldNo ideology-work review in Q3',
      'Meetings heldNo party group meeting in July–September (第二党小组 and 第三党小组)',
      'Meetings heldNo themed party day in September',
    ])
    await screenshot(page, 'check-seeded-quarter-en')
    for (const severity of ['error', 'warning']) {
      const more = page.getByTestId(`findings-more-${severity}`)
      if (await more.count()) await more.click()
    }
    await page.locator('[data-testid="findings-warning"]').scrollIntoViewIfNeeded()
    await screenshot(page, 'check-seeded-quarter-en-findings')

    // The inputs the check relies on, where people enter them (looked at, not compared).
    await page.evaluate(() => localStorage.setItem('branch-records.locale', 'zh-CN'))
    await page.goto(url('/branch'))
    await page.locator('[data-test="branch-leadership"]').scrollIntoViewIfNeeded()
    await screenshot(page, 'branch-leadership-switch')
    await page.goto(url('/roster'))
    const luo = page.locator('[data-test="member-row"]').filter({ hasText: '罗文斌' })
    await expect.poll(() => luo.textContent()).toContain('2026-08-10 转入')
    await luo.scrollIntoViewIfNeeded()
    await screenshot(page, 'roster-transfer-tags')
    await luo.click()
    await page.getByTestId('member-left-on').scrollIntoViewIfNeeded()
    expect(await page.getByTestId('member-transferred-in').locator('input').inputValue()).toBe('2026年8月10日')
    await screenshot(page, 'member-transfer-dates')
    await page.goto(url('/records/new/ideology-review'))
    // A review of the quarter before today's, written up now (the title names that quarter).
    const today = new Date()
    const nowQuarter = Math.floor(today.getMonth() / 3) + 1
    const [pYear, pQuarter] = nowQuarter === 1 ? [today.getFullYear() - 1, 4] : [today.getFullYear(), nowQuarter - 1]
    const quarterZh = ['一', '二', '三', '四'][pQuarter - 1]!
    await page.getByTestId('field-title').locator('input, textarea').first().fill(`第${quarterZh}季度意识形态工作研判`)
    await page.getByTestId('period-suggestion').waitFor()
    await screenshot(page, 'record-period-suggestion')
    await page.getByTestId('period-apply').click()
    await expect.poll(() => page.getByTestId('field-period').locator('input').inputValue()).toBe(`${pYear}年第${quarterZh}季度`)
    await screenshot(page, 'record-period-applied')
    expect(phone.errors).toEqual([])
    await phone.context.close()
  })
})
