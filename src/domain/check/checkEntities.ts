// The quarterly check's synced documents: sign-offs, corrections after sign-off, the upper level's review
// marks and comments, and the organization's rule changes. Each is kept on devices and on the server
// like a record (one entity kind per shape in `protocol.ts`); this file only says what they hold and how
// the rule changes fold back into the settings the check runs with.
import type { Quarter } from '../dates'
import type { IsoTimestamp } from '../types'
import { changeRule, EMPTY_RULE_SETTINGS, type RuleOverride, type RuleSettings } from './rules'
import type { Correction, QuarterSignoff, ReviewMark } from './signoff'

/** What every synced document may carry besides its own fields. */
export interface SyncedFields {
  updatedAt?: IsoTimestamp
  /** Tombstone: kept and synced rather than removed. */
  deleted?: boolean
}

export type SignoffDoc = QuarterSignoff & SyncedFields

/** A correction names its branch, so that sync knows who may read and write it. */
export type CorrectionDoc = Correction & { branchId: string } & SyncedFields

export type ReviewMarkDoc = ReviewMark & SyncedFields

/** The upper level's comment on a branch's check of one quarter as a whole (not on one record). */
export interface ReviewComment {
  id: string
  branchId: string
  year: number
  quarter: Quarter
  text: string
  by: string
  at: IsoTimestamp
}

export type ReviewCommentDoc = ReviewComment & SyncedFields

/**
 * One saved change to the rules: an override as `rules.ts` defines it, kept as its own document so that
 * two people changing rules on two devices never overwrite each other (changes are only ever added).
 */
export type RuleOverrideDoc = RuleOverride & { id: string; branchId: string } & SyncedFields

const byChangedAt = (a: RuleOverrideDoc, b: RuleOverrideDoc): number =>
  a.changedAt < b.changedAt ? -1 : a.changedAt > b.changedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/**
 * The rule settings a branch's saved changes add up to: replayed oldest first through `changeRule`, so
 * the change log says from → to exactly as it did when each change was made. Deleted changes and
 * changes that would be refused today (e.g. an unknown rule) are skipped.
 */
export function ruleSettingsFromOverrides(docs: readonly RuleOverrideDoc[], base: RuleSettings = EMPTY_RULE_SETTINGS): RuleSettings {
  let settings: RuleSettings = { overrides: [...base.overrides], config: { ...base.config }, log: [...base.log] }
  for (const doc of [...docs].filter((d) => !d.deleted).sort(byChangedAt)) {
    const change: Omit<RuleOverride, 'changedBy' | 'changedAt' | 'note'> = { ruleId: doc.ruleId }
    if (doc.count !== undefined) change.count = doc.count
    if (doc.per !== undefined) change.per = doc.per
    if (doc.enabled !== undefined) change.enabled = doc.enabled
    const result = changeRule(settings, change, { changedBy: doc.changedBy, changedAt: doc.changedAt, note: doc.note })
    if (result.ok) settings = result.settings
  }
  return settings
}
