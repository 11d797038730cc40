// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BranchRecord, Member } from '@/domain/types'
import { newRecord } from '@/domain/recordFactory'
import type { LocalStore } from '@/local/contract'
import { buildSnippet, splitMatches } from '@/app/components/records/recordSnippet'
import BooksPage from '@/app/pages/BooksPage.vue'
import BookPage from '@/app/pages/BookPage.vue'
import RecordViewPage from '@/app/pages/RecordViewPage.vue'
import SearchPage from '@/app/pages/SearchPage.vue'
import { bodyText, cleanUp, confirmDialog, freshLocalStore, makeBranch, makeMember, mountAt, resetLocale, until, type Mounted } from './appTestSupport'

const YEAR = new Date().getFullYear()

function record(kind: string, members: Member[], patch: Partial<BranchRecord>): BranchRecord {
  const date = patch.date ?? `${YEAR}-01-10`
  const doc = newRecord(kind, { branch: { id: 'branch-1' }, members, now: `${date}T02:00:00.000Z` })
  return { ...doc, status: 'final', finishedAt: `${date}T08:00:00.000Z`, ...patch }
}

describe('recordSnippet', () => {
  const base = newRecord('committee-meeting', { branch: { id: 'b' }, members: [], now: '2026-05-12T02:00:00.000Z' })

  it('cuts the text around the first match and marks every occurrence', () => {
    const doc = { ...base, summary: '会议要求，各党小组要在月底前完成转正材料的整理，转正程序必须严格。' }
    const snippet = buildSnippet(doc, '转正')
    expect(snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['转正', '转正'])
    expect(snippet.map((s) => s.text).join('')).toContain('完成转正材料')
  })

  it('matches Latin text case-insensitively and keeps the original case', () => {
    expect(splitMatches('Study of the PPT slides', ['ppt'])).toEqual([
      { text: 'Study of the ', match: false },
      { text: 'PPT', match: true },
      { text: ' slides', match: false },
    ])
  })

  it('falls back to the two-character pieces a bigram search matched', () => {
    const doc = { ...base, place: '三楼党员活动室' }
    const snippet = buildSnippet(doc, '党员室')
    expect(snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['党员'])
  })

  it('shows the beginning of the record when nothing visible matches, and nothing for an empty query', () => {
    const doc = { ...base, summary: '按计划推进工作' }
    expect(buildSnippet(doc, '   ')).toEqual([])
    const snippet = buildSnippet(doc, '完全无关')
    expect(snippet.every((s) => !s.match)).toBe(true)
  })
})

