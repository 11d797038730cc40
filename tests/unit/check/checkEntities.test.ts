// The quarterly check's synced entities: their rows in the entity table (who writes them, which branch
// they belong to, what their validators accept and refuse) and how saved rule changes fold back into
// the settings the check runs with.
import { describe, expect, test } from 'vitest'
import { ENTITY_KINDS, canWriteEntity, entityKind, validateMutationShape, validatePushRequest } from '@/domain/protocol'
import { ruleSettingsFromOverrides, type CorrectionDoc, type ReviewCommentDoc, type ReviewMarkDoc, type RuleOverrideDoc, type SignoffDoc } from '@/domain/check/checkEntities'
import { resolveRules, ruleIdForKind } from '@/domain/check/rules'
import { makeRecord } from './helpers'

const validate = (entity: string, doc: unknown) => entityKind(entity)!.validate(doc)

const SIGNOFF: SignoffDoc = {
  id: 'so-1', branchId: 'b1', year: 2026, quarter: 2, signedBy: '周建华', signedAt: '2026-07-02T02:00:00.000Z', comment: '记录齐全',
  signature: { hash: 'a'.repeat(64), mime: 'image/png', size: 900, role: 'signature', width: 300, height: 120 },
}
const MARK: ReviewMarkDoc = { id: 'rm-1', branchId: 'b1', recordId: 'r-1', state: 'problem', comment: '缺席人员未写原因', by: '上级审阅人', at: '2026-07-05T03:00:00.000Z' }
const COMMENT: ReviewCommentDoc = { id: 'rc-1', branchId: 'b1', year: 2026, quarter: 2, text: '本季度记录较规范。', by: '上级审阅人', at: '2026-07-05T03:00:00.000Z' }
const OVERRIDE: RuleOverrideDoc = { id: 'ro-1', branchId: 'b1', ruleId: ruleIdForKind('party-lesson'), count: 2, changedBy: '周建华', changedAt: '2026-04-01T01:00:00.000Z', note: '区委组织部通知' }

