import { describe, expect, it } from 'vitest'
import { kindById } from '@/domain/kinds'
import { canFinish, isBlank, missingElements, nameProblem, newlyMissing } from '@/domain/validation'
import type { KindDef } from '@/domain/kindSchema'
import type { AttachmentRef, BranchRecord } from '@/domain/types'
import { entry, member, record } from './helpers'

const sig = (role: AttachmentRef['role']): AttachmentRef => ({ hash: 'ab'.repeat(32), mime: 'image/png', size: 10, role })
const kind = (id: string): KindDef => {
  const k = kindById(id)
  if (!k) throw new Error(id)
  return k
}
const committee = kind('committee-meeting')

const [zhou, lin, zheng] = [member('周建华'), member('林晓梅'), member('郑国强')]

function completeCommitteeMeeting(over: Partial<BranchRecord> = {}): BranchRecord {
  return record({
    startTime: '09:00',
    endTime: '10:30',
    place: '党员活动室',
    chair: '周建华',
    recorder: '林晓梅',
    attendance: [entry(zhou, 'present'), entry(lin, 'present'), entry(zheng, 'absent', '出差')],
    agenda: [
      { id: 'a1', title: '学习习近平总书记重要讲话精神', isFirstTopic: true, material: { title: '在全国组织工作会议上的讲话' } },
      { id: 'a2', title: '研究发展党员工作', isFirstTopic: false },
    ],
    decisions: [{ id: 'd1', text: '同意确定张晓明为发展对象', rule: 'committee', yes: 2, no: 0, abstain: 0 }],
    ended: true,
    signatures: { chair: sig('signature'), recorder: sig('signature') },
    ...over,
  })
}

const zh = (r: BranchRecord, k: KindDef = committee): string[] => missingElements(r, k).map((m) => m.message['zh-CN'])

