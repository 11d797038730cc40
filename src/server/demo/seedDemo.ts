// `npm start -- --demo`: a demo organization a newcomer can sign in to at once — two branches with
// rosters, an account for every role, and the last three months of records (monthly committee
// meetings and themed party days, party-group meetings, a general meeting, a party lesson, talks).
// Everything goes through the same push path as a phone would, so the demo data passes validation.
import { readFileSync } from 'node:fs'
import { uuidv7 } from 'uuidv7'
import type { Mutation, Role } from '@/domain/protocol'
import { kindById } from '@/domain/kinds'
import { newRecord } from '@/domain/recordFactory'
import { parseRosterRows } from '@/domain/roster'
import type { AttachmentRef, Branch, BranchRecord, Member } from '@/domain/types'
import type { Actor } from '../auth/access'
import { generatePassword, type ScryptParams } from '../auth/passwords'
import { createBranch, createOrganization, createUser, setPassword } from '../auth/users'
import { SyncService } from '../replication/syncService'
import type { Storage } from '../storage/storage'
import { demoSignaturePng } from './signaturePng'

export const DEMO_ORGANIZATION = '示例单位（演示数据）'

/** The first branch's roster is the sample CSV; the second branch's is small and written here. */
const SECOND_ROSTER: string[][] = [
  ['姓名', '性别', '党员类别', '党小组', '支部职务', '状态', '入党日期', '备注'],
  ['王建国', '男', '正式党员', '', '书记', '在岗', '2001-07-01', ''],
  ['李慧敏', '女', '正式党员', '', '组织委员', '在岗', '2009-05-12', ''],
  ['张卫平', '男', '正式党员', '', '宣传委员', '在岗', '2012-10-08', ''],
  ['陈雪', '女', '正式党员', '', '', '在岗', '2015-06-30', ''],
  ['刘洋', '男', '正式党员', '', '', '借调', '2016-12-20', '借调至市数据局'],
  ['赵丽华', '女', '正式党员', '', '', '退二线', '1994-03-15', ''],
  ['黄志强', '男', '预备党员', '', '', '在岗', '2025-11-28', ''],
  ['周敏', '女', '正式党员', '', '', '在岗', '2019-07-01', ''],
]

interface DemoUserSpec {
  username: string
  displayName: string
  role: Role
  branch: 0 | 1 | null
}

const DEMO_USERS: DemoUserSpec[] = [
  { username: 'demo-admin', displayName: '演示管理员', role: 'admin', branch: null },
  { username: 'demo-reviewer', displayName: '上级党委审阅人', role: 'reviewer', branch: null },
  { username: 'demo-secretary', displayName: '周建华', role: 'secretary', branch: 0 },
  { username: 'demo-recorder', displayName: '林晓梅', role: 'recorder', branch: 0 },
  { username: 'demo-member', displayName: '高明', role: 'member', branch: 0 },
  { username: 'demo-secretary2', displayName: '王建国', role: 'secretary', branch: 1 },
]

function splitCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(',').map((cell) => cell.trim()))
}

