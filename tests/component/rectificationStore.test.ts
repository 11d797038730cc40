// @vitest-environment happy-dom
// The rectification and plan stores against a real (fake-indexeddb) local store: what they write is
// what a fresh app reads back, confirmed structures are saved all or nothing, "done" needs evidence or
// a reason, deletions cascade as tombstones, and the overdue card shows what is late.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { defineComponent, h, ref } from 'vue'
import type { LocalStore } from '@/local/contract'
import type { Inspection } from '@/domain/rectification/types'
import { PlanRevisionError, type StudyPlan } from '@/domain/plans/studyPlan'
import { MarkDoneRefused, useRectificationStore, type InspectionInput } from '@/app/stores/rectification'
import { usePlansStore } from '@/app/stores/plans'
import OverdueMeasuresCard from '@/app/components/rectification/OverdueMeasuresCard.vue'
import RecordPickerPopup from '@/app/components/rectification/RecordPickerPopup.vue'
import { cleanUp, freshLocalStore, makeBranch, mountAt, resetLocale, until, type Mounted } from './appTestSupport'
import { buildRecord } from '../support/recordBuilder'

const input: InspectionInput = {
  title: '区委第三巡察组反馈意见',
  inspector: '区委第三巡察组',
  authority: '区委',
  unitName: '区发改局机关第一党支部',
  scope: 'branch',
  periodFrom: '2026-03-10',
  periodTo: '2026-05-10',
  feedbackDate: '2026-06-18',
  deadline: '2026-12-18',
  reorganizationNote: '  ',
}

const structure = {
  categories: [
    { title: '贯彻落实党中央决策部署方面', findings: [{ title: '中心组学习计划执行不到位' }, { title: '“第一议题”制度落实不规范', detail: '记录中未体现研讨情况' }] },
    { title: '基层党组织建设方面', findings: [{ title: '支委会未按月召开', source: '“三会一课”制度落实不严格' }] },
  ],
}

function record(id: string, date: string) {
  return buildRecord({ id, branchId: 'branch-1', title: `支委会${id}`, date, createdAt: `${date}T08:00:00.000Z`, updatedAt: `${date}T08:00:00.000Z` })
}

