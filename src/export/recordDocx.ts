// One record as a Word page laid out like a page of the paper meeting book (会议记录本): a header table
// with the meeting's elements, then agenda, speeches, decisions with their vote counts, the kind's own
// sections, the chair's summary, 散会, signatures and photos. Used by the evidence package and the
// quarterly bound volume; loaded lazily by the app (`import()`).
import { AlignmentType, BorderStyle, Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType } from 'docx'
import type { FileChild } from 'docx'
import { attendanceCounts } from '@/domain/attendance'
import type { FieldDef } from '@/domain/kindSchema'
import { kindById } from '@/domain/kinds'
import { parsePeriod, periodLabel } from '@/domain/check/periods'
import type { BranchRecord, Label, Locale } from '@/domain/types'

export interface RecordDocxPhoto {
  bytes: Uint8Array
  caption?: string
  /** Pixel size when known; otherwise read from the image header. */
  width?: number
  height?: number
}

export interface RecordDocxAssets {
  /** Photos of the meeting and of the paper sign-in sheet, as bytes (PNG, JPEG, GIF or BMP). */
  photos?: RecordDocxPhoto[]
  /** Signature images (PNG from the signature pad). */
  signatures?: { chair?: Uint8Array; recorder?: Uint8Array }
  /** The record revision this page was made from, printed at the foot so a reader can cite it. */
  rev?: number
}

const L = (zh: string, en: string): Label => ({ 'zh-CN': zh, en })

const WORDS = {
  record: L('记录', 'record'),
  name: L('会议名称', 'Meeting'),
  sequence: L('第{n}次', 'No. {n}'),
  time: L('时间', 'Time'),
  place: L('地点', 'Place'),
  period: L('所属期间', 'Counts for'),
  chair: L('主持人', 'Chair'),
  recorder: L('记录人', 'Recorder'),
  expected: L('应到人数', 'Expected'),
  actual: L('实到人数', 'Present'),
  present: L('出席人员', 'Attended'),
  absent: L('缺席人员及原因', 'Absent (reason)'),
  written: L('书面意见', 'Written opinion'),
  excluded: L('不计入应到人员及原因', 'Not counted as expected (reason)'),
  observers: L('列席人员', 'Observers'),
  hostMeeting: L('所在会议', 'Held within'),
  agenda: L('会议议程', 'Agenda'),
  firstTopic: L('（第一议题）', ' (first topic)'),
  material: L('学习材料：', 'Material: '),
  speechDate: L('讲话日期：', 'speech of '),
  speeches: L('发言记录', 'Discussion'),
  decisions: L('决议事项', 'Decisions'),
  votes: L('（赞成{yes}票，反对{no}票，弃权{abstain}票）', ' (yes {yes}, no {no}, abstain {abstain})'),
  noVotes: L('（未记录表决票数）', ' (vote counts not recorded)'),
  summary: L('主持人小结', "Chair's summary"),
  ended: L('散会。', 'Meeting closed.'),
  notEnded: L('（记录未注明散会）', '(the record does not mark the end of the meeting)'),
  chairSign: L('主持人（签字）：', 'Chair (signature): '),
  recorderSign: L('记录人（签字）：', 'Recorder (signature): '),
  photos: L('会议照片', 'Photos'),
  photoUnreadable: L('（图片格式无法嵌入：{caption}）', '(image could not be embedded: {caption})'),
  footer: L('记录编号：{id}　版本：{rev}　创建：{created}　最后修改：{updated}', 'Record {id}   revision {rev}   created {created}   last changed {updated}'),
  none: L('无', 'none'),
  draft: L('（草稿，尚未完成）', '(draft, not finished)'),
} satisfies Record<string, Label>

