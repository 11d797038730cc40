// The quarterly check (季度检查) as the pages see it: what a branch held against what its rules ask, the
// findings, the sign-off, corrections after it, the reviewer's marks and comments, the rule changes and
// the reviewer's matrix over every branch on this device. Everything is read from the local store, so
// the check works offline on the last-synced data; sign-offs, corrections, marks, comments and rule
// changes are written as synced entities. The check itself is the pure `quarterlyCheck`.
import { defineStore } from 'pinia'
import { computed, readonly, ref, shallowRef, watch } from 'vue'
import { uuidv7 } from 'uuidv7'
import type { Quarter } from '@/domain/dates'
import { quarterOf, quarterRange, todayIso } from '@/domain/dates'
import type { Period } from '@/domain/kindSchema'
import { canWriteEntity, isOrganizationWide, type Role } from '@/domain/protocol'
import type { Branch, BranchRecord, Label, Member } from '@/domain/types'
import type { CheckResult } from '@/domain/check/findings'
import { createCheckCaches, quarterlyCheck } from '@/domain/check/quarterlyCheck'
import { countingDate } from '@/domain/check/periods'
import { changeRule, resolveConfig, resolveRules, type CheckRule, type RuleOverride, type RuleSettings } from '@/domain/check/rules'
import {
  ruleSettingsFromOverrides,
  type CorrectionDoc,
  type ReviewCommentDoc,
  type ReviewMarkDoc,
  type RuleOverrideDoc,
  type SignoffDoc,
} from '@/domain/check/checkEntities'
import { correctionsOf, isFrozen, signoffFor, type ReviewState } from '@/domain/check/signoff'
import { reviewMatrix, type ReviewMatrix } from '@/domain/check/reviewMatrix'
import type { AttachmentRef } from '@/domain/types'
import type { LocalStore } from '@/local/contract'
import { useLocal } from '@/app/services/localStore'
import { currentLocale } from '@/app/i18n'
import { useBranchStore } from './branch'
import { useSyncStore } from './sync'

export interface CheckPeriod {
  year: number
  quarter: Quarter
}

/** Who is using the check: the signed-in account, or (never signed in) the branch's own phone. */
export interface CheckIdentity {
  role: Role
  name: string
  /** The account's own branch; null for organization-wide roles and for a device never signed in. */
  branchId: string | null
  signedIn: boolean
}

export type CheckLoadState = 'idle' | 'loading' | 'ready' | 'no-branch'

/** The record page's view of the check: its corrections, its review marks, and its quarter's sign-off. */
export interface RecordCheckNotes {
  recordId: string
  corrections: CorrectionDoc[]
  marks: ReviewMarkDoc[]
  signoff?: SignoffDoc
}

export interface GeneratedFile {
  blob: Blob
  fileName: string
}

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

export function currentPeriod(today = todayIso()): CheckPeriod {
  return { year: Number(today.slice(0, 4)), quarter: quarterOf(today) }
}

const nowIso = (): string => new Date().toISOString()
const live = <T extends { deleted?: boolean }>(list: T[]): T[] => list.filter((d) => !d.deleted)
const byAt = <T extends { at: string }>(a: T, b: T): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)

// Full record documents, kept between visits: the list tells which changed (updatedAt), and only
// those are read again. Revisiting the check screen then costs one index read, not one per record.
const recordCache = new Map<string, { updatedAt: string; doc: BranchRecord }>()

async function readRecords(local: LocalStore, branchId?: string): Promise<BranchRecord[]> {
  const items = await local.listRecords({})
  const out: BranchRecord[] = []
  const missing: string[] = []
  const seen = new Set<string>()
  for (const item of items) {
    seen.add(item.id)
    const cached = recordCache.get(item.id)
    if (cached && cached.updatedAt === item.updatedAt) out.push(cached.doc)
    else missing.push(item.id)
  }
  const fresh = await Promise.all(missing.map((id) => local.getRecord(id)))
  for (const doc of fresh) {
    if (!doc) continue
    recordCache.set(doc.id, { updatedAt: doc.updatedAt, doc })
    out.push(doc)
  }
  for (const id of [...recordCache.keys()]) if (!seen.has(id)) recordCache.delete(id)
  return branchId === undefined ? out : out.filter((r) => r.branchId === branchId)
}

