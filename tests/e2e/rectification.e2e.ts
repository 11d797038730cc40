// The rectification flow on a phone, end to end: a branch and two finished meetings arrive through the
// app's own backup restore; an inspection is created by pasting the feedback text and confirming what
// was parsed; measures get records, a rule and a reason as evidence and are marked done; then the report
// (DOCX) and the evidence package (ZIP) are exported, unzipped here and checked: the report's text, the
// ledger's rows, and every file against the manifest's SHA-256.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { crc32, deflateSync } from 'node:zlib'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { PHONE, collectPageErrors, launchBrowser, screenshot, settled } from './support/browser'
import { startServer, type RunningServer } from './support/server'
import { buildRecord } from '../support/recordBuilder'
import type { BranchRecord } from '../../src/domain/types'

const FEEDBACK = readFileSync(join(process.cwd(), 'tests', 'fixtures', 'feedback-sample.txt'), 'utf8')
const REPORT = readFileSync(join(process.cwd(), 'tests', 'fixtures', 'report-sample.txt'), 'utf8')
const sha256 = (bytes: Uint8Array | Buffer) => createHash('sha256').update(bytes).digest('hex')

// ---------------------------------------------------------------- a backup file to seed the phone

/** A genuine 4×3 PNG (photos must be real images: the record page embeds them). */
function png(seed: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(4, 0)
  ihdr.writeUInt32BE(3, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  const raw = Buffer.alloc(3 * (1 + 4 * 3))
  for (let y = 0; y < 3; y++) for (let x = 0; x < 12; x++) raw[y * 13 + 1 + x] = (seed * 40 + x * 17 + y * 5) & 0xff
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]))
}

const BRANCH_ID = 'branch-e2e'
const PHOTO = png(7)
const PHOTO_HASH = sha256(PHOTO)

function record(id: string, kind: string, date: string, title: string, agenda: string, photos: BranchRecord['photos'] = []) {
  return buildRecord({
    id,
    branchId: BRANCH_ID,
    kind,
    status: 'final',
    title,
    date,
    startTime: '09:00',
    endTime: '10:30',
    place: '党员活动室',
    chair: '王建华',
    recorder: '李秀英',
    attendance: [
      { memberId: 'm1', name: '王建华', status: 'present' },
      { memberId: 'm2', name: '李秀英', status: 'present' },
      { memberId: 'm3', name: '赵志强', status: 'absent', reason: '出差' },
    ],
    guests: [],
    agenda: [{ id: `${id}-a1`, title: agenda, isFirstTopic: false }],
    speeches: [{ id: `${id}-s1`, speaker: '王建华', content: '对照反馈意见逐条研究整改措施。' }],
    decisions: [],
    summary: '会议明确了整改分工和时限。',
    ended: true,
    sections: {},
    photos,
    signatures: {},
    createdAt: `${date}T03:00:00.000Z`,
    updatedAt: `${date}T03:00:00.000Z`,
    finishedAt: `${date}T03:00:00.000Z`,
  })
}

const STUDY = record('rec-study', 'committee-meeting', '2026-06-25', '专题研究巡察反馈意见整改工作', '研究巡察整改工作方案', [
  { hash: PHOTO_HASH, mime: 'image/png', size: PHOTO.length, width: 4, height: 3, role: 'photo', caption: '会议现场' },
])
const LESSON = record('rec-lesson', 'theory-study-group', '2026-07-10', '2026年第4次中心组学习', '专题学习“第一议题”制度')