describe('check entities in the entity table', () => {
  test('each has one row and belongs to the branch its document names', () => {
    for (const name of ['check-signoff', 'correction', 'review-mark', 'review-comment', 'rule-override']) {
      const def = entityKind(name)
      expect(def, name).toBeDefined()
      expect(def!.branchIdOf({ branchId: 'b7' }, 'x')).toBe('b7')
      expect(def!.branchIdOf({}, 'x')).toBeUndefined()
      expect(validateMutationShape({ mutationId: 'mu-1', entity: name, id: 'x1', baseRev: 0, doc: {} })).toEqual([])
    }
    expect(new Set(ENTITY_KINDS.map((k) => k.entity)).size).toBe(ENTITY_KINDS.length)
  })

  test('only reviewers write review marks and comments; reviewers write nothing else of a branch', () => {
    for (const entity of ['review-mark', 'review-comment'] as const) {
      expect(canWriteEntity('reviewer', entity)).toBe(true)
      for (const role of ['admin', 'secretary', 'recorder', 'member'] as const) expect(canWriteEntity(role, entity), `${role} ${entity}`).toBe(false)
    }
    for (const entity of ['record', 'member', 'check-signoff', 'correction', 'rule-override'] as const) {
      expect(canWriteEntity('reviewer', entity), entity).toBe(false)
    }
    expect(canWriteEntity('secretary', 'check-signoff')).toBe(true)
    expect(canWriteEntity('recorder', 'check-signoff')).toBe(false)
    expect(canWriteEntity('recorder', 'correction')).toBe(true)
    expect(canWriteEntity('member', 'correction')).toBe(false)
    expect(canWriteEntity('admin', 'rule-override')).toBe(true)
    expect(canWriteEntity('recorder', 'rule-override')).toBe(false)
  })

  test('valid documents pass, in a push too', () => {
    const correction: CorrectionDoc = {
      id: 'co-1', branchId: 'b1', recordId: 'r-1', reason: '补充缺席人员原因', at: '2026-07-06T01:00:00.000Z', by: '林晓梅',
      // The helper's photos carry placeholder hashes; a stored record has real SHA-256 ones.
      previous: makeRecord('committee-meeting', '2026-05-12', { id: 'r-1', photos: [], signatures: {} }),
    }
    expect(validate('check-signoff', SIGNOFF)).toEqual([])
    expect(validate('check-signoff', { ...SIGNOFF, signature: undefined, comment: '', updatedAt: '2026-07-02T02:00:00.000Z' })).toEqual([])
    expect(validate('correction', correction)).toEqual([])
    expect(validate('review-mark', MARK)).toEqual([])
    expect(validate('review-comment', COMMENT)).toEqual([])
    expect(validate('rule-override', OVERRIDE)).toEqual([])
    expect(validate('rule-override', { ...OVERRIDE, count: undefined, enabled: false, per: 'quarter', deleted: true })).toEqual([])
    expect(validatePushRequest({ deviceId: 'dev-1', mutations: [{ mutationId: 'mu-1', entity: 'review-mark', id: MARK.id, baseRev: 0, doc: MARK }] })).toEqual([])
  })

  test('broken documents are refused with the field named', () => {
    expect(validate('check-signoff', { ...SIGNOFF, quarter: 5 })).toContain('quarter: must be between 1 and 4')
    expect(validate('check-signoff', { ...SIGNOFF, signedBy: '' })).toContain('signedBy: shorter than 1 characters')
    expect(validate('check-signoff', { ...SIGNOFF, score: 98 })).toContain('score: unknown field')
    expect(validate('review-mark', { ...MARK, state: 'rejected' })).toContain('state: must be one of pending, problem, passed')
    expect(validate('review-mark', { ...MARK, recordId: undefined })).toContain('recordId: required')
    expect(validate('review-comment', { ...COMMENT, text: '' })).toContain('text: shorter than 1 characters')
    expect(validate('rule-override', { ...OVERRIDE, note: '' })).toContain('note: shorter than 1 characters')
    expect(validate('rule-override', { ...OVERRIDE, per: 'week' })).toContain('per: must be one of month, quarter, year')
    expect(validate('rule-override', { ...OVERRIDE, count: -1 })).toContain('count: must be between 0 and 1000')
    const previous = { ...makeRecord('committee-meeting', '2026-05-12', { id: 'r-1', photos: [], signatures: {} }), date: '2026-13-01' }
    expect(validate('correction', { id: 'co-1', branchId: 'b1', recordId: 'r-1', reason: '  x', at: '2026-07-06T01:00:00.000Z', by: '林晓梅', previous }))
      .toContain('previous.date: malformed value')
    expect(validate('correction', { id: 'co-1', branchId: 'b1', recordId: 'r-1', reason: '', at: '2026-07-06T01:00:00.000Z', by: '林晓梅', previous: makeRecord('committee-meeting', '2026-05-12', { photos: [], signatures: {} }) }))
      .toContain('reason: shorter than 1 characters')
  })
})

describe('ruleSettingsFromOverrides', () => {
  const lesson = ruleIdForKind('party-lesson')

  test('replays the changes oldest first, whatever order they arrive in, with a from → to log', () => {
    const later: RuleOverrideDoc = { ...OVERRIDE, id: 'ro-2', count: 3, changedAt: '2026-05-01T01:00:00.000Z', note: '改为每季度3次' }
    const settings = ruleSettingsFromOverrides([later, OVERRIDE])
    expect(resolveRules(settings).find((r) => r.id === lesson)?.count).toBe(3)
    expect(settings.log.map((l) => [l.field, l.from, l.to, l.note])).toEqual([
      ['count', 1, 2, '区委组织部通知'],
      ['count', 2, 3, '改为每季度3次'],
    ])
  })

  test('deleted changes, unknown rules and changes that change nothing leave no trace', () => {
    const settings = ruleSettingsFromOverrides([
      { ...OVERRIDE, deleted: true },
      { ...OVERRIDE, id: 'ro-x', ruleId: 'kind:no-such-kind' },
      { ...OVERRIDE, id: 'ro-same', count: 1 },
    ])
    expect(settings.overrides).toEqual([])
    expect(settings.log).toEqual([])
    expect(resolveRules(settings).find((r) => r.id === lesson)?.count).toBe(1)
  })

  test('switching a requirement off is logged and honoured', () => {
    const settings = ruleSettingsFromOverrides([{ ...OVERRIDE, count: undefined, enabled: false }])
    expect(resolveRules(settings).find((r) => r.id === lesson)?.enabled).toBe(false)
    expect(settings.log).toHaveLength(1)
    expect(settings.log[0]).toMatchObject({ field: 'enabled', from: true, to: false })
  })
})
