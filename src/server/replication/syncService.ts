// Push, pull and history over the storage interface. A push request is applied in one transaction:
// the locks of all its entities (in one fixed order), their heads and the stored results of its
// mutationIds read in one query each, then per mutation the idempotency answer or a three-way merge
// when the device worked on an older revision and the entity kind's guard (a record of a signed-off
// quarter needs a correction stored before it); the new heads, revision rows and stored results are
// written together at the end, and the change-feed rows last, under the feed lock, right before commit.
// All or nothing: a request that fails stores none of its mutations.
import { createHash } from 'node:crypto'
import { DELETED as DELETED_FIELD, fieldEdits, fieldValue, joinConflicts, jsonEqual, mergeDeletion, mergeFields, type ChangeAuthor, type FieldConflict } from '@/domain/merge'
import {
  canonicalJson,
  canWriteEntity,
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
import { asBool, bool, entityLockKey, valuesList, type Storage, type Tx } from '../storage/storage'

type Doc = Record<string, unknown>

interface HeadRow {
  branch_id: string
  rev: number
  doc: string | null
  deleted: number
  conflict: string | null
  updated_at: number
}

interface FeedRow {
  entity: string
  id: string
  rev: number
  branchId: string
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
   * Runs inside each push transaction right after its change-feed rows are written, before commit.
   * Tests use it to widen race windows between server processes; production leaves it unset.
   */
  afterFeedAppend?: () => Promise<void>
}

/**
 * The writes of one push request. They are held in memory and written with multi-row inserts (one
 * round trip on PostgreSQL, see `Tx.write`) when the request is done, or earlier when a read of this
 * request must see them (the guard's sign-off and correction queries). `heads` is the current head of every
 * entity of the request, including what earlier mutations of the same request made of it.
 */
class PushWrites {
  readonly heads = new Map<string, HeadRow>()
  private readonly entityRows = new Map<string, unknown[]>()
  private readonly revisionRows: unknown[][] = []
  /** Base revisions of stale mutations (read at once) and revisions written by this request. */
  private readonly revisionDocs = new Map<string, { doc: string | null; deleted: number }>()
  private readonly mutationRows: unknown[][] = []
  private readonly feedRows = new Map<string, FeedRow>()
  /** Live documents of a guard's freezing kind, per kind and branch, as this request sees them. */
  private readonly freezerDocs = new Map<string, Doc[]>()

  constructor(
    readonly tx: Tx,
    /** The pusher's organization: every entity key of the request is within it. */
    readonly orgId: string,
    private readonly afterFeedAppend: (() => Promise<void>) | undefined,
  ) {}

  writeRevision(m: Mutation, branchId: string, head: HeadRow, row: unknown[]): void {
    const key = entityLockKey(m.entity, m.id)
    this.heads.set(key, head)
    this.entityRows.set(key, [this.orgId, m.entity, m.id, branchId, head.rev, head.doc, head.deleted, head.conflict, head.updated_at])
    this.revisionRows.push(row)
    this.revisionDocs.set(`${key}#${head.rev}`, { doc: head.doc, deleted: head.deleted })
    this.feedRows.set(key, { entity: m.entity, id: m.id, rev: head.rev, branchId })
    this.freezerDocs.delete(`${m.entity}|${branchId}`)
  }

  storeResult(row: unknown[]): void {
    this.mutationRows.push(row)
  }

  /** Reads the stored revisions the mutations started from, where that is not the head: one query. */
  async readBases(mutations: readonly Mutation[]): Promise<void> {
    const wanted = mutations.filter((m) => m.baseRev > 0 && m.baseRev < (this.heads.get(entityLockKey(m.entity, m.id))?.rev ?? 0))
    if (wanted.length === 0) return
    const rows = await this.tx.all<{ entity: string; id: string; rev: number; doc: string | null; deleted: number }>(
      // (The cast: PostgreSQL takes untyped VALUES parameters as text.)
      `SELECT entity, id, rev, doc, deleted FROM revisions WHERE org_id = ? AND (entity, id, rev) IN (VALUES ${wanted.map(() => '(?, ?, CAST(? AS INTEGER))').join(', ')})`,
      [this.orgId, ...wanted.flatMap((m) => [m.entity, m.id, m.baseRev])],
    )
    for (const r of rows) this.revisionDocs.set(`${entityLockKey(r.entity, r.id)}#${r.rev}`, { doc: r.doc, deleted: r.deleted })
  }

  async revision(entity: string, id: string, rev: number): Promise<{ doc: string | null; deleted: number } | undefined> {
    return (
      this.revisionDocs.get(`${entityLockKey(entity, id)}#${rev}`) ??
      (await this.tx.get<{ doc: string | null; deleted: number }>('SELECT doc, deleted FROM revisions WHERE org_id = ? AND entity = ? AND id = ? AND rev = ?', [
        this.orgId, entity, id, rev,
      ]))
    )
  }

  async freezers(kind: EntityName, branchId: string): Promise<Doc[]> {
    const cacheKey = `${kind}|${branchId}`
    let docs = this.freezerDocs.get(cacheKey)
    if (!docs) {
      await this.writeRows()
      const rows = await this.tx.all<{ doc: string | null }>('SELECT doc FROM entities WHERE entity = ? AND branch_id = ? AND deleted = ?', [kind, branchId, bool(false)])
      docs = rows.map((r) => parseDoc(r.doc)).filter((d): d is Doc => d !== null)
      this.freezerDocs.set(cacheKey, docs)
    }
    return docs
  }

  /** Heads, revisions and stored results so far (one round trip on PostgreSQL). */
  async writeRows(): Promise<void> {
    await this.tx.write([
      {
        insert: 'entities',
        columns: ['org_id', 'entity', 'id', 'branch_id', 'rev', 'doc', 'deleted', 'conflict', 'updated_at'],
        rows: [...this.entityRows.values()],
        suffix: 'ON CONFLICT (org_id, entity, id) DO UPDATE SET rev = excluded.rev, doc = excluded.doc, deleted = excluded.deleted, conflict = excluded.conflict, updated_at = excluded.updated_at',
      },
      {
        insert: 'revisions',
        columns: ['org_id', 'entity', 'id', 'rev', 'doc', 'deleted', 'mutation_id', 'device_id', 'user_id', 'at', 'incoming', 'conflicts'],
        rows: this.revisionRows.splice(0).map((row) => [this.orgId, ...row]),
      },
      { insert: 'mutations', columns: ['mutation_id', 'body_hash', 'result', 'user_id', 'at'], rows: this.mutationRows.splice(0) },
    ])
    this.entityRows.clear()
  }

  /**
   * Everything so far, the change-feed rows last: from the feed lock to commit the transaction does
   * nothing else, so pushes of other branches wait for it as briefly as possible.
   */
  async writeAll(): Promise<void> {
    await this.writeRows()
    if (this.feedRows.size === 0) return
    await appendFeedRows(this.tx, this.orgId, [...this.feedRows.values()])
    this.feedRows.clear()
    await this.afterFeedAppend?.()
  }
}

/** The stored key of a push's mutationId: its organization's, so ids never collide or show across them. */
export const mutationKey = (orgId: string, mutationId: string): string => `${orgId}:${mutationId}`

export class SyncService {
  constructor(
    private readonly storage: Storage,
    private readonly options: SyncServiceOptions,
  ) {}

  /**
   * Validates the whole request and checks permissions for every mutation before applying any:
   * a malformed or forbidden batch stores nothing. Then applies the mutations in order, in one
   * transaction.
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
    if (req.mutations.length === 0) return { results: [] }
    const hashes = req.mutations.map(mutationBodyHash)

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.storage.transaction((tx) => this.applyRequest(tx, actor, req, hashes))
      } catch (err) {
        // Another process stored one of these mutationIds meanwhile: the retry finds its result.
        if (this.storage.isUniqueViolation(err) && attempt < 3) continue
        throw err
      }
    }
  }

  private async applyRequest(tx: Tx, actor: Actor, req: PushRequest, hashes: readonly string[]): Promise<PushResponse> {
    const keys = uniqueEntities(req.mutations)
    await tx.lockEntities(keys)
    const writes = new PushWrites(tx, actor.orgId, this.options.afterFeedAppend)
    const heads = await tx.all<HeadRow & { entity: string; id: string }>(
      `SELECT entity, id, branch_id, rev, doc, deleted, conflict, updated_at FROM entities
        WHERE org_id = ? AND (entity, id) IN (VALUES ${valuesList(keys.length, 2)}) ${tx.forUpdate}`,
      [actor.orgId, ...keys.flatMap((k) => [k.entity, k.id])],
    )
    for (const { entity, id, ...head } of heads) writes.heads.set(entityLockKey(entity, id), head)

    // Permissions: the branch named by the document and the branch the entity already belongs to.
    for (const m of req.mutations) {
      const def = entityKind(m.entity) as EntityKindDef
      const head = writes.heads.get(entityLockKey(m.entity, m.id))
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
        if (!(await canWriteBranch(tx, actor, b, m.entity))) throw forbidden(`${m.entity} ${m.id}`)
      }
    }

    // A mutationId reused for a different change is a client bug: refuse the batch before storing anything.
    // Ids are kept per organization, so another organization's use of an id is never visible here.
    const keyOf = (m: Mutation): string => mutationKey(actor.orgId, m.mutationId)
    const storedRows = await tx.all<{ mutation_id: string; body_hash: string; result: string }>(
      `SELECT mutation_id, body_hash, result FROM mutations WHERE mutation_id IN (${req.mutations.map(() => '?').join(', ')})`,
      req.mutations.map(keyOf),
    )
    const stored = new Map(storedRows.map((r) => [r.mutation_id, r]))
    const reused = req.mutations.filter((m, i) => {
      const row = stored.get(keyOf(m))
      return row !== undefined && row.body_hash !== hashes[i]
    })
    if (reused.length) {
      throw conflict('mutation-id-reused', '同一 mutationId 已用于不同的修改 / mutationId already used for a different change', reused.map((m) => m.mutationId))
    }

    await writes.readBases(req.mutations.filter((m) => !stored.has(keyOf(m))))
    const results: MutationResult[] = []
    for (const [i, m] of req.mutations.entries()) {
      const done = stored.get(keyOf(m))
      // Already applied (a retry): the same answer again, and nothing written.
      results.push(done ? (JSON.parse(done.result) as MutationResult) : await this.apply(writes, actor, req.deviceId, m, hashes[i] as string))
    }
    await writes.writeAll()
    return { results }
  }

  private async apply(writes: PushWrites, actor: Actor, deviceId: string, m: Mutation, hash: string): Promise<MutationResult> {
    const def = entityKind(m.entity) as EntityKindDef
    const head = writes.heads.get(entityLockKey(m.entity, m.id))
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
      const base = await writes.revision(m.entity, m.id, m.baseRev)
      baseDoc = parseDoc(base?.doc ?? null)
      baseDeleted = asBool(base?.deleted)
    }

    const localDoc = proposedDoc(m, baseDoc)
    const localDeleted = m.deleted === true
    if (!localDoc) {
      if (!head) return reject(m, 'invalid-document', '没有可删除的内容 / Nothing to delete')
    } else if (localDoc !== m.doc) {
      // A whole document (m.doc) was validated with the request; a patched one is checked here.
      const problems = documentProblems(def, m, localDoc)
      if (problems.length) return reject(m, 'invalid-document', '数据校验未通过 / Invalid document', problems)
    }

    const branchId = head?.branch_id ?? (localDoc ? def.branchIdOf(localDoc, m.id) : undefined)
    if (!branchId) return reject(m, 'invalid-document', '缺少支部 / The document names no branch')
    if (localDoc) {
      const docBranch = def.branchIdOf(localDoc, m.id)
      if (docBranch !== branchId) return reject(m, 'branch-mismatch', '记录不能移到其他支部 / An entity cannot move to another branch')
    }
    if (!(await canWriteBranch(writes.tx, actor, branchId, m.entity))) return reject(m, 'forbidden', '无权修改 / Not allowed')

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
      const deletion = mergeDeletion({ doc: baseDoc, deleted: baseDeleted }, { doc: localDoc, deleted: localDeleted }, { doc: headDoc, deleted: headDeleted })
      newDeleted = deletion.deleted
      if (deletion.conflict) conflicts.push(deletion.conflict)
      // Only a merge makes a document that was not validated above.
      if (newDoc) {
        const problems = def.validate(newDoc)
        if (problems.length) return reject(m, 'invalid-document', '合并后的数据无效 / The merged document is invalid', problems)
      }
      if (conflicts.length) {
        const localBy: ChangeAuthor = { userId: actor.userId, userName: actor.displayName, deviceId, at: iso(now), rev: headRev + 1 }
        const edits = { base: baseDoc ?? {}, local: localDoc ?? {}, head: headDoc ?? {} }
        await attributeConflicts(writes, m, conflicts, { rev: m.baseRev, doc: baseDoc, deleted: baseDeleted }, localBy, edits, def.nestedFields)
      }
    }

    const newRev = headRev + 1
    let newConflict: EntityConflict | null = headConflict
    if (conflicts.length) {
      newConflict = {
        fields: joinConflicts(headConflict?.fields ?? [], conflicts),
        mutationId: m.mutationId,
        deviceId,
        userId: actor.userId,
        rev: newRev,
        at: iso(now),
        userName: actor.displayName,
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
        const refusal = await guardRefusal(writes, def.guard, m, branchId, headDoc)
        if (refusal) return refusal
      }
      const docText = newDoc === null ? null : JSON.stringify(newDoc)
      const conflictText = newConflict ? JSON.stringify(newConflict) : null
      writes.writeRevision(m, branchId, { branch_id: branchId, rev: newRev, doc: docText, deleted: bool(newDeleted), conflict: conflictText, updated_at: now }, [
        m.entity, m.id, newRev, docText, bool(newDeleted), m.mutationId, deviceId, actor.userId, now,
        conflicts.length ? JSON.stringify(localDoc) : null,
        conflicts.length ? JSON.stringify(conflicts) : null,
      ])
      result = conflicts.length
        ? { mutationId: m.mutationId, status: 'conflict', rev: newRev, doc: newDoc ?? {}, deleted: newDeleted, conflicts }
        : stale
          ? { mutationId: m.mutationId, status: 'applied', rev: newRev, merged: true, doc: newDoc ?? {} }
          : { mutationId: m.mutationId, status: 'applied', rev: newRev, merged: false }
    }
    writes.storeResult([mutationKey(actor.orgId, m.mutationId), hash, JSON.stringify(result), actor.userId, now])
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
         FROM feed f JOIN entities e ON e.org_id = f.org_id AND e.entity = f.entity AND e.id = f.id AND e.rev = f.rev
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
    // Only the caller's organization's entity of that id: another's is as unknown as an id never used.
    const head = await this.storage.get<{ branch_id: string }>('SELECT branch_id FROM entities WHERE org_id = ? AND entity = ? AND id = ?', [actor.orgId, entity, id])
    if (!head || !(await canReadBranch(this.storage, actor, head.branch_id))) throw notFound(`${entity} ${id}`)
    const rows = await this.storage.all<{
      rev: number; doc: string | null; deleted: number; mutation_id: string | null; device_id: string | null; user_id: string | null; at: number; incoming: string | null; conflicts: string | null
      user_name: string | null
    }>(
      `SELECT r.rev, r.doc, r.deleted, r.mutation_id, r.device_id, r.user_id, r.at, r.incoming, r.conflicts, u.display_name AS user_name
         FROM revisions r LEFT JOIN users u ON u.id = r.user_id
        WHERE r.org_id = ? AND r.entity = ? AND r.id = ? ORDER BY r.rev`,
      [actor.orgId, entity, id],
    )
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
      if (r.user_name !== null) entry.userName = r.user_name
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
async function guardRefusal(writes: PushWrites, guard: FreezeGuard, m: Mutation, branchId: string, stored: Doc): Promise<MutationResult | null> {
  if (!guard.isFrozen(stored, await writes.freezers(guard.frozenBy, branchId))) return null
  // The permit query compares feed positions: this request's own changes so far must be in the feed.
  await writes.writeAll()
  const permits = await writes.tx.all<{ doc: string | null }>(
    `SELECT e.doc FROM entities e JOIN feed f ON f.org_id = e.org_id AND f.entity = e.entity AND f.id = e.id
      WHERE e.org_id = ? AND e.entity = ? AND e.branch_id = ? AND e.deleted = ?
        AND f.seq > COALESCE((SELECT seq FROM feed WHERE org_id = ? AND entity = ? AND id = ?), 0)`,
    [writes.orgId, guard.permittedBy, branchId, bool(false), writes.orgId, m.entity, m.id],
  )
  for (const r of permits) {
    const doc = parseDoc(r.doc)
    if (doc && guard.permits(doc, m.id)) return null
  }
  return reject(m, guard.reason, guard.message)
}

/**
 * Says who made each side of the clashes a stale push just ran into: the pusher made the incoming
 * (`local`) value; the head's (`remote`) value was made by the revision after the push's base that
 * last set it (read from the stored revisions, with the authors' names). A delete-versus-edit clash
 * also lists the edits that keeping the deletion would drop. Clashes are rare, so the extra reads are.
 */
async function attributeConflicts(
  writes: PushWrites,
  m: Mutation,
  conflicts: FieldConflict[],
  base: { rev: number; doc: Doc | null; deleted: boolean },
  localBy: ChangeAuthor,
  docs: { base: Doc; local: Doc; head: Doc },
  nestedFields: readonly string[],
): Promise<void> {
  // Earlier mutations of this request must be readable as revisions too.
  await writes.writeRows()
  const rows = await writes.tx.all<{ rev: number; doc: string | null; deleted: number; device_id: string | null; user_id: string | null; at: number; user_name: string | null }>(
    `SELECT r.rev, r.doc, r.deleted, r.device_id, r.user_id, r.at, u.display_name AS user_name
       FROM revisions r LEFT JOIN users u ON u.id = r.user_id
      WHERE r.org_id = ? AND r.entity = ? AND r.id = ? AND r.rev > ? ORDER BY r.rev DESC LIMIT ${ATTRIBUTION_REVISIONS}`,
    [writes.orgId, m.entity, m.id, base.rev],
  )
  const revs = rows.reverse().map((r) => ({ ...r, parsed: parseDoc(r.doc), isDeleted: asBool(r.deleted) }))
  // A device far behind: the oldest revision read stands for everything before it.
  const sawBase = (revs[0]?.rev ?? base.rev + 1) === base.rev + 1
  const authorOf = (r: (typeof revs)[number]): ChangeAuthor => {
    const by: ChangeAuthor = { userId: r.user_id, deviceId: r.device_id, at: iso(r.at), rev: r.rev }
    if (r.user_name !== null) by.userName = r.user_name
    return by
  }
  const valueIn = (field: string, doc: Doc | null, deleted: boolean): unknown => (field === DELETED_FIELD ? deleted : fieldValue(doc, field))
  for (const c of conflicts) {
    c.localBy = localBy
    // The newest revision whose value differs from the one before it made the head's value.
    let maker = revs.at(-1)
    for (let i = revs.length - 1; i >= 0; i--) {
      const r = revs[i] as (typeof revs)[number]
      if (i === 0 && !sawBase) {
        maker = r
        break
      }
      const before = i > 0 ? (revs[i - 1] as (typeof revs)[number]) : { parsed: base.doc, isDeleted: base.deleted }
      if (!jsonEqual(valueIn(c.field, r.parsed, r.isDeleted) ?? null, valueIn(c.field, before.parsed, before.isDeleted) ?? null)) {
        maker = r
        break
      }
    }
    if (maker) c.remoteBy = authorOf(maker)
    if (c.field === DELETED_FIELD) {
      // The side that did not delete edited: those edits are what keeping the deletion would lose.
      const edited = c.local === true ? docs.head : docs.local
      c.edits = fieldEdits(docs.base, edited, { nestedFields })
    }
  }
}

/** At most this many revisions are read to find who made a clashing value (the newest ones). */
const ATTRIBUTION_REVISIONS = 100

/** Each entity once, in the order of the request. */
function uniqueEntities(mutations: readonly Mutation[]): { entity: string; id: string }[] {
  const keys = new Map<string, { entity: string; id: string }>()
  for (const m of mutations) keys.set(entityLockKey(m.entity, m.id), { entity: m.entity, id: m.id })
  return [...keys.values()]
}

/**
 * Appends the entities' new revisions to the change feed and drops their older feed rows (the feed
 * holds one row per entity, so a first pull reads each entity once). Sequence numbers are taken under
 * the feed lock, which is held to commit.
 */
async function appendFeedRows(tx: Tx, orgId: string, rows: readonly FeedRow[]): Promise<void> {
  await tx.lockFeed()
  // One round trip on PostgreSQL: the insert does not see the delete's effect, and needs not.
  await tx.write([
    {
      sql: `DELETE FROM feed WHERE org_id = ? AND (entity, id) IN (VALUES ${valuesList(rows.length, 2)})`,
      params: [orgId, ...rows.flatMap((r) => [r.entity, r.id])],
    },
    { insert: 'feed', columns: ['org_id', 'entity', 'id', 'rev', 'branch_id'], rows: rows.map((r) => [orgId, r.entity, r.id, r.rev, r.branchId]) },
  ])
}

/** Appends one entity's new revision to the change feed (see `appendFeedRows`). */
export async function appendFeed(tx: Tx, orgId: string, entity: string, id: string, rev: number, branchId: string): Promise<void> {
  await appendFeedRows(tx, orgId, [{ entity, id, rev, branchId }])
}

/** Creates an entity's first revision from the server itself (e.g. a branch created by the admin). */
export async function createEntityOnServer(
  tx: Tx,
  orgId: string,
  entity: EntityName,
  id: string,
  branchId: string,
  doc: Doc,
  userId: string,
  now: number,
): Promise<void> {
  await tx.lockEntity(entity, id)
  const text = JSON.stringify(doc)
  await tx.run('INSERT INTO entities (org_id, entity, id, branch_id, rev, doc, deleted, conflict, updated_at) VALUES (?, ?, ?, ?, 1, ?, 0, NULL, ?)', [
    orgId, entity, id, branchId, text, now,
  ])
  await tx.run('INSERT INTO revisions (org_id, entity, id, rev, doc, deleted, mutation_id, device_id, user_id, at) VALUES (?, ?, ?, 1, ?, 0, NULL, NULL, ?, ?)', [
    orgId, entity, id, text, userId, now,
  ])
  await appendFeed(tx, orgId, entity, id, 1, branchId)
}
