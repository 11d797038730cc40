// Field-level three-way merge of two edits of one document (the server on a stale push, the client on
// pull). Fields changed on one side only are taken from that side; a field both sides changed to
// different values is a conflict: reported with both values, never resolved silently.

export interface FieldConflict {
  /** Top-level field name, or `sections.<key>` for a kind-specific section. */
  field: string
  /** Absent (undefined) when that side removed the field. */
  base?: unknown
  local?: unknown
  remote?: unknown
  /** Who made the incoming (`local`) value: the device whose push clashed. Absent from older servers. */
  localBy?: ChangeAuthor
  /** Who made the value the head held (`remote`): the revision that last set it. Absent from older servers. */
  remoteBy?: ChangeAuthor
  /** `$deleted` only: the edits of the side that changed the entity, lost if the deletion is kept. */
  edits?: FieldEdit[]
}

/** One side of a clash: the account, the device and the time of the revision that made the value. */
export interface ChangeAuthor {
  userId: string | null
  /** The account's display name when the clash was recorded. */
  userName?: string
  deviceId: string | null
  at: string
  rev?: number
}

/** One field an edit changed: the value before (the common base) and after. */
export interface FieldEdit {
  field: string
  before?: unknown
  after?: unknown
}

export interface MergeResult<T extends object = Record<string, unknown>> {
  /** Every field resolved; a conflicting field keeps the remote (server) value until a person chooses. */
  merged: T
  conflicts: FieldConflict[]
}

export interface MergeOptions {
  /** Top-level fields holding an object merged one level deeper, key by key. */
  nestedFields?: readonly string[]
  /**
   * Bookkeeping timestamps both sides always touch: the later ISO value wins instead of clashing.
   * Comparing ISO strings works because both sides write UTC `toISOString()` values.
   */
  latestWinsFields?: readonly string[]
}

export const DEFAULT_MERGE_OPTIONS: Required<MergeOptions> = {
  nestedFields: ['sections'],
  latestWinsFields: ['updatedAt'],
}

type Obj = Record<string, unknown>

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Deep equality of JSON values: arrays by position, objects regardless of key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((x, i) => jsonEqual(x, b[i]))
  }
  const ao = a as Obj
  const bo = b as Obj
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined)
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined)
  if (ak.length !== bk.length) return false
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]))
}

function setField(target: Obj, key: string, value: unknown): void {
  if (value === undefined) return
  // defineProperty so that a key like "__proto__" stays plain data instead of touching the prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function mergeLevel(
  base: Obj,
  local: Obj,
  remote: Obj,
  prefix: string,
  opts: Required<MergeOptions>,
  conflicts: FieldConflict[],
): Obj {
  const merged: Obj = {}
  const keys = new Set([...Object.keys(base), ...Object.keys(local), ...Object.keys(remote)])
  for (const key of keys) {
    const b = base[key]
    const l = local[key]
    const r = remote[key]
    if (jsonEqual(l, r)) {
      setField(merged, key, l)
    } else if (jsonEqual(l, b)) {
      setField(merged, key, r)
    } else if (jsonEqual(r, b)) {
      setField(merged, key, l)
    } else if (prefix === '' && opts.latestWinsFields.includes(key) && typeof l === 'string' && typeof r === 'string') {
      setField(merged, key, l > r ? l : r)
    } else if (
      prefix === '' &&
      opts.nestedFields.includes(key) &&
      isPlainObject(l) &&
      isPlainObject(r) &&
      (b === undefined || isPlainObject(b))
    ) {
      setField(merged, key, mergeLevel(b ?? {}, l, r, `${key}.`, opts, conflicts))
    } else {
      const conflict: FieldConflict = { field: prefix + key }
      if (b !== undefined) conflict.base = b
      if (l !== undefined) conflict.local = l
      if (r !== undefined) conflict.remote = r
      conflicts.push(conflict)
      setField(merged, key, r)
    }
  }
  return merged
}

/**
 * Three-way merge over top-level fields. `base` is the common ancestor (the revision both edits
 * started from; `{}` for a document neither side had), `local` the incoming edit, `remote` the
 * current head. Arrays are whole values; the `sections` object is merged per section key.
 */
export function mergeFields<T extends object>(
  base: T | Obj,
  local: T | Obj,
  remote: T | Obj,
  options: MergeOptions = {},
): MergeResult<T> {
  const opts: Required<MergeOptions> = { ...DEFAULT_MERGE_OPTIONS, ...options }
  const conflicts: FieldConflict[] = []
  const merged = mergeLevel(base as Obj, local as Obj, remote as Obj, '', opts, conflicts)
  return { merged: merged as T, conflicts }
}

