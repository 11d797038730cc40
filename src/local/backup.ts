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
import { LocalStoreError, MAX_ATTACHMENT_BYTES, type Draft } from './contract'
import { describe } from './errors'
import { sniffFileType } from './fileType'
import { isSha256Hex, sha256Hex } from './hash'
import { normaliseRecord } from './normalise'

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

const corrupt = (reason: string, cause?: unknown): LocalStoreError =>
  new LocalStoreError('corrupt-backup', reason, cause)

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

function readJson(files: Unzipped, name: string): unknown {
  const bytes = files[name]
  if (!bytes) throw corrupt(`备份文件不完整：缺少 ${name}。`)
  try {
    return JSON.parse(new TextDecoder().decode(bytes))
  } catch (e) {
    throw corrupt(`备份文件已损坏：${name} 不是有效的 JSON。`, e)
  }
}

function readArray(files: Unzipped, name: string): unknown[] {
  const value = readJson(files, name)
  if (!Array.isArray(value)) throw corrupt(`备份文件已损坏：${name} 的内容格式不对。`)
  return value
}

async function unzip(bytes: Uint8Array): Promise<Unzipped> {
  const { unzipSync } = await loadFflate()
  try {
    return unzipSync(bytes, {
      filter: (file) => {
        const limit = file.name.startsWith('attachments/') ? MAX_ATTACHMENT_BYTES : MAX_JSON_BYTES
        if (file.originalSize > limit) throw corrupt(`备份文件中的 ${file.name} 大得不正常，不是本应用导出的备份。`)
        return true
      },
    })
  } catch (e) {
    if (e instanceof LocalStoreError) throw e
    throw corrupt('这个文件不是有效的备份文件（无法解压）。请选择本应用导出的 .zip 备份。', e)
  }
}

function checkManifest(value: unknown): BackupManifest {
  if (!isObject(value) || value.format !== BACKUP_FORMAT) {
    throw corrupt('这个压缩包不是本应用导出的备份（格式名称不符）。')
  }
  const version = value.formatVersion
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw corrupt('备份文件的格式版本无法识别。')
  }
  if (version > BACKUP_FORMAT_VERSION) {
    throw corrupt(`这个备份来自更新版本的应用（格式版本 ${version}），请先更新本应用再恢复。`)
  }
  const counts = value.counts
  if (!isObject(counts) || !['branch', 'members', 'records', 'drafts', 'attachments'].every((k) => typeof counts[k] === 'number')) {
    throw corrupt('备份文件的清单（backup.json）不完整。')
  }
  return value as unknown as BackupManifest
}

function checkBranch(value: unknown): Branch | null {
  if (value === null) return null
  if (!isObject(value) || typeof value.id !== 'string' || !value.id || typeof value.name !== 'string') {
    throw corrupt('备份中的支部信息格式不对。')
  }
  return value as unknown as Branch
}

function checkMembers(values: unknown[]): Member[] {
  const seen = new Set<string>()
  return values.map((v, i) => {
    if (!isObject(v) || typeof v.id !== 'string' || !v.id || typeof v.name !== 'string' || !v.name.trim()) {
      throw corrupt(`备份中的第 ${i + 1} 位党员信息不完整（缺少编号或姓名）。`)
    }
    if (seen.has(v.id)) throw corrupt(`备份中的党员「${v.name}」出现了两次。`)
    seen.add(v.id)
    return v as unknown as Member
  })
}

function checkRecords(values: unknown[]): BranchRecord[] {
  const seen = new Set<string>()
  return values.map((v, i) => {
    const title = isObject(v) && typeof v.title === 'string' && v.title ? `（${v.title}）` : ''
    let doc: BranchRecord
    try {
      doc = normaliseRecord(v)
    } catch (e) {
      throw corrupt(`备份中的第 ${i + 1} 条记录${title}无法读取：${describe(e)}`, e)
    }
    if (seen.has(doc.id)) throw corrupt(`备份中的第 ${i + 1} 条记录${title}与前面的记录编号重复。`)
    seen.add(doc.id)
    return doc
  })
}

function checkDrafts(values: unknown[]): Draft[] {
  return values.map((v, i) => {
    if (!isObject(v) || typeof v.id !== 'string' || !isObject(v.doc) || v.doc.id !== v.id || typeof v.savedAt !== 'string') {
      throw corrupt(`备份中的第 ${i + 1} 份草稿格式不对。`)
    }
    return v as unknown as Draft
  })
}

function checkEntities(values: unknown[]): BackupEntity[] {
  const seen = new Set<string>()
  return values.map((v, i) => {
    if (!isObject(v) || typeof v.entity !== 'string' || !v.entity || typeof v.id !== 'string' || !v.id || !isObject(v.doc) || v.doc.id !== v.id) {
      throw corrupt(`备份中的第 ${i + 1} 项其他数据（如整改台账）格式不对。`)
    }
    const key = `${v.entity}\u0000${v.id}`
    if (seen.has(key)) throw corrupt(`备份中的其他数据「${v.entity} ${v.id}」出现了两次。`)
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
    if (!isSha256Hex(name)) throw corrupt(`备份中的附件文件名「${name}」不对。`)
    if ((await sha256Hex(bytes)) !== name) {
      throw corrupt(`备份中的附件 ${name.slice(0, 12)}… 已损坏（内容与校验值不符）。`)
    }
    out.set(name, { mime: mimes.get(name) ?? sniffFileType(bytes)?.mime ?? 'application/octet-stream', bytes })
  }
  for (const hash of mimes.keys()) {
    if (!out.has(hash)) throw corrupt(`备份文件不完整：缺少附件 ${hash.slice(0, 12)}…。`)
  }
  return out
}

/** Reads and checks a backup completely; throws 'corrupt-backup' with the reason on the first problem. */
export async function parseBackup(file: Blob): Promise<ParsedBackup> {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await file.arrayBuffer())
  } catch (e) {
    throw corrupt('无法读取这个文件。', e)
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
      throw corrupt(`备份文件不完整：清单上写有 ${counts[key]} 个${COUNT_WORDS[key]}，实际有 ${actual[key]} 个。`)
    }
  }
  return { manifest, branch, members, records, drafts, attachments, entities }
}

const COUNT_WORDS = { branch: '支部', members: '党员', records: '记录', drafts: '草稿', attachments: '附件', entities: '其他数据' } as const
