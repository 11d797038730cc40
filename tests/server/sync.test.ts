// The sync server against SQLite and against a real PostgreSQL: the same suite, both storages.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Mutation, MutationResult, PullResponse, PushResponse, RevisionEntry } from '@/domain/protocol'
import { sampleRecord } from './helpers/sampleDocs'
import { makeWorld, storageTargets, tableCounts, type World } from './helpers/world'

type Doc = Record<string, unknown>

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake png body for tests')])
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

for (const target of storageTargets()) {
  describe.skipIf(target.skipReason !== null)(`sync server on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let w: World
    let counter = 0
    const nextId = (p: string): string => `${p}-${++counter}`

    beforeAll(async () => {
      w = await makeWorld(await target.create())
    })
    afterAll(async () => {
      await w?.close()
      await target.destroy()
    })

    async function push(mutations: Mutation[], token = w.users.secretary.token, deviceId = 'device-a') {
      return w.request({ method: 'POST', url: '/api/sync/push', token, payload: { deviceId, mutations } })
    }
    async function pushOk(mutations: Mutation[], token?: string, deviceId?: string): Promise<MutationResult[]> {
      const res = await push(mutations, token, deviceId)
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as PushResponse).results
    }
    async function pullAll(token = w.users.secretary.token, query = ''): Promise<PullResponse['changes']> {
      const out: PullResponse['changes'] = []
      let cursor = 0
      for (;;) {
        const res = await w.request({ method: 'GET', url: `/api/sync/pull?cursor=${cursor}&limit=50${query}`, token })
        expect(res.statusCode, res.body).toBe(200)
        const page = res.json() as PullResponse
        out.push(...page.changes)
        cursor = page.cursor
        if (!page.hasMore) return out
      }
    }
    async function revisions(id: string, entity = 'record'): Promise<RevisionEntry[]> {
      const res = await w.request({ method: 'GET', url: `/api/entities/${entity}/${id}/revisions`, token: w.users.secretary.token })
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as { revisions: RevisionEntry[] }).revisions
    }
    async function newRecord(over: Doc = {}): Promise<{ id: string; doc: Doc }> {
      const id = nextId('rec')
      const doc = { ...sampleRecord({ id, branchId: w.branches.a1 }), ...over } as unknown as Doc
      const [r] = await pushOk([{ mutationId: nextId('mut'), entity: 'record', id, baseRev: 0, doc }])
      expect(r).toMatchObject({ status: 'applied', rev: 1 })
      return { id, doc }
    }

    test('health says which storage is in use', async () => {
      const res = await w.request({ method: 'GET', url: '/api/health' })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ status: 'ok', version: expect.any(String), storage: target.name })
      expect(res.headers['content-security-policy']).toContain("default-src 'self'")
      expect(res.headers['x-content-type-options']).toBe('nosniff')
    })

    test('push then pull round trip, and an empty page after the cursor', async () => {
      const { id, doc } = await newRecord()
      const changes = await pullAll()
      const mine = changes.find((c) => c.id === id)
      expect(mine).toMatchObject({ entity: 'record', branchId: w.branches.a1, rev: 1, deleted: false, conflict: null, doc })
      // The branch's own settings entity came with the first pull too.
      expect(changes.some((c) => c.entity === 'branch' && c.id === w.branches.a1)).toBe(true)
      const last = changes.at(-1)!.seq
      const after = await w.request({ method: 'GET', url: `/api/sync/pull?cursor=${last}`, token: w.users.secretary.token })
      expect(after.json()).toEqual({ changes: [], cursor: last, hasMore: false })
    })

    test('an empty push answers an empty list and stores nothing', async () => {
      const before = await tableCounts(w.storage)
      expect(await pushOk([])).toEqual([])
      expect(await tableCounts(w.storage)).toEqual(before)
    })

    test('a retried push returns the stored result and writes nothing twice', async () => {
      const id = nextId('rec')
      const m: Mutation = { mutationId: nextId('mut'), entity: 'record', id, baseRev: 0, doc: sampleRecord({ id, branchId: w.branches.a1 }) as unknown as Doc }
      const first = await pushOk([m])
      const before = await tableCounts(w.storage)
      const again = await pushOk([m], undefined, 'device-a')
      expect(again).toEqual(first)
      expect(await tableCounts(w.storage)).toEqual(before)
      expect(await revisions(id)).toHaveLength(1)
    })

    test('the same mutationId with a different body is refused with 409 and changes nothing', async () => {
      const { id, doc } = await newRecord()
      const m: Mutation = { mutationId: nextId('mut'), entity: 'record', id, baseRev: 1, doc: { ...doc, title: '第一次' } }
      await pushOk([m])
      const before = await tableCounts(w.storage)
      const res = await push([{ ...m, doc: { ...doc, title: '另一个标题' } }])
      expect(res.statusCode).toBe(409)
      expect(res.json()).toMatchObject({ error: 'mutation-id-reused', details: [m.mutationId] })
      expect(await tableCounts(w.storage)).toEqual(before)
    })

    test('one push changing the same record several times: each mutation sees the ones before it', async () => {
      const id = nextId('rec')
      const doc = sampleRecord({ id, branchId: w.branches.a1 }) as unknown as Doc
      const results = await pushOk([
        { mutationId: nextId('mut'), entity: 'record', id, baseRev: 0, doc },
        { mutationId: nextId('mut'), entity: 'record', id, baseRev: 1, doc: { ...doc, title: '第二版标题' } },
        // Stale on a revision stored earlier in this push, then stale on the one just written.
        { mutationId: nextId('mut'), entity: 'record', id, baseRev: 1, doc: { ...doc, place: '三楼会议室' } },
        { mutationId: nextId('mut'), entity: 'record', id, baseRev: 2, doc: { ...doc, title: '第二版标题', summary: '第四次的总结' } },
      ])
      expect(results.map((r) => [r.status, 'rev' in r ? r.rev : null])).toEqual([['applied', 1], ['applied', 2], ['applied', 3], ['applied', 4]])
      expect(results.slice(2).every((r) => r.status === 'applied' && r.merged)).toBe(true)
      const head = (await pullAll()).find((c) => c.id === id)!
      expect(head).toMatchObject({ rev: 4, doc: { title: '第二版标题', place: '三楼会议室', summary: '第四次的总结' } })
      expect((await revisions(id)).map((r) => r.rev)).toEqual([1, 2, 3, 4])
      // A stale base stored by an earlier push (read with the heads, before any mutation is applied).
      const [later] = await pushOk([{ mutationId: nextId('mut'), entity: 'record', id, baseRev: 2, doc: { ...doc, title: '第二版标题', chair: '林晓梅' } }])
      expect(later).toMatchObject({ status: 'applied', rev: 5, merged: true, doc: { place: '三楼会议室', summary: '第四次的总结', chair: '林晓梅' } })
    })

    test('edits of different fields on a stale base merge into one head', async () => {
      const { id, doc } = await newRecord()
      const [a] = await pushOk([{ mutationId: nextId('mut'), entity: 'record', id, baseRev: 1, doc: { ...doc, title: '改过的标题' } }], w.users.secretary.token, 'dev-a')
      expect(a).toMatchObject({ status: 'applied', rev: 2, merged: false })
      const [b] = await pushOk([{ mutationId: nextId('mut'), entity: 'record', id, baseRev: 1, doc: { ...doc, place: '三楼会议室' } }], w.users.recorder.token, 'dev-b')
      expect(b).toMatchObject({ status: 'applied', rev: 3, merged: true })
      const head = (await pullAll()).find((c) => c.id === id)!
      expect(head.doc).toMatchObject({ title: '改过的标题', place: '三楼会议室' })
      expect(head.conflict).toBeNull()
    })

    test('a same-field clash is surfaced, both values kept, and resolved by a later push', async () => {
      const { id, doc } = await newRecord()
      await pushOk([{ mutationId: nextId('mut'), entity: 'record', id, baseRev: 1, doc: { ...doc, place: '党员活动室A', summary: '甲的总结' } }], undefined, 'dev-a')
      const [r] = await pushOk([{ mutationId: nextId('mut'), entity: 'record', id, baseRev: 1, doc: { ...doc, place: '党员活动室B', chair: '林晓梅' } }], w.users.recorder.token, 'dev-b')
      expect(r?.status).toBe('conflict')
      if (r?.status !== 'conflict') return
      expect(r.rev).toBe(3)
      expect(r.conflicts).toMatchObject([{ field: 'place', base: '党员活动室', local: '党员活动室B', remote: '党员活动室A' }]) // authors: conflictAuthors.test.ts
      // Non-clashing fields of both sides are in the head; the clashing one keeps the server value.
      expect(r.doc).toMatchObject({ place: '党员活动室A', summary: '甲的总结', chair: '林晓梅' })

      const head = (await pullAll()).find((c) => c.id === id)!
      expect(head.conflict).toMatchObject({ rev: 3, deviceId: 'dev-b', userId: w.users.recorder.id })
      expect(head.conflict!.fields).toEqual(r.conflicts)
      const revs = await revisions(id)
      expect(revs.map((x) => x.rev)).toEqual([1, 2, 3])
      expect(revs[2]!.incoming).toMatchObject({ place: '党员活动室B' })
      expect(revs[1]!.doc).toMatchObject({ place: '党员活动室A' })

      // An unrelated edit on the conflicted head keeps the mark; choosing a value clears it.
      const [keep] = await pushOk([{ mutationId: nextId('mut'), entity: 'record', id, baseRev: 3, changedFields: { endTime: '17:00' } }])
      expect(keep).toMatchObject({ status: 'applied', rev: 4 })
      expect((await pullAll()).find((c) => c.id === id)!.conflict).not.toBeNull()
      const [fix] = await pushOk([{ mutationId: nextId('mut'), entity: 'record', id, baseRev: 4, changedFields: { place: '党员活动室B' }, resolvesConflict: true }])
      expect(fix).toMatchObject({ status: 'applied', rev: 5 })
      const resolved = (await pullAll()).find((c) => c.id === id)!
      expect(resolved.conflict).toBeNull()
      expect(resolved.doc).toMatchObject({ place: '党员活动室B', endTime: '17:00', chair: '林晓梅' })
    })

    test('deletes are tombstones in the feed; deleting what someone else changed is a conflict', async () => {
      const { id, doc } = await newRecord()
      const [del] = await pushOk([{ mutationId: nextId('mut'), entity: 'record', id, baseRev: 1, deleted: true }])
      expect(del).toMatchObject({ status: 'applied', rev: 2 })
      const tomb = (await pullAll()).find((c) => c.id === id)!
      expect(tomb).toMatchObject({ deleted: true, rev: 2, doc })

      const other = await newRecord()
      await pushOk([{ mutationId: nextId('mut'), entity: 'record', id: other.id, baseRev: 1, doc: { ...other.doc, summary: '补充了总结' } }])
      const [clash] = await pushOk([{ mutationId: nextId('mut'), entity: 'record', id: other.id, baseRev: 1, deleted: true }], w.users.recorder.token)
      expect(clash).toMatchObject({ status: 'conflict', deleted: false, conflicts: [{ field: '$deleted', local: true, remote: false }] })
    })

    test('changedFields apply on top of the base revision', async () => {
      const { id } = await newRecord()
      const [r] = await pushOk([{ mutationId: nextId('mut'), entity: 'record', id, baseRev: 1, changedFields: { summary: '新的总结', place: null } }])
      expect(r).toMatchObject({ status: 'applied', rev: 2 })
      const head = (await pullAll()).find((c) => c.id === id)!
      expect(head.doc).toMatchObject({ summary: '新的总结' })
      expect(head.doc).not.toHaveProperty('place')
    })

    test('a baseRev the server never had is rejected without storing anything', async () => {
      const { id, doc } = await newRecord()
      const before = await tableCounts(w.storage)
      const [r] = await pushOk([{ mutationId: nextId('mut'), entity: 'record', id, baseRev: 7, doc }])
      expect(r).toMatchObject({ status: 'rejected', reason: 'base-rev-ahead' })
      expect(await tableCounts(w.storage)).toEqual(before)
    })

    test('invalid documents and unknown kinds are a 400 with reasons; nothing of the batch is stored', async () => {
      const good = sampleRecord({ id: nextId('rec'), branchId: w.branches.a1 })
      const before = await tableCounts(w.storage)
      const res = await push([
        { mutationId: nextId('mut'), entity: 'record', id: good.id, baseRev: 0, doc: good as unknown as Doc },
        { mutationId: nextId('mut'), entity: 'record', id: 'bad-1', baseRev: 0, doc: { ...sampleRecord({ id: 'bad-1', branchId: w.branches.a1 }), kind: 'tea-party' } },
      ])
      expect(res.statusCode).toBe(400)
      expect(res.json().details).toEqual([{ index: 1, mutationId: expect.any(String), reasons: ['kind: unknown record kind "tea-party"'] }])
      expect(await tableCounts(w.storage)).toEqual(before)
    })

    test('pull pages with cursor and limit, each entity once, in feed order', async () => {
      const ids: string[] = []
      for (let i = 0; i < 3; i++) {
        const batch: Mutation[] = []
        for (let j = 0; j < 8; j++) {
          const id = nextId('page')
          ids.push(id)
          batch.push({ mutationId: nextId('mut'), entity: 'record', id, baseRev: 0, doc: sampleRecord({ id, branchId: w.branches.a1 }) as unknown as Doc })
        }
        await pushOk(batch)
      }
      // Changing an early record moves it to the end of the feed instead of duplicating it.
      await pushOk([{ mutationId: nextId('mut'), entity: 'record', id: ids[0]!, baseRev: 1, changedFields: { summary: '后改' } }])
      const pages: PullResponse[] = []
      let cursor = 0
      do {
        const res = await w.request({ method: 'GET', url: `/api/sync/pull?cursor=${cursor}&limit=7`, token: w.users.secretary.token })
        pages.push(res.json() as PullResponse)
        cursor = pages.at(-1)!.cursor
      } while (pages.at(-1)!.hasMore)
      const all = pages.flatMap((p) => p.changes)
      expect(pages.every((p) => p.changes.length <= 7)).toBe(true)
      expect(new Set(all.map((c) => `${c.entity}:${c.id}`)).size).toBe(all.length)
      expect(all.map((c) => c.seq)).toEqual([...all.map((c) => c.seq)].sort((a, b) => a - b))
      const pageIds = all.filter((c) => c.id.startsWith('page-')).map((c) => c.id)
      expect(pageIds).toHaveLength(24)
      expect(pageIds.at(-1)).toBe(ids[0])
      expect(all.find((c) => c.id === ids[0])).toMatchObject({ rev: 2 })
    })

    test('revisions are append-only', async () => {
      const { id, doc } = await newRecord()
      await pushOk([{ mutationId: nextId('mut'), entity: 'record', id, baseRev: 1, doc: { ...doc, summary: '第二版' } }])
      const revs = await revisions(id)
      expect(revs.map((r) => [r.rev, (r.doc as Doc).summary])).toEqual([[1, doc.summary], [2, '第二版']])
      await expect(w.storage.run('UPDATE revisions SET doc = ? WHERE id = ?', ['{}', id])).rejects.toThrow(/append-only/)
      await expect(w.storage.run('DELETE FROM revisions WHERE id = ?', [id])).rejects.toThrow(/append-only/)
      expect(await revisions(id)).toEqual(revs)
    })

    test('a JSON body over 5 MiB is refused with 413 and nothing stored', async () => {
      const before = await tableCounts(w.storage)
      const id = nextId('rec')
      const doc = { ...sampleRecord({ id, branchId: w.branches.a1 }), summary: '长'.repeat(2 * 1024 * 1024) }
      const res = await push([{ mutationId: nextId('mut'), entity: 'record', id, baseRev: 0, doc: doc as unknown as Doc }])
      expect(res.statusCode).toBe(413)
      expect(res.json()).toMatchObject({ error: 'too-large' })
      expect(await tableCounts(w.storage)).toEqual(before)
    })

    test('control characters in names and sign-in are a 400, never a storage error', async () => {
      const login = await w.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'sec\u0000retary', password: 'x' } })
      expect(login.statusCode).toBe(400)
      const branch = await w.request({ method: 'POST', url: '/api/admin/branches', token: w.users.admin.token, payload: { name: 'a\u0000b' } })
      expect(branch.statusCode).toBe(400)
      // Inside documents they are just escaped JSON text.
      const { id } = await newRecord({ summary: 'with \u0000 and \u0007 inside' })
      expect((await pullAll()).find((c) => c.id === id)!.doc).toMatchObject({ summary: 'with \u0000 and \u0007 inside' })
    })

    test('security headers on every answer, errors included', async () => {
      const answers = [
        await w.request({ method: 'GET', url: '/api/nope' }),
        await w.request({ method: 'GET', url: '/api/auth/me' }),
        await push([], 'not-a-token'),
        await w.request({ method: 'POST', url: '/api/sync/push', token: w.users.secretary.token, payload: '{bad', headers: { 'content-type': 'application/json' } }),
      ]
      for (const res of answers) {
        expect(res.statusCode).toBeGreaterThanOrEqual(400)
        expect(res.headers['content-security-policy']).toBe(
          "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; font-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        )
        expect(res.headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-store',
        })
        expect(res.headers['permissions-policy']).toContain('camera=(self)')
        expect(res.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) })
      }
    })

    describe('attachments', () => {
      const put = (body: Buffer, hash = sha(body), token = w.users.recorder.token, branchId = w.branches.a1) =>
        w.request({ method: 'PUT', url: `/api/attachments/${hash}?branchId=${branchId}`, token, payload: body, headers: { 'content-type': 'application/octet-stream' } })

      test('upload, idempotent re-upload, HEAD and GET', async () => {
        const first = await put(PNG)
        expect(first.statusCode, first.body).toBe(201)
        expect(first.json()).toEqual({ hash: sha(PNG), mime: 'image/png', size: PNG.length, created: true })
        const again = await put(PNG)
        expect(again.statusCode).toBe(200)
        expect(again.json()).toMatchObject({ created: false })
        const head = await w.request({ method: 'HEAD', url: `/api/attachments/${sha(PNG)}`, token: w.users.member.token })
        expect(head.statusCode).toBe(200)
        expect(head.headers['content-type']).toBe('image/png')
        expect(head.body).toBe('')
        expect(head.headers['content-length']).toBe(String(PNG.length))
        const get = await w.request({ method: 'GET', url: `/api/attachments/${sha(PNG)}`, token: w.users.member.token })
        expect(get.statusCode).toBe(200)
        expect(get.rawPayload.equals(PNG)).toBe(true)
        expect(get.headers['content-type']).toBe('image/png')
        // The app keeps its own copy; the browser's cache keeps none that would outlive a sign-out.
        expect(get.headers['cache-control']).toBe('private, no-store')
        expect(get.headers['x-content-type-options']).toBe('nosniff')
      })

      test('the type comes from the bytes, whatever the client claims', async () => {
        const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('jfif body')])
        const res = await w.request({ method: 'PUT', url: `/api/attachments/${sha(jpeg)}?branchId=${w.branches.a1}`, token: w.users.recorder.token, payload: jpeg, headers: { 'content-type': 'text/plain' } })
        expect(res.statusCode).toBe(201)
        expect(res.json().mime).toBe('image/jpeg')
      })

      test('hash mismatch 400, not an image 415, oversize 413, empty 400 — nothing stored', async () => {
        const before = await tableCounts(w.storage)
        const other = Buffer.from('%PDF-1.7 other bytes')
        const mismatch = await put(PNG, sha(other))
        expect(mismatch.statusCode).toBe(400)
        expect(mismatch.json().error).toBe('hash-mismatch')
        const html = Buffer.from('<html><script>alert(1)</script></html>')
        const notImage = await put(html)
        expect(notImage.statusCode).toBe(415)
        expect(notImage.json().error).toBe('unsupported-type')
        const big = Buffer.alloc(15 * 1024 * 1024 + 1, 0xff)
        const tooBig = await put(big)
        expect(tooBig.statusCode).toBe(413)
        expect(tooBig.json().error).toBe('too-large')
        const empty = await w.request({ method: 'PUT', url: `/api/attachments/${sha(Buffer.alloc(0))}?branchId=${w.branches.a1}`, token: w.users.recorder.token, payload: Buffer.alloc(0), headers: { 'content-type': 'application/octet-stream' } })
        expect(empty.statusCode).toBe(400)
        expect(await tableCounts(w.storage)).toEqual(before)
      })

      test('another branch cannot read the bytes until it uploads them itself', async () => {
        const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.from('secret picture of branch one')])
        expect((await put(gif)).statusCode).toBe(201)
        const denied = await w.request({ method: 'GET', url: `/api/attachments/${sha(gif)}`, token: w.users.secretary2.token })
        expect(denied.statusCode).toBe(404)
        expect((await put(gif, sha(gif), w.users.secretary2.token, w.branches.a2)).statusCode).toBe(200)
        const allowed = await w.request({ method: 'GET', url: `/api/attachments/${sha(gif)}`, token: w.users.secretary2.token })
        expect(allowed.statusCode).toBe(200)
      })
    })
  })
}
