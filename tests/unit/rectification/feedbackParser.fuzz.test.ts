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

// Reports (a 整改落实情况 paragraph present) are read by the report parser: the same guarantee holds.
const reportLine = fc.oneof(
  line,
  fc.tuple(sentence, fc.constantFrom('', '一是', '二是')).map(([s, o]) => `整改落实情况：${o}${s}`),
  fc.tuple(sentence, sentence).map(([a, b]) => `一是${a}；二是${b}。`),
  fc.constantFrom('截至2024年10月31日，巡察反馈的9个问题已整改完成8个。', '欢迎监督。联系电话：123456。', '中共某局党组'),
)

describe('parseFeedback never drops a line of a report', () => {
  it('holds for random report texts', () => {
    fc.assert(
      fc.property(fc.array(reportLine, { maxLength: 40 }), (lines) => {
        const parsed = parseFeedback(['整改落实情况：开始', ...lines].join('\n'))
        const placed = squash([
          parsed.title ?? '',
          parsed.opening?.text ?? '',
          ...(parsed.parts ?? []).flatMap((p) => [p.title, p.detail ?? '']),
          ...parsed.categories.flatMap((c) => [
            c.title, c.detail ?? '',
            ...c.findings.flatMap((f) => [f.title, f.detail ?? '', ...(f.measures ?? []).map((m) => m.text)]),
          ]),
          parsed.totals?.text ?? '',
          parsed.closing?.text ?? '',
          parsed.publisher?.name ?? '',
          ...parsed.unplaced.map((u) => u.line),
        ].join(''))
        for (const l of lines) {
          const core = squash(l.replace(/^整改落实情况：/, ''))
          if (core && !/^\d{4}年\d+月\d+日$/.test(l)) expect(placed).toContain(core)
        }
      }),
      { numRuns: 300 },
    )
  })
})