const FONT = { ascii: 'FangSong', hAnsi: 'FangSong', eastAsia: 'FangSong', cs: 'FangSong' }
const HEADING_FONT = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: 'SimHei', cs: 'SimHei' }
const SIZE = 24 // 小四 12pt
const TABLE_WIDTH = 9070 // A4 minus 2.5cm margins, in twips
const LABEL_WIDTH = 1700
const VALUE_WIDTH = TABLE_WIDTH / 2 - LABEL_WIDTH
const MAX_PHOTO_WIDTH = 560 // px (≈ 14.8cm)
const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' }

type ImageType = 'png' | 'jpg' | 'gif' | 'bmp'

/** The image type from its first bytes (what `docx` needs to be told). */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png'
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpg'
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return 'gif'
  if (bytes[0] === 0x42 && bytes[1] === 0x4d) return 'bmp'
  return undefined
}

/** Pixel size from a PNG, GIF, BMP or JPEG header, or undefined when it cannot be read. */
export function sniffImageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const type = sniffImageType(bytes)
  const u16be = (i: number) => ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)
  const u16le = (i: number) => (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8)
  const u32be = (i: number) => ((bytes[i] ?? 0) * 2 ** 24) + (((bytes[i + 1] ?? 0) << 16) | ((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0))
  if (type === 'png' && bytes.length >= 24) return { width: u32be(16), height: u32be(20) }
  if (type === 'gif' && bytes.length >= 10) return { width: u16le(6), height: u16le(8) }
  if (type === 'bmp' && bytes.length >= 26) return { width: u16le(18) | (u16le(20) << 16), height: Math.abs((u16le(22) | (u16le(24) << 16)) << 0) }
  if (type === 'jpg') {
    let i = 2
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return undefined
      const marker = bytes[i + 1] ?? 0
      // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: u16be(i + 7), height: u16be(i + 5) }
      }
      i += 2 + u16be(i + 2)
    }
  }
  return undefined
}

function fill(tpl: string, vars: Record<string, string | number | undefined>): string {
  return tpl.replace(/\{(\w+)\}/g, (w, k: string) => (vars[k] === undefined ? w : String(vars[k])))
}

function run(text: string, opts: { bold?: boolean; heading?: boolean; size?: number; break?: number } = {}): TextRun {
  return new TextRun({ text, font: opts.heading ? HEADING_FONT : FONT, size: opts.size ?? SIZE, ...(opts.bold ? { bold: true } : {}), ...(opts.break ? { break: opts.break } : {}) })
}

/** A paragraph that keeps the user's line breaks. */
function para(text: string, opts: { bold?: boolean; indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}): Paragraph {
  return new Paragraph({
    children: text.split('\n').map((line, i) => run(line, { bold: opts.bold, break: i > 0 ? 1 : 0 })),
    ...(opts.indent ? { indent: { firstLine: 480 } } : {}),
    ...(opts.align ? { alignment: opts.align } : {}),
    spacing: { after: 60 },
  })
}

function heading(text: string): Paragraph {
  return new Paragraph({ children: [run(text, { heading: true, bold: true })], spacing: { before: 200, after: 80 }, keepNext: true })
}

function cell(text: string, width: number, opts: { label?: boolean; span?: number } = {}): TableCell {
  return new TableCell({
    children: text.split('\n').map((line) => new Paragraph({ children: [run(line, { bold: opts.label })], ...(opts.label ? { alignment: AlignmentType.CENTER } : {}) })),
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    ...(opts.span ? { columnSpan: opts.span } : {}),
    borders: { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER },
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
  })
}

/** Two label/value pairs per row, or one label with its value across the rest of the row. */
function pairRow(a: [string, string], b?: [string, string]): TableRow {
  return new TableRow({
    children: b
      ? [cell(a[0], LABEL_WIDTH, { label: true }), cell(a[1], VALUE_WIDTH), cell(b[0], LABEL_WIDTH, { label: true }), cell(b[1], VALUE_WIDTH)]
      : [cell(a[0], LABEL_WIDTH, { label: true }), cell(a[1], TABLE_WIDTH - LABEL_WIDTH, { span: 3 })],
  })
}

