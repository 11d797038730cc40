// The rectification ledger (整改台账) as an Excel workbook: one row per measure, the finding's cells merged
// over its measures, wrapped text, a styled header, landscape A4 with the header repeated on every page;
// and a second sheet with the progress per category. Loaded lazily by the app (`import()`).
import ExcelJS from 'exceljs'
import { ledgerRows } from '@/domain/rectification/ledgerRows'
import type { RecordLookup } from '@/domain/rectification/ledgerRows'
import { ledgerProgress } from '@/domain/rectification/progress'
import { REPORT_TEMPLATES, formatReportDate } from '@/domain/rectification/reportTemplates'
import type { EvidenceLink, FindingCategory, Inspection, InspectionFinding, Measure } from '@/domain/rectification/types'
import type { IsoDate, Locale } from '@/domain/types'

export interface LedgerXlsxInput {
  inspection: Inspection
  categories: readonly FindingCategory[]
  findings: readonly InspectionFinding[]
  measures: readonly Measure[]
  evidence: readonly EvidenceLink[]
  /** The linked records, to describe record evidence by date, kind and title. */
  records?: RecordLookup
  /** Progress is counted as of this day. */
  today: IsoDate
  locale?: Locale
}

const COLUMNS: readonly { key: string; header: Record<Locale, string>; width: number }[] = [
  { key: 'no', header: { 'zh-CN': '序号', en: 'No.' }, width: 6 },
  { key: 'category', header: { 'zh-CN': '问题类别', en: 'Category' }, width: 18 },
  { key: 'finding', header: { 'zh-CN': '问题', en: 'Finding' }, width: 36 },
  { key: 'measure', header: { 'zh-CN': '整改措施', en: 'Measure' }, width: 42 },
  { key: 'lead', header: { 'zh-CN': '牵头领导', en: 'Lead leader' }, width: 11 },
  { key: 'responsible', header: { 'zh-CN': '责任部门/责任人', en: 'Responsible' }, width: 15 },
  { key: 'deadline', header: { 'zh-CN': '整改时限', en: 'Deadline' }, width: 15 },
  { key: 'status', header: { 'zh-CN': '整改状态', en: 'Status' }, width: 12 },
  { key: 'completed', header: { 'zh-CN': '完成时间', en: 'Completed on' }, width: 15 },
  { key: 'evidence', header: { 'zh-CN': '佐证材料', en: 'Evidence' }, width: 44 },
]

const WORDS = {
  'zh-CN': {
    sheet: '整改台账',
    progressSheet: '整改进度',
    title: '{unit}巡察整改台账',
    subtitle: '巡察组：{inspector}　巡察时间：{from}至{to}　反馈时间：{feedback}　整改时限：{deadline}',
    noEvidence: '无佐证材料，原因：',
    progressHeader: ['问题类别', '反馈问题', '已完成', '正在整改', '逾期', '完成率'],
    total: '合计',
    asOf: '统计截至{date}',
  },
  en: {
    sheet: 'Ledger',
    progressSheet: 'Progress',
    title: 'Rectification ledger — {unit}',
    subtitle: 'Inspector: {inspector}   Period: {from} – {to}   Feedback: {feedback}   Deadline: {deadline}',
    noEvidence: 'No evidence, because: ',
    progressHeader: ['Category', 'Findings', 'Completed', 'Ongoing', 'Overdue', 'Completion rate'],
    total: 'Total',
    asOf: 'As of {date}',
  },
} as const

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } }
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN }
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFE8E8E8' } }

function fill(tpl: string, vars: Record<string, string>): string {
  return tpl.replace(/\{(\w+)\}/g, (w, k: string) => vars[k] ?? w)
}

/** Row numbers of the ledger sheet: title, subtitle, header, then the data. */
export const LEDGER_HEADER_ROW = 3
export const LEDGER_FIRST_DATA_ROW = 4

