// Parses pasted inspection feedback (巡察反馈意见) or a published 整改情况通报 into the ledger's shape,
// defensively: the text comes from Word, PDFs and WeChat, with any of the usual numbering styles and
// paste damage. Whatever cannot be placed is returned in `unplaced` for the user to see — never silently
// dropped or appended to a finding. The user confirms (and fixes) the result before anything is saved.
//
// A text with 整改落实情况 paragraphs is a report (reportParser.ts): findings with their measures, the
// opening's facts, totals, contact and publisher. Otherwise it is feedback (findings only), read below.
//
// Feedback numbering hierarchy: 一、 → （一） → 1. / 1、 → （1） → ①.
// - `一、` headings are categories; `（一）` under them are sub-headings (sections).
// - Without any `一、`, the `（一）` headings are the categories.
// - The highest item style present (1. beats （1） beats ①) marks the findings; lower styles stay text
//   inside the finding they belong to, as do inline 一是…二是… enumerations.
// - A `（一）` sub-heading with no items under it is itself a finding (a common shape of feedback texts).
// - Items before any heading go to an implicit, untitled category the user must name.
import type { IsoDate } from '@/domain/types'
import type { MeasureStatus } from './types'
import { IMPLEMENTATION, TRAILING_PUNCT, prepareLines, readOpening, readTitle, splitTitle, type ContactFacts, type InspectionFacts, type SourceLine, type TotalsFacts } from './pastedText'
import { parseReportLines } from './reportParser'

export interface ParsedMeasure {
  text: string
  /** Only when the text said so (目前正在推进, 将长期坚持: the composer's own suffixes). */
  status?: MeasureStatus
  lineNo: number
}

export interface ParsedFinding {
  title: string
  detail?: string
  /** The sub-heading (（一）…) the finding stood under, when it had one. */
  section?: string
  lineNo: number
  /** The number as written (absent for an unnumbered finding). */
  number?: number
  /** Measures read from its 整改落实情况 (reports only). */
  measures?: ParsedMeasure[]
}

export interface ParsedSection {
  title: string
  detail?: string
  lineNo: number
}

export interface ParsedCategory {
  /** Empty when `implicit`. */
  title: string
  detail?: string
  /** Items stood before any heading: the user has to name this category. */
  implicit?: boolean
  sections?: ParsedSection[]
  /** Every finding of the category in document order (those under sub-headings carry `section`). */
  findings: ParsedFinding[]
  lineNo: number
}

export interface UnplacedLine {
  line: string
  /** 1-based line number in the pasted text. */
  lineNo: number
}

/** A heading above the categories (一、巡察反馈问题整改落实情况; 二、下一步工作打算 with its text). */
export interface ParsedPart {
  title: string
  detail?: string
  lineNo: number
}

export type ParseNoticeCode =
  | 'unnumbered-finding' // a finding without a number, recognised by its shape
  | 'number-repeated' // the same number twice in a row
  | 'number-skipped' // a number left out
  | 'number-out-of-order'
  | 'finding-without-title' // 整改落实情况 with no finding line before it
  | 'measure-intro' // text before 一是 kept as a measure of its own

export interface ParseNotice {
  code: ParseNoticeCode
  lineNo: number
  /** The number as written, and the one the parse gave it. */
  found?: string
  used?: string
}

export interface ParsedFeedback {
  /** 'report': a 整改情况通报 (findings with measures); 'feedback': findings only. */
  genre?: 'feedback' | 'report'
  title?: string
  /** The opening paragraph (reports), placed as it is; its facts are in `facts`. */
  opening?: { text: string; lineNo: number }
  facts?: InspectionFacts
  parts?: ParsedPart[]
  categories: ParsedCategory[]
  totals?: TotalsFacts & { text: string; lineNo: number }
  closing?: ContactFacts & { text: string; lineNo: number }
  publisher?: { name: string; lineNo: number }
  reportDate?: { date: IsoDate; lineNo: number }
  unplaced: UnplacedLine[]
  /** Repairs the parse made (numbers, unnumbered findings) for the person to check. */
  notices?: ParseNotice[]
}

const CN_NUM = '一二三四五六七八九十百零〇'
const H1 = new RegExp(`^[${CN_NUM}]+\\s*[、．.]\\s*`)
const H2 = new RegExp(`^[（(]\\s*[${CN_NUM}]+\\s*[）)]\\s*`)
/** Item styles by rank: 1 = `1.` / `1、`, 2 = `（1）` / `1）`, 3 = `①`. */
const ITEM_STYLES: readonly { rank: number; re: RegExp }[] = [
  { rank: 1, re: /^\d{1,3}\s*[.．、](?:(?!\d)|(?=\d{1,4}\s*[年月]))\s*/ },
  { rank: 2, re: /^(?:[（(]\s*\d{1,3}\s*[）)]|\d{1,3}[）)])\s*/ },
  { rank: 3, re: /^[\u2460-\u2473]\s*/ },
]

