// The add/edit member form as plain data and its checks (messages are i18n keys).
import type { CommitteeRole, Member, MemberSituation, MembershipType } from '@/domain/types'
import { nameProblem } from '@/domain/validation'

export interface MemberForm {
  id?: string
  name: string
  gender: 'male' | 'female' | undefined
  membership: MembershipType
  partyGroupId: string | undefined
  situation: MemberSituation
  votingRights: boolean
  joinedOn: string
  note: string
  active: boolean
  /** Kept as they are: the committee is edited on the branch page. */
  committeeRole?: CommitteeRole
  committeeDuty?: string
  /** Transferred into / out of this branch (empty: not known, or joined/still here). */
  transferredInOn?: string
  leftOn?: string
}

export interface MemberProblem {
  field: 'name' | 'joinedOn' | 'transferredInOn' | 'leftOn'
  key: string
}

export function emptyMemberForm(partyGroupId?: string): MemberForm {
  return {
    name: '',
    gender: undefined,
    membership: 'full',
    partyGroupId,
    situation: 'on-duty',
    votingRights: true,
    joinedOn: '',
    note: '',
    active: true,
  }
}

export function memberToForm(member: Readonly<Member>): MemberForm {
  const form: MemberForm = {
    id: member.id,
    name: member.name,
    gender: member.gender,
    membership: member.membership,
    partyGroupId: member.partyGroupId,
    situation: member.situation,
    votingRights: member.votingRights,
    joinedOn: member.joinedOn ?? '',
    note: member.note ?? '',
    active: member.active,
    transferredInOn: member.transferredInOn ?? '',
    leftOn: member.leftOn ?? '',
  }
  if (member.committeeRole) form.committeeRole = member.committeeRole
  if (member.committeeDuty) form.committeeDuty = member.committeeDuty
  return form
}

/** Records name people in full (会议记录要素): a surname alone is not a name. */
export function validateMemberForm(form: MemberForm, today: string): MemberProblem[] {
  const problems: MemberProblem[] = []
  const name = form.name.trim()
  if (!name) problems.push({ field: 'name', key: 'branch.member.validation.nameRequired' })
  else if ([...name].length < 2) problems.push({ field: 'name', key: 'branch.member.validation.nameTooShort' })
  // 老王, 王书记: how people are called, not their names (the same rule the record checks apply).
  else if (nameProblem(name)) problems.push({ field: 'name', key: 'branch.member.validation.nameIncomplete' })
  if (form.joinedOn) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.joinedOn)) problems.push({ field: 'joinedOn', key: 'branch.member.validation.dateInvalid' })
    else if (form.joinedOn > today) problems.push({ field: 'joinedOn', key: 'branch.member.validation.dateFuture' })
  }
  for (const field of ['transferredInOn', 'leftOn'] as const) {
    const value = form[field]
    if (value && !/^\d{4}-\d{2}-\d{2}$/.test(value)) problems.push({ field, key: 'branch.member.validation.dateInvalid' })
  }
  if (form.transferredInOn && form.leftOn && form.leftOn < form.transferredInOn) {
    problems.push({ field: 'leftOn', key: 'branch.member.validation.leftBeforeIn' })
  }
  return problems
}
