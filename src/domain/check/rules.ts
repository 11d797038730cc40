// The quarterly check's requirements and thresholds, as data. Defaults come from each kind's `frequency`
// (kinds.ts); an organization changes them through overrides, and every change is kept in a log so the
// upper level can see who changed which rule, when and why. No rule lives in code.
import type { Frequency, KindDef, Period } from '../kindSchema'
import { KINDS } from '../kinds'
import type { QuorumConfig } from '../quorum'
import type { IsoTimestamp, KindId, Label } from '../types'

export interface CheckRule {
  /** Stable id: `kind:<kindId>` for rules derived from a kind. */
  id: string
  label: Label
  kindId: KindId
  per: Period
  count: number
  /** Counted separately for each party group (党小组会); skipped where the branch has no groups. */
  perPartyGroup?: boolean
  /** Where the default comes from, shown next to the rule. */
  source: Label
  /** A common local practice rather than a national rule. */
  localRule?: boolean
  /** An organization may switch a requirement off; the check then ignores it. */
  enabled: boolean
}

/** An organization's change to one rule. Only the fields present change. */
export interface RuleOverride {
  ruleId: string
  count?: number
  per?: Period
  enabled?: boolean
  changedBy: string
  changedAt: IsoTimestamp
  note: string
}

/** One line of the change log: a single field of a rule (or of the thresholds) going from → to. */
export interface RuleChangeLogEntry {
  /** A rule id, or `config` for a threshold in `CheckConfig`. */
  ruleId: string
  field: string
  from: unknown
  to: unknown
  changedBy: string
  changedAt: IsoTimestamp
  note: string
}

/** Thresholds of the check. Every number is a default the organization can change. */
export interface CheckConfig {
  /** A record created more than this many days after the meeting is 补记 (exactly this many is fine). */
  lateEntryDays: number
  /** Character-bigram Jaccard similarity at or above which two records are called 内容雷同. */
  similarityThreshold: number
  /** Texts shorter than this (non-space characters) are not compared: thin-content covers them. */
  similarityMinChars: number
  /** Empty officialese that says nothing; counted per record, a warning only. */
  stockPhrases: string[]
  /**
   * A record is warned about once its stock phrases occur this often in total. One 进一步加强 is normal
   * officialese; minutes that lean on them are the finding, and warning on every single use is noise.
   */
  stockPhraseWarnAt: number
  /** Months without organizational life that earn a warning to the secretary. */
  warnNoLifeMonths: number
  /** Consecutive months without organizational life at which a member is considered lapsed (党章第九条). */
  lapseMonths: number
  /** Kinds whose minutes must record every stage: 组织生活会 (and 民主生活会, which has the same stages). */
  stagedKindIds: KindId[]
  /** The stages, as section keys declared in kinds.ts, in order (会前 / 会中 / 会后). */
  stageSections: string[]
  /** Kind of the 谈心谈话 record, whose pairs are checked for coverage over the year. */
  talkKindId: KindId
  /** The two fields of a talk record naming who talked with whom (full names or member ids). */
  talkParticipantFields: [string, string]
  /**
   * The clock on which "entered on day N" is read for 补记 (minutes ahead of UTC). Fixed rather than the
   * device's, so the check gives the same answer on every device; China Standard Time by default.
   */
  utcOffsetMinutes: number
  /** The organization's quorum wording and rule changes (see quorum.ts); defaults when absent. */
  quorum?: QuorumConfig
  /** Kinds required only of a branch whose setup says it serves a leadership team (民主生活会, 中心组). */
  leadershipKindIds: KindId[]
  /**
   * The situations in which a member may be left out of "should attend" (regular expressions over the
   * recorded reason): too ill to express their will, abroad > 6 months, serving a sentence, bedridden,
   * away > 6 months without transferring (借调 and 外派 are that case).
   */
  exclusionReasonPatterns: string[]
  /** Words showing the upper level approved an exclusion. */
  exclusionApprovalPattern: string
  /** Reasons that are no reason: an absence recorded with these is an absence without a reason. */
  nonReasonPattern: string
}

export const DEFAULT_CHECK_CONFIG: Readonly<CheckConfig> = {
  lateEntryDays: 3,
  similarityThreshold: 0.85,
  similarityMinChars: 30,
  stockPhrases: ['进一步加强', '不断提高', '狠抓落实', '持续发力', '高度重视', '切实加强', '认真贯彻', '扎实推进', '落到实处', '取得实效'],
  stockPhraseWarnAt: 3,
  warnNoLifeMonths: 3,
  lapseMonths: 6,
  stagedKindIds: ['org-life-meeting', 'democratic-life-meeting'],
  stageSections: ['before', 'during', 'after'],
  talkKindId: 'heart-talk',
  talkParticipantFields: ['initiator', 'counterpart'],
  utcOffsetMinutes: 480,
  leadershipKindIds: ['democratic-life-meeting', 'theory-study-group'],
  exclusionReasonPatterns: ['病', '卧床', '不能表达', '出国', '出境', '国外', '境外', '服刑', '羁押', '外出', '在外', '借调', '外派', '异地', '流动'],
  exclusionApprovalPattern: '批准|同意|审批|批复|备案',
  nonReasonPattern: '^(无|没有|不详|未知|缺席|未到|未参加|无故|无故缺席|无理由|/|-|—)$',
}

/** An organization's rule settings: overrides of rules, changed thresholds and the log of every change. */
export interface RuleSettings {
  overrides: RuleOverride[]
  config: Partial<CheckConfig>
  log: RuleChangeLogEntry[]
}

