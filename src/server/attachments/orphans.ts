// Orphan attachments: stored files that no entity of any branch references — not the current head, not
// any revision kept for history, not a conflict's kept value, not a stored push answer — and that were
// uploaded more than N days ago (a phone uploads its files right before the record that uses them; a
// phone offline for days may push later, so the grace period is the admin's to choose, 1 day at least).
// A file counts as referenced wherever its SHA-256 appears in a document (`collectAttachmentHashes`):
// keeping a file too many is cheap, removing a referenced one loses evidence.
import { attachmentGarbage, collectAttachmentHashes } from '@/domain/attachmentRefs'
import type { Sql, Storage } from '../storage/storage'

export interface OrphanAttachment {
  sha256: string
  mime: string
  size: number
  createdAt: number
}

const DAY_MS = 24 * 3600 * 1000
/** Documents are read in pages of this many rows, so a large database is never held in memory at once. */
const PAGE = 500

function parse(text: unknown): unknown {
  if (typeof text !== 'string') return text
  try {
    return JSON.parse(text)
  } catch {
    // Not JSON (never written so, but never trusted either): every hash-shaped run of the raw text.
    return text.match(/[0-9a-f]{64}/g) ?? []
  }
}

/** Every SHA-256 mentioned by any stored document, of every organization (files are shared by hash). */
async function referencedHashes(sql: Sql): Promise<Set<string>> {
  const referenced = new Set<string>()
  const scan = async (table: string, key: string, columns: string[]): Promise<void> => {
    for (let offset = 0; ; offset += PAGE) {
      const rows = await sql.all<Record<string, unknown>>(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${key} LIMIT ? OFFSET ?`, [PAGE, offset])
      for (const row of rows) for (const c of columns) collectAttachmentHashes(parse(row[c]), referenced)
      if (rows.length < PAGE) return
    }
  }
  await scan('entities', 'org_id, entity, id', ['doc', 'conflict'])
  await scan('revisions', 'org_id, entity, id, rev', ['doc'])
  await scan('mutations', 'mutation_id', ['result'])
  return referenced
}

/** Files uploaded for the organization's branches that nothing references, older than `olderThanDays`. */
export async function listOrphans(sql: Sql, orgId: string, olderThanDays: number, now: number): Promise<OrphanAttachment[]> {
  const held = await sql.all<{ sha256: string; mime: string; size: number | string; created_at: number | string }>(
    `SELECT DISTINCT a.sha256, a.mime, a.size, a.created_at FROM attachments a
       JOIN attachment_branches ab ON ab.sha256 = a.sha256
       JOIN branches b ON b.id = ab.branch_id
      WHERE b.org_id = ?
      ORDER BY a.created_at, a.sha256`,
    [orgId],
  )
  const referenced = await referencedHashes(sql)
  const garbage = new Set(attachmentGarbage(held.map((h) => ({ hash: h.sha256, storedAt: Number(h.created_at) })), referenced, now, olderThanDays * DAY_MS))
  return held.filter((h) => garbage.has(h.sha256)).map((h) => ({ sha256: h.sha256, mime: h.mime, size: Number(h.size), createdAt: Number(h.created_at) }))
}

/**
 * Removes the organization's orphans in one transaction, listed again inside it. The file's bytes go
 * once no other organization's branch holds a link to them.
 */
export async function removeOrphans(storage: Storage, orgId: string, olderThanDays: number, now: number): Promise<OrphanAttachment[]> {
  return storage.transaction(async (tx) => {
    const orphans = await listOrphans(tx, orgId, olderThanDays, now)
    for (const o of orphans) {
      await tx.run('DELETE FROM attachment_branches WHERE sha256 = ? AND branch_id IN (SELECT id FROM branches WHERE org_id = ?)', [o.sha256, orgId])
      const links = await tx.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM attachment_branches WHERE sha256 = ?', [o.sha256])
      if (Number(links?.n ?? 0) === 0) await tx.run('DELETE FROM attachments WHERE sha256 = ?', [o.sha256])
    }
    return orphans
  })
}
