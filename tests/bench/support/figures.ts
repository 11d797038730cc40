// The shape of one reported figure, and the printed table. A figure is either judged against a budget
// (a number it must stay under or above) or compared with a baseline measured in the same run.
import type { Timing } from './benchData'

export type Unit = 'ms' | 's' | 'KiB' | 'score' | 'count' | '/s' | ''

export interface Figure {
  group: string
  name: string
  unit: Unit
  /** A single measurement, or median/min/max of several runs. */
  value: number | Timing
  /** Upper (`max`) or lower (`min`) limit. */
  budget?: { max?: number; min?: number }
  /** The same work done by the reference implementation in the same run. */
  baseline?: { name: string; value: number | Timing }
  /** Allowed ratio to the baseline (e.g. 2 = "within 2× of raw"). */
  maxRatio?: number
  note?: string
}

export interface JudgedFigure extends Figure {
  /** value ÷ budget or value ÷ baseline (medians). */
  ratio?: number
  pass?: boolean
}

export const mid = (v: number | Timing): number => (typeof v === 'number' ? v : v.median)

export function judge(f: Figure): JudgedFigure {
  const value = mid(f.value)
  if (f.baseline) {
    const base = mid(f.baseline.value)
    const ratio = base > 0 ? value / base : Number.POSITIVE_INFINITY
    return { ...f, ratio: round(ratio, 2), ...(f.maxRatio !== undefined ? { pass: ratio <= f.maxRatio } : {}) }
  }
  // A zero budget ("none at all") has no meaningful ratio, only pass or fail.
  if (f.budget?.max !== undefined) return { ...f, ...(f.budget.max > 0 ? { ratio: round(value / f.budget.max, 2) } : {}), pass: value <= f.budget.max }
  if (f.budget?.min !== undefined) return { ...f, ...(f.budget.min > 0 ? { ratio: round(value / f.budget.min, 2) } : {}), pass: value >= f.budget.min }
  return { ...f }
}

export function round(x: number, digits = 2): number {
  const k = 10 ** digits
  return Math.round(x * k) / k
}

function num(x: number, unit: Unit): string {
  const digits = unit === 'score' || unit === 'count' ? 0 : Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2
  return x.toFixed(digits)
}

export function formatValue(v: number | Timing, unit: Unit): string {
  const u = unit ? ` ${unit}` : ''
  if (typeof v === 'number') return `${num(v, unit)}${u}`
  return `${num(v.median, unit)}${u} (${num(v.min, unit)}–${num(v.max, unit)}, n=${v.runs})`
}

function reference(f: JudgedFigure): string {
  if (f.baseline) return `${f.baseline.name}: ${formatValue(f.baseline.value, f.unit)}${f.maxRatio !== undefined ? ` (budget ≤ ${f.maxRatio}×)` : ''}`
  if (f.budget?.max !== undefined) return `budget ≤ ${num(f.budget.max, f.unit)}${f.unit ? ` ${f.unit}` : ''}`
  if (f.budget?.min !== undefined) return `target ≥ ${num(f.budget.min, f.unit)}${f.unit ? ` ${f.unit}` : ''}`
  return ''
}

/** Display width: CJK characters take two columns in a terminal. */
function width(s: string): number {
  let w = 0
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1
  return w
}
const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)))

export function table(figures: readonly JudgedFigure[]): string {
  const rows = figures.map((f) => [
    `${f.group} · ${f.name}`,
    formatValue(f.value, f.unit),
    reference(f),
    f.ratio !== undefined ? `${f.ratio.toFixed(2)}×` : '',
    f.pass === undefined ? '' : f.pass ? 'ok' : 'OVER',
  ])
  const head = ['figure', 'value: median (min–max, runs)', 'budget or baseline', 'ratio', '']
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))))
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i] ?? 0)).join('  ').trimEnd()
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** The same table as Markdown (for the README's "Benchmarks" section). */
export function markdownTable(figures: readonly JudgedFigure[]): string {
  const esc = (s: string) => s.replaceAll('|', '\\|')
  const rows = figures.map((f) => {
    const verdict = f.pass === undefined ? '' : f.pass ? 'ok' : '**over**'
    return `| ${esc(`${f.group} · ${f.name}`)} | ${esc(formatValue(f.value, f.unit))} | ${esc(reference(f))} | ${f.ratio !== undefined ? `${f.ratio.toFixed(2)}×` : ''} | ${verdict} |`
  })
  return ['| figure | value: median (min–max, runs) | budget or baseline | ratio | |', '|---|---|---|---|---|', ...rows].join('\n')
}
