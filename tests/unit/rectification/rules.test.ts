import { describe, expect, it } from 'vitest'
import { MEASURE_STATUSES, canMarkDone, measureStatusLabel } from '@/domain/rectification/types'
import type { EvidenceLink } from '@/domain/rectification/types'
import { measure } from './ledgerFixture'

const link = (id: string, measureId: string, over: Partial<EvidenceLink> = {}): EvidenceLink => ({ id, measureId, type: 'record', recordId: 'r1', ...over })

describe('canMarkDone', () => {
  it('refuses a measure without evidence and without a reason, with a plain Chinese message', () => {
    const result = canMarkDone(measure('m1', 'f1', 1, 'in-progress'), [])
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.message['zh-CN']).toMatch(/佐证材料/)
      expect(result.message.en).toMatch(/evidence/)
    }
  })

  it('accepts a measure with one live piece of evidence', () => {
    expect(canMarkDone(measure('m1', 'f1', 1, 'in-progress'), [link('e1', 'm1')]).ok).toBe(true)
  })

  it('ignores evidence of other measures and deleted evidence', () => {
    const evidence = [link('e1', 'm2'), link('e2', 'm1', { deleted: true })]
    expect(canMarkDone(measure('m1', 'f1', 1, 'in-progress'), evidence).ok).toBe(false)
  })

  it('accepts a stated reason instead of evidence, but not a blank one', () => {
    expect(canMarkDone(measure('m1', 'f1', 1, 'immediate', { noEvidenceReason: '当场整改，无书面材料' }), []).ok).toBe(true)
    expect(canMarkDone(measure('m1', 'f1', 1, 'immediate', { noEvidenceReason: '  \u3000 ' }), []).ok).toBe(false)
  })
})

describe('measure statuses as data', () => {
  it('labels every status in both languages', () => {
    expect(MEASURE_STATUSES.map((s) => s.id)).toEqual(['immediate', 'in-progress', 'done', 'ongoing'])
    expect(measureStatusLabel('done')['zh-CN']).toBe('已完成·销号')
    expect(measureStatusLabel('immediate')['zh-CN']).toBe('立行立改')
    expect(measureStatusLabel('ongoing')['zh-CN']).toBe('长期坚持')
    for (const s of MEASURE_STATUSES) expect(s.label.en.length).toBeGreaterThan(0)
  })
})
