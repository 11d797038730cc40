import { describe, expect, it } from 'vitest'
import dayjs from 'dayjs'
import { newRecord } from '@/domain/recordFactory'
import { kindById } from '@/domain/kinds'
import { missingElements } from '@/domain/validation'
import { RECORD_SCHEMA_VERSION } from '@/domain/types'
import { branch, member } from './helpers'

const roster = [
  member('周建华', { committeeRole: 'secretary', partyGroupId: 'g1' }),
  member('林晓梅', { committeeRole: 'organization', partyGroupId: 'g2' }),
  member('高明', { partyGroupId: 'g1' }),
  member('梁晓东', { membership: 'probationary', votingRights: false, partyGroupId: 'g1' }),
  member('于振华', { situation: 'unreachable', partyGroupId: 'g2' }),
  member('调走的人', { active: false, partyGroupId: 'g1' }),
]
const b = branch({ partyGroups: [{ id: 'g1', name: '第一党小组' }, { id: 'g2', name: '第二党小组' }] })
const now = dayjs('2026-04-02T09:15').toDate()

describe('newRecord', () => {
  it('starts a committee meeting with the committee only', () => {
    const r = newRecord('committee-meeting', { branch: b, members: roster, now, sequence: 4 })
    expect(r).toMatchObject({
      schemaVersion: RECORD_SCHEMA_VERSION, branchId: 'b1', kind: 'committee-meeting', status: 'draft',
      title: '第4次支部委员会会议', sequence: 4, date: '2026-04-02', ended: false, createdAt: now.toISOString(),
    })
    expect(r.attendance.map((a) => a.name)).toEqual(['周建华', '林晓梅'])
    expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/)
    expect(r.agenda[0]?.isFirstTopic).toBe(true)
  })

  it('takes everyone active to a general meeting, with snapshots and the away pre-marked', () => {
    const r = newRecord('general-meeting', { branch: b, members: roster, now })
    expect(r.attendance.map((a) => a.name)).toEqual(['周建华', '林晓梅', '高明', '梁晓东', '于振华'])
    expect(r.attendance.find((a) => a.name === '梁晓东')).toMatchObject({ membership: 'probationary', votingRights: false, status: 'present' })
    expect(r.attendance.find((a) => a.name === '于振华')).toMatchObject({ status: 'absent', reason: '失联' })
    expect(r.title).toBe('支部党员大会')
  })

  it('writes the default title and the first-agenda item in the UI language', () => {
    const en = newRecord('committee-meeting', { branch: b, members: roster, now, sequence: 4, locale: 'en' })
    expect(en.title).toBe(`${kindById('committee-meeting')!.label.en} no. 4`)
    expect(en.agenda[0]?.title).toBe('First-agenda study')
    expect(newRecord('org-life-meeting', { branch: b, members: roster, now, locale: 'en' }).title).toBe(`${kindById('org-life-meeting')!.label.en} 2026`)
    expect(newRecord('general-meeting', { branch: b, members: roster, now, locale: 'en' }).title).toBe(kindById('general-meeting')!.label.en)
    const zh = newRecord('committee-meeting', { branch: b, members: roster, now, sequence: 4, locale: 'zh-CN' })
    expect([zh.title, zh.agenda[0]?.title]).toEqual(['第4次支部委员会会议', '第一议题'])
  })

  it('takes one party group to its group meeting', () => {
    const r = newRecord('party-group-meeting', { branch: b, members: roster, now, partyGroupId: 'g1' })
    expect(r.partyGroupId).toBe('g1')
    expect(r.attendance.map((a) => a.name)).toEqual(['周建华', '高明', '梁晓东'])
  })

  it('initialises every section field', () => {
    const r = newRecord('org-life-meeting', { branch: b, members: roster, now })
    expect(r.title).toBe('2026年度组织生活会')
    expect(r.sections).toMatchObject({ topic: '', selfExaminations: [], criticisms: [], measures: [] })
    const e = newRecord('election', { branch: b, members: roster, now })
    expect(e.sections).toMatchObject({ seats: null, candidates: [] })
  })

  it('gives a talk no attendance and a fresh record missing elements', () => {
    const talk = newRecord('heart-talk', { branch: b, members: roster, now })
    expect(talk.attendance).toEqual([])
    expect(missingElements(talk, kindById('heart-talk')!).map((m) => m.element)).toContain('place')
  })

  it('makes a different id every time and rejects unknown kinds', () => {
    const a = newRecord('party-lesson', { branch: b, members: roster, now })
    const c = newRecord('party-lesson', { branch: b, members: roster, now })
    expect(a.id).not.toBe(c.id)
    expect(() => newRecord('nope', { branch: b, members: roster })).toThrow(/Unknown record kind/)
  })
})
