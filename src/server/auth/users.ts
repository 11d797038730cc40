// Organizations, branches and accounts: the server-side tables the admin manages.
import { uuidv7 } from 'uuidv7'
import { isOrganizationWide, type Role } from '@/domain/protocol'
import type { Branch } from '@/domain/types'
import { createEntityOnServer } from '../replication/syncService'
import type { Sql, Storage } from '../storage/storage'
import { hashPassword, type ScryptParams } from './passwords'
import { deleteUserSessions } from './sessions'
import { conflict, badRequest, HttpError } from '../http/errors'
import { passwordProblem } from './passwordPolicy'

export interface BranchInfo {
  id: string
  name: string
  createdAt: string
}

export interface UserInfo {
  id: string
  username: string
  displayName: string
  role: Role
  branchId: string | null
  disabled: boolean
  createdAt: string
}

interface UserRow {
  id: string
  username: string
  display_name: string
  role: string
  branch_id: string | null
  disabled: number
  created_at: number
}

const toUser = (r: UserRow): UserInfo => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as Role,
  branchId: r.branch_id,
  disabled: r.disabled === 1,
  createdAt: new Date(r.created_at).toISOString(),
})

export async function createOrganization(db: Sql, name: string, now: number): Promise<string> {
  const id = uuidv7()
  await db.run('INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)', [id, name, now])
  return id
}

export async function organizationCount(db: Sql): Promise<number> {
  const row = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM organizations')
  return Number(row?.n ?? 0)
}

/** Creates the branch and its synced `branch` entity (revision 1), so devices pull it at once. */
export async function createBranch(storage: Storage, orgId: string, name: string, byUserId: string, now: number, id = uuidv7()): Promise<BranchInfo> {
  await storage.transaction(async (tx) => {
    await tx.run('INSERT INTO branches (id, org_id, name, created_at) VALUES (?, ?, ?, ?)', [id, orgId, name, now])
    const doc: Branch = { id, name, partyGroups: [], updatedAt: new Date(now).toISOString() }
    await createEntityOnServer(tx, orgId, 'branch', id, id, doc as unknown as Record<string, unknown>, byUserId, now)
  })
  return { id, name, createdAt: new Date(now).toISOString() }
}

export async function listBranches(db: Sql, orgId: string): Promise<BranchInfo[]> {
  const rows = await db.all<{ id: string; name: string; created_at: number }>(
    'SELECT id, name, created_at FROM branches WHERE org_id = ? ORDER BY created_at, id',
    [orgId],
  )
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: new Date(r.created_at).toISOString() }))
}

/**
 * Usernames are unique on the whole server: sign-in asks for a username and a password only, so the
 * name alone must find the account, and with it the organization. A taken name is therefore refused
 * with one answer whoever holds it (this organization, another one, or a sign-up racing this one), so
 * an admin learns nothing about another organization beyond "not this name".
 */
const usernameUnavailable = (): HttpError =>
  conflict('username-unavailable', "这个用户名不能使用，请换一个（例如加上单位简称）/ This username cannot be used; choose another (e.g. add your organization's short name)")

export interface NewUser {
  orgId: string
  username: string
  displayName: string
  role: Role
  branchId?: string | null
  password: string
}

export async function createUser(storage: Storage, u: NewUser, now: number, scrypt?: ScryptParams): Promise<UserInfo> {
  const branchId = u.branchId ?? null
  if (isOrganizationWide(u.role) && branchId) {
    throw badRequest('管理员和审阅人不属于某个支部 / Admins and reviewers belong to no single branch')
  }
  if (!isOrganizationWide(u.role)) {
    if (!branchId) throw badRequest('该角色需要指定支部 / This role needs a branch')
    const branch = await storage.get<{ org_id: string }>('SELECT org_id FROM branches WHERE id = ?', [branchId])
    if (!branch || branch.org_id !== u.orgId) throw badRequest('支部不存在 / No such branch in this organization')
  }
  const weak = passwordProblem(u.password, u.username)
  if (weak) throw new HttpError(400, 'weak-password', weak)
  const existing = await storage.get('SELECT id FROM users WHERE lower(username) = lower(?)', [u.username])
  if (existing) throw usernameUnavailable()
  const id = uuidv7()
  const hash = await hashPassword(u.password, scrypt)
  try {
    await storage.run(
      'INSERT INTO users (id, org_id, username, display_name, role, branch_id, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)',
      [id, u.orgId, u.username, u.displayName, u.role, branchId, hash, now],
    )
  } catch (err) {
    if (storage.isUniqueViolation(err)) throw usernameUnavailable()
    throw err
  }
  return { id, username: u.username, displayName: u.displayName, role: u.role, branchId, disabled: false, createdAt: new Date(now).toISOString() }
}

export async function listUsers(db: Sql, orgId: string): Promise<UserInfo[]> {
  const rows = await db.all<UserRow>(
    'SELECT id, username, display_name, role, branch_id, disabled, created_at FROM users WHERE org_id = ? ORDER BY created_at, id',
    [orgId],
  )
  return rows.map(toUser)
}

export async function findUserInOrg(db: Sql, orgId: string, userId: string): Promise<UserInfo | undefined> {
  const row = await db.get<UserRow>(
    'SELECT id, username, display_name, role, branch_id, disabled, created_at FROM users WHERE id = ? AND org_id = ?',
    [userId, orgId],
  )
  return row ? toUser(row) : undefined
}

/** Sets a new password and signs the user out everywhere. */
export async function setPassword(storage: Storage, userId: string, password: string, scrypt?: ScryptParams): Promise<void> {
  const user = await storage.get<{ username: string }>('SELECT username FROM users WHERE id = ?', [userId])
  const weak = passwordProblem(password, user?.username)
  if (weak) throw new HttpError(400, 'weak-password', weak)
  const hash = await hashPassword(password, scrypt)
  await storage.run('UPDATE users SET password_hash = ? WHERE id = ?', [hash, userId])
  await deleteUserSessions(storage, userId)
}

export async function findLoginUser(db: Sql, username: string): Promise<{ id: string; password_hash: string; disabled: number } | undefined> {
  return db.get('SELECT id, password_hash, disabled FROM users WHERE lower(username) = lower(?)', [username])
}

/** Disabling signs the user out everywhere at once; an admin cannot lock themselves out. */
export async function setDisabled(storage: Storage, actorId: string, userId: string, disabled: boolean): Promise<void> {
  if (disabled && actorId === userId) throw badRequest('不能停用自己的账号 / You cannot disable your own account')
  await storage.transaction(async (tx) => {
    await tx.run('UPDATE users SET disabled = ? WHERE id = ?', [disabled ? 1 : 0, userId])
    if (disabled) await tx.run('DELETE FROM sessions WHERE user_id = ?', [userId])
  })
}
