// The evidence package (整改佐证材料包): one ZIP an inspector can take away and check. It holds the report,
// the ledger, every linked record as a document with its photos, the attached files, and a manifest
// listing every file with its SHA-256 and, for records, the record id and revision it was made from —
// so anyone can verify that nothing was altered after export (`verifyEvidencePackage`).
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import type { Zippable } from 'fflate'
import { kindById } from '@/domain/kinds'
import type { BranchRecord, IsoTimestamp } from '@/domain/types'

export interface EvidencePackageRecord {
  record: BranchRecord
  /** The revision the document was made from. */
  rev: number
  docx: Uint8Array
  photos: { name: string; bytes: Uint8Array }[]
  /** Used in the file name; defaults to the kind's Chinese label. */
  kindLabel?: string
}

export interface EvidencePackageInput {
  reportDocx: Uint8Array
  ledgerXlsx: Uint8Array
  records: EvidencePackageRecord[]
  /** Attached files: rule documents, scans, photos linked directly to measures. */
  files: { name: string; bytes: Uint8Array }[]
  /** Printed at the top of 清单.txt, e.g. the inspection's title. */
  title?: string
  /** When the package was made (also the ZIP entries' time); now when absent. */
  createdAt?: IsoTimestamp
}

export type ManifestSource =
  | { type: 'report' }
  | { type: 'ledger' }
  | { type: 'record'; recordId: string; rev: number; kind: string; date: string; title: string }
  | { type: 'record-photo'; recordId: string; rev: number }
  | { type: 'file' }

export interface ManifestEntry {
  path: string
  sha256: string
  size: number
  source: ManifestSource
}

export interface EvidenceManifest {
  format: 'branch-records/evidence-package'
  version: 1
  createdAt: IsoTimestamp
  title?: string
  files: ManifestEntry[]
}

export const MANIFEST_PATH = 'manifest.json'
export const LISTING_PATH = '清单.txt'
export const REPORT_PATH = '整改情况通报.docx'
export const LEDGER_PATH = '整改台账.xlsx'
const RECORDS_DIR = '佐证材料'
const FILES_DIR = '附件'

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // crypto.subtle exists in browsers (secure contexts) and Node 20. Copy: digest() wants a plain ArrayBuffer view.
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(bytes))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** A safe file-name part: no path separators or characters Windows refuses, not too long. */
export function safeName(name: string, max = 60): string {
  const cleaned = name
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_') // eslint-disable-line no-control-regex
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
  const chars = Array.from(cleaned)
  return (chars.length > max ? chars.slice(0, max).join('') : cleaned) || '_'
}

function splitExt(name: string): [string, string] {
  const dot = name.lastIndexOf('.')
  return dot > 0 && name.length - dot <= 6 ? [name.slice(0, dot), name.slice(dot)] : [name, '']
}

/** Already-compressed formats are stored, not deflated again. */
function isCompressed(path: string): boolean {
  return /\.(docx|xlsx|pptx|zip|jpe?g|png|gif|webp|heic|pdf|mp4|mp3)$/i.test(path)
}

export async function buildEvidencePackage(input: EvidencePackageInput): Promise<Uint8Array> {
  const createdAt = input.createdAt ?? new Date().toISOString()
  const used = new Set<string>()
  const unique = (path: string): string => {
    if (!used.has(path.toLowerCase())) {
      used.add(path.toLowerCase())
      return path
    }
    const [base, ext] = splitExt(path)
    for (let n = 2; ; n++) {
      const candidate = `${base}-${n}${ext}`
      if (!used.has(candidate.toLowerCase())) {
        used.add(candidate.toLowerCase())
        return candidate
      }
    }
  }

  const entries: { path: string; bytes: Uint8Array; source: ManifestSource }[] = []
  entries.push({ path: unique(REPORT_PATH), bytes: input.reportDocx, source: { type: 'report' } })
  entries.push({ path: unique(LEDGER_PATH), bytes: input.ledgerXlsx, source: { type: 'ledger' } })

  const seen = new Set<string>()
  for (const r of input.records) {
    // The same record may prove several measures; it is packed once per revision.
    const key = `${r.record.id}@${r.rev}`
    if (seen.has(key)) continue
    seen.add(key)
    const kind = r.kindLabel ?? kindById(r.record.kind)?.label['zh-CN'] ?? r.record.kind
    const base = unique(`${RECORDS_DIR}/${safeName(`${r.record.date}-${kind}-${r.record.title}`, 80)}.docx`).replace(/\.docx$/, '')
    entries.push({
      path: `${base}.docx`,
      bytes: r.docx,
      source: { type: 'record', recordId: r.record.id, rev: r.rev, kind: r.record.kind, date: r.record.date, title: r.record.title },
    })
    for (const photo of r.photos) {
      entries.push({ path: unique(`${base}/${safeName(photo.name)}`), bytes: photo.bytes, source: { type: 'record-photo', recordId: r.record.id, rev: r.rev } })
    }
  }
  for (const file of input.files) {
    entries.push({ path: unique(`${FILES_DIR}/${safeName(file.name)}`), bytes: file.bytes, source: { type: 'file' } })
  }

  const files: ManifestEntry[] = []
  for (const e of entries) files.push({ path: e.path, sha256: await sha256Hex(e.bytes), size: e.bytes.length, source: e.source })
  const manifest: EvidenceManifest = {
    format: 'branch-records/evidence-package',
    version: 1,
    createdAt,
    ...(input.title ? { title: input.title } : {}),
    files,
  }

  const mtime = new Date(createdAt)
  const zippable: Zippable = {}
  for (const e of entries) zippable[e.path] = [e.bytes, { level: isCompressed(e.path) ? 0 : 6, mtime }]
  zippable[MANIFEST_PATH] = [strToU8(JSON.stringify(manifest, null, 2)), { level: 6, mtime }]
  zippable[LISTING_PATH] = [strToU8(listing(manifest)), { level: 6, mtime }]
  return zipSync(zippable)
}

