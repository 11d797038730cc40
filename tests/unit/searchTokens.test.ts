import { describe, expect, it } from 'vitest'
import { matchesTerms, recordSearchText, searchTerms } from '@/domain/searchTokens'
import type { BranchRecord } from '@/domain/types'
import { buildRecord } from '../support/recordBuilder'

function record(overrides: Partial<BranchRecord> = {}): BranchRecord {
  return buildRecord({ kind: 'org-life-meeting', title: '', date: '2026-12-20', ...overrides })
}

describe('searchTerms', () => {
  it('keeps a Chinese phrase whole', () => {
    expect(searchTerms('组织生活')).toEqual(['组织生活'])
    expect(searchTerms('党')).toEqual(['党'])
  })

  it('lowercases Latin words, keeps digits, folds full-width characters', () => {
    expect(searchTerms('Q3 ＰＰＴ ２０２６年')).toEqual(['q3', 'ppt', '2026年'])
  })

  it('treats punctuation and spaces as separators and dedupes', () => {
    expect(searchTerms('学习，学习！ 讨论')).toEqual(['学习', '讨论'])
    expect(searchTerms('  ，。！  ')).toEqual([])
  })
})

describe('recordSearchText', () => {
  it('holds every text field, including names, agenda, materials and nested sections, normalized', () => {
    const text = recordSearchText(
      record({
        title: '组织生活会 ＱＡ',
        place: '会议室',
        chair: '张建国',
        recorder: '李秀英',
        attendance: [{ memberId: 'm1', name: '王志强', status: 'absent', reason: '出差' }],
        agenda: [{ id: 'a1', title: '第一议题学习', isFirstTopic: true, material: { title: '重要讲话精神', source: '求是' } }],
        speeches: [{ id: 's1', speaker: '赵敏', content: '查摆问题' }],
        decisions: [{ id: 'd1', text: '通过整改方案', rule: 'committee' }],
        summary: '会议总结',
        sections: { stageBefore: { talks: [{ with: '钱多多', topic: '谈心谈话' }] }, score: 95 },
      }),
    )
    for (const t of ['组织生活会 qa', '会议室', '张建国', '李秀英', '王志强', '出差', '第一议题', '重要讲话精神', '求是', '赵敏', '查摆问题', '整改方案', '会议总结', '钱多多', '谈心谈话']) {
      expect(text, t).toContain(t)
    }
  })

  it('keeps fields apart, so a phrase never spans two fields', () => {
    const text = recordSearchText(record({ title: '学习讨', place: '论礼堂' }))
    expect(matchesTerms(text, searchTerms('讨论'))).toBe(false)
    expect(matchesTerms(text, searchTerms('讨 论'))).toBe(true)
  })
})

describe('matchesTerms', () => {
  it('requires every term to occur as written, not just its characters', () => {
    const scattered = recordSearchText(record({ title: '组织织生', summary: '生活' }))
    const together = recordSearchText(record({ title: '召开组织生活会', summary: 'PPT 第3季度' }))
    expect(matchesTerms(together, searchTerms('组织生活'))).toBe(true)
    expect(matchesTerms(scattered, searchTerms('组织生活'))).toBe(false)
    expect(matchesTerms(scattered, searchTerms('织'))).toBe(true)
    expect(matchesTerms(together, searchTerms('ｐｐｔ 组织'))).toBe(true)
    expect(matchesTerms(together, searchTerms('ppt 民主'))).toBe(false)
  })
})
