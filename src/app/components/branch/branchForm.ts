// The branch setup form as plain data, and its checks. Messages are i18n keys with parameters, so
// the checks stay independent of the UI language and easy to test.
import type { CommitteeRole, PartyGroup } from '@/domain/types'

export interface CommitteeEntry {
  memberId: string
  name: string
  role: CommitteeRole | undefined
  duty: string
}

export interface BranchForm {
  name: string
  upperOrganization: string
  contactPhone: string
  contactEmail: string
  partyGroups: PartyGroup[]
  committee: CommitteeEntry[]
  /** Serves a leadership team (班子): 民主生活会 and 中心组学习 are required only then. */
  hasLeadershipTeam?: boolean
}

export interface FormProblem {
  /** `name`, `contactPhone`, `contactEmail`, `group:<id>`, `committee:<memberId>` or `committee`. */
  field: string
  key: string
  params?: Record<string, string | number>
}

// Phone numbers as people write them: 0571-88886666, 138 0000 0000, +86 10 1234 5678, 12388.
const PHONE = /^\+?[\d\s\-()（）]{5,24}$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function validateBranchForm(form: BranchForm): FormProblem[] {
  const problems: FormProblem[] = []
  if (!form.name.trim()) problems.push({ field: 'name', key: 'branch.validation.nameRequired' })
  const phone = form.contactPhone.trim()
  if (phone && (!PHONE.test(phone) || (phone.match(/\d/g)?.length ?? 0) < 5)) {
    problems.push({ field: 'contactPhone', key: 'branch.validation.phoneInvalid' })
  }
  const email = form.contactEmail.trim()
  if (email && !EMAIL.test(email)) problems.push({ field: 'contactEmail', key: 'branch.validation.emailInvalid' })

  const seen = new Set<string>()
  for (const group of form.partyGroups) {
    const name = group.name.trim()
    if (!name) problems.push({ field: `group:${group.id}`, key: 'branch.validation.groupNameRequired' })
    else if (seen.has(name)) problems.push({ field: `group:${group.id}`, key: 'branch.validation.groupNameDuplicate', params: { name } })
    seen.add(name)
  }

  for (const entry of form.committee) {
    if (!entry.role) problems.push({ field: `committee:${entry.memberId}`, key: 'branch.validation.roleRequired', params: { name: entry.name } })
  }
  const secretaries = form.committee.filter((e) => e.role === 'secretary')
  if (secretaries.length > 1) {
    problems.push({ field: 'committee', key: 'branch.validation.oneSecretary', params: { names: secretaries.map((e) => e.name).join('、') } })
  }
  return problems
}

/**
 * A calm note on how the committee should look (党章 / 支部工作条例): a branch with seven or more full
 * members elects a committee of 3–5 (at most 7); a smaller one has a secretary (and maybe a deputy).
 * Advice, never a block: the branch knows its own situation.
 */
export function committeeAdviceKey(fullMembers: number, committeeSize: number): string | undefined {
  if (fullMembers >= 7) {
    if (committeeSize > 7) return 'branch.committee.adviceTooLarge'
    if (committeeSize < 3) return 'branch.committee.adviceCommittee'
    return undefined
  }
  return committeeSize > 2 ? 'branch.committee.adviceSmallBranch' : undefined
}
