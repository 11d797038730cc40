// Push, pull and history over the storage interface. Each mutation is applied in its own transaction:
// idempotency check, head read under lock, three-way merge when the device worked on an older revision,
// then the entity kind's guard (a record of a signed-off quarter needs a correction stored before it),
// then head update + revision row + change-feed row + the stored result, all or nothing.
import { createHash } from 'node:crypto'
import { changedFields as diffFields, jsonEqual, mergeFields, type FieldConflict } from '@/domain/merge'
import {
  canonicalJson,
  canWriteEntity,
  DELETED_CONFLICT_FIELD,
  entityKind,
  proposedDoc,
  validatePushRequest,
  type Change,
  type EntityConflict,
  type EntityKindDef,
  type EntityName,
  type FreezeGuard,
  type Mutation,
  type MutationResult,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type RevisionEntry,
} from '@/domain/protocol'
import { canReadBranch, canWriteBranch, type Actor } from '../auth/access'
import { badRequest, conflict, forbidden, notFound } from '../http/errors'
import { asBool, bool, type Storage, type Tx } from '../storage/storage'

type Doc = Record<string, unknown>

const DELETED_FIELD = DELETED_CONFLICT_FIELD

interface HeadRow {
  branch_id: string
  rev: number
  doc: string | null
  deleted: number
  conflict: string | null
  updated_at: number
}

const parseDoc = (text: string | null): Doc | null => (text === null ? null : (JSON.parse(text) as Doc))
const iso = (ms: number): string => new Date(ms).toISOString()

/** The idempotency fingerprint of a mutation: everything but the device it came from. */
export function mutationBodyHash(m: Mutation): string {
  const { mutationId, entity, id, baseRev, doc, changedFields, deleted, resolvesConflict } = m
  return createHash('sha256')
    .update(canonicalJson({ mutationId, entity, id, baseRev, doc, changedFields, deleted: deleted === true, resolvesConflict: resolvesConflict === true }))
    .digest('hex')
}

function reject(m: Mutation, reason: Extract<MutationResult, { status: 'rejected' }>['reason'], message: string, details?: string[]): MutationResult {
  return details ? { mutationId: m.mutationId, status: 'rejected', reason, message, details } : { mutationId: m.mutationId, status: 'rejected', reason, message }
}

/** Reasons the document itself is unacceptable, before it is compared with anything. */
function documentProblems(def: EntityKindDef, m: Mutation, doc: Doc): string[] {
  const reasons = def.validate(doc)
  if (typeof doc.id === 'string' && doc.id !== m.id) reasons.push('id: does not match the mutation id')
  return reasons
}

export interface SyncServiceOptions {
  now: () => number
  /**
   * Runs inside each push transaction right after its change-feed row is written, before commit.
   * Tests use it to widen race windows between server processes; production leaves it unset.
   */
  afterFeedAppend?: () => Promise<void>
}

export class SyncService {
  constructor(
    private readonly storage: Storage,
    private readonly options: SyncServiceOptions,
  ) {}

