// Domain benchmarks in their own Node process (no other work competing): the quarterly check over
// 10,000 records (the check engineer's `benchQuarterlyCheck`) and composing a rectification report
// with 50 findings. Prints one JSON line.
import { parseFeedback } from '@/domain/rectification/feedbackParser'
import { confirmedFromParsed, inspectionFieldsFromParsed, ledgerDocsOf } from '@/domain/rectification/pastedLedger'
import { composeRectificationReport } from '@/domain/rectification/reportComposer'
import type { EvidenceLink, FindingCategory, Inspection, InspectionFinding, Measure, MeasureStatus } from '@/domain/rectification/types'
import type { BranchRecord } from '@/domain/types'
import { benchRecords, summarize, type Timing } from '../support/benchData'

interface QuarterlyResult {
  name: string
  medianMs: number
  minMs: number
  maxMs: number
  runs: number
  records: number
}

async function quarterly(): Promise<{ timing: Timing; records: number } | { missing: string }> {
  let mod: { benchQuarterlyCheck?: () => Promise<QuarterlyResult> }
  try {
    mod = (await import('../quarterlyCheck.bench')) as typeof mod
  } catch (e) {
    return { missing: `tests/bench/quarterlyCheck.bench.ts could not be loaded: ${(e as Error).message.split('\n')[0]}` }
  }
  if (!mod.benchQuarterlyCheck) return { missing: 'benchQuarterlyCheck() is not exported yet' }
  const r = await mod.benchQuarterlyCheck()
  return { timing: { median: r.medianMs, min: r.minMs, max: r.maxMs, runs: r.runs }, records: r.records }
}

const STATUSES: MeasureStatus[] = ['done', 'done', 'in-progress', 'ongoing', 'immediate']

/** A ledger the size of a real inspection's: 6 categories, 50 findings, 2–3 measures each, evidence on most. */
function ledger(findingCount: number) {
  const records = benchRecords(300, { branchId: 'b1', from: '2026-06-20', to: '2026-11-20', seed: 5 })
  const byId = new Map<string, BranchRecord>(records.map((r) => [r.id, r]))
  const inspection: Inspection = {
    id: 'insp1', branchId: 'b1', scope: 'organization', title: '区委第三巡察组关于巡察某街道党工委的反馈意见', inspector: '区委第三巡察组',
    authority: '区委', periodFrom: '2026-03-10', periodTo: '2026-05-10', feedbackDate: '2026-06-18', deadline: '2026-12-18',
    unitName: '某街道党工委', feedbackStudyRecordId: records[0]?.id, createdAt: '2026-06-20T08:00:00.000Z', updatedAt: '2026-06-20T08:00:00.000Z',
  }
  const titles = ['贯彻落实党中央决策部署方面', '落实全面从严治党责任方面', '基层党组织建设方面', '干部队伍建设方面', '作风建设方面', '巡察和审计整改方面']
  const categories: FindingCategory[] = titles.map((title, i) => ({ id: `c${i}`, inspectionId: 'insp1', order: i + 1, title }))
  const findings: InspectionFinding[] = []
  const measures: Measure[] = []
  const evidence: EvidenceLink[] = []
  for (let f = 0; f < findingCount; f++) {
    findings.push({
      id: `f${f}`, inspectionId: 'insp1', categoryId: `c${f % titles.length}`, order: Math.floor(f / titles.length) + 1,
      title: `第${f + 1}个问题：部分党支部“三会一课”制度落实不到位，会议记录要素不全，第一议题学习流于形式。`,
      detail: '巡察发现，2025年以来有3个党支部支委会未按月召开，党课次数不足，部分会议记录缺少出席人数和表决情况。',
      source: `巡察反馈意见第${(f % 4) + 1}部分`,
    })
    const count = 2 + (f % 2)
    for (let m = 0; m < count; m++) {
      const id = `m${f}-${m}`
      const status = STATUSES[(f + m) % STATUSES.length] as MeasureStatus
      measures.push({
        id, findingId: `f${f}`, order: m + 1, text: '严格落实“三会一课”制度，建立会议记录月度检查机制，对记录要素不全的及时督促补正。',
        leadLeader: '王书记', responsible: '党建办', deadline: '2026-09-30', status,
        ...(status === 'done' ? { completedOn: '2026-09-20', completionNote: '已完成全部支部记录检查。' } : {}),
      })
      const record = records[(f * 3 + m) % records.length] as BranchRecord
      evidence.push({ id: `e${f}-${m}`, measureId: id, type: 'record', recordId: record.id })
      if (m === 0) {
        evidence.push({ id: `r${f}`, measureId: id, type: 'rule', rule: { name: '党支部“三会一课”制度实施细则', docNumber: '街党工委发〔2026〕12号', adoptedOn: '2026-07-15' } })
      }
    }
  }
  return { inspection, categories, findings, measures, evidence, records: byId }
}

function reportComposition(): { timing: Timing; paragraphs: number } {
  const l = ledger(50)
  const run = () =>
    composeRectificationReport({ ...l, contact: { phone: '010-12345678', email: 'dangjian@example.org' }, date: '2026-11-26', locale: 'zh-CN' })
  for (let i = 0; i < 3; i++) run() // warm-up
  const samples: number[] = []
  let paragraphs = 0
  for (let i = 0; i < 21; i++) {
    const t0 = performance.now()
    const doc = run()
    samples.push(performance.now() - t0)
    paragraphs = doc.paragraphs.length
  }
  if (paragraphs < 50) throw new Error(`the report has only ${paragraphs} paragraphs for 50 findings`)
  return { timing: summarize(samples), paragraphs }
}

/**
 * A pasted 50-finding report read back into a ledger and composed again: parse the text (one paste),
 * then parse → ledger documents → compose (what the user waits for between pasting and the draft).
 */
function reportParsing(): { parse: Timing; roundTrip: Timing; measures: number; chars: number } {
  const l = ledger(50)
  const doc = composeRectificationReport({ ...l, contact: { phone: '010-12345678', email: 'dangjian@example.org' }, date: '2026-11-26', locale: 'zh-CN' })
  const text = [doc.title, '', ...doc.paragraphs.map((p) => p.text)].join('\n')
  const roundTrip = () => {
    const parsed = parseFeedback(text)
    let n = 0
    const docs = ledgerDocsOf('insp1', confirmedFromParsed(parsed), () => `x${++n}`)
    const inspection = { ...l.inspection, ...inspectionFieldsFromParsed(parsed) }
    composeRectificationReport({ inspection, ...docs, evidence: [], records: {}, contact: {}, date: '2026-11-26', locale: 'zh-CN' })
    return docs.measures.length
  }
  for (let i = 0; i < 3; i++) roundTrip() // warm-up
  const parseSamples: number[] = []
  const roundSamples: number[] = []
  let measures = 0
  for (let i = 0; i < 21; i++) {
    let t0 = performance.now()
    parseFeedback(text)
    parseSamples.push(performance.now() - t0)
    t0 = performance.now()
    measures = roundTrip()
    roundSamples.push(performance.now() - t0)
  }
  if (measures !== l.measures.length) throw new Error(`read back ${measures} of ${l.measures.length} measures`)
  return { parse: summarize(parseSamples), roundTrip: summarize(roundSamples), measures, chars: text.length }
}

const report = reportComposition()
const parsing = reportParsing()
const check = await quarterly()
process.stdout.write(JSON.stringify({ quarterlyCheck: check, report, parsing }) + '\n')