function fieldValue(field: FieldDef, value: unknown, locale: Locale): string {
  if (value === undefined || value === null || value === '') return ''
  if (field.type === 'select') {
    const option = field.options?.find((o) => o.value === value)
    return option ? option.label[locale] : String(value)
  }
  if (field.type === 'list' && Array.isArray(value)) {
    return value
      .map((item, i) => {
        const obj = (item ?? {}) as Record<string, unknown>
        const parts = (field.itemFields ?? [])
          .map((f) => [f.label[locale], fieldValue(f, obj[f.key], locale)] as const)
          .filter(([, v]) => v)
          .map(([k, v]) => `${k}：${v}`)
        return `${i + 1}. ${parts.join('；')}`
      })
      .join('\n')
  }
  if (Array.isArray(value)) return value.map(String).join('、')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function photoParagraphs(photos: readonly RecordDocxPhoto[], locale: Locale): Paragraph[] {
  const out: Paragraph[] = []
  for (const photo of photos) {
    const type = sniffImageType(photo.bytes)
    const size = photo.width && photo.height ? { width: photo.width, height: photo.height } : sniffImageSize(photo.bytes)
    if (!type || !size || !size.width || !size.height) {
      out.push(para(fill(WORDS.photoUnreadable[locale], { caption: photo.caption ?? '' })))
      continue
    }
    const scale = Math.min(1, MAX_PHOTO_WIDTH / size.width)
    out.push(new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new ImageRun({ type, data: photo.bytes, transformation: { width: Math.round(size.width * scale), height: Math.round(size.height * scale) } })],
    }))
    if (photo.caption) out.push(para(photo.caption, { align: AlignmentType.CENTER }))
  }
  return out
}

function signatureLine(label: string, name: string | undefined, image: Uint8Array | undefined): Paragraph {
  const children: (TextRun | ImageRun)[] = [run(label), run(name ?? '')]
  const type = image ? sniffImageType(image) : undefined
  const size = image ? sniffImageSize(image) : undefined
  if (image && type && size && size.height > 0) {
    const height = 40
    children.push(run('　'), new ImageRun({ type, data: image, transformation: { width: Math.round((size.width / size.height) * height), height } }))
  }
  return new Paragraph({ children, spacing: { before: 120 } })
}