function backupZip(): Buffer {
  const json = (v: unknown) => strToU8(JSON.stringify(v))
  const branch = {
    id: BRANCH_ID,
    name: '城关街道第一党支部',
    partyGroups: [],
    upperOrganization: '城关街道党工委',
    contactPhone: '0931-8123456',
    contactEmail: 'dzb1@example.cn',
    updatedAt: '2026-06-01T00:00:00.000Z',
  }
  const members = [
    { id: 'm1', branchId: BRANCH_ID, name: '王建华', membership: 'full', situation: 'on-duty', votingRights: true, active: true, committeeRole: 'secretary', updatedAt: '2026-06-01T00:00:00.000Z' },
    { id: 'm2', branchId: BRANCH_ID, name: '李秀英', membership: 'full', situation: 'on-duty', votingRights: true, active: true, updatedAt: '2026-06-01T00:00:00.000Z' },
    { id: 'm3', branchId: BRANCH_ID, name: '赵志强', membership: 'full', situation: 'on-duty', votingRights: true, active: true, updatedAt: '2026-06-01T00:00:00.000Z' },
  ]
  return Buffer.from(
    zipSync({
      'backup.json': json({
        format: 'branch-records-backup',
        formatVersion: 1,
        appVersion: 'e2e',
        exportedAt: '2026-07-11T00:00:00.000Z',
        recordSchemaVersion: 1,
        counts: { branch: 1, members: members.length, records: 2, drafts: 0, attachments: 1 },
      }),
      'branch.json': json(branch),
      'members.json': json(members),
      'records.json': json([STUDY, LESSON]),
      'drafts.json': json([]),
      'attachments.json': json([{ hash: PHOTO_HASH, mime: 'image/png', size: PHOTO.length }]),
      [`attachments/${PHOTO_HASH}`]: PHOTO,
    }),
  )
}

// A rule's file: a tiny PDF (scans accept PDFs).
const RULE_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1')

// ---------------------------------------------------------------- DOCX text

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')

function docxParagraphs(bytes: Uint8Array): string[] {
  const xml = strFromU8(unzipSync(bytes)['word/document.xml']!)
  return (xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).map((p) =>
    [...p.matchAll(/<w:br\/>|<w:t(?: [^>]*)?>([\s\S]*?)<\/w:t>/g)].map((m) => (m[0] === '<w:br/>' ? '\n' : unescapeXml(m[1] ?? ''))).join(''),
  )
}

