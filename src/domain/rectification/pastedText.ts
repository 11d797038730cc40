// The first steps of reading a pasted 反馈意见 or 整改情况通报: undo the usual paste damage (full-width
// digits, a document that arrived as one single line, the closing run on from the last measure, the
// publisher and the date glued together), and read the facts of the opening and the closing paragraphs.
// Every step keeps the 1-based line number of the pasted text each piece came from.
import type { IsoDate } from '@/domain/types'

export interface SourceLine {
  /** Trimmed text (empty for a blank line). */
  text: string
  /** 1-based line number in the pasted text. */
  lineNo: number
  /** The piece was cut out of a longer line here (a paragraph break the paste lost): never re-joined. */
  cut?: boolean
}

const CN_DIGITS: Readonly<Record<string, number>> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

/** 一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 二十三 → 23 (1–99); undefined for anything else. */
export function chineseToNumber(cn: string): number | undefined {
  if (/^\d+$/.test(cn)) return Number(cn)
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(cn)
  if (!m || cn === '') return undefined
  if (!m[2]) return m[1] && !m[3] ? CN_DIGITS[m[1]] : undefined
  return (m[1] ? (CN_DIGITS[m[1]] ?? 0) : 1) * 10 + (m[3] ? (CN_DIGITS[m[3]] ?? 0) : 0)
}

export function toHalfWidthDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
}

const TRIM = /^[\s\u3000\u00a0\ufeff]+|[\s\u3000\u00a0]+$/g

/** A `YYYY年M月D日` date, in Arabic or Chinese numerals (二〇二四年十一月五日). */
const DATE_TEXT = '(?:\\d{4}|[〇零一二三四五六七八九]{4})\\s*年\\s*[\\d一二三四五六七八九十]{1,3}\\s*月\\s*[\\d一二三四五六七八九十]{1,3}\\s*日'
export const DATE_ONLY = new RegExp(`^${DATE_TEXT}$`)
const DATE_TAIL = new RegExp(`^(.*[^\\d\\s〇零一二三四五六七八九十年月日])\\s*(${DATE_TEXT})$`)

