// The rectification ledger (巡察整改台账): inspections, their finding categories, findings, measures and
// evidence, the report draft, and the exports. Pages read the state and change it only through these
// actions; every action resolves after the local store committed the write (with its outbox mutation).
import { defineStore } from 'pinia'
import { computed, readonly, ref, watch } from 'vue'
import { uuidv7 } from 'uuidv7'
import { todayIso } from '@/domain/dates'
import { kindById } from '@/domain/kinds'
import { ledgerProgress, type LedgerProgress, type OverdueMeasure } from '@/domain/rectification/progress'
import { composeRectificationReport, type ReportDocument } from '@/domain/rectification/reportComposer'
import { draftAsDocument, type RectificationReportDraft } from '@/domain/rectification/reportDraft'
import { REPORT_TEMPLATES, measureOrdinal } from '@/domain/rectification/reportTemplates'
import { ledgerDocsOf, type ConfirmedStructure } from '@/domain/rectification/pastedLedger'
import {
  EVIDENCE_TYPE_LABELS,
  canMarkDone,
  evidenceOf,
  type AdoptedRule,
  type EvidenceLink,
  type EvidenceType,
  type FindingCategory,
  type Inspection,
  type InspectionFinding,
  type Measure,
  type MeasureStatus,
} from '@/domain/rectification/types'
import type { AttachmentRef, BranchRecord, KindId, Label, Locale } from '@/domain/types'
import type { EntityDoc, GenericEntityName, RecordListItem } from '@/local/contract'
import { useLocal } from '@/app/services/localStore'
import { compactDate } from '@/app/services/format'
import { useBranchStore } from './branch'
import { useAttachmentsStore } from './attachments'
import { useSyncStore } from './sync'

/** Ledger documents carry their branch (sync permissions read it). */
export type InBranch<T> = T & { branchId: string }
export type SyncedCategory = InBranch<FindingCategory>
export type SyncedFinding = InBranch<InspectionFinding>
export type SyncedMeasure = InBranch<Measure>
export type SyncedEvidence = InBranch<EvidenceLink>

/** One inspection with everything under it (live items only). */
export interface Ledger {
  inspection: Inspection
  categories: SyncedCategory[]
  findings: SyncedFinding[]
  measures: SyncedMeasure[]
  evidence: SyncedEvidence[]
}

/** What the inspection form edits. */
export type InspectionInput = Omit<Inspection, 'id' | 'branchId' | 'createdAt' | 'updatedAt' | 'deleted'> & { id?: string }

/** Categories, findings and measures the user confirmed after pasting the feedback or report text. */
export type { ConfirmedStructure } from '@/domain/rectification/pastedLedger'

export interface FindingInput {
  id?: string
  inspectionId: string
  categoryId: string
  title: string
  detail?: string
  source?: string
}

export type MeasureInput = Omit<Measure, 'id' | 'order' | 'updatedAt' | 'deleted'> & { id?: string }

export type EvidenceInput =
  | { type: 'record'; measureId: string; recordId: string; note?: string }
  | { type: 'rule'; measureId: string; rule: AdoptedRule; file?: AttachmentRef; note?: string }
  | { type: 'file' | 'photo'; measureId: string; file: AttachmentRef; note?: string }

export interface RecordFilter {
  kind?: KindId
  from?: string
  to?: string
  words?: string
}

export interface ExportedFile {
  blob: Blob
  fileName: string
}

/** Marking a measure done was refused: no evidence and no stated reason (the message says what to do). */
export class MarkDoneRefused extends Error {
  constructor(public readonly label: Label) {
    super(label['zh-CN'])
    this.name = 'MarkDoneRefused'
  }
}

const ENTITY = {
  inspection: 'inspection',
  category: 'finding-category',
  finding: 'finding',
  measure: 'measure',
  evidence: 'evidence',
  draft: 'report-draft',
} as const satisfies Record<string, GenericEntityName>

type Put = { entity: GenericEntityName; doc: EntityDoc }

const nowIso = (): string => new Date().toISOString()
const byOrder = (a: { order: number }, b: { order: number }) => a.order - b.order

/** Trimmed text, or undefined when empty (optional fields are left out rather than stored blank). */
function clean(value: string | undefined): string | undefined {
  const v = value?.trim()
  return v ? v : undefined
}

function withoutEmpty<T extends object>(doc: T): T {
  const out = { ...doc } as Record<string, unknown>
  for (const [k, v] of Object.entries(out)) if (v === undefined || v === '') delete out[k]
  return out as T
}

