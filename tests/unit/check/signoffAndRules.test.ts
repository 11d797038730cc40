import { describe, expect, it } from 'vitest'
import { KINDS } from '@/domain/kinds'
import {
  applyRuleOverrides, changeConfig, changeRule, defaultRules, EMPTY_RULE_SETTINGS, resolveConfig, resolveRules, ruleIdForKind,
  type RuleSettings,
} from '@/domain/check/rules'
import {
  CORRECTION_REASON_REQUIRED, correctionsOf, currentReviewMark, isFrozen, makeCorrection, requireCorrectionReason, signoffFor,
  type QuarterSignoff, type ReviewMark,
} from '@/domain/check/signoff'
import { reviewMatrix } from '@/domain/check/reviewMatrix'
import type { Branch } from '@/domain/types'
import { BRANCH, check, makeRecord, withCode } from './helpers'

const signoff = (extra: Partial<QuarterSignoff> = {}): QuarterSignoff => ({
  id: 's1', branchId: 'b1', year: 2026, quarter: 2, signedBy: '周建华', signedAt: '2026-07-03T08:00:00.000Z', comment: '已逐本检查', ...extra,
})
const by = { changedBy: '组织部 李华', changedAt: '2026-03-01T00:00:00.000Z', note: '区委组织部通知：党课每季度2次' }

