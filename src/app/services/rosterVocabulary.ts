// The fixed vocabularies of the roster in display order. Words live in i18n (`branch.situation.*`,
// `branch.role.*`) so that both languages stay complete.
import type { CommitteeRole, MemberSituation, MembershipType } from '@/domain/types'

export const MEMBERSHIP_TYPES: readonly MembershipType[] = ['full', 'probationary']

export const MEMBER_SITUATIONS: readonly MemberSituation[] = [
  'on-duty', 'seconded', 'stepped-back', 'mobile', 'unreachable', 'abroad', 'sick-leave', 'other',
]

/** 书记 first, then 副书记, then the committee members by duty. */
export const COMMITTEE_ROLES: readonly CommitteeRole[] = [
  'secretary', 'deputy-secretary', 'organization', 'discipline', 'publicity', 'member',
]

export function committeeRoleRank(role: CommitteeRole | undefined): number {
  return role === undefined ? COMMITTEE_ROLES.length : COMMITTEE_ROLES.indexOf(role)
}