/** `2024年11月5日` / `二〇二四年十一月五日` → 2024-11-05. */
export function readDate(text: string, year?: number): IsoDate | undefined {
  const m = /(?:(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*)?([\d一二三四五六七八九十]{1,3})\s*月\s*([\d一二三四五六七八九十]{1,3})\s*日/.exec(text)
  if (!m) return undefined
  const y = m[1] ? Number(/^\d+$/.test(m[1]) ? m[1] : [...m[1]].map((c) => CN_DIGITS[c] ?? 0).join('')) : year
  const mo = chineseToNumber(m[2] ?? '')
  const d = chineseToNumber(m[3] ?? '')
  if (!y || !mo || !d || mo > 12 || d > 31) return undefined
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

// ---------------------------------------------------------------- splitting run-on text

/** Sentence ends after which the closing parts of a report start a new paragraph. */
const RUN_ON_BREAKS: readonly RegExp[] = [
  /([。！？!?])\s*(?=截至\s*\d{4}\s*年)/g,
  /([。！？!?])\s*(?=欢迎(?:广大|社会各界|各位)|特此通报|特此反馈|联系电话\s*[:：])/g,
  /([。；;！？!?])\s*(?=(?:整改(?:落实|进展)?情况|整改措施)\s*[:：])/g,
]
const CONTACT_LABEL = /(?:联系电话|电子邮箱|邮政信箱|电子信箱)\s*[:：]/

/** Breaks inside one line that are safe in any paste: the closing and 整改落实情况 run on from a sentence. */
function splitRunOn(text: string): string[] {
  let s = text
  for (const re of RUN_ON_BREAKS) s = s.replace(re, '$1\n')
  const out: string[] = []
  for (const part of s.split('\n')) {
    // The contact sentence followed by the publisher (and the date) on the same line.
    if (CONTACT_LABEL.test(part)) {
      const end = part.lastIndexOf('。')
      if (end >= 0 && end < part.length - 1) {
        out.push(part.slice(0, end + 1), ...splitDateTail(part.slice(end + 1).replace(TRIM, '')))
        continue
      }
    }
    out.push(part)
  }
  return out
}

/** `中共某局党组2024年11月5日` → the publisher and the date. */
function splitDateTail(text: string): string[] {
  const m = DATE_TAIL.exec(text)
  return m && m[1] && m[2] && m[1].length <= 40 ? [m[1].replace(TRIM, ''), m[2]] : [text]
}

const CN = '一二三四五六七八九十'

/**
 * A document pasted as one single line (a web page, a WeChat article): break it before each heading and
 * item marker, taking a marker only when its number continues the sequence seen so far (so 3.2万元 or a
 * stray 二、 inside a sentence stay text).
 */
function splitOneLine(text: string): string[] {
  const cuts: number[] = []
  const title = /(通报|反馈意见|情况的报告|整改报告|公告)(?=根据|按照|\d{4}\s*年|[一二三四五六七八九十]、|[（(][一二三四五六七八九十][）)])/.exec(text)
  if (title && title.index < 80) cuts.push(title.index + title[0].length)
  const marker = new RegExp(
    `([${CN}]{1,3})、|[（(]([${CN}]{1,3})[）)]|(?<![\\d.．])(\\d{1,2})\\s*[.．、](?:(?!\\d)|(?=\\d{1,4}\\s*[年月]))|[（(](\\d{1,2})[）)]|(?:整改(?:落实|进展)?情况|整改措施)\\s*[:：]`,
    'g',
  )
  let h1 = 0
  let h2 = 0
  // Items restart at 1 under a heading or run on across headings (feedback texts do both).
  let item = 0
  let sub = 0
  for (const m of text.matchAll(marker)) {
    const at = m.index
    const before = text.slice(Math.max(0, at - 1), at)
    let take = false
    if (m[1] !== undefined) {
      const n = chineseToNumber(m[1])
      take = n === h1 + 1 && (at === 0 || /[。；！？：:”」）)\s]/.test(before) || cuts.includes(at)) && !text.startsWith('是', at + m[1].length)
      if (take) [h1, sub] = [n ?? 0, 0]
    } else if (m[2] !== undefined) {
      const n = chineseToNumber(m[2]) ?? 0
      take = n === 1 || n === h2 + 1 || n === h2 + 2
      if (take) [h2, sub] = [n, 0]
    } else if (m[3] !== undefined) {
      const n = Number(m[3])
      take = n === 1 || n === item || n === item + 1 || n === item + 2
      if (take) [item, sub] = [n, 0]
    } else if (m[4] !== undefined) {
      const n = Number(m[4])
      take = n === 1 || n === sub + 1
      if (take) sub = n
    } else {
      take = true
    }
    if (take && at > 0) cuts.push(at)
  }
  const sorted = [...new Set(cuts)].sort((a, b) => a - b)
  const out: string[] = []
  let from = 0
  for (const at of sorted) {
    out.push(text.slice(from, at))
    from = at
  }
  out.push(text.slice(from))
  return out
}

/** True when the paste is one (or a few) very long lines holding a whole document. */
function isOneLinePaste(lines: readonly string[]): boolean {
  const content = lines.filter((l) => l.trim())
  if (content.length === 0 || content.length > 3) return false
  return content.some((l) => l.length > 200 && (l.match(/整改(?:落实|进展)?情况\s*[:：]|[（(][一二三四五六七八九十][）)]/g)?.length ?? 0) >= 2)
}

/**
 * The pasted text as trimmed lines, full-width digits made ASCII, run-on text split (blank lines kept as
 * empty strings: they separate paragraphs).
 */
export function prepareLines(text: string): SourceLine[] {
  const raw = toHalfWidthDigits(text.replace(/\r\n?/g, '\n')).split('\n')
  const oneLine = isOneLinePaste(raw)
  const out: SourceLine[] = []
  raw.forEach((line, i) => {
    const trimmed = line.replace(TRIM, '')
    if (!trimmed) {
      out.push({ text: '', lineNo: i + 1 })
      return
    }
    const pieces = (oneLine ? splitOneLine(trimmed) : [trimmed]).flatMap(splitRunOn)
    let first = true
    for (const p of pieces) {
      const t = p.replace(TRIM, '')
      if (!t) continue
      out.push(first ? { text: t, lineNo: i + 1 } : { text: t, lineNo: i + 1, cut: true })
      first = false
    }
  })
  return out
}

// ---------------------------------------------------------------- the opening and the closing

/** What the opening paragraph (and the title) say about the inspection. */
export interface InspectionFacts {
  /** Who ordered it: 根据{authority}统一部署. */
  authority?: string
  inspector?: string
  /** The unit inspected, as the report names it (原县农牧局党组). */
  unitName?: string
  periodFrom?: IsoDate
  periodTo?: IsoDate
  feedbackDate?: IsoDate
  /** The sentences about a reorganization after the inspection. */
  reorganizationNote?: string
  /** The unit that rectifies in place of a reorganized one (组建{successor}). */
  successorUnit?: string
}

const REORGANIZATION = /组建|合并|撤并|撤销|更名|整合|划转|不再保留|机构改革/

/** A year in Arabic or Chinese numerals (2024 / 二〇二四). */
const YEAR_TEXT = '\\d{4}|[〇零一二三四五六七八九]{4}'
/** A date of the opening, the year optional: 2024年3月4日, 4月19日, 二〇二四年三月四日, 四月十九日. */
const OPENING_DATE = `(?:(?:${YEAR_TEXT})\\s*年\\s*)?[\\d一二三四五六七八九十]{1,3}\\s*月\\s*[\\d一二三四五六七八九十]{1,3}\\s*日`

const PERIOD_RANGE = new RegExp(`(${OPENING_DATE})\\s*(?:至|到|—|-|～|~)\\s*(${OPENING_DATE})`)
const FIRST_YEAR = new RegExp(`(${YEAR_TEXT})\\s*年`)
const FEEDBACK_DATE = new RegExp(`(${OPENING_DATE})[^，,。；;]{0,40}?反馈`)

function yearOf(text: string): number {
  return Number(/^\d+$/.test(text) ? text : [...text].map((c) => CN_DIGITS[c] ?? 0).join(''))
}

export function readOpening(text: string): InspectionFacts {
  const facts: InspectionFacts = {}
  const authority = /(?:根据|按照)(.{1,20}?)(?:的)?(?:统一)?(?:部署|安排)/.exec(text)
  if (authority?.[1]) facts.authority = authority[1].replace(/(?:巡[察视]工作|关于.*)$/, '')
  const inspector = /([^\s，,。；;、]{2,30}?巡[察视](?:组|工作组|办))(?=于|对|在|[，,]|\d|进驻|自)/.exec(text)
  if (inspector?.[1]) facts.inspector = inspector[1].replace(/^[\d年月日至到—\-～~]+/, '')
  const unit = /对([^，,。；;]{2,40}?)(?:开展了?|进行了?|实施了?)[^，,。；;]{0,8}?巡[察视]/.exec(text)
  if (unit?.[1]) facts.unitName = unit[1]
  const period = PERIOD_RANGE.exec(text)
  const firstYear = FIRST_YEAR.exec(text)
  const year = firstYear?.[1] ? yearOf(firstYear[1]) : undefined
  if (period?.[1] && period[2]) {
    const from = readDate(period[1], year)
    const to = from ? readDate(period[2], Number(from.slice(0, 4))) : undefined
    if (from) facts.periodFrom = from
    if (to) facts.periodTo = to
  }
  const feedback = FEEDBACK_DATE.exec(text.slice(period ? period.index + period[0].length : 0))
  if (feedback?.[1]) {
    const d = readDate(feedback[1], facts.periodTo ? Number(facts.periodTo.slice(0, 4)) : year)
    if (d) facts.feedbackDate = d
  }
  const sentences = text.split(/(?<=[。！？])/).filter((s) => REORGANIZATION.test(s) && !/予以(?:公布|通报)|现将/.test(s))
  if (sentences.length) {
    facts.reorganizationNote = sentences.join('').trim()
    const successor = /(?:组建|更名为|并入|划入)(?:了)?([^，,。；;、]{2,30}?)(?:[，,。；;、]|$)/.exec(facts.reorganizationNote)
    if (successor?.[1]) facts.successorUnit = successor[1]
  }
  return facts
}

/** What a title like 区委第三巡察组关于巡察某街道党工委的反馈意见 says. */
export function readTitle(title: string): InspectionFacts {
  const m = /^(.{2,30}?巡[察视](?:组|工作组))关于(?:对)?(?:巡[察视])?(.{2,40}?)(?:开展[^的]{0,8}巡[察视])?的反馈意见/.exec(title)
  return m?.[1] && m[2] ? { inspector: m[1], unitName: m[2] } : {}
}

export interface ContactFacts {
  phone?: string
  email?: string
  /** 邮政信箱 / 来信地址. */
  mailbox?: string
}

export function readContact(text: string): ContactFacts {
  const out: ContactFacts = {}
  const phone = /联系电话\s*[:：]\s*([\d\-－—()（）\s、，,/]*\d)/.exec(text)
  if (phone?.[1]) out.phone = phone[1].trim()
  const email = /(?:电子邮箱|电子信箱|邮箱)\s*[:：]\s*([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/.exec(text)
  if (email?.[1]) out.email = email[1]
  const mailbox = /(?:邮政信箱|来信地址|通信地址)\s*[:：]\s*([^；;。\n]+)/.exec(text)
  if (mailbox?.[1]) out.mailbox = mailbox[1].trim()
  return out
}

export interface TotalsFacts {
  asOf?: IsoDate
  total?: number
  done?: number
  ongoing?: number
  /** As written, e.g. 88.9%. */
  rate?: string
}

export const TOTALS_LINE = /^(?:截至|截止|目前|至此).{0,40}?\d+\s*个问题/

export function readTotals(text: string): TotalsFacts {
  const out: TotalsFacts = {}
  const asOf = /^(?:截至|截止)\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)/.exec(text)
  const d = asOf?.[1] ? readDate(asOf[1]) : undefined
  if (d) out.asOf = d
  const total = /(\d+)\s*个问题/.exec(text)
  if (total?.[1]) out.total = Number(total[1])
  const done = /(?:已整改完成|已完成整改|已完成|整改完成)\s*(\d+)\s*个/.exec(text)
  if (done?.[1]) out.done = Number(done[1])
  const ongoing = /(?:正在整改|正在推进|整改中|持续整改)\s*(\d+)\s*个/.exec(text)
  if (ongoing?.[1]) out.ongoing = Number(ongoing[1])
  const rate = /完成率\s*(\d+(?:\.\d+)?\s*[%％])/.exec(text)
  if (rate?.[1]) out.rate = rate[1].replace(/\s|％/g, (c) => (c === '％' ? '%' : ''))
  return out
}

/** A 整改落实情况 paragraph marks the text as a report. */
export const IMPLEMENTATION = /^(?:整改(?:落实|进展|完成)?情况|整改(?:措施|进展|成效)(?:及(?:成效|进展))?|落实情况)\s*[:：]\s*/

export const TRAILING_PUNCT = /[\s。；;，,：:、.]+$/

/** The first sentence is the title; the rest (including inline 一是…二是…) is the detail. */
export function splitTitle(raw: string): { title: string; detail?: string } {
  const newline = raw.indexOf('\n')
  const first = newline < 0 ? raw : raw.slice(0, newline)
  const rest = newline < 0 ? '' : raw.slice(newline + 1)
  let cut = -1
  let skip = 1
  for (const mark of ['。', '：', ':']) {
    const at = first.indexOf(mark)
    if (at > 0 && at < first.length - 1 && (cut < 0 || at < cut)) {
      cut = at
      skip = 1
    }
  }
  const enumeration = first.search(/[一二三四五六七八九十]是/)
  if (enumeration > 0 && (cut < 0 || enumeration < cut)) {
    cut = enumeration
    skip = 0
  }
  const title = (cut < 0 ? first : first.slice(0, cut)).replace(TRAILING_PUNCT, '').trim()
  const detailParts = [cut < 0 ? '' : first.slice(cut + skip).trim(), rest.trim()].filter((p) => p.length > 0)
  const detail = detailParts.join('\n')
  return detail ? { title, detail } : { title }
}

