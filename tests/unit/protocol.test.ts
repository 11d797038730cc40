import { describe, expect, test } from 'vitest'
import {
  applyChangedFields,
  canonicalJson,
  canWriteEntity,
  ENTITY_KINDS,
  entityKind,
  proposedDoc,
  validateBranchDoc,
  validateMemberDoc,
  validatePushRequest,
  validateRecordDoc,
  type Mutation,
} from '@/domain/protocol'
import { sampleBranch, sampleMember, sampleRecord } from '../server/helpers/sampleDocs'

const rec = sampleRecord({ id: 'r-1', branchId: 'b-1' })

describe('validateRecordDoc', () => {
  test('accepts a complete record and a minimal one', () => {
    expect(validateRecordDoc(rec)).toEqual([])
    const { startTime: _s, endTime: _e, place: _p, chair: _c, recorder: _r, summary: _m, sequence: _q, ...minimal } = rec
    expect(validateRecordDoc(minimal)).toEqual([])
  })

  test.each([
    ['missing title', { title: undefined }, 'title: required'],
    ['wrong type', { ended: 'yes' }, 'ended: must be true or false, got a string'],
    ['unknown kind', { kind: 'tea-party' }, 'kind: unknown record kind "tea-party"'],
    ['bad date', { date: '2026-13-01' }, 'date: malformed value'],
    ['bad time', { startTime: '25:00' }, 'startTime: malformed value'],
    ['too long', { title: '长'.repeat(201) }, 'title: longer than 200 characters'],
    ['bad status', { status: 'done' }, 'status: must be one of draft, final'],
    ['future schema', { schemaVersion: 99 }, 'schemaVersion: must be between 1 and 1'],
    ['null optional', { place: null }, 'place: must be a string, got null'],
    ['bad attendance status', { attendance: [{ memberId: 'm', name: 'x', status: 'late' }] }, 'attendance[0].status: must be one of present, absent, excluded, observer, written'],
    ['unknown nested field', { guests: [{ name: 'x', title: 'y' }] }, 'guests[0].title: unknown field'],
    ['negative votes', { decisions: [{ id: 'd', text: 't', rule: 'committee', yes: -1 }] }, 'decisions[0].yes: must be between 0 and 1000000'],
    ['bad photo hash', { photos: [{ hash: 'abc', mime: 'image/jpeg', size: 1, role: 'photo' }] }, 'photos[0].hash: malformed value'],
    ['sections not an object', { sections: [] }, 'sections: must be an object, got an array'],
  ])('rejects %s', (_label, patch, reason) => {
    expect(validateRecordDoc({ ...rec, ...patch })).toContain(reason)
  })

  test('rejects unknown top-level fields and non-objects', () => {
    expect(validateRecordDoc({ ...rec, color: 'red' })).toContain('color: unknown field')
    expect(validateRecordDoc(null)).toEqual(['document: must be an object, got null'])
    expect(validateRecordDoc('x')).toEqual(['document: must be an object, got a string'])
  })

  test('bounds free-form sections in depth and size', () => {
    let deep: unknown = 'x'
    for (let i = 0; i < 10; i++) deep = { d: deep }
    expect(validateRecordDoc({ ...rec, sections: { s: deep } }).join()).toMatch(/nested deeper/)
    expect(validateRecordDoc({ ...rec, sections: { s: 'x'.repeat(20_001) } }).join()).toMatch(/longer than 20000/)
    expect(validateRecordDoc({ ...rec, sections: { talk: { with: ['周建华'], topics: '工作' } } })).toEqual([])
  })
})

describe('member and branch documents', () => {
  test('valid samples pass; broken ones say why', () => {
    expect(validateMemberDoc(sampleMember({ id: 'm-1', branchId: 'b-1' }))).toEqual([])
    expect(validateMemberDoc({ ...sampleMember({ id: 'm-1', branchId: 'b-1' }), name: '' })).toContain('name: shorter than 1 characters')
    expect(validateMemberDoc({ ...sampleMember({ id: 'm-1', branchId: 'b-1' }), situation: 'retired' })[0]).toMatch(/^situation: must be one of/)
    expect(validateBranchDoc(sampleBranch({ id: 'b-1' }))).toEqual([])
    expect(validateBranchDoc({ ...sampleBranch({ id: 'b-1' }), partyGroups: [{ id: 'g', name: 'x', extra: 1 }] })).toContain('partyGroups[0].extra: unknown field')
  })
})

