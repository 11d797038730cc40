// Reads a published 整改情况通报 (or any feedback text with 整改落实情况 paragraphs) into the ledger's shape:
// the title, the opening and its facts, the categories, each finding with its measures (split at
// 一是/二是/三是…, or at lower-level items, or one measure when there is neither), the totals, the closing
// contact, the publisher and the date. Every line is placed somewhere or returned as unplaced; numbering
// repairs and unnumbered findings are reported as notices for the person to check.
//
// Which heading level holds the findings is read from the text itself: the level of the numbered line
// that stands just before each 整改落实情况. The level above it holds the categories; levels above that
// are parts of the document (一、巡察反馈问题整改落实情况). Levels below it inside 整改落实情况 are measures.
import type { ParseNotice, ParsedCategory, ParsedFeedback, ParsedFinding, ParsedMeasure, ParsedPart, UnplacedLine } from './feedbackParser'
import {
  DATE_ONLY,
  IMPLEMENTATION,
  TOTALS_LINE,
  TRAILING_PUNCT,
  chineseToNumber,
  readContact,
  readDate,
  readOpening,
  readTotals,
  splitTitle,
  type SourceLine,
} from './pastedText'
import { REPORT_TEMPLATES } from './reportTemplates'
import type { MeasureStatus } from './types'

type Kind = 'blank' | 'noise' | 'date' | 'heading' | 'impl' | 'totals' | 'closing' | 'text'

interface Line {
  kind: Kind
  text: string
  /** Text after the marker (headings, 整改落实情况). */
  body: string
  lineNo: number
  /** Headings: 0 一、 · 1 （一） · 2 1. · 3 （1） · 4 ①. */
  level?: number
  num?: number
  /** Length of the last physical line, for re-joining lines a PDF wrapped. */
  lastLength: number
  cut?: boolean
}

const CN = '一二三四五六七八九十'
const HEADINGS: readonly { level: number; re: RegExp; num: (m: RegExpExecArray) => number | undefined }[] = [
  { level: 0, re: new RegExp(`^([${CN}]{1,3})\\s*[、．.]\\s*`), num: (m) => chineseToNumber(m[1] ?? '') },
  { level: 1, re: new RegExp(`^[（(]\\s*([${CN}]{1,3})\\s*[）)]\\s*`), num: (m) => chineseToNumber(m[1] ?? '') },
  { level: 2, re: /^(\d{1,3})\s*[.．、](?:(?!\d)|(?=\d{1,4}\s*[年月]))\s*/, num: (m) => Number(m[1]) },
  { level: 3, re: /^(?:[（(]\s*(\d{1,3})\s*[）)]|(\d{1,3})[）)])\s*/, num: (m) => Number(m[1] ?? m[2]) },
  { level: 4, re: /^([\u2460-\u2473])\s*/, num: (m) => (m[1] ? m[1].charCodeAt(0) - 0x245f : undefined) },
]
const NOISE = [/^[-—－–_\s]*\d{1,4}[-—－–_\s]*$/, /^第\s*\d+\s*页/, /^\d+\s*\/\s*\d+$/]
const CLOSING = /^(?:欢迎.{0,30}监督|如有意见|联系电话|联系人|电子邮箱|电子信箱|邮政信箱|来信地址|通信地址|特此通报|特此反馈)/
const PUBLISHER = /^[^，,。；;：:！？!?]{2,40}$/
const TERMINAL = /[。！？!?；;：:”」』）)]$/
const ORDINAL = (n: number) => new RegExp(`(^|[；;。，,：:\\s])${cnNumber(n)}是`)

function cnNumber(n: number): string {
  const digits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九']
  if (n < 10) return digits[n] ?? ''
  return `${n >= 20 ? digits[Math.floor(n / 10)] : ''}十${digits[n % 10]}`
}