/** Page numbers and date-only lines (the signature date): page furniture, never content. */
const NOISE = [
  /^[-—－–_\s]*\d{1,4}[-—－–_\s]*$/,
  /^第\s*\d+\s*页/,
  /^\d+\s*\/\s*\d+$/,
  new RegExp(`^(?:\\d{4}|[${CN_NUM}]{4})\\s*年\\s*[\\d${CN_NUM}]{1,3}\\s*月\\s*[\\d${CN_NUM}]{1,3}\\s*日$`),
]
/** The closing part of a feedback text: 特此反馈 / 以上 / 附件 and the issuer's signature. */
const CLOSING = /^(?:特此|以上意见|附件\s*[:：\d]|此页无正文)/
const SIGNATURE = /^[^，。；：,;:!?！？]{2,30}(?:巡察组|巡察办|委员会|党委|党工委|党组|办公室|纪委)$/

const TERMINAL = /[。！？!?；;：:”」』）)]$/
const WRAP_MIN_CHARS = 20

type LineKind = 'blank' | 'noise' | 'h1' | 'h2' | 'item' | 'lower-item' | 'text'

interface ClassifiedLine {
  kind: LineKind
  text: string // the trimmed line
  body: string // the text after the marker
  rank?: number
  lineNo: number
}

/** Text accumulated for one heading or item: the marker line's body plus what follows. */
interface TextNode {
  raw: string
  lineNo: number
  /** Headings are one line: what follows is detail. Items may be wrapped lines of one sentence. */
  heading: boolean
  lastLineLength: number
}

interface SectionNode extends TextNode {
  findings: TextNode[]
}

interface CategoryNode extends TextNode {
  implicit: boolean
  /** Sub-headings and direct findings in document order. */
  entries: ({ type: 'section'; node: SectionNode } | { type: 'finding'; node: TextNode })[]
}

function classify(original: string, lineNo: number): ClassifiedLine {
  const text = original
  if (!text) return { kind: 'blank', text, body: '', lineNo }
  const probe = text
  if (NOISE.some((re) => re.test(probe))) return { kind: 'noise', text, body: text, lineNo }
  const h1 = H1.exec(probe)
  if (h1 && !/^[一二三四五六七八九十]+是/.test(probe)) return { kind: 'h1', text, body: text.slice(h1[0].length), lineNo }
  const h2 = H2.exec(probe)
  if (h2) return { kind: 'h2', text, body: text.slice(h2[0].length), lineNo }
  for (const style of ITEM_STYLES) {
    const m = style.re.exec(probe)
    if (m) return { kind: 'item', text, body: text.slice(m[0].length), rank: style.rank, lineNo }
  }
  return { kind: 'text', text, body: text, lineNo }
}

function newNode(body: string, lineNo: number, heading: boolean): TextNode {
  return { raw: body, lineNo, heading, lastLineLength: body.length }
}

function append(node: TextNode, line: string, afterBlank: boolean, startsEnumeration: boolean): void {
  if (!node.raw) {
    node.raw = line // a heading marker alone on its line: its title is the next line
  } else {
    // A long line without closing punctuation followed directly by more text is a wrapped sentence
    // (copied from a PDF); anything else starts a new line of the detail.
    const wrapped = !node.heading && !afterBlank && !startsEnumeration && node.lastLineLength >= WRAP_MIN_CHARS && !TERMINAL.test(node.raw)
    node.raw += (wrapped ? '' : '\n') + line
  }
  node.lastLineLength = line.length
}

export function parseFeedback(text: string): ParsedFeedback {
  const source = prepareLines(text)
  if (source.some((l) => IMPLEMENTATION.test(l.text))) return parseReportLines(source)
  const parsed = parseFindingsOnly(source)
  // The preamble (shown as unplaced) often says who inspected whom and when: read it, and the title.
  const firstHeading = parsed.categories[0]?.lineNo ?? Infinity
  const preamble = parsed.unplaced.filter((u) => u.lineNo < firstHeading).map((u) => u.line).join('\n')
  const facts = { ...(parsed.title ? readTitle(parsed.title) : {}), ...(preamble ? dropEmpty(readOpening(preamble)) : {}) }
  return { ...parsed, ...(Object.keys(facts).length ? { facts } : {}) }
}