  /**
   * Validates the whole request and checks permissions for every mutation before applying any:
   * a malformed or forbidden batch stores nothing. Then applies the mutations one by one.
   */
  async push(actor: Actor, body: unknown): Promise<PushResponse> {
    const shape = validatePushRequest(body)
    if (shape.length > 0) throw badRequest('同步请求格式不正确 / Malformed push request', shape)
    const req = body as PushRequest

    const invalid: { index: number; mutationId: string; reasons: string[] }[] = []
    const seen = new Set<string>()
    req.mutations.forEach((m, index) => {
      const def = entityKind(m.entity)
      const reasons = def && m.doc ? documentProblems(def, m, m.doc) : []
      if (seen.has(m.mutationId)) reasons.push('mutationId: repeated within this push')
      seen.add(m.mutationId)
      if (reasons.length) invalid.push({ index, mutationId: m.mutationId, reasons })
    })
    if (invalid.length) throw badRequest('数据校验未通过，未保存任何内容 / Invalid documents, nothing was stored', invalid)

    // Permissions: the branch named by the document and the branch the entity already belongs to.
    for (const m of req.mutations) {
      const def = entityKind(m.entity) as EntityKindDef
      const head = await this.storage.get<{ branch_id: string }>('SELECT branch_id FROM entities WHERE entity = ? AND id = ?', [m.entity, m.id])
      const branches = new Set<string>()
      if (head) branches.add(head.branch_id)
      if (m.doc) {
        const b = def.branchIdOf(m.doc, m.id)
        if (b) branches.add(b)
      } else if (!head && m.entity === 'branch') {
        branches.add(m.id)
      }
      if (!canWriteEntity(actor.role, m.entity)) throw forbidden(`${m.entity} ${m.id}`)
      for (const b of branches) {
        if (!(await canWriteBranch(this.storage, actor, b, m.entity))) throw forbidden(`${m.entity} ${m.id}`)
      }
    }

    // A mutationId reused for a different change is a client bug: refuse the batch before storing anything.
    const reused: string[] = []
    for (const m of req.mutations) {
      const row = await this.storage.get<{ body_hash: string }>('SELECT body_hash FROM mutations WHERE mutation_id = ?', [m.mutationId])
      if (row && row.body_hash !== mutationBodyHash(m)) reused.push(m.mutationId)
    }
    if (reused.length) {
      throw conflict('mutation-id-reused', '同一 mutationId 已用于不同的修改 / mutationId already used for a different change', reused)
    }

    const results: MutationResult[] = []
    for (const m of req.mutations) results.push(await this.applyWithRetry(actor, req.deviceId, m))
    return { results }
  }

