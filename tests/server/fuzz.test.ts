// Random and half-broken payloads at the push and upload endpoints: never a 500, nothing stored for
// anything refused, and whatever is accepted passes the domain validators. fast-check prints the
// seed and the shrunk counterexample on failure (re-run with `seed` in fc.assert to reproduce).
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { entityKind } from '@/domain/protocol'
import { sampleMember, sampleRecord } from './helpers/sampleDocs'
import { makeWorld, storageTargets, tableCounts, type World } from './helpers/world'

type Doc = Record<string, unknown>
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

/** A JSON value that is sometimes large, deep or full of awkward characters. */
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('\u0000', '\ud800', '"; DROP TABLE entities; --', '__proto__', 'x'.repeat(25_000), '2026-02-30', '99:99'),
)
const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  nastyString,
  fc.constantFrom(null, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER + 2, true, [], {}),
)

/** Replace, delete or add one field somewhere in an object (one or two levels down). */
function mutateObject(base: Doc): fc.Arbitrary<Doc> {
  const keys = Object.keys(base)
  const listKeys = keys.filter((k) => Array.isArray(base[k]) && typeof (base[k] as unknown[])[0] === 'object')
  const options: fc.Arbitrary<Doc>[] = [
    fc.record({ key: fc.constantFrom(...keys), value: nastyJson }).map(({ key, value }) => ({ ...base, [key]: value })),
    fc.constantFrom(...keys).map((key) => {
      const copy = { ...base }
      delete copy[key]
      return copy
    }),
    fc.record({ key: fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.constant('__proto__')), value: nastyJson }).map(({ key, value }) => {
      const copy = { ...base }
      Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true })
      return copy
    }),
  ]
  if (listKeys.length > 0) {
    options.push(
      fc.constantFrom(...listKeys).chain((key) => mutateObject((base[key] as Doc[])[0] as Doc).map((item) => ({ ...base, [key]: [item] }))),
    )
  }
  return fc.oneof(...options)
}

