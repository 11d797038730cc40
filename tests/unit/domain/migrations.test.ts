import { describe, expect, it } from 'vitest'
import { RecordMigrationError, migrateRecord, schemaVersionOf, type RecordV0 } from '@/domain/migrations'
import { RECORD_SCHEMA_VERSION } from '@/domain/types'
import { member, record } from './helpers'

const v0: RecordV0 = {
  id: '018f0000-0000-7000-8000-000000000001',
  branchId: 'b1',
  kind: 'general-meeting',
  status: 'final',
  title: '第1次支部党员大会',
  date: '2025-03-20',
  startTime: '14:30',
  place: '会议室',
  chair: '周建华',
  recorder: '林晓梅',
  attendees: ['周建华', '林晓梅', '高明'],
  absentees: [{ name: '郑国强', reason: '出差' }, { name: '吴丽娟', reason: '  ' }],
  observers: ['王建国'],
  firstTopic: { title: '在全国组织工作会议上的讲话', source: '《求是》' },
  agenda: ['讨论接收预备党员'],
  speeches: [{ speaker: '高明', content: '同意。' }],
  decisions: [{ text: '接收梁晓东为预备党员', yes: 3, no: 0, abstain: 0 }],
  ended: true,
  createdAt: '2025-03-20T08:00:00.000Z',
  updatedAt: '2025-03-21T08:00:00.000Z',
}

describe('migrateRecord', () => {
  it('lifts a v0 record (no schemaVersion) to the current shape', () => {
    const zhou = member('周建华')
    const r = migrateRecord(structuredClone(v0), { members: [zhou] })
    expect(r.schemaVersion).toBe(RECORD_SCHEMA_VERSION)
    expect(r.attendance).toEqual([
      { memberId: zhou.id, name: '周建华', status: 'present', membership: 'full', votingRights: true },
      { memberId: 'legacy:林晓梅', name: '林晓梅', status: 'present' },
      { memberId: 'legacy:高明', name: '高明', status: 'present' },
      { memberId: 'legacy:郑国强', name: '郑国强', status: 'absent', reason: '出差' },
      { memberId: 'legacy:吴丽娟', name: '吴丽娟', status: 'absent' },
    ])
    expect(r.guests).toEqual([{ name: '王建国' }])
    expect(r.agenda.map((a) => [a.title, a.isFirstTopic])).toEqual([['第一议题', true], ['讨论接收预备党员', false]])
    expect(r.agenda[0]?.material?.title).toBe('在全国组织工作会议上的讲话')
    expect(r.decisions[0]).toMatchObject({ text: '接收梁晓东为预备党员', rule: 'general-meeting', yes: 3, no: 0, abstain: 0 })
    expect(r.signatures).toEqual({})
    expect(r.photos).toEqual([])
    expect(r.sections).toEqual({})
    expect(r.status).toBe('final')
    expect(r).not.toHaveProperty('attendees')
  })

  it('is deterministic (two devices migrate to the same record) and leaves the input alone', () => {
    const input = structuredClone(v0)
    const a = migrateRecord(input)
    const b = migrateRecord(structuredClone(v0))
    expect(a).toEqual(b)
    expect(input).toEqual(v0)
  })

  it('passes a current record through and fills missing lists', () => {
    const current = record({ place: '会议室' })
    expect(migrateRecord(structuredClone(current))).toEqual(current)
    const sparse = { ...current } as Record<string, unknown>
    delete sparse.photos
    delete sparse.signatures
    expect(migrateRecord(sparse)).toMatchObject({ photos: [], signatures: {} })
  })

  it('refuses a record from a newer app with a clear message', () => {
    const future = { ...record(), schemaVersion: RECORD_SCHEMA_VERSION + 1 }
    expect(() => migrateRecord(future)).toThrow(RecordMigrationError)
    expect(() => migrateRecord(future)).toThrow(/请先更新应用/)
    try { migrateRecord(future) } catch (e) { expect((e as RecordMigrationError).code).toBe('future-version') }
  })

  it('refuses what is not a record', () => {
    expect(() => migrateRecord(null)).toThrow(RecordMigrationError)
    expect(() => migrateRecord({ ...v0, attendees: undefined })).toThrow(/出席或缺席名单/)
    expect(() => migrateRecord({ ...record(), schemaVersion: '1' })).toThrow(/无法识别/)
    expect(() => migrateRecord({ ...record(), kind: '' })).toThrow(/类别/)
    expect(() => migrateRecord({ ...record(), attendance: [{ memberId: 'x' }] })).toThrow(/考勤/)
    expect(schemaVersionOf({})).toBe(0)
  })
})
