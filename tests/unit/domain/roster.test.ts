import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ExcelJS from 'exceljs'
import { parseRosterDate, parseRosterRows, rosterErrorText, type RosterParseResult } from '@/domain/roster'
import { RosterFileError, readRosterFile } from '@/export/rosterFile'

const fixture = (name: string): ArrayBuffer => {
  const buf = readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)))
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer
}
const options = { branchId: 'b1', now: '2026-01-01T00:00:00.000Z' }
const HEADER = ['姓名', '性别', '党员类别', '党小组', '支部职务', '状态', '入党日期', '备注']

function ok(result: RosterParseResult): Extract<RosterParseResult, { ok: true }> {
  if (!result.ok) throw new Error(result.errors.map((e) => rosterErrorText(e)['zh-CN']).join('\n'))
  return result
}
function errors(result: RosterParseResult): string[] {
  if (result.ok) throw new Error('expected errors')
  return result.errors.map((e) => rosterErrorText(e)['zh-CN'])
}

describe('roster import from the sample CSV', () => {
  it('reads 23 members in 3 groups with roles, situations and voting rights', async () => {
    const rows = await readRosterFile(fixture('roster.csv'), 'roster.csv')
    const { members, partyGroups } = ok(parseRosterRows(rows, options))
    expect(members).toHaveLength(23)
    expect(partyGroups.map((g) => g.name)).toEqual(['第一党小组', '第二党小组', '第三党小组'])
    const byName = new Map(members.map((m) => [m.name, m]))
    expect(byName.get('周建华')).toMatchObject({ committeeRole: 'secretary', membership: 'full', votingRights: true, gender: 'male', joinedOn: '2003-07-01', situation: 'on-duty', partyGroupId: partyGroups[0]!.id })
    expect(byName.get('孙志远')?.committeeRole).toBe('deputy-secretary')
    expect(byName.get('梁晓东')).toMatchObject({ membership: 'probationary', votingRights: false })
    expect(byName.get('何春燕')).toMatchObject({ situation: 'seconded', note: '借调至区委组织部' })
    expect(byName.get('于振华')?.situation).toBe('unreachable')
    expect(byName.get('许卫东')?.situation).toBe('mobile')
    expect(byName.get('沈浩然')?.situation).toBe('sick-leave')
    expect(byName.get('马秀兰')?.situation).toBe('stepped-back')
    expect(members.filter((m) => m.committeeRole).length).toBe(5)
    expect(members.filter((m) => !m.votingRights).map((m) => m.name)).toEqual(['梁晓东', '董佳怡', '彭小雨'])
    expect(new Set(members.map((m) => m.id)).size).toBe(23)
    expect(members.every((m) => m.branchId === 'b1' && m.active)).toBe(true)
  })

  it('reads the same roster saved by Excel as GBK (GB18030) CSV', async () => {
    const utf8 = await readRosterFile(fixture('roster.csv'), 'roster.csv')
    const gbk = await readRosterFile(fixture('roster-gbk.csv'), '花名册.CSV')
    expect(gbk).toEqual(utf8)
  })

  it('strips the byte-order mark Excel puts before "CSV UTF-8"', async () => {
    const bytes = new TextEncoder().encode('\uFEFF姓名,党员类别\r\n周建华,正式党员\r\n')
    const rows = await readRosterFile(bytes.buffer as ArrayBuffer, 'a.csv')
    expect(rows).toEqual([['姓名', '党员类别'], ['周建华', '正式党员']])
    expect(ok(parseRosterRows(rows, options)).members[0]?.name).toBe('周建华')
  })
})