describe('rectification store', () => {
  let local: LocalStore

  beforeEach(async () => {
    await resetLocale()
    local = await freshLocalStore()
    await local.saveBranch(makeBranch())
    setActivePinia(createPinia())
  })

  it('saves an inspection with its confirmed categories and findings in one write, and a fresh app reads them back', async () => {
    const store = useRectificationStore()
    await store.load()
    const before = (await local.pendingMutations(1000)).length
    const saved = await store.saveInspection(input, structure)
    expect(saved.reorganizationNote).toBeUndefined() // blank optional text is left out
    expect((await local.pendingMutations(1000)).length - before).toBe(1 + 2 + 3)

    setActivePinia(createPinia())
    const again = useRectificationStore()
    await again.load()
    const ledger = again.ledgerOf(saved.id)!
    expect(ledger.categories.map((c) => c.title)).toEqual(['贯彻落实党中央决策部署方面', '基层党组织建设方面'])
    expect(ledger.findings).toHaveLength(3)
    expect(ledger.findings.every((f) => f.branchId === 'branch-1')).toBe(true)
    const numbers = again.findingNumbers(saved.id)
    const byTitle = (t: string) => numbers.get(ledger.findings.find((f) => f.title === t)!.id)
    expect([byTitle('中心组学习计划执行不到位'), byTitle('“第一议题”制度落实不规范'), byTitle('支委会未按月召开')]).toEqual([1, 2, 3])
    expect(ledger.findings.find((f) => f.title === '支委会未按月召开')?.source).toBe('“三会一课”制度落实不严格')
    expect(again.progressOf(saved.id)?.overall).toMatchObject({ total: 3, completed: 0, rateText: '0%' })
  })

  it('saves a pasted report whole: measures with 待明确 leader, department and deadline, and the report facts', async () => {
    const store = useRectificationStore()
    await store.load()
    const pasted = {
      categories: [{
        title: '基层党组织建设方面',
        findings: [{ title: '组织生活会质量不高', measures: [{ text: '9月20日召开专题组织生活会' }, { text: '建立问题清单制度', status: 'ongoing' as const }] }],
      }],
    }
    const saved = await store.saveInspection(
      { ...input, deadline: '', publisher: '中共云岭县农业农村局党组', successorUnit: '县农业农村局', contactPhone: '0000-7654321', contactMailbox: '县局办公室', contactEmail: 'a@example.cn', reportDate: '2024-11-05' },
      pasted,
    )
    setActivePinia(createPinia())
    const again = useRectificationStore()
    await again.load()
    const inspection = again.inspectionById(saved.id)!
    expect([inspection.deadline, inspection.publisher, inspection.successorUnit, inspection.contactPhone, inspection.contactMailbox, inspection.contactEmail, inspection.reportDate])
      .toEqual(['', '中共云岭县农业农村局党组', '县农业农村局', '0000-7654321', '县局办公室', 'a@example.cn', '2024-11-05'])
    const ledger = again.ledgerOf(saved.id)!
    expect(ledger.measures.sort((a, b) => a.order - b.order).map((m) => [m.text, m.status, m.leadLeader, m.responsible, m.deadline])).toEqual([
      ['9月20日召开专题组织生活会', 'in-progress', '', '', ''],
      ['建立问题清单制度', 'ongoing', '', '', ''],
    ])
    // Editing such a measure keeps its open fields open.
    const first = ledger.measures.find((m) => m.order === 1)!
    const edited = await again.saveMeasure({ ...first, text: '9月20日召开专题组织生活会，逐一对照检查' })
    expect([edited.leadLeader, edited.responsible, edited.deadline]).toEqual(['', '', ''])
  })

  it('a document the store cannot save leaves the whole structure unsaved', async () => {
    const store = useRectificationStore()
    await store.load()
    const bad = { categories: [{ title: '类别', findings: [{ title: 'x'.repeat(2001) }] }] }
    await expect(store.saveInspection(input, bad)).rejects.toMatchObject({ code: 'invalid' })
    expect(store.inspections).toEqual([])
    expect(await local.listEntities('inspection')).toEqual([])
    expect(await local.listEntities('finding-category')).toEqual([])
  })

  it('refuses 已完成·销号 without evidence or a reason, and accepts it with either', async () => {
    const store = useRectificationStore()
    await store.load()
    const inspection = await store.saveInspection(input, structure)
    const finding = store.ledgerOf(inspection.id)!.findings[0]!
    const m = { findingId: finding.id, text: '严格执行学习计划', leadLeader: '王书记', responsible: '党建办', deadline: '2026-09-30' }

    await expect(store.saveMeasure({ ...m, status: 'done' })).rejects.toBeInstanceOf(MarkDoneRefused)
    expect(await local.listEntities('measure')).toEqual([])

    const withReason = await store.saveMeasure({ ...m, status: 'done', noEvidenceReason: '当场纠正' })
    expect(withReason.completedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/) // done gets its completion date

    const open = await store.saveMeasure({ ...m, text: '每月召开支委会', status: 'in-progress' })
    await local.saveRecord(record('rec-1', '2026-07-03'))
    await store.addEvidence({ type: 'record', measureId: open.id, recordId: 'rec-1' })
    const done = await store.setMeasureStatus(open.id, 'done')
    expect(done.status).toBe('done')
    expect(store.ordinalOf(done, 'zh-CN')).toBe('二是')
    expect(store.progressOf(inspection.id)?.overall.completed).toBe(1)
  })

  it('deleting a finding tombstones its measures and evidence with it; a category with findings stays', async () => {
    const store = useRectificationStore()
    await store.load()
    const inspection = await store.saveInspection(input, structure)
    const ledger = store.ledgerOf(inspection.id)!
    const finding = ledger.findings[0]!
    const measure = await store.saveMeasure({ findingId: finding.id, text: '措施', leadLeader: '王', responsible: '党建办', deadline: '2026-09-30', status: 'in-progress' })
    await store.addEvidence({ type: 'rule', measureId: measure.id, rule: { name: '《督办办法》', docNumber: '', adoptedOn: '2026-08-01' } })
    expect(store.evidenceOfMeasure(measure.id)[0]?.rule?.name).toBe('督办办法')

    expect(await store.deleteCategory(finding.categoryId)).toBe(false)
    await store.deleteFinding(finding.id)
    expect(store.measureById(measure.id)).toBeUndefined()
    expect(await local.listEntities('measure')).toEqual([])
    expect(await local.listEntities('evidence')).toEqual([])
    expect((await local.listEntities('evidence', { includeDeleted: true }))[0]).toMatchObject({ deleted: true })
    expect(store.ledgerOf(inspection.id)!.findings).toHaveLength(2)

    await store.deleteInspection(inspection.id)
    expect(store.inspections).toEqual([])
    expect(await local.listEntities('finding')).toEqual([])
    expect(await local.listEntities('finding-category')).toEqual([])
  })

  it('a scanned file described with its content and date is woven into the measure; emptied again, it is not', async () => {
    const store = useRectificationStore()
    await store.load()
    const inspection = await store.saveInspection(input, structure)
    const finding = store.ledgerOf(inspection.id)!.findings[0]!
    const measure = await store.saveMeasure({ findingId: finding.id, text: '依法追回违规发放的补贴资金', leadLeader: '王书记', responsible: '党建办', deadline: '2026-09-30', status: 'in-progress' })
    const pdf = new Blob(['%PDF-1.7 judgement'], { type: 'application/pdf' })
    const file = await store.storeFile(pdf, { role: 'scan', mime: 'application/pdf', caption: 'judgement' })
    const link = await store.addEvidence({ type: 'file', measureId: measure.id, file })
    const paragraphOf = async () => (await store.composeReport(inspection.id, '2026-10-01', 'zh-CN')).paragraphs.map((p) => p.text).join('\n')
    expect(await paragraphOf()).not.toContain('民事判决书')

    const described = await store.describeEvidence(link.id, { note: '  区法院民事判决书  ', date: '2026-07-03' })
    expect(described).toMatchObject({ note: '区法院民事判决书', date: '2026-07-03', file: { hash: file.hash } })
    expect(await paragraphOf()).toContain('2026年7月3日，区法院民事判决书')
    expect((await local.listEntities<{ id: string; branchId: string; note?: string }>('evidence')).find((e) => e.id === link.id)?.note).toBe('区法院民事判决书')

    const emptied = await store.describeEvidence(link.id, { note: '', date: '' })
    expect(emptied.note).toBeUndefined()
    expect(emptied.date).toBeUndefined()
    expect(await paragraphOf()).not.toContain('民事判决书')
  })

  it('keeps the report draft the user edited', async () => {
    const store = useRectificationStore()
    await store.load()
    const inspection = await store.saveInspection(input, structure)
    const composed = await store.composeReport(inspection.id, '2026-10-01', 'zh-CN')
    expect(composed.title).toBe('关于区发改局机关第一党支部巡察整改进展情况的通报')
    const edited = composed.paragraphs.map((p) => (p.role === 'closing' ? { ...p, text: '欢迎监督。' } : p))
    await store.saveReportDraft(inspection.id, { title: composed.title, date: '2026-10-01', paragraphs: edited, composedAt: '2026-10-01T08:00:00.000Z' })

    setActivePinia(createPinia())
    const again = useRectificationStore()
    await again.load()
    const draft = await again.loadReportDraft(inspection.id)
    expect(draft?.paragraphs.find((p) => p.role === 'closing')?.text).toBe('欢迎监督。')
    expect(draft?.branchId).toBe('branch-1')
  })

  it('shows only its own branch', async () => {
    const foreign: Inspection = { ...input, id: 'other-insp', branchId: 'branch-2', createdAt: '2026-06-20T08:00:00.000Z', updatedAt: '2026-06-20T08:00:00.000Z' }
    delete foreign.reorganizationNote
    await local.putEntity('inspection', foreign)
    const store = useRectificationStore()
    await store.load()
    expect(store.inspections).toEqual([])
  })
})

