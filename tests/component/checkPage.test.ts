// @vitest-environment happy-dom
// The quarterly check page on a branch's own phone: held against required per requirement (per month,
// per party group), findings linking to their records, moving between quarters, the sign-off shown, and
// the reviewer's marks reaching the branch.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { Member } from '@/domain/types'
import type { ReviewMarkDoc, SignoffDoc } from '@/domain/check/checkEntities'
import CheckPage from '@/app/pages/CheckPage.vue'
import { useCheckStore } from '@/app/stores/check'
import { bodyText, cleanUp, makeBranch, makeMember, resetLocale, until, type Mounted } from './appTestSupport'
import { completeRecord, mountCheck, openCheckWorld, type CheckWorld } from './checkTestSupport'

const PAGES = { check: CheckPage, 'check-quarter': CheckPage }
const TODAY = new Date('2026-07-10T02:00:00.000Z') // Q2 2026 is over; Q3 has just begun

describe('CheckPage', () => {
  let world: CheckWorld
  let mounted: Mounted | undefined
  let members: Member[]

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(TODAY)
    await resetLocale()
    world = await openCheckWorld()
    await world.store.saveBranch(makeBranch({ partyGroups: [{ id: 'g1', name: '第一党小组' }, { id: 'g2', name: '第二党小组' }] }))
    members = [
      makeMember({ name: '王建国', committeeRole: 'secretary', partyGroupId: 'g1' }),
      makeMember({ name: '李晓梅', committeeRole: 'organization', partyGroupId: 'g1' }),
      makeMember({ name: '张志强', partyGroupId: 'g2' }),
      makeMember({ name: '赵大勇', partyGroupId: 'g2' }),
    ]
    await world.store.saveMembers(members)
  })
  afterEach(() => {
    cleanUp(mounted)
    mounted = undefined
    world.close()
    vi.useRealTimers()
  })

  const requirement = (rule: string) => mounted!.wrapper.find(`[data-testid="requirement"][data-rule="${rule}"]`)

  it('counts held against required per month and per party group, and lists what is missing with links', async () => {
    const committee = members.slice(0, 2)
    await completeRecord(world.store, 'committee-meeting', '2026-04-08', committee)
    const june = await completeRecord(world.store, 'committee-meeting', '2026-06-10', committee, { place: undefined })
    for (const date of ['2026-04-15', '2026-05-15', '2026-06-15']) {
      await completeRecord(world.store, 'party-group-meeting', date, members.slice(0, 2), { partyGroupId: 'g1' })
    }
    await completeRecord(world.store, 'party-group-meeting', '2026-04-20', members.slice(2), { partyGroupId: 'g2' })
    // Another quarter's meeting does not count for this one.
    await completeRecord(world.store, 'committee-meeting', '2026-07-02', committee)

    mounted = await mountCheck('/check/2026/2', PAGES)
    await until(() => requirement('kind:committee-meeting').exists())

    const committeeRow = requirement('kind:committee-meeting')
    expect(committeeRow.attributes()).toMatchObject({ 'data-held': '2', 'data-required': '3', 'data-due': '1' })
    expect(committeeRow.text()).toContain('已开 2 / 应开 3')
    expect(committeeRow.text()).toContain('5月 0/1')
    expect(committeeRow.text()).toContain('期限已过')
    const groups = requirement('kind:party-group-meeting')
    expect(groups.attributes()).toMatchObject({ 'data-held': '4', 'data-required': '6', 'data-due': '2' })
    expect(groups.find('[data-testid="requirement-groups"]').text()).toContain('第一党小组 3/3')
    expect(groups.find('[data-testid="requirement-groups"]').text()).toContain('第二党小组 1/3')

    // Findings: the month without a committee meeting, per group the missing months, the record without a place.
    const findings = () => mounted!.wrapper.findAll('[data-testid="finding"]')
    const more = mounted.wrapper.find('[data-testid="findings-more-error"]')
    if (more.exists()) await more.trigger('click')
    const missing = findings().filter((f) => f.attributes('data-code') === 'missing-meeting').map((f) => f.text())
    expect(missing.some((t) => t.includes('5月未召开支部委员会会议'))).toBe(true)
    expect(missing.some((t) => t.includes('第二党小组5、6月未召开党小组会'))).toBe(true)
    expect(missing.some((t) => t.includes('第一党小组'))).toBe(false)
    const placeFinding = findings().find((f) => f.attributes('data-record') === june.id && f.text().includes('地点'))
    expect(placeFinding, bodyText().slice(0, 400)).toBeDefined()
    expect(placeFinding!.find('a').attributes('href')).toBe(`/records/${june.id}`)

    // The quarter's records, book by book; the July meeting is not among them.
    expect(mounted.wrapper.findAll('[data-testid="quarter-record"]')).toHaveLength(6)
    // Not signed yet: the secretary (this phone, no account) may sign.
    expect(mounted.wrapper.find('[data-testid="check-signoff"]').attributes('data-signed')).toBe('no')
    expect(mounted.wrapper.find('[data-testid="check-sign"]').exists()).toBe(true)
    // No score, no ranking anywhere on the page.
    expect(mounted.wrapper.text()).not.toMatch(/得分|分数|排名|score|rank/i)
  })

  it('opens the current quarter by default and steps between quarters', async () => {
    await completeRecord(world.store, 'committee-meeting', '2026-05-12', members.slice(0, 2))
    mounted = await mountCheck('/check', PAGES)
    await until(() => requirement('kind:committee-meeting').exists())
    expect(mounted.wrapper.find('[data-testid="quarter-name"]').text()).toContain('2026年第三季度')
    expect(requirement('kind:committee-meeting').attributes('data-held')).toBe('0')
    // July is still open: due, not missing.
    expect(requirement('kind:committee-meeting').text()).toContain('还剩')
    expect(mounted.wrapper.find('[data-testid="quarter-next"]').attributes('disabled')).toBeDefined()

    await mounted.wrapper.find('[data-testid="quarter-prev"]').trigger('click')
    await until(() => mounted!.router.currentRoute.value.fullPath === '/check/2026/2')
    await until(() => requirement('kind:committee-meeting').attributes('data-held') === '1')
    expect(mounted.wrapper.find('[data-testid="quarter-name"]').text()).toContain('2026年第二季度')
  })

  it('shows a signed quarter as signed and offers no second signature', async () => {
    await completeRecord(world.store, 'committee-meeting', '2026-05-12', members.slice(0, 2))
    const signoff: SignoffDoc = { id: 'so-1', branchId: 'branch-1', year: 2026, quarter: 2, signedBy: '王建国', signedAt: '2026-07-03T02:00:00.000Z', comment: '已逐本检查' }
    await world.store.putEntity('check-signoff', signoff)
    mounted = await mountCheck('/check/2026/2', PAGES)
    await until(() => mounted!.wrapper.find('[data-testid="check-signoff"]').attributes('data-signed') === 'yes')
    expect(mounted.wrapper.find('[data-testid="check-signed-by"]').text()).toContain('王建国')
    expect(mounted.wrapper.text()).toContain('已逐本检查')
    expect(mounted.wrapper.find('[data-testid="check-sign"]').exists()).toBe(false)
  })

  it('signing through the store freezes the quarter and the page says so', async () => {
    mounted = await mountCheck('/check/2026/2', PAGES)
    await until(() => mounted!.wrapper.find('[data-testid="check-sign"]').exists())
    const check = useCheckStore()
    await check.signQuarter({ signedBy: '王建国', comment: '' })
    await flushPromises()
    expect(mounted.wrapper.find('[data-testid="check-signoff"]').attributes('data-signed')).toBe('yes')
    const stored = await world.store.listEntities<SignoffDoc>('check-signoff', { branchId: 'branch-1' })
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ year: 2026, quarter: 2, signedBy: '王建国' })
    expect(await check.isRecordFrozen({ branchId: 'branch-1', date: '2026-06-30' })).toBe(true)
    expect(await check.isRecordFrozen({ branchId: 'branch-1', date: '2026-07-01' })).toBe(false)
  })

  it("a reviewer marks a record 有问题 on another branch's check; the branch then sees the mark and comment", async () => {
    const rec = await completeRecord(world.store, 'committee-meeting', '2026-05-12', members.slice(0, 2))
    await world.signInAs('reviewer', '上级审阅人', null)
    mounted = await mountCheck('/check/2026/2?branch=branch-1', PAGES)
    await until(() => mounted!.wrapper.find('[data-testid="quarter-record-review"]').exists())
    // A reviewer neither signs the branch's quarter nor edits its rules.
    expect(mounted.wrapper.find('[data-testid="check-sign"]').exists()).toBe(false)
    expect(mounted.wrapper.find('[data-testid="check-rules-link"]').exists()).toBe(false)

    await mounted.wrapper.find('[data-testid="quarter-record-review"]').trigger('click')
    await until(() => document.querySelector('[data-testid="review-mark-popup"]') !== null)
    ;(document.querySelector('[data-testid="review-state-problem"]') as HTMLElement).click()
    // 有问题 needs a comment.
    ;(document.querySelector('[data-testid="review-save"]') as HTMLElement).click()
    await flushPromises()
    expect(await world.store.listEntities('review-mark')).toHaveLength(0)
    const textarea = document.querySelector('[data-testid="review-comment"] textarea') as HTMLTextAreaElement
    textarea.value = '缺席人员未写明原因，请补充'
    textarea.dispatchEvent(new Event('input'))
    ;(document.querySelector('[data-testid="review-save"]') as HTMLElement).click()
    await until(() => mounted!.wrapper.find('[data-testid="quarter-record-comment"]').exists())

    const marks = await world.store.listEntities<ReviewMarkDoc>('review-mark', { branchId: 'branch-1' })
    expect(marks).toHaveLength(1)
    expect(marks[0]).toMatchObject({ recordId: rec.id, branchId: 'branch-1', state: 'problem', comment: '缺席人员未写明原因，请补充', by: '上级审阅人' })

    // The branch's own view (no account on this phone) shows the mark and the comment.
    cleanUp(mounted)
    await world.syncLocal.deleteMeta('sync.session')
    mounted = await mountCheck('/check/2026/2', PAGES)
    await until(() => mounted!.wrapper.find('[data-testid="quarter-record-comment"]').exists())
    expect(mounted.wrapper.find('[data-testid="review-state"]').text()).toBe('有问题')
    expect(mounted.wrapper.find('[data-testid="quarter-record-comment"]').text()).toBe('缺席人员未写明原因，请补充')
    expect(mounted.wrapper.find('[data-testid="quarter-record-review"]').exists()).toBe(false)
  })

  it('says plainly when the branch is not set up', async () => {
    world.close()
    world = await openCheckWorld()
    mounted = await mountCheck('/check', PAGES)
    await until(() => bodyText().includes('尚未设置支部'))
    expect(mounted.wrapper.find('[data-testid="check-to-review"]').exists()).toBe(false)
  })

  it('sends a reviewer, who has no branch of its own, to the matrix of branches', async () => {
    world.close()
    world = await openCheckWorld()
    await world.signInAs('reviewer', '上级审阅人', null)
    mounted = await mountCheck('/check', PAGES)
    await until(() => mounted!.wrapper.find('[data-testid="check-to-review"]').exists())
    expect(bodyText()).toContain('审阅人没有自己的支部')
  })
})