export const EMPTY_RULE_SETTINGS: Readonly<RuleSettings> = Object.freeze({ overrides: [], config: {}, log: [] })

export function ruleIdForKind(kindId: KindId): string {
  return `kind:${kindId}`
}

function ruleFromFrequency(kind: KindDef, f: Frequency): CheckRule {
  const rule: CheckRule = {
    id: ruleIdForKind(kind.id),
    label: kind.label,
    kindId: kind.id,
    per: f.per,
    count: f.count,
    source: f.source,
    enabled: true,
  }
  if (f.perPartyGroup) rule.perPartyGroup = true
  if (f.localRule) rule.localRule = true
  return rule
}

/** One rule per kind that has a default frequency; "when needed" kinds (frequency null) have none. */
export function defaultRules(kinds: readonly KindDef[] = KINDS): CheckRule[] {
  return kinds.flatMap((k) => (k.frequency ? [ruleFromFrequency(k, k.frequency)] : []))
}

/** Apply overrides in order (a later override of the same field wins). Overrides of unknown rules are ignored. */
export function applyRuleOverrides(rules: readonly CheckRule[], overrides: readonly RuleOverride[]): CheckRule[] {
  return rules.map((rule) => {
    let out = rule
    for (const o of overrides) {
      if (o.ruleId !== rule.id) continue
      out = {
        ...out,
        ...(o.count !== undefined ? { count: o.count } : {}),
        ...(o.per !== undefined ? { per: o.per } : {}),
        ...(o.enabled !== undefined ? { enabled: o.enabled } : {}),
      }
    }
    return out
  })
}

export function resolveConfig(settings: Pick<RuleSettings, 'config'> = EMPTY_RULE_SETTINGS): CheckConfig {
  const d = DEFAULT_CHECK_CONFIG
  // Fresh arrays, so a caller editing its config cannot change the defaults.
  return {
    ...d,
    stockPhrases: [...d.stockPhrases],
    stagedKindIds: [...d.stagedKindIds],
    stageSections: [...d.stageSections],
    talkParticipantFields: [d.talkParticipantFields[0], d.talkParticipantFields[1]],
    leadershipKindIds: [...d.leadershipKindIds],
    exclusionReasonPatterns: [...d.exclusionReasonPatterns],
    ...settings.config,
  }
}

/** The rules in force for an organization: kind defaults with its overrides applied. */
export function resolveRules(settings: Pick<RuleSettings, 'overrides'> = EMPTY_RULE_SETTINGS, kinds: readonly KindDef[] = KINDS): CheckRule[] {
  return applyRuleOverrides(defaultRules(kinds), settings.overrides)
}

export type RuleChangeResult = { ok: true; settings: RuleSettings } | { ok: false; error: Label }

const RULE_FIELDS = ['count', 'per', 'enabled'] as const

/**
 * Record a change to one rule: appends an override and one log line per field that actually changes.
 * Returns an error (nothing changed) for an unknown rule, a bad count or a change without a note.
 */
export function changeRule(
  settings: RuleSettings,
  change: Omit<RuleOverride, 'changedBy' | 'changedAt' | 'note'>,
  by: { changedBy: string; changedAt: IsoTimestamp; note: string },
  kinds: readonly KindDef[] = KINDS,
): RuleChangeResult {
  const current = resolveRules(settings, kinds).find((r) => r.id === change.ruleId)
  if (!current) return { ok: false, error: { 'zh-CN': '没有这条检查要求', en: 'No such requirement' } }
  if (change.count !== undefined && (!Number.isInteger(change.count) || change.count < 0)) {
    return { ok: false, error: { 'zh-CN': '次数须为不小于0的整数', en: 'The count must be a whole number of 0 or more' } }
  }
  if (!by.note.trim()) return { ok: false, error: { 'zh-CN': '修改检查要求需写明依据或原因', en: 'Say why the requirement changes' } }
  const log: RuleChangeLogEntry[] = []
  for (const field of RULE_FIELDS) {
    const to = change[field]
    if (to === undefined || to === current[field]) continue
    log.push({ ruleId: current.id, field, from: current[field], to, ...by })
  }
  if (log.length === 0) return { ok: true, settings }
  const override: RuleOverride = { ruleId: change.ruleId, ...by }
  if (change.count !== undefined) override.count = change.count
  if (change.per !== undefined) override.per = change.per
  if (change.enabled !== undefined) override.enabled = change.enabled
  return { ok: true, settings: { ...settings, overrides: [...settings.overrides, override], log: [...settings.log, ...log] } }
}

/** Record a change to one threshold (e.g. lateEntryDays), logged like a rule change. */
export function changeConfig<K extends keyof CheckConfig>(
  settings: RuleSettings,
  key: K,
  value: CheckConfig[K],
  by: { changedBy: string; changedAt: IsoTimestamp; note: string },
): RuleChangeResult {
  if (!by.note.trim()) return { ok: false, error: { 'zh-CN': '修改检查要求需写明依据或原因', en: 'Say why the requirement changes' } }
  const from = resolveConfig(settings)[key]
  if (JSON.stringify(from) === JSON.stringify(value)) return { ok: true, settings }
  return {
    ok: true,
    settings: {
      ...settings,
      config: { ...settings.config, [key]: value },
      log: [...settings.log, { ruleId: 'config', field: key, from, to: value, ...by }],
    },
  }
}
