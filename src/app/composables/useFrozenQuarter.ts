// Records of a signed quarter are frozen (季度签核后锁定): a change is a correction (更正) that needs a
// reason and keeps the record as it was. The record pages call this before they save or delete a stored
// record; a record of an unsigned quarter goes through unchanged.
//
// Order of writes: the correction (reason + previous text) is stored first, then the record. If the
// record cannot be saved, the correction is withdrawn again, so neither a change without its reason nor a
// reason without its change is left behind (the local store offers no transaction across both).
import { getCurrentInstance, h, render, type AppContext, type DeepReadonly } from 'vue'
import { showConfirmDialog, showNotify } from 'vant'
import type { BranchRecord } from '@/domain/types'
import { isFrozen, signoffFor } from '@/domain/check/signoff'
import { quarterOf } from '@/domain/dates'
import type { SignoffDoc } from '@/domain/check/checkEntities'
import { useLocal } from '@/app/services/localStore'
import { describeError } from '@/app/services/errorSurface'
import { shortDateTime } from '@/app/services/format'
import { i18n } from '@/app/i18n'
import { useCheckStore } from '@/app/stores/check'
import CorrectionReasonDialog from '@/app/components/check/CorrectionReasonDialog.vue'

export type CorrectionOutcome<R> = R | 'cancelled'

/** A stored record as pages hold it (often read-only state); copied before it is kept. */
type StoredRecord = BranchRecord | DeepReadonly<BranchRecord>

const plainRecord = (record: StoredRecord): BranchRecord => JSON.parse(JSON.stringify(record)) as BranchRecord

/** The sign-off that froze this stored record, if any. */
async function freezingSignoff(record: Pick<BranchRecord, 'branchId' | 'date'>): Promise<SignoffDoc | undefined> {
  const local = await useLocal()
  const signoffs = (await local.listEntities<SignoffDoc>('check-signoff', { branchId: record.branchId })).filter((s) => !s.deleted)
  if (!isFrozen(record, signoffs)) return undefined
  return signoffFor(record.branchId, Number(record.date.slice(0, 4)), quarterOf(record.date), signoffs)
}

/** Opens the reason dialog in the calling app (its i18n, Vant and stores); resolves with the reason, or undefined. */
function askReason(appContext: AppContext | undefined, mode: 'edit' | 'delete', signoff: SignoffDoc): Promise<string | undefined> {
  return new Promise((resolve) => {
    const host = document.createElement('div')
    document.body.appendChild(host)
    let settled = false
    const vnode = h(CorrectionReasonDialog, {
      mode,
      signedBy: signoff.signedBy,
      signedAt: shortDateTime(signoff.signedAt),
      onDone: (reason: string | undefined) => {
        if (settled) return
        settled = true
        resolve(reason)
        // Let the dialog's closing animation finish before it leaves the page.
        setTimeout(() => {
          render(null, host)
          host.remove()
        }, 400)
      },
    })
    if (appContext) vnode.appContext = appContext
    render(vnode, host)
  })
}

export function useFrozenQuarter() {
  // Captured while the calling component is being set up: the dialog renders in its app.
  const appContext = getCurrentInstance()?.appContext
  const check = useCheckStore()
  const t = i18n.global.t

  /** Is the stored record in a signed quarter? */
  async function isRecordFrozen(stored: Pick<BranchRecord, 'branchId' | 'date'> | undefined): Promise<boolean> {
    return stored ? (await freezingSignoff(stored)) !== undefined : false
  }

  /**
   * Before opening the editor on a stored record: a frozen one says so and offers to correct it.
   * Resolves true when the editor may open.
   */
  async function confirmCorrectionStart(stored: Pick<BranchRecord, 'branchId' | 'date'> | undefined): Promise<boolean> {
    if (!stored || !(await isRecordFrozen(stored))) return true
    return showConfirmDialog({
      title: t('check.correction.startTitle'),
      message: t('check.correction.startMessage'),
      confirmButtonText: t('check.correction.startConfirm'),
    }).then(() => true, () => false)
  }

  /**
   * Saves a change to `stored` through `save`. A frozen record first needs a reason (the dialog), then its
   * previous version is kept as a correction. `incomplete` says the save will stop at missing elements
   * (the editor's own check): then nothing is asked and nothing is kept, the editor shows what is missing.
   */
  async function saveWithCorrection<R extends { ok: boolean }>(
    stored: StoredRecord | undefined,
    save: () => Promise<R>,
    incomplete: () => boolean = () => false,
  ): Promise<CorrectionOutcome<R>> {
    const signoff = stored ? await freezingSignoff(stored) : undefined
    if (!stored || !signoff || incomplete()) return save()
    const reason = await askReason(appContext, 'edit', signoff)
    if (!reason) return 'cancelled'
    const correction = await check.saveCorrection(plainRecord(stored), reason)
    try {
      const result = await save()
      if (!result.ok) await check.withdrawCorrection(correction.id)
      return result
    } catch (error) {
      await check.withdrawCorrection(correction.id).catch((e: unknown) => {
        showNotify({ type: 'danger', message: t('check.correction.failed', { message: describeError(e) }) })
      })
      throw error
    }
  }

  /** Deletes a stored record; a frozen one needs a reason and its text is kept as a correction. */
  async function deleteWithCorrection(stored: StoredRecord, remove: () => Promise<void>): Promise<'done' | 'cancelled' | 'not-frozen'> {
    const signoff = await freezingSignoff(stored)
    if (!signoff) return 'not-frozen'
    const reason = await askReason(appContext, 'delete', signoff)
    if (!reason) return 'cancelled'
    const correction = await check.saveCorrection(plainRecord(stored), reason)
    try {
      await remove()
    } catch (error) {
      await check.withdrawCorrection(correction.id).catch(() => undefined)
      throw error
    }
    return 'done'
  }

  return { isRecordFrozen, confirmCorrectionStart, saveWithCorrection, deleteWithCorrection }
}