/** Image bytes for a Word file: from this device, else (a reviewer's device) downloaded on demand. */
async function attachmentBytes(local: LocalStore, hash: string): Promise<Uint8Array | undefined> {
  let blob = await local.getAttachment(hash)
  if (!blob) {
    try {
      blob = await useSyncStore().fetchAttachment(hash)
    } catch {
      blob = undefined // offline or not on the server: the page says the image is missing
    }
  }
  return blob ? new Uint8Array(await blob.arrayBuffer()) : undefined
}

function fileSafe(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60)
}

export const useCheckStore = defineStore('check', () => {
  // What the check derived from record texts, kept for the app's life: a revisit of the screen is quick.
  const checkCaches = createCheckCaches()
  const branchStore = useBranchStore()
  const sync = useSyncStore()

  const state = ref<CheckLoadState>('idle')
  const branch = shallowRef<Branch>()
  const period = ref<CheckPeriod>(currentPeriod())
  const result = shallowRef<CheckResult>()
  const records = shallowRef<BranchRecord[]>([])
  const members = shallowRef<Member[]>([])
  const signoffs = shallowRef<SignoffDoc[]>([])
  const corrections = shallowRef<CorrectionDoc[]>([])
  const reviewMarks = shallowRef<ReviewMarkDoc[]>([])
  const reviewComments = shallowRef<ReviewCommentDoc[]>([])
  const overrideDocs = shallowRef<RuleOverrideDoc[]>([])
  const matrix = shallowRef<ReviewMatrix>()
  const matrixComments = shallowRef<ReviewCommentDoc[]>([])
  const recordNotes = shallowRef<RecordCheckNotes>()
  let loadTicket = 0
  // What is on screen, so that a sync bringing other devices' changes can read it again.
  let lastCheck: Parameters<typeof loadCheck>[0] | undefined
  let lastMatrix: Parameters<typeof loadMatrix>[0] | undefined
  let lastOpened: 'check' | 'matrix' | undefined
  let lastNotesOf: Pick<BranchRecord, 'id' | 'branchId' | 'date'> | undefined

  // ------------------------------------------------------------------ who is checking

  const identity = computed<CheckIdentity>(() => {
    const user = sync.user
    if (user) return { role: user.role, name: user.displayName, branchId: user.branchId, signedIn: true }
    // A phone used without an account is the branch's own: its keeper acts as the secretary.
    const secretary = branchStore.members.find((m) => m.active && m.committeeRole === 'secretary')
    return { role: 'secretary', name: secretary?.name ?? '', branchId: null, signedIn: false }
  })
  const canSign = computed(() => canWriteEntity(identity.value.role, 'check-signoff'))
  const canReview = computed(() => canWriteEntity(identity.value.role, 'review-mark'))
  const canChangeRules = computed(() => canWriteEntity(identity.value.role, 'rule-override'))
  const canCorrect = computed(() => canWriteEntity(identity.value.role, 'correction'))
  const organizationWide = computed(() => isOrganizationWide(identity.value.role))

  async function ensureIdentity(): Promise<void> {
    // The session is read from the device; a failure only means "not signed in" here.
    if (!sync.session) await sync.refresh().catch(() => undefined)
    await branchStore.load().catch(() => undefined)
  }

  /** The branch this device keeps (a reviewer has none of its own). */
  function ownBranchId(): string | undefined {
    return identity.value.branchId ?? branchStore.branch?.id
  }

  /** Who writes: the account's name, else the name given, else a neutral word. */
  function actorName(given?: string): string {
    const name = (given ?? identity.value.name).trim()
    return name || (currentLocale() === 'en' ? 'This device' : '本机用户')
  }

  // ------------------------------------------------------------------ derived

  const settings = computed<RuleSettings>(() => ruleSettingsFromOverrides(overrideDocs.value))
  const rules = computed<CheckRule[]>(() => resolveRules(settings.value))
  const signoff = computed(() => (branch.value ? signoffFor(branch.value.id, period.value.year, period.value.quarter, signoffs.value) : undefined))
  /** The quarter's records, finished or not, in meeting order: those counted for it (a late 第二季度研判 is the second quarter's). */
  const quarterRecords = computed(() => {
    const { start, end } = quarterRange(period.value.year, period.value.quarter)
    return records.value
      .filter((r) => {
        const day = countingDate(r)
        return !r.deleted && day >= start && day <= end
      })
      .sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title, 'zh-CN'))
  })
  const quarterComments = computed(() =>
    reviewComments.value.filter((c) => c.year === period.value.year && c.quarter === period.value.quarter).sort(byAt))

  // ------------------------------------------------------------------ loading

  async function branchEntities(local: LocalStore, branchId: string) {
    const [s, c, m, rc, o] = await Promise.all([
      local.listEntities<SignoffDoc>('check-signoff', { branchId }),
      local.listEntities<CorrectionDoc>('correction', { branchId }),
      local.listEntities<ReviewMarkDoc>('review-mark', { branchId }),
      local.listEntities<ReviewCommentDoc>('review-comment', { branchId }),
      local.listEntities<RuleOverrideDoc>('rule-override', { branchId }),
    ])
    return { signoffs: live(s), corrections: live(c), marks: live(m), comments: live(rc), overrides: live(o) }
  }

  function runCheck(today: string): void {
    const b = branch.value
    if (!b) {
      result.value = undefined
      return
    }
    const ruleSettings = settings.value
    result.value = quarterlyCheck({
      records: records.value,
      members: members.value,
      branch: b,
      rules: resolveRules(ruleSettings),
      config: resolveConfig(ruleSettings),
      year: period.value.year,
      quarter: period.value.quarter,
      today,
      signoffs: signoffs.value,
      corrections: corrections.value,
      caches: checkCaches,
    })
  }

  /**
   * Opens the check of one branch for one quarter: the device's own branch, or (reviewer) any branch
   * this device has synced. `today` is for tests; the page passes nothing.
   */
  async function loadCheck(options: Partial<CheckPeriod> & { branchId?: string; today?: string } = {}): Promise<void> {
    const ticket = ++loadTicket
    lastOpened = 'check'
    state.value = 'loading'
    await ensureIdentity()
    const today = options.today ?? todayIso()
    const next: CheckPeriod = {
      year: options.year ?? currentPeriod(today).year,
      quarter: options.quarter ?? currentPeriod(today).quarter,
    }
    lastCheck = { ...options, ...next }
    const local = await useLocal()
    const branchId = options.branchId ?? ownBranchId()
    const found = branchId ? (await local.listBranches()).find((b) => b.id === branchId) : undefined
    if (!found) {
      if (ticket !== loadTicket) return
      branch.value = undefined
      result.value = undefined
      state.value = 'no-branch'
      return
    }
    const [allMembers, branchRecords, entities] = await Promise.all([local.listMembers(), readRecords(local, found.id), branchEntities(local, found.id)])
    if (ticket !== loadTicket) return
    branch.value = found
    period.value = next
    members.value = allMembers.filter((m) => m.branchId === found.id)
    records.value = branchRecords
    signoffs.value = entities.signoffs
    corrections.value = entities.corrections
    reviewMarks.value = entities.marks
    reviewComments.value = entities.comments
    overrideDocs.value = entities.overrides
    runCheck(today)
    state.value = 'ready'
  }

  /** The rules in force for the device's own branch (or the given one), with their change log. */
  async function loadRules(branchId?: string): Promise<void> {
    await ensureIdentity()
    const local = await useLocal()
    const id = branchId ?? ownBranchId()
    const found = id ? (await local.listBranches()).find((b) => b.id === id) : undefined
    branch.value = found
    overrideDocs.value = found ? live(await local.listEntities<RuleOverrideDoc>('rule-override', { branchId: found.id })) : []
    state.value = found ? 'ready' : 'no-branch'
  }

  // ------------------------------------------------------------------ sign-off

  /** The secretary signs the open quarter. Resolves after the sign-off is stored (and queued for sync). */
  async function signQuarter(input: { signedBy: string; comment: string; signature?: AttachmentRef }): Promise<SignoffDoc> {
    const b = branch.value
    if (!b) throw new Error('No branch is open')
    const now = nowIso()
    const doc: SignoffDoc = {
      id: uuidv7(),
      branchId: b.id,
      year: period.value.year,
      quarter: period.value.quarter,
      signedBy: actorName(input.signedBy),
      signedAt: now,
      comment: input.comment.trim(),
      updatedAt: now,
    }
    if (input.signature) doc.signature = { ...input.signature }
    await (await useLocal()).putEntity('check-signoff', doc)
    signoffs.value = [...signoffs.value, doc]
    runCheck(result.value?.today ?? todayIso())
    return doc
  }

  // ------------------------------------------------------------------ corrections after sign-off

  /** Is this stored record in a signed quarter of its branch? */
  async function isRecordFrozen(record: Pick<BranchRecord, 'branchId' | 'date'>): Promise<boolean> {
    const local = await useLocal()
    const list = live(await local.listEntities<SignoffDoc>('check-signoff', { branchId: record.branchId }))
    return isFrozen(record, list)
  }

  /** Keeps the record as it was before a correction, with the reason. Returns the correction's id. */
  async function saveCorrection(previous: BranchRecord, reason: string): Promise<CorrectionDoc> {
    await ensureIdentity()
    const now = nowIso()
    const doc: CorrectionDoc = {
      id: uuidv7(),
      branchId: previous.branchId,
      recordId: previous.id,
      reason: reason.trim(),
      at: now,
      by: actorName(),
      previous: JSON.parse(JSON.stringify(previous)) as BranchRecord,
      updatedAt: now,
    }
    await (await useLocal()).putEntity('correction', doc)
    if (branch.value?.id === doc.branchId) corrections.value = [...corrections.value, doc]
    return doc
  }

  /** The correction's record could not be saved after all: the correction is withdrawn (a tombstone). */
  async function withdrawCorrection(id: string): Promise<void> {
    await (await useLocal()).deleteEntity('correction', id)
    corrections.value = corrections.value.filter((c) => c.id !== id)
  }

  /** What the record page shows: corrections (oldest first), review marks (oldest first), the sign-off. */
  async function loadRecordNotes(record: Pick<BranchRecord, 'id' | 'branchId' | 'date'>): Promise<RecordCheckNotes> {
    lastNotesOf = { id: record.id, branchId: record.branchId, date: record.date }
    await ensureIdentity()
    const local = await useLocal()
    const [c, m, s] = await Promise.all([
      local.listEntities<CorrectionDoc>('correction', { branchId: record.branchId }),
      local.listEntities<ReviewMarkDoc>('review-mark', { branchId: record.branchId }),
      local.listEntities<SignoffDoc>('check-signoff', { branchId: record.branchId }),
    ])
    const signoffList = live(s)
    let quarterSignoff: SignoffDoc | undefined
    try {
      quarterSignoff = signoffFor(record.branchId, Number(record.date.slice(0, 4)), quarterOf(record.date), signoffList)
    } catch {
      quarterSignoff = undefined
    }
    const notes: RecordCheckNotes = {
      recordId: record.id,
      corrections: correctionsOf(record.id, live(c)) as CorrectionDoc[],
      marks: live(m).filter((x) => x.recordId === record.id).sort(byAt),
    }
    if (quarterSignoff) notes.signoff = quarterSignoff
    recordNotes.value = notes
    return notes
  }

  // ------------------------------------------------------------------ review (upper level)

  /** A reviewer's mark on a record; every mark is kept, the latest is the record's current state. */
  async function markRecord(record: Pick<BranchRecord, 'id' | 'branchId'>, state: ReviewState, comment: string): Promise<ReviewMarkDoc> {
    await ensureIdentity()
    const now = nowIso()
    const doc: ReviewMarkDoc = { id: uuidv7(), recordId: record.id, branchId: record.branchId, state, comment: comment.trim(), by: actorName(), at: now, updatedAt: now }
    await (await useLocal()).putEntity('review-mark', doc)
    if (branch.value?.id === record.branchId) reviewMarks.value = [...reviewMarks.value, doc]
    if (recordNotes.value?.recordId === record.id) recordNotes.value = { ...recordNotes.value, marks: [...recordNotes.value.marks, doc] }
    return doc
  }

  /** A reviewer's comment on the open branch's quarter as a whole. */
  async function commentOnQuarter(text: string): Promise<ReviewCommentDoc> {
    const b = branch.value
    if (!b) throw new Error('No branch is open')
    await ensureIdentity()
    const now = nowIso()
    const doc: ReviewCommentDoc = { id: uuidv7(), branchId: b.id, year: period.value.year, quarter: period.value.quarter, text: text.trim(), by: actorName(), at: now, updatedAt: now }
    await (await useLocal()).putEntity('review-comment', doc)
    reviewComments.value = [...reviewComments.value, doc]
    return doc
  }

  /**
   * Branches × requirements for a quarter over everything this device holds (the last sync): works
   * offline. Branches are listed by name; nothing is totalled or ranked.
   */
  async function loadMatrix(options: Partial<CheckPeriod> & { today?: string } = {}): Promise<void> {
    lastMatrix = { ...options }
    lastOpened = 'matrix'
    await ensureIdentity()
    const today = options.today ?? todayIso()
    const p: CheckPeriod = { year: options.year ?? currentPeriod(today).year, quarter: options.quarter ?? currentPeriod(today).quarter }
    const local = await useLocal()
    const stored = await local.listBranches()
    // Branches the session names but whose settings have not arrived yet still get a row.
    const known = new Set(stored.map((b) => b.id))
    const fromSession: Branch[] = (sync.session?.branches ?? [])
      .filter((b) => !known.has(b.id))
      .map((b) => ({ id: b.id, name: b.name, partyGroups: [], updatedAt: '1970-01-01T00:00:00.000Z' }))
    const branches = [...stored, ...fromSession]
    const [allMembers, allRecords, allSignoffs, allOverrides, allComments] = await Promise.all([
      local.listMembers(),
      readRecords(local),
      local.listEntities<SignoffDoc>('check-signoff'),
      local.listEntities<RuleOverrideDoc>('rule-override'),
      local.listEntities<ReviewCommentDoc>('review-comment'),
    ])
    const signoffList = live(allSignoffs)
    const results = new Map<string, CheckResult>()
    for (const b of branches) {
      const branchSettings = ruleSettingsFromOverrides(live(allOverrides).filter((o) => o.branchId === b.id))
      results.set(b.id, quarterlyCheck({
        records: allRecords.filter((r) => r.branchId === b.id),
        members: allMembers.filter((m) => m.branchId === b.id),
        branch: b,
        rules: resolveRules(branchSettings),
        config: resolveConfig(branchSettings),
        year: p.year,
        quarter: p.quarter,
        today,
        signoffs: signoffList,
        caches: checkCaches,
      }))
    }
    matrix.value = reviewMatrix(branches, results, signoffList, p)
    matrixComments.value = live(allComments).filter((c) => c.year === p.year && c.quarter === p.quarter).sort(byAt)
    period.value = p
  }

  // ------------------------------------------------------------------ rules

  /**
   * Saves one change to a requirement (only the fields that differ from the rule in force), with its
   * note. Returns an error label when the change is refused, or `unchanged` when nothing differs.
   */
  async function saveRuleChange(change: { ruleId: string; count?: number; per?: Period; enabled?: boolean }, note: string): Promise<{ ok: true; unchanged: boolean } | { ok: false; error: Label }> {
    const b = branch.value
    if (!b) throw new Error('No branch is open')
    const current = rules.value.find((r) => r.id === change.ruleId)
    const diff: Omit<RuleOverride, 'changedBy' | 'changedAt' | 'note'> = { ruleId: change.ruleId }
    if (current && change.count !== undefined && change.count !== current.count) diff.count = change.count
    if (current && change.per !== undefined && change.per !== current.per) diff.per = change.per
    if (current && change.enabled !== undefined && change.enabled !== current.enabled) diff.enabled = change.enabled
    const now = nowIso()
    const by = { changedBy: actorName(), changedAt: now, note: note.trim() }
    const checked = changeRule(settings.value, diff, by)
    if (!checked.ok) return checked
    if (checked.settings === settings.value) return { ok: true, unchanged: true }
    const doc: RuleOverrideDoc = { id: uuidv7(), branchId: b.id, ...diff, ...by, updatedAt: now }
    await (await useLocal()).putEntity('rule-override', doc)
    overrideDocs.value = [...overrideDocs.value, doc]
    return { ok: true, unchanged: false }
  }

  // A sync brought changes (a reviewer's mark, a sign-off from another phone, new records): read again
  // whatever is open, keeping the quarter and branch the page asked for.
  watch(
    () => sync.dataVersion,
    () => {
      const reloads: Promise<unknown>[] = []
      if (lastOpened === 'check' && lastCheck && state.value === 'ready') reloads.push(loadCheck(lastCheck))
      if (lastOpened === 'matrix' && lastMatrix) reloads.push(loadMatrix(lastMatrix))
      if (lastNotesOf && recordNotes.value) reloads.push(loadRecordNotes(lastNotesOf))
      Promise.all(reloads).catch((error: unknown) => console.error(error))
    },
  )

  // ------------------------------------------------------------------ exports (loaded only when asked for)

  function baseName(kind: 'report' | 'volume'): string {
    const p = period.value
    const en = currentLocale() === 'en'
    const what = kind === 'report' ? (en ? 'check-report' : '检查报告') : (en ? 'bound-volume' : '合订本')
    return fileSafe(`${branch.value?.name ?? ''}${p.year}${en ? '-Q' : '年第'}${p.quarter}${en ? '' : '季度'}${en ? '-' : ''}${what}`)
  }

  async function exportReport(): Promise<GeneratedFile> {
    const b = branch.value
    const r = result.value
    if (!b || !r) throw new Error('No check is open')
    const [{ buildCheckReportDocx }, local] = await Promise.all([import('@/export/checkReportDocx'), useLocal()])
    const s = signoff.value
    const meta: Parameters<typeof buildCheckReportDocx>[1] = { branchName: b.name, year: r.year, quarter: r.quarter, generatedAt: nowIso() }
    if (s) meta.signoff = s
    if (s?.signature) {
      const data = await attachmentBytes(local, s.signature.hash)
      if (data) meta.signatureImage = { data, type: s.signature.mime === 'image/jpeg' ? 'jpg' : 'png', width: 160, height: Math.round(160 * ((s.signature.height ?? 60) / (s.signature.width ?? 160))) }
    }
    const bytes = await buildCheckReportDocx(r, meta, currentLocale())
    return { blob: new Blob([bytes as BlobPart], { type: DOCX_MIME }), fileName: `${baseName('report')}.docx` }
  }

  /** The quarter's finished records, book by book, with photos and signatures, as one Word file. */
  async function exportVolume(): Promise<GeneratedFile> {
    const b = branch.value
    if (!b) throw new Error('No branch is open')
    const [{ buildQuarterVolumeDocx }, local] = await Promise.all([import('@/export/quarterVolumeDocx'), useLocal()])
    const finished = quarterRecords.value.filter((r) => r.status === 'final')
    const volume = await Promise.all(finished.map(async (record) => {
      const photos = []
      for (const p of record.photos.filter((x) => x.role === 'photo' || x.role === 'sign-in-sheet')) {
        const bytes = await attachmentBytes(local, p.hash)
        if (bytes) photos.push({ bytes, ...(p.caption ? { caption: p.caption } : {}), ...(p.width && p.height ? { width: p.width, height: p.height } : {}) })
      }
      const signatures: { chair?: Uint8Array; recorder?: Uint8Array } = {}
      if (record.signatures.chair) signatures.chair = await attachmentBytes(local, record.signatures.chair.hash)
      if (record.signatures.recorder) signatures.recorder = await attachmentBytes(local, record.signatures.recorder.hash)
      return { record, assets: { photos, signatures } }
    }))
    const bytes = await buildQuarterVolumeDocx(volume, { branchName: b.name, year: period.value.year, quarter: period.value.quarter, generatedAt: nowIso() }, currentLocale())
    return { blob: new Blob([bytes as BlobPart], { type: DOCX_MIME }), fileName: `${baseName('volume')}.docx` }
  }

  return {
    state: readonly(state),
    branch: computed(() => branch.value),
    period: readonly(period),
    result: computed(() => result.value),
    records: computed(() => records.value),
    members: computed(() => members.value),
    signoffs: computed(() => signoffs.value),
    corrections: computed(() => corrections.value),
    reviewMarks: computed(() => reviewMarks.value),
    reviewComments: computed(() => reviewComments.value),
    overrideDocs: computed(() => overrideDocs.value),
    matrix: computed(() => matrix.value),
    matrixComments: computed(() => matrixComments.value),
    recordNotes: computed(() => recordNotes.value),
    identity,
    canSign,
    canReview,
    canChangeRules,
    canCorrect,
    organizationWide,
    settings,
    rules,
    signoff,
    quarterRecords,
    quarterComments,
    loadCheck,
    loadRules,
    signQuarter,
    isRecordFrozen,
    saveCorrection,
    withdrawCorrection,
    loadRecordNotes,
    markRecord,
    commentOnQuarter,
    loadMatrix,
    saveRuleChange,
    exportReport,
    exportVolume,
  }
})
