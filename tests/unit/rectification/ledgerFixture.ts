// A small, realistic ledger shared by the rectification and export tests.
import type { BranchRecord } from '@/domain/types'
import { buildRecord } from '../../support/recordBuilder'
import type { EvidenceLink, FindingCategory, Inspection, InspectionFinding, Measure, MeasureStatus } from '@/domain/rectification/types'

export function makeRecord(over: Partial<BranchRecord> & Pick<BranchRecord, 'id' | 'kind' | 'date'>): BranchRecord {
  return buildRecord({ title: '会议', ...over })
}

export const inspection: Inspection = {
  id: 'insp1',
  branchId: 'b1',
  scope: 'organization',
  title: '区委第三巡察组关于巡察某街道党工委的反馈意见',
  inspector: '区委第三巡察组',
  authority: '区委',
  periodFrom: '2026-03-10',
  periodTo: '2026-05-10',
  feedbackDate: '2026-06-18',
  deadline: '2026-12-18',
  unitName: '某街道党工委',
  createdAt: '2026-06-20T08:00:00.000Z',
  updatedAt: '2026-06-20T08:00:00.000Z',
}

export const categories: FindingCategory[] = [
  // Deliberately out of order: the report must follow `order`, not array position.
  { id: 'c2', inspectionId: 'insp1', order: 2, title: '基层党组织建设方面' },
  { id: 'c1', inspectionId: 'insp1', order: 1, title: '贯彻落实党中央决策部署方面' },
]

export const findings: InspectionFinding[] = [
  { id: 'f3', inspectionId: 'insp1', categoryId: 'c2', order: 1, title: '部分党支部支委会未按月召开，党课次数不足。' },
  { id: 'f1', inspectionId: 'insp1', categoryId: 'c1', order: 1, title: '中心组学习计划执行不到位' },
  { id: 'f2', inspectionId: 'insp1', categoryId: 'c1', order: 2, title: '“第一议题”制度落实不规范' },
  { id: 'f4', inspectionId: 'insp1', categoryId: 'c2', order: 2, title: '会议记录要素不全' },
]

export function measure(id: string, findingId: string, order: number, status: MeasureStatus, over: Partial<Measure> = {}): Measure {
  return { id, findingId, order, text: `措施${id}`, leadLeader: '王书记', responsible: '党建办', deadline: '2026-09-30', status, ...over }
}

export const measures: Measure[] = [
  // f1: both settled → completed
  measure('m1b', 'f1', 2, 'ongoing', { text: '建立中心组学习督办机制。' }),
  measure('m1a', 'f1', 1, 'done', { text: '严格执行中心组学习计划', completedOn: '2026-09-20' }),
  // f2: one in progress, deadline passed → overdue
  measure('m2a', 'f2', 1, 'done', { text: '修订第一议题制度' }),
  measure('m2b', 'f2', 2, 'in-progress', { text: '规范第一议题记录', deadline: '2026-08-31' }),
  // f3: done → completed
  measure('m3a', 'f3', 1, 'done', { text: '每月召开支委会' }),
  // f4: long-term without evidence, deadline passed → not settled, overdue
  measure('m4a', 'f4', 1, 'ongoing', { text: '开展会议记录规范化培训', deadline: '2026-07-15' }),
]

export const records: Record<string, BranchRecord> = {
  r1: makeRecord({
    id: 'r1', kind: 'theory-study-group', date: '2026-09-12', title: '2026年第5次中心组学习',
    agenda: [{ id: 'a1', title: '专题学习巡察反馈意见。', isFirstTopic: true }],
  }),
  r2: makeRecord({ id: 'r2', kind: 'committee-meeting', date: '2026-07-03', title: '7月支委会' }),
  r3: makeRecord({ id: 'r3', kind: 'committee-meeting', date: '2026-06-25', title: '专题研究巡察整改', agenda: [{ id: 'a2', title: '研究巡察整改工作方案', isFirstTopic: false }] }),
}

export const evidence: EvidenceLink[] = [
  { id: 'e1', measureId: 'm1a', type: 'record', recordId: 'r1', recordRev: 3 },
  { id: 'e2', measureId: 'm1b', type: 'rule', rule: { name: '《中心组学习督办办法》', docNumber: '街党工委发〔2026〕12号', adoptedOn: '2026-08-05' } },
  { id: 'e3', measureId: 'm2a', type: 'record', recordId: 'r2', recordRev: 1, note: '审议通过修订后的第一议题制度' },
  { id: 'e4', measureId: 'm3a', type: 'record', recordId: 'r2', recordRev: 1 },
  // Deleted evidence never counts.
  { id: 'e5', measureId: 'm4a', type: 'photo', deleted: true, file: { hash: 'ab', mime: 'image/jpeg', size: 10, role: 'photo' } },
]
