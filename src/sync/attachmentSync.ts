// Photos and scans travel separately from records, addressed by their SHA-256. Before a record is
// pushed, every attachment it references is made present on the server (HEAD, then PUT if missing):
// an interrupted upload is resumed by simply asking again, and the same bytes never upload twice.
// Other devices fetch bytes lazily, when a record is opened (and keep them).
import type { Mutation } from '@/domain/protocol'
import { sha256Hex } from '@/local/hash'
import { branchOfMutation, referencedAttachments, uploadedKey, type SyncLocal } from '@/local/syncApply'
import { isTransportError, type AttachmentVariant, type SyncTransport } from './transport'

export interface AttachmentSync {
  /**
   * Makes sure the server holds every attachment `mutations` reference. Returns the mutations that
   * cannot be pushed because the server refuses one of their files, with the reason. Network and
   * server failures are thrown (the whole sync retries later and resumes where it stopped).
   */
  uploadFor(mutations: readonly Mutation[]): Promise<Map<string, string>>
  /** The bytes of one attachment: from this device if present, otherwise downloaded (and kept). */
  fetch(hash: string, variant: AttachmentVariant): Promise<Blob | undefined>
}

export function createAttachmentSync(transport: SyncTransport, local: SyncLocal): AttachmentSync {
  async function ensureUploaded(hash: string, branchId: string): Promise<void> {
    const key = uploadedKey(hash, branchId)
    if (await local.readMeta<boolean>(key)) return
    if (!(await transport.attachmentExists(hash))) {
      const bytes = await local.attachmentBytes(hash)
      // Bytes this device never had (a reference merged in from elsewhere): the server got them from
      // whoever added the photo, or will; nothing to send from here.
      if (!bytes) return
      await transport.uploadAttachment(hash, bytes, branchId)
    }
    await local.writeMeta(key, true)
  }

  return {
    async uploadFor(mutations) {
      const refused = new Map<string, string>()
      const problems = new Map<string, string>()
      const wanted = new Map<string, { hash: string; branchId: string }>()
      for (const m of mutations) {
        const branchId = branchOfMutation(m)
        if (!branchId) continue
        for (const hash of referencedAttachments(m)) wanted.set(`${branchId}:${hash}`, { hash, branchId })
      }
      for (const { hash, branchId } of wanted.values()) {
        try {
          await ensureUploaded(hash, branchId)
        } catch (e) {
          if (!isTransportError(e, 'rejected')) throw e
          problems.set(hash, e.message)
        }
      }
      for (const m of mutations) {
        const bad = referencedAttachments(m).find((h) => problems.has(h))
        if (bad) refused.set(m.mutationId, `附件 ${bad.slice(0, 12)}… 未被服务器接受：${problems.get(bad) ?? ''}`)
      }
      return refused
    },

    async fetch(hash, variant) {
      const own = await local.attachmentBytes(hash)
      if (own) return own
      // The server keeps originals only (phones resize photos before storing them), so both variants
      // download the original once and keep it. (Previews, if the server ever makes them, are not the
      // hashed bytes and must be kept apart from originals.)
      const blob = await transport.downloadAttachment(hash, variant)
      // Content addressing is only worth something if checked: wrong bytes are never stored.
      const actual = await sha256Hex(new Uint8Array(await blob.arrayBuffer()))
      if (actual !== hash) throw new Error(`附件内容与编号不符（${hash.slice(0, 12)}…）`)
      await local.storeAttachment(hash, blob.type || 'application/octet-stream', blob)
      return blob
    },
  }
}
