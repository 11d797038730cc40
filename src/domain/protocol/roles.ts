// Who an account is: the roles, and which of them see every branch of their organization.
export type Role = 'admin' | 'reviewer' | 'secretary' | 'recorder' | 'member'
export const ROLES: readonly Role[] = ['admin', 'reviewer', 'secretary', 'recorder', 'member']

/** Roles that see every branch of their organization; the others see their own branch only. */
export const ORGANIZATION_WIDE_ROLES: readonly Role[] = ['admin', 'reviewer']

export function isOrganizationWide(role: Role): boolean {
  return ORGANIZATION_WIDE_ROLES.includes(role)
}
