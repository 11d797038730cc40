// The branch, its party groups, its committee and its roster. Pages read the state and change it only
// through these actions; every action resolves after the local store has committed the write.
import { defineStore } from 'pinia'
import { computed, readonly, ref } from 'vue'
import { uuidv7 } from 'uuidv7'
import type { Branch, Member, PartyGroup } from '@/domain/types'
import { useLocal } from '@/app/services/localStore'
import { committeeRoleRank } from '@/app/services/rosterVocabulary'

/** What a page edits: the branch without its bookkeeping fields. */
export interface BranchInput {
  name: string
  upperOrganization?: string
  contactPhone?: string
  contactEmail?: string
  partyGroups: PartyGroup[]
  /** Serves a leadership team: 民主生活会 and 中心组学习 are then required. */
  hasLeadershipTeam?: boolean
}

/** What a page edits for one member; `id` absent means a new member. */
export type MemberInput = Omit<Member, 'id' | 'branchId' | 'updatedAt'> & { id?: string }

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh-CN')

function cleanText(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

/** Plain copies: the store's state is read-only (deeply) and IndexedDB wants structured-clonable objects. */
function copyGroups(groups: readonly Readonly<PartyGroup>[]): PartyGroup[] {
  return groups.map((g) => ({ id: g.id, name: g.name.trim(), ...(g.leaderId ? { leaderId: g.leaderId } : {}) }))
}

export const useBranchStore = defineStore('branch', () => {
  const branch = ref<Branch>()
  const members = ref<Member[]>([])
  const loaded = ref(false)
  let loading: Promise<void> | undefined

  const partyGroups = computed(() => branch.value?.partyGroups ?? [])
  const activeMembers = computed(() => members.value.filter((m) => m.active))
  const formerMembers = computed(() => members.value.filter((m) => !m.active).sort(byName))
  /** Committee members, 书记 first. */
  const committee = computed(() =>
    activeMembers.value
      .filter((m) => m.committeeRole !== undefined)
      .sort((a, b) => committeeRoleRank(a.committeeRole) - committeeRoleRank(b.committeeRole) || byName(a, b)),
  )
  const counts = computed(() => ({
    full: activeMembers.value.filter((m) => m.membership === 'full').length,
    probationary: activeMembers.value.filter((m) => m.membership === 'probationary').length,
    former: formerMembers.value.length,
  }))

  function memberById(id: string | undefined): Member | undefined {
    return id === undefined ? undefined : members.value.find((m) => m.id === id)
  }

  function groupName(id: string | undefined): string | undefined {
    return id === undefined ? undefined : partyGroups.value.find((g) => g.id === id)?.name
  }

  async function reload(): Promise<void> {
    const local = await useLocal()
    const [storedBranch, storedMembers] = await Promise.all([local.getBranch(), local.listMembers()])
    branch.value = storedBranch
    members.value = storedMembers.sort(byName)
    loaded.value = true
  }

  /** Loads once; later calls reuse the first load unless `force` asks for a fresh read (after a restore). */
  function load(force = false): Promise<void> {
    if (force || !loading) {
      loading = reload().catch((error: unknown) => {
        loading = undefined
        throw error
      })
    }
    return loading
  }

  function requireBranch(): Branch {
    if (!branch.value) throw new Error('No branch yet: set up the branch first.')
    return branch.value
  }

  async function saveBranch(input: BranchInput): Promise<Branch> {
    const next: Branch = {
      id: branch.value?.id ?? uuidv7(),
      name: input.name.trim(),
      partyGroups: copyGroups(input.partyGroups),
      updatedAt: new Date().toISOString(),
    }
    const upper = cleanText(input.upperOrganization)
    const phone = cleanText(input.contactPhone)
    const email = cleanText(input.contactEmail)
    if (upper) next.upperOrganization = upper
    if (phone) next.contactPhone = phone
    if (email) next.contactEmail = email
    if (input.hasLeadershipTeam) next.hasLeadershipTeam = true
    const local = await useLocal()
    await local.saveBranch(next)
    branch.value = next
    return next
  }

  function toMember(input: MemberInput, branchId: string, now: string): Member {
    const member: Member = {
      id: input.id ?? uuidv7(),
      branchId,
      name: input.name.trim(),
      membership: input.membership,
      situation: input.situation,
      // Probationary members have no vote (党章第七条); the form enforces it, the store makes sure.
      votingRights: input.membership === 'full' && input.votingRights,
      active: input.active,
      updatedAt: now,
    }
    if (input.gender) member.gender = input.gender
    if (input.partyGroupId) member.partyGroupId = input.partyGroupId
    if (input.committeeRole) member.committeeRole = input.committeeRole
    const duty = cleanText(input.committeeDuty)
    if (duty && input.committeeRole) member.committeeDuty = duty
    if (input.joinedOn) member.joinedOn = input.joinedOn
    const note = cleanText(input.note)
    if (note) member.note = note
    if (input.transferredInOn) member.transferredInOn = input.transferredInOn
    if (input.leftOn) member.leftOn = input.leftOn
    return member
  }

  function merge(saved: Member[]): void {
    const byId = new Map(members.value.map((m) => [m.id, m]))
    for (const m of saved) byId.set(m.id, m)
    members.value = [...byId.values()].sort(byName)
  }

  async function saveMember(input: MemberInput): Promise<Member> {
    const { id: branchId } = requireBranch()
    const member = toMember(input, branchId, new Date().toISOString())
    const local = await useLocal()
    await local.saveMember(member)
    merge([member])
    return member
  }

  /** Several members in one all-or-nothing write (committee changes, group removal). */
  async function saveMembers(inputs: MemberInput[]): Promise<Member[]> {
    if (inputs.length === 0) return []
    const { id: branchId } = requireBranch()
    const now = new Date().toISOString()
    const list = inputs.map((input) => toMember(input, branchId, now))
    const local = await useLocal()
    await local.saveMembers(list)
    merge(list)
    return list
  }

  async function setMemberActive(id: string, active: boolean): Promise<Member> {
    const current = memberById(id)
    if (!current) throw new Error(`Unknown member ${id}`)
    return saveMember({ ...current, active })
  }

  /**
   * Saves imported members (all or nothing) and merges their party groups into the branch. The import
   * was parsed against the current groups, so a group named in the file keeps its id; groups keep their
   * order, a leader named in the file replaces the old one, and new groups come after.
   */
  async function importRoster(imported: readonly Member[], importedGroups: readonly PartyGroup[]): Promise<number> {
    const current = requireBranch()
    const incoming = new Map(importedGroups.map((g) => [g.id, g]))
    const groups = copyGroups(current.partyGroups).map((g) => {
      const leaderId = incoming.get(g.id)?.leaderId ?? g.leaderId
      incoming.delete(g.id)
      return leaderId ? { ...g, leaderId } : g
    })
    // A group with a new id but an existing name (parsed against an older list): point its members at the old id.
    const idFor = new Map<string, string>()
    for (const g of incoming.values()) {
      const name = g.name.trim()
      const existing = groups.find((x) => x.name === name)
      if (existing) idFor.set(g.id, existing.id)
      else groups.push({ id: g.id, name, ...(g.leaderId ? { leaderId: g.leaderId } : {}) })
    }
    const now = new Date().toISOString()
    const list = imported.map((m) => {
      const input: MemberInput = { ...m }
      if (m.partyGroupId) input.partyGroupId = idFor.get(m.partyGroupId) ?? m.partyGroupId
      return toMember(input, current.id, now)
    })
    // Groups first: if the members' write then fails, an unused group is harmless, whereas members
    // pointing at a group the branch does not know would not be.
    if (JSON.stringify(groups) !== JSON.stringify(copyGroups(current.partyGroups))) {
      await saveBranch({ ...current, partyGroups: groups })
    }
    const local = await useLocal()
    await local.saveMembers(list)
    merge(list)
    return list.length
  }

  return {
    branch: readonly(branch),
    members: readonly(members),
    loaded: readonly(loaded),
    partyGroups,
    activeMembers,
    formerMembers,
    committee,
    counts,
    memberById,
    groupName,
    load,
    saveBranch,
    saveMember,
    saveMembers,
    setMemberActive,
    importRoster,
  }
})