function classify(source: SourceLine): Line {
  const { text, lineNo } = source
  const base = { text, body: text, lineNo, lastLength: text.length, ...(source.cut ? { cut: true } : {}) }
  if (!text) return { ...base, kind: 'blank' }
  if (NOISE.some((re) => re.test(text))) return { ...base, kind: 'noise' }
  if (DATE_ONLY.test(text)) return { ...base, kind: 'date' }
  const impl = IMPLEMENTATION.exec(text)
  if (impl) return { ...base, kind: 'impl', body: text.slice(impl[0].length) }
  for (const h of HEADINGS) {
    const m = h.re.exec(text)
    if (!m || (h.level === 0 && /^[一二三四五六七八九十]+是/.test(text))) continue
    return { ...base, kind: 'heading', body: text.slice(m[0].length), level: h.level, num: h.num(m) }
  }
  if (TOTALS_LINE.test(text)) return { ...base, kind: 'totals' }
  if (CLOSING.test(text)) return { ...base, kind: 'closing' }
  return { ...base, kind: 'text' }
}

/**
 * Lines a PDF wrapped at a fixed width are joined again: a line as long as the widest lines (when many
 * lines share that width), or a long line without closing punctuation, continues on the next text line.
 */
function joinWrapped(lines: Line[]): Line[] {
  const lengths = lines.filter((l) => l.kind !== 'blank').map((l) => l.text.length)
  const widest = Math.max(0, ...lengths)
  const atWidth = lengths.filter((n) => n >= widest - 1).length
  // A PDF page holds some 25–45 Chinese characters a line; Word paragraphs are far longer than that.
  const wrapWidth = widest >= 20 && widest <= 60 && atWidth >= 3 && atWidth >= lengths.length * 0.3 ? widest - 1 : Infinity
  const out: Line[] = []
  for (const line of lines) {
    const prev = out.at(-1)
    const continues =
      prev !== undefined &&
      line.kind === 'text' &&
      !line.cut &&
      (prev.kind === 'text' || prev.kind === 'impl' || prev.kind === 'heading' || prev.kind === 'totals' || prev.kind === 'closing') &&
      // A line ending in a comma never ends a paragraph.
      (prev.lastLength >= wrapWidth || (prev.lastLength >= 20 && !TERMINAL.test(prev.text)) || /[，,、]$/.test(prev.text))
    if (continues) {
      prev.text += line.text
      prev.body += line.text
      prev.lastLength = line.text.length
    } else {
      out.push({ ...line })
    }
  }
  return out
}

interface FindingNode {
  head: string
  detail: string[]
  lineNo: number
  number?: number
  /** The 整改落实情况 text: its lines, those starting with a lower-level item marked `item`. */
  impl?: { chunks: { text: string; lineNo: number; item?: boolean }[]; lineNo: number }
}
interface CategoryNode {
  head: string
  detail: string[]
  lineNo: number
  implicit: boolean
  findings: FindingNode[]
  lastNumber: number
}

/** The heading level of the findings: the level that most often stands right before 整改落实情况. */
function findingLevelOf(lines: readonly Line[]): number | undefined {
  const votes = new Map<number, number>()
  let last: number | undefined
  for (const l of lines) {
    if (l.kind === 'heading' && l.level !== undefined) last = l.level
    if (l.kind === 'impl') {
      if (last !== undefined) votes.set(last, (votes.get(last) ?? 0) + 1)
      last = undefined
    }
  }
  let best: number | undefined
  for (const [level, n] of votes) if (best === undefined || n > (votes.get(best) ?? 0)) best = level
  return best
}

const STATUS_SUFFIXES: readonly [string, MeasureStatus][] = (
  Object.entries(REPORT_TEMPLATES['zh-CN'].statusSuffix) as [MeasureStatus, string][]
)
  .filter(([, suffix]) => suffix.length > 0)
  .map(([status, suffix]) => [suffix.replace(/^[，,]/, ''), status])

function cleanMeasure(text: string, lineNo: number): ParsedMeasure {
  let t = text.replace(TRAILING_PUNCT, '').replace(/^[\s：:，,]+/, '')
  let status: MeasureStatus | undefined
  for (const [suffix, s] of STATUS_SUFFIXES) {
    if (t.endsWith(suffix)) {
      t = t.slice(0, -suffix.length).replace(TRAILING_PUNCT, '')
      status = s
    }
  }
  return status ? { text: t, status, lineNo } : { text: t, lineNo }
}

