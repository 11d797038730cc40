import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { LEDGER_FIRST_DATA_ROW, LEDGER_HEADER_ROW, buildLedgerXlsx } from '@/export/ledgerXlsx'
import type { Measure } from '@/domain/rectification/types'
import { categories, evidence, findings, inspection, measure, measures, records } from '../rectification/ledgerFixture'

async function load(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  return wb
}

const text = (v: ExcelJS.CellValue) => (v === null || v === undefined ? '' : String(v))

const extra: Measure[] = [...measures, measure('m4b', 'f4', 2, 'done', { text: '建立记录互查制度', noEvidenceReason: '制度已在会上口头部署，文件待印发', completedOn: '2026-09-01' })]
const wb = await load(await buildLedgerXlsx({ inspection, categories, findings, measures: extra, evidence, records, today: '2026-10-01' }))
const ws = wb.getWorksheet('整改台账')!

function row(n: number): string[] {
  return Array.from({ length: 10 }, (_, i) => text(ws.getRow(n).getCell(i + 1).value))
}

describe('buildLedgerXlsx', () => {
  it('has the title, the inspection line and the ledger header', () => {
    expect(text(ws.getCell(1, 1).value)).toBe('某街道党工委巡察整改台账')
    expect(text(ws.getCell(2, 1).value)).toContain('区委第三巡察组')
    expect(row(LEDGER_HEADER_ROW)).toEqual(['序号', '问题类别', '问题', '整改措施', '牵头领导', '责任部门/责任人', '整改时限', '整改状态', '完成时间', '佐证材料'])
    expect(ws.getRow(LEDGER_HEADER_ROW).getCell(1).font?.bold).toBe(true)
  })

  it('writes one row per measure, findings numbered continuously in category order', () => {
    const data = Array.from({ length: 7 }, (_, i) => row(LEDGER_FIRST_DATA_ROW + i))
    expect(data.map((r) => r[3])).toEqual([
      '一是严格执行中心组学习计划',
      '二是建立中心组学习督办机制。',
      '一是修订第一议题制度',
      '二是规范第一议题记录',
      '一是每月召开支委会',
      '一是开展会议记录规范化培训',
      '二是建立记录互查制度',
    ])
    expect(text(ws.getRow(LEDGER_FIRST_DATA_ROW + 7).getCell(4).value)).toBe('') // nothing after the last measure
    expect(data[0]?.slice(0, 3)).toEqual(['1', '贯彻落实党中央决策部署方面', '中心组学习计划执行不到位'])
    expect(data[4]?.slice(0, 3)).toEqual(['3', '基层党组织建设方面', '部分党支部支委会未按月召开，党课次数不足。'])
    expect(data[0]?.slice(4, 9)).toEqual(['王书记', '党建办', '2026年9月30日', '已完成·销号', '2026年9月20日'])
    expect(data[3]?.[7]).toBe('整改中')
  })

  it('merges the finding cells over its measures', () => {
    const first = LEDGER_FIRST_DATA_ROW
    expect(ws.getCell(first + 1, 3).isMerged).toBe(true)
    expect(ws.getCell(first + 1, 3).master.address).toBe(ws.getCell(first, 3).address)
    expect(ws.getCell(first + 4, 3).isMerged).toBe(false) // f3 has a single measure
  })

  it('describes evidence item by item, and a missing-evidence reason', () => {
    const data = Array.from({ length: 7 }, (_, i) => row(LEDGER_FIRST_DATA_ROW + i)[9])
    expect(data[0]).toBe('2026年9月12日 中心组理论学习：2026年第5次中心组学习')
    expect(data[1]).toBe('《中心组学习督办办法》（街党工委发〔2026〕12号，2026年8月5日印发）')
    expect(data[2]).toBe('2026年7月3日 支部委员会会议：7月支委会（审议通过修订后的第一议题制度）')
    expect(data[5]).toBe('') // only deleted evidence
    expect(data[6]).toBe('无佐证材料，原因：制度已在会上口头部署，文件待印发')
  })

  it('wraps text in data cells', () => {
    expect(ws.getRow(LEDGER_FIRST_DATA_ROW).getCell(4).alignment?.wrapText).toBe(true)
  })

  it('adds the progress per category with totals', () => {
    const ps = wb.getWorksheet('整改进度')!
    const values = (n: number) => Array.from({ length: 6 }, (_, i) => text(ps.getRow(n).getCell(i + 1).value))
    expect(values(1)).toEqual(['问题类别', '反馈问题', '已完成', '正在整改', '逾期', '完成率'])
    expect(values(2)).toEqual(['贯彻落实党中央决策部署方面', '2', '1', '1', '1', '50%'])
    expect(values(3)).toEqual(['基层党组织建设方面', '2', '1', '1', '1', '50%'])
    expect(values(4)).toEqual(['合计', '4', '2', '2', '2', '50%'])
  })

  it('speaks English when asked', async () => {
    const en = await load(await buildLedgerXlsx({ inspection, categories, findings, measures, evidence, records, today: '2026-10-01', locale: 'en' }))
    const sheet = en.getWorksheet('Ledger')!
    expect(text(sheet.getRow(LEDGER_HEADER_ROW).getCell(4).value)).toBe('Measure')
    expect(text(sheet.getRow(LEDGER_FIRST_DATA_ROW).getCell(4).value)).toBe('first, 严格执行中心组学习计划')
  })
})
