import { describe, expect, it } from 'vitest'
import dayjs from 'dayjs'
import {
  daysBetween, daysLeftIn, inQuarter, isIsoDate, isLateEntry, localDateOf, monthsOfQuarter, quarterOf, quarterRange, yearQuarterOf,
} from '@/domain/dates'

/** A timestamp at a local wall-clock time on the device running the test. */
const local = (s: string): string => dayjs(s).toDate().toISOString()

describe('quarters', () => {
  it('maps months to quarters at the edges', () => {
    expect(quarterOf('2026-01-01')).toBe(1)
    expect(quarterOf('2026-03-31')).toBe(1)
    expect(quarterOf('2026-04-01')).toBe(2)
    expect(quarterOf('2026-09-30')).toBe(3)
    expect(quarterOf('2026-12-31')).toBe(4)
    expect(yearQuarterOf('2025-11-02')).toEqual({ year: 2025, quarter: 4 })
  })

  it('gives quarter ranges and months', () => {
    expect(quarterRange(2026, 1)).toEqual({ start: '2026-01-01', end: '2026-03-31' })
    expect(quarterRange(2024, 1).end).toBe('2024-03-31')
    expect(quarterRange(2026, 2)).toEqual({ start: '2026-04-01', end: '2026-06-30' })
    expect(quarterRange(2026, 4)).toEqual({ start: '2026-10-01', end: '2026-12-31' })
    expect(monthsOfQuarter(3)).toEqual([7, 8, 9])
  })

  it('tests membership of a quarter', () => {
    expect(inQuarter('2026-06-30', 2026, 2)).toBe(true)
    expect(inQuarter('2026-07-01', 2026, 2)).toBe(false)
    expect(inQuarter('2025-06-30', 2026, 2)).toBe(false)
  })

  it('rejects impossible dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false)
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(isIsoDate('2026-2-3')).toBe(false)
    expect(() => quarterOf('bad')).toThrow()
  })
})

describe('daysBetween', () => {
  it('counts calendar days across month and year ends', () => {
    expect(daysBetween('2026-03-01', '2026-03-04')).toBe(3)
    expect(daysBetween('2025-12-30', '2026-01-02')).toBe(3)
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2)
    expect(daysBetween('2026-03-04', '2026-03-01')).toBe(-3)
  })
})

describe('补记 (late entry)', () => {
  it('is on time on the day and up to the end of the third day after', () => {
    expect(isLateEntry('2026-03-01', local('2026-03-01T20:00'))).toBe(false)
    expect(isLateEntry('2026-03-01', local('2026-03-04T00:00'))).toBe(false)
    expect(isLateEntry('2026-03-01', local('2026-03-04T23:59'))).toBe(false)
  })

  it('is late from the first minute of the fourth day', () => {
    expect(isLateEntry('2026-03-01', local('2026-03-05T00:00'))).toBe(true)
    expect(isLateEntry('2026-03-01', local('2026-03-05T00:01'))).toBe(true)
  })

  it('keeps the threshold a parameter', () => {
    expect(isLateEntry('2026-03-01', local('2026-03-05T10:00'), 5)).toBe(false)
    expect(isLateEntry('2026-03-01', local('2026-03-02T10:00'), 0)).toBe(true)
  })

  it('counts days on the clock of a given UTC offset (China +08:00)', () => {
    // 2026-03-04T16:30Z is already 00:30 on the 5th in Beijing.
    expect(localDateOf('2026-03-04T16:30:00.000Z', 480)).toBe('2026-03-05')
    expect(isLateEntry('2026-03-01', '2026-03-04T15:59:00.000Z', 3, 480)).toBe(false)
    expect(isLateEntry('2026-03-01', '2026-03-04T16:30:00.000Z', 3, 480)).toBe(true)
  })
})

describe('daysLeftIn (the one count of days left that every screen shows)', () => {
  it('counts today: 28 days left on 4 December in the fourth quarter, 1 on its last day, 0 after', () => {
    expect(daysLeftIn('2026-10-01', '2026-12-31', '2026-12-04')).toBe(28)
    expect(daysLeftIn('2026-12-01', '2026-12-31', '2026-12-04')).toBe(28)
    expect(daysLeftIn('2026-10-01', '2026-12-31', '2026-12-31')).toBe(1)
    expect(daysLeftIn('2026-10-01', '2026-12-31', '2027-01-01')).toBe(0)
  })
  it('a period not begun yet has all its days left', () => {
    expect(daysLeftIn('2027-01-01', '2027-03-31', '2026-12-04')).toBe(90)
  })
})
