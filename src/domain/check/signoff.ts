// Sign-off of a quarter, corrections after it, and the upper level's review marks. Pure data and rules;
// they sync like records (the local store and the server keep them, this file only decides).
import { yearQuarterOf, type Quarter } from '../dates'
import type { AttachmentRef, BranchRecord, IsoTimestamp, Label } from '../types'

/** The secretary's signature under a quarter's check. Once present, that quarter's records are frozen. */
export interface QuarterSignoff {
  id: string
  branchId: string
  year: number
  quarter: Quarter
  signedBy: string // full name
  signedAt: IsoTimestamp
  comment: string
  signature?: AttachmentRef
}

/** A change to a frozen record: the reason, who and when, and the record as it was before (kept visible). */
export interface Correction {
  id: string
  recordId: string
  reason: string
  at: IsoTimestamp
  by: string
  previous: BranchRecord
}

export type ReviewState = 'pending' | 'problem' | 'passed' // 待审阅 / 有问题 / 已通过

/** The upper level's mark on one record, with a comment that reaches the branch. */
export interface ReviewMark {
  id: string
  recordId: string
  branchId: string
  state: ReviewState
  comment: string
  by: string
  at: IsoTimestamp
}

export const REVIEW_STATE_LABELS: Readonly<Record<ReviewState, Label>> = {
  pending: { 'zh-CN': '待审阅', en: 'Pending review' },
  problem: { 'zh-CN': '有问题', en: 'Has problems' },
  passed: { 'zh-CN': '已通过', en: 'Passed' },
}

/** The sign-off of a branch's quarter, if any (the latest when a quarter was signed more than once). */
export function signoffFor(
  branchId: string,
  year: number,
  quarter: Quarter,
  signoffs: readonly QuarterSignoff[],
): QuarterSignoff | undefined {
  let found: QuarterSignoff | undefined
  for (const s of signoffs) {
    if (s.branchId !== branchId || s.year !== year || s.quarter !== quarter) continue
    if (!found || s.signedAt > found.signedAt) found = s
  }
  return found
}

/**
 * Is the record in a signed quarter? Pass the record as stored (before an edit), so that moving its date
 * out of the quarter is itself a correction. Drafts freeze too: the quarter was checked as it stood.
 */
export function isFrozen(record: Pick<BranchRecord, 'branchId' | 'date'>, signoffs: readonly QuarterSignoff[]): boolean {
  let yq: { year: number; quarter: Quarter }
  try {
    yq = yearQuarterOf(record.date)
  } catch {
    return false // no valid date yet: it cannot belong to a signed quarter
  }
  return signoffFor(record.branchId, yq.year, yq.quarter, signoffs) !== undefined
}

export const CORRECTION_REASON_REQUIRED: Label = {
  'zh-CN': '本季度已签核，修改需填写更正原因',
  en: 'This quarter has been signed off; give a reason for the correction',
}

export type CorrectionCheck = { ok: true; frozen: boolean } | { ok: false; error: Label }

/** May this stored record be changed? A frozen record needs a non-blank correction reason. */
export function requireCorrectionReason(
  record: Pick<BranchRecord, 'branchId' | 'date'>,
  signoffs: readonly QuarterSignoff[],
  reason?: string,
): CorrectionCheck {
  if (!isFrozen(record, signoffs)) return { ok: true, frozen: false }
  if (reason === undefined || reason.trim() === '') return { ok: false, error: CORRECTION_REASON_REQUIRED }
  return { ok: true, frozen: true }
}

/** A correction entry for an edit of a frozen record; `previous` is the stored record before the edit. */
export function makeCorrection(
  previous: BranchRecord,
  reason: string,
  by: string,
  at: IsoTimestamp,
  id: string,
): Correction {
  return { id, recordId: previous.id, reason: reason.trim(), at, by, previous }
}

/** Corrections of one record, oldest first: the visible revision history after sign-off. */
export function correctionsOf(recordId: string, corrections: readonly Correction[]): Correction[] {
  return corrections.filter((c) => c.recordId === recordId).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
}

/** The current mark of a record: the latest one. */
export function currentReviewMark(recordId: string, marks: readonly ReviewMark[]): ReviewMark | undefined {
  let found: ReviewMark | undefined
  for (const m of marks) if (m.recordId === recordId && (!found || m.at > found.at)) found = m
  return found
}
