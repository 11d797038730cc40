// SQLite commits with synchronous=NORMAL and syncs its write-ahead log off the main thread: a write is
// answered only once that sync is done, and commits made while a sync runs share the next one.
import { mkdtempSync, rmSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test, vi } from 'vitest'
import { SqliteStorage } from '@/server/storage/sqliteStorage'

const dirs: string[] = []
afterEach(() => {
  vi.restoreAllMocks()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 2))
  expect(condition()).toBe(true)
}

test('a transaction is answered only after the log is synced; commits made during a sync share the next one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'br-durable-'))
  dirs.push(dir)
  const storage = new SqliteStorage(join(dir, 'db.sqlite'))
  await storage.migrate()

  // Hold every datasync of a file handle until the test lets it go.
  const probe = await open(join(dir, 'probe'), 'w')
  const handleProto = Object.getPrototypeOf(probe) as { datasync(): Promise<void> }
  await probe.close()
  const pending: (() => void)[] = []
  const datasync = vi.spyOn(handleProto, 'datasync').mockImplementation(() => new Promise<void>((resolve) => pending.push(resolve)))

  let answered = 0
  const writes = Array.from({ length: 5 }, (_, i) =>
    storage
      .transaction((tx) => tx.run('INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)', [`org-${i}`, `单位${i}`, 0]))
      .then(() => answered++),
  )
  await until(() => pending.length === 1)
  // All five are committed, none is answered: the first sync started after the first commit only.
  expect(await storage.get('SELECT COUNT(*) AS n FROM organizations')).toEqual({ n: 5 })
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(answered).toBe(0)

  pending.shift()!()
  await until(() => answered === 1 && pending.length === 1)
  expect(answered).toBe(1)
  pending.shift()!()
  await Promise.all(writes)
  expect(answered).toBe(5)
  expect(datasync).toHaveBeenCalledTimes(2)

  datasync.mockRestore()
  await storage.close()
})
