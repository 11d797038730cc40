// The user's edited copy of a composed rectification report (整改情况通报). The composer drafts the text
// from the ledger; the user then corrects it block by block. The edited copy is kept (and synced) on its
// own, so composing again never silently overwrites what the user wrote.
import type { IsoDate, IsoTimestamp } from '@/domain/types'
import type { ReportBlock, ReportDocument } from './reportComposer'

export interface RectificationReportDraft {
  /** The inspection's id: one draft per inspection. */
  id: string
  branchId: string
  inspectionId: string
  title: string
  /** The report's date (totals "as of", signature). */
  date: IsoDate
  paragraphs: ReportBlock[]
  /** When the composer last produced the text the user started from. */
  composedAt: IsoTimestamp
  updatedAt: IsoTimestamp
  deleted?: boolean
}

/** The draft as a document the DOCX builder and the print view take (warnings belong to composing). */
export function draftAsDocument(draft: Pick<RectificationReportDraft, 'title' | 'paragraphs'>): ReportDocument {
  return { title: draft.title, paragraphs: draft.paragraphs.map((p) => ({ ...p })), warnings: [] }
}