function describeSource(s: ManifestSource): string {
  switch (s.type) {
    case 'report': return '整改情况通报'
    case 'ledger': return '整改台账'
    case 'record': return `会议记录 ${s.recordId} 第${s.rev}版`
    case 'record-photo': return `会议记录 ${s.recordId} 第${s.rev}版的照片`
    case 'file': return '附件'
  }
}

/** The human-readable listing: what each file is and its SHA-256, with how to check it. */
function listing(m: EvidenceManifest): string {
  const lines = [
    m.title ? `${m.title} · 整改佐证材料清单` : '整改佐证材料清单',
    `生成时间：${m.createdAt}`,
    `文件数：${m.files.length}`,
    '',
    '每个文件的 SHA-256 校验值如下。核对方法：重新计算文件的 SHA-256（如 Windows：certutil -hashfile 文件名 SHA256；',
    'macOS / Linux：shasum -a 256 文件名），与下表一致即说明文件自导出后未被改动。manifest.json 中有同样的内容，供程序核对。',
    '',
  ]
  m.files.forEach((f, i) => {
    lines.push(`${i + 1}. ${f.path}`)
    lines.push(`   来源：${describeSource(f.source)}；大小：${f.size} 字节`)
    lines.push(`   SHA-256：${f.sha256}`)
  })
  return lines.join('\r\n') + '\r\n'
}

export interface PackageMismatch {
  path: string
  problem: 'missing' | 'hash' | 'size' | 'unlisted'
  expected?: string
  actual?: string
}

export interface PackageVerification {
  ok: boolean
  mismatches: PackageMismatch[]
  /** Set when the manifest itself is missing or unreadable. */
  error?: string
  manifest?: EvidenceManifest
}

function isManifest(value: unknown): value is EvidenceManifest {
  if (!value || typeof value !== 'object') return false
  const v = value as Partial<EvidenceManifest>
  return v.format === 'branch-records/evidence-package' && Array.isArray(v.files) &&
    v.files.every((f) => typeof f?.path === 'string' && typeof f.sha256 === 'string' && typeof f.size === 'number')
}

/** Checks every file of a package against its manifest: missing, changed, or added files are reported. */
export async function verifyEvidencePackage(zipBytes: Uint8Array): Promise<PackageVerification> {
  let unzipped: Record<string, Uint8Array>
  try {
    unzipped = unzipSync(zipBytes)
  } catch (e) {
    return { ok: false, mismatches: [], error: `not a ZIP file: ${(e as Error).message}` }
  }
  const raw = unzipped[MANIFEST_PATH]
  if (!raw) return { ok: false, mismatches: [], error: 'manifest.json is missing' }
  let manifest: unknown
  try {
    manifest = JSON.parse(strFromU8(raw))
  } catch {
    return { ok: false, mismatches: [], error: 'manifest.json is not valid JSON' }
  }
  if (!isManifest(manifest)) return { ok: false, mismatches: [], error: 'manifest.json is not an evidence-package manifest' }

  const mismatches: PackageMismatch[] = []
  const listed = new Set<string>()
  for (const f of manifest.files) {
    listed.add(f.path)
    const bytes = unzipped[f.path]
    if (!bytes) {
      mismatches.push({ path: f.path, problem: 'missing', expected: f.sha256 })
      continue
    }
    const actual = await sha256Hex(bytes)
    if (actual !== f.sha256) mismatches.push({ path: f.path, problem: 'hash', expected: f.sha256, actual })
    else if (bytes.length !== f.size) mismatches.push({ path: f.path, problem: 'size', expected: String(f.size), actual: String(bytes.length) })
  }
  for (const path of Object.keys(unzipped)) {
    if (path === MANIFEST_PATH || path === LISTING_PATH || path.endsWith('/')) continue
    if (!listed.has(path)) mismatches.push({ path, problem: 'unlisted' })
  }
  return { ok: mismatches.length === 0, mismatches, manifest }
}
