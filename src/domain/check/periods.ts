// The period a record is for. A meeting usually counts for the period its date falls in; a record may say
// otherwise (`period: '2026-Q2'`), e.g. the second quarter's 意识形态研判 held on 8 July. Such a record fills
// its own period (flagged as late) and never the next one. Pure functions, no clock.
import type { BranchRecord, IsoDate, Label } from '../types'

export type RecordPeriod =
  | { per: 'year'; year: number }
  | { per: 'quarter'; year: number; quarter: 1 | 2 | 3 | 4 }
  | { per: 'month'; year: number; month: number }

const PERIOD = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/

export function parsePeriod(value: string | undefined): RecordPeriod | undefined {
  const m = value ? PERIOD.exec(value) : null
  if (!m) return undefined
  const year = Number(m[1])
  if (m[2]) return { per: 'quarter', year, quarter: Number(m[2]) as 1 | 2 | 3 | 4 }
  if (m[3]) return { per: 'month', year, month: Number(m[3]) }
  return { per: 'year', year }
}

export function formatPeriod(p: RecordPeriod): string {
  if (p.per === 'quarter') return `${p.year}-Q${p.quarter}`
  if (p.per === 'month') return `${p.year}-${String(p.month).padStart(2, '0')}`
  return String(p.year)
}

const pad = (n: number) => String(n).padStart(2, '0')
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

export function periodRange(p: RecordPeriod): { start: IsoDate; end: IsoDate } {
  const y = String(p.year).padStart(4, '0')
  if (p.per === 'year') return { start: `${y}-01-01`, end: `${y}-12-31` }
  const [from, to] = p.per === 'quarter' ? [(p.quarter - 1) * 3 + 1, p.quarter * 3] : [p.month, p.month]
  return { start: `${y}-${pad(from)}-01`, end: `${y}-${pad(to)}-${pad(lastDay(p.year, to))}` }
}

/**
 * The day the record is counted on: its own date when that lies in the period it is for, else the
 * period's last day (held late) or first day (held early). Without a period, its date.
 */
export function countingDate(r: Pick<BranchRecord, 'date' | 'period'>): IsoDate {
  const p = parsePeriod(r.period)
  if (!p) return r.date
  const { start, end } = periodRange(p)
  return r.date < start ? start : r.date > end ? end : r.date
}

/** Held after the period it is for: days past the period's end, or 0. */
export function daysLate(r: Pick<BranchRecord, 'date' | 'period'>): { days: number; period: RecordPeriod } | undefined {
  const p = parsePeriod(r.period)
  if (!p) return undefined
  const { end } = periodRange(p)
  if (!(r.date > end)) return undefined
  const days = Math.round((Date.parse(`${r.date}T00:00:00Z`) - Date.parse(`${end}T00:00:00Z`)) / 86_400_000)
  return Number.isFinite(days) ? { days, period: p } : undefined
}

const NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 }
const numeral = (s: string): number | undefined => (/^\d+$/.test(s) ? Number(s) : NUMERALS[s])

/**
 * The period a title names, if any: "第二季度意识形态工作研判" on 2026-07-08 → 2026-Q2; "2025年第四季度…"
 * → 2025-Q4; "6月主题党日" → the June before or of the date. A quarter or month named later in the year
 * than the date by more than one step is read as last year's (a 第四季度 review held in January).
 */
export function suggestPeriod(title: string, date: IsoDate): string | undefined {
  const text = title.replace(/\s+/g, '')
  const dateYear = Number(date.slice(0, 4))
  const dateMonth = Number(date.slice(5, 7))
  if (!Number.isFinite(dateYear) || !Number.isFinite(dateMonth)) return undefined
  const yearMatch = /(\d{4})年/.exec(text)
  const namedYear = yearMatch ? Number(yearMatch[1]) : undefined
  const q = /(?:第)?([一二三四1-4])季度/.exec(text)
  if (q) {
    const quarter = numeral(q[1]!) as 1 | 2 | 3 | 4
    const dateQuarter = Math.floor((dateMonth - 1) / 3) + 1
    const year = namedYear ?? (quarter - dateQuarter >= 2 ? dateYear - 1 : dateYear)
    return formatPeriod({ per: 'quarter', year, quarter })
  }
  const m = /(?:^|[^\d月])(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月份?(?!\d*日)/.exec(text)
  if (m) {
    const month = numeral(m[1]!)
    if (!month || month < 1 || month > 12) return undefined
    const year = namedYear ?? (month - dateMonth >= 6 ? dateYear - 1 : dateYear)
    return formatPeriod({ per: 'month', year, month })
  }
  return undefined
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** 2026年第二季度 / 2026年6月 / 2026年度; Q2 2026 / June 2026 / 2026. */
export function periodLabel(p: RecordPeriod): Label {
  if (p.per === 'quarter') return { 'zh-CN': `${p.year}年第${'一二三四'[p.quarter - 1]}季度`, en: `Q${p.quarter} ${p.year}` }
  if (p.per === 'month') return { 'zh-CN': `${p.year}年${p.month}月`, en: `${MONTHS_EN[p.month - 1]} ${p.year}` }
  return { 'zh-CN': `${p.year}年度`, en: String(p.year) }
}

/** The period of the given shape that a date falls in. */
export function periodOfDate(date: IsoDate, per: RecordPeriod['per']): RecordPeriod | undefined {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  if (!year || !month) return undefined
  if (per === 'quarter') return { per, year, quarter: (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4 }
  if (per === 'month') return { per, year, month }
  return { per, year }
}

/** The period just before (a meeting held late is usually the previous period's). */
export function previousPeriod(p: RecordPeriod): RecordPeriod {
  if (p.per === 'quarter') return p.quarter === 1 ? { per: 'quarter', year: p.year - 1, quarter: 4 } : { per: 'quarter', year: p.year, quarter: (p.quarter - 1) as 1 | 2 | 3 | 4 }
  if (p.per === 'month') return p.month === 1 ? { per: 'month', year: p.year - 1, month: 12 } : { per: 'month', year: p.year, month: p.month - 1 }
  return { per: 'year', year: p.year - 1 }
}
