// Checks of a push request's shape, and the small helpers both sides use on mutations.
import { checkField, checkObject, describeValue, id, oneOf, type Doc } from './fieldSpec'
import { ENTITY_NAMES } from './entityKinds'
import type { Mutation } from './wire'

export const MAX_MUTATIONS_PER_PUSH = 500

/** Structural check of a push body (the server's JSON schema says the same; clients use this too). */
export function validatePushRequest(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [`document: must be an object, got ${describeValue(body)}`]
  const out: string[] = []
  for (const key of Object.keys(body)) {
    if (key !== 'deviceId' && key !== 'mutations') out.push(`${key}: unknown field`)
  }
  const { deviceId, mutations } = body as { deviceId?: unknown; mutations?: unknown }
  checkField(deviceId, id(), 'deviceId', out)
  if (!Array.isArray(mutations)) {
    out.push(mutations === undefined ? 'mutations: required' : `mutations: must be an array, got ${describeValue(mutations)}`)
  } else if (mutations.length > MAX_MUTATIONS_PER_PUSH) {
    out.push(`mutations: more than ${MAX_MUTATIONS_PER_PUSH} items`)
  } else {
    mutations.forEach((m, i) => {
      for (const reason of validateMutationShape(m)) out.push(`mutations[${i}].${reason}`)
    })
  }
  return out.slice(0, 50)
}

/** Shape of one mutation (not its document: that is the entity validator's job). */
export function validateMutationShape(m: unknown): string[] {
  const out: string[] = []
  checkObject(
    m,
    {
      mutationId: id(),
      entity: oneOf(ENTITY_NAMES),
      id: id(),
      baseRev: { t: 'int', min: 0, max: Number.MAX_SAFE_INTEGER },
      doc: { t: 'json-object', maxDepth: 10, maxKeys: 100_000, maxString: 100_000, optional: true },
      changedFields: { t: 'json-object', maxDepth: 10, maxKeys: 100_000, maxString: 100_000, optional: true },
      deleted: { t: 'bool', optional: true },
      resolvesConflict: { t: 'bool', optional: true },
    },
    '',
    out,
  )
  if (out.length > 0) return out
  const mm = m as Mutation
  if (mm.doc !== undefined && mm.changedFields !== undefined) out.push('doc: send either doc or changedFields, not both')
  if (mm.doc === undefined && mm.changedFields === undefined && mm.deleted !== true) {
    out.push('doc: required (or changedFields, or deleted: true)')
  }
  if (mm.changedFields !== undefined && mm.baseRev === 0) out.push('changedFields: a new entity needs a whole doc')
  return out
}

/** Applies `changedFields` on top of a base document (`null` removes a field). */
export function applyChangedFields(base: Doc, changed: Doc): Doc {
  const out: Doc = { ...base }
  for (const [k, v] of Object.entries(changed)) {
    if (v === null) delete out[k]
    else Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
  }
  return out
}

/** The document a mutation proposes, given the document at its base revision. */
export function proposedDoc(m: Mutation, baseDoc: Doc | null): Doc | null {
  if (m.doc !== undefined) return m.doc
  if (m.changedFields !== undefined) return applyChangedFields(baseDoc ?? {}, m.changedFields)
  return baseDoc
}

/** JSON with object keys sorted: equal values give equal text (used for the idempotency hash). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .filter((k) => (value as Doc)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Doc)[k])}`)
    return `{${entries.join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
