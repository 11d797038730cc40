// The demo organization: rosters, accounts for every role, a quarter of valid records, and a second
// `--demo` run that only resets the demo passwords.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { validateRecordDoc } from '@/domain/protocol'
import { kindById } from '@/domain/kinds'
import type { BranchRecord } from '@/domain/types'
import { missingElements } from '@/domain/validation'
import { seedDemo, DEMO_ORGANIZATION } from '@/server/demo/seedDemo'
import { ensureSetup } from '@/server/setup'
import type { Storage } from '@/server/storage/storage'
import { buildTestApp, sqliteTarget, TEST_SCRYPT } from './helpers/world'

const NOW = Date.parse('2026-04-10T02:00:00.000Z')

describe('demo data', () => {
  const target = sqliteTarget()
  let storage: Storage
  let lines: string[]
  beforeAll(async () => {
    storage = await target.create()
    await ensureSetup(storage, { adminPassword: 'first-admin-pw', now: NOW })
    lines = (await seedDemo(storage, { now: NOW, rosterCsv: readFileSync('tests/fixtures/roster.csv', 'utf8'), scrypt: TEST_SCRYPT })).lines
  })
  afterAll(async () => target.destroy())

  const passwordOf = (ls: string[], username: string): string => {
    const line = ls.find((l) => l.trim().startsWith(username + ' '))
    return /password: (\S+)/.exec(line ?? '')![1]!
  }

  test('two branches with rosters and party groups, next to the real organization', async () => {
    const orgs = await storage.all<{ name: string }>('SELECT name FROM organizations ORDER BY created_at')
    expect(orgs.map((o) => o.name)).toEqual(['本单位', DEMO_ORGANIZATION])
    const members = await storage.all<{ branch_id: string; n: number }>("SELECT branch_id, COUNT(*) AS n FROM entities WHERE entity = 'member' GROUP BY branch_id ORDER BY n DESC")
    expect(members.map((m) => Number(m.n))).toEqual([23, 8])
    const branch = await storage.get<{ doc: string }>("SELECT doc FROM entities WHERE entity = 'branch' AND id = ?", [members[0]!.branch_id])
    expect((JSON.parse(branch!.doc) as { partyGroups: { name: string }[] }).partyGroups.map((g) => g.name).sort()).toEqual(['第一党小组', '第三党小组', '第二党小组'])
  })

  test('a quarter of valid records of the usual kinds', async () => {
    const rows = await storage.all<{ doc: string }>("SELECT doc FROM entities WHERE entity = 'record'")
    const records = rows.map((r) => JSON.parse(r.doc) as { kind: string; date: string; createdAt: string; status: string; ended: boolean })
    for (const r of records) expect(validateRecordDoc(r)).toEqual([])
    const count = (kind: string) => records.filter((r) => r.kind === kind).length
    expect(count('committee-meeting')).toBe(6) // monthly, both branches
    expect(count('themed-party-day')).toBe(6)
    expect(count('party-group-meeting')).toBe(9) // three groups, monthly, first branch
    expect(count('general-meeting')).toBe(2)
    expect(count('party-lesson')).toBe(2)
    expect(count('heart-talk')).toBeGreaterThanOrEqual(4)
    // January–March 2026 when "now" is in April.
    expect(records.every((r) => r.date >= '2026-01-01' && r.date <= '2026-03-31')).toBe(true)
    expect(records.every((r) => r.status === 'final')).toBe(true)
    // One themed party day per branch was written up late (补记), as happens in real books.
    const late = records.filter((r) => Date.parse(r.createdAt) - Date.parse(r.date) > 4 * 24 * 3600_000)
    expect(late.map((r) => r.kind)).toEqual(['themed-party-day', 'themed-party-day'])
  })

  test('every finished demo record has every element 完成 asks for, so a demo record can be edited and saved', async () => {
    const rows = await storage.all<{ doc: string }>("SELECT doc FROM entities WHERE entity = 'record'")
    const missing = rows
      .map((r) => JSON.parse(r.doc) as BranchRecord)
      .flatMap((r) => missingElements(r, kindById(r.kind)!).map((m) => `${r.title}: ${m.message['zh-CN']}`))
    expect(missing).toEqual([])
  })

  test('demo signatures are stored, readable by the branch and referenced by the records', async () => {
    const rows = await storage.all<{ doc: string }>("SELECT doc FROM entities WHERE entity = 'record'")
    const hashes = new Set(rows.flatMap((r) => {
      const doc = JSON.parse(r.doc) as BranchRecord
      return [doc.signatures.chair?.hash, doc.signatures.recorder?.hash].filter((h): h is string => !!h)
    }))
    expect(hashes.size).toBeGreaterThanOrEqual(4)
    for (const hash of hashes) {
      const stored = await storage.get<{ mime: string }>('SELECT mime FROM attachments WHERE sha256 = ?', [hash])
      expect(stored?.mime).toBe('image/png')
      const links = await storage.all<{ branch_id: string }>('SELECT branch_id FROM attachment_branches WHERE sha256 = ?', [hash])
      expect(links.length).toBeGreaterThan(0)
    }
  })

  test('the demo minutes read naturally (no "研究了研究")', async () => {
    const rows = await storage.all<{ doc: string }>("SELECT doc FROM entities WHERE entity = 'record'")
    for (const r of rows) expect(r.doc).not.toMatch(/研究了研究|研究了讨论/)
  })

  test('every printed demo account signs in with its role; a second run resets the passwords', async () => {
    const app = await buildTestApp(storage, { now: NOW })
    try {
      for (const [username, role] of [['demo-admin', 'admin'], ['demo-reviewer', 'reviewer'], ['demo-secretary', 'secretary'], ['demo-recorder', 'recorder'], ['demo-member', 'member'], ['demo-secretary2', 'secretary']]) {
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: passwordOf(lines, username!) } })
        expect(res.statusCode, username).toBe(200)
        const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${res.json().token}` } })
        expect(me.json().user.role).toBe(role)
      }
      const again = await seedDemo(storage, { now: NOW, scrypt: TEST_SCRYPT })
      expect(again.created).toBe(false)
      const old = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'demo-member', password: passwordOf(lines, 'demo-member') } })
      expect(old.statusCode).toBe(401)
      const fresh = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'demo-member', password: passwordOf(again.lines, 'demo-member') } })
      expect(fresh.statusCode).toBe(200)
      expect(await storage.get<{ n: number }>('SELECT COUNT(*) AS n FROM organizations')).toEqual({ n: 2 })
    } finally {
      await app.close()
    }
  })
})