for (const target of storageTargets()) {
  describe.skipIf(target.skipReason !== null)(`bad input on ${target.name}`, () => {
    let w: World
    let n = 0
    const runs = target.name === 'sqlite' ? 150 : 60

    beforeAll(async () => {
      w = await makeWorld(await target.create())
    })
    afterAll(async () => {
      await w?.close()
      await target.destroy()
    })

    async function expectNothingStored(before: Record<string, number>): Promise<void> {
      expect(await tableCounts(w.storage)).toEqual(before)
    }

    async function expectStoredDocsValid(): Promise<void> {
      const rows = await w.storage.all<{ entity: string; doc: string | null }>('SELECT entity, doc FROM entities')
      for (const r of rows) {
        if (r.doc) expect(entityKind(r.entity)!.validate(JSON.parse(r.doc)), r.doc.slice(0, 200)).toEqual([])
      }
    }

    test('push: malformed bodies', async () => {
      const body = fc.oneof(
        fc.string(),
        fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
        fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
        fc.constantFrom('{"deviceId":"d","mutations":[{"__proto__":{"x":1}}]}', '{"constructor":{"prototype":{"x":1}}}', '{', '[]', 'null', ''),
      )
      const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x')
      await fc.assert(
        fc.asyncProperty(body, contentType, async (payload, type) => {
          const before = await tableCounts(w.storage)
          const res = await w.request({ method: 'POST', url: '/api/sync/push', token: w.users.secretary.token, payload, headers: { 'content-type': type } })
          expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400)
          expect(res.statusCode, res.body).toBeLessThan(500)
          expect(res.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) })
          await expectNothingStored(before)
        }),
        { numRuns: runs },
      )
    })

    test('push: almost-valid mutations', async () => {
      const mutation = fc.constantFrom('record', 'member').chain((entity) => {
        const id = `fz-${++n}`
        const doc = (entity === 'record' ? sampleRecord({ id, branchId: w.branches.a1 }) : sampleMember({ id, branchId: w.branches.a1 })) as unknown as Doc
        const m = { mutationId: `fzm-${n}`, entity, id, baseRev: 0, doc }
        return fc.oneof(
          // Valid changes too, so that the accept path is exercised alongside the refusals.
          { weight: 3, arbitrary: fc.string({ maxLength: 50 }).map((summary) => ({ ...m, doc: { ...doc, ...(entity === 'record' ? { summary } : { note: summary }) } })) },
          mutateObject(doc).map((d) => ({ ...m, doc: d })),
          mutateObject(m as Doc),
          fc.record({ changedFields: fc.dictionary(fc.string({ maxLength: 8 }), nastyJson, { maxKeys: 3 }), baseRev: fc.integer({ min: 0, max: 3 }) }).map((x) => ({ ...m, doc: undefined, ...x })),
        )
      })
      const envelope = fc.oneof(
        { weight: 2, arbitrary: mutation.map((m) => ({ deviceId: 'fuzz-device', mutations: [m] })) },
        fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => ({ deviceId: 'fuzz-device', mutations })),
        fc.record({ deviceId: nastyJson, mutations: fc.array(mutation, { maxLength: 2 }) }),
        mutation.map((m) => ({ deviceId: 'fuzz-device', mutations: [m], extra: 1 })),
      )
      let accepted = 0
      await fc.assert(
        fc.asyncProperty(envelope, async (payload) => {
          const before = await tableCounts(w.storage)
          const res = await w.request({ method: 'POST', url: '/api/sync/push', token: w.users.secretary.token, payload: payload as object })
          expect(res.statusCode, res.body).toBeLessThan(500)
          const results = res.statusCode === 200 ? (res.json() as { results: { status: string }[] }).results : []
          if (res.statusCode !== 200 || results.every((r) => r.status === 'rejected')) {
            await expectNothingStored(before)
          } else {
            accepted++
          }
        }),
        { numRuns: runs },
      )
      await expectStoredDocsValid()
      // The generator must also produce acceptable changes, or the property above proves little.
      expect(accepted).toBeGreaterThan(0)
    })

    test('upload: random bytes, hashes, branches and types', async () => {
      const magic = fc.constantFrom<number[]>([], [0xff, 0xd8, 0xff], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [...Buffer.from('%PDF-')], [...Buffer.from('GIF89a')], [...Buffer.from('<svg')])
      const upload = fc.record({
        bytes: fc.tuple(magic, fc.uint8Array({ maxLength: 400 })).map(([m, b]) => Buffer.concat([Buffer.from(m), Buffer.from(b)])),
        hashKind: fc.constantFrom('right', 'random', 'malformed'),
        randomHash: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
        branch: fc.constantFrom(w.branches.a1, w.branches.a2, w.branches.b1, 'no-such-branch', '../etc', ''),
        type: fc.constantFrom('application/octet-stream', 'image/png', 'application/json', 'text/html', 'multipart/form-data'),
      })
      await fc.assert(
        fc.asyncProperty(upload, async (u) => {
          const hash = u.hashKind === 'right' ? sha(u.bytes) : u.hashKind === 'random' ? u.randomHash : 'ABC'
          const before = await tableCounts(w.storage)
          const res = await w.request({
            method: 'PUT',
            url: `/api/attachments/${hash}?branchId=${encodeURIComponent(u.branch)}`,
            token: w.users.recorder.token,
            payload: u.bytes,
            headers: { 'content-type': u.type },
          })
          expect(res.statusCode, res.body).toBeLessThan(500)
          if (res.statusCode >= 300) {
            await expectNothingStored(before)
          } else {
            const row = await w.storage.get<{ bytes: Buffer; mime: string }>('SELECT bytes, mime FROM attachments WHERE sha256 = ?', [hash])
            expect(sha(row!.bytes)).toBe(hash)
            expect(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf']).toContain(row!.mime)
            expect(u.branch).toBe(w.branches.a1)
          }
        }),
        { numRuns: runs },
      )
    })
  })
}
