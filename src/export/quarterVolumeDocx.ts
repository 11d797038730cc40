// 一季度一合订: all of a quarter's records as one Word document, book by book (专本专用), each record a
// page laid out by `buildRecordDocx` exactly as it prints on its own, with its photos. A cover with the
// contents comes first, then for each book a title page and its records in meeting order.
//
// How: a frame document (cover, book title pages, one placeholder paragraph per record) is built with
// `docx`; each record is built on its own with `buildRecordDocx`; then each record's body is moved into
// the frame in place of its placeholder, its images renamed and re-linked so that nothing clashes. Both
// come from the same `docx` library, so they share namespaces, styles and content types. Loaded lazily.
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, BorderStyle } from 'docx'
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate'
import { KINDS, kindById } from '@/domain/kinds'
import type { BranchRecord, IsoTimestamp, KindId, Label, Locale } from '@/domain/types'
import { buildRecordDocx, type RecordDocxAssets } from './recordDocx'

export interface VolumeRecord {
  record: BranchRecord
  assets?: RecordDocxAssets
}

export interface QuarterVolumeMeta {
  branchName: string
  year: number
  quarter: number
  generatedAt: IsoTimestamp
}

/** The records of one book in the order they are bound: by meeting date, then sequence, then title. */
export interface VolumeBook {
  kindId: KindId
  label: Label
  records: VolumeRecord[]
}

const L = (zh: string, en: string): Label => ({ 'zh-CN': zh, en })
const QUARTER_ZH = ['一', '二', '三', '四']

const WORDS = {
  title: (m: QuarterVolumeMeta): Label => L(`${m.branchName}`, `${m.branchName}`),
  subtitle: (m: QuarterVolumeMeta): Label =>
    L(`${m.year}年第${QUARTER_ZH[m.quarter - 1] ?? m.quarter}季度组织生活记录合订本`, `Bound records, Q${m.quarter} ${m.year}`),
  contents: L('目　录', 'Contents'),
  count: (n: number): Label => L(`共${n}份记录`, `${n} record${n === 1 ? '' : 's'}`),
  empty: L('本季度没有已完成的记录。', 'No finished records this quarter.'),
  generated: L('生成时间', 'Generated'),
  bookCount: (n: number): Label => L(`本季度共${n}次`, `${n} this quarter`),
}

const FONT = { ascii: 'FangSong', hAnsi: 'FangSong', eastAsia: 'FangSong', cs: 'FangSong' }
const HEADING_FONT = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: 'SimHei', cs: 'SimHei' }
const PAGE_MARGIN = { top: '25mm', bottom: '25mm', left: '25mm', right: '25mm' } as const
const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' }

/** Books in the order of the kinds table; records within a book by date, sequence and title. */
export function volumeBooks(records: readonly VolumeRecord[]): VolumeBook[] {
  const byKind = new Map<KindId, VolumeRecord[]>()
  for (const r of records) {
    const list = byKind.get(r.record.kind)
    if (list) list.push(r)
    else byKind.set(r.record.kind, [r])
  }
  const order = [...KINDS.map((k) => k.id), ...[...byKind.keys()].filter((k) => !kindById(k))]
  return order.flatMap((kindId) => {
    const list = byKind.get(kindId)
    if (!list?.length) return []
    const kind = kindById(kindId)
    const sorted = [...list].sort((a, b) =>
      a.record.date.localeCompare(b.record.date)
      || (a.record.sequence ?? 0) - (b.record.sequence ?? 0)
      || a.record.title.localeCompare(b.record.title, 'zh-CN'))
    return [{ kindId, label: kind?.bookLabel ?? L(kindId, kindId), records: sorted }]
  })
}

function formatTimestamp(ts: IsoTimestamp): string {
  const d = new Date(ts)
  if (Number.isNaN(d.getTime())) return ts
  // China Standard Time, so the cover reads the same wherever the file is made.
  const cst = new Date(d.getTime() + 8 * 60 * 60_000).toISOString()
  return `${cst.slice(0, 10)} ${cst.slice(11, 16)}`
}

const placeholder = (i: number): string => `QUARTER-VOLUME-RECORD-${String(i).padStart(5, '0')}`

function text(t: string, opts: { bold?: boolean; heading?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text: t, font: opts.heading ? HEADING_FONT : FONT, size: opts.size ?? 24, ...(opts.bold ? { bold: true } : {}) })
}

function contentsCell(t: string, width: number, bold = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    borders: { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER },
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [new Paragraph({ children: [text(t, { bold, size: 21 })] })],
  })
}

