// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, ref } from 'vue'
import Vant, { closeDialog } from 'vant'
import type { AttendanceEntry, Guest, Member } from '@/domain/types'
import { i18n } from '@/app/i18n'
import MeetingAttendanceSheet from '@/app/components/attendance/MeetingAttendanceSheet.vue'
import { makeMember, resetLocale, until } from './appTestSupport'

interface SheetProps {
  members: Member[]
  attendance?: AttendanceEntry[]
  committeeOnly?: boolean
  partyGroupId?: string
  guests?: Guest[]
}

/** The sheet inside a parent that owns the attendance list, as the editor does with v-model. */
function mountSheet(props: SheetProps) {
  const attendance = ref<AttendanceEntry[]>(props.attendance ?? [])
  const Host = defineComponent({
    setup: () => () =>
      h(MeetingAttendanceSheet, {
        modelValue: attendance.value,
        'onUpdate:modelValue': (v: AttendanceEntry[]) => (attendance.value = v),
        members: props.members,
        committeeOnly: props.committeeOnly,
        partyGroupId: props.partyGroupId,
        guests: props.guests ?? [],
      }),
  })
  const wrapper = mount(Host, { global: { plugins: [Vant, i18n] }, attachTo: document.body })
  return { wrapper, attendance }
}

const counts = (w: VueWrapper) => ({
  expected: Number(w.find('[data-testid="count-expected"]').text()),
  actual: Number(w.find('[data-testid="count-actual"]').text()),
  absent: Number(w.find('[data-testid="count-absent"]').text()),
})

async function tap(w: VueWrapper, name: string, status: string): Promise<void> {
  await w.find(`[data-testid="attendance-${name}-${status}"]`).trigger('click')
  await flushPromises()
}

