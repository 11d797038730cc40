// Who may read and write which branch. Every route goes through these checks on the server;
// nothing the client says about itself is trusted beyond its session.
import { canWriteEntity, isOrganizationWide, type EntityName, type Role } from '@/domain/protocol'
import type { Sql } from '../storage/storage'

/** The signed-in caller, as loaded from the session. */
export interface Actor {
  userId: string
  orgId: string
  username: string
  displayName: string
  role: Role
  /** The own branch of secretaries, recorders and members; null for admins and reviewers. */
  branchId: string | null
}

/** Branches never move between organizations, so the lookup can be cached for the process's life. */
const branchOrgCache = new Map<string, string>()

export async function orgOfBranch(db: Sql, branchId: string): Promise<string | undefined> {
  const cached = branchOrgCache.get(branchId)
  if (cached) return cached
  const row = await db.get<{ org_id: string }>('SELECT org_id FROM branches WHERE id = ?', [branchId])
  if (row) branchOrgCache.set(branchId, row.org_id)
  return row?.org_id
}

export async function canReadBranch(db: Sql, actor: Actor, branchId: string): Promise<boolean> {
  if (isOrganizationWide(actor.role)) return (await orgOfBranch(db, branchId)) === actor.orgId
  return actor.branchId === branchId
}

export async function canWriteBranch(db: Sql, actor: Actor, branchId: string, entity: EntityName): Promise<boolean> {
  if (!canWriteEntity(actor.role, entity)) return false
  return canReadBranch(db, actor, branchId)
}

/** Roles that may upload attachments (the roles that write records). */
export function canUpload(role: Role): boolean {
  return canWriteEntity(role, 'record')
}

export async function readableBranchIds(db: Sql, actor: Actor): Promise<string[]> {
  if (isOrganizationWide(actor.role)) {
    const rows = await db.all<{ id: string }>('SELECT id FROM branches WHERE org_id = ? ORDER BY created_at, id', [actor.orgId])
    return rows.map((r) => r.id)
  }
  return actor.branchId ? [actor.branchId] : []
}
