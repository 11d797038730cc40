// Server push throughput and latency under concurrent clients: N devices, each its own account and
// session (spread over several branches), push in parallel against a running server. Each client sends
// a bounded number of requests per round, alternately creating records and editing the ones it just
// created (so both the insert and the three-way-merge paths run). Prints one JSON line.
// Usage: node --import tsx tests/bench/node/serverLoad.ts BASE_URL ADMIN_PASSWORD [CLIENTS ROUNDS REQUESTS MUTATIONS]
import type { Mutation, MutationResult } from '@/domain/protocol'
import type { BranchRecord } from '@/domain/types'
import { BENCH_USER_PASSWORD, createBranch, createUser, push, signIn } from '../support/api'
import { benchRecords, percentile, summarize } from '../support/benchData'

const [baseUrl, adminPassword, clientsArg = '50', roundsArg = '5', requestsArg = '10', mutationsArg = '10'] = process.argv.slice(2)
if (!baseUrl || !adminPassword) throw new Error('usage: serverLoad.ts BASE_URL ADMIN_PASSWORD [CLIENTS ROUNDS REQUESTS MUTATIONS]')
const CLIENTS = Number(clientsArg)
const ROUNDS = Number(roundsArg)
const REQUESTS = Number(requestsArg)
const MUTATIONS = Number(mutationsArg)
const CLIENTS_PER_BRANCH = 5

interface Client {
  token: string
  deviceId: string
  branchId: string
  /** Records this client created, with the revision it last saw. */
  mine: { doc: BranchRecord; rev: number }[]
  /** The record each mutation of the request on the wire is about. */
  sent: Map<string, { doc: BranchRecord; rev: number }>
  made: number
}

const tag = Date.now().toString(36)
const admin = await signIn(baseUrl, 'admin', adminPassword)
const clients: Client[] = []
for (let i = 0; i < CLIENTS; i++) {
  const branchIndex = Math.floor(i / CLIENTS_PER_BRANCH)
  const branchId = i % CLIENTS_PER_BRANCH === 0 ? await createBranch(baseUrl, admin, `压测支部${tag}-${branchIndex}`) : (clients[i - 1] as Client).branchId
  const username = `load-${tag}-${i}`
  await createUser(baseUrl, admin, username, branchId)
  clients.push({ token: await signIn(baseUrl, username, BENCH_USER_PASSWORD), deviceId: `dev-${tag}-${i}`, branchId, mine: [], sent: new Map(), made: 0 })
}

let mutationSeq = 0
function nextMutations(client: Client, index: number, request: number): Mutation[] {
  client.sent.clear()
  const mutationId = (entry: { doc: BranchRecord; rev: number }): string => {
    const id = `m-${tag}-${mutationSeq++}`
    client.sent.set(id, entry)
    return id
  }
  if (request % 2 === 0 || client.mine.length === 0) {
    // New records, as a device sends after a meeting was logged offline.
    const docs = benchRecords(MUTATIONS, { branchId: client.branchId, idPrefix: `L${tag}c${index}n${client.made}-`, seed: index * 1000 + client.made })
    client.made++
    client.mine = docs.map((doc) => ({ doc, rev: 0 }))
    return client.mine.map((entry) => ({ mutationId: mutationId(entry), entity: 'record', id: entry.doc.id, baseRev: 0, doc: entry.doc as unknown as Record<string, unknown> }))
  }
  // Edits of the records just created: a new summary on top of the revision the server answered.
  return client.mine.map((entry) => {
    const doc = { ...entry.doc, summary: `${entry.doc.summary ?? ''}（已补充）`, updatedAt: new Date().toISOString() }
    entry.doc = doc
    return { mutationId: mutationId(entry), entity: 'record', id: doc.id, baseRev: entry.rev, doc: doc as unknown as Record<string, unknown> }
  })
}

function remember(client: Client, results: MutationResult[]): number {
  let refused = 0
  for (const r of results) {
    if (r.status !== 'applied') {
      refused++
      continue
    }
    const entry = client.sent.get(r.mutationId)
    if (entry) entry.rev = r.rev
  }
  return refused
}

interface Round {
  wallMs: number
  requests: number
  mutations: number
  refused: number
  p50: number
  p99: number
  latencies: number[]
}

async function round(): Promise<Round> {
  const latencies: number[] = []
  let refused = 0
  const t0 = performance.now()
  await Promise.all(
    clients.map(async (client, index) => {
      for (let request = 0; request < REQUESTS; request++) {
        const mutations = nextMutations(client, index, request)
        const s = performance.now()
        const { results } = await push(baseUrl as string, client.token, client.deviceId, mutations)
        latencies.push(performance.now() - s)
        refused += remember(client, results)
      }
    }),
  )
  const wallMs = performance.now() - t0
  return { wallMs, requests: latencies.length, mutations: latencies.length * MUTATIONS, refused, p50: percentile(latencies, 50), p99: percentile(latencies, 99), latencies }
}

// One unmeasured warm-up round (JIT, connection pools, SQLite page cache), then the measured rounds.
await round()
const rounds: Round[] = []
for (let i = 0; i < ROUNDS; i++) rounds.push(await round())

const all = rounds.flatMap((r) => r.latencies)
process.stdout.write(
  JSON.stringify({
    clients: CLIENTS,
    rounds: ROUNDS,
    requestsPerClientPerRound: REQUESTS,
    mutationsPerRequest: MUTATIONS,
    refused: rounds.reduce((a, r) => a + r.refused, 0),
    mutationsPerSecond: summarize(rounds.map((r) => (r.mutations / r.wallMs) * 1000)),
    requestsPerSecond: summarize(rounds.map((r) => (r.requests / r.wallMs) * 1000)),
    p50Ms: summarize(rounds.map((r) => r.p50)),
    p99Ms: summarize(rounds.map((r) => r.p99)),
    p99AllMs: Math.round(percentile(all, 99) * 100) / 100,
    maxMs: Math.round(Math.max(...all) * 100) / 100,
  }) + '\n',
)