/** The frame: cover with contents, then per book a title page followed by one placeholder per record. */
function frameDocument(books: readonly VolumeBook[], meta: QuarterVolumeMeta, locale: Locale): Document {
  const t = (l: Label) => l[locale]
  const total = books.reduce((n, b) => n + b.records.length, 0)
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 2400, after: 240 }, children: [text(t(WORDS.title(meta)), { heading: true, bold: true, size: 44 })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 480 }, children: [text(t(WORDS.subtitle(meta)), { heading: true, bold: true, size: 36 })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [text(t(WORDS.count(total)))] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 600 }, children: [text(`${t(WORDS.generated)}${locale === 'zh-CN' ? '：' : ': '}${formatTimestamp(meta.generatedAt)}`, { size: 21 })] }),
  ]
  if (total === 0) {
    children.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [text(t(WORDS.empty))] }))
  } else {
    children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [text(t(WORDS.contents), { heading: true, bold: true, size: 28 })] }))
    const rows: TableRow[] = []
    books.forEach((book, bi) => {
      rows.push(new TableRow({ children: [contentsCell(`${bi + 1}. ${t(book.label)}`, 70, true), contentsCell(t(WORDS.bookCount(book.records.length)), 30, true)] }))
      for (const { record } of book.records) {
        rows.push(new TableRow({ children: [contentsCell(`\u3000\u3000${record.title}`, 70), contentsCell(record.date, 30)] }))
      }
    })
    children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }))
  }

  let n = 0
  for (const book of books) {
    children.push(new Paragraph({
      pageBreakBefore: true,
      alignment: AlignmentType.CENTER,
      spacing: { before: 3600, after: 240 },
      children: [text(t(book.label), { heading: true, bold: true, size: 40 })],
    }))
    children.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [text(t(WORDS.bookCount(book.records.length)))] }))
    for (let i = 0; i < book.records.length; i++) children.push(new Paragraph({ children: [new TextRun(placeholder(n++))] }))
  }

  return new Document({
    creator: '支部纪实',
    title: `${meta.branchName} ${t(WORDS.subtitle(meta))}`,
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [{ properties: { page: { margin: PAGE_MARGIN } }, children }],
  })
}

// ---------------------------------------------------------------- merging record documents into the frame

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The body of a document without its final section properties (the frame keeps its own). */
function bodyContent(documentXml: string): string {
  const start = documentXml.indexOf('<w:body>')
  const end = documentXml.lastIndexOf('</w:body>')
  if (start < 0 || end < 0) throw new Error('A record page could not be read back (no document body).')
  let body = documentXml.slice(start + '<w:body>'.length, end)
  const sect = body.lastIndexOf('<w:sectPr')
  if (sect >= 0 && body.slice(sect).trimEnd().endsWith('</w:sectPr>')) body = body.slice(0, sect)
  return body
}

/** The record starts on a new page: `pageBreakBefore` on its first paragraph, in schema order. */
function breakBeforeFirstParagraph(body: string): string {
  const m = /<w:p(?=[\s>])[^>]*>/.exec(body)
  if (!m) return body
  const at = m.index + m[0].length
  const rest = body.slice(at)
  if (rest.startsWith('<w:pPr>')) {
    // pStyle, keepNext and keepLines come before pageBreakBefore.
    const lead = /^<w:pPr>((?:<w:pStyle[^>]*\/>)?(?:<w:keepNext[^>]*\/>)?(?:<w:keepLines[^>]*\/>)?)/.exec(rest)!
    return `${body.slice(0, at)}<w:pPr>${lead[1]}<w:pageBreakBefore/>${rest.slice(lead[0].length)}`
  }
  return `${body.slice(0, at)}<w:pPr><w:pageBreakBefore/></w:pPr>${rest}`
}

interface Relationship {
  id: string
  type: string
  target: string
  external: boolean
}

function parseRelationships(xml: string): Relationship[] {
  const out: Relationship[] = []
  for (const m of xml.matchAll(/<Relationship\b([^>]*?)\/?>/g)) {
    const attrs = m[1] ?? ''
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1] ?? ''
    out.push({ id: attr('Id'), type: attr('Type'), target: attr('Target'), external: attr('TargetMode') === 'External' })
  }
  return out
}

const IMAGE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image'
const HYPERLINK_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink'

const xmlAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

/**
 * One record's body ready for the frame: its images copied under new names into `files`, their
 * relationships (with new ids) returned for the frame's relationship part.
 */