/** 一是…；二是…；三是… → the measures, in order; undefined when the text has no 一是. */
function splitOrdinals(text: string): { intro: string; items: string[] } | undefined {
  const first = ORDINAL(1).exec(text)
  if (!first) return undefined
  const starts: number[] = [first.index + (first[1]?.length ?? 0)]
  for (let n = 2; ; n++) {
    const re = ORDINAL(n)
    const from = starts.at(-1) ?? 0
    const m = re.exec(text.slice(from))
    if (!m) break
    starts.push(from + m.index + (m[1]?.length ?? 0))
  }
  const items = starts.map((at, i) => {
    const end = starts[i + 1] ?? text.length
    const ordinalLength = cnNumber(i + 1).length + 1
    return text.slice(at + ordinalLength, end)
  })
  return { intro: text.slice(0, starts[0]), items }
}

/**
 * Lines of plain text in a row are one paragraph when 一是/二是… run across them (one measure per line,
 * each line ending with ；); without ordinals each line (paragraph) is a measure of its own.
 */
function paragraphsOf(chunks: readonly { text: string; lineNo: number; item?: boolean }[]): { text: string; lineNo: number }[] {
  const out: { text: string; lineNo: number }[] = []
  let run: { text: string; lineNo: number }[] = []
  const flush = () => {
    const joined = run.map((c) => c.text).join('\n')
    if (run.length > 1 && (splitOrdinals(joined)?.items.length ?? 0) > 1) out.push({ text: joined, lineNo: run[0]?.lineNo ?? 0 })
    else out.push(...run)
    run = []
  }
  for (const c of chunks) {
    if (c.item) {
      flush()
      out.push(c)
    } else run.push(c)
  }
  flush()
  return out
}

function measuresOf(finding: FindingNode, notices: ParseNotice[]): ParsedMeasure[] {
  const out: ParsedMeasure[] = []
  for (const chunk of paragraphsOf(finding.impl?.chunks ?? [])) {
    const split = splitOrdinals(chunk.text)
    if (!split) {
      if (chunk.text.replace(TRAILING_PUNCT, '').trim()) out.push(cleanMeasure(chunk.text, chunk.lineNo))
      continue
    }
    if (split.intro.replace(TRAILING_PUNCT, '').trim()) {
      notices.push({ code: 'measure-intro', lineNo: chunk.lineNo })
      out.push(cleanMeasure(split.intro, chunk.lineNo))
    }
    for (const item of split.items) out.push(cleanMeasure(item, chunk.lineNo))
  }
  // The composer's own "measures are being drawn up" is no measure.
  return out.filter((m) => m.text.length > 0 && m.text !== NO_MEASURES)
}

const NO_MEASURES = REPORT_TEMPLATES['zh-CN'].noMeasures.replace(TRAILING_PUNCT, '')

function numberNotice(found: number | undefined, position: number, previous: number, lineNo: number): ParseNotice | undefined {
  if (found === undefined || found === position) return undefined
  const code = found === previous ? 'number-repeated' : found > position ? 'number-skipped' : 'number-out-of-order'
  return { code, lineNo, found: String(found), used: String(position) }
}

/** The last sentence of a measures paragraph that ran into the next finding's title (one-line pastes). */
function takeLastSentence(text: string): { rest: string; last: string } | undefined {
  const body = text.replace(/[\s]+$/, '')
  const end = body.replace(/[。！？]$/, '').lastIndexOf('。')
  if (end < 0) return undefined
  const last = body.slice(end + 1).trim()
  if (!last || ORDINAL(1).test(last) || /^[二三四五六七八九十]是/.test(last)) return undefined
  return { rest: body.slice(0, end + 1), last }
}

/** The closing as two paragraphs whatever the line breaks were: the invitation, then the contact. */
function closingParagraphs(text: string): string {
  return text.replace(/([。！？])(?=(?:联系电话|联系人|邮政信箱|电子邮箱|电子信箱|来信地址|通信地址)\s*[:：])/, '$1\n')
}

