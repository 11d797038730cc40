// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import Vant from 'vant'
import { i18n } from '@/app/i18n'
import DateField from '@/app/components/records/DateField.vue'
import { resetLocale, until } from './appTestSupport'

let wrapper: VueWrapper | undefined

async function mountField(props: Record<string, unknown>): Promise<VueWrapper> {
  wrapper = mount(DateField, { props: { label: '入党日期', testid: 'joined', ...props }, global: { plugins: [Vant, i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

/** The open sheet (teleported to <body>). */
const sheet = () => [...document.querySelectorAll<HTMLElement>('.van-popup')].find((p) => p.style.display !== 'none' && p.querySelector('.van-picker'))
const column = (i: number) => [...sheet()!.querySelectorAll<HTMLElement>('.van-picker-column')][i]!
const optionTexts = (i: number) => [...column(i).querySelectorAll('.van-picker-column__item')].map((el) => el.textContent?.trim())

async function open(w: VueWrapper): Promise<void> {
  await w.find('[data-testid="joined"]').trigger('click')
  await until(() => sheet() !== undefined)
}
async function choose(i: number, text: string): Promise<void> {
  const item = [...column(i).querySelectorAll<HTMLElement>('.van-picker-column__item')].find((el) => el.textContent?.trim() === text)
  expect(item, `option ${text} in column ${i}`).toBeDefined()
  item!.click()
  await flushPromises()
}

beforeEach(() => resetLocale())
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('DateField', () => {
  it('shows the date the Chinese way and takes a new one from the wheel', async () => {
    const w = await mountField({ modelValue: '2026-09-30' })
    expect((w.find('[data-testid="joined"] input').element as HTMLInputElement).value).toBe('2026年9月30日')
    await open(w)
    await choose(0, '2025')
    await choose(1, '03')
    await choose(2, '07')
    sheet()!.querySelector<HTMLElement>('.van-picker__confirm')!.click()
    await flushPromises()
    expect(w.emitted('update:modelValue')).toEqual([['2025-03-07']])
  })

  it('offers years decades back when asked, and none after today for a date that has happened', async () => {
    const w = await mountField({ yearsBack: 80, noFuture: true })
    await open(w)
    const years = optionTexts(0)
    const thisYear = new Date().getFullYear()
    expect(years[0]).toBe(String(thisYear - 80))
    expect(years.at(-1)).toBe(String(thisYear))
  })

  it('keeps a stored date outside the usual range on the wheel instead of clamping it', async () => {
    const w = await mountField({ modelValue: '1949-10-01', yearsBack: 10 })
    await open(w)
    expect(optionTexts(0)[0]).toBe('1949')
    sheet()!.querySelector<HTMLElement>('.van-picker__confirm')!.click()
    await flushPromises()
    expect(w.emitted('update:modelValue')).toEqual([['1949-10-01']])
  })

  it('empties an optional date only when it is clearable and has a value', async () => {
    const plain = await mountField({ modelValue: '2020-05-04' })
    await open(plain)
    expect(document.querySelector('[data-testid="joined-clear"]')).toBeNull()
    plain.unmount()
    document.body.innerHTML = ''

    const empty = await mountField({ modelValue: '', clearable: true })
    await open(empty)
    expect(document.querySelector('[data-testid="joined-clear"]')).toBeNull()
    empty.unmount()
    document.body.innerHTML = ''

    const w = await mountField({ modelValue: '2020-05-04', clearable: true })
    await open(w)
    const clear = document.querySelector<HTMLElement>('[data-testid="joined-clear"]')!
    expect(clear.textContent?.trim()).toBe('清空')
    clear.click()
    await flushPromises()
    expect(w.emitted('update:modelValue')).toEqual([['']])
  })

  it('passes attributes such as label-align to the field', async () => {
    const w = await mountField({ labelAlign: 'top' })
    expect(w.find('[data-testid="joined"]').classes()).toContain('van-field--label-top')
  })
})
