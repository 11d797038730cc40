// Shared drafts (共享草稿) as a synced entity: a row in the entity table, written by whoever keeps the
// records, belonging to the branch its document names; the record inside is checked like any record.
import { describe, expect, test } from 'vitest'
import { canWriteEntity, entityKind, validateMutationShape, type SharedDraftDoc } from '@/domain/protocol'
import { newRecord } from '@/domain/recordFactory'

const record = { ...newRecord('general-meeting', { branch: { id: 'b1' }, members: [], now: '2026-05-12T02:00:00.000Z' }), place: '会议室' }
const doc: SharedDraftDoc = { id: record.id, branchId: 'b1', record, sharedBy: '张三', sharedAt: '2026-05-12T03:00:00.000Z', updatedAt: '2026-05-12T03:00:00.000Z' }
const validate = (d: unknown) => entityKind('shared-draft')!.validate(d)

describe('the shared-draft entity', () => {
  test('has a row: branch from the document, written by secretaries and recorders only, record merged field by field', () => {
    const def = entityKind('shared-draft')
    expect(def).toBeDefined()
    expect(def!.branchIdOf({ branchId: 'b7' }, 'x')).toBe('b7')
    expect(def!.branchIdOf({}, 'x')).toBeUndefined()
    expect(canWriteEntity('secretary', 'shared-draft')).toBe(true)
    expect(canWriteEntity('recorder', 'shared-draft')).toBe(true)
    for (const role of ['member', 'reviewer', 'admin'] as const) expect(canWriteEntity(role, 'shared-draft')).toBe(false)
    expect(def!.nestedFields).toEqual(['record'])
    expect(validateMutationShape({ mutationId: 'mu-1', entity: 'shared-draft', id: record.id, baseRev: 0, doc })).toEqual([])
  })

  test('a draft as the editor shares it passes, and so does its tombstone', () => {
    expect(validate(doc)).toEqual([])
    expect(validate({ ...doc, deleted: true, updatedAt: '2026-05-12T04:00:00.000Z' })).toEqual([])
  })

  test('refuses what is not a draft of the same record in the same branch, with the reason', () => {
    expect(validate({ ...doc, record: { ...record, status: 'final' } })).toEqual(['record.status: a shared draft holds a draft'])
    expect(validate({ ...doc, id: 'other' })).toEqual(["record.id: must be the shared draft's id"])
    expect(validate({ ...doc, branchId: 'b2' })).toEqual(["record.branchId: must be the shared draft's branch"])
    expect(validate({ ...doc, record: { ...record, kind: 'tea-party' } })).toEqual(['record.kind: unknown record kind "tea-party"'])
    expect(validate({ ...doc, record: { ...record, date: '2026-13-01' } })).toContain('record.date: malformed value')
    expect(validate({ ...doc, sharedBy: '' })).toContain('sharedBy: shorter than 1 characters')
    expect(validate({ ...doc, note: 'x' })).toContain('note: unknown field')
    const { record: _omitted, ...withoutRecord } = doc
    expect(validate(withoutRecord)).toContain('record: required')
  })
})
