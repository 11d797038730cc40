import { describe, expect, it } from 'vitest'
import type { Change } from '@/domain/protocol'
import type { BranchRecord } from '@/domain/types'
import { openBranchRecordsDB } from '@/local/db'
import { openLocalStore } from '@/local/localStore'
import { openSyncLocal } from '@/local/syncApply'
import { makeRecord, openTestStore, uniqueDbName } from './helpers'

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

/** A pulled change as the server sends it (deletion as a flag, never inside the document). */
function pulled(doc: BranchRecord, seq: number, rev: number, deleted = false): Change {
  const { deleted: _deleted, ...body } = doc
  return { seq, entity: 'record', id: doc.id, branchId: doc.branchId, rev, doc: body as unknown as Change['doc'], deleted, conflict: null, updatedAt: doc.updatedAt }
}

describe('searchRecords sees writes made elsewhere (its texts are cached between searches)', () => {
  it('finds what another tab saved and stops finding what it deleted', async () => {
    const dbName = uniqueDbName()
    const here = await openLocalStore({ dbName })
    const otherTab = await openLocalStore({ dbName })
    const record = makeRecord({ title: '主题党日', summary: '参观红色教育基地' })
    await here.saveRecord(record)
    expect((await here.searchRecords('红色教育')).map((r) => r.id)).toEqual([record.id])
    const other = makeRecord({ title: '另一个标签页保存的', summary: '红色教育专题' })
    await otherTab.saveRecord(other)
    expect((await here.searchRecords('红色教育')).map((r) => r.id).sort()).toEqual([record.id, other.id].sort())
    await otherTab.deleteRecord(record.id)
    expect((await here.searchRecords('红色教育')).map((r) => r.id)).toEqual([other.id])
    // This instance's own edit after the other tab's writes: its cache must not miss either.
    await otherTab.saveRecord({ ...other, summary: '改成了别的内容' })
    await here.saveRecord(makeRecord({ title: '本机', summary: '红色教育再学习' }))
    expect((await here.searchRecords('红色教育')).map((r) => r.title)).toEqual(['本机'])
    here.close()
    otherTab.close()
  })

  it('finds pulled records, follows pulled edits and tombstones, and keeps push answers searchable', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    const sync = openSyncLocal({ dbName })
    expect(await store.searchRecords('垃圾分类')).toEqual([])
    const a = makeRecord({ title: '垃圾分类宣传', date: '2026-05-01' })
    const b = makeRecord({ title: '志愿服务', date: '2026-06-01', summary: '垃圾分类入户' })
    await sync.applyPullPage({ changes: [pulled(a, 1, 1), pulled(b, 2, 1)], cursor: 2, hasMore: false }, false)
    expect((await store.searchRecords('垃圾分类')).map((r) => r.id)).toEqual([b.id, a.id])
    await sync.applyPullPage({ changes: [pulled({ ...b, summary: '整理档案' }, 3, 2), pulled(a, 4, 2, true)], cursor: 4, hasMore: false }, false)
    expect(await store.searchRecords('垃圾分类')).toEqual([])
    expect((await store.searchRecords('整理档案')).map((r) => r.id)).toEqual([b.id])

    // Pushed as saved: the answer rewrites only the sync metadata, and the record is still found.
    const c = makeRecord({ title: '党费收缴', date: '2026-07-01' })
    await store.saveRecord(c)
    const [mutation] = await sync.nextPushBatch(10)
    await sync.applyPushResults([{ mutationId: mutation!.mutationId, status: 'applied', rev: 1, merged: false }])
    expect(await store.searchRecords('党费收缴')).toMatchObject([{ id: c.id, syncState: 'synced' }])
    // Merged by the server with someone else's edit: the device takes the head, and search follows.
    await store.saveRecord({ ...c, summary: '本机补充' })
    const [second] = await sync.nextPushBatch(10)
    const head = { ...c, summary: '本机补充', place: '服务器上改的会议室' }
    await sync.applyPushResults([{ mutationId: second!.mutationId, status: 'applied', rev: 2, merged: true, doc: head as unknown as Change['doc'] & object }])
    expect((await store.searchRecords('服务器上改的')).map((r) => r.id)).toEqual([c.id])
    sync.close()
    store.close()
  })
})

describe('listRecords sync states', () => {
  it('gives every record of a long list and of a short one its own state', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    const sync = openSyncLocal({ dbName })
    const saved = Array.from({ length: 110 }, (_, i) => makeRecord({ title: `第${i}次`, date: `2026-0${1 + (i % 9)}-10` }))
    for (const doc of saved) await store.saveRecord(doc)
    const fromServer = makeRecord({ kind: 'party-lesson', title: '服务器来的党课', date: '2026-02-02' })
    await sync.applyPullPage({ changes: [pulled(fromServer, 1, 1)], cursor: 1, hasMore: false }, false)
    await sync.markEntityError('record', saved[0]!.id, '附件太大')
    // Written without sync metadata (as an old backup tool might have): 'local-only'.
    const bare = makeRecord({ kind: 'party-lesson', title: '没有同步信息', date: '2026-03-03' })
    const db = await openBranchRecordsDB(dbName)
    await db.put('records', { id: bare.id, kind: bare.kind, date: bare.date, doc: bare })
    db.close()

    const long = await store.listRecords({})
    expect(long).toHaveLength(112)
    const stateOf = new Map(long.map((item) => [item.id, item.syncState]))
    expect(stateOf.get(fromServer.id)).toBe('synced')
    expect(stateOf.get(bare.id)).toBe('local-only')
    expect(stateOf.get(saved[0]!.id)).toBe('error')
    expect(stateOf.get(saved[1]!.id)).toBe('pending')
    const short = await store.listRecords({ kind: 'party-lesson' })
    expect(short.map((item) => [item.id, item.syncState])).toEqual([
      [bare.id, 'local-only'],
      [fromServer.id, 'synced'],
    ])
    sync.close()
    store.close()
  })
})
