// Calendar arithmetic for meeting dates (IsoDate `YYYY-MM-DD`, a local calendar day with no time zone).
import dayjs from 'dayjs'
import type { IsoDate, IsoTimestamp } from './types'

export type Quarter = 1 | 2 | 3 | 4

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar day written `YYYY-MM-DD` (rejects 2026-02-30). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false
  const m = ISO_DATE.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

function parts(date: IsoDate): { year: number; month: number; day: number } {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${String(date)}`)
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) }
}

/** Days since 1970-01-01 for a calendar date; independent of the device's time zone. */
function dayNumber(date: IsoDate): number {
  const { year, month, day } = parts(date)
  return Date.UTC(year, month - 1, day) / 86_400_000
}

export function quarterOf(date: IsoDate): Quarter {
  return (Math.floor((parts(date).month - 1) / 3) + 1) as Quarter
}

export function yearQuarterOf(date: IsoDate): { year: number; quarter: Quarter } {
  return { year: parts(date).year, quarter: quarterOf(date) }
}

/** Months (1–12) of a quarter. */
export function monthsOfQuarter(q: Quarter): [number, number, number] {
  const first = (q - 1) * 3 + 1
  return [first, first + 1, first + 2]
}

export function quarterRange(year: number, q: Quarter): { start: IsoDate; end: IsoDate } {
  const start = dayjs(new Date(year, (q - 1) * 3, 1))
  return { start: start.format('YYYY-MM-DD'), end: start.add(2, 'month').endOf('month').format('YYYY-MM-DD') }
}

export function monthRange(year: number, month: number): { start: IsoDate; end: IsoDate } {
  const start = dayjs(new Date(year, month - 1, 1))
  return { start: start.format('YYYY-MM-DD'), end: start.endOf('month').format('YYYY-MM-DD') }
}

export function inQuarter(date: IsoDate, year: number, q: Quarter): boolean {
  return isIsoDate(date) && parts(date).year === year && quarterOf(date) === q
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from)
}

/**
 * Days left in a period, today included (the period's last day: 1; after it: 0; before it starts: all of
 * it). The one count the home screen, the check and its report all show, so they never disagree.
 */
export function daysLeftIn(start: IsoDate, end: IsoDate, today: IsoDate): number {
  if (today > end) return 0
  return daysBetween(today < start ? start : today, end) + 1
}

/**
 * The calendar day on which a timestamp falls, on a clock `utcOffsetMinutes` ahead of UTC
 * (default: the device's own offset at that instant; China is +480).
 */
export function localDateOf(timestamp: IsoTimestamp | Date, utcOffsetMinutes?: number): IsoDate {
  const d = timestamp instanceof Date ? timestamp : new Date(timestamp)
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a timestamp: ${String(timestamp)}`)
  if (utcOffsetMinutes === undefined) return dayjs(d).format('YYYY-MM-DD')
  return new Date(d.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10)
}

/** Today's calendar date on the device. */
export function todayIso(now: Date = new Date()): IsoDate {
  return localDateOf(now)
}

/**
 * 补记: was the record entered too long after the meeting?
 *
 * Counted in whole calendar days, not hours: a record entered at any time on the `thresholdDays`-th day
 * after the meeting (meeting on the 1st → entered on the 4th, even at 23:59) is on time; from 00:00 of the
 * next day it is late. Calendar days rather than working days because the rule ("within 3 working days")
 * is usually checked as "more than 3 days" by inspectors, and a reminder that fires a little early on
 * a weekend harms nobody; the threshold stays a parameter so an organization can change it.
 */
export function isLateEntry(
  meetingDate: IsoDate,
  enteredAt: IsoTimestamp,
  thresholdDays = 3,
  utcOffsetMinutes?: number,
): boolean {
  return daysBetween(meetingDate, localDateOf(enteredAt, utcOffsetMinutes)) > thresholdDays
}