export function parseReportLines(source: readonly SourceLine[]): ParsedFeedback {
  const lines = joinWrapped(source.map(classify))
  const content = lines.filter((l) => l.kind !== 'blank')
  const findingLevel = findingLevelOf(content)
  const headingLevels = [...new Set(content.filter((l) => l.kind === 'heading').map((l) => l.level ?? 0))]
  const above = headingLevels.filter((lv) => findingLevel === undefined || lv < findingLevel)
  const categoryLevel = findingLevel === undefined ? Math.max(-1, ...headingLevels) : above.length ? Math.max(...above) : undefined

  const unplaced: UnplacedLine[] = []
  const notices: ParseNotice[] = []
  const parts: (ParsedPart & { details: string[] })[] = []
  const categories: CategoryNode[] = []
  let title: { text: string; lineNo: number } | undefined
  const opening: { text: string; lineNo: number }[] = []
  let totals: { text: string; lineNo: number } | undefined
  let closing: { text: string; lineNo: number } | undefined
  let publisher: { name: string; lineNo: number } | undefined
  let reportDate: { date: string; lineNo: number } | undefined
  let category: CategoryNode | undefined
  let finding: FindingNode | undefined
  let part: (ParsedPart & { details: string[] }) | undefined
  let stage: 'front' | 'body' | 'totals' | 'closing' = 'front'
  let lastCategoryNumber = 0

  const unplace = (l: Line) => unplaced.push({ line: l.text, lineNo: l.lineNo })
  const currentCategory = (lineNo: number): CategoryNode => {
    if (!category) {
      category = { head: '', detail: [], lineNo, implicit: true, findings: [], lastNumber: 0 }
      categories.push(category)
    }
    return category
  }
  const startFinding = (head: string, lineNo: number, number?: number): FindingNode => {
    const c = currentCategory(lineNo)
    const node: FindingNode = { head, detail: [], lineNo, ...(number !== undefined ? { number } : {}) }
    c.findings.push(node)
    if (number === undefined) notices.push({ code: 'unnumbered-finding', lineNo, used: String(c.findings.length) })
    else {
      const notice = numberNotice(number, c.findings.length, c.lastNumber, lineNo)
      if (notice) notices.push(notice)
      c.lastNumber = number
    }
    finding = node
    part = undefined
    stage = 'body'
    return node
  }

  content.forEach((original, index) => {
    const next = content[index + 1]
    // After the totals or the closing, a lower-level item is just text of that paragraph.
    const lower = original.kind === 'heading' && findingLevel !== undefined && (original.level ?? 0) > findingLevel
    const line: Line = lower && (stage === 'totals' || stage === 'closing') ? { ...original, kind: 'text' } : original
    if (line.kind === 'noise') return unplace(line)

    if (line.kind === 'heading') {
      const level = line.level ?? 0
      if (findingLevel !== undefined && level > findingLevel) {
        // Lower-level items: measures inside 整改落实情况, else part of the text they stand in.
        if (finding?.impl) finding.impl.chunks.push({ text: line.body, lineNo: line.lineNo, item: true })
        else if (finding) finding.detail.push(line.text)
        else if (category) category.detail.push(line.text)
        else unplace(line)
        return
      }
      if (level === findingLevel) {
        startFinding(line.body, line.lineNo, line.num)
        return
      }
      if (level === categoryLevel) {
        const position = categories.filter((c) => !c.implicit).length + 1
        const notice = numberNotice(line.num, position, lastCategoryNumber, line.lineNo)
        if (notice) notices.push(notice)
        lastCategoryNumber = line.num ?? lastCategoryNumber
        category = { head: line.body, detail: [], lineNo: line.lineNo, implicit: false, findings: [], lastNumber: 0 }
        categories.push(category)
        finding = undefined
        part = undefined
        stage = 'body'
        return
      }
      // A part of the document above the categories.
      part = { title: line.body, details: [], lineNo: line.lineNo }
      parts.push(part)
      category = undefined
      finding = undefined
      stage = 'body'
      return
    }

    if (line.kind === 'impl') {
      if (finding?.impl) {
        // Two 整改落实情况 in a row: the last sentence before this one is an unnumbered finding.
        const chunk = finding.impl.chunks.at(-1)
        const split = chunk ? takeLastSentence(chunk.text) : undefined
        if (chunk && split) {
          chunk.text = split.rest
          startFinding(split.last, chunk.lineNo)
        } else {
          notices.push({ code: 'finding-without-title', lineNo: line.lineNo })
          startFinding('', line.lineNo, undefined)
          notices.pop()
        }
      } else if (!finding) {
        notices.push({ code: 'finding-without-title', lineNo: line.lineNo })
        startFinding('', line.lineNo, undefined)
        notices.pop()
      }
      const f = finding as FindingNode | undefined
      if (f) f.impl = { chunks: line.body ? [{ text: line.body, lineNo: line.lineNo }] : [], lineNo: line.lineNo }
      return
    }

    if (line.kind === 'totals' && stage !== 'front') {
      totals = totals ? { ...totals, text: `${totals.text}\n${line.text}` } : { text: line.text, lineNo: line.lineNo }
      finding = undefined
      stage = 'totals'
      return
    }

    if (line.kind === 'closing' && stage !== 'front') {
      closing = closing ? { ...closing, text: closing.text + line.text } : { text: line.text, lineNo: line.lineNo }
      finding = undefined
      stage = 'closing'
      return
    }

    if (line.kind === 'date') {
      if (stage === 'closing' && !reportDate) {
        const date = readDate(line.text)
        if (date) {
          reportDate = { date, lineNo: line.lineNo }
          return
        }
      }
      return unplace(line)
    }

    // Plain text.
    if (stage === 'front') {
      if (!title && opening.length === 0 && line.text.length <= 80 && !/^(?:根据|按照|为|\d{4}\s*年)/.test(line.text) && !/[。；]$/.test(line.text)) {
        title = { text: line.text.replace(TRAILING_PUNCT, ''), lineNo: line.lineNo }
      } else {
        opening.push({ text: line.text, lineNo: line.lineNo })
      }
      return
    }
    if (stage === 'totals') {
      if (totals) totals.text += `\n${line.text}`
      return
    }
    if (stage === 'closing') {
      if (!publisher && !reportDate && PUBLISHER.test(line.text)) publisher = { name: line.text, lineNo: line.lineNo }
      else if (/[:：]/.test(line.text) && closing && !publisher) closing.text += line.text
      else unplace(line)
      return
    }
    // In the body: a line standing right before 整改落实情况, after another finding's measures (or with
    // no finding yet), is a finding that lost its number.
    if (next?.kind === 'impl' && (!finding || finding.impl) && !/^[一二三四五六七八九十]+是/.test(line.text)) {
      startFinding(line.text, line.lineNo)
      return
    }
    if (finding?.impl) finding.impl.chunks.push({ text: line.text, lineNo: line.lineNo })
    else if (finding) finding.detail.push(line.text)
    else if (category) category.detail.push(line.text)
    else if (part) part.details.push(line.text)
    else unplace(line)
  })

  // Measures that continue over several lines of one chunk are one paragraph: join their lines.
  const finished: ParsedCategory[] = categories.map((c) => {
    const head = c.implicit ? { title: '', ...(c.detail.length ? { detail: c.detail.join('\n') } : {}) } : splitTitle([c.head, ...c.detail].join('\n'))
    const findings: ParsedFinding[] = c.findings.map((f) => {
      const t = splitTitle([f.head, ...f.detail].join('\n'))
      const measures = f.impl ? measuresOf(f, notices) : undefined
      return {
        ...t,
        lineNo: f.lineNo,
        ...(f.number !== undefined ? { number: f.number } : {}),
        ...(measures ? { measures } : {}),
      }
    })
    return { title: head.title, ...(head.detail ? { detail: head.detail } : {}), ...(c.implicit ? { implicit: true } : {}), findings, lineNo: c.lineNo }
  })

  const openingText = opening.map((o) => o.text).join('\n')
  const facts = readOpening(openingText)
  return {
    genre: 'report',
    ...(title ? { title: title.text } : {}),
    ...(opening.length ? { opening: { text: openingText, lineNo: opening[0]?.lineNo ?? 1 } } : {}),
    facts,
    parts: parts.map(({ details, ...p }) => (details.length ? { ...p, detail: details.join('\n') } : p)),
    categories: finished,
    ...(totals ? { totals: { ...readTotals(totals.text), ...totals } } : {}),
    ...(closing ? { closing: { ...readContact(closing.text), ...closing, text: closingParagraphs(closing.text) } } : {}),
    ...(publisher ? { publisher } : {}),
    ...(reportDate ? { reportDate } : {}),
    unplaced: unplaced.sort((a, b) => a.lineNo - b.lineNo),
    notices: notices.sort((a, b) => a.lineNo - b.lineNo),
  }
}