describe('rules are data', () => {
  it('one rule per kind with a frequency, copied from the kind', () => {
    const rules = defaultRules()
    const withFrequency = KINDS.filter((k) => k.frequency)
    expect(rules.map((r) => r.kindId)).toEqual(withFrequency.map((k) => k.id))
    for (const k of withFrequency) {
      const r = rules.find((x) => x.kindId === k.id)!
      expect(r).toMatchObject({ id: ruleIdForKind(k.id), per: k.frequency!.per, count: k.frequency!.count, source: k.frequency!.source, enabled: true })
      expect(r.perPartyGroup ?? false).toBe(k.frequency!.perPartyGroup ?? false)
      expect(r.localRule ?? false).toBe(k.frequency!.localRule ?? false)
    }
  })

  it('an override (党课 per quarter → 2) changes the required count with no code change, and is logged', () => {
    const changed = changeRule(EMPTY_RULE_SETTINGS, { ruleId: 'kind:party-lesson', count: 2 }, by)
    expect(changed.ok).toBe(true)
    const settings = (changed as { settings: RuleSettings }).settings
    expect(settings.log).toEqual([{ ruleId: 'kind:party-lesson', field: 'count', from: 1, to: 2, ...by }])

    const lesson = makeRecord('party-lesson', '2026-05-20')
    const before = check({ records: [lesson] }).requirements.find((r) => r.kindId === 'party-lesson')!
    const after = check({ records: [lesson], rules: resolveRules(settings) }).requirements.find((r) => r.kindId === 'party-lesson')!
    expect(before).toMatchObject({ required: 1, held: 1, due: 0 })
    expect(after).toMatchObject({ required: 2, held: 1, due: 1 })
    expect(withCode(check({ records: [lesson], rules: resolveRules(settings) }).findings, 'missing-meeting').map((f) => f.kindId)).toContain('party-lesson')
  })

  it('overrides change the period and switch rules off; a later override wins', () => {
    const rules = applyRuleOverrides(defaultRules(), [
      { ruleId: 'kind:themed-party-day', per: 'quarter', ...by },
      { ruleId: 'kind:ideology-review', enabled: false, ...by },
      { ruleId: 'kind:party-lesson', count: 3, ...by },
      { ruleId: 'kind:party-lesson', count: 2, ...by },
    ])
    expect(rules.find((r) => r.kindId === 'themed-party-day')).toMatchObject({ per: 'quarter', count: 1 })
    expect(rules.find((r) => r.kindId === 'party-lesson')?.count).toBe(2)
    const result = check({ records: [], rules })
    expect(result.requirements.map((r) => r.kindId)).not.toContain('ideology-review')
    expect(result.requirements.find((r) => r.kindId === 'themed-party-day')).toMatchObject({ per: 'quarter', required: 1 })
  })

  it('refuses unknown rules, bad counts and changes without a reason; an unchanged value logs nothing', () => {
    expect(changeRule(EMPTY_RULE_SETTINGS, { ruleId: 'kind:nope', count: 2 }, by).ok).toBe(false)
    expect(changeRule(EMPTY_RULE_SETTINGS, { ruleId: 'kind:party-lesson', count: -1 }, by).ok).toBe(false)
    expect(changeRule(EMPTY_RULE_SETTINGS, { ruleId: 'kind:party-lesson', count: 1.5 }, by).ok).toBe(false)
    expect(changeRule(EMPTY_RULE_SETTINGS, { ruleId: 'kind:party-lesson', count: 2 }, { ...by, note: '  ' }).ok).toBe(false)
    const same = changeRule(EMPTY_RULE_SETTINGS, { ruleId: 'kind:party-lesson', count: 1 }, by)
    expect(same.ok && same.settings.log).toEqual([])
  })

  it('thresholds are data too, and their changes are logged', () => {
    const r = changeConfig(EMPTY_RULE_SETTINGS, 'lateEntryDays', 5, { ...by, note: '按工作日计' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(resolveConfig(r.settings).lateEntryDays).toBe(5)
    expect(resolveConfig().lateEntryDays).toBe(3)
    expect(r.settings.log[0]).toMatchObject({ ruleId: 'config', field: 'lateEntryDays', from: 3, to: 5 })
    resolveConfig().stockPhrases.push('变了')
    expect(resolveConfig().stockPhrases).not.toContain('变了')
  })
})

describe('sign-off and corrections', () => {
  it('freezes the records of a signed quarter only', () => {
    const s = [signoff()]
    expect(isFrozen({ branchId: 'b1', date: '2026-06-30' }, s)).toBe(true)
    expect(isFrozen({ branchId: 'b1', date: '2026-07-01' }, s)).toBe(false)
    expect(isFrozen({ branchId: 'b2', date: '2026-05-01' }, s)).toBe(false)
    expect(isFrozen({ branchId: 'b1', date: '' }, s)).toBe(false)
  })

  it('requires a correction reason for a frozen record', () => {
    const s = [signoff()]
    const r = { branchId: 'b1', date: '2026-05-01' }
    expect(requireCorrectionReason(r, s)).toEqual({ ok: false, error: CORRECTION_REASON_REQUIRED })
    expect(requireCorrectionReason(r, s, '   ')).toEqual({ ok: false, error: CORRECTION_REASON_REQUIRED })
    expect(CORRECTION_REASON_REQUIRED['zh-CN']).toBe('本季度已签核，修改需填写更正原因')
    expect(requireCorrectionReason(r, s, '补充缺席原因')).toEqual({ ok: true, frozen: true })
    expect(requireCorrectionReason({ branchId: 'b1', date: '2026-08-01' }, s)).toEqual({ ok: true, frozen: false })
  })

  it('a correction after sign-off shows in the check with its reason', () => {
    const rec = makeRecord('committee-meeting', '2026-05-12')
    const c = makeCorrection({ ...rec, place: '' }, ' 补记会议地点 ', '林晓梅', '2026-07-10T01:00:00.000Z', 'c1')
    expect(c.reason).toBe('补记会议地点')
    const result = check({ records: [rec], rules: [], signoffs: [signoff()], corrections: [c] })
    const f = withCode(result.findings, 'corrected-after-signoff')
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({ recordId: rec.id, severity: 'info', details: { reason: '补记会议地点', by: '林晓梅' } })
    expect(f[0]!.message['zh-CN']).toContain('补记会议地点')
    expect(result.signoff?.id).toBe('s1')
    // Without a sign-off there is nothing "after sign-off" to show.
    expect(withCode(check({ records: [rec], rules: [], corrections: [c] }).findings, 'corrected-after-signoff')).toEqual([])
  })

  it('the latest sign-off, correction history and review mark win', () => {
    const s = [signoff({ id: 'a', signedAt: '2026-07-01T00:00:00.000Z' }), signoff({ id: 'b', signedAt: '2026-07-05T00:00:00.000Z' })]
    expect(signoffFor('b1', 2026, 2, s)?.id).toBe('b')
    const rec = makeRecord('committee-meeting', '2026-05-12')
    const c2 = makeCorrection(rec, 'second', 'x', '2026-07-12T00:00:00.000Z', 'c2')
    const c1 = makeCorrection(rec, 'first', 'x', '2026-07-11T00:00:00.000Z', 'c1')
    expect(correctionsOf(rec.id, [c2, c1]).map((c) => c.id)).toEqual(['c1', 'c2'])
    const marks: ReviewMark[] = [
      { id: '1', recordId: rec.id, branchId: 'b1', state: 'problem', comment: '缺少表决票数', by: '李华', at: '2026-07-08T00:00:00.000Z' },
      { id: '2', recordId: rec.id, branchId: 'b1', state: 'passed', comment: '已补正', by: '李华', at: '2026-07-09T00:00:00.000Z' },
    ]
    expect(currentReviewMark(rec.id, marks)?.state).toBe('passed')
  })
})

describe('review matrix', () => {
  it('rows are branches in name order with held/required cells and signed state, no ranking', () => {
    const other: Branch = { ...BRANCH, id: 'b0', name: '后勤党支部', partyGroups: [] }
    const results = new Map([
      ['b1', check({ records: [makeRecord('committee-meeting', '2026-04-08')] })],
      ['b0', check({ records: [], branch: other })],
    ])
    const m = reviewMatrix([BRANCH, other, { ...BRANCH, id: 'b9', name: '安保党支部' }], results, [signoff()])
    // 安 (ān) < 后 (hòu) < 机 (jī) in pinyin order
    expect(m.rows.map((r) => r.branchName)).toEqual(['安保党支部', '后勤党支部', '机关第一党支部'])
    expect(m.columns.map((c) => c.ruleId)).toContain('kind:committee-meeting')
    const b1 = m.rows.find((r) => r.branchId === 'b1')!
    expect(b1.cells['kind:committee-meeting']).toMatchObject({ held: 1, required: 3, ok: false, due: 2 })
    expect(b1).toMatchObject({ signed: true, signedBy: '周建华', checked: true })
    const b0 = m.rows.find((r) => r.branchId === 'b0')!
    expect(b0.cells['kind:party-group-meeting']).toBeNull() // no groups: does not apply
    expect(b0.signed).toBe(false)
    expect(m.rows.find((r) => r.branchId === 'b9')).toMatchObject({ checked: false, signed: false })
    for (const row of m.rows) expect(Object.keys(row)).not.toContain('rank')
  })
})
