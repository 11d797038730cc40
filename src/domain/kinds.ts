// The table of record kinds (one book per kind, 专本专用). Adding a kind is adding a row here.
import type { ElementKey, KindDef } from './kindSchema'
import type { KindId } from './types'

const MEETING_ELEMENTS: ElementKey[] = [
  'title', 'sequence', 'date', 'time', 'place', 'chair', 'recorder', 'attendance', 'absentReasons',
  'guests', 'agenda', 'firstTopic', 'speeches', 'decisions', 'voteCounts', 'summary', 'ended', 'signatures', 'photos',
]
const MEETING_REQUIRED: ElementKey[] = [
  'title', 'date', 'time', 'place', 'chair', 'recorder', 'attendance', 'absentReasons', 'agenda', 'voteCounts', 'ended', 'signatures',
]

export const KINDS: readonly KindDef[] = [
  {
    id: 'committee-meeting',
    label: { 'zh-CN': '支部委员会会议', en: 'Branch committee meeting' },
    bookLabel: { 'zh-CN': '支委会记录本', en: 'Committee meeting book' },
    icon: 'cluster-o',
    elements: MEETING_ELEMENTS,
    required: MEETING_REQUIRED,
    sections: [],
    frequency: { per: 'month', count: 1, source: { 'zh-CN': '《中国共产党支部工作条例（试行）》：支部委员会会议一般每月召开1次', en: 'Branch work regulations: usually once a month' } },
    defaultDecisionRule: 'committee',
    minContentChars: 200,
    firstTopicFirst: true,
    committeeOnly: true,
    countsAsOrganizationalLife: true,
  },
  {
    id: 'general-meeting',
    label: { 'zh-CN': '支部党员大会', en: 'Branch general meeting' },
    bookLabel: { 'zh-CN': '党员大会记录本', en: 'General meeting book' },
    icon: 'friends-o',
    elements: MEETING_ELEMENTS,
    required: MEETING_REQUIRED,
    sections: [],
    frequency: { per: 'quarter', count: 1, source: { 'zh-CN': '《中国共产党支部工作条例（试行）》：党员大会一般每季度召开1次', en: 'Branch work regulations: usually once a quarter' } },
    defaultDecisionRule: 'general-meeting',
    minContentChars: 300,
    firstTopicFirst: true,
    countsAsOrganizationalLife: true,
  },
]

const byId = new Map(KINDS.map((k) => [k.id, k]))

export function kindById(id: KindId): KindDef | undefined {
  return byId.get(id)
}

export function isKnownKind(id: string): boolean {
  return byId.has(id)
}
