// @vitest-environment happy-dom
// The reviewer's matrix on a device that synced two branches: branches by name (never by results),
// held/required per requirement, who has signed, and the way into a branch's check.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SignoffDoc } from '@/domain/check/checkEntities'
import ReviewPage from '@/app/pages/ReviewPage.vue'
import { cleanUp, makeBranch, makeMember, resetLocale, until, type Mounted } from './appTestSupport'
import { completeRecord, mountCheck, openCheckWorld, type CheckWorld } from './checkTestSupport'

describe('ReviewPage', () => {
  let world: CheckWorld
  let mounted: Mounted | undefined

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-07-10T02:00:00.000Z'))
    await resetLocale()
    world = await openCheckWorld()
  })
  afterEach(() => {
    cleanUp(mounted)
    mounted = undefined
    world.close()
    vi.useRealTimers()
  })

  it('shows every synced branch × requirement for the quarter, and which branches signed', async () => {
    // As a pull would leave them on a reviewer's device: two branches, their rosters and records.
    await world.store.saveBranch(makeBranch({ id: 'b-two', name: '机关第二党支部' }))
    await world.store.saveBranch(makeBranch({ id: 'b-one', name: '机关第一党支部' }))
    const one = [makeMember({ branchId: 'b-one', name: '周建华', committeeRole: 'secretary' }), makeMember({ branchId: 'b-one', name: '林晓梅', committeeRole: 'organization' })]
    const two = [makeMember({ branchId: 'b-two', name: '王建国', committeeRole: 'secretary' }), makeMember({ branchId: 'b-two', name: '李慧敏', committeeRole: 'organization' })]
    await world.store.saveMembers([...one, ...two])
    for (const date of ['2026-04-08', '2026-05-12', '2026-06-10']) await completeRecord(world.store, 'committee-meeting', date, one, { branchId: 'b-one' })
    await completeRecord(world.store, 'committee-meeting', '2026-04-09', two, { branchId: 'b-two' })
    const signoff: SignoffDoc = { id: 'so-1', branchId: 'b-one', year: 2026, quarter: 2, signedBy: '周建华', signedAt: '2026-07-02T02:00:00.000Z', comment: '' }
    await world.store.putEntity('check-signoff', signoff)
    await world.signInAs('reviewer', '上级审阅人', null)

    mounted = await mountCheck('/review', { review: ReviewPage })
    await until(() => mounted!.wrapper.findAll('[data-testid="review-row"]').length === 2)
    // The current quarter first; the previous one is a tap away.
    await mounted.wrapper.find('[data-testid="quarter-prev"]').trigger('click')
    await until(() => mounted!.wrapper.find('[data-testid="review-row"][data-branch="b-one"]').attributes('data-signed') === 'yes')

    const rows = mounted.wrapper.findAll('[data-testid="review-row"]')
    // By name (二 sorts before 一 in pinyin: èr < yī), whatever the results.
    expect(rows.map((r) => r.attributes('data-branch'))).toEqual(['b-two', 'b-one'])
    const cell = (branch: string) => mounted!.wrapper.find(`[data-testid="review-row"][data-branch="${branch}"] [data-rule="kind:committee-meeting"]`).text()
    expect(cell('b-one')).toBe('3/3')
    expect(cell('b-two')).toBe('1/3')
    expect(mounted.wrapper.find('[data-testid="review-row"][data-branch="b-two"]').attributes('data-signed')).toBe('no')
    expect(mounted.wrapper.find('[data-testid="review-not-reviewer"]').exists()).toBe(false)
    expect(mounted.wrapper.text()).not.toMatch(/排名|得分|总分/)

    await mounted.wrapper.find('[data-testid="review-row"][data-branch="b-two"]').trigger('click')
    await until(() => mounted!.router.currentRoute.value.name === 'check-quarter')
    expect(mounted.router.currentRoute.value.fullPath).toBe('/check/2026/2?branch=b-two')
  })
})
