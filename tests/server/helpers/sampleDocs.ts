// Valid documents of each synced entity, for tests to start from and break on purpose.
import type { Branch, BranchRecord, Member } from '@/domain/types'

const NOW = '2026-03-05T08:00:00.000Z'

export function sampleRecord(over: Partial<BranchRecord> & { id: string; branchId: string }): BranchRecord {
  return {
    schemaVersion: 1,
    kind: 'committee-meeting',
    status: 'final',
    title: '2026年第3次支部委员会会议',
    sequence: 3,
    date: '2026-03-05',
    startTime: '14:30',
    endTime: '16:00',
    place: '党员活动室',
    chair: '周建华',
    recorder: '林晓梅',
    attendance: [
      { memberId: 'm-1', name: '周建华', status: 'present' },
      { memberId: 'm-2', name: '林晓梅', status: 'present' },
      { memberId: 'm-3', name: '郑国强', status: 'absent', reason: '出差' },
    ],
    guests: [],
    agenda: [
      { id: 'a-1', title: '学习习近平总书记重要讲话精神', isFirstTopic: true, material: { title: '重要讲话', source: '《求是》2026年第5期' } },
      { id: 'a-2', title: '研究发展党员工作', isFirstTopic: false },
    ],
    speeches: [{ id: 's-1', speaker: '周建华', content: '传达学习了讲话精神，结合支部实际提出三点意见。' }],
    decisions: [{ id: 'd-1', text: '同意将张三列为入党积极分子', rule: 'committee', yes: 2, no: 0, abstain: 0 }],
    summary: '会议要求各委员按分工抓好落实。',
    ended: true,
    sections: {},
    photos: [],
    signatures: {},
    createdAt: NOW,
    updatedAt: NOW,
    ...over,
  }
}

export function sampleMember(over: Partial<Member> & { id: string; branchId: string }): Member {
  return {
    name: '周建华',
    membership: 'full',
    situation: 'on-duty',
    votingRights: true,
    active: true,
    updatedAt: NOW,
    ...over,
  }
}

export function sampleBranch(over: Partial<Branch> & { id: string }): Branch {
  return { name: '第一党支部', partyGroups: [{ id: 'g-1', name: '第一党小组' }], updatedAt: NOW, ...over }
}
