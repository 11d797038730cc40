import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { changedFields, DELETED, joinConflicts, jsonEqual, mergeDeletion, mergeFields } from '@/domain/merge'

describe('jsonEqual', () => {
  test('compares objects regardless of key order and arrays by position', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true)
    expect(jsonEqual([1, 2], [2, 1])).toBe(false)
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false)
    expect(jsonEqual({ a: undefined }, {})).toBe(true)
    expect(jsonEqual(null, {})).toBe(false)
    expect(jsonEqual([], {})).toBe(false)
    expect(jsonEqual('1', 1)).toBe(false)
  })
})

describe('mergeFields', () => {
  const base = { title: '支委会', place: '会议室', summary: 'a', attendance: [{ name: '周建华' }], sections: { s1: 'x', s2: 'y' } }

  test('takes each side’s change when they touched different fields', () => {
    const local = { ...base, title: '第三次支委会' }
    const remote = { ...base, place: '党员活动室' }
    const { merged, conflicts } = mergeFields(base, local, remote)
    expect(conflicts).toEqual([])
    expect(merged).toEqual({ ...base, title: '第三次支委会', place: '党员活动室' })
  })

  test('a same-field clash is reported with both values and keeps the remote value', () => {
    const local = { ...base, place: '三楼会议室' }
    const remote = { ...base, place: '党员活动室', summary: 'b' }
    const { merged, conflicts } = mergeFields(base, local, remote)
    expect(conflicts).toEqual([{ field: 'place', base: '会议室', local: '三楼会议室', remote: '党员活动室' }])
    expect(merged.place).toBe('党员活动室')
    expect(merged.summary).toBe('b')
  })

  test('both sides making the same change is not a conflict', () => {
    const changed = { ...base, summary: 'same' }
    expect(mergeFields(base, changed, { ...changed })).toEqual({ merged: changed, conflicts: [] })
  })

  test('arrays are whole values: different edits of one list clash', () => {
    const local = { ...base, attendance: [{ name: '周建华' }, { name: '林晓梅' }] }
    const remote = { ...base, attendance: [{ name: '郑国强' }] }
    const { conflicts } = mergeFields(base, local, remote)
    expect(conflicts.map((c) => c.field)).toEqual(['attendance'])
  })

  test('sections merge per section key, and clash per key', () => {
    const local = { ...base, sections: { s1: 'local', s2: 'y', s3: 'new' } }
    const remote = { ...base, sections: { s1: 'x', s2: 'remote' } }
    expect(mergeFields(base, local, remote)).toEqual({
      merged: { ...base, sections: { s1: 'local', s2: 'remote', s3: 'new' } },
      conflicts: [],
    })
    const clash = mergeFields(base, { ...base, sections: { s1: 'L', s2: 'y' } }, { ...base, sections: { s1: 'R', s2: 'y' } })
    expect(clash.conflicts).toEqual([{ field: 'sections.s1', base: 'x', local: 'L', remote: 'R' }])
    expect(clash.merged.sections).toEqual({ s1: 'R', s2: 'y' })
  })

  test('a removal on one side wins over no change; removal against a change clashes', () => {
    const { place: _omit, ...withoutPlace } = base
    expect(mergeFields(base, withoutPlace, base).merged).toEqual(withoutPlace)
    const { conflicts } = mergeFields(base, withoutPlace, { ...base, place: '新地点' })
    expect(conflicts).toEqual([{ field: 'place', base: '会议室', remote: '新地点' }])
  })

  test('updatedAt never clashes: the later timestamp wins', () => {
    const b = { ...base, updatedAt: '2026-01-01T00:00:00.000Z' }
    const l = { ...b, title: 'L', updatedAt: '2026-01-02T00:00:00.000Z' }
    const r = { ...b, place: 'R', updatedAt: '2026-01-03T00:00:00.000Z' }
    const { merged, conflicts } = mergeFields(b, l, r)
    expect(conflicts).toEqual([])
    expect(merged.updatedAt).toBe('2026-01-03T00:00:00.000Z')
  })

  test('an empty base (both created the same entity) clashes on every differing field', () => {
    const { conflicts, merged } = mergeFields({}, { a: 1, b: 2 }, { a: 1, b: 3 })
    expect(conflicts).toEqual([{ field: 'b', local: 2, remote: 3 }])
    expect(merged).toEqual({ a: 1, b: 3 })
  })

  test('a "__proto__" key stays data', () => {
    const local = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>
    const { merged } = mergeFields({}, local, {})
    expect(Object.keys(merged)).toContain('__proto__')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  // Properties over random documents: the merge never invents values and never drops a one-sided change.
  const value = fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b'), fc.constant([1]))
  const doc = fc.record({ f1: value, f2: value, f3: value }, { requiredKeys: [] })
  test('properties: one-sided changes are kept, clashes are exactly the fields both changed differently', () => {
    fc.assert(
      fc.property(doc, doc, doc, (b, l, r) => {
        const { merged, conflicts } = mergeFields(b, l, r)
        const m = merged as Record<string, unknown>
        for (const f of ['f1', 'f2', 'f3'] as const) {
          const lChanged = !jsonEqual(l[f], b[f])
          const rChanged = !jsonEqual(r[f], b[f])
          const clash = lChanged && rChanged && !jsonEqual(l[f], r[f])
          expect(conflicts.some((c) => c.field === f)).toBe(clash)
          if (clash || rChanged) expect(jsonEqual(m[f], r[f])).toBe(true)
          else expect(jsonEqual(m[f], l[f])).toBe(true)
        }
        // Merging with an unchanged side is the identity of the other side.
        expect(jsonEqual(mergeFields(b, b, r).merged, r)).toBe(true)
        expect(jsonEqual(mergeFields(b, l, b).merged, l)).toBe(true)
      }),
    )
  })
})

describe('changedFields', () => {
  test('lists changed top-level fields and changed section keys', () => {
    expect(
      changedFields({ a: 1, b: [1], sections: { x: 1, y: 2 } }, { a: 1, b: [2], c: 3, sections: { x: 1, y: 3 } }).sort(),
    ).toEqual(['b', 'c', 'sections.y'])
    expect(changedFields({ a: 1 }, { a: 1 })).toEqual([])
  })
})

describe('deletion against a concurrent change (the rule the server and the device share)', () => {
  const base = { doc: { title: 'a' }, deleted: false }
  const edited = { doc: { title: 'b' }, deleted: false }
  const deleted = { doc: { title: 'a' }, deleted: true }

  test('a deletion nobody contradicted holds; one against an edit is a clash and the stored state stays', () => {
    expect(mergeDeletion(base, deleted, base)).toEqual({ deleted: true, conflict: null })
    expect(mergeDeletion(base, deleted, edited)).toEqual({ deleted: false, conflict: { field: DELETED, base: false, local: true, remote: false } })
    // The other side deleted it while this side edited it; and while this side changed nothing.
    expect(mergeDeletion(base, edited, deleted)).toEqual({ deleted: true, conflict: { field: DELETED, base: false, local: false, remote: true } })
    expect(mergeDeletion(base, base, deleted)).toEqual({ deleted: true, conflict: null })
    // Both deleted: no clash, whatever else changed.
    expect(mergeDeletion(base, { doc: { title: 'c' }, deleted: true }, deleted)).toEqual({ deleted: true, conflict: null })
  })

  test('with no base document, any document counts as a change', () => {
    expect(mergeDeletion({ doc: null, deleted: false }, { doc: null, deleted: true }, { doc: { title: 'x' }, deleted: false }))
      .toEqual({ deleted: false, conflict: { field: DELETED, base: false, local: true, remote: false } })
    expect(mergeDeletion({ doc: null, deleted: false }, { doc: null, deleted: true }, { doc: null, deleted: false }))
      .toEqual({ deleted: true, conflict: null })
  })

  test('joining clashes keeps every value not taken; the same field with the same incoming value is replaced', () => {
    const earlier = [{ field: 'title', local: 'x', remote: 'a' }, { field: 'place', local: 'p', remote: 'q' }]
    const newer = [{ field: 'title', local: 'x', remote: 'b' }, { field: 'place', local: 'r', remote: 'q' }]
    expect(joinConflicts(earlier, newer)).toEqual([{ field: 'place', local: 'p', remote: 'q' }, ...newer])
    expect(joinConflicts([], newer)).toEqual(newer)
  })
})
