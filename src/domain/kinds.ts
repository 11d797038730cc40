// The table of record kinds (one book per kind, 专本专用). Adding a kind is adding a row here.
// Frequencies are defaults an organization may override (see `due.ts`); `source` says where each comes from.
// Section values are stored flat on the record: `record.sections[field.key]`, so field keys are unique per kind.
import type { ElementKey, FieldDef, FieldOption, FieldType, KindDef, SectionDef } from './kindSchema'
import type { KindId, Label } from './types'

const L = (zh: string, en: string): Label => ({ 'zh-CN': zh, en })

function field(key: string, label: Label, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef {
  return { key, label, type, ...extra }
}
function section(key: string, label: Label, fields: FieldDef[], hint?: Label): SectionDef {
  return hint ? { key, label, hint, fields } : { key, label, fields }
}
const option = (value: string, zh: string, en: string): FieldOption => ({ value, label: L(zh, en) })

const YES_NO: FieldOption[] = [option('yes', '是', 'Yes'), option('no', '否', 'No')]
const DONE_OPTIONS: FieldOption[] = [option('done', '已完成', 'Done'), option('in-progress', '推进中', 'In progress')]

// ---------------------------------------------------------------- common element sets

/** Every element of a full meeting record (会议记录要素). */
const MEETING_ELEMENTS: ElementKey[] = [
  'title', 'sequence', 'date', 'time', 'place', 'chair', 'recorder', 'attendance', 'absentReasons',
  'guests', 'agenda', 'firstTopic', 'speeches', 'decisions', 'voteCounts', 'summary', 'ended', 'signatures', 'photos',
]
/** What a checker insists on for any meeting that may decide something. */
const MEETING_REQUIRED: ElementKey[] = [
  'title', 'date', 'time', 'place', 'chair', 'recorder', 'attendance', 'absentReasons', 'agenda', 'voteCounts', 'ended', 'signatures',
]
/** Meetings where 第一议题 must be the first agenda item also require it. */
const FIRST_TOPIC_REQUIRED: ElementKey[] = [...MEETING_REQUIRED, 'firstTopic']

/** Gatherings that study or discuss but normally decide nothing. */
const STUDY_ELEMENTS: ElementKey[] = [
  'title', 'sequence', 'date', 'time', 'place', 'chair', 'recorder', 'attendance', 'absentReasons',
  'guests', 'agenda', 'speeches', 'summary', 'ended', 'signatures', 'photos',
]

const without = (list: ElementKey[], ...drop: ElementKey[]): ElementKey[] => list.filter((e) => !drop.includes(e))

// ---------------------------------------------------------------- shared sections

/** The three stages of a 组织生活会 / 民主生活会; stage keys `before`, `during`, `after`. */
function lifeMeetingStages(): SectionDef[] {
  return [
    section('before', L('会前准备', 'Before the meeting'), [
      field('topic', L('会议主题', 'Topic'), 'text', { required: true }),
      field('studyDone', L('会前学习研讨情况', 'Study done beforehand'), 'textarea', { required: true, minChars: 30 }),
      field('talksHeld', L('谈心谈话情况', 'Heart-to-heart talks held'), 'textarea', { required: true, minChars: 20 }),
      field('opinionsGathered', L('征求意见情况', 'Opinions gathered'), 'textarea', { required: true, minChars: 20 }),
      field('selfExaminations', L('对照检查材料审核', 'Self-examination materials reviewed'), 'list', {
        required: true,
        itemFields: [
          field('member', L('党员', 'Member'), 'member', { required: true }),
          field('reviewedBy', L('审核人', 'Reviewed by'), 'text', { required: true }),
          field('reviewedOn', L('审核日期', 'Reviewed on'), 'date', { required: true }),
        ],
      }),
    ], L('每名党员的对照检查材料须经负责同志审核', "Each member's self-examination must be reviewed by the responsible leader beforehand")),
    section('during', L('会中', 'During the meeting'), [
      field('problemsFound', L('查摆的问题', 'Problems found'), 'textarea', { required: true, minChars: 50 }),
      field('criticisms', L('批评与自我批评', 'Criticism and self-criticism'), 'list', {
        required: true,
        itemFields: [
          field('member', L('党员', 'Member'), 'member', { required: true }),
          field('selfCriticism', L('自我批评', 'Self-criticism'), 'textarea', { required: true, minChars: 20 }),
          field('criticismReceived', L('收到的批评意见', 'Criticism received'), 'textarea', { required: true }),
          field('criticismGiven', L('对他人的批评意见', 'Criticism given to others'), 'textarea'),
        ],
      }),
    ], L('批评意见要具体，不能把批评变成提建议', 'Criticism must be concrete, not turned into suggestions')),
    section('after', L('会后整改', 'After the meeting'), [
      field('measures', L('整改措施', 'Rectification measures'), 'list', {
        required: true,
        itemFields: [
          field('measure', L('整改措施', 'Measure'), 'textarea', { required: true }),
          field('responsible', L('责任人', 'Responsible'), 'text', { required: true }),
          field('deadline', L('完成时限', 'Deadline'), 'date', { required: true }),
          field('done', L('完成情况', 'Status'), 'select', { options: DONE_OPTIONS }),
        ],
      }),
    ], L('整改措施逐项落实', 'Carry out the measures one by one')),
  ]
}

const REGULATIONS = '《中国共产党支部工作条例（试行）》'

// ---------------------------------------------------------------- the kinds

export const KINDS: readonly KindDef[] = [
  {
    id: 'general-meeting',
    label: L('支部党员大会', 'Branch general meeting'),
    bookLabel: L('党员大会记录本', 'General meeting book'),
    icon: 'friends-o',
    elements: MEETING_ELEMENTS,
    required: FIRST_TOPIC_REQUIRED,
    sections: [],
    note: L('讨论决定选举、发展和转正党员、党员处分及其他重要事项', 'Decides elections, admissions and confirmations, discipline and other important matters'),
    frequency: { per: 'quarter', count: 1, source: L(`${REGULATIONS}：党员大会一般每季度召开1次`, 'Branch work regulations (trial): usually once a quarter') },
    defaultDecisionRule: 'general-meeting',
    minContentChars: 300,
    firstTopicFirst: true,
    countsAsOrganizationalLife: true,
  },
  {
    id: 'committee-meeting',
    label: L('支部委员会会议', 'Branch committee meeting'),
    bookLabel: L('支委会记录本', 'Committee meeting book'),
    icon: 'cluster-o',
    elements: MEETING_ELEMENTS,
    required: FIRST_TOPIC_REQUIRED,
    sections: [],
    note: L('只有支部委员出席，须有半数以上委员到会', 'Only committee members attend; more than half of them must be present'),
    frequency: { per: 'month', count: 1, source: L(`${REGULATIONS}：支部委员会会议一般每月召开1次`, 'Branch work regulations (trial): usually once a month') },
    defaultDecisionRule: 'committee',
    minContentChars: 200,
    firstTopicFirst: true,
    committeeOnly: true,
    countsAsOrganizationalLife: true,
  },
  {
    id: 'party-group-meeting',
    label: L('党小组会', 'Party group meeting'),
    bookLabel: L('党小组会记录本', 'Party group meeting book'),
    icon: 'friends',
    elements: MEETING_ELEMENTS,
    required: without(FIRST_TOPIC_REQUIRED, 'voteCounts'),
    sections: [],
    note: L('设有党小组的支部，每个党小组分别记录', 'Only where the branch has party groups; each group keeps its own count'),
    frequency: {
      per: 'month', count: 1, perPartyGroup: true,
      source: L(`${REGULATIONS}：党小组会一般每月召开1次`, 'Branch work regulations (trial): usually once a month per party group'),
    },
    defaultDecisionRule: 'majority-present',
    minContentChars: 150,
    firstTopicFirst: true,
    countsAsOrganizationalLife: true,
  },
  {
    id: 'party-lesson',
    label: L('党课', 'Party lesson'),
    bookLabel: L('党课记录本', 'Party lesson book'),
    icon: 'bookmark-o',
    elements: STUDY_ELEMENTS,
    required: ['title', 'date', 'time', 'place', 'recorder', 'attendance', 'absentReasons'],
    sections: [
      section('lesson', L('党课内容', 'The lesson'), [
        field('lecturer', L('授课人', 'Lecturer'), 'text', { required: true, placeholder: L('姓名及职务', 'Name and post') }),
        field('theme', L('党课主题', 'Theme'), 'text', { required: true }),
        field('materials', L('学习材料', 'Materials'), 'list', {
          itemFields: [
            field('title', L('材料名称', 'Title'), 'text', { required: true }),
            field('source', L('出处', 'Source'), 'text', { placeholder: L('如《求是》2026年第5期', 'e.g. Qiushi 2026 No. 5') }),
          ],
        }),
        field('content', L('授课内容要点', 'Main points of the lesson'), 'textarea', { required: true, minChars: 100 }),
      ]),
    ],
    note: L('党员大会后讲党课的，党课仍单独记录', 'A lesson held after a general meeting is still recorded separately'),
    frequency: {
      per: 'quarter', count: 1, localRule: true,
      source: L('地方常见规定：每季度至少1次（全国性规定只要求党委书记每年至少讲1次党课）', 'Common local rule: at least once a quarter (the national rule only asks the party secretary to lecture at least once a year)'),
    },
    defaultDecisionRule: 'majority-present',
    minContentChars: 300,
    firstTopicFirst: false,
    countsAsOrganizationalLife: true,
  },
  {
    id: 'themed-party-day',
    label: L('主题党日', 'Themed party day'),
    bookLabel: L('主题党日记录本', 'Themed party day book'),
    icon: 'flag-o',
    elements: without(MEETING_ELEMENTS, 'firstTopic'),
    required: ['title', 'date', 'place', 'chair', 'recorder', 'attendance', 'absentReasons', 'voteCounts'],
    sections: [
      section('plan', L('活动主题', 'Theme'), [
        field('theme', L('活动主题', 'Theme'), 'text', { required: true }),
        field('themeSetOn', L('主题确定日期', 'Theme set on'), 'date'),
      ], L('主题应提前确定', 'Set the theme beforehand')),
      section('activities', L('活动内容', 'Activities'), [
        field('activities', L('活动开展情况', 'What was done'), 'textarea', { required: true, minChars: 50 }),
      ]),
      section('followUp', L('后续落实', 'Follow-up'), [
        field('followUp', L('后续落实情况', 'Follow-up'), 'textarea'),
      ]),
    ],
    frequency: { per: 'month', count: 1, source: L(`${REGULATIONS}：党支部每月相对固定1天开展主题党日`, 'Branch work regulations (trial): once a month on a fixed day') },
    defaultDecisionRule: 'majority-present',
    minContentChars: 200,
    firstTopicFirst: false,
    countsAsOrganizationalLife: true,
  },
  {
    id: 'org-life-meeting',
    label: L('组织生活会', 'Organizational-life meeting'),
    bookLabel: L('组织生活会记录本', 'Organizational-life meeting book'),
    icon: 'comment-o',
    elements: MEETING_ELEMENTS,
    required: MEETING_REQUIRED,
    sections: lifeMeetingStages(),
    note: L('会前、会中、会后三个环节都要有记录', 'All three stages (before, during, after) must be recorded'),
    frequency: { per: 'year', count: 1, source: L(`${REGULATIONS}：组织生活会一般每年召开1次，通常在第四季度`, 'Branch work regulations (trial): usually once a year, often in the fourth quarter') },
    defaultDecisionRule: 'majority-present',
    minContentChars: 500,
    firstTopicFirst: false,
    countsAsOrganizationalLife: true,
  },
  {
    id: 'democratic-appraisal',
    label: L('民主评议党员', 'Democratic appraisal of members'),
    bookLabel: L('民主评议党员记录本', 'Democratic appraisal book'),
    icon: 'medal-o',
    elements: MEETING_ELEMENTS,
    required: MEETING_REQUIRED,
    sections: [
      section('appraisal', L('评议情况', 'Appraisal'), [
        field('selfAssessment', L('个人自评情况', 'Self-assessment'), 'textarea', { required: true, minChars: 30 }),
        field('peerAssessment', L('党员互评情况', 'Peer assessment'), 'textarea', { required: true, minChars: 30 }),
        field('voteResults', L('评议结果', 'Vote results'), 'list', {
          required: true,
          itemFields: [
            field('member', L('党员', 'Member'), 'member', { required: true }),
            field('grade', L('评定等次', 'Grade'), 'select', {
              required: true,
              options: [
                option('excellent', '优秀', 'Excellent'),
                option('qualified', '合格', 'Qualified'),
                option('basically-qualified', '基本合格', 'Basically qualified'),
                option('unqualified', '不合格', 'Unqualified'),
              ],
            }),
          ],
        }),
      ]),
    ],
    note: L('可与组织生活会结合进行', 'May be combined with the organizational-life meeting'),
    frequency: { per: 'year', count: 1, source: L(`${REGULATIONS}：民主评议党员一般每年开展1次`, 'Branch work regulations (trial): usually once a year') },
    defaultDecisionRule: 'general-meeting',
    minContentChars: 200,
    firstTopicFirst: false,
    countsAsOrganizationalLife: true,
  },
  {
    id: 'heart-talk',
    label: L('谈心谈话', 'Heart-to-heart talk'),
    bookLabel: L('谈心谈话记录本', 'Heart-to-heart talk book'),
    icon: 'chat-o',
    elements: ['title', 'date', 'time', 'place', 'recorder', 'photos'],
    required: ['date', 'place'],
    sections: [
      section('talk', L('谈话情况', 'The talk'), [
        field('initiator', L('谈话人', 'Initiated by'), 'member', { required: true }),
        field('counterpart', L('谈话对象', 'Talked with'), 'member', { required: true }),
        field('pairing', L('谈话类型', 'Pairing'), 'select', {
          required: true,
          options: [
            option('committee-committee', '支委之间', 'Committee member ↔ committee member'),
            option('committee-member', '支委与党员之间', 'Committee member ↔ member'),
            option('member-member', '党员之间', 'Member ↔ member'),
          ],
        }),
        field('topics', L('谈话主要内容', 'Topics'), 'textarea', { required: true, minChars: 30 }),
        field('raised', L('对方反映的问题和意见', 'What the other side raised'), 'textarea', { required: true }),
        field('followUp', L('后续落实情况', 'Follow-up'), 'textarea'),
      ]),
    ],
    frequency: {
      per: 'year', count: 1,
      source: L('支委之间、支委与党员之间、党员之间每年至少谈心谈话1次（每一对都要谈到）', 'At least once a year for each pair: committee↔committee, committee↔member, member↔member'),
    },
    defaultDecisionRule: 'majority-present',
    minContentChars: 100,
    firstTopicFirst: false,
    countsAsOrganizationalLife: false,
  },
  {
    id: 'first-topic-study',
    label: L('第一议题学习', 'First-agenda study'),
    bookLabel: L('第一议题学习记录本', 'First-agenda study book'),
    icon: 'notes-o',
    elements: ['title', 'date', 'time', 'place', 'chair', 'recorder', 'attendance', 'absentReasons', 'guests', 'speeches', 'summary', 'signatures', 'photos'],
    required: ['title', 'date', 'place', 'chair', 'recorder', 'attendance', 'absentReasons'],
    sections: [
      section('study', L('学习内容', 'What was studied'), [
        field('hostMeeting', L('所在会议', 'Held within'), 'select', {
          required: true,
          options: [
            option('班子会议', '班子会议', 'Leadership team meeting'),
            option('全体会议', '全体会议', 'All-staff meeting'),
            option('支委会', '支委会', 'Committee meeting'),
            option('党员大会', '党员大会', 'General meeting'),
            option('党小组会', '党小组会', 'Party group meeting'),
            option('中心组', '中心组', 'Theory-study group'),
          ],
        }),
        field('materialTitle', L('学习材料名称', 'Material title'), 'text', { required: true }),
        field('materialSource', L('材料出处', 'Source'), 'text', { placeholder: L('如《求是》2026年第5期', 'e.g. Qiushi 2026 No. 5') }),
        field('speechDate', L('讲话（发表）日期', 'Date of the speech'), 'date'),
        field('form', L('学习形式', 'Form'), 'select', {
          options: [
            option('领学', '领学', 'Led reading'),
            option('研讨交流', '研讨交流', 'Discussion'),
            option('专题辅导', '专题辅导', 'Tutorial'),
            option('自学', '自学', 'Self-study'),
          ],
        }),
        field('howItWent', L('学习研讨情况', 'How it went'), 'textarea', { required: true, minChars: 50 }),
        field('measures', L('贯彻落实措施', 'Measures to carry it out'), 'textarea', { required: true, minChars: 20 }),
      ], L('学习不能只是读文件、看视频，要写明如何贯彻落实', 'Not just reading documents and watching videos: say how it will be carried out')),
    ],
    note: L('班子会议、全体会议、支委会、党员大会、党小组会和中心组学习的第一项议程', 'The first agenda item of leadership, all-staff, committee, general, party-group and theory-study meetings'),
    frequency: null,
    defaultDecisionRule: 'majority-present',
    minContentChars: 150,
    firstTopicFirst: false,
    countsAsOrganizationalLife: false,
  },
  {
    id: 'theory-study-group',
    label: L('中心组理论学习', 'Theory-study group session'),
    bookLabel: L('中心组学习记录本', 'Theory-study group book'),
    icon: 'records-o',
    elements: [...STUDY_ELEMENTS, 'firstTopic'],
    required: ['title', 'date', 'time', 'place', 'chair', 'recorder', 'attendance', 'absentReasons', 'agenda', 'firstTopic', 'ended', 'signatures'],
    sections: [
      section('study', L('学习内容', 'Study'), [
        field('content', L('学习内容', 'Content'), 'textarea', { required: true, minChars: 50 }),
        field('discussion', L('研讨交流情况', 'Discussion'), 'textarea', { required: true, minChars: 50 }),
      ], L('出勤率由考勤自动计算；缺席须注明原因', 'The attendance rate is computed from attendance; every absence needs a reason')),
    ],
    frequency: {
      per: 'quarter', count: 1, localRule: true,
      source: L('按年度学习计划开展；各地规定不一（每月或每季度），默认每季度至少1次', 'Per the annual study plan; local rules vary (monthly or quarterly): default at least once a quarter'),
    },
    defaultDecisionRule: 'majority-present',
    minContentChars: 300,
    firstTopicFirst: true,
    committeeOnly: true,
    countsAsOrganizationalLife: false,
  },
  {
    id: 'democratic-life-meeting',
    label: L('民主生活会', 'Democratic life meeting'),
    bookLabel: L('民主生活会记录本', 'Democratic life meeting book'),
    icon: 'user-circle-o',
    elements: without(MEETING_ELEMENTS, 'decisions', 'voteCounts', 'firstTopic'),
    required: without(MEETING_REQUIRED, 'voteCounts'),
    sections: lifeMeetingStages(),
    note: L('领导班子召开，应到会人员三分之二以上到会方可召开', 'For the leadership team; at least two thirds of those who should attend must be present'),
    frequency: { per: 'year', count: 1, source: L('《县以上党和国家机关党员领导干部民主生活会若干规定》：每年召开1次', 'Rules on democratic life meetings of leading cadres: once a year') },
    defaultDecisionRule: 'democratic-life',
    minContentChars: 500,
    firstTopicFirst: false,
    committeeOnly: true,
    countsAsOrganizationalLife: false,
  },
  {
    id: 'ideology-review',
    label: L('意识形态工作研判', 'Ideology-work review'),
    bookLabel: L('意识形态工作研判记录本', 'Ideology-work review book'),
    icon: 'eye-o',
    elements: without(MEETING_ELEMENTS, 'firstTopic'),
    required: ['title', 'date', 'place', 'chair', 'recorder', 'attendance', 'absentReasons', 'voteCounts', 'ended', 'signatures'],
    sections: [
      section('review', L('研判情况', 'Review'), [
        field('situation', L('意识形态领域总体情况', 'Overall situation'), 'textarea', { required: true, minChars: 50 }),
        field('risks', L('存在的风险隐患和问题', 'Risks and problems'), 'textarea', { required: true, minChars: 20 }),
        field('countermeasures', L('应对措施', 'Countermeasures'), 'textarea', { required: true, minChars: 20 }),
      ]),
    ],
    frequency: { per: 'quarter', count: 1, localRule: true, source: L('地方常见做法：每季度至少研判1次', 'Common local practice: at least once a quarter') },
    defaultDecisionRule: 'committee',
    minContentChars: 200,
    firstTopicFirst: false,
    committeeOnly: true,
    countsAsOrganizationalLife: false,
  },
  {
    id: 'major-decision',
    label: L('“三重一大”集体决策', '"Three majors, one large" collective decision'),
    bookLabel: L('“三重一大”决策记录本', 'Major decisions book'),
    icon: 'balance-o',
    elements: MEETING_ELEMENTS,
    required: [...MEETING_REQUIRED, 'decisions'],
    sections: [
      section('matter', L('决策事项', 'The matter'), [
        field('category', L('事项类别', 'Category'), 'select', {
          required: true,
          options: [
            option('重大事项决策', '重大事项决策', 'Major matter'),
            option('重要干部任免', '重要干部任免', 'Important appointment or removal'),
            option('重大项目安排', '重大项目安排', 'Major project'),
            option('大额资金使用', '大额资金使用', 'Large spending'),
          ],
        }),
        field('matter', L('议题内容', 'The matter in detail'), 'textarea', { required: true, minChars: 20 }),
        field('inspectorInvited', L('是否邀请纪检委员列席', 'Discipline inspector invited'), 'select', { options: YES_NO }),
        field('opinions', L('参会人员意见', 'Opinions of those present'), 'textarea', { required: true, minChars: 20 }),
      ], L('集体讨论、逐一表态、按多数意见作出决定', 'Discussed collectively, everyone states a view, decided by majority')),
    ],
    frequency: null,
    defaultDecisionRule: 'committee',
    minContentChars: 100,
    firstTopicFirst: false,
    committeeOnly: true,
    countsAsOrganizationalLife: false,
  },
  {
    id: 'election',
    label: L('选举／补选', 'Election / by-election'),
    bookLabel: L('选举工作记录本', 'Elections book'),
    icon: 'certificate',
    elements: MEETING_ELEMENTS,
    required: MEETING_REQUIRED,
    sections: [
      section('election', L('选举情况', 'Election'), [
        field('seats', L('应选名额', 'Seats'), 'number', { required: true }),
        field('votersExpected', L('应到会有选举权人数', 'Voters who should attend'), 'number', { required: true }),
        field('votersPresent', L('实到会有选举权人数', 'Voters present'), 'number', { required: true }),
        field('ballotsIssued', L('发出选票', 'Ballots issued'), 'number', { required: true }),
        field('ballotsReturned', L('收回选票', 'Ballots returned'), 'number', { required: true }),
        field('ballotsValid', L('有效选票', 'Valid ballots'), 'number', { required: true }),
        field('candidates', L('候选人得票', 'Candidates and votes'), 'list', {
          required: true,
          itemFields: [
            field('name', L('候选人', 'Candidate'), 'text', { required: true }),
            field('yes', L('赞成票', 'Yes'), 'number', { required: true }),
            field('no', L('反对票', 'No'), 'number'),
            field('abstain', L('弃权票', 'Abstain'), 'number'),
          ],
        }),
      ], L('实到会有选举权的人数须超过应到会人数的五分之四；得票超过实到会有选举权人数的半数始得当选', 'More than 4/5 of voters must be present; a candidate needs yes votes from more than half of the voters present')),
    ],
    note: L('支部委员会每届任期3年（村、社区5年）', 'A committee term is 3 years (villages and communities: 5)'),
    frequency: null,
    defaultDecisionRule: 'election',
    minContentChars: 50,
    firstTopicFirst: false,
    countsAsOrganizationalLife: true,
  },
  {
    id: 'study-test',
    label: L('理论测试', 'Study test'),
    bookLabel: L('理论测试记录本', 'Study test book'),
    icon: 'edit',
    elements: ['title', 'date', 'time', 'place', 'recorder', 'photos'],
    required: ['title', 'date'],
    sections: [
      section('test', L('测试情况', 'Test'), [
        field('subject', L('测试内容', 'Subject'), 'text', { required: true }),
        field('participants', L('参测人员及成绩', 'Participants and scores'), 'list', {
          required: true,
          itemFields: [
            field('member', L('党员', 'Member'), 'member', { required: true }),
            field('score', L('成绩', 'Score'), 'number'),
            field('note', L('备注', 'Note'), 'text', { placeholder: L('如借调、退二线人员一并参测', 'e.g. seconded or stepped-back member') }),
          ],
        }),
      ]),
    ],
    frequency: null,
    defaultDecisionRule: 'majority-present',
    minContentChars: 0,
    firstTopicFirst: false,
    countsAsOrganizationalLife: false,
  },
]

const byId = new Map(KINDS.map((k) => [k.id, k]))

export function kindById(id: KindId): KindDef | undefined {
  return byId.get(id)
}

export function isKnownKind(id: string): boolean {
  return byId.has(id)
}

/** Every field of a kind, section by section (the flat keys of `record.sections`). */
export function kindFields(kind: KindDef): FieldDef[] {
  return kind.sections.flatMap((s) => s.fields)
}