function adoptRecord(recordFiles: Unzipped, index: number, files: Unzipped): { body: string; relationships: string[] } {
  const documentXml = strFromU8(recordFiles['word/document.xml'] ?? new Uint8Array())
  let body = breakBeforeFirstParagraph(bodyContent(documentXml))
  const rels = parseRelationships(strFromU8(recordFiles['word/_rels/document.xml.rels'] ?? strToU8('')))
  const relationships: string[] = []
  const renames = new Map<string, string>()
  for (const rel of rels) {
    if (rel.type !== IMAGE_REL && rel.type !== HYPERLINK_REL) continue
    const id = `rQv${index}x${rel.id.replace(/[^A-Za-z0-9]/g, '')}`
    renames.set(rel.id, id)
    if (rel.type === IMAGE_REL && !rel.external) {
      const source = `word/${rel.target.replace(/^\/?word\//, '')}`
      const bytes = recordFiles[source]
      if (!bytes) continue
      const fileName = `qv${index}_${source.split('/').pop()!}`
      files[`word/media/${fileName}`] = bytes
      relationships.push(`<Relationship Id="${id}" Type="${IMAGE_REL}" Target="media/${xmlAttr(fileName)}"/>`)
    } else {
      relationships.push(`<Relationship Id="${id}" Type="${rel.type}" Target="${xmlAttr(rel.target)}"${rel.external ? ' TargetMode="External"' : ''}/>`)
    }
  }
  if (renames.size > 0) {
    body = body.replace(/\br:(embed|link|id)="([^"]+)"/g, (whole, attr: string, id: string) => {
      const renamed = renames.get(id)
      return renamed ? `r:${attr}="${renamed}"` : whole
    })
  }
  return { body, relationships }
}

/** Drawing ids must be unique in a document; each record numbered its own from 1. */
function renumberDrawings(xml: string): string {
  let n = 0
  return xml.replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++n}"`)
}

/** Every image extension the records use has a content type (the frame itself may have no image). */
function ensureImageContentTypes(contentTypesXml: string, files: Unzipped): string {
  const types: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', bmp: 'image/bmp' }
  let xml = contentTypesXml
  const extensions = new Set(Object.keys(files).filter((f) => f.startsWith('word/media/')).map((f) => f.split('.').pop()!.toLowerCase()))
  for (const ext of extensions) {
    if (new RegExp(`Extension="${escapeRegExp(ext)}"`, 'i').test(xml)) continue
    xml = xml.replace('</Types>', `<Default Extension="${xmlAttr(ext)}" ContentType="${types[ext] ?? 'application/octet-stream'}"/></Types>`)
  }
  return xml
}

/**
 * The bound volume as DOCX bytes. `records` may come in any order (finished records of one quarter);
 * each page is what `buildRecordDocx` makes of that record with its assets.
 */
export async function buildQuarterVolumeDocx(records: readonly VolumeRecord[], meta: QuarterVolumeMeta, locale: Locale): Promise<Uint8Array> {
  const books = volumeBooks(records)
  const files = unzipSync(new Uint8Array(await Packer.toArrayBuffer(frameDocument(books, meta, locale))))
  let documentXml = strFromU8(files['word/document.xml']!)
  const relationships: string[] = []

  let index = 0
  for (const book of books) {
    for (const { record, assets } of book.records) {
      const kindLabel = kindById(record.kind)?.label[locale] ?? record.kind
      const recordFiles = unzipSync(await buildRecordDocx(record, kindLabel, locale, assets ?? {}))
      const adopted = adoptRecord(recordFiles, index, files)
      relationships.push(...adopted.relationships)
      const marker = new RegExp(`<w:p(?=[\\s>])(?:(?!<w:p[\\s>]).)*?${placeholder(index)}.*?</w:p>`, 's')
      if (!marker.test(documentXml)) throw new Error(`The volume's place for record ${index + 1} was not found.`)
      // A function replacement: the body is inserted as is (no `$` patterns interpreted).
      documentXml = documentXml.replace(marker, () => adopted.body)
      index++
    }
  }

  files['word/document.xml'] = strToU8(renumberDrawings(documentXml))
  const relsPath = 'word/_rels/document.xml.rels'
  files[relsPath] = strToU8(strFromU8(files[relsPath]!).replace('</Relationships>', `${relationships.join('')}</Relationships>`))
  files['[Content_Types].xml'] = strToU8(ensureImageContentTypes(strFromU8(files['[Content_Types].xml']!), files))
  return zipSync(files, { level: 6 })
}
