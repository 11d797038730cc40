// The backup file: one ZIP that a person can also open and read.
//   backup.json       format name and version, app version, export time, counts
//   branch.json       the branch (or null)
//   members.json      the roster
//   records.json      every record (tombstones included, so a restore does not bring deleted ones back)
//   drafts.json       unfinished drafts
//   attachments.json  [{hash, mime, size}] for every file below
//   entities.json     [{entity, id, doc}] every other synced entity (rectification ledger, plans, …),
//                     tombstones included; absent in backups made before it existed
//   attachments/<sha256>  the bytes, named by their own SHA-256
// Reading validates everything before anything is written; any problem is a 'corrupt-backup' error
// with a plain Chinese reason.
import type { Unzipped, Zippable } from 'fflate'
import { RECORD_SCHEMA_VERSION, type Branch, type BranchRecord, type Member } from '@/domain/types'
import { LocalStoreError, MAX_ATTACHMENT_BYTES, type Draft, type LocalErrorParams, type LocalErrorReason } from './contract'
import { sniffFileType } from './fileType'
import { isSha256Hex, sha256Hex } from './hash'
import { normalizeRecord } from './normalize'

// Defined by Vite (and vitest); declared here too so the file also type-checks in the Node project.
declare const __APP_VERSION__: string | undefined

export const BACKUP_FORMAT = 'branch-records-backup'
export const BACKUP_FORMAT_VERSION = 1
/** A JSON part larger than this is not ours (and might be a zip bomb). */
const MAX_JSON_BYTES = 256 * 1024 * 1024

export interface BackupManifest {
  format: typeof BACKUP_FORMAT
  formatVersion: number
  appVersion: string
  exportedAt: string
  recordSchemaVersion: number
  counts: { branch: number; members: number; records: number; drafts: number; attachments: number; entities?: number }
}

/** A synced entity of the generic store (`entityStore.ts`), as the backup carries it. */
export interface BackupEntity {
  entity: string
  id: string
  doc: Record<string, unknown>
}

export interface BackupAttachment {
  mime: string
  bytes: Uint8Array
}

export interface BackupContent {
  branch: Branch | null
  members: Member[]
  records: BranchRecord[]
  drafts: Draft[]
  attachments: ({ hash: string } & BackupAttachment)[]
  entities?: BackupEntity[]
}

export interface ParsedBackup {
  manifest: BackupManifest
  branch: Branch | null
  members: Member[]
  records: BranchRecord[]
  drafts: Draft[]
  /** Verified: every key is the SHA-256 of its bytes. */
  attachments: Map<string, BackupAttachment>
  /** Shape-checked only; each document is validated when it is restored (a bad one is skipped, said why). */
  entities: BackupEntity[]
}

// fflate builds its tables when it is evaluated; the local store loads with the first screen and backups
// are rare, so the zip code is loaded only when a backup is made or read.
const loadFflate = (): Promise<typeof import('fflate')> => import('fflate')

const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value, null, 1))

export async function buildBackup(content: BackupContent, exportedAt = new Date().toISOString()): Promise<Blob> {
  const { zipSync } = await loadFflate()
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    appVersion: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'unknown',
    exportedAt,
    recordSchemaVersion: RECORD_SCHEMA_VERSION,
    counts: {
      branch: content.branch ? 1 : 0,
      members: content.members.length,
      records: content.records.length,
      drafts: content.drafts.length,
      attachments: content.attachments.length,
      entities: content.entities?.length ?? 0,
    },
  }
  const files: Zippable = {
    'backup.json': json(manifest),
    'branch.json': json(content.branch),
    'members.json': json(content.members),
    'records.json': json(content.records),
    'drafts.json': json(content.drafts),
    'attachments.json': json(content.attachments.map(({ hash, mime, bytes }) => ({ hash, mime, size: bytes.byteLength }))),
    'entities.json': json(content.entities ?? []),
  }
  // Photos are compressed already: store them as they are.
  for (const a of content.attachments) files[`attachments/${a.hash}`] = [a.bytes, { level: 0 }]
  const zipped = zipSync(files, { level: 6 })
  return new Blob([zipped], { type: 'application/zip' })
}

const corrupt = (reason: LocalErrorReason, params: LocalErrorParams = {}, cause?: unknown): LocalStoreError =>
  new LocalStoreError('corrupt-backup', reason, params, cause)

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

function readJson(files: Unzipped, name: string): unknown {
  const bytes = files[name]
  if (!bytes) throw corrupt('backup-missing-file', { name })
  try {
    return JSON.parse(new TextDecoder().decode(bytes))
  } catch (e) {
    throw corrupt('backup-bad-json', { name }, e)
  }
}

function readArray(files: Unzipped, name: string): unknown[] {
  const value = readJson(files, name)
  if (!Array.isArray(value)) throw corrupt('backup-bad-shape', { name })
  return value
}

async function unzip(bytes: Uint8Array): Promise<Unzipped> {
  const { unzipSync } = await loadFflate()
  try {
    return unzipSync(bytes, {
      filter: (file) => {
        const limit = file.name.startsWith('attachments/') ? MAX_ATTACHMENT_BYTES : MAX_JSON_BYTES
        if (file.originalSize > limit) throw corrupt('backup-file-too-big', { name: file.name })
        return true
      },
    })
  } catch (e) {
    if (e instanceof LocalStoreError) throw e
    throw corrupt('backup-not-zip', {}, e)
  }
}

