// @vitest-environment happy-dom
// The check page and its Word report on the seeded third quarter of a 23-member branch
// (tests/unit/check/seededQuarter.ts): the checker's sentences on screen, grouped headings in the report.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import CheckPage from '@/app/pages/CheckPage.vue'
import { useCheckStore } from '@/app/stores/check'
import { cleanUp, resetLocale, until, type Mounted } from './appTestSupport'
import { mountCheck, openCheckWorld, type CheckWorld } from './checkTestSupport'
import { SEED_BRANCH, SEED_MEMBERS, SEED_RECORDS } from '../unit/check/seededQuarter'

const PAGES = { check: CheckPage, 'check-quarter': CheckPage }

describe('CheckPage on the seeded third quarter', () => {
  let world: CheckWorld
  let mounted: Mounted | undefined

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-10-20T02:00:00.000Z'))
    await resetLocale()
    world = await openCheckWorld()
    await world.store.saveBranch(SEED_BRANCH)
    await world.store.saveMembers(SEED_MEMBERS)
    for (const r of SEED_RECORDS) await world.store.saveRecord(r)
  })
  afterEach(() => {
    cleanUp(mounted)
    mounted = undefined
    world.close()
    vi.useRealTimers()
  })

  it('shows each finding in the checker’s words with its heading, and the report groups them as a feedback', async () => {
    mounted = await mountCheck('/check/2026/3', PAGES)
    const { wrapper } = mounted
    await until(() => wrapper.findAll('[data-testid="finding"]').length > 0, 5000)
    for (const severity of ['error', 'warning', 'info']) {
      const more = wrapper.find(`[data-testid="findings-more-${severity}"]`)
      if (more.exists()) await more.trigger('click')
    }
    const findings = wrapper.findAll('[data-testid="finding"]')
    expect(findings).toHaveLength(19)
    const text = (code: string) => findings.filter((f) => f.attributes('data-code') === code).map((f) => f.find('.finding__message').text())
    expect(text('missing-meeting')).toEqual([
      '会议召开第三季度未召开意识形态工作研判',
      '会议召开第二、三党小组7—9月未召开党小组会',
      '会议召开9月未召开主题党日',
    ])
    expect(text('similar-content')).toEqual(['记录规范与7月25日支部党员大会记录内容雷同'])
    expect(wrapper.find('[data-testid="finding-similarity"]').text()).toBe('相似度 100%')
    expect(text('org-life-excused')).toHaveLength(4)
    expect(text('org-life-excused').every((t) => !t.includes('自行脱党'))).toBe(true)
    expect(text('no-org-life')).toHaveLength(1)
    expect(text('no-org-life')[0]).toContain('高明没有正当理由，已连续6个月未参加党的组织生活')
    expect(wrapper.text()).not.toContain('第3季度')
    // The quarter's records are those counted for it: the late 第二季度研判 of 8 July is the second quarter's.
    const listed = wrapper.findAll('[data-testid="quarter-record"]').map((r) => r.text())
    expect(listed).toHaveLength(21)
    expect(listed.some((t) => t.includes('第二季度意识形态工作研判'))).toBe(false)

    const file = await useCheckStore().exportReport()
    const xml = strFromU8(unzipSync(new Uint8Array(await file.blob.arrayBuffer()))['word/document.xml']!)
    const paragraphs = xml.split('</w:p>').map((p) => p.replace(/<[^>]+>/g, '')).filter((p) => p.trim())
    expect(paragraphs.filter((p) => /^（[一二三四]）/.test(p))).toEqual(['（一）会议召开（3项）', '（二）记录规范（3项）', '（三）组织生活参加（10项）', '（四）谈心谈话（3项）'])
    expect(paragraphs).toContain('2. 第二、三党小组7—9月未召开党小组会')
    expect(paragraphs).toContain('3. 9月16日《党小组会》：与7月25日支部党员大会记录内容雷同（提醒）')
  })
  it('shows the late 第二季度研判 in the second quarter, counted and flagged as late', async () => {
    mounted = await mountCheck('/check/2026/2', PAGES)
    const { wrapper } = mounted
    await until(() => wrapper.find('[data-testid="requirement"][data-rule="kind:ideology-review"]').exists(), 5000)
    expect(wrapper.find('[data-testid="requirement"][data-rule="kind:ideology-review"]').attributes()).toMatchObject({ 'data-held': '1', 'data-due': '0' })
    const more = wrapper.find('[data-testid="findings-more-warning"]')
    if (more.exists()) await more.trigger('click')
    expect(wrapper.findAll('[data-testid="finding"][data-code="late-meeting"]').map((f) => f.find('.finding__message').text())).toEqual(['会议召开第二季度意识形态工作研判延至7月8日召开，逾期8天'])
    expect(wrapper.findAll('[data-testid="quarter-record"]').some((r) => r.text().includes('第二季度意识形态工作研判'))).toBe(true)
  })
})
