import { describe, expect, it } from 'vitest'
import { KINDS, isKnownKind, kindById, kindFields } from '@/domain/kinds'
import type { FieldDef } from '@/domain/kindSchema'

const EXPECTED_IDS = [
  'general-meeting', 'committee-meeting', 'party-group-meeting', 'party-lesson', 'themed-party-day',
  'org-life-meeting', 'democratic-appraisal', 'heart-talk', 'first-topic-study', 'theory-study-group',
  'democratic-life-meeting', 'ideology-review', 'major-decision', 'election', 'study-test',
]

function allFields(fields: FieldDef[]): FieldDef[] {
  return fields.flatMap((f) => [f, ...allFields(f.itemFields ?? [])])
}

describe('kinds registry', () => {
  it('declares every kind of the domain brief, once', () => {
    const ids = KINDS.map((k) => k.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual([...EXPECTED_IDS].sort())
  })

  it.each(KINDS.map((k) => [k.id, k] as const))('%s is complete', (_id, kind) => {
    for (const label of [kind.label, kind.bookLabel]) {
      expect(label['zh-CN'].trim()).not.toBe('')
      expect(label.en.trim()).not.toBe('')
    }
    expect(kind.bookLabel['zh-CN']).toContain('记录本')
    expect(kind.icon).not.toBe('')
    expect(kind.elements.length).toBeGreaterThan(0)
    expect(new Set(kind.elements).size).toBe(kind.elements.length)
    for (const r of kind.required) expect(kind.elements).toContain(r)
    expect(kind.minContentChars).toBeGreaterThanOrEqual(0)
    if (kind.firstTopicFirst) {
      expect(kind.elements).toContain('agenda')
      expect(kind.elements).toContain('firstTopic')
    }
    if (kind.frequency) {
      expect(kind.frequency.count).toBeGreaterThan(0)
      expect(kind.frequency.source['zh-CN']).not.toBe('')
      expect(kind.frequency.source.en).not.toBe('')
    }
    // Section values are stored flat, so field keys must be unique across the kind's sections.
    const keys = kindFields(kind).map((f) => f.key)
    expect(new Set(keys).size).toBe(keys.length)
    expect(new Set(kind.sections.map((s) => s.key)).size).toBe(kind.sections.length)
    for (const f of allFields(kindFields(kind))) {
      expect(f.label['zh-CN']).not.toBe('')
      expect(f.label.en).not.toBe('')
      if (f.type === 'select') expect(f.options?.length).toBeGreaterThan(1)
      if (f.type === 'list') {
        const itemKeys = (f.itemFields ?? []).map((i) => i.key)
        expect(itemKeys.length).toBeGreaterThan(0)
        expect(new Set(itemKeys).size).toBe(itemKeys.length)
      }
    }
  })

  it('flags 第一议题-first exactly for 支委会, 党员大会, 党小组会 and 中心组', () => {
    expect(KINDS.filter((k) => k.firstTopicFirst).map((k) => k.id).sort())
      .toEqual(['committee-meeting', 'general-meeting', 'party-group-meeting', 'theory-study-group'])
  })

  it('carries the rules of the domain brief as data', () => {
    expect(kindById('committee-meeting')).toMatchObject({ committeeOnly: true, frequency: { per: 'month', count: 1 } })
    expect(kindById('party-group-meeting')?.frequency).toMatchObject({ per: 'month', perPartyGroup: true })
    expect(kindById('party-lesson')?.frequency).toMatchObject({ per: 'quarter', localRule: true })
    expect(kindById('ideology-review')?.frequency).toMatchObject({ per: 'quarter', localRule: true })
    expect(kindById('election')?.defaultDecisionRule).toBe('election')
    expect(kindById('democratic-life-meeting')?.defaultDecisionRule).toBe('democratic-life')
    expect(kindById('major-decision')?.frequency).toBeNull()
    const orgLife = kindById('org-life-meeting')
    expect(orgLife?.sections.map((s) => s.key)).toEqual(['before', 'during', 'after'])
    const talk = kindById('heart-talk')
    expect(talk?.elements).not.toContain('agenda')
    expect(talk?.elements).not.toContain('decisions')
    const pairing = talk && kindFields(talk).find((f) => f.key === 'pairing')
    expect(pairing?.options?.map((o) => o.value)).toEqual(['committee-committee', 'committee-member', 'member-member'])
    const host = kindById('first-topic-study')
    const hostField = host && kindFields(host).find((f) => f.key === 'hostMeeting')
    expect(hostField?.options?.map((o) => o.value)).toEqual(['班子会议', '全体会议', '支委会', '党员大会', '党小组会', '中心组'])
  })

  it('looks kinds up by id', () => {
    expect(kindById('general-meeting')?.label['zh-CN']).toBe('支部党员大会')
    expect(kindById('nope')).toBeUndefined()
    expect(isKnownKind('heart-talk')).toBe(true)
    expect(isKnownKind('')).toBe(false)
  })
})