/** The top-level (and nested section) fields whose value differs between two versions. */
export function changedFields(before: object, after: object, options: MergeOptions = {}): string[] {
  const opts: Required<MergeOptions> = { ...DEFAULT_MERGE_OPTIONS, ...options }
  const b = before as Obj
  const a = after as Obj
  const out: string[] = []
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (jsonEqual(b[key], a[key])) continue
    const bv = b[key]
    const av = a[key]
    if (opts.nestedFields.includes(key) && isPlainObject(bv) && isPlainObject(av)) {
      for (const sub of new Set([...Object.keys(bv), ...Object.keys(av)])) {
        if (!jsonEqual(bv[sub], av[sub])) out.push(`${key}.${sub}`)
      }
    } else {
      out.push(key)
    }
  }
  return out
}

/** The value of a top-level field or of `sections.<key>` (a nested field, one level deep). */
export function fieldValue(doc: object | null | undefined, path: string): unknown {
  if (!doc) return undefined
  const d = doc as Obj
  const dot = path.indexOf('.')
  if (dot > 0) {
    const inner = d[path.slice(0, dot)]
    return isPlainObject(inner) ? inner[path.slice(dot + 1)] : undefined
  }
  return d[path]
}

/** What an edit changed, field by field, with the value before and after (bookkeeping `updatedAt` left out). */
export function fieldEdits(before: object, after: object, options: MergeOptions = {}): FieldEdit[] {
  const skip = options.latestWinsFields ?? DEFAULT_MERGE_OPTIONS.latestWinsFields
  return changedFields(before, after, options)
    .filter((f) => !skip.includes(f))
    .map((field) => {
      const edit: FieldEdit = { field }
      const b = fieldValue(before, field)
      const a = fieldValue(after, field)
      if (b !== undefined) edit.before = b
      if (a !== undefined) edit.after = a
      return edit
    })
}

// ---------------------------------------------------------------- deletion and clashes, on both sides

/**
 * The pseudo-field of a clash between deleting an entity and changing it (`local`/`remote` are then
 * booleans: deleted or not): the one spelling, for the server, the device and the screens.
 */
export const DELETED = '$deleted'

/** One version of an entity for `mergeDeletion`: its document (null: none) and whether it is deleted. */
export interface DeletionSide {
  doc: object | null
  deleted: boolean
}

/**
 * Whether a stale edit leaves the entity deleted. Deletion (or restoring) against a concurrent change of
 * the document is a clash, reported so nobody's edit is dropped silently; as with a field clash, the
 * stored (`remote`) state stays until a person chooses. A deletion nobody contradicted simply holds.
 */
export function mergeDeletion(base: DeletionSide, local: DeletionSide, remote: DeletionSide): { deleted: boolean; conflict: FieldConflict | null } {
  const changedSinceBase = (side: DeletionSide): boolean =>
    side.doc !== null && base.doc !== null ? changedFields(base.doc, side.doc).length > 0 : side.doc !== null
  const clash = (): FieldConflict => ({ field: DELETED, base: base.deleted, local: local.deleted, remote: remote.deleted })
  const localChanged = changedSinceBase(local)
  const remoteChanged = changedSinceBase(remote)
  if (local.deleted === remote.deleted) return { deleted: local.deleted, conflict: null }
  if (local.deleted !== base.deleted) {
    // The incoming side deleted (or restored) what the other side changed meanwhile.
    return remoteChanged ? { deleted: remote.deleted, conflict: clash() } : { deleted: local.deleted, conflict: null }
  }
  // The other side deleted (or restored) it while the incoming side edited it.
  return { deleted: remote.deleted, conflict: localChanged ? clash() : null }
}

/** The same clash met again: the same field with the same incoming value. */
export const sameClash = (a: FieldConflict, b: FieldConflict): boolean => a.field === b.field && jsonEqual(a.local, b.local)

/**
 * Joins clashes kept so far with newly found ones. A field that clashes again keeps its earlier entry:
 * that incoming value was not taken either, and the person choosing must see it (only the same field
 * with the same incoming value is replaced by the newer entry).
 */
export function joinConflicts(earlier: readonly FieldConflict[], newer: readonly FieldConflict[]): FieldConflict[] {
  return [...earlier.filter((f) => !newer.some((g) => sameClash(f, g))), ...newer]
}
