import { describe, expect, it } from 'vitest'
import { buildRecordDocx, sniffImageSize, sniffImageType } from '@/export/recordDocx'
import { makeRecord } from '../rectification/ledgerFixture'
import { docxParts, documentXml, paragraphsOf } from './docxText'

/** A real 1×1 PNG. */
export const PNG_1X1 = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0))

/** The start of a JPEG: SOI, an APP0 segment of 16 bytes, then SOF0 with height 480 and width 640. */
const JPEG_HEAD = Uint8Array.from([
  0xff, 0xd8,
  0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00,
])

const record = makeRecord({
  id: 'rec-1',
  kind: 'committee-meeting',
  date: '2026-09-12',
  title: '2026年9月支部委员会会议',
  sequence: 9,
  startTime: '14:30',
  endTime: '16:00',
  place: '街道党群服务中心三楼会议室',
  chair: '王建国',
  recorder: '李晓梅',
  attendance: [
    { memberId: 'm1', name: '王建国', status: 'present' },
    { memberId: 'm2', name: '李晓梅', status: 'present' },
    { memberId: 'm3', name: '张卫东', status: 'present' },
    { memberId: 'm4', name: '赵丽', status: 'absent', reason: '出差' },
    { memberId: 'm5', name: '陈刚', status: 'observer' },
  ],
  guests: [{ name: '刘强', role: '街道党工委组织委员' }],
  agenda: [
    { id: 'a1', title: '学习习近平总书记重要讲话精神', isFirstTopic: true, material: { title: '《在全国组织工作会议上的讲话》', source: '《求是》2026年第5期', speechDate: '2026-03-01' } },
    { id: 'a2', title: '研究巡察整改工作方案', isFirstTopic: false },
  ],
  speeches: [{ id: 's1', speaker: '张卫东', content: '建议把整改任务分解到人。' }],
  decisions: [
    { id: 'd1', text: '通过《巡察整改工作方案》', rule: 'committee', yes: 3, no: 0, abstain: 0 },
    { id: 'd2', text: '下次会议听取整改进展', rule: 'committee' },
  ],
  summary: '会议要求逐项抓好整改落实。',
  ended: true,
})

const bytes = await buildRecordDocx(record, '支部委员会会议', 'zh-CN', {
  rev: 4,
  photos: [{ bytes: PNG_1X1, caption: '会议现场' }, { bytes: Uint8Array.from([1, 2, 3]), caption: '损坏的图片' }],
  signatures: { chair: PNG_1X1 },
})
const xml = documentXml(bytes)
const text = paragraphsOf(xml)

describe('buildRecordDocx', () => {
  it('has a heading with the kind and a header table with the meeting elements', () => {
    expect(text[0]).toBe('支部委员会会议记录')
    expect(xml).toContain('<w:tbl>')
    for (const s of ['会议名称', '2026年9月支部委员会会议（第9次）', '2026-09-12 14:30—16:00', '街道党群服务中心三楼会议室', '王建国', '李晓梅']) {
      expect(text).toContain(s)
    }
  })

  it('counts expected and present, lists absentees with reasons and observers', () => {
    const idx = text.indexOf('应到人数')
    expect(text.slice(idx, idx + 4)).toEqual(['应到人数', '4', '实到人数', '3'])
    expect(text).toContain('王建国、李晓梅、张卫东')
    expect(text).toContain('赵丽（出差）')
    expect(text).toContain('陈刚、刘强（街道党工委组织委员）')
  })

  it('lays out agenda with the first topic flagged, speeches, decisions with counts, summary and 散会', () => {
    expect(text).toContain('1. 学习习近平总书记重要讲话精神（第一议题）\n学习材料：《在全国组织工作会议上的讲话》，《求是》2026年第5期，讲话日期：2026-03-01')
    expect(text).toContain('张卫东：建议把整改任务分解到人。')
    expect(text).toContain('1. 通过《巡察整改工作方案》（赞成3票，反对0票，弃权0票）')
    expect(text).toContain('2. 下次会议听取整改进展（未记录表决票数）')
    expect(text).toContain('会议要求逐项抓好整改落实。')
    const ended = text.indexOf('散会。')
    expect(ended).toBeGreaterThan(text.indexOf('会议要求逐项抓好整改落实。'))
    expect(text[ended + 1]?.trim()).toBe('主持人（签字）：王建国') // then the signature image
  })

  it('embeds the photos and signature given as bytes, and says so when one cannot be embedded', () => {
    const media = Object.keys(docxParts(bytes)).filter((p) => p.startsWith('word/media/'))
    expect(media.length).toBeGreaterThanOrEqual(1)
    expect(xml.match(/<pic:pic/g)?.length).toBe(2) // one photo + the chair's signature
    expect(text).toContain('会议现场')
    expect(text).toContain('（图片格式无法嵌入：损坏的图片）')
  })

  it('cites the record id and revision at the foot', () => {
    expect(text.at(-1)).toContain('记录编号：rec-1')
    expect(text.at(-1)).toContain('版本：4')
  })

  it('notes a record that does not mark its end, and renders kind-specific sections', async () => {
    const talk = makeRecord({
      id: 'rec-2', kind: 'heart-talk', date: '2026-08-01', title: '谈心谈话', ended: false,
      sections: { initiator: '王建国', counterpart: '赵丽', pairing: 'committee-member', topics: '围绕巡察整改谈思想认识' },
    })
    const t = paragraphsOf(documentXml(await buildRecordDocx(talk, '谈心谈话', 'zh-CN')))
    expect(t).toContain('（记录未注明散会）')
    expect(t).toContain('谈话对象：赵丽')
    expect(t).toContain('谈话类型：支委与党员之间') // the select's label, not its value
  })

  it('says which period a record held late is for, and nothing when it counts by its date', async () => {
    const review = makeRecord({ id: 'rec-3', kind: 'ideology-review', date: '2026-07-08', title: '第二季度意识形态工作研判', period: '2026-Q2' })
    const zh = paragraphsOf(documentXml(await buildRecordDocx(review, '意识形态工作研判', 'zh-CN')))
    expect(zh).toContain('所属期间')
    expect(zh).toContain('2026年第二季度')
    const en = paragraphsOf(documentXml(await buildRecordDocx(review, 'Ideology review', 'en')))
    expect(en).toContain('Counts for')
    expect(en).toContain('Q2 2026')
    expect(text).not.toContain('所属期间')
  })
})

describe('image sniffing', () => {
  it('reads type and size from PNG and JPEG headers', () => {
    expect(sniffImageType(PNG_1X1)).toBe('png')
    expect(sniffImageSize(PNG_1X1)).toEqual({ width: 1, height: 1 })
    expect(sniffImageType(JPEG_HEAD)).toBe('jpg')
    expect(sniffImageSize(JPEG_HEAD)).toEqual({ width: 640, height: 480 })
    expect(sniffImageType(Uint8Array.from([0, 1, 2]))).toBeUndefined()
    expect(sniffImageSize(Uint8Array.from([0xff, 0xd8, 0x00]))).toBeUndefined()
  })
})