export async function buildRecordDocx(record: BranchRecord, kindLabel: string, locale: Locale, assets: RecordDocxAssets = {}): Promise<Uint8Array> {
  const w = (key: keyof typeof WORDS) => WORDS[key][locale]
  const zh = locale === 'zh-CN'
  const kind = kindById(record.kind)
  const counts = attendanceCounts(record)
  const names = (status: string) => record.attendance.filter((a) => a.status === status)
  const withReasons = (status: string) =>
    names(status).map((a) => (a.reason ? (zh ? `${a.name}（${a.reason}）` : `${a.name} (${a.reason})`) : a.name)).join(zh ? '、' : ', ')
  const time = [record.date, record.startTime && record.endTime ? `${record.startTime}—${record.endTime}` : (record.startTime ?? '')].filter(Boolean).join(' ')

  const rows: TableRow[] = [
    pairRow([w('name'), record.sequence ? `${record.title}（${fill(w('sequence'), { n: record.sequence })}）` : record.title]),
    pairRow([w('time'), time], [w('place'), record.place ?? '']),
    pairRow([w('chair'), record.chair ?? ''], [w('recorder'), record.recorder ?? '']),
  ]
  // A record held late for an earlier period says which period it is for (the check counts it there).
  const period = parsePeriod(record.period)
  if (period) rows.push(pairRow([w('period'), periodLabel(period)[locale]]))
  if (record.attendance.length) {
    rows.push(pairRow([w('expected'), String(counts.expected)], [w('actual'), String(counts.actual)]))
    rows.push(pairRow([w('present'), names('present').map((a) => a.name).join(zh ? '、' : ', ')]))
    rows.push(pairRow([w('absent'), [withReasons('absent'), withReasons('written')].filter(Boolean).join(zh ? '、' : ', ') || w('none')]))
    if (names('excluded').length) rows.push(pairRow([w('excluded'), withReasons('excluded')]))
  }
  const observers = [...names('observer').map((a) => a.name), ...record.guests.map((g) => (g.role ? `${g.name}（${g.role}）` : g.name))]
  if (observers.length) rows.push(pairRow([w('observers'), observers.join(zh ? '、' : ', ')]))
  if (record.hostMeeting) rows.push(pairRow([w('hostMeeting'), record.hostMeeting]))

  const body: FileChild[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run(zh ? `${kindLabel}${w('record')}` : `${kindLabel} ${w('record')}`, { heading: true, bold: true, size: 36 })],
      spacing: { after: 200 },
    }),
  ]
  if (record.status === 'draft') body.push(para(w('draft'), { align: AlignmentType.CENTER }))
  body.push(new Table({ rows, width: { size: TABLE_WIDTH, type: WidthType.DXA }, columnWidths: [LABEL_WIDTH, VALUE_WIDTH, LABEL_WIDTH, VALUE_WIDTH] }))

  if (record.agenda.length) {
    body.push(heading(w('agenda')))
    record.agenda.forEach((item, i) => {
      const lines = [`${i + 1}. ${item.title}${item.isFirstTopic ? w('firstTopic') : ''}`]
      if (item.material) {
        const m = item.material
        lines.push(`${w('material')}${zh ? `《${m.title.replace(/^《|》$/g, '')}》` : `"${m.title}"`}${m.source ? `，${m.source}` : ''}${m.speechDate ? `，${w('speechDate')}${m.speechDate}` : ''}`)
      }
      body.push(para(lines.join('\n')))
    })
  }
  if (record.speeches.length) {
    body.push(heading(w('speeches')))
    for (const s of record.speeches) body.push(para(`${s.speaker}：${s.content}`, { indent: true }))
  }
  if (record.decisions.length) {
    body.push(heading(w('decisions')))
    record.decisions.forEach((d, i) => {
      const counted = d.yes !== undefined || d.no !== undefined || d.abstain !== undefined
      const votes = counted ? fill(w('votes'), { yes: d.yes ?? 0, no: d.no ?? 0, abstain: d.abstain ?? 0 }) : w('noVotes')
      body.push(para(`${i + 1}. ${d.text}${votes}`))
    })
  }
  for (const section of kind?.sections ?? []) {
    const filled = section.fields.map((f) => [f, fieldValue(f, record.sections[f.key], locale)] as const).filter(([, v]) => v)
    if (!filled.length) continue
    body.push(heading(section.label[locale]))
    for (const [f, v] of filled) body.push(para(`${f.label[locale]}：${v}`))
  }
  if (record.summary?.trim()) {
    body.push(heading(w('summary')))
    body.push(para(record.summary, { indent: true }))
  }
  body.push(para(record.ended ? w('ended') : w('notEnded'), { bold: record.ended }))
  body.push(signatureLine(w('chairSign'), record.chair, assets.signatures?.chair))
  body.push(signatureLine(w('recorderSign'), record.recorder, assets.signatures?.recorder))
  if (assets.photos?.length) {
    body.push(heading(w('photos')))
    body.push(...photoParagraphs(assets.photos, locale))
  }
  body.push(new Paragraph({
    spacing: { before: 300 },
    children: [new TextRun({
      text: fill(w('footer'), { id: record.id, rev: assets.rev ?? '—', created: record.createdAt, updated: record.updatedAt }),
      font: FONT,
      size: 16,
      color: '666666',
    })],
  }))

  const document = new Document({
    creator: '支部纪实',
    title: `${kindLabel} ${record.title}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [{ properties: { page: { margin: { top: '25mm', bottom: '25mm', left: '25mm', right: '25mm' } } }, children: body }],
  })
  return new Uint8Array(await Packer.toArrayBuffer(document))
}
