// Before a print or an export: every photo and signature the records show is fetched onto this device
// first (a toast counts the files), and whatever is still missing is named with the reason, so that the
// user chooses to go on without it or to wait, never finds a grey box on paper afterwards.
import { closeToast, showConfirmDialog, showLoadingToast } from 'vant'
import type { BranchRecord } from '@/domain/types'
import { i18n } from '@/app/i18n'
import { useAttachmentsStore, type MissingFile, type NeededFile } from '@/app/stores/attachments'

const t = (key: string, values?: Record<string, unknown>): string => i18n.global.t(key, values ?? {})

/** Every file a record's paper shows, labelled "<date> <title> · 照片 n". */
export function recordFiles(records: readonly BranchRecord[]): NeededFile[] {
  const out: NeededFile[] = []
  for (const r of records) {
    const record = `${r.date} ${r.title}`.trim()
    let photo = 0
    let sheet = 0
    for (const p of r.photos ?? []) {
      if (p.role === 'sign-in-sheet') out.push({ hash: p.hash, label: t('records.media.sheetLabel', { record, n: ++sheet }) })
      else out.push({ hash: p.hash, label: t('records.media.photoLabel', { record, n: ++photo }) })
    }
    if (r.signatures?.chair) out.push({ hash: r.signatures.chair.hash, label: t('records.media.chairSignLabel', { record }) })
    if (r.signatures?.recorder) out.push({ hash: r.signatures.recorder.hash, label: t('records.media.recorderSignLabel', { record }) })
  }
  return out
}

export function describeMissing(missing: readonly MissingFile[]): string {
  return missing
    .map((m) => t('records.media.missingItem', { label: m.label, reason: t(m.reason === 'offline' ? 'records.media.missingOffline' : 'records.media.missingOnServer') }))
    .join('\n')
}

/**
 * Fetches what `files` lack on this device, with a progress toast. Resolves true when everything is
 * here, or when the user chose to continue without what is missing; false when they cancelled.
 */
export async function prepareFiles(files: readonly NeededFile[]): Promise<boolean> {
  const attachments = useAttachmentsStore()
  let toast: ReturnType<typeof showLoadingToast> | undefined
  let message = ''
  // Shown only when fetching takes a moment: a quick answer (all here, or offline) does not flash a toast.
  const timer = setTimeout(() => {
    if (message) toast = showLoadingToast({ message, forbidClick: true, duration: 0 })
  }, 400)
  let missing: MissingFile[]
  try {
    missing = await attachments.ensure(files, (done, total) => {
      if (total === 0) return
      message = t('records.media.fetching', { done, total })
      if (toast) toast.message = message
    })
  } finally {
    clearTimeout(timer)
    if (toast) closeToast()
  }
  if (missing.length === 0) return true
  return showConfirmDialog({
    title: t('records.media.missingTitle', { n: missing.length }),
    message: describeMissing(missing),
    messageAlign: 'left',
    confirmButtonText: t('records.media.continueWithout'),
  }).then(
    () => true,
    () => false,
  )
}

/** Resolves once every image under `root` has finished loading (or shows why not), at most `timeoutMs`. */
export async function imagesSettled(root: ParentNode | undefined, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (root && Date.now() < until) {
    const busy = root.querySelector('[data-state="loading"], [data-state="reading"]')
    const images = [...root.querySelectorAll<HTMLImageElement>('img.attachment-image')]
    if (!busy && images.every((img) => img.complete)) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
