import { describe, expect, it } from 'vitest'
import { MAX_RECORD_TOKENS, matchesPhrases, queryTokens, recordSearchText, recordTokens } from '@/domain/searchTokens'
import { RECORD_SCHEMA_VERSION, type BranchRecord } from '@/domain/types'

function record(overrides: Partial<BranchRecord> = {}): BranchRecord {
  return {
    id: 'r1', schemaVersion: RECORD_SCHEMA_VERSION, branchId: 'b1', kind: 'org-life-meeting', status: 'final',
    title: '', date: '2026-12-20', attendance: [], guests: [], agenda: [], speeches: [], decisions: [],
    ended: true, sections: {}, photos: [], signatures: {},
    createdAt: '2026-12-20T10:00:00.000Z', updatedAt: '2026-12-20T10:00:00.000Z', ...overrides,
  }
}

describe('queryTokens', () => {
  it('splits Chinese into character bigrams', () => {
    expect(queryTokens('组织生活')).toEqual(['组织', '织生', '生活'])
  })

  it('keeps a one-character query as the character itself', () => {
    expect(queryTokens('党')).toEqual(['党'])
  })

  it('lowercases Latin words, keeps digits, folds full-width characters', () => {
    expect(queryTokens('Q3 ＰＰＴ 2026年')).toEqual(['q3', 'ppt', '2026', '年'])
  })

  it('treats punctuation and spaces as separators and dedupes', () => {
    expect(queryTokens('学习，学习！')).toEqual(['学习'])
    expect(queryTokens('  ，。！  ')).toEqual([])
  })
})

describe('recordTokens', () => {
  it('indexes every text field, including names, agenda, materials and nested sections', () => {
    const r = record({
      title: '组织生活会',
      place: '会议室',
      chair: '张建国',
      recorder: '李秀英',
      attendance: [{ memberId: 'm1', name: '王志强', status: 'absent', reason: '出差' }],
      agenda: [{ id: 'a1', title: '第一议题学习', isFirstTopic: true, material: { title: '重要讲话精神', source: '求是' } }],
      speeches: [{ id: 's1', speaker: '赵敏', content: '查摆问题' }],
      decisions: [{ id: 'd1', text: '通过整改方案', rule: 'committee' }],
      summary: '会议总结',
      sections: { stageBefore: { talks: [{ with: '钱多多', topic: '谈心谈话' }] }, score: 95 },
    })
    const tokens = recordTokens(r)
    for (const t of ['组织', '生活', '议室', '建国', '秀英', '志强', '出差', '第一', '议题', '讲话', '求是', '赵敏', '查摆', '整改', '总结', '多多', '谈心']) {
      expect(tokens, t).toContain(t)
    }
    // single characters too, for one-character queries
    expect(tokens).toContain('组')
    expect(tokens).toContain('英')
    expect(new Set(tokens).size).toBe(tokens.length)
  })

  it('does not index bigrams across punctuation or field boundaries', () => {
    const tokens = recordTokens(record({ title: '学习，讨论', place: '礼堂' }))
    expect(tokens).not.toContain('习讨')
    expect(tokens).not.toContain('论礼')
    expect(tokens).toContain('讨论')
  })

  it('caps the number of tokens, keeping the earlier fields', () => {
    const chars = Array.from({ length: 6000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('')
    const tokens = recordTokens(record({ title: '标题文字', summary: chars }))
    expect(tokens.length).toBe(MAX_RECORD_TOKENS)
    expect(tokens).toContain('标题')
  })
})

describe('matchesPhrases', () => {
  it('requires Chinese phrases to occur as written, not just their bigrams', () => {
    const scattered = recordSearchText(record({ title: '组织织生', summary: '生活' }))
    const together = recordSearchText(record({ title: '召开组织生活会' }))
    expect(matchesPhrases(together, '组织生活')).toBe(true)
    expect(matchesPhrases(scattered, '组织生活')).toBe(false)
    expect(matchesPhrases(scattered, '党')).toBe(true) // single characters are decided by the tokens
  })
})
