// The quarter's bound volume as one Word document: book by book, each record's own page (from
// buildRecordDocx) moved in whole with its photos, every image link pointing at a file in the package.
import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { buildQuarterVolumeDocx, volumeBooks, type VolumeRecord } from '@/export/quarterVolumeDocx'
import { makeRecord } from './helpers'

const xmlText = (xml: string) => xml.replace(/<[^>]+>/g, '')

/** A valid PNG header of the given size (enough for Word to place it, and for docx to read its size). */
function png(width: number, height: number, tag: number): Uint8Array {
  const bytes = new Uint8Array(40)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  const view = new DataView(bytes.buffer)
  view.setUint32(16, width)
  view.setUint32(20, height)
  bytes[39] = tag // distinct bytes: docx stores identical images once
  return bytes
}

const META = { branchName: '机关第一党支部', year: 2026, quarter: 2, generatedAt: '2026-07-15T02:00:00.000Z' }

function volume(): VolumeRecord[] {
  const noPhotos = { photos: [], signatures: {} }
  return [
    { record: makeRecord('themed-party-day', '2026-05-20', { ...noPhotos, title: '五月主题党日' }), assets: { photos: [{ bytes: png(640, 480, 1), caption: '集体学习' }] } },
    { record: makeRecord('committee-meeting', '2026-06-10', { ...noPhotos, title: '第六次支委会' }), assets: { photos: [{ bytes: png(800, 600, 2), caption: '会议现场' }, { bytes: png(300, 900, 3) }], signatures: { chair: png(200, 80, 4) } } },
    { record: makeRecord('committee-meeting', '2026-04-08', { ...noPhotos, title: '第四次支委会' }) },
    { record: makeRecord('committee-meeting', '2026-05-12', { ...noPhotos, title: '第五次支委会' }), assets: { photos: [{ bytes: png(640, 480, 5), caption: '签到表' }] } },
  ]
}

describe('quarter volume', () => {
  it('groups records into books in the order of the kinds table, each book by meeting date', () => {
    const books = volumeBooks(volume())
    expect(books.map((b) => b.kindId)).toEqual(['committee-meeting', 'themed-party-day'])
    expect(books[0]!.records.map((r) => r.record.title)).toEqual(['第四次支委会', '第五次支委会', '第六次支委会'])
    expect(books[0]!.label['zh-CN']).toBe('支委会记录本')
  })

  it('is one DOCX with a cover, each book and every record in order, with every photo linked to a file in the package', async () => {
    const files = unzipSync(await buildQuarterVolumeDocx(volume(), META, 'zh-CN'))
    const xml = strFromU8(files['word/document.xml']!)
    const text = xmlText(xml)
    expect(text).toContain('机关第一党支部')
    expect(text).toContain('2026年第二季度组织生活记录合订本')
    expect(text).toContain('共4份记录')
    expect(text).not.toContain('QUARTER-VOLUME-RECORD')
    // Contents first, then the pages: the last occurrences of the titles are the pages, in binding order.
    const order = ['支委会记录本', '第四次支委会', '第五次支委会', '第六次支委会', '主题党日记录本', '五月主题党日'].map((s) => text.lastIndexOf(s))
    expect(order.every((pos, i) => pos > 0 && (i === 0 || pos > order[i - 1]!))).toBe(true)
    // Each record page is buildRecordDocx's page: its own header table and 散会 line.
    expect(text.match(/会议名称/g)?.length).toBe(4)
    expect(text).toContain('集体学习')
    expect(text).toContain('签到表')

    // Every image reference resolves to a relationship whose file is in the package.
    const rels = strFromU8(files['word/_rels/document.xml.rels']!)
    const embeds = [...xml.matchAll(/r:embed="([^"]+)"/g)].map((m) => m[1]!)
    expect(embeds.length).toBe(5) // four photos and one signature
    for (const id of embeds) {
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1]
      expect(target, id).toBeDefined()
      expect(files[`word/${target}`], target).toBeDefined()
    }
    expect(Object.keys(files).filter((f) => f.startsWith('word/media/'))).toHaveLength(5)
    // Drawing ids are unique across the merged records.
    const ids = [...xml.matchAll(/<wp:docPr id="(\d+)"/g)].map((m) => m[1])
    expect(new Set(ids).size).toBe(ids.length)
    // Each record and each book starts on a new page; one body, one final section.
    expect(xml.match(/<w:pageBreakBefore\/>/g)?.length).toBe(4 + 2)
    expect(xml.match(/<w:body>/g)?.length).toBe(1)
    expect(xml.match(/<w:sectPr/g)?.length).toBe(1)
    expect(strFromU8(files['[Content_Types].xml']!)).toContain('Extension="png"')
  })

  it('says so when the quarter has no finished records, and speaks English when asked', async () => {
    const empty = xmlText(strFromU8(unzipSync(await buildQuarterVolumeDocx([], META, 'zh-CN'))['word/document.xml']!))
    expect(empty).toContain('本季度没有已完成的记录')
    const en = xmlText(strFromU8(unzipSync(await buildQuarterVolumeDocx(volume().slice(0, 1), META, 'en'))['word/document.xml']!))
    expect(en).toContain('Bound records, Q2 2026')
    expect(en).toContain('Themed party day book')
    expect(en).toContain('五月主题党日')
  })
})
