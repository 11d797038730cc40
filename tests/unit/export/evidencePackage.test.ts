import { createHash } from 'node:crypto'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { LISTING_PATH, MANIFEST_PATH, buildEvidencePackage, safeName, sha256Hex, verifyEvidencePackage } from '@/export/evidencePackage'
import type { EvidenceManifest, EvidencePackageInput } from '@/export/evidencePackage'
import { makeRecord, records } from '../rectification/ledgerFixture'

// Independent of the code under test: node:crypto, not crypto.subtle.
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const bytes = (s: string) => strToU8(s)

const r1 = records.r1!
const tricky = makeRecord({ id: 'r9', kind: 'committee-meeting', date: '2026-07-03', title: '研究整改: 方案/分工 "第一稿"?' })

const input: EvidencePackageInput = {
  reportDocx: bytes('report-docx-bytes'),
  ledgerXlsx: bytes('ledger-xlsx-bytes'),
  records: [
    { record: r1, rev: 3, docx: bytes('docx of r1'), photos: [{ name: '现场.jpg', bytes: bytes('photo-1') }, { name: '签到表.jpg', bytes: bytes('photo-2') }] },
    { record: r1, rev: 3, docx: bytes('docx of r1'), photos: [] }, // linked to two measures: packed once
    { record: tricky, rev: 1, docx: bytes('docx of r9'), photos: [] },
    { record: { ...tricky, id: 'r10' }, rev: 2, docx: bytes('docx of r10'), photos: [] }, // same date, kind and title
  ],
  files: [{ name: '中心组学习督办办法.pdf', bytes: bytes('%PDF-rule') }, { name: '../../etc/passwd', bytes: bytes('not escaping') }],
  title: '区委第三巡察组巡察整改',
  createdAt: '2026-10-01T08:00:00.000Z',
}

const zip = await buildEvidencePackage(input)
const files = unzipSync(zip)
const manifest = JSON.parse(strFromU8(files[MANIFEST_PATH]!)) as EvidenceManifest

function rezip(entries: Record<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, v])))
}

describe('buildEvidencePackage', () => {
  it('holds the report, the ledger, the records, their photos, the files, the manifest and the listing', () => {
    expect(Object.keys(files).sort()).toEqual([
      LISTING_PATH,
      MANIFEST_PATH,
      '佐证材料/2026-07-03-支部委员会会议-研究整改_ 方案_分工 _第一稿__-2.docx',
      '佐证材料/2026-07-03-支部委员会会议-研究整改_ 方案_分工 _第一稿__.docx',
      `佐证材料/2026-09-12-中心组理论学习-2026年第5次中心组学习.docx`,
      `佐证材料/2026-09-12-中心组理论学习-2026年第5次中心组学习/现场.jpg`,
      `佐证材料/2026-09-12-中心组理论学习-2026年第5次中心组学习/签到表.jpg`,
      '整改台账.xlsx',
      '整改情况通报.docx',
      '附件/_.._etc_passwd', // no separators, no leading dots: cannot escape the folder
      '附件/中心组学习督办办法.pdf',
    ].sort())
    expect(strFromU8(files['整改情况通报.docx']!)).toBe('report-docx-bytes')
  })

  it('lists every file in the manifest with its SHA-256 and size', () => {
    const listed = manifest.files.map((f) => f.path).sort()
    expect(listed).toEqual(Object.keys(files).filter((p) => p !== MANIFEST_PATH && p !== LISTING_PATH).sort())
    for (const f of manifest.files) {
      expect(f.sha256).toBe(sha(files[f.path]!))
      expect(f.size).toBe(files[f.path]!.length)
    }
    expect(manifest).toMatchObject({ format: 'branch-records/evidence-package', version: 1, createdAt: '2026-10-01T08:00:00.000Z', title: '区委第三巡察组巡察整改' })
  })

  it('records the record id and revision each document and photo came from', () => {
    const docs = manifest.files.filter((f) => f.source.type === 'record').map((f) => f.source)
    expect(docs).toEqual(expect.arrayContaining([
      { type: 'record', recordId: 'r1', rev: 3, kind: 'theory-study-group', date: '2026-09-12', title: '2026年第5次中心组学习' },
      expect.objectContaining({ recordId: 'r9', rev: 1 }),
      expect.objectContaining({ recordId: 'r10', rev: 2 }),
    ]))
    expect(docs).toHaveLength(3)
    expect(manifest.files.filter((f) => f.source.type === 'record-photo').map((f) => f.source)).toEqual([
      { type: 'record-photo', recordId: 'r1', rev: 3 },
      { type: 'record-photo', recordId: 'r1', rev: 3 },
    ])
  })

  it('writes a human-readable listing with every path and hash', () => {
    const listing = strFromU8(files[LISTING_PATH]!)
    expect(listing).toContain('区委第三巡察组巡察整改 · 整改佐证材料清单')
    for (const f of manifest.files) {
      expect(listing).toContain(f.path)
      expect(listing).toContain(f.sha256)
    }
    expect(listing).toContain('会议记录 r1 第3版')
  })

  it('marks UTF-8 file names so Chinese names survive on every unzip tool', () => {
    // General-purpose flag bit 11 in the first local file header.
    expect((zip[7]! & 0x08) !== 0).toBe(true)
  })
})