// ---------------------------------------------------------------- the flow

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`)

async function fillField(page: Page, testId: string, value: string): Promise<void> {
  await page.locator(`[data-testid="${testId}"] input, [data-testid="${testId}"] textarea`).first().fill(value)
}

/** Date fields open a wheel picker: the year, month and day options are chosen, then confirmed. */
async function pickDate(page: Page, testId: string, date: string): Promise<void> {
  await byTestId(page, testId).click()
  const sheet = page.locator('.van-popup:visible', { has: page.locator('.van-picker') })
  const columns = sheet.locator('.van-picker-column')
  for (const [i, part] of date.split('-').entries()) {
    await columns.nth(i).locator('.van-picker-column__item', { hasText: new RegExp(`^${part}$`) }).dispatchEvent('click')
  }
  await sheet.locator('.van-picker__confirm').click()
  await sheet.waitFor({ state: 'hidden' })
}

async function addMeasure(page: Page, findingIndex: number, m: { text: string; lead: string; responsible: string; deadline: string }): Promise<string> {
  await byTestId(page, 'finding-card').nth(findingIndex).locator('[data-testid="measure-add"]').click()
  await page.waitForURL(/\/measures\/new\?finding=/)
  await fillField(page, 'measure-text', m.text)
  await fillField(page, 'measure-lead', m.lead)
  await fillField(page, 'measure-responsible', m.responsible)
  await pickDate(page, 'measure-deadline', m.deadline)
  await byTestId(page, 'measure-save').click()
  await page.waitForURL(/\/measures\/(?!new)[^/?]+$/)
  await byTestId(page, 'evidence-add-record').waitFor()
  return page.url().split('/').pop()!
}

async function linkRecord(page: Page, recordId: string): Promise<void> {
  await byTestId(page, 'evidence-add-record').click()
  const row = page.locator(`[data-testid="picker-row"][data-record-id="${recordId}"]`)
  await row.waitFor()
  await row.click()
  await byTestId(page, 'picker-confirm').click()
  await page.locator('[data-testid="evidence-item"][data-type="record"]').first().waitFor()
}

async function markDone(page: Page): Promise<void> {
  await page.locator('[data-testid="measure-status"] [data-value="done"]').click()
  await byTestId(page, 'measure-save').click()
  // The stored status, not a toast (the toast of the previous save may still be on screen).
  await page.locator('[data-testid="measure-form"][data-saved-status="done"]').waitFor()
}

async function backToLedger(page: Page, inspectionUrl: string): Promise<void> {
  await page.goto(inspectionUrl)
  await byTestId(page, 'finding-card').first().waitFor()
}

test('paste feedback, confirm, add measures with evidence, mark done, export the report and the evidence package', async () => {
  const context = await browser.newContext({ ...PHONE, acceptDownloads: true })
  const page = await context.newPage()
  const errors = collectPageErrors(page)
  try {
    // A branch, its roster and two finished meetings, through the app's own restore.
    await page.goto(`${server.baseUrl}/settings`)
    await page.locator('[data-test="restore-file"]').setInputFiles({ name: '支部纪实备份.zip', mimeType: 'application/zip', buffer: backupZip() })
    await page.locator('.van-dialog__confirm').click()
    await page.locator('[data-test="restore-report"]').waitFor()

    // The empty ledger, then a new inspection.
    await page.goto(`${server.baseUrl}/rectification`)
    await byTestId(page, 'inspections-empty').waitFor()
    await screenshot(page, 'rectification-01-empty')
    await byTestId(page, 'inspection-new').click()
    await page.waitForURL(/\/rectification\/new$/)
    await expect.poll(() => page.locator('[data-testid="inspection-unit"] input').inputValue()).toBe('城关街道第一党支部')
    await fillField(page, 'inspection-inspector', '区委第三巡察组')
    await fillField(page, 'inspection-authority', '区委')
    await pickDate(page, 'inspection-from', '2026-03-10')
    await pickDate(page, 'inspection-to', '2026-05-10')
    await pickDate(page, 'inspection-feedback-date', '2026-06-18')
    await pickDate(page, 'inspection-deadline', '2026-12-18')
    // The meeting that studied the feedback (the report's opening cites it).
    await byTestId(page, 'inspection-study').click()
    await page.locator('[data-testid="picker-row"][data-record-id="rec-study"]').click()
    await expect.poll(() => byTestId(page, 'inspection-study').innerText()).toContain('专题研究巡察反馈意见整改工作')
    await page.locator('[data-testid="feedback-paste"] textarea').fill(FEEDBACK)
    await screenshot(page, 'rectification-02-form')
    await byTestId(page, 'feedback-parse').click()

    // The confirmation shows what was parsed; nothing is saved yet.
    const confirmation = byTestId(page, 'feedback-confirmation')
    await confirmation.waitFor()
    await expect.poll(() => byTestId(page, 'confirm-counts').innerText()).toContain('3 个问题类别')
    expect(await byTestId(page, 'confirm-counts').innerText()).toContain('8 个问题')
    expect(await page.locator('[data-testid="confirm-category-title"] textarea').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))).toEqual([
      '贯彻落实党中央决策部署方面', '基层党组织建设方面', '巡察整改方面',
    ])
    expect(await byTestId(page, 'confirm-finding').count()).toBe(8)
    await screenshot(page, 'rectification-03-confirm')
    await byTestId(page, 'use-parsed-title').click()
    await byTestId(page, 'confirm-save').click()
    await page.waitForURL(/\/rectification\/(?!new)[^/]+$/)
    const inspectionUrl = page.url()
    const inspectionId = inspectionUrl.split('/').pop()!
    expect(inspectionId).not.toBe('new')

    // The ledger: three categories, eight findings numbered continuously, none completed.
    await expect.poll(() => byTestId(page, 'finding-card').count()).toBe(8)
    expect(await byTestId(page, 'category-section').count()).toBe(3)
    expect(await byTestId(page, 'inspection-heading').innerText()).toBe('区委第三巡察组关于巡察某街道党工委的反馈意见（节选，虚构示例）')
    expect(await byTestId(page, 'finding-card-title').nth(3).innerText()).toBe('部分党支部支委会未按月召开，党课次数不足')
    expect(await byTestId(page, 'progress-total').innerText()).toBe('8')
    expect(await byTestId(page, 'progress-completed').innerText()).toBe('0')
    await screenshot(page, 'rectification-04-ledger')

    // Finding 1: a study session as evidence, done.
    await addMeasure(page, 0, { text: '严格执行中心组学习计划，专题学习未开展的补学到位', lead: '王建华', responsible: '党建办', deadline: '2026-09-30' })
    await linkRecord(page, 'rec-lesson')
    await markDone(page)
    await screenshot(page, 'rectification-05-measure')

    // A scanned document described with what it is and its date (then taken away again: the report
    // checked below is written without it).
    await byTestId(page, 'evidence-scan-input').setInputFiles({ name: 'judgement.pdf', mimeType: 'application/pdf', buffer: RULE_PDF })
    await expect.poll(() => byTestId(page, 'evidence-item').count()).toBe(2)
    await byTestId(page, 'evidence-describe-open').first().click()
    await fillField(page, 'evidence-describe-note', '区法院民事判决书')
    await pickDate(page, 'evidence-describe-date', '2026-07-03')
    await screenshot(page, 'rectification-05b-describe-file')
    await byTestId(page, 'evidence-describe-save').click()
    await expect.poll(() => byTestId(page, 'evidence-list').innerText()).toContain('区法院民事判决书')
    await byTestId(page, 'evidence-remove').nth(1).click()
    await page.locator('.van-dialog__confirm').click()
    await expect.poll(() => byTestId(page, 'evidence-item').count()).toBe(1)

    // Finding 4: the committee meeting that studied the feedback, plus an adopted rule with its file, done.
    await backToLedger(page, inspectionUrl)
    await addMeasure(page, 3, { text: '每月召开支委会，会前确定议题', lead: '王建华', responsible: '组织委员 李秀英', deadline: '2026-08-31' })
    await linkRecord(page, 'rec-study')
    await byTestId(page, 'evidence-add-rule').click()
    await fillField(page, 'rule-name', '《党支部“三会一课”制度实施细则》')
    await fillField(page, 'rule-number', '城关党工委发〔2026〕12号')
    await pickDate(page, 'rule-date', '2026-07-05')
    await byTestId(page, 'rule-file-input').setInputFiles({ name: '三会一课实施细则.pdf', mimeType: 'application/pdf', buffer: RULE_PDF })
    await byTestId(page, 'rule-save').click()
    await page.locator('[data-testid="evidence-item"][data-type="rule"]').waitFor()
    await markDone(page)

    // Finding 2: no evidence — "done" is refused until a reason is written.
    await backToLedger(page, inspectionUrl)
    await addMeasure(page, 1, { text: '规范第一议题学习记录', lead: '王建华', responsible: '党建办', deadline: '2026-07-31' })
    await page.locator('[data-testid="measure-status"] [data-value="done"]').click()
    const refusal = page.locator('.van-dialog').filter({ hasText: '还不能标记为已完成' })
    await refusal.waitFor()
    expect(await refusal.innerText()).toContain('还没有佐证材料')
    await screenshot(page, 'rectification-06-refused')
    await refusal.locator('.van-dialog__confirm').click()
    expect(await page.locator('[data-testid="measure-status"] [aria-checked="true"]').getAttribute('data-value')).not.toBe('done')
    await fillField(page, 'measure-no-evidence-reason', '当场口头提醒纠正，无书面材料')
    await markDone(page)

    // Finding 5: still in progress and past its deadline → overdue.
    await backToLedger(page, inspectionUrl)
    await addMeasure(page, 4, { text: '开展会议记录规范化培训', lead: '王建华', responsible: '组织委员', deadline: '2026-07-15' })

    await backToLedger(page, inspectionUrl)
    expect(await byTestId(page, 'progress-completed').innerText()).toBe('3')
    expect(await byTestId(page, 'progress-rate').innerText()).toBe('37.5%')
    expect(Number(await byTestId(page, 'progress-overdue').innerText())).toBe(1)
    await screenshot(page, 'rectification-07-ledger-progress')

    // The report: drafted from the ledger and the linked records, edited, exported.
    await byTestId(page, 'to-report').click()
    await page.waitForURL(/\/report$/)
    await byTestId(page, 'report-draft').waitFor()
    const blocks = byTestId(page, 'report-block')
    const draftText = (await blocks.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))).join('\n')
    expect(draftText).toContain('2026年6月25日，城关街道第一党支部召开支部委员会会议，专题研究巡察反馈意见')
    expect(draftText).toContain('2026年7月10日开展中心组理论学习，专题学习“第一议题”制度')
    expect(draftText).toContain('2026年7月5日制定印发《党支部“三会一课”制度实施细则》（城关党工委发〔2026〕12号）')
    expect(draftText).toContain('联系电话：0931-8123456；电子邮箱：dzb1@example.cn')
    // The report's date from the wheel; composing again puts it into the totals and the signature.
    await pickDate(page, 'report-date', '2026-12-31')
    expect(await page.locator('[data-testid="report-date"] input').inputValue()).toBe('2026年12月31日')
    await byTestId(page, 'report-recompose').click()
    await page.locator('.van-dialog__confirm').click()
    await expect.poll(() => page.locator('[data-testid="report-block"][data-role="totals"]').inputValue()).toContain('截至2026年12月31日')
    expect(await page.locator('[data-testid="report-block"][data-role="signature"]').last().inputValue()).toBe('2026年12月31日')
    await page.locator('.van-toast').filter({ hasText: '修改已保存' }).waitFor({ state: 'hidden' })
    await screenshot(page, 'rectification-08-report')
    const closing = page.locator('[data-testid="report-block"][data-role="closing"]')
    await closing.fill(`${await closing.inputValue()}（本段经支部书记审定）`)
    await byTestId(page, 'report-save').click()
    await page.locator('.van-toast').filter({ hasText: '修改已保存' }).waitFor()

    const [docxDownload] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'export-docx').click()])
    expect(docxDownload.suggestedFilename()).toMatch(/^城关街道第一党支部巡察整改情况通报-\d{8}\.docx$/)
    const docx = readFileSync((await docxDownload.path())!)
    const paragraphs = docxParagraphs(docx)
    expect(paragraphs[0]).toBe('关于城关街道第一党支部巡察整改进展情况的通报')
    expect(paragraphs).toContain('（一）贯彻落实党中央决策部署方面')
    expect(paragraphs).toContain('1.部分党支部支委会未按月召开，党课次数不足。') // numbered within its section
    const report = paragraphs.join('\n')
    expect(report).toMatch(/截至2026年12月31日，巡察反馈的8个问题已完成整改3个，正在整改5个，整改完成率37\.5%。/)
    // A single measure carries no 一是.
    expect(report).toContain('整改落实情况：每月召开支委会，会前确定议题，2026年6月25日召开支部委员会会议，研究巡察整改工作方案，2026年7月5日制定印发')
    expect(report).toContain('（本段经支部书记审定）')

    // The evidence package.
    const [zipDownload] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'export-package').click()])
    expect(zipDownload.suggestedFilename()).toMatch(/^城关街道第一党支部巡察整改佐证材料-\d{8}\.zip$/)
    const files = unzipSync(new Uint8Array(readFileSync((await zipDownload.path())!)))
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as {
      title?: string
      files: { path: string; sha256: string; size: number; source: { type: string; recordId?: string; rev?: number } }[]
    }
    expect(manifest.title).toBe('区委第三巡察组关于巡察某街道党工委的反馈意见（节选，虚构示例）')
    // Every file is listed, and every listed file is there with the SHA-256 the manifest gives.
    const listed = manifest.files.map((f) => f.path).sort()
    expect(listed).toEqual(Object.keys(files).filter((p) => p !== 'manifest.json' && p !== '清单.txt' && !p.endsWith('/')).sort())
    for (const f of manifest.files) {
      expect(sha256(files[f.path]!), f.path).toBe(f.sha256)
      expect(files[f.path]!.length).toBe(f.size)
    }
    const listing = strFromU8(files['清单.txt']!)
    for (const f of manifest.files) expect(listing).toContain(f.sha256)

    // The report in the package is the edited one; both linked records are there with the record's photo.
    expect(docxParagraphs(files['整改情况通报.docx']!).join('\n')).toContain('（本段经支部书记审定）')
    const recordDocs = manifest.files.filter((f) => f.source.type === 'record')
    expect(recordDocs.map((f) => f.source.recordId).sort()).toEqual(['rec-lesson', 'rec-study'])
    for (const f of recordDocs) expect(f.source.rev).toBeTypeOf('number')
    const studyDoc = recordDocs.find((f) => f.source.recordId === 'rec-study')!
    expect(docxParagraphs(files[studyDoc.path]!).join('\n')).toContain('对照反馈意见逐条研究整改措施。')
    const photo = manifest.files.find((f) => f.source.type === 'record-photo')
    expect(photo?.sha256).toBe(PHOTO_HASH)
    const attached = manifest.files.filter((f) => f.source.type === 'file')
    expect(attached).toHaveLength(1)
    expect(attached[0]!.path).toMatch(/^附件\/问题4-一是-党支部“三会一课”制度实施细则（城关党工委发〔2026〕12号）\.pdf$/)
    expect(attached[0]!.sha256).toBe(sha256(RULE_PDF))

    // The ledger: one row per measure, findings without measures keep a row, evidence item by item.
    const xlsx = files['整改台账.xlsx']!
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer)
    const ws = wb.getWorksheet('整改台账')!
    const rows: string[][] = []
    for (let r = 4; r <= ws.rowCount; r++) rows.push([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((c) => String(ws.getRow(r).getCell(c).value ?? '')))
    expect(rows).toHaveLength(8)
    expect(rows.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'])
    const row = (n: number) => rows[n - 1]!
    expect(row(1)[3]).toBe('一是严格执行中心组学习计划，专题学习未开展的补学到位')
    expect(row(1)[7]).toBe('已完成·销号')
    expect(row(1)[9]).toBe('2026年7月10日 中心组理论学习：2026年第4次中心组学习')
    expect(row(2)[9]).toBe('无佐证材料，原因：当场口头提醒纠正，无书面材料')
    expect(row(4)[1]).toBe('基层党组织建设方面')
    expect(row(4)[9]).toBe('1. 2026年6月25日 支部委员会会议：专题研究巡察反馈意见整改工作\n2. 《党支部“三会一课”制度实施细则》（城关党工委发〔2026〕12号，2026年7月5日印发）')
    expect(row(5)[7]).toBe('整改中')
    expect(row(3)[3]).toBe('') // a finding without measures still has its row

    expect(errors).toEqual([])
  } finally {
    await context.close()
  }
})

test('paste a published report, fix the parse, save, link evidence, export the report in the genre', async () => {
  const context = await browser.newContext({ ...PHONE, acceptDownloads: true })
  const page = await context.newPage()
  const errors = collectPageErrors(page)
  try {
    await page.goto(`${server.baseUrl}/settings`)
    await page.locator('[data-test="restore-file"]').setInputFiles({ name: '支部纪实备份.zip', mimeType: 'application/zip', buffer: backupZip() })
    await page.locator('.van-dialog__confirm').click()
    await page.locator('[data-test="restore-report"]').waitFor()

    await page.goto(`${server.baseUrl}/rectification/new`)
    await page.locator('[data-testid="feedback-paste"] textarea').fill(REPORT)
    await byTestId(page, 'feedback-parse').click()

    // What was read: 3 sections, 9 findings, 19 measures, the facts, the repaired numbers; nothing unplaced.
    await byTestId(page, 'feedback-confirmation').waitFor()
    await expect.poll(() => byTestId(page, 'confirm-counts').innerText()).toBe('3 个问题类别 · 9 个问题 · 19 项措施')
    expect(await byTestId(page, 'confirm-fact').allInnerTexts()).toContain('中共云岭县农业农村局党组')
    expect(await byTestId(page, 'confirm-notice').count()).toBe(3)
    expect(await byTestId(page, 'confirm-unplaced').count()).toBe(0)
    await screenshot(page, 'rectification-10-report-confirm')

    // Fix: a clearer title for finding 2, and the third measure of finding 1 moved out and back under finding 3.
    const titleOf = (i: number) => page.locator('[data-testid="confirm-finding-title"] textarea').nth(i)
    await titleOf(1).fill('落实粮食安全党政同责有差距')
    await byTestId(page, 'confirm-finding').nth(0).locator('[data-testid="confirm-measure-actions"]').nth(2).click()
    await page.locator('.van-action-sheet__item', { hasText: '移到' }).click()
    await byTestId(page, 'unplaced-line').waitFor()
    await screenshot(page, 'rectification-11-report-unplaced')
    await byTestId(page, 'unplaced-add').click()
    await page.locator('.van-action-sheet__item', { hasText: '作为措施加入某个问题' }).click()
    await page.locator('.van-action-sheet__item', { hasText: '类别1 · 3.' }).click()
    await expect.poll(() => byTestId(page, 'confirm-unplaced').count()).toBe(0)
    expect(await byTestId(page, 'confirm-finding').nth(2).locator('[data-testid="confirm-measure"]').count()).toBe(2)

    // Saving needs nothing the report lacks: the inspection's fields are filled from its text.
    await byTestId(page, 'confirm-save').click()
    await page.waitForURL(/\/rectification\/(?!new)[^/]+$/)
    const inspectionUrl = page.url()
    await expect.poll(() => byTestId(page, 'finding-card').count()).toBe(9)
    expect(await byTestId(page, 'inspection-heading').innerText()).toBe('中共云岭县农业农村局党组关于巡察整改进展情况的通报')
    expect(await byTestId(page, 'measure-row').count()).toBe(19)
    expect(await byTestId(page, 'measure-pending').count()).toBe(19) // leader, department, deadline: 待明确
    expect(await byTestId(page, 'inspection-successor-line').innerText()).toContain('县农业农村局')
    await screenshot(page, 'rectification-12-report-ledger')

    // Evidence: the study session for the first measure, then done.
    await byTestId(page, 'finding-card').nth(0).locator('[data-testid="measure-row"]').nth(0).click()
    await page.waitForURL(/\/measures\/[^/]+$/)
    // Leader, department and deadline are 待明确: the measure can still be saved and marked done.
    expect(await page.locator('[data-testid="measure-lead"] input').getAttribute('placeholder')).toBe('待明确')
    await screenshot(page, 'rectification-18-report-measure')
    await linkRecord(page, 'rec-lesson')
    await markDone(page)

    // The inspection's report facts, read from the text, are editable on the inspection form.
    await page.goto(`${inspectionUrl}/edit`)
    await byTestId(page, 'inspection-publisher').scrollIntoViewIfNeeded()
    expect(await page.locator('[data-testid="inspection-publisher"] input').inputValue()).toBe('中共云岭县农业农村局党组')
    expect(await page.locator('[data-testid="inspection-mailbox"] input').inputValue()).toBe('云岭县农业农村局办公室')
    expect(await page.locator('[data-testid="inspection-report-date"] input').inputValue()).toBe('2024年11月5日')
    await byTestId(page, 'inspection-publisher').evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await settled(page)
    await screenshot(page, 'rectification-19-report-facts-form')
    await page.goto(`${server.baseUrl}/rectification`)
    await byTestId(page, 'inspection-card').first().waitFor()
    expect(await byTestId(page, 'inspection-card').first().innerText()).toContain('待明确')

    // The report in the genre, exported as Word and read back.
    await backToLedger(page, inspectionUrl)
    await byTestId(page, 'to-report').click()
    await page.waitForURL(/\/report$/)
    await byTestId(page, 'report-draft').waitFor()
    expect(await page.locator('[data-testid="report-date"] input').inputValue()).toBe('2024年11月5日')
    await screenshot(page, 'rectification-13-report-draft')
    const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'export-docx').click()])
    const paragraphs = docxParagraphs(readFileSync((await download.path())!))
    expect(paragraphs[0]).toBe('中共云岭县农业农村局党组关于巡察整改进展情况的通报')
    const at = (text: string) => paragraphs.indexOf(text)
    // Numbering restarts under each heading.
    expect(at('（二）群众身边腐败问题和不正之风方面') + 1).toBe(at('1.惠农资金监管不到位。'))
    expect(at('2.落实粮食安全党政同责有差距。')).toBeGreaterThan(0)
    const text = paragraphs.join('\n')
    expect(text).toContain('县委第三巡察组对原县农牧局党组开展了巡察，并于2024年6月12日向原县农牧局党组反馈了巡察意见。2024年5月30日，县委机构编制委员会将原县农牧局与县扶贫开发服务中心职责整合，组建县农业农村局，不再保留县农牧局。县农业农村局承接整改任务。')
    // The evidence woven into the measure once; the moved measure under finding 3; a single measure without 一是.
    expect(text).toContain('整改落实情况：一是修订《县农业农村局党组理论学习中心组学习制度》，明确每月集中学习不少于1次，2024年7月以来已开展集中学习5次，2026年7月10日开展中心组理论学习，专题学习“第一议题”制度')
    expect(text).toContain('二是建立学习台账，专人记录学习内容、参学人员和研讨发言，目前正在推进。')
    expect(text).toContain('整改落实情况：对2023年实施的农田水利项目重新组织验收')
    // Contact from the inspection (not the branch's), the publisher and the report's date.
    expect(text).toContain('联系电话：0000-7654321；邮政信箱：云岭县农业农村局办公室；电子邮箱：ylxnync@example.cn。')
    expect(paragraphs.slice(-2)).toEqual(['中共云岭县农业农村局党组', '2024年11月5日'])
    for (const sentence of ['对近五年发展党员档案逐一排查，补齐缺失材料6份', '对2名长期外出务工的流动党员落实“一人一策”，通过线上方式参加所在支部组织生活']) {
      expect(text).toContain(sentence)
    }

    // A feedback text without the inspection's dates: 确认并保存 says which fields are missing and scrolls to them.
    await page.goto(`${server.baseUrl}/rectification/new`)
    await page.locator('[data-testid="feedback-paste"] textarea').fill(FEEDBACK)
    await byTestId(page, 'feedback-parse').click()
    await byTestId(page, 'feedback-confirmation').waitFor()
    await byTestId(page, 'confirm-finding').nth(5).scrollIntoViewIfNeeded()
    await screenshot(page, 'rectification-14-feedback-confirm-findings')
    await byTestId(page, 'confirm-save').click()
    await page.locator('.van-toast', { hasText: '还需要填写：巡察开始、巡察结束、反馈日期' }).waitFor()
    await expect.poll(() => byTestId(page, 'inspection-from').evaluate((el) => {
      const r = el.getBoundingClientRect()
      return r.top >= 0 && r.bottom <= window.innerHeight
    })).toBe(true)
    expect(await page.locator('[data-testid="inspection-title"] textarea').inputValue()).toBe('区委第三巡察组关于巡察某街道党工委的反馈意见（节选，虚构示例）')
    expect(await page.locator('[data-testid="inspection-inspector"] input').inputValue()).toBe('区委第三巡察组')
    await screenshot(page, 'rectification-15-missing-fields')
    // Nothing was saved: the list still holds only the report's inspection.
    await page.goto(`${server.baseUrl}/rectification`)
    await byTestId(page, 'inspection-card').first().waitFor()
    expect(await byTestId(page, 'inspection-card').count()).toBe(1)

    // The same screen in English.
    await page.evaluate(() => localStorage.setItem('branch-records.locale', 'en'))
    await page.goto(`${server.baseUrl}/rectification/new`)
    await page.locator('[data-testid="feedback-paste"] textarea').fill(REPORT)
    await byTestId(page, 'feedback-parse').click()
    await expect.poll(() => byTestId(page, 'confirm-counts').innerText()).toBe('3 categories · 9 findings · 19 measures')
    await screenshot(page, 'rectification-16-confirm-en')
    await byTestId(page, 'confirm-finding').nth(6).scrollIntoViewIfNeeded()
    await screenshot(page, 'rectification-17-confirm-en-findings')
    expect(errors).toEqual([])
  } finally {
    await context.close()
  }
})
