import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { combineTexts, diffText, MAX_DIFF_CELLS, sameShare, type DiffPart } from '@/domain/textDiff'

const side = (parts: DiffPart[], op: 'removed' | 'added'): string => parts.filter((p) => p.op === 'same' || p.op === op).map((p) => p.text).join('')

describe('diffText', () => {
  it('marks the characters only one version has, in Chinese minutes', () => {
    expect(diffText('会议要求各委员按分工抓好落实。', '会议要求各委员按分工认真抓好落实，月底前报告。')).toEqual([
      { op: 'same', text: '会议要求各委员按分工' },
      { op: 'added', text: '认真' },
      { op: 'same', text: '抓好落实' },
      { op: 'added', text: '，月底前报告' },
      { op: 'same', text: '。' },
    ])
  })

  it('a replaced phrase is one removed and one added run', () => {
    expect(diffText('地点：党群服务中心', '地点：局机关报告厅')).toEqual([
      { op: 'same', text: '地点：' },
      { op: 'removed', text: '党群服务中心' },
      { op: 'added', text: '局机关报告厅' },
    ])
  })

  it('equal and empty texts', () => {
    expect(diffText('', '')).toEqual([])
    expect(diffText('同一句话', '同一句话')).toEqual([{ op: 'same', text: '同一句话' }])
    expect(diffText('', '新写的')).toEqual([{ op: 'added', text: '新写的' }])
    expect(diffText('删掉的', '')).toEqual([{ op: 'removed', text: '删掉的' }])
  })

  it('never splits a character outside the BMP', () => {
    const parts = diffText('𠮷野家', '𠮷田家')
    expect(parts).toEqual([
      { op: 'same', text: '𠮷' },
      { op: 'removed', text: '野' },
      { op: 'added', text: '田' },
      { op: 'same', text: '家' },
    ])
  })

  it('very long texts are compared line by line, and still give both texts back', () => {
    const line = (i: number, tag: string): string => `第${i}条：${tag}${'党员发言内容'.repeat(60)}\n`
    const before = Array.from({ length: 20 }, (_, i) => line(i, i % 7 === 0 ? '甲' : '')).join('')
    const after = Array.from({ length: 20 }, (_, i) => line(i, i % 5 === 0 ? '乙' : '')).join('')
    expect(Array.from(before).length ** 2).toBeGreaterThan(MAX_DIFF_CELLS)
    const parts = diffText(before, after)
    expect(side(parts, 'removed')).toBe(before)
    expect(side(parts, 'added')).toBe(after)
    // Whole lines: every changed run ends with a line break.
    for (const p of parts.filter((x) => x.op !== 'same')) expect(p.text.endsWith('\n')).toBe(true)
    expect(parts.filter((p) => p.op === 'removed').map((p) => p.text.slice(0, 4))).toEqual(['第0条：', '第5条：', '第7条：', '第10条', '第14条'])
    // Lines 14 and 15 changed together: one run of two lines.
    expect(parts.find((p) => p.op === 'added' && p.text.startsWith('第14条'))?.text.split('\n').length).toBe(3)
  })

  it('property: the parts give back both texts, with no empty part and no two neighbours of one op', () => {
    const text = fc.array(fc.constantFrom('党', '员', '会', '议', '。', '\n', 'a', '𠮷'), { maxLength: 40 }).map((xs) => xs.join(''))
    fc.assert(
      fc.property(text, text, (a, b) => {
        const parts = diffText(a, b)
        expect(side(parts, 'removed')).toBe(a)
        expect(side(parts, 'added')).toBe(b)
        parts.forEach((p, i) => {
          expect(p.text).not.toBe('')
          if (i > 0) expect(parts[i - 1]!.op).not.toBe(p.op)
        })
      }),
      { numRuns: 300 },
    )
  })
})

describe('combineTexts', () => {
  it('two additions to the same minutes: the shared text once, both additions kept as whole sentences', () => {
    const base = '会议传达了上级精神，研究了发展党员工作。'
    expect(combineTexts(`${base}周建华补充：下月开展主题党日。`, `${base}林晓梅补充：整理会议照片。`)).toBe(
      `${base}周建华补充：下月开展主题党日。\n林晓梅补充：整理会议照片。`,
    )
  })

  it('a sentence changed in the middle: both forms of that sentence, the rest once', () => {
    const first = '一、传达上级精神。二、会议决定由周建华负责发展党员工作。三、散会。'
    const second = '一、传达上级精神。二、会议决定由林晓梅负责发展党员工作，月底前完成。三、散会。'
    expect(combineTexts(first, second)).toBe(
      '一、传达上级精神。二、会议决定由周建华负责发展党员工作。\n二、会议决定由林晓梅负责发展党员工作，月底前完成。三、散会。',
    )
  })

  it('two unrelated texts: the first, a blank line, then the second', () => {
    expect(combineTexts('党群服务中心', '局机关报告厅')).toBe('党群服务中心\n\n局机关报告厅')
  })

  it('one side empty or both equal: nothing doubled', () => {
    expect(combineTexts('', '只有对方写了')).toBe('只有对方写了')
    expect(combineTexts('只有我写了', '')).toBe('只有我写了')
    expect(combineTexts('一样', '一样')).toBe('一样')
  })

  it('property: nothing of either version is left out', () => {
    const text = fc.array(fc.constantFrom('党员', '会议', '。', '，', '\n', '学习', '整改'), { maxLength: 30 }).map((xs) => xs.join(''))
    fc.assert(
      fc.property(text, text, (a, b) => {
        const combined = combineTexts(a, b)
        for (const piece of [...a.split(/[。\n]/), ...b.split(/[。\n]/)]) expect(combined).toContain(piece)
      }),
      { numRuns: 300 },
    )
  })

  it('sameShare: 1 for equal texts, 0 for nothing in common', () => {
    expect(sameShare(diffText('相同', '相同'))).toBe(1)
    expect(sameShare(diffText('甲乙', '丙丁'))).toBe(0)
    expect(sameShare([])).toBe(1)
  })
})
