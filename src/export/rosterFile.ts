// Reads a roster file into rows of cell text for `parseRosterRows` (domain). CSV and XLSX only.
// Row i of the result is row i+1 of the file (blank rows are kept), so errors can name real row numbers.
// The parsers are loaded on demand: exceljs is large and only the import page needs it.

/** A file that cannot be read as a roster; `message` is plain Chinese, `en` the English. */
export class RosterFileError extends Error {
  constructor(message: string, public readonly en: string, public override readonly cause?: unknown) {
    super(message)
    this.name = 'RosterFileError'
  }
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase()
}

/**
 * Text of a CSV file: UTF-8 when the bytes are valid UTF-8, otherwise GB18030 (a superset of GBK), which is
 * what Excel on a Chinese Windows writes for "CSV". The byte-order mark is dropped.
 */
export function decodeCsvBytes(bytes: ArrayBuffer): string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(bytes)
    } catch (e) {
      throw new RosterFileError('无法识别文件的文字编码，请在 Excel 中另存为“CSV UTF-8”后再导入', 'Unknown text encoding: save as "CSV UTF-8" and try again', e)
    }
  }
  return text.replace(/^\uFEFF/, '')
}

async function readCsv(bytes: ArrayBuffer): Promise<string[][]> {
  const text = decodeCsvBytes(bytes)
  if (text.includes('\u0000')) throw new RosterFileError('文件不是文本格式的 CSV，可能已损坏', 'Not a text CSV file; it may be damaged')
  const { default: Papa } = await import('papaparse')
  // Blank lines are kept so that row numbers stay those of the file.
  const result = Papa.parse<string[]>(text, { skipEmptyLines: false })
  const rows = result.data.map((r) => r.map((c) => (c ?? '').toString()))
  // A file ending in a newline yields one empty trailing row; it is not a row of the file.
  const last = rows[rows.length - 1]
  if (last && last.length === 1 && last[0] === '') rows.pop()
  return rows
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** One cell of exceljs as the text the user sees (dates as YYYY-MM-DD). */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) {
    // exceljs gives date-only cells as UTC midnight.
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (typeof value === 'string') return value
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>
    if (Array.isArray(v.richText)) return v.richText.map((t: { text?: unknown }) => String(t.text ?? '')).join('')
    if ('result' in v) return cellText(v.result) // formula
    if ('text' in v) return cellText(v.text) // hyperlink
    if ('error' in v) return ''
  }
  return String(value)
}

async function readXlsx(bytes: ArrayBuffer): Promise<string[][]> {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes)
  } catch (e) {
    throw new RosterFileError('无法读取这个 Excel 文件，文件可能已损坏或不是 .xlsx 格式', 'This Excel file cannot be read; it may be damaged or not .xlsx', e)
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) throw new RosterFileError('Excel 文件中没有工作表', 'The workbook has no worksheet')
  const rows: string[][] = []
  const width = sheet.columnCount
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    const cells: string[] = []
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value).trim())
    rows.push(cells)
  }
  return rows
}

export async function readRosterFile(bytes: ArrayBuffer, fileName: string): Promise<string[][]> {
  const ext = extensionOf(fileName)
  if (bytes.byteLength === 0) throw new RosterFileError('文件是空的', 'The file is empty')
  if (ext === 'csv' || ext === 'txt') return readCsv(bytes)
  if (ext === 'xlsx') return readXlsx(bytes)
  if (ext === 'xls') throw new RosterFileError('不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 或 CSV 后再导入', 'Old .xls files are not supported: save as .xlsx or CSV')
  throw new RosterFileError(`不支持“${fileName}”这种文件，请使用 CSV 或 Excel（.xlsx）文件`, `"${fileName}" is not supported: use a CSV or Excel (.xlsx) file`)
}