function dropEmpty<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>
}

function parseFindingsOnly(source: readonly SourceLine[]): ParsedFeedback {
  const lines = source.map((l) => classify(l.text, l.lineNo))

  const hasH1 = lines.some((l) => l.kind === 'h1')
  const hasH2 = lines.some((l) => l.kind === 'h2')
  const itemRanks = lines.filter((l) => l.kind === 'item').map((l) => l.rank ?? 99)
  const findingRank = itemRanks.length ? Math.min(...itemRanks) : undefined
  for (const l of lines) if (l.kind === 'item' && l.rank !== findingRank) l.kind = 'lower-item'
  const categoryKind: LineKind | undefined = hasH1 ? 'h1' : hasH2 ? 'h2' : undefined

  let title: string | undefined
  const unplaced: UnplacedLine[] = []
  const categories: CategoryNode[] = []
  let category: CategoryNode | undefined
  let section: SectionNode | undefined
  let finding: TextNode | undefined
  let afterBlank = false
  let preambleLines = 0
  let closed = false // after 特此反馈 / the signature, stray text is not content

  const openImplicitCategory = (lineNo: number): CategoryNode => {
    const c: CategoryNode = { ...newNode('', lineNo, true), implicit: true, entries: [] }
    categories.push(c)
    return c
  }

  for (const line of lines) {
    if (line.kind === 'blank') {
      afterBlank = true
      continue
    }
    const wasBlank = afterBlank
    afterBlank = false
    if (line.kind === 'noise') {
      unplaced.push({ line: line.text, lineNo: line.lineNo })
      continue
    }
    if (line.kind === categoryKind) {
      category = { ...newNode(line.body, line.lineNo, true), implicit: false, entries: [] }
      categories.push(category)
      section = undefined
      finding = undefined
      closed = false
      continue
    }
    if (line.kind === 'h2') {
      // Only reached when 一、 headings exist: a sub-heading within the current category.
      category ??= openImplicitCategory(line.lineNo)
      section = { ...newNode(line.body, line.lineNo, true), findings: [] }
      category.entries.push({ type: 'section', node: section })
      finding = undefined
      closed = false
      continue
    }
    if (line.kind === 'item') {
      category ??= openImplicitCategory(line.lineNo)
      finding = newNode(line.body, line.lineNo, false)
      if (section) section.findings.push(finding)
      else category.entries.push({ type: 'finding', node: finding })
      closed = false
      continue
    }
    // Plain text (or a lower-level item, or an 一是… line).
    const structureSeen = categories.length > 0
    if (!structureSeen) {
      // The first line of the preamble is the document's title; the rest of it is shown as unplaced.
      if (preambleLines++ === 0) title = line.text.replace(TRAILING_PUNCT, '')
      else unplaced.push({ line: line.text, lineNo: line.lineNo })
      continue
    }
    if (closed || CLOSING.test(line.text) || (wasBlank && SIGNATURE.test(line.text))) {
      closed = true
      unplaced.push({ line: line.text, lineNo: line.lineNo })
      continue
    }
    const target: TextNode | undefined = finding ?? section ?? category
    if (!target) {
      unplaced.push({ line: line.text, lineNo: line.lineNo })
      continue
    }
    const enumeration = line.kind === 'lower-item' || /^[一二三四五六七八九十]+是/.test(line.text)
    append(target, line.text, wasBlank, enumeration)
  }

  return { ...(title ? { title } : {}), categories: categories.map(finishCategory), unplaced }
}

function finishCategory(c: CategoryNode): ParsedCategory {
  const head = c.implicit ? { title: c.raw.trim() } : splitTitle(c.raw)
  const sections: ParsedSection[] = []
  const findings: ParsedFinding[] = []
  for (const entry of c.entries) {
    if (entry.type === 'finding') {
      findings.push({ ...splitTitle(entry.node.raw), lineNo: entry.node.lineNo })
      continue
    }
    const s = splitTitle(entry.node.raw)
    if (entry.node.findings.length === 0) {
      findings.push({ ...s, lineNo: entry.node.lineNo }) // a sub-heading without items is the finding
      continue
    }
    sections.push({ ...s, lineNo: entry.node.lineNo })
    for (const f of entry.node.findings) findings.push({ ...splitTitle(f.raw), section: s.title, lineNo: f.lineNo })
  }
  return {
    title: c.implicit ? '' : head.title,
    ...(head.detail ? { detail: head.detail } : {}),
    ...(c.implicit ? { implicit: true } : {}),
    ...(sections.length ? { sections } : {}),
    findings,
    lineNo: c.lineNo,
  }
}