export async function buildLedgerXlsx(input: LedgerXlsxInput): Promise<Uint8Array> {
  const locale = input.locale ?? 'zh-CN'
  const words = WORDS[locale]
  const t = REPORT_TEMPLATES[locale]
  const date = (d: IsoDate) => formatReportDate(d, t)
  const { inspection } = input

  const wb = new ExcelJS.Workbook()
  wb.creator = '支部纪实'
  const ws = wb.addWorksheet(words.sheet, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${LEDGER_HEADER_ROW}:${LEDGER_HEADER_ROW}` },
    views: [{ state: 'frozen', ySplit: LEDGER_HEADER_ROW }],
  })
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }))
  const last = COLUMNS.length

  ws.getCell(1, 1).value = fill(words.title, { unit: inspection.unitName })
  ws.getCell(1, 1).font = { bold: true, size: 16 }
  ws.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' }
  ws.mergeCells(1, 1, 1, last)
  ws.getRow(1).height = 30
  ws.getCell(2, 1).value = fill(words.subtitle, {
    inspector: inspection.inspector,
    from: date(inspection.periodFrom),
    to: date(inspection.periodTo),
    feedback: date(inspection.feedbackDate),
    deadline: date(inspection.deadline),
  })
  ws.getCell(2, 1).alignment = { horizontal: 'left', vertical: 'middle', wrapText: true }
  ws.mergeCells(2, 1, 2, last)

  const header = ws.getRow(LEDGER_HEADER_ROW)
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1)
    cell.value = c.header[locale]
    cell.font = { bold: true }
    cell.fill = HEADER_FILL
    cell.border = BORDER
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
  })
  header.height = 22

  const rows = ledgerRows(inspection, input.categories, input.findings, input.measures, input.evidence, input.records, locale)
  rows.forEach((r, i) => {
    const evidence = [...r.evidence]
    if (r.noEvidenceReason && evidence.length === 0) evidence.push(words.noEvidence + r.noEvidenceReason)
    const row = ws.getRow(LEDGER_FIRST_DATA_ROW + i)
    row.values = [
      r.findingNo,
      r.categoryTitle,
      r.findingDetail ? `${r.findingTitle}\n${r.findingDetail}` : r.findingTitle,
      r.measureText,
      r.leadLeader,
      r.responsible,
      r.deadline,
      r.status,
      r.completedOn,
      evidence.map((e, n) => (evidence.length > 1 ? `${n + 1}. ${e}` : e)).join('\n'),
    ]
    for (let col = 1; col <= last; col++) {
      const cell = row.getCell(col)
      cell.border = BORDER
      cell.alignment = { vertical: 'top', wrapText: true, ...(col === 1 ? { horizontal: 'center' as const } : {}) }
    }
  })
  // A finding with several measures: its number, category and text span them.
  rows.forEach((r, i) => {
    if (r.findingRowSpan > 1) {
      const top = LEDGER_FIRST_DATA_ROW + i
      for (const col of [1, 2, 3]) ws.mergeCells(top, col, top + r.findingRowSpan - 1, col)
    }
  })

  // Progress per category.
  const progress = ledgerProgress(inspection, input.categories, input.findings, input.measures, input.evidence, input.today)
  const ps = wb.addWorksheet(words.progressSheet)
  ps.columns = [{ width: 30 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 12 }]
  ps.addRow([...words.progressHeader]).eachCell((cell) => {
    cell.font = { bold: true }
    cell.fill = HEADER_FILL
    cell.border = BORDER
  })
  for (const c of progress.byCategory) ps.addRow([c.category.title, c.total, c.completed, c.ongoing, c.overdue, c.rateText])
  const o = progress.overall
  ps.addRow([words.total, o.total, o.completed, o.ongoing, o.overdue, o.rateText]).font = { bold: true }
  ps.addRow([fill(words.asOf, { date: date(input.today) })])

  const out = await wb.xlsx.writeBuffer()
  // A Node Buffer or a browser ArrayBuffer, depending on the build of exceljs: copy into a plain Uint8Array.
  return new Uint8Array(out)
}
