// The field-spec validator: a small declarative schema (`FieldSpec`), the checks that walk a document
// against it, and the builders the field tables are written with. Pure; reasons are plain `path: why`.

export type Doc = Record<string, unknown>

/** A small declarative schema: enough to check documents against the shapes in `types.ts`. */
export type FieldSpec =
  | { t: 'string'; max: number; min?: number; pattern?: RegExp; oneOf?: readonly string[]; optional?: boolean }
  | { t: 'int'; min: number; max: number; optional?: boolean }
  | { t: 'bool'; optional?: boolean }
  | { t: 'array'; of: FieldSpec; max: number; optional?: boolean }
  | { t: 'object'; fields: Record<string, FieldSpec>; optional?: boolean }
  /** Free-form JSON object (kind-specific sections), bounded in depth and size. */
  | { t: 'json-object'; maxDepth: number; maxKeys: number; maxString: number; optional?: boolean }

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
export const ISO_DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
export const CLOCK_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/
/** A record's period (`BranchRecord.period`): a year, a quarter or a month. */
export const RECORD_PERIOD_PATTERN = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/
export const ISO_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/

/** Upper bound of one document as JSON text; a record with long minutes stays far below. */
export const MAX_DOC_JSON_CHARS = 1_000_000

export const id = (optional = false): FieldSpec => ({ t: 'string', max: 64, pattern: ID_PATTERN, optional })
export const text = (max: number, optional = true): FieldSpec => ({ t: 'string', max, optional })
export const name = (optional = false): FieldSpec => ({ t: 'string', max: 100, optional })
export const isoDate = (optional = false): FieldSpec => ({ t: 'string', max: 10, pattern: ISO_DATE_PATTERN, optional })
export const timestamp = (optional = false): FieldSpec => ({ t: 'string', max: 40, pattern: ISO_TIMESTAMP_PATTERN, optional })
export const oneOf = (values: readonly string[], optional = false): FieldSpec => ({ t: 'string', max: 64, oneOf: values, optional })
export const count = (optional = true): FieldSpec => ({ t: 'int', min: 0, max: 1_000_000, optional })

export function describeValue(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`
}

function checkJsonObject(v: unknown, spec: Extract<FieldSpec, { t: 'json-object' }>, path: string, out: string[]): void {
  let keys = 0
  const walk = (x: unknown, p: string, depth: number): void => {
    if (out.length > 20) return
    if (depth > spec.maxDepth) {
      out.push(`${p}: nested deeper than ${spec.maxDepth} levels`)
      return
    }
    if (typeof x === 'string') {
      if (x.length > spec.maxString) out.push(`${p}: longer than ${spec.maxString} characters`)
    } else if (typeof x === 'number') {
      if (!Number.isFinite(x)) out.push(`${p}: not a finite number`)
    } else if (Array.isArray(x)) {
      x.forEach((item, i) => walk(item, `${p}[${i}]`, depth + 1))
    } else if (typeof x === 'object' && x !== null) {
      for (const [k, val] of Object.entries(x)) {
        if (++keys > spec.maxKeys) {
          out.push(`${path}: more than ${spec.maxKeys} entries`)
          return
        }
        if (k.length > 64) out.push(`${p}: a key is longer than 64 characters`)
        walk(val, `${p}.${k}`, depth + 1)
      }
    } else if (typeof x !== 'boolean' && x !== null) {
      out.push(`${p}: not a JSON value`)
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    out.push(`${path}: must be an object, got ${describeValue(v)}`)
    return
  }
  walk(v, path, 0)
}

/** Checks `value` against `spec`, appending plain reasons (`path: what is wrong`) to `out`. */
export function checkField(value: unknown, spec: FieldSpec, path: string, out: string[]): void {
  if (value === undefined) {
    if (!spec.optional) out.push(`${path}: required`)
    return
  }
  switch (spec.t) {
    case 'string':
      if (typeof value !== 'string') {
        out.push(`${path}: must be a string, got ${describeValue(value)}`)
      } else if (value.length > spec.max) {
        out.push(`${path}: longer than ${spec.max} characters`)
      } else if (spec.min !== undefined && value.length < spec.min) {
        out.push(`${path}: shorter than ${spec.min} characters`)
      } else if (spec.oneOf && !spec.oneOf.includes(value)) {
        out.push(`${path}: must be one of ${spec.oneOf.join(', ')}`)
      } else if (spec.pattern && !spec.pattern.test(value)) {
        out.push(`${path}: malformed value`)
      }
      return
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) out.push(`${path}: must be an integer, got ${describeValue(value)}`)
      else if (value < spec.min || value > spec.max) out.push(`${path}: must be between ${spec.min} and ${spec.max}`)
      return
    case 'bool':
      if (typeof value !== 'boolean') out.push(`${path}: must be true or false, got ${describeValue(value)}`)
      return
    case 'array':
      if (!Array.isArray(value)) {
        out.push(`${path}: must be an array, got ${describeValue(value)}`)
      } else if (value.length > spec.max) {
        out.push(`${path}: more than ${spec.max} items`)
      } else {
        for (let i = 0; i < value.length && out.length <= 20; i++) checkField(value[i], spec.of, `${path}[${i}]`, out)
      }
      return
    case 'object':
      checkObject(value, spec.fields, path, out)
      return
    case 'json-object':
      checkJsonObject(value, spec, path, out)
      return
  }
}

/** An object with exactly the declared fields: missing required ones and unknown ones are reported. */
export function checkObject(value: unknown, fields: Record<string, FieldSpec>, path: string, out: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.push(`${path || 'document'}: must be an object, got ${describeValue(value)}`)
    return
  }
  const prefix = path ? `${path}.` : ''
  for (const key of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(fields, key)) out.push(`${prefix}${key}: unknown field`)
  }
  for (const [key, spec] of Object.entries(fields)) {
    checkField((value as Doc)[key], spec, `${prefix}${key}`, out)
  }
}

export function validateAgainst(fields: Record<string, FieldSpec>, doc: unknown): string[] {
  const out: string[] = []
  checkObject(doc, fields, '', out)
  if (out.length === 0) {
    const size = JSON.stringify(doc).length
    if (size > MAX_DOC_JSON_CHARS) out.push(`document: larger than ${MAX_DOC_JSON_CHARS} characters`)
  }
  return out.slice(0, 20)
}

/**
 * One spec per field of `T`: adding a field to a type in `types.ts` without saying here how to check it
 * is a type error, so the server never silently rejects (or accepts) a field the app writes.
 */
export type Fields<T> = { [K in keyof Required<T>]: FieldSpec }
/** Every value of a string union, checked complete by the compiler. */
export const valuesOf = <T extends string>(all: Record<T, true>): T[] => Object.keys(all) as T[]

/** A tombstone flag in a document of the generic entity store. */
export const deletedFlag: FieldSpec = { t: 'bool', optional: true }

/** Rectification and plan entities: shape checks only; the ledger's own rules (canMarkDone) are the app's. */
export const validator = (fields: Record<string, FieldSpec>) => (doc: unknown) => validateAgainst(fields, doc)