  private async applyWithRetry(actor: Actor, deviceId: string, m: Mutation): Promise<MutationResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.storage.transaction((tx) => this.apply(tx, actor, deviceId, m))
      } catch (err) {
        // Two processes inserting the same mutationId at once: the retry finds the stored result.
        if (this.storage.isUniqueViolation(err) && attempt < 3) continue
        throw err
      }
    }
  }

  private async apply(tx: Tx, actor: Actor, deviceId: string, m: Mutation): Promise<MutationResult> {
    const def = entityKind(m.entity) as EntityKindDef
    const hash = mutationBodyHash(m)
    await tx.lockEntity(m.entity, m.id)

    const done = await tx.get<{ body_hash: string; result: string }>('SELECT body_hash, result FROM mutations WHERE mutation_id = ?', [m.mutationId])
    if (done) {
      if (done.body_hash === hash) return JSON.parse(done.result) as MutationResult
      return reject(m, 'mutation-id-reused', '同一 mutationId 已用于不同的修改 / mutationId already used for a different change')
    }

    const head = await tx.get<HeadRow>(
      `SELECT branch_id, rev, doc, deleted, conflict, updated_at FROM entities WHERE entity = ? AND id = ? ${tx.forUpdate}`,
      [m.entity, m.id],
    )
    const now = this.options.now()
    const headRev = head?.rev ?? 0
    if (m.baseRev > headRev) {
      return reject(m, 'base-rev-ahead', `服务器上只有第 ${headRev} 版 / The server has revision ${headRev} only`)
    }

    // The document and deletion state the device started from.
    let baseDoc: Doc | null = null
    let baseDeleted = false
    if (head && m.baseRev === headRev) {
      baseDoc = parseDoc(head.doc)
      baseDeleted = asBool(head.deleted)
    } else if (m.baseRev > 0) {
      const base = await tx.get<{ doc: string | null; deleted: number }>('SELECT doc, deleted FROM revisions WHERE entity = ? AND id = ? AND rev = ?', [m.entity, m.id, m.baseRev])
      baseDoc = parseDoc(base?.doc ?? null)
      baseDeleted = asBool(base?.deleted)
    }

    const localDoc = proposedDoc(m, baseDoc)
    const localDeleted = m.deleted === true
    if (!localDoc) {
      if (!head) return reject(m, 'invalid-document', '没有可删除的内容 / Nothing to delete')
    } else {
      const problems = documentProblems(def, m, localDoc)
      if (problems.length) return reject(m, 'invalid-document', '数据校验未通过 / Invalid document', problems)
    }

    const branchId = head?.branch_id ?? (localDoc ? def.branchIdOf(localDoc, m.id) : undefined)
    if (!branchId) return reject(m, 'invalid-document', '缺少支部 / The document names no branch')
    if (localDoc) {
      const docBranch = def.branchIdOf(localDoc, m.id)
      if (docBranch !== branchId) return reject(m, 'branch-mismatch', '记录不能移到其他支部 / An entity cannot move to another branch')
    }
    if (!(await canWriteBranch(tx, actor, branchId, m.entity))) return reject(m, 'forbidden', '无权修改 / Not allowed')

    const headDoc = head ? parseDoc(head.doc) : null
    const headDeleted = head ? asBool(head.deleted) : false
    const headConflict = head?.conflict ? (JSON.parse(head.conflict) as EntityConflict) : null

    let newDoc: Doc | null
    let newDeleted: boolean
    let conflicts: FieldConflict[] = []
    const stale = head !== undefined && m.baseRev < headRev
    if (!stale) {
      newDoc = localDoc
      newDeleted = localDeleted
    } else {
      const merged = mergeFields(baseDoc ?? {}, localDoc ?? {}, headDoc ?? {}, { nestedFields: def.nestedFields })
      newDoc = headDoc === null && localDoc === null ? null : merged.merged
      conflicts = merged.conflicts
      // Deletion against a concurrent change is a clash too: never drop someone's edit silently.
      const localChanged = localDoc !== null && baseDoc !== null ? diffFields(baseDoc, localDoc).length > 0 : localDoc !== null
      const remoteChanged = headDoc !== null && baseDoc !== null ? diffFields(baseDoc, headDoc).length > 0 : headDoc !== null
      if (localDeleted === headDeleted) {
        newDeleted = localDeleted
      } else if (localDeleted !== baseDeleted) {
        // The device deleted (or restored) what another device changed meanwhile.
        if (remoteChanged) conflicts.push({ field: DELETED_FIELD, base: baseDeleted, local: localDeleted, remote: headDeleted })
        newDeleted = remoteChanged ? headDeleted : localDeleted
      } else {
        // Another device deleted (or restored) it while this device edited it.
        if (localChanged) conflicts.push({ field: DELETED_FIELD, base: baseDeleted, local: localDeleted, remote: headDeleted })
        newDeleted = headDeleted
      }
    }

    if (newDoc) {
      const problems = def.validate(newDoc)
      if (problems.length) return reject(m, 'invalid-document', '合并后的数据无效 / The merged document is invalid', problems)
    }

    const newRev = headRev + 1
    let newConflict: EntityConflict | null = headConflict
    if (conflicts.length) {
      // A field that clashes again keeps its earlier entry: that incoming value was not taken either,
      // and the person choosing must see it (only the same field with the same value is replaced).
      const again = (f: FieldConflict): boolean => conflicts.some((c) => c.field === f.field && jsonEqual(c.local, f.local))
      newConflict = {
        fields: [...(headConflict?.fields.filter((f) => !again(f)) ?? []), ...conflicts],
        mutationId: m.mutationId,
        deviceId,
        userId: actor.userId,
        rev: newRev,
        at: iso(now),
      }
    } else if (m.resolvesConflict && headConflict && m.baseRev >= headConflict.rev) {
      newConflict = null
    }

    let result: MutationResult
    const unchanged =
      head !== undefined && jsonEqual(newDoc, headDoc) && newDeleted === headDeleted && jsonEqual(newConflict, headConflict)
    if (unchanged) {
      // Nothing new (e.g. the same edit made on two devices): acknowledge without a new revision.
      result = stale
        ? { mutationId: m.mutationId, status: 'applied', rev: headRev, merged: true, doc: headDoc ?? {} }
        : { mutationId: m.mutationId, status: 'applied', rev: headRev, merged: false }
    } else {
      // A frozen entity (a record of a signed-off quarter) changes only with a permit (a correction).
      if (def.guard && headDoc) {
        const refusal = await guardRefusal(tx, def.guard, m, branchId, headDoc)
        if (refusal) return refusal
      }
      const docText = newDoc === null ? null : JSON.stringify(newDoc)
      const conflictText = newConflict ? JSON.stringify(newConflict) : null
      if (head) {
        await tx.run('UPDATE entities SET rev = ?, doc = ?, deleted = ?, conflict = ?, updated_at = ? WHERE entity = ? AND id = ?', [
          newRev, docText, bool(newDeleted), conflictText, now, m.entity, m.id,
        ])
      } else {
        await tx.run('INSERT INTO entities (entity, id, branch_id, rev, doc, deleted, conflict, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
          m.entity, m.id, branchId, newRev, docText, bool(newDeleted), conflictText, now,
        ])
      }
      await tx.run(
        'INSERT INTO revisions (entity, id, rev, doc, deleted, mutation_id, device_id, user_id, at, incoming, conflicts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          m.entity, m.id, newRev, docText, bool(newDeleted), m.mutationId, deviceId, actor.userId, now,
          conflicts.length ? JSON.stringify(localDoc) : null,
          conflicts.length ? JSON.stringify(conflicts) : null,
        ],
      )
      await appendFeed(tx, m.entity, m.id, newRev, branchId)
      await this.options.afterFeedAppend?.()
      result = conflicts.length
        ? { mutationId: m.mutationId, status: 'conflict', rev: newRev, doc: newDoc ?? {}, deleted: newDeleted, conflicts }
        : stale
          ? { mutationId: m.mutationId, status: 'applied', rev: newRev, merged: true, doc: newDoc ?? {} }
          : { mutationId: m.mutationId, status: 'applied', rev: newRev, merged: false }
    }
    await tx.run('INSERT INTO mutations (mutation_id, body_hash, result, user_id, at) VALUES (?, ?, ?, ?, ?)', [
      m.mutationId, hash, JSON.stringify(result), actor.userId, now,
    ])
    return result
  }

  /** One page of the change feed for the given (already authorized) branches. */
  async pull(branchIds: readonly string[], cursor: number, limit: number): Promise<PullResponse> {
    if (branchIds.length === 0) return { changes: [], cursor, hasMore: false }
    const marks = branchIds.map(() => '?').join(', ')
    const rows = await this.storage.all<{
      seq: number; entity: string; id: string; branch_id: string; rev: number; doc: string | null; deleted: number; conflict: string | null; updated_at: number
    }>(
      `SELECT f.seq, e.entity, e.id, e.branch_id, e.rev, e.doc, e.deleted, e.conflict, e.updated_at
         FROM feed f JOIN entities e ON e.entity = f.entity AND e.id = f.id AND e.rev = f.rev
        WHERE f.seq > ? AND f.branch_id IN (${marks})
        ORDER BY f.seq
        LIMIT ?`,
      [cursor, ...branchIds, limit + 1],
    )
    const hasMore = rows.length > limit
    const page = rows.slice(0, limit)
    const changes: Change[] = page.map((r) => ({
      seq: r.seq,
      entity: r.entity as EntityName,
      id: r.id,
      branchId: r.branch_id,
      rev: r.rev,
      doc: parseDoc(r.doc),
      deleted: asBool(r.deleted),
      conflict: r.conflict ? (JSON.parse(r.conflict) as EntityConflict) : null,
      updatedAt: iso(r.updated_at),
    }))
    return { changes, cursor: page.length ? (page[page.length - 1] as (typeof page)[number]).seq : cursor, hasMore }
  }

  /** Every revision of one entity, oldest first; only for callers who may read its branch. */
  async revisions(actor: Actor, entity: string, id: string): Promise<RevisionEntry[]> {
    const head = await this.storage.get<{ branch_id: string }>('SELECT branch_id FROM entities WHERE entity = ? AND id = ?', [entity, id])
    if (!head || !(await canReadBranch(this.storage, actor, head.branch_id))) throw notFound(`${entity} ${id}`)
    const rows = await this.storage.all<{
      rev: number; doc: string | null; deleted: number; mutation_id: string | null; device_id: string | null; user_id: string | null; at: number; incoming: string | null; conflicts: string | null
    }>('SELECT rev, doc, deleted, mutation_id, device_id, user_id, at, incoming, conflicts FROM revisions WHERE entity = ? AND id = ? ORDER BY rev', [entity, id])
    return rows.map((r) => {
      const entry: RevisionEntry = {
        rev: r.rev,
        doc: parseDoc(r.doc),
        deleted: asBool(r.deleted),
        mutationId: r.mutation_id,
        deviceId: r.device_id,
        userId: r.user_id,
        at: iso(r.at),
      }
      if (r.incoming) entry.incoming = JSON.parse(r.incoming) as Doc
      if (r.conflicts) entry.conflicts = JSON.parse(r.conflicts) as FieldConflict[]
      return entry
    })
  }
}

