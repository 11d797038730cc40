// listBranches: a branch's phone holds its one branch; a reviewer's device holds every branch the pull
// brought, and the review matrix needs all of them (getBranch only ever answers with one).
import { describe, expect, it } from 'vitest'
import { openSyncLocal } from '@/local/syncApply'
import { makeBranch, openTestStore, uniqueDbName } from './helpers'
import { openLocalStore } from '@/local/localStore'

describe('listBranches', () => {
  it('is empty before setup and holds the saved branch after', async () => {
    const store = await openTestStore()
    expect(await store.listBranches()).toEqual([])
    const branch = makeBranch({ id: 'b-own', name: '第一党支部' })
    await store.saveBranch(branch)
    expect(await store.listBranches()).toEqual([branch])
  })

  it('lists every branch a pull brought to a reviewer device', async () => {
    const dbName = uniqueDbName()
    const store = await openLocalStore({ dbName })
    const sync = openSyncLocal({ dbName })
    const change = (id: string, name: string, seq: number) => ({
      seq, entity: 'branch' as const, id, branchId: id, rev: 1, deleted: false, conflict: null, updatedAt: '2026-07-01T00:00:00.000Z',
      doc: { ...makeBranch({ id, name }) } as unknown as Record<string, unknown>,
    })
    await sync.applyPullPage({ changes: [change('b-1', '第一党支部', 1), change('b-2', '第二党支部', 2)], cursor: 2, hasMore: false }, false)
    const names = (await store.listBranches()).map((b) => b.name).sort()
    expect(names).toEqual(['第一党支部', '第二党支部'])
    sync.close()
    store.close()
  })
})
