// From a parsed paste to the ledger: the structure the person confirms (and edits) on the confirmation
// screen, and the ledger documents it becomes. Nothing the document does not contain is required:
// 牵头领导, 责任部门 and deadlines stay '' (待明确) and show as to-do in the ledger.
import type { ParsedFeedback } from './feedbackParser'
import type { FindingCategory, Inspection, InspectionFinding, Measure, MeasureStatus } from './types'

export interface ConfirmedMeasure {
  text: string
  status?: MeasureStatus
}

export interface ConfirmedFinding {
  title: string
  detail?: string
  source?: string
  measures?: ConfirmedMeasure[]
}

/** Categories, findings and measures the user confirmed after pasting the feedback or report text. */
export interface ConfirmedStructure {
  categories: { title: string; findings: ConfirmedFinding[] }[]
}

/** The inspection fields a pasted document can fill (the form shows them for checking before saving). */
export type PastedInspectionFields = Partial<
  Pick<
    Inspection,
    | 'title'
    | 'inspector'
    | 'authority'
    | 'unitName'
    | 'periodFrom'
    | 'periodTo'
    | 'feedbackDate'
    | 'reorganizationNote'
    | 'successorUnit'
    | 'publisher'
    | 'contactPhone'
    | 'contactEmail'
    | 'contactMailbox'
    | 'reportDate'
  >
>

export function confirmedFromParsed(parsed: ParsedFeedback): ConfirmedStructure {
  return {
    categories: parsed.categories.map((c) => ({
      title: c.title,
      findings: c.findings.map((f) => ({
        title: f.title,
        ...(f.detail ? { detail: f.detail } : {}),
        ...(f.section ? { source: f.section } : {}),
        ...(f.measures ? { measures: f.measures.map((m) => (m.status ? { text: m.text, status: m.status } : { text: m.text })) } : {}),
      })),
    })),
  }
}

export function inspectionFieldsFromParsed(parsed: ParsedFeedback): PastedInspectionFields {
  const f = parsed.facts ?? {}
  const out: PastedInspectionFields = {
    title: parsed.title,
    inspector: f.inspector,
    authority: f.authority,
    unitName: f.unitName,
    periodFrom: f.periodFrom,
    periodTo: f.periodTo,
    feedbackDate: f.feedbackDate,
    reorganizationNote: f.reorganizationNote,
    successorUnit: f.successorUnit,
    publisher: parsed.publisher?.name,
    contactPhone: parsed.closing?.phone,
    contactEmail: parsed.closing?.email,
    contactMailbox: parsed.closing?.mailbox,
    reportDate: parsed.reportDate?.date,
  }
  for (const k of Object.keys(out) as (keyof PastedInspectionFields)[]) if (!out[k]) delete out[k]
  return out
}

export interface LedgerDocs {
  categories: FindingCategory[]
  findings: InspectionFinding[]
  measures: Measure[]
}

/**
 * The ledger documents of a confirmed structure. Measures from a report keep the status its words gave
 * (将长期坚持 → 长期坚持) or are 整改中: "done" needs evidence, which the person links afterwards.
 */
export function ledgerDocsOf(
  inspectionId: string,
  structure: ConfirmedStructure,
  newId: () => string,
  options: { firstCategoryOrder?: number; updatedAt?: string } = {},
): LedgerDocs {
  const out: LedgerDocs = { categories: [], findings: [], measures: [] }
  const stamp = options.updatedAt ? { updatedAt: options.updatedAt } : {}
  structure.categories.forEach((cat, ci) => {
    const category: FindingCategory = { id: newId(), inspectionId, order: (options.firstCategoryOrder ?? 1) + ci, title: cat.title.trim(), ...stamp }
    out.categories.push(category)
    cat.findings.forEach((f, fi) => {
      const finding: InspectionFinding = {
        id: newId(),
        inspectionId,
        categoryId: category.id,
        order: fi + 1,
        title: f.title.trim(),
        ...(f.detail?.trim() ? { detail: f.detail.trim() } : {}),
        ...(f.source?.trim() ? { source: f.source.trim() } : {}),
        ...stamp,
      }
      out.findings.push(finding)
      ;(f.measures ?? [])
        .filter((m) => m.text.trim())
        .forEach((m, mi) => {
          out.measures.push({
            id: newId(),
            findingId: finding.id,
            order: mi + 1,
            text: m.text.trim(),
            leadLeader: '',
            responsible: '',
            deadline: '',
            status: m.status ?? 'in-progress',
            ...stamp,
          })
        })
    })
  })
  return out
}
