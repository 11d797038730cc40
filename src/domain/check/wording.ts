// The checker's register: how an upper-level checker writes a finding (第三季度, 7—9月, 第二、三党小组,
// 7月25日). Words only; what is found is decided in quarterlyCheck.ts.
import type { IsoDate, Label } from '../types'

const L = (zh: string, en: string): Label => ({ 'zh-CN': zh, en })
const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** 1 → 一 … 10 → 十, 11 → 十一, 21 → 二十一 (enough for quarters, groups and months). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 100) return String(n)
  if (n <= 10) return DIGITS[n]!
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`
}

export function quarterLabel(year: number, quarter: number, withYear = false): Label {
  return L(`${withYear ? `${year}年` : ''}第${chineseNumeral(quarter)}季度`, `Q${quarter}${withYear ? ` ${year}` : ''}`)
}

/** 7月25日 (with the year when it differs from `contextYear`); 25 July. */
export function dayLabel(date: IsoDate, contextYear?: number): Label {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  const d = Number(date.slice(8, 10))
  if (!y || !m || !d) return L(date, date)
  const showYear = contextYear !== undefined && y !== contextYear
  return L(`${showYear ? `${y}年` : ''}${m}月${d}日`, `${d} ${MONTHS_EN[m - 1]}${showYear ? ` ${y}` : ''}`)
}

/** Months as a checker writes them: 7—9月, 7、9月, 8月; July–September, July and September. */
export function monthsLabel(months: readonly number[]): Label {
  const sorted = [...new Set(months)].sort((a, b) => a - b)
  const runs: number[][] = []
  for (const m of sorted) {
    const last = runs[runs.length - 1]
    if (last && last[last.length - 1] === m - 1) last.push(m)
    else runs.push([m])
  }
  const zh = runs.map((r) => (r.length >= 3 ? `${r[0]}—${r[r.length - 1]}` : r.join('、'))).join('、')
  const en = runs.map((r) => (r.length >= 3 ? `${MONTHS_EN[r[0]! - 1]}–${MONTHS_EN[r[r.length - 1]! - 1]}` : r.map((m) => MONTHS_EN[m - 1]).join(', ')))
  return L(`${zh}月`, joinEn(en))
}

export function joinEn(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('')
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
}

/** 第二党小组 + 第三党小组 → 第二、三党小组; other names are listed with 、. */
export function groupNames(names: readonly string[]): Label {
  const numbered = names.map((n) => /^第([一二三四五六七八九十]+)(党小组)$/.exec(n))
  if (names.length > 1 && numbered.every((m) => m && m[2] === numbered[0]![2])) {
    return L(`第${numbered.map((m) => m![1]).join('、')}${numbered[0]![2]}`, joinEn(names))
  }
  return L(names.join('、'), joinEn(names))
}

/** 党章第九条, quoted completely: the only place the check says 自行脱党. */
export const ARTICLE_9: Label = L(
  '党章第九条：“党员如果没有正当理由，连续六个月不参加党的组织生活，或不交纳党费，或不做党所分配的工作，就被认为是自行脱党。”',
  'Party Constitution, Article 9: "A Party member who, without proper reason, fails to take part in regular Party activities, pay membership dues or do work assigned by the Party for six successive months is regarded as having given up membership."',
)