function promptEl(selector: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="${selector}"]`)
}

describe('MeetingAttendanceSheet', () => {
  let wrapper: VueWrapper | undefined
  beforeEach(() => resetLocale())
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    closeDialog()
    document.body.innerHTML = ''
  })

  it('counts expected, present and absent live as statuses are tapped', async () => {
    const members = [makeMember({ name: '王建国' }), makeMember({ name: '李晓梅' }), makeMember({ name: '张志强' })]
    const mounted = mountSheet({ members })
    wrapper = mounted.wrapper
    await flushPromises()
    // Nothing marked yet: nobody is expected.
    expect(counts(wrapper)).toEqual({ expected: 0, actual: 0, absent: 0 })
    expect(wrapper.text()).toContain('还有 3 人未标记')

    await tap(wrapper, '王建国', 'present')
    await tap(wrapper, '李晓梅', 'present')
    expect(counts(wrapper)).toEqual({ expected: 2, actual: 2, absent: 0 })

    await tap(wrapper, '张志强', 'observer')
    expect(counts(wrapper)).toEqual({ expected: 2, actual: 2, absent: 0 })
    expect(mounted.attendance.value.map((a) => [a.name, a.status])).toEqual([
      ['王建国', 'present'],
      ['李晓梅', 'present'],
      ['张志强', 'observer'],
    ])
    // Tapping the chosen status again clears it.
    await tap(wrapper, '王建国', 'present')
    expect(counts(wrapper)).toEqual({ expected: 1, actual: 1, absent: 0 })
    expect(wrapper.find('[data-testid="attendance-王建国"]').attributes('data-status')).toBe('unmarked')
  })

  it('asks a reason for 缺席: a quick pick sets it, cancel changes nothing, free text works too', async () => {
    const members = [makeMember({ name: '王建国' }), makeMember({ name: '李晓梅' })]
    const mounted = mountSheet({
      members,
      attendance: members.map((m) => ({ memberId: m.id, name: m.name, status: 'present' as const })),
    })
    wrapper = mounted.wrapper
    await flushPromises()
    expect(counts(wrapper)).toEqual({ expected: 2, actual: 2, absent: 0 })

    // Cancel: the member stays present.
    await tap(wrapper, '李晓梅', 'absent')
    await until(() => promptEl('reason-prompt') !== null)
    expect(document.body.textContent).toContain('李晓梅 缺席的原因')
    promptEl('reason-cancel')!.click()
    await flushPromises()
    expect(mounted.attendance.value.find((a) => a.name === '李晓梅')?.status).toBe('present')
    expect(counts(wrapper).absent).toBe(0)

    // Quick pick "出差" marks absent with that reason in one tap.
    await tap(wrapper, '李晓梅', 'absent')
    await until(() => promptEl('reason-option-businessTrip') !== null)
    promptEl('reason-option-businessTrip')!.click()
    await flushPromises()
    const li = mounted.attendance.value.find((a) => a.name === '李晓梅')
    expect(li).toMatchObject({ status: 'absent', reason: '出差', membership: 'full', votingRights: true })
    expect(counts(wrapper)).toEqual({ expected: 2, actual: 1, absent: 1 })
    expect(wrapper.find('[data-testid="attendance-李晓梅-reason"]').text()).toContain('出差')

    // Free text: confirm is disabled until something is written.
    await tap(wrapper, '王建国', 'absent')
    await until(() => promptEl('reason-text') !== null)
    expect((promptEl('reason-confirm') as HTMLButtonElement).disabled).toBe(true)
    const input = document.querySelector<HTMLTextAreaElement>('[data-testid="reason-text"] textarea')!
    input.value = '参加区委党校培训'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    promptEl('reason-confirm')!.click()
    await flushPromises()
    expect(mounted.attendance.value.find((a) => a.name === '王建国')).toMatchObject({ status: 'absent', reason: '参加区委党校培训' })
    expect(counts(wrapper)).toEqual({ expected: 2, actual: 0, absent: 2 })
  })

  it('不计应到 takes its own reasons and leaves the member out of 应到', async () => {
    const members = [makeMember({ name: '赵大勇', situation: 'sick-leave' }), makeMember({ name: '孙丽' })]
    const mounted = mountSheet({ members, attendance: members.map((m) => ({ memberId: m.id, name: m.name, status: 'present' as const })) })
    wrapper = mounted.wrapper
    await flushPromises()
    await tap(wrapper, '赵大勇', 'excluded')
    await until(() => promptEl('reason-option-longIllness') !== null)
    expect(document.body.textContent).toContain('赵大勇 不计入应到的原因')
    expect(promptEl('reason-option-businessTrip')).toBeNull()
    promptEl('reason-option-longIllness')!.click()
    await flushPromises()
    expect(mounted.attendance.value.find((a) => a.name === '赵大勇')).toMatchObject({ status: 'excluded', reason: '长期病休（经批准）' })
    expect(counts(wrapper)).toEqual({ expected: 1, actual: 1, absent: 0 })
  })

  it('written opinions count as absent but are noted', async () => {
    const members = [makeMember({ name: '周敏' }), makeMember({ name: '吴磊' })]
    const mounted = mountSheet({ members, attendance: members.map((m) => ({ memberId: m.id, name: m.name, status: 'present' as const })) })
    wrapper = mounted.wrapper
    await flushPromises()
    await tap(wrapper, '吴磊', 'written')
    expect(counts(wrapper)).toEqual({ expected: 2, actual: 1, absent: 1 })
    expect(wrapper.text()).toContain('其中 1 人缺席但会前提交了书面意见')
  })

  it('"全部出席" marks everyone not yet marked; overwriting an absence needs a choice', async () => {
    const members = ['甲一', '乙二', '丙三', '丁四'].map((name) => makeMember({ name }))
    const mounted = mountSheet({ members })
    wrapper = mounted.wrapper
    await flushPromises()
    await tap(wrapper, '丙三', 'absent')
    await until(() => promptEl('reason-option-leave') !== null)
    promptEl('reason-option-leave')!.click()
    await flushPromises()

    await wrapper.find('[data-testid="attendance-all-present"]').trigger('click')
    await until(() => document.querySelector('.van-dialog__cancel') !== null)
    expect(document.body.textContent).toContain('已有 1 人标记为缺席')
    // "只标记其余的人" keeps the absence and its reason.
    ;(document.querySelector('.van-dialog__cancel') as HTMLElement).click()
    await until(() => counts(wrapper!).expected === 4)
    expect(counts(wrapper)).toEqual({ expected: 4, actual: 3, absent: 1 })
    expect(mounted.attendance.value.find((a) => a.name === '丙三')).toMatchObject({ status: 'absent', reason: '请假' })
    // The order is the roster's, not the order of the taps.
    expect(mounted.attendance.value.map((a) => a.name)).toEqual(['甲一', '乙二', '丙三', '丁四'])
  })

  it('lists only committee members for committee-only kinds, and only the group for a party-group meeting', async () => {
    const members = [
      makeMember({ name: '书记甲', committeeRole: 'secretary', partyGroupId: 'g1' }),
      makeMember({ name: '委员乙', committeeRole: 'member', partyGroupId: 'g2' }),
      makeMember({ name: '党员丙', partyGroupId: 'g1' }),
      makeMember({ name: '离开丁', active: false, partyGroupId: 'g1' }),
    ]
    const committee = mountSheet({ members, committeeOnly: true })
    wrapper = committee.wrapper
    await flushPromises()
    const listed = () => wrapper!.findAll('li[data-testid^="attendance-"]').map((li) => li.attributes('data-testid'))
    expect(listed()).toEqual(['attendance-书记甲', 'attendance-委员乙'])
    // Others can still be shown (e.g. someone attending as 列席).
    await wrapper.find('[data-testid="attendance-show-everyone"]').trigger('click')
    expect(listed()).toEqual(['attendance-书记甲', 'attendance-委员乙', 'attendance-党员丙'])
    wrapper.unmount()

    const group = mountSheet({ members, partyGroupId: 'g1' })
    wrapper = group.wrapper
    await flushPromises()
    expect(listed()).toEqual(['attendance-书记甲', 'attendance-党员丙'])
  })

  it('keeps showing a marked person who has since left the roster', async () => {
    const members = [makeMember({ name: '在册甲' })]
    const mounted = mountSheet({
      members,
      attendance: [
        { memberId: members[0]!.id, name: '在册甲', status: 'present' },
        { memberId: 'gone-1', name: '调出乙', status: 'absent', reason: '出差' },
      ],
    })
    wrapper = mounted.wrapper
    await flushPromises()
    expect(wrapper.find('[data-testid="attendance-调出乙"]').text()).toContain('已不在名册')
    expect(counts(wrapper)).toEqual({ expected: 2, actual: 1, absent: 1 })
  })
})
