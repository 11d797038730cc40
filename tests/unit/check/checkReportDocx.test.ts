import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { buildCheckReportDocx } from '@/export/checkReportDocx'
import { check, makeRecord } from './helpers'

const xmlText = (xml: string) => xml.replace(/<[^>]+>/g, '')

describe('check report as Word', () => {
  const records = [makeRecord('committee-meeting', '2026-04-08', { place: '' })]
  const result = check({ records })

  it('builds a .docx whose document.xml holds the branch name, the requirements and the findings', async () => {
    const bytes = await buildCheckReportDocx(result, { branchName: '机关第一党支部', year: 2026, quarter: 2, generatedAt: '2026-07-15T02:00:00.000Z' }, 'zh-CN')
    expect(bytes).toBeInstanceOf(Uint8Array)
    const files = unzipSync(bytes)
    expect(Object.keys(files)).toContain('word/document.xml')
    const text = xmlText(strFromU8(files['word/document.xml']!))
    expect(text).toContain('机关第一党支部2026年第二季度组织生活记录检查报告')
    expect(text).toContain('支部委员会会议')
    const placeFinding = result.findings.find((f) => f.details?.element === 'place')!
    expect(text).toContain(placeFinding.message['zh-CN'])
    const missing = result.findings.find((f) => f.code === 'missing-meeting')!
    expect(text).toContain(missing.message['zh-CN'])
    expect(text).toContain('本季度尚未签核')
  })

  it('prints the sign-off, and speaks English when asked', async () => {
    const signoff = { id: 's', branchId: 'b1', year: 2026, quarter: 2 as const, signedBy: '周建华', signedAt: '2026-07-03T08:00:00.000Z', comment: '已逐本检查' }
    const bytes = await buildCheckReportDocx(result, { branchName: 'Branch One', year: 2026, quarter: 2, generatedAt: '2026-07-15T02:00:00.000Z', signoff }, 'en')
    const text = xmlText(strFromU8(unzipSync(bytes)['word/document.xml']!))
    expect(text).toContain('Branch One: record check, Q2 2026')
    expect(text).toContain('周建华')
    expect(text).toContain('已逐本检查')
    expect(text).toContain('2026-07-03 16:00')
    expect(text).toContain(result.findings[0]!.message.en)
  })
})
