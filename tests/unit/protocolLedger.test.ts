// The rectification ledger and study plans as synced entities: each has a row in the entity table whose
// validator accepts the documents the app writes and says why it refuses broken ones.
import { describe, expect, test } from 'vitest'
import { ENTITY_KINDS, canWriteEntity, entityKind, validateMutationShape } from '@/domain/protocol'
import { categories, evidence, findings, inspection, measures } from './rectification/ledgerFixture'

const inBranch = <T extends object>(doc: T) => ({ ...doc, branchId: 'b1' }) as T & { branchId: string }
const validate = (entity: string, doc: unknown) => entityKind(entity)?.validate(doc)

describe('ledger entities in the entity table', () => {
  test('every ledger entity has a row, belongs to the branch its document names, and is written by secretaries and recorders', () => {
    const names = ['inspection', 'finding-category', 'finding', 'measure', 'evidence', 'study-plan', 'report-draft']
    for (const name of names) {
      const def = entityKind(name)
      expect(def, name).toBeDefined()
      expect(def?.branchIdOf({ branchId: 'b7' }, 'x')).toBe('b7')
      expect(def?.branchIdOf({}, 'x')).toBeUndefined()
      expect(canWriteEntity('secretary', def!.entity)).toBe(true)
      expect(canWriteEntity('recorder', def!.entity)).toBe(true)
      expect(canWriteEntity('reviewer', def!.entity)).toBe(false)
      expect(canWriteEntity('member', def!.entity)).toBe(false)
      expect(validateMutationShape({ mutationId: 'mu-1', entity: name, id: 'x1', baseRev: 0, doc: {} })).toEqual([])
    }
    expect(new Set(ENTITY_KINDS.map((k) => k.entity)).size).toBe(ENTITY_KINDS.length)
  })

  test('the documents of a realistic ledger pass', () => {
    expect(validate('inspection', inspection)).toEqual([])
    for (const c of categories) expect(validate('finding-category', inBranch(c))).toEqual([])
    for (const f of findings) expect(validate('finding', inBranch(f))).toEqual([])
    for (const m of measures) expect(validate('measure', inBranch(m))).toEqual([])
    for (const e of evidence) {
      const doc = e.file ? { ...e, file: { ...e.file, hash: 'a'.repeat(64) } } : e // the fixture's hash is a stub
      expect(validate('evidence', inBranch(doc))).toEqual([])
    }
    expect(validate('study-plan', {
      id: 'p1', branchId: 'b1', year: 2026, type: 'theory-group',
      items: [{ id: 'i1', month: 1, topic: '学习党章', materials: '党章第一章', linkedRecordIds: ['r1'] }],
      revisions: [{ at: '2026-02-01T00:00:00.000Z', by: '王书记', reason: '人员调整', items: [] }],
    })).toEqual([])
    expect(validate('report-draft', {
      id: 'insp1', branchId: 'b1', inspectionId: 'insp1', title: '通报', date: '2026-10-01',
      paragraphs: [{ type: 'heading', level: 1, role: 'section', text: '（一）方面', categoryId: 'c1' }, { type: 'paragraph', role: 'signature', text: '某街道', align: 'right' }],
      composedAt: '2026-10-01T00:00:00.000Z', updatedAt: '2026-10-01T00:00:00.000Z',
    })).toEqual([])
  })

  test('broken documents are refused with the reason', () => {
    expect(validate('finding', findings[0])).toContain('branchId: required')
    expect(validate('measure', { ...inBranch(measures[0]!), status: 'finished' })?.[0]).toMatch(/^status: must be one of/)
    expect(validate('measure', { ...inBranch(measures[0]!), deadline: '2026-13-01' })).toContain('deadline: malformed value')
    expect(validate('evidence', { ...inBranch(evidence[1]!), rule: { name: '', docNumber: '', adoptedOn: '2026-08-05' } })).toContain('rule.name: shorter than 1 characters')
    expect(validate('evidence', { ...inBranch(evidence[0]!), type: 'video' })?.[0]).toMatch(/^type: must be one of/)
    expect(validate('inspection', { ...inspection, scope: 'world' })?.[0]).toMatch(/^scope: must be one of/)
    expect(validate('study-plan', { id: 'p1', branchId: 'b1', year: 2026, type: 'party-lesson', items: [{ id: 'i1', month: 13, topic: 'x', linkedRecordIds: [] }], revisions: [] }))
      .toContain('items[0].month: must be between 1 and 12')
    expect(validate('finding-category', { ...inBranch(categories[0]!), colour: 'red' })).toContain('colour: unknown field')
  })
})

describe('ledger fields a pasted report fills', () => {
  test('an inspection with publisher, successor, contact and report date passes, and one without them still does', () => {
    const full = {
      ...inspection, deadline: '', successorUnit: '县农业农村局', publisher: '中共云岭县农业农村局党组',
      contactPhone: '0000-7654321', contactEmail: 'ylxnync@example.cn', contactMailbox: '云岭县农业农村局办公室', reportDate: '2024-11-05',
    }
    expect(validate('inspection', full)).toEqual([])
    expect(validate('inspection', inspection)).toEqual([]) // old documents stay readable
    expect(validate('inspection', { ...full, reportDate: '2024-13-05' })?.join()).toContain('reportDate')
    expect(validate('inspection', { ...full, deadline: '待明确' })?.join()).toContain('deadline')
  })

  test('a measure may leave leader, department and deadline 待明确 (empty), but not leave them out', () => {
    const [m] = measures
    expect(validate('measure', inBranch({ ...m!, leadLeader: '', responsible: '', deadline: '' }))).toEqual([])
    const { deadline: _dropped, ...noDeadline } = m!
    expect(validate('measure', inBranch(noDeadline))?.join()).toContain('deadline')
  })

  test('evidence may carry the date of a file\'s content', () => {
    expect(validate('evidence', inBranch({ id: 'e9', measureId: 'm1', type: 'file', note: '判决书', date: '2024-08-09' }))).toEqual([])
    expect(validate('evidence', inBranch({ id: 'e9', measureId: 'm1', type: 'file', date: '8月9日' }))?.join()).toContain('date')
  })
})