describe('verifyEvidencePackage', () => {
  it('accepts the package as built', async () => {
    const result = await verifyEvidencePackage(zip)
    expect(result.ok).toBe(true)
    expect(result.mismatches).toEqual([])
    expect(result.manifest?.files).toHaveLength(manifest.files.length)
  })

  it('detects a tampered file', async () => {
    const tampered = { ...files, '附件/中心组学习督办办法.pdf': bytes('%PDF-rule (edited)') }
    const result = await verifyEvidencePackage(rezip(tampered))
    expect(result.ok).toBe(false)
    expect(result.mismatches).toEqual([{
      path: '附件/中心组学习督办办法.pdf', problem: 'hash', expected: sha(bytes('%PDF-rule')), actual: sha(bytes('%PDF-rule (edited)')),
    }])
  })

  it('detects a removed file and an added file', async () => {
    const changed: Record<string, Uint8Array> = { ...files, '佐证材料/补充.docx': bytes('added later') }
    delete changed['整改台账.xlsx']
    const result = await verifyEvidencePackage(rezip(changed))
    expect(result.ok).toBe(false)
    expect(result.mismatches).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: '整改台账.xlsx', problem: 'missing' }),
      { path: '佐证材料/补充.docx', problem: 'unlisted' },
    ]))
  })

  it('does not trust a manifest edited to match a tampered file unless its hash really matches', async () => {
    const edited: Record<string, Uint8Array> = { ...files, '整改情况通报.docx': bytes('forged') }
    const m: EvidenceManifest = JSON.parse(strFromU8(files[MANIFEST_PATH]!))
    m.files = m.files.map((f) => (f.path === '整改情况通报.docx' ? { ...f, sha256: '0'.repeat(64) } : f))
    edited[MANIFEST_PATH] = strToU8(JSON.stringify(m))
    expect((await verifyEvidencePackage(rezip(edited))).mismatches.map((x) => x.path)).toEqual(['整改情况通报.docx'])
  })

  it('reports a missing or broken manifest and a non-ZIP input', async () => {
    const noManifest = { ...files }
    delete noManifest[MANIFEST_PATH]
    expect(await verifyEvidencePackage(rezip(noManifest))).toMatchObject({ ok: false, error: 'manifest.json is missing' })
    expect(await verifyEvidencePackage(rezip({ ...files, [MANIFEST_PATH]: bytes('{not json') }))).toMatchObject({ ok: false })
    expect(await verifyEvidencePackage(rezip({ ...files, [MANIFEST_PATH]: bytes('{"files": 1}') }))).toMatchObject({ ok: false })
    expect((await verifyEvidencePackage(bytes('plain text'))).ok).toBe(false)
  })
})

describe('helpers', () => {
  it('hashes like node:crypto', async () => {
    expect(await sha256Hex(bytes('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('makes safe file names', () => {
    expect(safeName('a/b\\c:d*e?f"g<h>i|j')).toBe('a_b_c_d_e_f_g_h_i_j')
    expect(safeName('..隐藏')).toBe('隐藏')
    expect(safeName('   ')).toBe('_')
    expect(Array.from(safeName('长'.repeat(100))).length).toBe(60)
  })
})
