// Whatever is pasted, no line is lost: every line ends up in a title, a heading, a finding, a detail or
// `unplaced`. Random texts built from the usual numbering styles and stray lines.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseFeedback } from '@/domain/rectification/feedbackParser'

const words = fc.constantFrom('理论学习不够深入', '会议记录要素不全', '整改不彻底', '谈心谈话未全覆盖', '党费收缴', '台账', '补记现象', 'ABC 123')
const sentence = fc.array(words, { minLength: 1, maxLength: 4 }).chain((ws) => fc.constantFrom('', '。', '：', '；', '，').map((p) => ws.join('，') + p))
const cn = fc.constantFrom('一', '二', '三', '十', '十一')
const n = fc.integer({ min: 1, max: 30 })

const line = fc.oneof(
  fc.tuple(cn, sentence).map(([c, s]) => `${c}、${s}`),
  fc.tuple(cn, sentence, fc.constantFrom(['（', '）'], ['(', ')'], ['（', ')'])).map(([c, s, [o, e]]) => `${o}${c}${e}${s}`),
  fc.tuple(n, sentence, fc.constantFrom('.', '、', '．', '. ')).map(([i, s, d]) => `${i}${d}${s}`),
  fc.tuple(n, sentence).map(([i, s]) => `（${i}）${s}`),
  fc.tuple(fc.constantFrom('①', '②', '⑳'), sentence).map(([c, s]) => `${c}${s}`),
  fc.tuple(cn, sentence).map(([c, s]) => `${c}是${s}`),
  sentence,
  fc.constantFrom('', '   ', '— 3 —', '第 2 页', '特此反馈。', '区委第一巡察组', '2026年5月20日', '附件：清单', '一、', '（二）'),
)

const squash = (s: string) => s.replace(/[\s\u3000。，、；：:.,;．（）()\d０-９一二三四五六七八九十百零〇①-⑳—第页是]/g, '')

describe('parseFeedback never drops a line', () => {
  it('holds for random feedback texts', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const parsed = parseFeedback(lines.join(eol))
        const placed = squash([
          parsed.title ?? '',
          ...parsed.categories.flatMap((c) => [
            c.title, c.detail ?? '',
            ...(c.sections ?? []).flatMap((s) => [s.title, s.detail ?? '']),
            ...c.findings.flatMap((f) => [f.title, f.detail ?? '']),
          ]),
          ...parsed.unplaced.map((u) => u.line),
        ].join(''))
        for (const l of lines) {
          const core = squash(l)
          if (core) expect(placed).toContain(core)
        }
        // Line numbers point at real lines.
        for (const u of parsed.unplaced) expect(lines[u.lineNo - 1]?.trim()).toBe(u.line)
      }),
      { numRuns: 300 },
    )
  })
})