/** A file name part without characters phones and Windows refuse. */
function fileNamePart(text: string): string {
  return text.replace(/[\\/:*?"<>|\s]+/g, '').slice(0, 60) || FILE_WORDS.fallback
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'image/gif': '.gif',
  'image/heic': '.heic',
  'application/pdf': '.pdf',
}
const extOf = (mime: string) => EXTENSIONS[mime] ?? ''

/** The exports are the unit's Chinese documents; their file names are Chinese whatever the UI language. */
const FILE_WORDS = {
  fallback: '整改',
  report: '巡察整改情况通报',
  ledger: '巡察整改台账',
  package: '巡察整改佐证材料',
  signInSheet: '签到表',
  photo: '照片',
  finding: '问题',
  evidence: '佐证材料',
} as const

export const useRectificationStore = defineStore('rectification', () => {
  const inspections = ref<Inspection[]>([])
  const categories = ref<SyncedCategory[]>([])
  const findings = ref<SyncedFinding[]>([])
  const measures = ref<SyncedMeasure[]>([])
  const evidence = ref<SyncedEvidence[]>([])
  const reportDrafts = ref<Record<string, RectificationReportDraft>>({})
  /** Records linked as evidence (and the feedback-study meeting), by id. */
  const records = ref<Record<string, BranchRecord>>({})
  const loaded = ref(false)
  const branchId = ref<string>()
  const today = ref(todayIso())
  let loading: Promise<void> | undefined

  // ---------------------------------------------------------------- reading

  async function reload(): Promise<void> {
    const branchStore = useBranchStore()
    await branchStore.load()
    const branch = branchStore.branch
    today.value = todayIso()
    if (!branch) {
      branchId.value = undefined
      inspections.value = categories.value = findings.value = measures.value = evidence.value = []
      loaded.value = true
      return
    }
    const local = await useLocal()
    const q = { branchId: branch.id }
    const [i, c, f, m, e] = await Promise.all([
      local.listEntities<Inspection>(ENTITY.inspection, q),
      local.listEntities<SyncedCategory>(ENTITY.category, q),
      local.listEntities<SyncedFinding>(ENTITY.finding, q),
      local.listEntities<SyncedMeasure>(ENTITY.measure, q),
      local.listEntities<SyncedEvidence>(ENTITY.evidence, q),
    ])
    branchId.value = branch.id
    // Records linked as evidence may have changed too (a correction synced in): read them again.
    const cachedRecordIds = Object.keys(records.value)
    records.value = {}
    await loadRecords(cachedRecordIds)
    inspections.value = i.sort((a, b) => b.feedbackDate.localeCompare(a.feedbackDate) || b.createdAt.localeCompare(a.createdAt))
    categories.value = c
    findings.value = f
    measures.value = m
    evidence.value = e
    loaded.value = true
  }

  /** Loads once; `force` reads again (e.g. after a sync or a restore). */
  function load(force = false): Promise<void> {
    if (force || !loading) {
      loading = reload().catch((error: unknown) => {
        loading = undefined
        throw error
      })
    }
    return loading
  }

  // A sync that brought changes from other devices: read the ledger again, once it was read at all.
  watch(
    () => useSyncStore().dataVersion,
    () => {
      if (loaded.value) load(true).catch((error: unknown) => console.error(error))
    },
  )

  function requireBranchId(): string {
    if (!branchId.value) throw new Error('No branch yet: set up the branch first.')
    return branchId.value
  }

  function inspectionById(id: string): Inspection | undefined {
    return inspections.value.find((i) => i.id === id)
  }

  function ledgerOf(inspectionId: string): Ledger | undefined {
    const inspection = inspectionById(inspectionId)
    if (!inspection) return undefined
    const cats = categories.value.filter((c) => c.inspectionId === inspectionId).sort(byOrder)
    const fs = findings.value.filter((f) => f.inspectionId === inspectionId)
    const findingIds = new Set(fs.map((f) => f.id))
    const ms = measures.value.filter((m) => findingIds.has(m.findingId))
    const measureIds = new Set(ms.map((m) => m.id))
    const es = evidence.value.filter((e) => measureIds.has(e.measureId))
    return { inspection, categories: cats, findings: fs, measures: ms, evidence: es }
  }

  function progressOf(inspectionId: string): LedgerProgress | undefined {
    const ledger = ledgerOf(inspectionId)
    if (!ledger) return undefined
    return ledgerProgress(ledger.inspection, ledger.categories, ledger.findings, ledger.measures, ledger.evidence, today.value)
  }

  /** Every inspection with its progress, newest feedback first. */
  const overview = computed(() =>
    inspections.value.map((inspection) => ({ inspection, progress: progressOf(inspection.id) as LedgerProgress })),
  )

  /** Overdue measures of every inspection, the longest overdue first (for the home screen). */
  const overdueMeasures = computed<(OverdueMeasure & { inspection: Inspection })[]>(() =>
    overview.value
      .flatMap(({ inspection, progress }) => progress.overdueMeasures.map((o) => ({ ...o, inspection })))
      .sort((a, b) => b.daysOverdue - a.daysOverdue),
  )

  function measureById(id: string): SyncedMeasure | undefined {
    return measures.value.find((m) => m.id === id)
  }

  function findingById(id: string): SyncedFinding | undefined {
    return findings.value.find((f) => f.id === id)
  }

  /** Live evidence of one measure, in the order it was added. */
  function evidenceOfMeasure(measureId: string): SyncedEvidence[] {
    return evidenceOf(measureId, evidence.value) as SyncedEvidence[]
  }

  /** Continuous finding numbers across categories, as the report and the ledger print them. */
  function findingNumbers(inspectionId: string): Map<string, number> {
    const ledger = ledgerOf(inspectionId)
    const numbers = new Map<string, number>()
    if (!ledger) return numbers
    let n = 0
    const known = new Set(ledger.categories.map((c) => c.id))
    for (const c of ledger.categories) {
      for (const f of ledger.findings.filter((x) => x.categoryId === c.id).sort(byOrder)) numbers.set(f.id, ++n)
    }
    for (const f of ledger.findings.filter((x) => !known.has(x.categoryId)).sort(byOrder)) numbers.set(f.id, ++n)
    return numbers
  }

  /** 一是, 二是 … of a measure within its finding. */
  function ordinalOf(measure: Measure, locale: Locale): string {
    const siblings = measures.value.filter((m) => m.findingId === measure.findingId).sort(byOrder)
    const index = siblings.findIndex((m) => m.id === measure.id)
    return measureOrdinal(index < 0 ? siblings.length : index, REPORT_TEMPLATES[locale])
  }

  // ---------------------------------------------------------------- writing

  function replaced<T extends { id: string }>(list: T[], doc: T & { deleted?: boolean }): T[] {
    const rest = list.filter((x) => x.id !== doc.id)
    return doc.deleted ? rest : [...rest, doc]
  }

  /** Mirrors a committed document into the state (tombstones leave it). */
  function mirror({ entity, doc }: Put): void {
    switch (entity) {
      case ENTITY.inspection:
        inspections.value = replaced(inspections.value, doc as Inspection)
        break
      case ENTITY.category:
        categories.value = replaced(categories.value, doc as SyncedCategory)
        break
      case ENTITY.finding:
        findings.value = replaced(findings.value, doc as SyncedFinding)
        break
      case ENTITY.measure:
        measures.value = replaced(measures.value, doc as SyncedMeasure)
        break
      case ENTITY.evidence:
        evidence.value = replaced(evidence.value, doc as SyncedEvidence)
        break
    }
  }

  /** One all-or-nothing write; the state changes only after it committed. */
  async function putAll(list: Put[]): Promise<void> {
    if (list.length === 0) return
    const local = await useLocal()
    await local.putEntities(list)
    list.forEach(mirror)
  }

  function structureDocs(inspectionId: string, structure: ConfirmedStructure, now: string): Put[] {
    const branch = requireBranchId()
    const startOrder = Math.max(0, ...categories.value.filter((c) => c.inspectionId === inspectionId).map((c) => c.order))
    const docs = ledgerDocsOf(inspectionId, structure, uuidv7, { firstCategoryOrder: startOrder + 1, updatedAt: now })
    // Measures keep their '' (待明确) leader, department and deadline: those fields are required strings.
    return [
      ...docs.categories.map((doc) => ({ entity: ENTITY.category, doc: { ...doc, branchId: branch } })),
      ...docs.findings.map((doc) => ({ entity: ENTITY.finding, doc: { ...doc, branchId: branch } })),
      ...docs.measures.map((doc) => ({ entity: ENTITY.measure, doc: { ...doc, branchId: branch } })),
    ]
  }

  /**
   * Creates or updates an inspection; `structure` (confirmed from pasted feedback) adds its categories
   * and findings in the same all-or-nothing write.
   */
  async function saveInspection(input: InspectionInput, structure?: ConfirmedStructure): Promise<Inspection> {
    const branch = requireBranchId()
    const now = nowIso()
    const existing = input.id ? inspectionById(input.id) : undefined
    const doc: Inspection = withoutEmpty({
      id: existing?.id ?? uuidv7(),
      branchId: branch,
      scope: input.scope,
      title: input.title.trim(),
      inspector: input.inspector.trim(),
      authority: clean(input.authority),
      periodFrom: input.periodFrom,
      periodTo: input.periodTo,
      feedbackDate: input.feedbackDate,
      deadline: input.deadline,
      unitName: input.unitName.trim(),
      reorganizationNote: clean(input.reorganizationNote),
      feedbackStudyRecordId: clean(input.feedbackStudyRecordId),
      successorUnit: clean(input.successorUnit),
      publisher: clean(input.publisher),
      contactPhone: clean(input.contactPhone),
      contactEmail: clean(input.contactEmail),
      contactMailbox: clean(input.contactMailbox),
      reportDate: clean(input.reportDate),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    })
    doc.deadline = input.deadline // '' (待明确) stays: the field is required
    await putAll([{ entity: ENTITY.inspection, doc }, ...(structure ? structureDocs(doc.id, structure, now) : [])])
    inspections.value = [...inspections.value].sort((a, b) => b.feedbackDate.localeCompare(a.feedbackDate) || b.createdAt.localeCompare(a.createdAt))
    return doc
  }

  /** Tombstones the inspection and everything under it, all or nothing. */
  async function deleteInspection(id: string): Promise<void> {
    const ledger = ledgerOf(id)
    if (!ledger) return
    const now = nowIso()
    const gone = <T extends { id: string }>(doc: T) => ({ ...doc, deleted: true, updatedAt: now })
    await putAll([
      ...ledger.evidence.map((d) => ({ entity: ENTITY.evidence, doc: gone(d) })),
      ...ledger.measures.map((d) => ({ entity: ENTITY.measure, doc: gone(d) })),
      ...ledger.findings.map((d) => ({ entity: ENTITY.finding, doc: gone(d) })),
      ...ledger.categories.map((d) => ({ entity: ENTITY.category, doc: gone(d) })),
      { entity: ENTITY.inspection, doc: gone(ledger.inspection) },
    ])
  }

  async function saveCategory(input: { id?: string; inspectionId: string; title: string }): Promise<SyncedCategory> {
    const existing = input.id ? categories.value.find((c) => c.id === input.id) : undefined
    const order = existing?.order ?? Math.max(0, ...categories.value.filter((c) => c.inspectionId === input.inspectionId).map((c) => c.order)) + 1
    const doc: SyncedCategory = { id: existing?.id ?? uuidv7(), branchId: requireBranchId(), inspectionId: input.inspectionId, order, title: input.title.trim(), updatedAt: nowIso() }
    await putAll([{ entity: ENTITY.category, doc }])
    return doc
  }

  /** Only an empty category can go; its findings would lose their heading otherwise. */
  async function deleteCategory(id: string): Promise<boolean> {
    const category = categories.value.find((c) => c.id === id)
    if (!category) return true
    if (findings.value.some((f) => f.categoryId === id)) return false
    await putAll([{ entity: ENTITY.category, doc: { ...category, deleted: true, updatedAt: nowIso() } }])
    return true
  }

  async function saveFinding(input: FindingInput): Promise<SyncedFinding> {
    const existing = input.id ? findingById(input.id) : undefined
    const movedOrNew = !existing || existing.categoryId !== input.categoryId
    const order = movedOrNew ? Math.max(0, ...findings.value.filter((f) => f.categoryId === input.categoryId).map((f) => f.order)) + 1 : existing.order
    const doc: SyncedFinding = withoutEmpty({
      id: existing?.id ?? uuidv7(),
      branchId: requireBranchId(),
      inspectionId: input.inspectionId,
      categoryId: input.categoryId,
      order,
      title: input.title.trim(),
      detail: clean(input.detail),
      source: clean(input.source),
      updatedAt: nowIso(),
    })
    await putAll([{ entity: ENTITY.finding, doc }])
    return doc
  }

  /** Tombstones the finding with its measures and their evidence. */
  async function deleteFinding(id: string): Promise<void> {
    const finding = findingById(id)
    if (!finding) return
    const now = nowIso()
    const ms = measures.value.filter((m) => m.findingId === id)
    const ids = new Set(ms.map((m) => m.id))
    await putAll([
      ...evidence.value.filter((e) => ids.has(e.measureId)).map((d) => ({ entity: ENTITY.evidence, doc: { ...d, deleted: true, updatedAt: now } })),
      ...ms.map((d) => ({ entity: ENTITY.measure, doc: { ...d, deleted: true, updatedAt: now } })),
      { entity: ENTITY.finding, doc: { ...finding, deleted: true, updatedAt: now } },
    ])
  }

  /**
   * Saves a measure. 已完成·销号 is refused (MarkDoneRefused) without evidence or a stated reason —
   * rectification on paper only is what inspectors look for.
   */
  async function saveMeasure(input: MeasureInput): Promise<SyncedMeasure> {
    const existing = input.id ? measureById(input.id) : undefined
    const order = existing?.order ?? Math.max(0, ...measures.value.filter((m) => m.findingId === input.findingId).map((m) => m.order)) + 1
    const doc: SyncedMeasure = withoutEmpty({
      id: existing?.id ?? uuidv7(),
      branchId: requireBranchId(),
      findingId: input.findingId,
      order,
      text: input.text.trim(),
      leadLeader: input.leadLeader.trim(),
      responsible: input.responsible.trim(),
      deadline: input.deadline,
      status: input.status,
      completionNote: clean(input.completionNote),
      completedOn: input.status === 'done' ? input.completedOn || todayIso() : clean(input.completedOn),
      noEvidenceReason: clean(input.noEvidenceReason),
      updatedAt: nowIso(),
    })
    // Required strings that may stay '' (待明确) until the unit decides them.
    Object.assign(doc, { leadLeader: input.leadLeader.trim(), responsible: input.responsible.trim(), deadline: input.deadline })
    if (doc.status === 'done') {
      const check = canMarkDone(doc, evidence.value)
      if (!check.ok) throw new MarkDoneRefused(check.message)
    }
    await putAll([{ entity: ENTITY.measure, doc }])
    return doc
  }

  async function setMeasureStatus(id: string, status: MeasureStatus): Promise<SyncedMeasure> {
    const m = measureById(id)
    if (!m) throw new Error(`Unknown measure ${id}`)
    return saveMeasure({ ...m, status })
  }

  async function deleteMeasure(id: string): Promise<void> {
    const m = measureById(id)
    if (!m) return
    const now = nowIso()
    await putAll([
      ...evidence.value.filter((e) => e.measureId === id).map((d) => ({ entity: ENTITY.evidence, doc: { ...d, deleted: true, updatedAt: now } })),
      { entity: ENTITY.measure, doc: { ...m, deleted: true, updatedAt: now } },
    ])
  }

  async function addEvidence(input: EvidenceInput): Promise<SyncedEvidence> {
    const base = { id: uuidv7(), branchId: requireBranchId(), measureId: input.measureId, type: input.type as EvidenceType, note: clean(input.note), updatedAt: nowIso() }
    let doc: SyncedEvidence
    if (input.type === 'record') {
      doc = withoutEmpty({ ...base, recordId: input.recordId })
    } else if (input.type === 'rule') {
      // A rule may have no document number: it stays as an empty string (the field is required).
      const rule: AdoptedRule = {
        name: input.rule.name.trim().replace(/^《/, '').replace(/》$/, ''),
        docNumber: input.rule.docNumber.trim(),
        adoptedOn: input.rule.adoptedOn,
        ...(input.file ? { fileHash: input.file.hash } : {}),
      }
      doc = withoutEmpty({ ...base, rule, file: input.file })
    } else {
      doc = withoutEmpty({ ...base, file: input.file })
    }
    await putAll([{ entity: ENTITY.evidence, doc }])
    return doc
  }

  /** What a photo or file shows and the date of its content; both may be emptied again. */
  async function describeEvidence(id: string, change: { note?: string; date?: string }): Promise<SyncedEvidence> {
    const current = evidence.value.find((e) => e.id === id)
    if (!current) throw new Error(`No evidence ${id}`)
    const { note: _note, date: _date, ...rest } = current
    const doc = withoutEmpty({ ...rest, note: clean(change.note), date: change.date || undefined, updatedAt: nowIso() }) as SyncedEvidence
    await putAll([{ entity: ENTITY.evidence, doc }])
    return doc
  }

  async function removeEvidence(id: string): Promise<void> {
    const e = evidence.value.find((x) => x.id === id)
    if (!e) return
    await putAll([{ entity: ENTITY.evidence, doc: { ...e, deleted: true, updatedAt: nowIso() } }])
  }

  /** Stores a photo or scan (bytes under their SHA-256) for evidence; photos arrive already resized. */
  async function storeFile(file: Blob, meta: Omit<AttachmentRef, 'hash' | 'size'>): Promise<AttachmentRef> {
    const local = await useLocal()
    return local.putAttachment(file, withoutEmpty({ ...meta, caption: clean(meta.caption) }))
  }

  /** An evidence file: from this device, else downloaded from the server (and kept); undefined if neither has it. */
  async function getFile(hash: string): Promise<Blob | undefined> {
    const here = await (await useLocal()).getAttachment(hash)
    if (here) return here
    const fetched = await useAttachmentsStore().image(hash)
    return 'blob' in fetched ? fetched.blob : undefined
  }

  // ---------------------------------------------------------------- records

  /** Finished records matching a kind, a date range and words (newest first). */
  async function findRecords(filter: RecordFilter, limit = 100): Promise<RecordListItem[]> {
    const local = await useLocal()
    const words = filter.words?.trim()
    const found = words ? await local.searchRecords(words, 500) : await local.listRecords(filter.kind ? { kind: filter.kind } : {})
    return found
      .filter((r) => r.status === 'final')
      .filter((r) => !filter.kind || r.kind === filter.kind)
      .filter((r) => (!filter.from || r.date >= filter.from) && (!filter.to || r.date <= filter.to))
      .slice(0, limit)
  }

  /** Makes the given records (evidence, the feedback-study meeting) available in `records`. */
  async function loadRecords(ids: readonly string[]): Promise<void> {
    const local = await useLocal()
    const missing = [...new Set(ids)].filter((id) => id && !records.value[id])
    if (missing.length === 0) return
    const found = await Promise.all(missing.map((id) => local.getRecord(id)))
    const next = { ...records.value }
    found.forEach((r) => {
      if (r) next[r.id] = r
    })
    records.value = next
  }

  function recordIdsOf(ledger: Ledger): string[] {
    const ids = ledger.evidence.filter((e) => e.type === 'record' && e.recordId).map((e) => e.recordId as string)
    if (ledger.inspection.feedbackStudyRecordId) ids.push(ledger.inspection.feedbackStudyRecordId)
    return ids
  }

  /**
   * Every file the evidence package will hold: the linked records' photos and signatures (named by
   * `recordFiles`) and the evidence files themselves, for fetching them before the package is built.
   */
  async function evidencePackageFiles(
    inspectionId: string,
    recordFiles: (records: BranchRecord[]) => { hash: string; label: string }[],
  ): Promise<{ hash: string; label: string }[]> {
    const ledger = ledgerOf(inspectionId)
    if (!ledger) return []
    await loadRecords(recordIdsOf(ledger))
    const linked = [...new Set(ledger.evidence.filter((e) => e.type === 'record' && e.recordId).map((e) => e.recordId as string))]
    const out = recordFiles(linked.map((id) => records.value[id]).filter((r): r is BranchRecord => !!r && !r.deleted))
    for (const e of ledger.evidence) {
      const hash = e.file?.hash ?? e.rule?.fileHash
      if (!hash) continue
      const what = e.type === 'rule' && e.rule ? e.rule.name : e.file?.caption?.trim() || e.note?.trim() || EVIDENCE_TYPE_LABELS[e.type]['zh-CN']
      out.push({ hash, label: `${FILE_WORDS.evidence}：${what}` })
    }
    return out
  }

  /** Loads every record the ledger points at. */
  async function loadLedgerRecords(inspectionId: string): Promise<void> {
    const ledger = ledgerOf(inspectionId)
    if (ledger) await loadRecords(recordIdsOf(ledger))
  }

  // ---------------------------------------------------------------- the report

  async function loadReportDraft(inspectionId: string): Promise<RectificationReportDraft | undefined> {
    const local = await useLocal()
    const draft = await local.getEntity<RectificationReportDraft>(ENTITY.draft, inspectionId)
    const next = { ...reportDrafts.value }
    if (draft && !draft.deleted) next[inspectionId] = draft
    else delete next[inspectionId]
    reportDrafts.value = next
    return next[inspectionId]
  }

  /** The report as the app drafts it from the ledger today (contact details from the branch settings). */
  async function composeReport(inspectionId: string, date: string, locale: Locale, options: { includeTotals?: boolean } = {}): Promise<ReportDocument> {
    const ledger = ledgerOf(inspectionId)
    if (!ledger) throw new Error(`Unknown inspection ${inspectionId}`)
    await loadRecords(recordIdsOf(ledger))
    const branch = useBranchStore().branch
    return composeRectificationReport({
      ...ledger,
      records: records.value,
      contact: { phone: branch?.contactPhone, email: branch?.contactEmail },
      date,
      locale,
      ...options,
    })
  }

  async function saveReportDraft(inspectionId: string, doc: { title: string; date: string; paragraphs: ReportDocument['paragraphs']; composedAt: string }): Promise<RectificationReportDraft> {
    const draft: RectificationReportDraft = {
      id: inspectionId,
      branchId: requireBranchId(),
      inspectionId,
      title: doc.title.trim(),
      date: doc.date,
      paragraphs: doc.paragraphs.map((p) => withoutEmpty({ ...p })),
      composedAt: doc.composedAt,
      updatedAt: nowIso(),
    }
    await (await useLocal()).putEntity(ENTITY.draft, draft)
    reportDrafts.value = { ...reportDrafts.value, [inspectionId]: draft }
    return draft
  }

  /** The user's edited draft when there is one, else the composed text (Chinese: the published document). */
  async function reportDocument(inspectionId: string): Promise<ReportDocument> {
    const draft = reportDrafts.value[inspectionId] ?? (await loadReportDraft(inspectionId))
    return draft ? draftAsDocument(draft) : composeReport(inspectionId, inspectionById(inspectionId)?.reportDate ?? todayIso(), 'zh-CN')
  }

  // ---------------------------------------------------------------- exports (builders load on demand)

  function baseName(inspectionId: string): string {
    const inspection = inspectionById(inspectionId)
    return fileNamePart(inspection?.unitName ?? '')
  }

  async function exportReportDocx(inspectionId: string): Promise<ExportedFile> {
    const doc = await reportDocument(inspectionId)
    const { buildRectificationReportDocx } = await import('@/export/rectificationReportDocx')
    const bytes = await buildRectificationReportDocx(doc)
    return {
      blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }),
      fileName: `${baseName(inspectionId)}${FILE_WORDS.report}-${compactDate()}.docx`,
    }
  }

  async function ledgerBytes(inspectionId: string): Promise<Uint8Array> {
    const ledger = ledgerOf(inspectionId)
    if (!ledger) throw new Error(`Unknown inspection ${inspectionId}`)
    await loadRecords(recordIdsOf(ledger))
    const { buildLedgerXlsx } = await import('@/export/ledgerXlsx')
    return buildLedgerXlsx({ ...ledger, records: records.value, today: todayIso(), locale: 'zh-CN' })
  }

  async function exportLedgerXlsx(inspectionId: string): Promise<ExportedFile> {
    const bytes = await ledgerBytes(inspectionId)
    return {
      blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
      fileName: `${baseName(inspectionId)}${FILE_WORDS.ledger}-${compactDate()}.xlsx`,
    }
  }

  /** The server revision each record was last reconciled with (0: never synced from this device). */
  async function recordRevisions(): Promise<Map<string, number>> {
    const { openSyncLocal } = await import('@/local/syncApply')
    const sync = openSyncLocal()
    try {
      return new Map((await sync.listSyncInfo('record')).map((i) => [i.id, i.rev]))
    } finally {
      sync.close()
    }
  }

  async function bytesOf(hash: string): Promise<Uint8Array | undefined> {
    const blob = await getFile(hash)
    return blob ? new Uint8Array(await blob.arrayBuffer()) : undefined
  }

  /**
   * One ZIP for the inspectors: the report, the ledger, every linked record as a document with its
   * photos, the attached files, and a manifest with every file's SHA-256 and the record revisions.
   */
  async function exportEvidencePackage(inspectionId: string): Promise<ExportedFile> {
    const ledger = ledgerOf(inspectionId)
    if (!ledger) throw new Error(`Unknown inspection ${inspectionId}`)
    await loadRecords(recordIdsOf(ledger))
    const [{ buildRectificationReportDocx }, { buildRecordDocx }, { buildEvidencePackage }] = await Promise.all([
      import('@/export/rectificationReportDocx'),
      import('@/export/recordDocx'),
      import('@/export/evidencePackage'),
    ])
    const [reportDocx, ledgerXlsx, revs] = await Promise.all([
      reportDocument(inspectionId).then(buildRectificationReportDocx),
      ledgerBytes(inspectionId),
      recordRevisions().catch(() => new Map<string, number>()),
    ])

    const linkedIds = [...new Set(ledger.evidence.filter((e) => e.type === 'record' && e.recordId).map((e) => e.recordId as string))]
    const packed = []
    for (const id of linkedIds) {
      const record = records.value[id]
      if (!record || record.deleted) continue
      const rev = revs.get(id) ?? 0
      const photos: { name: string; bytes: Uint8Array; caption?: string }[] = []
      for (const [i, p] of record.photos.entries()) {
        const bytes = await bytesOf(p.hash)
        if (!bytes) continue
        const what = p.caption?.trim() || (p.role === 'sign-in-sheet' ? FILE_WORDS.signInSheet : FILE_WORDS.photo)
        photos.push({ name: `${String(i + 1).padStart(2, '0')}-${fileNamePart(what)}${extOf(p.mime)}`, bytes, caption: p.caption })
      }
      const chair = record.signatures.chair ? await bytesOf(record.signatures.chair.hash) : undefined
      const recorder = record.signatures.recorder ? await bytesOf(record.signatures.recorder.hash) : undefined
      const kindLabel = kindById(record.kind)?.label['zh-CN'] ?? record.kind
      const docx = await buildRecordDocx(record, kindLabel, 'zh-CN', {
        photos: photos.map((p) => ({ bytes: p.bytes, caption: p.caption })),
        signatures: { ...(chair ? { chair } : {}), ...(recorder ? { recorder } : {}) },
        rev,
      })
      packed.push({ record, rev, docx, kindLabel, photos: photos.map(({ name, bytes }) => ({ name, bytes })) })
    }

    const numbers = findingNumbers(inspectionId)
    const files: { name: string; bytes: Uint8Array }[] = []
    const seen = new Set<string>()
    for (const e of ledger.evidence) {
      const hash = e.file?.hash ?? e.rule?.fileHash
      if (!hash || seen.has(`${e.measureId}:${hash}`)) continue
      seen.add(`${e.measureId}:${hash}`)
      const bytes = await bytesOf(hash)
      if (!bytes) continue
      const measure = measureById(e.measureId)
      const finding = measure ? findingById(measure.findingId) : undefined
      const prefix = finding && measure ? `${FILE_WORDS.finding}${numbers.get(finding.id) ?? ''}-${ordinalOf(measure, 'zh-CN')}-` : ''
      const what =
        e.type === 'rule' && e.rule
          ? `${e.rule.name}${e.rule.docNumber ? `（${e.rule.docNumber}）` : ''}`
          : e.file?.caption?.trim() || e.note?.trim() || EVIDENCE_TYPE_LABELS[e.type]['zh-CN']
      files.push({ name: `${prefix}${fileNamePart(what)}${extOf(e.file?.mime ?? '')}`, bytes })
    }

    const zip = await buildEvidencePackage({
      reportDocx,
      ledgerXlsx,
      records: packed,
      files,
      title: ledger.inspection.title,
    })
    return {
      blob: new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
      fileName: `${baseName(inspectionId)}${FILE_WORDS.package}-${compactDate()}.zip`,
    }
  }

  return {
    inspections: readonly(inspections),
    categories: readonly(categories),
    findings: readonly(findings),
    measures: readonly(measures),
    evidence: readonly(evidence),
    records: readonly(records),
    reportDrafts: readonly(reportDrafts),
    loaded: readonly(loaded),
    branchId: readonly(branchId),
    today: readonly(today),
    overview,
    overdueMeasures,
    load,
    inspectionById,
    ledgerOf,
    progressOf,
    measureById,
    findingById,
    evidenceOfMeasure,
    findingNumbers,
    ordinalOf,
    saveInspection,
    deleteInspection,
    saveCategory,
    deleteCategory,
    saveFinding,
    deleteFinding,
    saveMeasure,
    setMeasureStatus,
    deleteMeasure,
    addEvidence,
    describeEvidence,
    removeEvidence,
    storeFile,
    getFile,
    findRecords,
    loadRecords,
    loadLedgerRecords,
    loadReportDraft,
    composeReport,
    saveReportDraft,
    exportReportDocx,
    exportLedgerXlsx,
    exportEvidencePackage,
    evidencePackageFiles,
  }
})
