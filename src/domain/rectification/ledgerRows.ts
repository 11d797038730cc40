// The ledger (整改台账) as rows: one row per measure, findings numbered continuously in category order,
// evidence described item by item. Shared by the ledger view, the XLSX export and the evidence package.
import { kindById } from '@/domain/kinds'
import type { BranchRecord, IsoDate, Locale } from '@/domain/types'
import { REPORT_TEMPLATES, formatReportDate, measureOrdinal } from './reportTemplates'
import { EVIDENCE_TYPE_LABELS, PENDING_LABEL, evidenceOf, measureStatusLabel } from './types'
import type { EvidenceLink, FindingCategory, Inspection, InspectionFinding, Measure } from './types'

export type RecordLookup = ReadonlyMap<string, BranchRecord> | Readonly<Record<string, BranchRecord>>

export function lookupRecord(records: RecordLookup | undefined, id: string | undefined): BranchRecord | undefined {
  if (!records || !id) return undefined
  const r = records instanceof Map ? records.get(id) : (records as Readonly<Record<string, BranchRecord>>)[id]
  return r && !r.deleted ? r : undefined
}

export interface LedgerRow {
  /** Continuous finding number (序号). */
  findingNo: number
  categoryId?: string
  categoryTitle: string
  findingId: string
  findingTitle: string
  findingDetail?: string
  source?: string
  /** Undefined for a finding that has no measures yet (it still gets a row). */
  measureId?: string
  /** 一是… plus the measure text. */
  measureText: string
  leadLeader: string
  responsible: string
  deadline: string
  status: string
  completedOn: string
  /** One line per evidence item. */
  evidence: string[]
  /** The stated reason when a done measure has no evidence. */
  noEvidenceReason?: string
  /** How many rows the finding spans (on its first row; 0 on the others) — for merged cells. */
  findingRowSpan: number
}

export function describeEvidence(link: EvidenceLink, records: RecordLookup | undefined, locale: Locale): string {
  const t = REPORT_TEMPLATES[locale]
  const zh = locale === 'zh-CN'
  const note = link.note?.trim()
  const withNote = (s: string) => (note ? (zh ? `${s}（${note}）` : `${s} (${note})`) : s)
  switch (link.type) {
    case 'record': {
      const record = lookupRecord(records, link.recordId)
      if (!record) return withNote(zh ? `会议记录（不可用：${link.recordId ?? '—'}）` : `Record (unavailable: ${link.recordId ?? '—'})`)
      const kind = kindById(record.kind)?.label[locale] ?? record.kind
      return withNote(`${formatReportDate(record.date, t)} ${kind}${zh ? '：' : ': '}${record.title}`)
    }
    case 'rule': {
      if (!link.rule) return withNote(EVIDENCE_TYPE_LABELS.rule[locale])
      const name = link.rule.name.trim().replace(/^《/, '').replace(/》$/, '')
      const date = formatReportDate(link.rule.adoptedOn, t)
      const num = link.rule.docNumber.trim()
      return withNote(zh ? `《${name}》（${num ? `${num}，` : ''}${date}印发）` : `"${name}" (${num ? `${num}, ` : ''}adopted ${date})`)
    }
    case 'file':
    case 'photo': {
      const what = link.file?.caption?.trim()
      const label = EVIDENCE_TYPE_LABELS[link.type][locale]
      // The date of a document's content (a judgement's) is part of what the evidence is.
      const dated = link.date ? ` · ${formatReportDate(link.date, t)}` : ''
      return withNote(`${what ? `${label}${zh ? '：' : ': '}${what}` : label}${dated}`)
    }
  }
}

export function ledgerRows(
  inspection: Inspection,
  categories: readonly FindingCategory[],
  findings: readonly InspectionFinding[],
  measures: readonly Measure[],
  evidence: readonly EvidenceLink[],
  records: RecordLookup | undefined,
  locale: Locale,
): LedgerRow[] {
  const t = REPORT_TEMPLATES[locale]
  const date = (d: IsoDate | undefined) => (d ? formatReportDate(d, t) : '')
  const cats = categories.filter((c) => c.inspectionId === inspection.id && !c.deleted).sort((a, b) => a.order - b.order)
  const live = findings.filter((f) => f.inspectionId === inspection.id && !f.deleted)
  const known = new Set(cats.map((c) => c.id))
  const groups: { category?: FindingCategory; findings: InspectionFinding[] }[] = cats.map((category) => ({
    category,
    findings: live.filter((f) => f.categoryId === category.id).sort((a, b) => a.order - b.order),
  }))
  const orphans = live.filter((f) => !known.has(f.categoryId)).sort((a, b) => a.order - b.order)
  if (orphans.length) groups.push({ findings: orphans })

  const rows: LedgerRow[] = []
  let findingNo = 0
  for (const group of groups) {
    for (const finding of group.findings) {
      findingNo += 1
      const ms = measures.filter((m) => m.findingId === finding.id && !m.deleted).sort((a, b) => a.order - b.order)
      const base = {
        findingNo,
        ...(group.category ? { categoryId: group.category.id } : {}),
        categoryTitle: group.category?.title ?? t.uncategorizedTitle,
        findingId: finding.id,
        findingTitle: finding.title,
        ...(finding.detail ? { findingDetail: finding.detail } : {}),
        ...(finding.source ? { source: finding.source } : {}),
      }
      if (ms.length === 0) {
        rows.push({ ...base, measureText: '', leadLeader: '', responsible: '', deadline: '', status: '', completedOn: '', evidence: [], findingRowSpan: 1 })
        continue
      }
      ms.forEach((m, i) => {
        rows.push({
          ...base,
          measureId: m.id,
          measureText: measureOrdinal(i, t) + m.text.trim(),
          // A pasted report names no leader, department or deadline: the ledger says 待明确 (to do).
          leadLeader: m.leadLeader.trim() || PENDING_LABEL[locale],
          responsible: m.responsible.trim() || PENDING_LABEL[locale],
          deadline: date(m.deadline) || PENDING_LABEL[locale],
          status: measureStatusLabel(m.status)[locale],
          completedOn: date(m.completedOn),
          evidence: evidenceOf(m.id, evidence).map((e) => describeEvidence(e, records, locale)),
          ...(m.noEvidenceReason?.trim() ? { noEvidenceReason: m.noEvidenceReason.trim() } : {}),
          findingRowSpan: i === 0 ? ms.length : 0,
        })
      })
    }
  }
  return rows
}