const pad = (n: number): string => String(n).padStart(2, '0')
const isoDay = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`

/** A meeting day at 14:30 in China (06:30 UTC), so its calendar date is the same in any server time zone near China's. */
function dayIn(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, Math.min(day, 28), 6, 30))
}

interface BranchSetup {
  branch: Branch
  members: Member[]
  secretary: Actor
}

interface Meeting {
  kind: string
  date: Date
  sequence?: number
  partyGroupId?: string
  fill(r: BranchRecord, people: People): void
  /** Entered this many days after the meeting (补记 shows in the quarterly check). */
  enteredAfterDays?: number
}

interface People {
  secretary: string
  recorder: string
  names: string[]
}

const MATERIALS = [
  { title: '习近平总书记关于加强党的作风建设的重要论述', source: '《求是》2026年第2期' },
  { title: '习近平总书记在中央经济工作会议上的重要讲话', source: '新华社' },
  { title: '《中国共产党支部工作条例（试行）》', source: '中共中央印发' },
]

/** Common elements of a well-kept meeting record. */
function meetingBody(r: BranchRecord, p: People, topic: string, month: number, decision?: { text: string; yes: number }): void {
  const material = MATERIALS[month % MATERIALS.length]!
  r.status = 'final'
  r.startTime = '14:30'
  r.endTime = '16:10'
  r.place = '机关三楼党员活动室'
  r.chair = p.secretary
  r.recorder = p.recorder
  r.agenda = [
    { id: uuidv7(), title: `学习${material.title}`, isFirstTopic: true, material },
    { id: uuidv7(), title: topic, isFirstTopic: false },
  ]
  r.speeches = [
    { id: uuidv7(), speaker: p.secretary, content: `领学${material.title}，结合本支部承担的窗口服务工作，要求大家对照查找作风方面的差距，把学习成果落实到为群众办实事上。` },
    { id: uuidv7(), speaker: p.names[2] ?? p.recorder, content: `围绕“${topic}”发言：上月群众反映的两个办事堵点已经整改，建议把预约办理推广到全部事项，并由组织委员每月通报一次进度。` },
    { id: uuidv7(), speaker: p.recorder, content: '补充说明了近期党员教育管理情况和下一步安排，提出把学习心得交流放在党小组会上进行。' },
  ]
  if (decision) r.decisions = [{ id: uuidv7(), text: decision.text, rule: r.kind === 'committee-meeting' ? 'committee' : 'general-meeting', yes: decision.yes, no: 0, abstain: 0 }]
  // Topics already start with their verb (研究…, 讨论…, 交流…): "研究了研究…" is how a careless clerk writes.
  r.summary = `${p.secretary}作总结：本次会议学习了${material.title}，${/^(研究|讨论|交流)/.test(topic) ? topic : `开展了${topic}`}。会后由各委员按分工抓好落实，下次会议听取落实情况汇报。`
  r.ended = true
}

function quarterMeetings(now: Date, groups: { id: string; name: string }[], big: boolean): Meeting[] {
  const meetings: Meeting[] = []
  // The three months before the current one: a full quarter's worth of records.
  const months: { year: number; month: number }[] = []
  for (let back = 3; back >= 1; back--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))
    months.push({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 })
  }
  months.forEach(({ year, month }, i) => {
    meetings.push({
      kind: 'committee-meeting',
      date: dayIn(year, month, 6),
      sequence: month,
      fill: (r, p) => {
        meetingBody(r, p, ['研究本月党员发展工作', '研究主题党日活动安排', '研究季度学习计划落实情况'][i]!, month, { text: '同意本月工作安排，由组织委员牵头落实', yes: r.attendance.filter((a) => a.status === 'present').length })
        r.title = `${year}年第${month}次支部委员会会议`
      },
    })
    meetings.push({
      kind: 'themed-party-day',
      date: dayIn(year, month, 15),
      fill: (r, p) => {
        meetingBody(r, p, '主题党日活动', month)
        const themes = ['重温入党誓词，走访慰问困难党员', '到社区报到开展志愿服务', '参观廉政教育基地']
        r.title = `${month}月主题党日：${themes[i]}`
        r.agenda = r.agenda.filter((a) => !a.isFirstTopic)
        r.sections = {
          ...r.sections,
          theme: themes[i],
          themeSetOn: isoDay(dayIn(year, month, 2)),
          activities: `全体在岗党员参加。${themes[i]}，活动结束后每名党员交流了一句话体会，共收集群众意见建议5条，已逐条登记。`,
          followUp: '收集的意见建议已转交相关科室办理，下月支委会听取办理情况。',
        }
      },
      enteredAfterDays: i === 1 ? 5 : 0,
    })
    if (big) {
      for (const g of groups) {
        meetings.push({
          kind: 'party-group-meeting',
          date: dayIn(year, month, 20),
          partyGroupId: g.id,
          fill: (r, p) => {
            meetingBody(r, p, '交流学习心得，收集党员意见', month)
            r.title = `${g.name}${month}月党小组会`
          },
        })
      }
    }
  })
  const mid = months[1]!
  meetings.push({
    kind: 'general-meeting',
    date: dayIn(mid.year, mid.month, 25),
    sequence: 1,
    fill: (r, p) => {
      meetingBody(r, p, '讨论确定入党积极分子', mid.month, { text: '同意确定2名同志为入党积极分子', yes: r.attendance.filter((a) => a.status === 'present' && a.votingRights !== false).length })
      r.title = `${mid.year}年第1次支部党员大会`
    },
  })
  const last = months[2]!
  meetings.push({
    kind: 'party-lesson',
    date: dayIn(last.year, last.month, 27),
    fill: (r, p) => {
      r.status = 'final'
      r.title = '专题党课：以优良作风服务群众'
      r.startTime = '15:00'
      r.endTime = '16:30'
      r.place = '机关二楼会议室'
      r.chair = p.secretary
      r.recorder = p.recorder
      r.ended = true
      r.sections = {
        ...r.sections,
        lecturer: `${p.secretary}（支部书记）`,
        theme: '以优良作风服务群众',
        materials: [{ title: MATERIALS[0]!.title, source: MATERIALS[0]!.source }],
        content:
          '党课分三部分：一是回顾党的作风建设的历史经验；二是对照窗口服务中群众反映的“门难进、脸难看、事难办”问题查找差距；三是提出今后改进作风的四条具体措施，' +
          '包括推行预约办理、首问负责、限时办结和每月一次群众评议。授课后党员结合岗位作了交流。',
      }
    },
  })
  return meetings
}

export interface DemoResult {
  created: boolean
  lines: string[]
}

/** `scrypt`: cheaper hashing for tests; the demo accounts otherwise get the same hashing as real ones. */
export async function seedDemo(storage: Storage, options: { now?: number; rosterCsv?: string; scrypt?: ScryptParams } = {}): Promise<DemoResult> {
  const now = options.now ?? Date.now()
  const nowDate = new Date(now)
  const existing = await storage.get<{ id: string }>('SELECT id FROM organizations WHERE name = ?', [DEMO_ORGANIZATION])
  const passwords = new Map<string, string>()

  if (existing) {
    // A second `--demo` run: new passwords for the demo accounts (they were only ever shown once).
    for (const spec of DEMO_USERS) {
      const user = await storage.get<{ id: string }>('SELECT id FROM users WHERE username = ? AND org_id = ?', [spec.username, existing.id])
      if (!user) continue
      const pw = generatePassword(12)
      await setPassword(storage, user.id, pw, options.scrypt)
      passwords.set(spec.username, pw)
    }
    return { created: false, lines: describeUsers('演示数据已存在，演示账号密码已重设 / Demo data exists; demo passwords were reset', passwords) }
  }

  const sync = new SyncService(storage, { now: () => now })
  const orgId = await createOrganization(storage, DEMO_ORGANIZATION, now)
  const rosters = [splitCsv(options.rosterCsv ?? readFileSync(new URL('./roster.csv', import.meta.url), 'utf8')), SECOND_ROSTER]
  const branchNames = ['机关第一党支部', '机关第二党支部']
  const setups: BranchSetup[] = []
  const users = new Map<string, Actor>()

  for (let b = 0; b < 2; b++) {
    const info = await createBranch(storage, orgId, branchNames[b]!, 'demo', now)
    const parsed = parseRosterRows(rosters[b]!, { branchId: info.id, now: nowDate.toISOString() })
    if (!parsed.ok) throw new Error(`Demo roster ${b + 1} is invalid: ${JSON.stringify(parsed.errors)}`)
    const branch: Branch = {
      id: info.id,
      name: info.name,
      partyGroups: parsed.partyGroups,
      contactPhone: '0571-8888' + (6000 + b),
      contactEmail: `dangjian${b + 1}@example.org`,
      upperOrganization: '示例区机关工委',
      updatedAt: nowDate.toISOString(),
    }
    setups.push({ branch, members: parsed.members, secretary: undefined as unknown as Actor })
  }

  for (const spec of DEMO_USERS) {
    const pw = generatePassword(12)
    const branchId = spec.branch === null ? null : setups[spec.branch]!.branch.id
    const user = await createUser(storage, { orgId, username: spec.username, displayName: spec.displayName, role: spec.role, branchId, password: pw }, now, options.scrypt)
    passwords.set(spec.username, pw)
    users.set(spec.username, { userId: user.id, orgId, username: spec.username, displayName: spec.displayName, role: spec.role, branchId })
  }
  setups[0]!.secretary = users.get('demo-secretary')!
  setups[1]!.secretary = users.get('demo-secretary2')!

  let counter = 0
  const push = async (actor: Actor, mutations: Mutation[]): Promise<void> => {
    const res = await sync.push(actor, { deviceId: 'demo-seed', mutations })
    const bad = res.results.filter((r) => r.status !== 'applied')
    if (bad.length) throw new Error(`Demo data was refused: ${JSON.stringify(bad).slice(0, 500)}`)
  }
  const mutation = (entity: Mutation['entity'], id: string, doc: object, baseRev = 0): Mutation => ({
    mutationId: `demo-${++counter}-${uuidv7()}`,
    entity,
    id,
    baseRev,
    doc: doc as Record<string, unknown>,
  })

  for (const [b, setup] of setups.entries()) {
    const { branch, members, secretary } = setup
    await push(secretary, [mutation('branch', branch.id, branch, 1)])
    await push(secretary, members.map((m) => mutation('member', m.id, m)))

    const committee = members.filter((m) => m.committeeRole)
    const people: People = {
      secretary: members.find((m) => m.committeeRole === 'secretary')?.name ?? members[0]!.name,
      recorder: members.find((m) => m.committeeRole === 'organization')?.name ?? members[1]!.name,
      names: members.map((m) => m.name),
    }
    const records: BranchRecord[] = []
    for (const meeting of quarterMeetings(nowDate, branch.partyGroups, b === 0)) {
      const r = newRecord(meeting.kind, { branch, members, now: meeting.date, sequence: meeting.sequence, partyGroupId: meeting.partyGroupId })
      meeting.fill(r, people)
      const entered = new Date(meeting.date.getTime() + ((meeting.enteredAfterDays ?? 0) * 24 + 3) * 3600_000).toISOString()
      r.createdAt = entered
      r.updatedAt = entered
      r.finishedAt = entered
      records.push(r)
    }
    // Heart-to-heart talks between committee members and members.
    const talkMonth = new Date(Date.UTC(nowDate.getUTCFullYear(), nowDate.getUTCMonth() - 2, 10, 2))
    for (let t = 0; t < Math.min(3, committee.length - 1); t++) {
      const initiator = committee[0]!
      const counterpart = t === 0 ? committee[1]! : members.filter((m) => !m.committeeRole)[t]!
      const r = newRecord('heart-talk', { branch, members, now: new Date(talkMonth.getTime() + t * 3 * 24 * 3600_000) })
      r.status = 'final'
      r.title = `${initiator.name}与${counterpart.name}谈心谈话`
      r.place = '书记办公室'
      r.recorder = initiator.name
      r.startTime = '10:00'
      r.endTime = '10:40'
      r.sections = {
        ...r.sections,
        initiator: initiator.name,
        counterpart: counterpart.name,
        pairing: counterpart.committeeRole ? 'committee-committee' : 'committee-member',
        topics: '交流了近期思想和工作情况，听取了对支部工作的意见，谈了个人在学习和服务群众方面的打算。',
        raised: '希望支部学习形式更加多样，少一些照本宣科，多一些结合业务的讨论。',
        followUp: '已在支委会上研究，下月起党小组会增加业务案例交流环节。',
      }
      r.createdAt = r.updatedAt = r.finishedAt = new Date(talkMonth.getTime() + (t * 3 * 24 + 5) * 3600_000).toISOString()
      records.push(r)
    }
    await signRecords(storage, records, branch.id, secretary)
    await push(secretary, records.map((r) => mutation('record', r.id, r)))
  }

  return { created: true, lines: describeUsers(`已创建演示组织“${DEMO_ORGANIZATION}” / Demo organization created`, passwords) }
}

/** Both signatures on every finished record whose kind has them, stored as the phone would upload them. */
async function signRecords(storage: Storage, records: BranchRecord[], branchId: string, uploader: Actor): Promise<void> {
  const refs = new Map<string, AttachmentRef>()
  const signatureOf = async (name: string, signedAt: string): Promise<AttachmentRef> => {
    let ref = refs.get(name)
    if (!ref) {
      const png = demoSignaturePng(name)
      const now = Date.parse(signedAt)
      await storage.transaction(async (tx) => {
        await tx.run('INSERT INTO attachments (sha256, mime, size, bytes, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING', [
          png.sha256, 'image/png', png.bytes.length, png.bytes, now,
        ])
        await tx.run('INSERT INTO attachment_branches (sha256, branch_id, uploaded_by, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256, branch_id) DO NOTHING', [
          png.sha256, branchId, uploader.userId, now,
        ])
      })
      ref = { hash: png.sha256, mime: 'image/png', size: png.bytes.length, width: png.width, height: png.height, role: 'signature' }
      refs.set(name, ref)
    }
    return { ...ref, takenAt: signedAt }
  }
  for (const r of records) {
    if (r.status !== 'final' || !kindById(r.kind)?.elements.includes('signatures')) continue
    const signedAt = r.finishedAt ?? r.createdAt
    const chair = r.chair ?? (typeof r.sections.initiator === 'string' ? r.sections.initiator : undefined)
    r.signatures = {
      ...(chair ? { chair: await signatureOf(chair, signedAt) } : {}),
      ...(r.recorder ? { recorder: await signatureOf(r.recorder, signedAt) } : {}),
    }
  }
}

function describeUsers(title: string, passwords: Map<string, string>): string[] {
  const lines = [title]
  for (const spec of DEMO_USERS) {
    const pw = passwords.get(spec.username)
    if (pw) lines.push(`  ${spec.username.padEnd(16)} ${spec.role.padEnd(9)} ${spec.displayName.padEnd(8)} 密码 / password: ${pw}`)
  }
  return lines
}