function checkManifest(value: unknown): BackupManifest {
  if (!isObject(value) || value.format !== BACKUP_FORMAT) {
    throw corrupt('backup-wrong-format')
  }
  const version = value.formatVersion
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw corrupt('backup-unknown-version')
  }
  if (version > BACKUP_FORMAT_VERSION) {
    throw corrupt('backup-newer-version', { version })
  }
  const counts = value.counts
  if (!isObject(counts) || !['branch', 'members', 'records', 'drafts', 'attachments'].every((k) => typeof counts[k] === 'number')) {
    throw corrupt('backup-manifest')
  }
  return value as unknown as BackupManifest
}

function checkBranch(value: unknown): Branch | null {
  if (value === null) return null
  if (!isObject(value) || typeof value.id !== 'string' || !value.id || typeof value.name !== 'string') {
    throw corrupt('backup-branch')
  }
  return value as unknown as Branch
}

function checkMembers(values: unknown[]): Member[] {
  const seen = new Set<string>()
  return values.map((v, i) => {
    if (!isObject(v) || typeof v.id !== 'string' || !v.id || typeof v.name !== 'string' || !v.name.trim()) {
      throw corrupt('backup-member-incomplete', { n: i + 1 })
    }
    if (seen.has(v.id)) throw corrupt('backup-member-twice', { name: v.name })
    seen.add(v.id)
    return v as unknown as Member
  })
}

function checkRecords(values: unknown[]): BranchRecord[] {
  const seen = new Set<string>()
  return values.map((v, i) => {
    const title = isObject(v) && typeof v.title === 'string' ? v.title : ''
    let doc: BranchRecord
    try {
      doc = normalizeRecord(v)
    } catch (e) {
      throw corrupt('backup-record-unreadable', { n: i + 1, title }, e)
    }
    if (seen.has(doc.id)) throw corrupt('backup-record-twice', { n: i + 1, title })
    seen.add(doc.id)
    return doc
  })
}

function checkDrafts(values: unknown[]): Draft[] {
  return values.map((v, i) => {
    if (!isObject(v) || typeof v.id !== 'string' || !isObject(v.doc) || v.doc.id !== v.id || typeof v.savedAt !== 'string') {
      throw corrupt('backup-draft', { n: i + 1 })
    }
    return v as unknown as Draft
  })
}

function checkEntities(values: unknown[]): BackupEntity[] {
  const seen = new Set<string>()
  return values.map((v, i) => {
    if (!isObject(v) || typeof v.entity !== 'string' || !v.entity || typeof v.id !== 'string' || !v.id || !isObject(v.doc) || v.doc.id !== v.id) {
      throw corrupt('backup-entity', { n: i + 1 })
    }
    const key = `${v.entity}\u0000${v.id}`
    if (seen.has(key)) throw corrupt('backup-entity-twice', { entity: v.entity, id: v.id })
    seen.add(key)
    return { entity: v.entity, id: v.id, doc: v.doc }
  })
}

async function checkAttachments(files: Unzipped, listing: unknown[]): Promise<Map<string, BackupAttachment>> {
  const mimes = new Map<string, string>()
  for (const entry of listing) {
    if (isObject(entry) && typeof entry.hash === 'string' && typeof entry.mime === 'string') mimes.set(entry.hash, entry.mime)
  }
  const out = new Map<string, BackupAttachment>()
  for (const [path, bytes] of Object.entries(files)) {
    if (!path.startsWith('attachments/') || path.endsWith('/')) continue
    const name = path.slice('attachments/'.length)
    if (!isSha256Hex(name)) throw corrupt('backup-attachment-name', { name })
    if ((await sha256Hex(bytes)) !== name) {
      throw corrupt('backup-attachment-damaged', { name: name.slice(0, 12) })
    }
    out.set(name, { mime: mimes.get(name) ?? sniffFileType(bytes)?.mime ?? 'application/octet-stream', bytes })
  }
  for (const hash of mimes.keys()) {
    if (!out.has(hash)) throw corrupt('backup-attachment-missing', { name: hash.slice(0, 12) })
  }
  return out
}

/** Reads and checks a backup completely; throws 'corrupt-backup' with the reason on the first problem. */
export async function parseBackup(file: Blob): Promise<ParsedBackup> {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await file.arrayBuffer())
  } catch (e) {
    throw corrupt('backup-unreadable', {}, e)
  }
  const files = await unzip(bytes)
  const manifest = checkManifest(readJson(files, 'backup.json'))
  const branch = checkBranch(readJson(files, 'branch.json'))
  const members = checkMembers(readArray(files, 'members.json'))
  const records = checkRecords(readArray(files, 'records.json'))
  const drafts = checkDrafts(readArray(files, 'drafts.json'))
  const attachments = await checkAttachments(files, files['attachments.json'] ? readArray(files, 'attachments.json') : [])
  const entities = files['entities.json'] ? checkEntities(readArray(files, 'entities.json')) : []

  const { counts } = manifest
  const actual = { branch: branch ? 1 : 0, members: members.length, records: records.length, drafts: drafts.length, attachments: attachments.size, entities: entities.length }
  for (const key of Object.keys(actual) as (keyof typeof actual)[]) {
    // Older backups have no entities at all (no count, no file).
    if (key === 'entities' && counts.entities === undefined && entities.length === 0) continue
    if (counts[key] !== actual[key]) {
      throw corrupt('backup-count', { what: key, listed: counts[key] ?? 0, actual: actual[key] })
    }
  }
  return { manifest, branch, members, records, drafts, attachments, entities }
}