/**
 * The refusal of a change to a stored entity its guard freezes, or null when the change may go ahead:
 * it needs a live permit of the same branch stored after the entity last changed. Feed sequence numbers
 * follow commit order (`lockFeed`) and the entity's lock is held, so each permit allows exactly one
 * change, also with several servers on one database. Runs in the apply transaction, before any write.
 */
async function guardRefusal(tx: Tx, guard: FreezeGuard, m: Mutation, branchId: string, stored: Doc): Promise<MutationResult | null> {
  const freezers = await tx.all<{ doc: string | null }>('SELECT doc FROM entities WHERE entity = ? AND branch_id = ? AND deleted = ?', [
    guard.frozenBy, branchId, bool(false),
  ])
  if (!guard.isFrozen(stored, freezers.map((r) => parseDoc(r.doc)).filter((d): d is Doc => d !== null))) return null
  const permits = await tx.all<{ doc: string | null }>(
    `SELECT e.doc FROM entities e JOIN feed f ON f.entity = e.entity AND f.id = e.id
      WHERE e.entity = ? AND e.branch_id = ? AND e.deleted = ?
        AND f.seq > COALESCE((SELECT seq FROM feed WHERE entity = ? AND id = ?), 0)`,
    [guard.permittedBy, branchId, bool(false), m.entity, m.id],
  )
  for (const r of permits) {
    const doc = parseDoc(r.doc)
    if (doc && guard.permits(doc, m.id)) return null
  }
  return reject(m, guard.reason, guard.message)
}

