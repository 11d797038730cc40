import { describe, expect, it } from 'vitest'
import { makeRecord, openTestStore } from './helpers'

async function seeded() {
  const store = await openTestStore()
  const orgLife = makeRecord({
    kind: 'org-life-meeting',
    title: '2026年度组织生活会',
    date: '2026-12-20',
    sections: { problems: [{ member: '王志强', problem: '理论学习不够深入' }] },
  })
  const committee = makeRecord({
    title: '十月支委会',
    date: '2026-10-12',
    agenda: [{ id: 'a1', title: '第一议题：学习重要讲话精神', isFirstTopic: true, material: { title: '论党的自我革命' } }],
    summary: '会议要求抓好落实',
  })
  const lesson = makeRecord({ kind: 'party-lesson', title: '专题党课', date: '2026-11-05', speeches: [{ id: 's', speaker: '张建国', content: '讲述组织的历史' }] })
  const scattered = makeRecord({ title: '组织员培训', date: '2026-09-01', summary: '丰富生活' })
  for (const r of [orgLife, committee, lesson, scattered]) await store.saveRecord(r)
  return { store, orgLife, committee, lesson, scattered }
}

describe('searchRecords', () => {
  it('finds the org-life record by "组织生活", not records that only share its bigrams', async () => {
    const { store, orgLife } = await seeded()
    const found = await store.searchRecords('组织生活')
    expect(found.map((r) => r.id)).toEqual([orgLife.id])
  })

  it('finds agenda text ("第一议题") and text nested in kind sections', async () => {
    const { store, committee, orgLife } = await seeded()
    expect((await store.searchRecords('第一议题')).map((r) => r.id)).toEqual([committee.id])
    expect((await store.searchRecords('自我革命')).map((r) => r.id)).toEqual([committee.id])
    expect((await store.searchRecords('理论学习 王志强')).map((r) => r.id)).toEqual([orgLife.id])
  })

  it('a one-character query finds every record containing it, newest first', async () => {
    const { store, orgLife, lesson, scattered } = await seeded()
    expect((await store.searchRecords('课')).map((r) => r.id)).toEqual([lesson.id])
    const org = await store.searchRecords('织')
    expect(org.map((r) => r.id)).toEqual([orgLife.id, lesson.id, scattered.id])
  })

  it('returns nothing for no match or an empty query, and respects the limit', async () => {
    const { store } = await seeded()
    expect(await store.searchRecords('民主评议')).toEqual([])
    expect(await store.searchRecords('   ')).toEqual([])
    expect(await store.searchRecords('织', 2)).toHaveLength(2)
  })

  it('reflects edits and deletions', async () => {
    const { store, committee } = await seeded()
    await store.saveRecord({ ...committee, summary: '部署安全生产检查' })
    expect((await store.searchRecords('安全生产')).map((r) => r.id)).toEqual([committee.id])
    expect(await store.searchRecords('抓好落实')).toEqual([])
    await store.deleteRecord(committee.id)
    expect(await store.searchRecords('安全生产')).toEqual([])
  })
})
