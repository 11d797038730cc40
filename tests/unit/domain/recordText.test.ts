import { describe, expect, it } from 'vitest'
import { recordPlainText } from '@/domain/recordText'
import { kindById } from '@/domain/kinds'
import { entry, member, record } from './helpers'

describe('recordPlainText', () => {
  const talk = kindById('heart-talk')!
  const r = record({
    kind: 'heart-talk',
    title: '与高明谈心谈话',
    place: '书记办公室',
    recorder: '林晓梅',
    sections: {
      initiator: '周建华', counterpart: '高明', pairing: 'committee-member',
      topics: '近期工作和思想状况', raised: '希望多组织业务培训', followUp: '',
    },
  })

  it('gathers every field, selects as their labels', () => {
    const text = recordPlainText(r, talk)
    for (const part of ['与高明谈心谈话', '书记办公室', '林晓梅', '周建华', '支委与党员之间', '近期工作和思想状况', '希望多组织业务培训']) {
      expect(text).toContain(part)
    }
    expect(text).not.toContain('committee-member')
    expect(text.split('\n')).not.toContain('')
  })

  it('keeps only what was said for the content measure', () => {
    const text = recordPlainText(r, talk, { contentOnly: true })
    expect(text).toBe('近期工作和思想状况\n希望多组织业务培训')
  })

  it('includes agenda, material, remarks, decisions, summary and list items', () => {
    const zhou = member('周建华')
    const orgLife = kindById('org-life-meeting')!
    const m = record({
      kind: 'org-life-meeting',
      attendance: [entry(zhou, 'absent', '出差')],
      agenda: [{ id: 'a', title: '开展批评和自我批评', isFirstTopic: false, material: { title: '党章', source: '人民出版社' } }],
      speeches: [{ id: 's', speaker: '周建华', content: '带头查摆问题' }],
      decisions: [{ id: 'd', text: '形成整改清单', rule: 'majority-present' }],
      summary: '会议开得严肃认真',
      sections: { criticisms: [{ member: '高明', selfCriticism: '学习不够深入', criticismReceived: '发言不够主动', criticismGiven: '' }], measures: [{ measure: '每周学习一次', responsible: '高明', deadline: '2026-12-31', done: 'done' }] },
    })
    const full = recordPlainText(m, orgLife)
    for (const part of ['出差', '党章', '人民出版社', '带头查摆问题', '形成整改清单', '会议开得严肃认真', '学习不够深入', '发言不够主动', '每周学习一次', '已完成']) {
      expect(full).toContain(part)
    }
    const content = recordPlainText(m, orgLife, { contentOnly: true })
    expect(content).not.toContain('周建华')
    expect(content).not.toContain('2026-12-31')
    expect(content).toContain('学习不够深入')
  })
})