describe('bad rows', () => {
  it('reports every bad row with its row number and imports nothing', async () => {
    const rows = await readRosterFile(fixture('roster-bad.csv'), 'roster-bad.csv')
    const result = parseRosterRows(rows, options)
    expect(result.ok).toBe(false)
    expect(result).not.toHaveProperty('members')
    expect(errors(result)).toEqual([
      '第3行：姓名只写了姓：王，请填写全名',
      '第4行：缺少姓名',
      '第5行：党员类别“积极分子”无法识别，应为“正式党员”或“预备党员”',
      '第6行：支部职务“主席”无法识别，应为书记、副书记、组织委员、纪检委员、宣传委员或委员',
      '第7行：状态“休假”无法识别，应为在岗、借调、退二线、流动、失联、出国(境)、病休或其他',
      '第8行：入党日期“2005-02-30”不是有效日期，应写成 2003-07-01',
      '第9行：姓名“周建华”与第2行重复',
    ])
  })

  it('counts blank lines in the row numbers', () => {
    const result = parseRosterRows([HEADER, ['周建华', '男', '正式党员'], [''], ['李', '男', '正式党员']], options)
    expect(errors(result)).toEqual(['第4行：姓名只写了姓：李，请填写全名'])
  })

  it('refuses an empty file, a header without members, and a file without a 姓名 column', () => {
    expect(errors(parseRosterRows([], options))).toEqual(['第1行：文件是空的'])
    expect(errors(parseRosterRows([[''], []], options))).toEqual(['第1行：文件是空的'])
    expect(errors(parseRosterRows([HEADER], options))).toEqual(['第2行：文件中没有成员（只有表头）'])
    expect(errors(parseRosterRows([['名字', '党员类别'], ['周建华', '正式党员']], options))[0]).toMatch(/^第1行：.*“姓名”列/)
  })

  it('accepts English headers, other date forms, spaced names and a 表决权 override', () => {
    const rows = [
      ['Name', 'Gender', 'Membership', 'Party group', 'Committee role', 'Status', 'Joined on', 'Voting rights'],
      ['张  三', 'female', 'full', 'Group 1', 'secretary', 'abroad', '2003/7/1', ''],
      ['Li Ming', '', 'probationary', '', '', '出国（境）', '2010年3月5日', ''],
      ['欧阳娜娜', '女', '正式党员', 'Group 1', '', '', '', '否'],
    ]
    const { members, partyGroups } = ok(parseRosterRows(rows, options))
    expect(members.map((m) => m.name)).toEqual(['张三', 'Li Ming', '欧阳娜娜'])
    expect(members[0]).toMatchObject({ gender: 'female', committeeRole: 'secretary', situation: 'abroad', joinedOn: '2003-07-01', votingRights: true })
    expect(members[1]).toMatchObject({ situation: 'abroad', joinedOn: '2010-03-05', votingRights: false })
    expect(members[1]?.partyGroupId).toBeUndefined()
    expect(members[2]?.votingRights).toBe(false) // 表决权 column overrides membership
    expect(partyGroups).toHaveLength(1)
  })

  it('keeps ids of existing members and groups on re-import', () => {
    const result = ok(parseRosterRows([HEADER, ['周建华', '男', '正式党员', '第一党小组']], {
      ...options, existingMembers: [{ id: 'old-zhou', name: '周建华' }], existingGroups: [{ id: 'g-old', name: '第一党小组' }],
    }))
    expect(result.members[0]).toMatchObject({ id: 'old-zhou', partyGroupId: 'g-old' })
    expect(result.partyGroups).toEqual([{ id: 'g-old', name: '第一党小组' }])
  })

  it('wants a membership column, one secretary, and yes/no in 表决权', () => {
    expect(errors(parseRosterRows([['姓名'], ['周建华']], options))).toEqual(['第1行：缺少“党员类别”列（正式党员／预备党员）'])
    expect(errors(parseRosterRows([HEADER, ['周建华', '男', '正式党员', '', '书记'], ['林晓梅', '女', '正式党员', '', '书记']], options)))
      .toEqual(['第3行：书记只能有一名（第2行已是书记）'])
    expect(errors(parseRosterRows([['姓名', '党员类别', '表决权'], ['周建华', '正式党员', '也许']], options)))
      .toEqual(['第2行：表决权“也许”无法识别，应为“是”或“否”'])
  })
})

