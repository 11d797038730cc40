import { describe, expect, it } from 'vitest'
import { describeEvidence, ledgerRows } from '@/domain/rectification/ledgerRows'
import type { EvidenceLink } from '@/domain/rectification/types'
import { categories, evidence, findings, inspection, measures, records } from './ledgerFixture'

describe('ledgerRows', () => {
  const rows = ledgerRows(inspection, categories, findings, measures, evidence, records, 'zh-CN')

  it('gives one row per measure with the finding spans for merging', () => {
    expect(rows.map((r) => [r.findingNo, r.findingId, r.measureId, r.findingRowSpan])).toEqual([
      [1, 'f1', 'm1a', 2], [1, 'f1', 'm1b', 0],
      [2, 'f2', 'm2a', 2], [2, 'f2', 'm2b', 0],
      [3, 'f3', 'm3a', 1],
      [4, 'f4', 'm4a', 1],
    ])
  })

  it('still lists a finding without measures', () => {
    const r = ledgerRows(inspection, categories, [...findings, { id: 'f9', inspectionId: 'insp1', categoryId: 'c2', order: 3, title: '新问题' }], measures, evidence, records, 'zh-CN')
    expect(r.at(-1)).toMatchObject({ findingNo: 5, findingId: 'f9', measureText: '', findingRowSpan: 1 })
    expect(r.at(-1)?.measureId).toBeUndefined()
  })

  it('shows 待明确 where a pasted report left the leader, the department or the deadline open', () => {
    const open = measures.map((m) => (m.id === 'm3a' ? { ...m, leadLeader: '', responsible: ' ', deadline: '' as const } : m))
    const row = ledgerRows(inspection, categories, findings, open, evidence, records, 'zh-CN').find((x) => x.measureId === 'm3a')
    expect([row?.leadLeader, row?.responsible, row?.deadline]).toEqual(['待明确', '待明确', '待明确'])
    const en = ledgerRows(inspection, categories, findings, open, evidence, records, 'en').find((x) => x.measureId === 'm3a')
    expect(en?.deadline).toBe('To be decided')
  })
})

describe('describeEvidence', () => {
  const base = { id: 'x', measureId: 'm' }
  it('describes records, rules, files and photos, and an unavailable record', () => {
    expect(describeEvidence({ ...base, type: 'record', recordId: 'nope' }, records, 'zh-CN')).toBe('会议记录（不可用：nope）')
    expect(describeEvidence({ ...base, type: 'rule', rule: { name: '制度', docNumber: '', adoptedOn: '2026-01-02' } }, records, 'zh-CN')).toBe('《制度》（2026年1月2日印发）')
    const photo: EvidenceLink = { ...base, type: 'photo', file: { hash: 'h', mime: 'image/jpeg', size: 1, role: 'photo', caption: '整改后的公示栏' } }
    expect(describeEvidence(photo, records, 'zh-CN')).toBe('照片：整改后的公示栏')
    expect(describeEvidence({ ...base, type: 'file', note: '党工委会议纪要扫描件' }, records, 'zh-CN')).toBe('文件扫描件（党工委会议纪要扫描件）')
    expect(describeEvidence({ ...base, type: 'file', note: '区法院民事判决书', date: '2026-07-03' }, records, 'zh-CN')).toBe('文件扫描件 · 2026年7月3日（区法院民事判决书）')
    expect(describeEvidence({ ...base, type: 'file', note: 'the court judgement', date: '2026-07-03' }, records, 'en')).toBe('File · July 3, 2026 (the court judgement)')
    expect(describeEvidence({ ...base, type: 'record', recordId: 'r1' }, records, 'en')).toBe('September 12, 2026 Theory-study group session: 2026年第5次中心组学习')
  })
})
