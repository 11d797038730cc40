// The choices of a conflict, each with who made it (when the server said), from conflict data of this
// version and of older ones (no authors stored).
import { describe, expect, it } from 'vitest'
import { conflictFields, type StoredConflict } from '@/local/syncApply'

const mine = { userId: 'u-zhou', userName: '周建华', deviceId: 'dev-a', at: '2026-12-04T07:01:00.000Z', rev: 2 }
const theirs = { userId: 'u-lin', userName: '林晓梅', deviceId: 'dev-b', at: '2026-12-04T07:02:00.000Z', rev: 3 }

describe('conflictFields', () => {
  it('names the author of the current value and of the incoming one', () => {
    const conflict: StoredConflict = {
      source: 'server',
      rev: 3,
      at: theirs.at,
      fields: [{ field: 'place', base: '会议室', local: '报告厅', remote: '活动室', localBy: theirs, remoteBy: mine }],
    }
    expect(conflictFields(conflict, { place: '活动室' })).toEqual([
      { field: 'place', base: '会议室', options: [{ kind: 'current', value: '活动室', by: mine }, { kind: 'incoming', value: '报告厅', by: theirs }] },
    ])
  })

  it('a current value changed since the clash names nobody', () => {
    const conflict: StoredConflict = { source: 'server', rev: 4, at: theirs.at, fields: [{ field: 'place', local: '报告厅', remote: '活动室', localBy: theirs, remoteBy: mine }] }
    expect(conflictFields(conflict, { place: '又改了' })[0]!.options).toEqual([
      { kind: 'current', value: '又改了' },
      { kind: 'incoming', value: '报告厅', by: theirs },
    ])
  })

  it('a conflict stored by an older version still offers both values, without authors', () => {
    const conflict: StoredConflict = { source: 'server', rev: 3, at: theirs.at, fields: [{ field: 'sections.content', base: '甲', local: '乙', remote: '丙' }] }
    expect(conflictFields(conflict, { sections: { content: '丙' } })).toEqual([
      { field: 'sections.content', base: '甲', options: [{ kind: 'current', value: '丙' }, { kind: 'incoming', value: '乙' }] },
    ])
  })

  it('delete versus edit: the deleter, the editor, and the edits at stake', () => {
    const edits = [{ field: 'summary', before: '原总结', after: '补充的总结' }]
    const conflict: StoredConflict = {
      source: 'server',
      rev: 3,
      at: theirs.at,
      fields: [{ field: '$deleted', base: false, local: true, remote: false, localBy: theirs, remoteBy: mine, edits }],
    }
    expect(conflictFields(conflict, { summary: '补充的总结' })).toEqual([
      { field: '$deleted', base: false, edits, options: [{ kind: 'current', value: false, by: mine }, { kind: 'incoming', value: true, by: theirs }] },
    ])
  })
})