describe('missingElements', () => {
  it('accepts a complete committee meeting', () => {
    expect(zh(completeCommitteeMeeting())).toEqual([])
    expect(canFinish(completeCommitteeMeeting(), committee)).toBe(true)
  })

  it('names every missing element in plain Chinese', () => {
    const r = completeCommitteeMeeting({
      place: '  ', chair: '', recorder: undefined, startTime: undefined, ended: false, signatures: {},
    })
    const messages = zh(r)
    expect(messages).toEqual(expect.arrayContaining([
      '缺少会议地点', '缺少主持人', '缺少记录人', '缺少开始时间', '缺少“散会”结束标记', '缺少主持人签名', '缺少记录人签名',
    ]))
    expect(canFinish(r, committee)).toBe(false)
    expect(missingElements(r, committee).find((m) => m.message['zh-CN'] === '缺少会议地点')?.element).toBe('place')
    // English is complete too.
    for (const m of missingElements(r, committee)) expect(m.message.en).not.toBe('')
  })

  it('wants a reason for every absentee and exclusion', () => {
    const r = completeCommitteeMeeting({
      attendance: [entry(zhou, 'present'), entry(lin, 'absent'), entry(zheng, 'excluded', ' ')],
    })
    expect(zh(r)).toEqual(['缺席人员 林晓梅 未注明原因', '不计入应到人员 郑国强 未注明原因'])
  })

  it('wants vote counts on every decision', () => {
    const r = completeCommitteeMeeting({
      decisions: [
        { id: 'd1', text: '同意确定张晓明为发展对象', rule: 'committee', yes: 2 },
        { id: 'd2', text: '同意', rule: 'committee', yes: 2, no: 0, abstain: 0 },
      ],
    })
    expect(zh(r)).toEqual(['决定事项“同意确定张晓明为发展对象”缺少表决票数'])
  })

  it('wants 第一议题 first with its material', () => {
    const base = completeCommitteeMeeting()
    const swapped = completeCommitteeMeeting({ agenda: [base.agenda[1]!, base.agenda[0]!] })
    expect(zh(swapped)).toEqual(['第一议题应列为第一项议程'])
    const none = completeCommitteeMeeting({ agenda: [base.agenda[1]!] })
    expect(zh(none)).toEqual(['缺少第一议题'])
    const noMaterial = completeCommitteeMeeting({ agenda: [{ ...base.agenda[0]!, material: { title: '' } }, base.agenda[1]!] })
    expect(zh(noMaterial)).toEqual(['第一议题缺少学习材料名称'])
  })

  it('rejects surname-only names', () => {
    const r = completeCommitteeMeeting({ chair: '王', recorder: '李书记' })
    expect(zh(r)).toEqual(['姓名只写了姓：王', '姓名不完整：李书记'])
    expect(nameProblem('欧阳娜娜')).toBeNull()
    expect(nameProblem('高明')).toBeNull()
    expect(nameProblem('Alice')).toBeNull()
    expect(nameProblem('老王')?.['zh-CN']).toBe('姓名不完整：老王')
  })

  it('rejects end times before start times', () => {
    expect(zh(completeCommitteeMeeting({ startTime: '10:00', endTime: '09:30' }))).toEqual(['结束时间应晚于开始时间'])
  })

  it('checks required section fields and list items', () => {
    const talk = kind('heart-talk')
    const r = record({
      kind: 'heart-talk', place: '书记办公室',
      sections: { initiator: '周建华', counterpart: '王', pairing: 'committee-member', topics: '   ', raised: '工作压力大' },
    })
    expect(zh(r, talk)).toEqual(['姓名只写了姓：王', '缺少“谈话主要内容”'])

    const election = kind('election')
    const e = record({
      kind: 'election',
      sections: {
        seats: 0, votersExpected: 20, votersPresent: null, ballotsIssued: 18, ballotsReturned: 18, ballotsValid: 18,
        candidates: [{ name: '周建华', yes: 17 }, { name: '', yes: null }],
      },
    })
    const messages = zh(e, election)
    expect(messages).toContain('缺少“实到会有选举权人数”')
    expect(messages).toContain('“候选人得票”第2项缺少“候选人”')
    expect(messages).toContain('“候选人得票”第2项缺少“赞成票”')
    expect(messages.some((m) => m.includes('应选名额'))).toBe(false) // 0 is a number, not missing
  })

  it('names the stage of a 组织生活会 that lacks content', () => {
    const k = kind('org-life-meeting')
    const r = record({ kind: 'org-life-meeting', sections: { topic: '', criticisms: [], measures: [] } })
    const messages = zh(r, k)
    expect(messages).toContain('会前准备：缺少“会议主题”')
    expect(messages).toContain('会中：缺少“批评与自我批评”')
    expect(messages).toContain('会后整改：缺少“整改措施”')
  })
})

describe('isBlank', () => {
  it('treats whitespace, empty lists and NaN as missing', () => {
    expect(isBlank(' \n')).toBe(true)
    expect(isBlank([])).toBe(true)
    expect(isBlank(Number.NaN)).toBe(true)
    expect(isBlank(0)).toBe(false)
    expect(isBlank('散会')).toBe(false)
  })
})

describe('newlyMissing', () => {
  const m = (element: string, zh: string) => ({ element, message: { 'zh-CN': zh, en: zh } })
  it('keeps only what the edit made missing', () => {
    const before = [m('signatures', '缺少主持人签名'), m('signatures', '缺少记录人签名')]
    const now = [m('place', '缺少会议地点'), m('signatures', '缺少主持人签名'), m('signatures', '缺少记录人签名')]
    expect(newlyMissing(now, before)).toEqual([m('place', '缺少会议地点')])
  })
  it('an element of the same place with another message is new (the second speech item, say)', () => {
    expect(newlyMissing([m('speeches', '“发言”第2项缺少“发言人”')], [m('speeches', '“发言”第1项缺少“发言人”')])).toHaveLength(1)
  })
  it('with nothing missing before, everything missing now blocks', () => {
    const now = [m('chair', '缺少主持人')]
    expect(newlyMissing(now, [])).toEqual(now)
    expect(newlyMissing([], now)).toEqual([])
  })
})