describe('the entity table', () => {
  test('every entity has a row with a validator, a branch and writers', () => {
    // Other features append their entities (the rectification ledger, plans…); these three are the core.
    expect(ENTITY_KINDS.map((k) => k.entity)).toEqual(expect.arrayContaining(['branch', 'member', 'record']))
    expect(entityKind('record')?.branchIdOf(rec as unknown as Record<string, unknown>, 'r-1')).toBe('b-1')
    expect(entityKind('branch')?.branchIdOf({}, 'b-9')).toBe('b-9')
    expect(entityKind('nonsense')).toBeUndefined()
    expect(canWriteEntity('recorder', 'record')).toBe(true)
    expect(canWriteEntity('member', 'record')).toBe(false)
    expect(canWriteEntity('reviewer', 'record')).toBe(false)
    expect(canWriteEntity('admin', 'branch')).toBe(true)
    expect(canWriteEntity('recorder', 'branch')).toBe(false)
  })
})

describe('push request shape', () => {
  const m: Mutation = { mutationId: 'mu-1', entity: 'record', id: 'r-1', baseRev: 0, doc: rec as unknown as Record<string, unknown> }

  test('accepts a well-formed push', () => {
    expect(validatePushRequest({ deviceId: 'dev-1', mutations: [m] })).toEqual([])
    expect(validatePushRequest({ deviceId: 'dev-1', mutations: [{ ...m, doc: undefined, deleted: true, baseRev: 3 }] })).toEqual([])
  })

  test.each([
    ['unknown top-level field', { deviceId: 'd', mutations: [], extra: 1 }, 'extra: unknown field'],
    ['missing deviceId', { mutations: [] }, 'deviceId: required'],
    ['bad id characters', { deviceId: 'd', mutations: [{ ...m, id: 'a b' }] }, 'mutations[0].id: malformed value'],
    ['unknown entity', { deviceId: 'd', mutations: [{ ...m, entity: 'car' }] }, `mutations[0].entity: must be one of ${ENTITY_KINDS.map((k) => k.entity).join(', ')}`],
    ['negative baseRev', { deviceId: 'd', mutations: [{ ...m, baseRev: -1 }] }, 'mutations[0].baseRev: must be between 0 and 9007199254740991'],
    ['no doc', { deviceId: 'd', mutations: [{ ...m, doc: undefined }] }, 'mutations[0].doc: required (or changedFields, or deleted: true)'],
    ['both doc and changes', { deviceId: 'd', mutations: [{ ...m, baseRev: 1, changedFields: { a: 1 } }] }, 'mutations[0].doc: send either doc or changedFields, not both'],
    ['mutations not an array', { deviceId: 'd', mutations: {} }, 'mutations: must be an array, got an object'],
  ])('rejects %s', (_label, body, reason) => {
    expect(validatePushRequest(body)).toContain(reason)
  })
})

describe('helpers', () => {
  test('changedFields apply on top of the base and null removes a field', () => {
    expect(applyChangedFields({ a: 1, b: 2 }, { b: null, c: 3 })).toEqual({ a: 1, c: 3 })
    const m: Mutation = { mutationId: 'x', entity: 'record', id: 'r', baseRev: 2, changedFields: { a: 5 } }
    expect(proposedDoc(m, { a: 1, b: 2 })).toEqual({ a: 5, b: 2 })
    expect(proposedDoc({ ...m, changedFields: undefined, deleted: true }, { a: 1 })).toEqual({ a: 1 })
  })

  test('canonicalJson ignores key order and undefined', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe(canonicalJson({ a: [1, { d: 2 }], b: 1 }))
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }))
  })
})

describe('thumbnail references on the wire', () => {
  const hex = (c: string): string => c.repeat(64)
  const photo = { hash: hex('a'), mime: 'image/jpeg', size: 1000, role: 'photo' as const }
  test('a photo may name its thumbnail (a file of its own); a malformed thumbHash is refused', () => {
    expect(validateRecordDoc(sampleRecord({ id: 'r1', branchId: 'b1', photos: [{ ...photo, thumbHash: hex('b') }] }))).toEqual([])
    const bad = validateRecordDoc(sampleRecord({ id: 'r1', branchId: 'b1', photos: [{ ...photo, thumbHash: 'not-a-hash' }] }))
    expect(bad).toHaveLength(1)
    expect(bad[0]).toContain('thumbHash')
  })
})
