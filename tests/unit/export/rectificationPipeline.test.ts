// The whole export path as the app will run it: compose the report from the ledger, build the DOCX,
// the XLSX and one DOCX per linked record, pack them, then open the package as an inspector would.
import { createHash } from 'node:crypto'
import ExcelJS from 'exceljs'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { kindById } from '@/domain/kinds'
import { composeRectificationReport } from '@/domain/rectification/reportComposer'
import { buildEvidencePackage, verifyEvidencePackage } from '@/export/evidencePackage'
import type { EvidenceManifest } from '@/export/evidencePackage'
import { buildLedgerXlsx } from '@/export/ledgerXlsx'
import { buildRecordDocx } from '@/export/recordDocx'
import { buildRectificationReportDocx } from '@/export/rectificationReportDocx'
import { categories, evidence, findings, inspection, measures, records } from '../rectification/ledgerFixture'
import { documentXml, paragraphsOf } from './docxText'

const today = '2026-10-01'
const report = composeRectificationReport({
  inspection, categories, findings, measures, evidence, records,
  contact: { phone: '010-12345678', email: 'xc@example.cn' }, date: today, locale: 'zh-CN',
})
const linked = evidence.filter((e) => e.type === 'record' && !e.deleted)
const packed = await Promise.all(linked.map(async (e) => {
  const record = records[e.recordId!]!
  return { record, rev: e.recordRev ?? 0, docx: await buildRecordDocx(record, kindById(record.kind)?.label['zh-CN'] ?? record.kind, 'zh-CN', { rev: e.recordRev }), photos: [] }
}))
const zip = await buildEvidencePackage({
  reportDocx: await buildRectificationReportDocx(report),
  ledgerXlsx: await buildLedgerXlsx({ inspection, categories, findings, measures, evidence, records, today }),
  records: packed,
  files: [],
  createdAt: '2026-10-01T09:00:00.000Z',
})
const files = unzipSync(zip)
const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as EvidenceManifest

describe('rectification export pipeline', () => {
  it('packs a report whose text carries the evidence facts and totals', () => {
    const text = paragraphsOf(documentXml(files['整改情况通报.docx']!))
    expect(text[0]).toBe('关于某街道党工委巡察整改进展情况的通报')
    expect(text.join('\n')).toContain('2026年7月3日召开支部委员会会议，审议通过修订后的第一议题制度')
    expect(text).toContain('截至2026年10月1日，巡察反馈的4个问题已完成整改2个，正在整改2个，整改完成率50%。')
  })

  it('packs a ledger with one row per measure', async () => {
    const wb = new ExcelJS.Workbook()
    const x = files['整改台账.xlsx']!
    await wb.xlsx.load(x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength) as ArrayBuffer)
    const ws = wb.getWorksheet('整改台账')!
    const measureCells = [4, 5, 6, 7, 8, 9].map((r) => String(ws.getRow(r).getCell(4).value))
    expect(measureCells.every((t) => /^[一二]是/.test(t))).toBe(true)
    expect(ws.getRow(10).getCell(4).value ?? null).toBeNull()
  })

  it('packs each linked record once, citing its revision, and every hash verifies', async () => {
    const recordDocs = manifest.files.filter((f) => f.source.type === 'record')
    expect(recordDocs.map((f) => f.source)).toEqual([
      expect.objectContaining({ recordId: 'r1', rev: 3 }),
      expect.objectContaining({ recordId: 'r2', rev: 1 }), // linked to two measures, packed once
    ])
    const r2 = paragraphsOf(documentXml(files[recordDocs[1]!.path]!))
    expect(r2.at(-1)).toContain('记录编号：r2')
    for (const f of manifest.files) expect(createHash('sha256').update(files[f.path]!).digest('hex')).toBe(f.sha256)
    expect(await verifyEvidencePackage(zip)).toMatchObject({ ok: true, mismatches: [] })
  })
})
