// First run: when the database has no organization yet, create one and its admin account, and say
// the password once. `--admin-password` / ADMIN_PASSWORD chooses it (and resets it on later runs).
import type { Storage } from './storage/storage'
import { generatePassword, MIN_PASSWORD_LENGTH } from './auth/passwords'
import { createOrganization, createUser, setPassword } from './auth/users'

export const ADMIN_USERNAME = 'admin'

export interface SetupResult {
  created: boolean
  /** Set when a password was created or changed now: shown to the operator once, never stored in clear. */
  adminPassword?: string
  passwordReset?: boolean
}

export async function ensureSetup(
  storage: Storage,
  options: { adminPassword?: string; organizationName?: string; now?: number } = {},
): Promise<SetupResult> {
  const now = options.now ?? Date.now()
  if (options.adminPassword !== undefined && options.adminPassword.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`The admin password must have at least ${MIN_PASSWORD_LENGTH} characters`)
  }
  const org = await storage.get<{ id: string }>('SELECT id FROM organizations ORDER BY created_at, id LIMIT 1')
  if (!org) {
    const orgId = await createOrganization(storage, options.organizationName ?? '本单位', now)
    const password = options.adminPassword ?? generatePassword()
    await createUser(storage, { orgId, username: ADMIN_USERNAME, displayName: '管理员', role: 'admin', password }, now)
    return { created: true, adminPassword: password }
  }
  if (options.adminPassword) {
    const admin = await storage.get<{ id: string }>('SELECT id FROM users WHERE username = ? AND org_id = ?', [ADMIN_USERNAME, org.id])
    if (admin) {
      await setPassword(storage, admin.id, options.adminPassword)
      return { created: false, adminPassword: options.adminPassword, passwordReset: true }
    }
  }
  return { created: false }
}
