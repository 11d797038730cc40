// The PouchDB baseline's server: express-pouchdb over PouchDB's in-memory adapter (pure JS; a disk
// adapter would need a native LevelDB build). Seeds `database` with the same documents our server
// holds, prints "seeded", and serves on 127.0.0.1 until it is stopped (or after one hour at most).
// Usage: node --import tsx tests/bench/node/pouchServer.ts PORT COUNT BRANCH_ID DATABASE
import { createServer } from 'node:http'
import memoryAdapter from 'pouchdb-adapter-memory'
import expressPouchDB from 'express-pouchdb'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { benchRecords } from '../support/benchData'

// pouchdb-browser reads `self` when it loads; in Node the global object stands in for it.
;(globalThis as { self?: unknown }).self ??= globalThis
const { default: PouchDB } = await import('pouchdb-browser')

const [portArg, countArg, branchId, database] = process.argv.slice(2)
if (!portArg || !countArg || !branchId || !database) throw new Error('usage: pouchServer.ts PORT COUNT BRANCH_ID DATABASE')

PouchDB.plugin(memoryAdapter)
const MemoryPouch = PouchDB.defaults({ adapter: 'memory' })
const workDir = mkdtempSync(join(tmpdir(), `br-bench-pouch-${process.pid}-`))
const app = expressPouchDB(MemoryPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: join(workDir, 'log.txt') })

const db = new MemoryPouch(database)
const docs = benchRecords(Number(countArg), { branchId }).map((r) => ({ ...r, _id: r.id }))
for (let i = 0; i < docs.length; i += 500) await db.bulkDocs(docs.slice(i, i + 500))
const info = await db.info()
if (info.doc_count !== docs.length) throw new Error(`seeded ${info.doc_count} of ${docs.length}`)

const server = createServer(app)
server.listen(Number(portArg), '127.0.0.1', () => {
  process.stdout.write(`seeded ${info.doc_count} documents; listening on ${portArg}\n`)
})

const stop = (): void => {
  server.closeAllConnections()
  server.close(() => {
    rmSync(workDir, { recursive: true, force: true })
    process.exit(0)
  })
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
setTimeout(stop, 60 * 60_000).unref()
