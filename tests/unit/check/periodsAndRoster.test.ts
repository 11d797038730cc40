import { describe, expect, it } from 'vitest'
import { countingDate, daysLate, suggestPeriod } from '@/domain/check/periods'
import { validateRecordDoc, validateMemberDoc } from '@/domain/protocol'
import { defaultRules } from '@/domain/check/rules'
import { check, makeRecord, MEMBERS, withCode } from './helpers'

const onlyRules = (...kindIds: string[]) => defaultRules().filter((r) => kindIds.includes(r.kindId))

describe('the period a record is for', () => {
  it('is suggested from the title', () => {
    expect(suggestPeriod('第二季度意识形态工作研判', '2026-07-08')).toBe('2026-Q2')
    expect(suggestPeriod('二季度意识形态研判会', '2026-07-08')).toBe('2026-Q2')
    expect(suggestPeriod('第3季度党课', '2026-09-28')).toBe('2026-Q3')
    expect(suggestPeriod('第四季度意识形态工作研判', '2027-01-06')).toBe('2026-Q4') // held in January: last year's
    expect(suggestPeriod('2025年第四季度研判', '2026-02-01')).toBe('2025-Q4')
    expect(suggestPeriod('6月主题党日', '2026-07-02')).toBe('2026-06')
    expect(suggestPeriod('十二月支委会', '2027-01-05')).toBe('2026-12')
    expect(suggestPeriod('2025年12月支部委员会会议', '2026-03-05')).toBe('2025-12')
    expect(suggestPeriod('支部委员会会议', '2026-07-02')).toBeUndefined()
    expect(suggestPeriod('传达7月3日会议精神', '2026-07-05')).toBeUndefined() // a day, not a period
  })
  it('counts on its own date inside the period, else on the period’s edge; late only after the period ends', () => {
    expect(countingDate({ date: '2026-07-08', period: '2026-Q2' })).toBe('2026-06-30')
    expect(countingDate({ date: '2026-05-08', period: '2026-Q2' })).toBe('2026-05-08')
    expect(countingDate({ date: '2026-07-08' })).toBe('2026-07-08')
    expect(daysLate({ date: '2026-06-30', period: '2026-Q2' })).toBeUndefined()
    expect(daysLate({ date: '2026-07-01', period: '2026-Q2' })?.days).toBe(1)
  })
  it('a late 研判 is counted and flagged in its own quarter, and leaves the next quarter empty', () => {
    const late = makeRecord('ideology-review', '2026-07-08', { title: '第二季度意识形态工作研判', period: '2026-Q2' })
    const q2 = check({ records: [late], rules: onlyRules('ideology-review'), today: '2026-10-01' })
    expect(q2.requirements[0]).toMatchObject({ held: 1, due: 0 })
    expect(withCode(q2.findings, 'late-meeting').map((f) => f.message)).toEqual([
      { 'zh-CN': '第二季度意识形态工作研判延至7月8日召开，逾期8天', en: 'The ideology-work review for Q2 was held late, on 8 July (8 days after the period)' },
    ])
    const q3 = check({ records: [late], rules: onlyRules('ideology-review'), quarter: 3, today: '2026-10-01' })
    expect(q3.requirements[0]).toMatchObject({ held: 0, due: 1 })
    expect(withCode(q3.findings, 'missing-meeting').map((f) => f.message['zh-CN'])).toEqual(['第三季度未召开意识形态工作研判'])
    expect(withCode(q3.findings, 'late-meeting')).toEqual([])
  })
  it('is accepted by the server’s validator only in its three shapes', () => {
    const r = { ...makeRecord('ideology-review', '2026-07-08'), photos: [], signatures: {} }
    for (const period of ['2026-Q2', '2026-06', '2026']) expect(validateRecordDoc({ ...r, period })).toEqual([])
    for (const period of ['2026-Q5', '2026-13', 'Q2', '第二季度']) expect(validateRecordDoc({ ...r, period }).length).toBeGreaterThan(0)
  })
})

describe('roster dates on the records', () => {
  const base = makeRecord('themed-party-day', '2026-05-10')
  it('someone listed before joining or after leaving is a finding; the day itself is the boundary', () => {
    const joinsOn10 = MEMBERS.map((m) => (m.id === 'm4' ? { ...m, transferredInOn: '2026-05-10' } : m))
    expect(withCode(check({ records: [base], members: joinsOn10, rules: [] }).findings, 'not-a-member')).toEqual([])
    const joinsOn11 = MEMBERS.map((m) => (m.id === 'm4' ? { ...m, transferredInOn: '2026-05-11' } : m))
    expect(withCode(check({ records: [base], members: joinsOn11, rules: [] }).findings, 'not-a-member').map((f) => [f.id, f.message['zh-CN']])).toEqual([
      [`not-a-member:${base.id}:m4`, '高明5月11日起才是本支部党员，会议当天不应列入应到人员'],
    ])
    const leftOn10 = MEMBERS.map((m) => (m.id === 'm5' ? { ...m, leftOn: '2026-05-10', active: false } : m))
    expect(withCode(check({ records: [base], members: leftOn10, rules: [] }).findings, 'not-a-member').map((f) => f.message['zh-CN'])).toEqual(['宋雅琴已于5月10日转出本支部，会议当天不应列入应到人员'])
    const leftOn11 = MEMBERS.map((m) => (m.id === 'm5' ? { ...m, leftOn: '2026-05-11', active: false } : m))
    expect(withCode(check({ records: [base], members: leftOn11, rules: [] }).findings, 'not-a-member')).toEqual([])
  })
  it('member dates are accepted by the server’s validator', () => {
    const m = { ...MEMBERS[0]!, transferredInOn: '2026-08-10', leftOn: '2026-09-01' }
    expect(validateMemberDoc(m)).toEqual([])
    expect(validateMemberDoc({ ...m, leftOn: '2026/09/01' }).length).toBeGreaterThan(0)
  })
})