describe('record books, search and the record page', () => {
  let store: LocalStore
  let mounted: Mounted | undefined
  let members: Member[]

  beforeEach(async () => {
    await resetLocale()
    store = await freshLocalStore()
    await store.saveBranch(makeBranch({ name: '第一党支部' }))
    members = [
      makeMember({ name: '王建国', committeeRole: 'secretary' }),
      makeMember({ name: '李晓梅', committeeRole: 'organization' }),
      makeMember({ name: '张志强', committeeRole: 'publicity' }),
      makeMember({ name: '赵大勇' }),
    ]
    await store.saveMembers(members)
  })
  afterEach(() => {
    cleanUp(mounted)
    mounted = undefined
  })

  it('the shelf shows one book per kind with this year’s count', async () => {
    await store.saveRecord(record('committee-meeting', members, { title: '一月支委会', date: `${YEAR}-01-10` }))
    await store.saveRecord(record('committee-meeting', members, { title: '二月支委会', date: `${YEAR}-02-10` }))
    await store.saveRecord(record('general-meeting', members, { title: '一季度党员大会', date: `${YEAR}-03-01` }))
    await store.saveRecord(record('general-meeting', members, { title: '去年的大会', date: `${YEAR - 1}-12-01` }))
    mounted = await mountAt('/books', { books: BooksPage })
    await until(() => mounted!.wrapper.find('[data-testid="book-committee-meeting"]').text().includes('本年 2 条'))
    expect(mounted.wrapper.find('[data-testid="book-committee-meeting"]').text()).toContain('支委会记录本')
    expect(mounted.wrapper.find('[data-testid="book-general-meeting"]').text()).toContain('本年 1 条')
    expect(mounted.wrapper.find('[data-testid="book-party-lesson"]').text()).toContain('本年 0 条')
  })

  it('a book lists its records newest first, by quarter, with 草稿 and 补记 marks', async () => {
    const q1 = record('committee-meeting', members, { title: '一月支委会', date: `${YEAR}-01-10` })
    const q2 = record('committee-meeting', members, { title: '四月支委会', date: `${YEAR}-04-08` })
    // Entered on the 20th for a meeting on 5 May: 补记.
    const late = record('committee-meeting', members, { title: '五月支委会', date: `${YEAR}-05-05`, createdAt: `${YEAR}-05-20T02:00:00.000Z` })
    const other = record('general-meeting', members, { title: '党员大会', date: `${YEAR}-04-01` })
    for (const r of [q1, q2, late, other]) await store.saveRecord(r)
    // A new record never finished lives only as a draft.
    const draft = newRecord('committee-meeting', { branch: { id: 'branch-1' }, members, now: `${YEAR}-06-02T02:00:00.000Z` })
    await store.saveDraft({ ...draft, title: '六月支委会（未完成）' })

    mounted = await mountAt('/books/committee-meeting', { book: BookPage })
    const { wrapper } = mounted
    const titles = () => wrapper.findAll('[data-testid^="book-entry-"]').map((e) => e.find('.entry__title').text())
    await until(() => titles().length === 4)
    expect(titles()).toEqual(['六月支委会（未完成）', '五月支委会', '四月支委会', '一月支委会'])
    expect(wrapper.find(`[data-testid="book-entry-${draft.id}"]`).text()).toContain('草稿')
    expect(wrapper.find(`[data-testid="book-entry-${late.id}"]`).text()).toContain('补记')
    expect(wrapper.find(`[data-testid="book-entry-${q2.id}"]`).text()).not.toContain('补记')
    expect(wrapper.find(`[data-testid="book-entry-${q2.id}"]`).text()).toMatch(/待同步|仅本机/)

    // 二季度 only.
    await wrapper.findAll('.van-tab')[2]!.trigger('click')
    await until(() => titles().length === 3 && !titles().includes('一月支委会'))
    expect(titles()).toEqual(['六月支委会（未完成）', '五月支委会', '四月支委会'])

    // The year before: nothing.
    await wrapper.find('[data-testid="year-prev"]').trigger('click')
    await until(() => wrapper.find('[data-testid="book-empty"]').exists())
    expect(wrapper.find('[data-testid="year-value"]').text()).toBe(`${YEAR - 1}年`)

    // Opening a draft-only entry goes to the editor, a record to its page.
    await wrapper.find('[data-testid="year-next"]').trigger('click')
    await until(() => titles().length === 3)
    await wrapper.find(`[data-testid="book-entry-${draft.id}"]`).trigger('click')
    await until(() => mounted!.router.currentRoute.value.name === 'record-edit')
    expect(mounted.router.currentRoute.value.params.id).toBe(draft.id)
  })

  it('search shows where the words are, marks them, and renders user text as text', async () => {
    const hit = record('committee-meeting', members, {
      title: '研究转正事宜<img src=x onerror="window.__pwned=1">',
      date: `${YEAR}-04-08`,
      summary: '同意张志强同志按期转正，报党委审批。',
    })
    await store.saveRecord(hit)
    await store.saveRecord(record('committee-meeting', members, { title: '学习会', date: `${YEAR}-04-09`, summary: '学习党章' }))
    mounted = await mountAt('/search', { search: SearchPage })
    const { wrapper } = mounted
    expect(wrapper.find('[data-testid="search-hint"]').exists()).toBe(true)

    await wrapper.find('[data-testid="search-input"] input').setValue('转正')
    await until(() => wrapper.find(`[data-testid="search-result-${hit.id}"]`).exists())
    const result = wrapper.find(`[data-testid="search-result-${hit.id}"]`)
    expect(wrapper.findAll('[data-testid^="search-result-"]')).toHaveLength(1)
    expect(result.text()).toContain('支部委员会会议')
    expect(result.findAll('mark').map((m) => m.text())).toContain('转正')
    expect(result.text()).toContain('<img src=x onerror="window.__pwned=1">')
    expect(result.find('img').exists()).toBe(false)
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined()

    await wrapper.find('[data-testid="search-input"] input').setValue('不存在的词语')
    await until(() => wrapper.find('[data-testid="search-empty"]').exists())
    expect(wrapper.find('[data-testid="search-empty"]').text()).toContain('没有找到包含“不存在的词语”的记录')
  })

  it('a record held late for the previous quarter says on its page which period it is for', async () => {
    const doc = record('ideology-review', members, { title: '第二季度意识形态工作研判', date: `${YEAR}-07-08`, period: `${YEAR}-Q2` })
    await store.saveRecord(doc)
    mounted = await mountAt(`/records/${doc.id}`, { record: RecordViewPage, book: { template: '<div>book</div>' } })
    await until(() => mounted!.wrapper.find('[data-testid="record-paper"]').exists())
    expect(mounted.wrapper.find('[data-testid="paper-period"]').text()).toBe(`所属期间${YEAR}年第二季度`)
  })

  it('the record page is laid out like the paper book, and 删除 leaves a tombstone after confirming', async () => {
    const [a, b, c, d] = members
    const doc = record('committee-meeting', members, {
      title: '第5次支委会',
      date: `${YEAR}-05-12`,
      startTime: '14:30',
      endTime: '16:00',
      place: '三楼党员活动室',
      chair: '王建国',
      recorder: '李晓梅',
      attendance: [
        { memberId: a!.id, name: a!.name, status: 'present' },
        { memberId: b!.id, name: b!.name, status: 'present' },
        { memberId: c!.id, name: c!.name, status: 'absent', reason: '出差' },
        { memberId: d!.id, name: d!.name, status: 'observer' },
      ],
      guests: [{ name: '刘红', role: '机关党委组织委员' }],
      speeches: [{ id: 's1', speaker: '王建国', content: '<script>alert(1)</script>要把学习成果转化为工作成效。' }],
      decisions: [{ id: 'd1', text: '同意上报', rule: 'committee', yes: 2, no: 0, abstain: 0 }],
      summary: '按时完成。',
      ended: true,
    })
    await store.saveRecord(doc)
    mounted = await mountAt(`/records/${doc.id}`, { record: RecordViewPage, book: { template: '<div>book</div>' } })
    const { wrapper } = mounted
    await until(() => wrapper.find('[data-testid="record-paper"]').exists())
    const paper = wrapper.find('[data-testid="record-paper"]')
    expect(paper.find('table').text()).toContain('三楼党员活动室')
    expect(paper.text()).toContain('14:30—16:00')
    expect(wrapper.find('[data-testid="paper-expected"]').text()).toBe('3人')
    expect(wrapper.find('[data-testid="paper-actual"]').text()).toBe('2人')
    expect(wrapper.find('[data-testid="paper-absent"]').text()).toBe('张志强（出差）')
    expect(paper.text()).toContain('刘红（机关党委组织委员）')
    expect(paper.text()).toContain('同意2票，反对0票，弃权0票')
    expect(wrapper.find('[data-testid="paper-ended"]').text()).toBe('散会。')
    expect(paper.text()).toContain('<script>alert(1)</script>')
    expect(paper.find('script').exists()).toBe(false)
    expect(paper.text()).toMatch(/创建于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    // A committee meeting: 2 of 3 committee members present is a quorum, so no warning.
    expect(wrapper.find('[data-testid="record-warnings"]').exists()).toBe(false)
    // Counted by its date: no 所属期间 line.
    expect(wrapper.find('[data-testid="paper-period"]').exists()).toBe(false)

    await wrapper.find('[data-testid="record-delete"]').trigger('click')
    await until(() => bodyText().includes('删除这条记录？'))
    await confirmDialog()
    await until(() => mounted!.router.currentRoute.value.name === 'book')
    expect(await store.listRecords({ kind: 'committee-meeting' })).toHaveLength(0)
    const tomb = await store.getRecord(doc.id)
    expect(tomb === undefined || tomb.deleted === true).toBe(true)
  })
})