describe('dates', () => {
  it('normalizes the forms people type', () => {
    expect(parseRosterDate('2003-7-1')).toBe('2003-07-01')
    expect(parseRosterDate('2003.07.01')).toBe('2003-07-01')
    expect(parseRosterDate('37803')).toBe('2003-07-01') // Excel day number
    expect(parseRosterDate('2003-13-01')).toBeNull()
    expect(parseRosterDate('2003-07')).toBeNull()
  })
})

describe('XLSX', () => {
  async function workbookBytes(fill: (ws: ExcelJS.Worksheet) => void): Promise<ArrayBuffer> {
    const wb = new ExcelJS.Workbook()
    fill(wb.addWorksheet('花名册'))
    wb.addWorksheet('说明').addRow(['这一页不应被读取'])
    const buf = await wb.xlsx.writeBuffer()
    return buf instanceof ArrayBuffer ? buf : (new Uint8Array(buf as ArrayLike<number>).buffer as ArrayBuffer)
  }

  it('reads the first worksheet with real dates, numbers and rich text', async () => {
    const bytes = await workbookBytes((ws) => {
      ws.addRow(HEADER)
      ws.addRow(['周建华', '男', '正式党员', '第一党小组', '书记', '在岗', new Date(Date.UTC(2003, 6, 1)), ''])
      ws.addRow([{ richText: [{ text: '林' }, { font: { bold: true }, text: '晓梅' }] }, '女', '预备党员', '第一党小组', '', '在岗', '2025-06-30', 12345])
      ws.addRow([])
      ws.addRow(['高明', '男', '正式党员', '第二党小组', '', '借调', null, { formula: '1+1', result: 2 }])
    })
    const rows = await readRosterFile(bytes, 'roster.xlsx')
    expect(rows[1]?.[6]).toBe('2003-07-01')
    expect(rows[2]?.[0]).toBe('林晓梅')
    expect(rows[2]?.[7]).toBe('12345')
    expect(rows[3]?.every((c) => c === '')).toBe(true)
    expect(rows[4]?.[7]).toBe('2')
    const { members, partyGroups } = ok(parseRosterRows(rows, options))
    expect(members.map((m) => m.name)).toEqual(['周建华', '林晓梅', '高明'])
    expect(members[0]?.joinedOn).toBe('2003-07-01')
    expect(members[1]).toMatchObject({ membership: 'probationary', votingRights: false })
    expect(partyGroups).toHaveLength(2)
  })

  it('reports bad XLSX rows with their row numbers in the sheet', async () => {
    const bytes = await workbookBytes((ws) => {
      ws.addRow(HEADER)
      ws.addRow(['周建华', '男', '正式党员'])
      ws.addRow([])
      ws.addRow(['张', '男', '正式党员'])
    })
    expect(errors(parseRosterRows(await readRosterFile(bytes, 'r.xlsx'), options))).toEqual(['第4行：姓名只写了姓：张，请填写全名'])
  })

  it('refuses corrupt and unsupported files clearly', async () => {
    const junk = new TextEncoder().encode('this is not a zip').buffer as ArrayBuffer
    await expect(readRosterFile(junk, 'roster.xlsx')).rejects.toThrow(RosterFileError)
    await expect(readRosterFile(junk, 'roster.xlsx')).rejects.toThrow(/已损坏/)
    await expect(readRosterFile(junk, 'roster.xls')).rejects.toThrow(/\.xls/)
    await expect(readRosterFile(junk, 'roster.pdf')).rejects.toThrow(/CSV 或 Excel/)
    await expect(readRosterFile(new ArrayBuffer(0), 'roster.csv')).rejects.toThrow(/空/)
  })
})