describe('exclusions from "should attend" are checked, not trusted', () => {
  const excluded = (reason: string) => {
    const r = makeRecord('themed-party-day', '2026-05-10')
    return { ...r, attendance: r.attendance.map((a) => (a.memberId === 'm4' ? { ...a, status: 'excluded' as const, reason } : a)) }
  }
  const exclusionFindings = (reason: string) => withCode(check({ records: [excluded(reason)], rules: [] }).findings, 'exclusion-check')
  it('a recognized situation with the upper level’s approval passes', () => {
    expect(exclusionFindings('长期病休卧床，经上级党组织批准')).toEqual([])
    expect(exclusionFindings('自费出国一年，经机关党委同意')).toEqual([])
    expect(exclusionFindings('借调外单位超过半年，经上级党组织批准')).toEqual([])
  })
  it('a recognized situation without approval, or an unrecognized one, is a warning naming the person', () => {
    expect(exclusionFindings('病休').map((f) => [f.id, f.severity, f.message['zh-CN']])).toEqual([
      ['exclusion-check:m4', 'warning', '高明在5月10日主题党日中以“病休”不计入应到人数，未注明经上级党组织批准'],
    ])
    expect(exclusionFindings('工作太忙，经上级党组织批准')[0]!.message['zh-CN']).toBe(
      '高明在5月10日主题党日中以“工作太忙，经上级党组织批准”不计入应到人数，不属于可不计入应到人数的情形（因病不能表达意志、自费出国半年以上、服刑、卧床不起、外出半年以上未转组织关系）')
  })
})

describe('photos against the meeting', () => {
  const withPhoto = (takenAt: string) => {
    const r = makeRecord('themed-party-day', '2026-05-10')
    return { ...r, photos: [{ hash: 'x', mime: 'image/jpeg', size: 1, role: 'photo' as const, takenAt }] }
  }
  const photoFindings = (takenAt: string) => withCode(check({ records: [withPhoto(takenAt)], rules: [] }).findings, 'photo-date')
  it('taken on the meeting’s day in China time is fine, even when UTC says otherwise', () => {
    expect(photoFindings('2026-05-09T16:00:00.000Z')).toEqual([]) // 00:00 on 10 May in Beijing
    expect(photoFindings('2026-05-10T15:59:00.000Z')).toEqual([])
  })
  it('taken on another day is a warning', () => {
    const r = withPhoto('2026-05-10T16:00:00.000Z')
    expect(withCode(check({ records: [r], rules: [] }).findings, 'photo-date').map((f) => [f.id, f.severity, f.message['zh-CN']])).toEqual([
      [`photo-date:${r.id}`, 'warning', '照片拍摄于5月11日，与会议日期5月10日不符'],
    ])
  })
})

describe('finding ids do not depend on wording', () => {
  it('missing elements and quorum problems are keyed by the element and its place, not by the words', () => {
    const r = makeRecord('themed-party-day', '2026-05-10', { place: '', recorder: '' })
    const ids = check({ records: [r], rules: [] }).findings.filter((f) => f.recordId === r.id).map((f) => f.id).sort()
    expect(ids).toEqual([`missing-element:${r.id}:place`, `missing-element:${r.id}:recorder`])
  })
})

describe('roster import reads the dates of transfer in and out', () => {
  it('sets them, marks a member who left as no longer active, and refuses bad dates with the row', async () => {
    const { parseRosterRows } = await import('@/domain/roster')
    const header = ['姓名', '党员类别', '入党日期', '转入日期', '转出日期']
    let n = 0
    const ok = parseRosterRows([header, ['罗文斌', '正式党员', '2019-06-28', '2026/8/10', ''], ['冯立新', '正式党员', '2017-12-01', '', '2026年8月20日']], { branchId: 'b', now: '2026-01-01T00:00:00.000Z', newId: () => `id${++n}` })
    expect(ok.ok && ok.members.map((m) => [m.name, m.transferredInOn, m.leftOn, m.active])).toEqual([
      ['罗文斌', '2026-08-10', undefined, true],
      ['冯立新', undefined, '2026-08-20', false],
    ])
    const bad = parseRosterRows([header, ['罗文斌', '正式党员', '', '2026-09-10', '2026-08-01'], ['冯立新', '正式党员', '', '八月', '']], { branchId: 'b' })
    expect(bad.ok ? [] : bad.errors.map((e) => [e.row, e.message['zh-CN']])).toEqual([
      [2, '转出日期早于转入日期'],
      [3, '转入日期“八月”不是有效日期，应写成 2026-08-10'],
    ])
  })
})