describe('plans store', () => {
  beforeEach(async () => {
    await resetLocale()
    const local = await freshLocalStore()
    await local.saveBranch(makeBranch())
    setActivePinia(createPinia())
  })

  it('drafts a plan without a reason, then keeps every revision with its reason', async () => {
    const store = usePlansStore()
    await store.load()
    const plan = await store.createPlan(2026, 'party-lesson')
    expect((await store.createPlan(2026, 'party-lesson')).id).toBe(plan.id) // one plan per year and type
    expect(store.plans).toHaveLength(1)

    const first = await store.saveItems(plan.id, [{ month: 6, topic: '学习党章' }, { month: 3, topic: '党史学习', materials: '  ' }])
    expect(first.items.map((i) => i.month)).toEqual([3, 6])
    expect(first.items[0]).not.toHaveProperty('materials')
    expect(first.revisions).toEqual([])

    const lessonId = first.items[0]!.id
    await store.linkRecord(plan.id, lessonId, 'rec-9')
    await expect(store.saveItems(plan.id, [{ month: 4, topic: '改期' }])).rejects.toBeInstanceOf(PlanRevisionError)

    const revised = await store.saveItems(plan.id, [{ id: lessonId, month: 4, topic: '党史学习（改期）' }], { reason: '讲课人出差', by: '王书记' })
    expect(revised.items).toEqual([{ id: lessonId, month: 4, topic: '党史学习（改期）', linkedRecordIds: ['rec-9'] }])
    expect(revised.revisions).toHaveLength(1)
    expect(revised.revisions[0]).toMatchObject({ reason: '讲课人出差', by: '王书记' })
    expect(revised.revisions[0]!.items).toHaveLength(2)

    setActivePinia(createPinia())
    const again = usePlansStore()
    await again.load()
    const stored = again.planFor(2026, 'party-lesson') as StudyPlan
    expect(stored.revisions[0]?.reason).toBe('讲课人出差')
    expect(again.planFor(2026, 'theory-group')).toBeUndefined()
  })
})

