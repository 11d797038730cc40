// @vitest-environment happy-dom
// The confirmation screen after pasting a report: what was read is shown, and the person fixes the
// parse before saving — edits titles, splits and merges findings, moves a line between finding, measure
// and unplaced. What is emitted on saving is checked exactly.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Vant from 'vant'
import { i18n, setLocale } from '@/app/i18n'
import FeedbackConfirmation from '@/app/components/rectification/FeedbackConfirmation.vue'
import { parseFeedback } from '@/domain/rectification/feedbackParser'
import { confirmedFromParsed, inspectionFieldsFromParsed, type ConfirmedStructure } from '@/domain/rectification/pastedLedger'

const text = readFileSync(join(process.cwd(), 'tests', 'fixtures', 'report-sample.txt'), 'utf8')
const parsed = parseFeedback(text)

let wrapper: VueWrapper | undefined

beforeEach(async () => {
  await setLocale('zh-CN')
  wrapper = mount(FeedbackConfirmation, { props: { parsed }, global: { plugins: [Vant, i18n] }, attachTo: document.body })
  await flushPromises()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const w = () => wrapper as VueWrapper
const findings = () => w().findAll('[data-testid="confirm-finding"]')
const titles = () => w().findAll('[data-testid="confirm-finding-title"] textarea').map((t) => (t.element as HTMLTextAreaElement).value)

async function choose(name: string): Promise<void> {
  await flushPromises()
  const item = [...document.body.querySelectorAll<HTMLElement>('.van-action-sheet__item')].find((el) => el.textContent?.includes(name))
  if (!item) throw new Error(`no action "${name}" in ${[...document.body.querySelectorAll('.van-action-sheet__item')].map((e) => e.textContent).join(' | ')}`)
  item.click()
  await flushPromises()
}

/** The measure button of finding `f` (0-based, across categories), measure `m`. */
async function measureActions(f: number, m: number): Promise<void> {
  await findings()[f]!.findAll('[data-testid="confirm-measure-actions"]')[m]!.trigger('click')
}

async function saved(): Promise<ConfirmedStructure | undefined> {
  await w().find('[data-testid="confirm-save"]').trigger('click')
  await flushPromises()
  const events = w().emitted('confirm') as [ConfirmedStructure, unknown][] | undefined
  return events?.at(-1)?.[0]
}

const shape = (s: ConfirmedStructure | undefined) => s?.categories.map((c) => [c.title, c.findings.map((f) => [f.title, (f.measures ?? []).map((m) => m.text)])])

describe('FeedbackConfirmation on a pasted report', () => {
  it('shows what was read: counts, the inspection facts, the repaired numbers, measures numbered 一是 only when several', () => {
    expect(w().find('[data-testid="confirm-counts"]').text()).toBe('3 个问题类别 · 9 个问题 · 19 项措施')
    const facts = w().findAll('[data-testid="confirm-fact"]').map((d) => d.text())
    expect(facts).toEqual([
      '县委第三巡察组', '县委', '原县农牧局党组', '2024-03-04 至 2024-04-19', '2024-06-12',
      '2024年5月30日，县委机构编制委员会将原县农牧局与县扶贫开发服务中心职责整合，组建县农业农村局，不再保留县农牧局。',
      '县农业农村局', '中共云岭县农业农村局党组', '2024-11-05', '0000-7654321', '云岭县农业农村局办公室', 'ylxnync@example.cn',
      '截至2024年10月31日，巡察反馈的9个问题已整改完成8个，正在整改1个，整改完成率88.9%。对已完成的整改任务，我们将适时组织“回头看”，巩固整改成果。',
    ])
    expect(w().findAll('[data-testid="confirm-notice"]').map((n) => n.text())).toEqual([
      '第21行：这个问题没有编号，已按格式识别为本类第2个问题',
      '第23行：编号2与顺序不符，已按顺序排为第3个',
      '第25行：编号2重复，已按顺序排为第4个',
    ])
    // Numbering restarts in each category, as the report numbers them.
    expect(findings().map((f) => f.find('.finding-no').text())).toEqual(['1.', '2.', '3.', '1.', '2.', '1.', '2.', '3.', '4.'])
    expect(findings()[0]!.findAll('.measure-no').map((n) => n.text())).toEqual(['一是', '二是', '三是'])
    expect(findings()[1]!.findAll('.measure-no').map((n) => n.text())).toEqual(['措施'])
    expect(w().find('[data-testid="confirm-unplaced"]').exists()).toBe(false)
  })

  it('saves exactly what was read, with the facts for the inspection', async () => {
    const s = await saved()
    expect(s).toEqual(confirmedFromParsed(parsed))
    expect((w().emitted('confirm') as unknown[][])[0]?.[1]).toEqual(inspectionFieldsFromParsed(parsed))
  })

  it('edits a finding title and a category title', async () => {
    await w().findAll('[data-testid="confirm-finding-title"] textarea')[1]!.setValue('落实粮食安全党政同责有差距')
    await w().findAll('[data-testid="confirm-category-title"] textarea')[1]!.setValue('群众身边不正之风和腐败问题方面')
    const s = await saved()
    expect(s?.categories[0]?.findings[1]?.title).toBe('落实粮食安全党政同责有差距')
    expect(s?.categories[1]?.title).toBe('群众身边不正之风和腐败问题方面')
  })

  it('splits a finding at a measure and merges it back', async () => {
    // Finding 6 (“三会一课”…): its third measure becomes the title of a new finding.
    await measureActions(5, 2)
    await choose('从这里拆出新问题')
    expect(findings()).toHaveLength(10)
    expect(titles()[6]).toBe('支部书记每季度对本支部会议记录进行检查签字')
    expect(findings()[5]!.findAll('[data-testid="confirm-measure"]')).toHaveLength(2)
    expect(findings()[6]!.findAll('[data-testid="confirm-measure"]')).toHaveLength(0)
    await findings()[6]!.find('[data-testid="confirm-finding-actions"]').trigger('click')
    await choose('并入上一个问题')
    expect(findings()).toHaveLength(9)
    expect(shape(await saved())).toEqual(shape(confirmedFromParsed(parsed)))
  })

  it('moves a measure to unplaced and places it under another finding', async () => {
    await measureActions(0, 1) // 8月14日召开中心组专题研讨会…
    await choose('移到')
    const lines = w().findAll('[data-testid="unplaced-line"]')
    expect(lines.map((l) => l.text())).toEqual([expect.stringContaining('8月14日召开中心组专题研讨会')])
    await lines[0]!.find('[data-testid="unplaced-add"]').trigger('click')
    await choose('作为措施加入某个问题')
    await choose('类别1 · 3. 意识形态工作责任制落实不到位')
    expect(w().find('[data-testid="confirm-unplaced"]').exists()).toBe(false)
    const s = await saved()
    expect(s?.categories[0]?.findings[0]?.measures?.map((m) => m.text)).toEqual([
      '修订《县农业农村局党组理论学习中心组学习制度》，明确每月集中学习不少于1次，2024年7月以来已开展集中学习5次',
      '建立学习台账，专人记录学习内容、参学人员和研讨发言',
    ])
    expect(s?.categories[0]?.findings[2]?.measures?.map((m) => m.text).at(-1)).toBe('8月14日召开中心组专题研讨会，围绕乡村振兴重点任务，班子成员逐一交流发言，形成调研课题4项')
  })

  it('moves a finding to unplaced (its measures join the finding before) and adds it back as a finding', async () => {
    await findings()[6]!.find('[data-testid="confirm-finding-actions"]').trigger('click') // 组织生活会质量不高
    await choose('移到')
    expect(findings()).toHaveLength(8)
    expect(findings()[5]!.findAll('[data-testid="confirm-measure"]')).toHaveLength(5)
    await w().find('[data-testid="unplaced-add"]').trigger('click')
    await choose('作为问题加入某个类别')
    await choose('基层党组织建设方面')
    const s = await saved()
    expect(s?.categories[2]?.findings.map((f) => f.title)).toEqual([
      '“三会一课”制度落实不严格', '发展党员程序不规范', '党员教育管理不到位，个别党员长期不参加组织生活', '组织生活会质量不高',
    ])
    // Nothing was dropped: 19 measures still.
    expect(s?.categories.flatMap((c) => c.findings).flatMap((f) => f.measures ?? [])).toHaveLength(19)
  })

  it('does not save a finding without a title: it says which one and scrolls to it', async () => {
    const scrolledTo: Element[] = []
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolledTo.push(this)
    }
    await w().findAll('[data-testid="confirm-finding-title"] textarea')[7]!.setValue('  ')
    expect(await saved()).toBeUndefined()
    expect(w().find('[data-testid="confirm-missing"]').text()).toBe('还需要填写：类别3第3个问题')
    expect(scrolledTo.map((e) => e.getAttribute('data-testid'))).toEqual(['confirm-finding'])
    expect(scrolledTo[0]?.textContent).toContain('对近五年发展党员档案逐一排查')
  })
})
