// Which attachments a document needs, for three jobs: prefetching a quarter's photos, fetching what an
// export is missing, and garbage collection (device and server). Garbage collection must never remove a
// referenced file, so it does not rely on knowing where each kind keeps its files: every SHA-256 a
// document mentions anywhere (photos, thumbnails, signatures, evidence files, adopted rules' files,
// fields added later) keeps that file. Over-keeping costs some space; under-keeping loses evidence.
import type { AttachmentRef, BranchRecord } from './types'

const SHA256_HEX = /^[0-9a-f]{64}$/

/** Adds to `into` every string in `value` (at any depth) that is a hex SHA-256. */
export function collectAttachmentHashes(value: unknown, into: Set<string> = new Set()): Set<string> {
  const stack: unknown[] = [value]
  // Iterative: a deep document must not blow the stack; `seen` guards against shared or cyclic objects.
  const seen = new Set<object>()
  while (stack.length) {
    const v = stack.pop()
    if (typeof v === 'string') {
      if (v.length === 64 && SHA256_HEX.test(v)) into.add(v)
    } else if (v && typeof v === 'object') {
      if (seen.has(v)) continue
      seen.add(v)
      if (Array.isArray(v)) stack.push(...(v as unknown[]))
      else if (!(v instanceof Blob) && !ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer)) stack.push(...Object.values(v))
    }
  }
  return into
}

/** One file held on a device or on the server, and since when. */
export interface HeldAttachment {
  hash: string
  /** ISO timestamp (device) or epoch milliseconds (server) of when the file was stored. */
  storedAt: string | number
}

/**
 * The held files that may be removed: referenced by nothing, and stored longer than `graceMs` ago (a
 * photo just taken sits unreferenced until its draft is saved; an upload arrives before its record).
 */
export function attachmentGarbage(held: readonly HeldAttachment[], referenced: ReadonlySet<string>, now: number, graceMs: number): string[] {
  const out: string[] = []
  for (const a of held) {
    if (referenced.has(a.hash)) continue
    const at = typeof a.storedAt === 'number' ? a.storedAt : Date.parse(a.storedAt)
    // An unreadable date is treated as "just now": kept.
    if (!Number.isFinite(at) || now - at < graceMs) continue
    out.push(a.hash)
  }
  return out
}

/** The files a record shows: its photos (and sign-in sheets) and the two signatures. */
export function recordAttachmentRefs(doc: Pick<BranchRecord, 'photos' | 'signatures'>): AttachmentRef[] {
  const refs: AttachmentRef[] = [...(doc.photos ?? [])]
  if (doc.signatures?.chair) refs.push(doc.signatures.chair)
  if (doc.signatures?.recorder) refs.push(doc.signatures.recorder)
  return refs.filter((r) => r && typeof r.hash === 'string')
}