describe('OverdueMeasuresCard', () => {
  let mounted: Mounted | undefined

  beforeEach(async () => {
    await resetLocale()
    const local = await freshLocalStore()
    await local.saveBranch(makeBranch())
  })
  afterEach(() => cleanUp(mounted))

  const Card = defineComponent({ render: () => h('div', [h(OverdueMeasuresCard)]) })

  it('lists overdue measures with how late they are, and nothing when none is late', async () => {
    mounted = await mountAt('/', {}, Card)
    await until(() => useRectificationStore().loaded)
    expect(document.querySelector('[data-testid="overdue-measures"]')).toBeNull()

    const store = useRectificationStore()
    const inspection = await store.saveInspection(input, structure)
    const finding = store.ledgerOf(inspection.id)!.findings[0]!
    await store.saveMeasure({ findingId: finding.id, text: '补学专题', leadLeader: '王', responsible: '党建办', deadline: '2020-01-01', status: 'in-progress' })
    await store.saveMeasure({ findingId: finding.id, text: '未到期的措施', leadLeader: '王', responsible: '党建办', deadline: '2999-01-01', status: 'in-progress' })
    await until(() => document.querySelectorAll('[data-testid="overdue-measure"]').length === 1)
    const row = document.querySelector('[data-testid="overdue-measure"]')!.textContent ?? ''
    expect(row).toContain('补学专题')
    expect(row).toMatch(/逾期 \d+ 天/)
    expect(row).toContain(finding.title)
  })
})

describe('RecordPickerPopup', () => {
  let mounted: Mounted | undefined

  beforeEach(async () => {
    await resetLocale()
    const local = await freshLocalStore()
    await local.saveBranch(makeBranch())
    for (const [id, date] of [['rec-may', '2026-05-12'], ['rec-jul', '2026-07-03'], ['rec-sep', '2026-09-21']] as const) await local.saveRecord(record(id, date))
  })
  afterEach(() => cleanUp(mounted))

  const shown = () => [...document.querySelectorAll<HTMLElement>('[data-testid="picker-row"]')].map((r) => r.dataset.recordId).sort()
  const dateSheet = () => [...document.querySelectorAll<HTMLElement>('.van-popup')].find((p) => p.style.display !== 'none' && p.querySelector('.van-picker'))
  async function pick(testid: string, date: string): Promise<void> {
    ;(document.querySelector(`[data-testid="${testid}"]`) as HTMLElement).click()
    await until(() => dateSheet() !== undefined)
    const columns = dateSheet()!.querySelectorAll('.van-picker-column')
    for (const [i, part] of date.split('-').entries()) {
      ;[...columns[i]!.querySelectorAll<HTMLElement>('.van-picker-column__item')].find((el) => el.textContent?.trim() === part)!.click()
      await until(() => true)
    }
    ;(dateSheet()!.querySelector('.van-picker__confirm') as HTMLElement).click()
    await until(() => dateSheet() === undefined)
  }

  it('narrows the records to a date range chosen on the wheel, and widens again when a date is emptied', async () => {
    const open = ref(false)
    mounted = await mountAt('/', {}, () => h(RecordPickerPopup, { show: open.value, multiple: true }))
    open.value = true // opening searches
    await until(() => shown().length === 3)
    expect(document.querySelector('[data-testid="record-picker"] input[type="date"]')).toBeNull()

    await pick('picker-from', '2026-06-01')
    await until(() => shown().join() === 'rec-jul,rec-sep')
    expect((document.querySelector('[data-testid="picker-from"] input') as HTMLInputElement).value).toBe('2026年6月1日')
    await pick('picker-to', '2026-08-31')
    await until(() => shown().join() === 'rec-jul')

    ;(document.querySelector('[data-testid="picker-from"]') as HTMLElement).click()
    await until(() => document.querySelector('[data-testid="picker-from-clear"]') !== null)
    ;(document.querySelector('[data-testid="picker-from-clear"]') as HTMLElement).click()
    await until(() => shown().join() === 'rec-jul,rec-may')
    expect((document.querySelector('[data-testid="picker-from"] input') as HTMLInputElement).value).toBe('')
  })
})