/**
 * Appends the entity's new revision to the change feed and drops its older feed rows (the feed holds
 * one row per entity, so a first pull reads each entity once).
 */
export async function appendFeed(tx: Tx, entity: string, id: string, rev: number, branchId: string): Promise<void> {
  await tx.lockFeed()
  await tx.run('DELETE FROM feed WHERE entity = ? AND id = ?', [entity, id])
  await tx.run('INSERT INTO feed (entity, id, rev, branch_id) VALUES (?, ?, ?, ?)', [entity, id, rev, branchId])
}

/** Creates an entity's first revision from the server itself (e.g. a branch created by the admin). */
export async function createEntityOnServer(
  tx: Tx,
  entity: EntityName,
  id: string,
  branchId: string,
  doc: Doc,
  userId: string,
  now: number,
): Promise<void> {
  await tx.lockEntity(entity, id)
  const text = JSON.stringify(doc)
  await tx.run('INSERT INTO entities (entity, id, branch_id, rev, doc, deleted, conflict, updated_at) VALUES (?, ?, ?, 1, ?, 0, NULL, ?)', [
    entity, id, branchId, text, now,
  ])
  await tx.run('INSERT INTO revisions (entity, id, rev, doc, deleted, mutation_id, device_id, user_id, at) VALUES (?, ?, 1, ?, 0, NULL, NULL, ?, ?)', [
    entity, id, text, userId, now,
  ])
  await appendFeed(tx, entity, id, 1, branchId)
}
