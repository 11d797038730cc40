// Roster import: rows of a CSV/XLSX file (already split into cells by `src/export/rosterFile.ts`) into
// members and party groups. All or nothing: any bad row means no members at all, and every bad row is
// reported with its row number in the file (the header is row 1) and the reason, in plain words.
import type { CommitteeRole, IsoTimestamp, Label, Member, MembershipType, MemberSituation, PartyGroup } from './types'
import { isIsoDate } from './dates'
import { newId } from './ids'
import { nameProblem } from './validation'

export interface RosterError {
  /** 1-based row number in the file; the header is row 1. */
  row: number
  /** The reason, without the row number (see `rosterErrorText`). */
  message: Label
}

export type RosterParseResult =
  | { ok: true; members: Member[]; partyGroups: PartyGroup[] }
  | { ok: false; errors: RosterError[] }

export interface RosterParseOptions {
  branchId: string
  now?: IsoTimestamp
  /** Groups already set up keep their ids when a row names them. */
  existingGroups?: readonly PartyGroup[]
  /** Members already on the roster keep their ids when the file has the same name (re-import updates). */
  existingMembers?: readonly Pick<Member, 'id' | 'name'>[]
  newId?: () => string
}

const L = (zh: string, en: string): Label => ({ 'zh-CN': zh, en })

type Column = 'name' | 'gender' | 'membership' | 'group' | 'role' | 'duty' | 'situation' | 'joinedOn' | 'note' | 'voting' | 'groupLeader' | 'transferredInOn' | 'leftOn'

/** Accepted headers per column, compared after `normalizeHeader`. */
const HEADERS: Record<Column, string[]> = {
  name: ['姓名', 'name', 'full name'],
  gender: ['性别', 'gender', 'sex'],
  membership: ['党员类别', '党员类型', '类别', 'membership', 'member type'],
  group: ['党小组', '所在党小组', 'party group', 'group'],
  role: ['支部职务', '职务', '党内职务', 'committee role', 'role'],
  duty: ['分工', '委员分工', '职责', 'duty', 'committee duty'],
  situation: ['状态', '党员状态', '情况', 'situation', 'status'],
  joinedOn: ['入党日期', '入党时间', 'joined on', 'joined', 'date joined'],
  note: ['备注', 'note', 'notes', 'remark', 'remarks'],
  voting: ['表决权', '有无表决权', '是否有表决权', 'voting rights', 'voting'],
  groupLeader: ['党小组长', '是否党小组长', '党小组组长', 'group leader'],
  transferredInOn: ['转入日期', '转入本支部日期', '组织关系转入日期', 'transferred in', 'transferred in on'],
  leftOn: ['转出日期', '转出本支部日期', '组织关系转出日期', 'left on', 'left the branch on'],
}
const COLUMN_ZH: Record<Column, string> = {
  name: '姓名', gender: '性别', membership: '党员类别', group: '党小组', role: '支部职务', duty: '分工', situation: '状态',
  joinedOn: '入党日期', note: '备注', voting: '表决权', groupLeader: '党小组长', transferredInOn: '转入日期', leftOn: '转出日期',
}

/** "入党日期（YYYY-MM-DD）*" → "入党日期": drop notes in brackets, required-markers and spacing; lower-case. */
function normalizeHeader(h: string): string {
  return h.replace(/^\uFEFF/, '').replace(/[（(][^）)]*[）)]/g, '').replace(/[*＊:：]/g, '').trim().replace(/\s+/g, ' ').toLowerCase()
}

const MEMBERSHIP: Record<string, MembershipType> = {
  正式党员: 'full', 正式: 'full', full: 'full', 'full member': 'full',
  预备党员: 'probationary', 预备: 'probationary', probationary: 'probationary', 'probationary member': 'probationary',
}
const ROLES: Record<string, CommitteeRole> = {
  书记: 'secretary', 支部书记: 'secretary', 党支部书记: 'secretary', secretary: 'secretary',
  副书记: 'deputy-secretary', 支部副书记: 'deputy-secretary', 党支部副书记: 'deputy-secretary', 'deputy secretary': 'deputy-secretary', 'deputy-secretary': 'deputy-secretary',
  组织委员: 'organization', organization: 'organization',
  纪检委员: 'discipline', discipline: 'discipline',
  宣传委员: 'publicity', publicity: 'publicity',
  委员: 'member', 支部委员: 'member', 'committee member': 'member',
}
const NO_ROLE = new Set(['', '无', '-', '—', '/', 'none', '党员'])
const SITUATIONS: Record<string, MemberSituation> = {
  在岗: 'on-duty', 在职: 'on-duty', 正常: 'on-duty', 'on duty': 'on-duty', 'on-duty': 'on-duty',
  借调: 'seconded', seconded: 'seconded',
  退二线: 'stepped-back', 'stepped back': 'stepped-back', 'stepped-back': 'stepped-back',
  流动: 'mobile', 流动党员: 'mobile', mobile: 'mobile',
  失联: 'unreachable', 失去联系: 'unreachable', unreachable: 'unreachable',
  '出国(境)': 'abroad', 出国: 'abroad', 出境: 'abroad', abroad: 'abroad',
  病休: 'sick-leave', 'sick leave': 'sick-leave', 'sick-leave': 'sick-leave',
  其他: 'other', other: 'other',
}
const YES = new Set(['是', '有', 'yes', 'y', 'true', '1', '√', '✓'])
const NO = new Set(['否', '无', 'no', 'n', 'false', '0', '×'])

/** Cell text: trimmed, full-width brackets and spaces made half-width, lower-case for matching. */
function key(cell: string): string {
  return cell.trim().replace(/（/g, '(').replace(/）/g, ')').replace(/\u3000/g, ' ').replace(/\s+/g, ' ').toLowerCase()
}

/** Names: outer spaces gone, and the spaces used to align two-character names (张  三) removed. */
export function normalizeName(raw: string): string {
  return raw.trim().replace(/\u3000/g, ' ').replace(/(\p{Script=Han})\s+(?=\p{Script=Han})/gu, '$1')
}

/** 2003-07-01, 2003/7/1, 2003.7.1, 2003年7月1日, or an Excel day number → `YYYY-MM-DD`; null if not a date. */
export function parseRosterDate(raw: string): string | null {
  const s = raw.trim()
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s)
  if (m) {
    const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
    return isIsoDate(iso) ? iso : null
  }
  // A date cell formatted as a number in Excel: days since 1899-12-30.
  if (/^\d{5}$/.test(s)) {
    const serial = Number(s)
    if (serial < 10_000 || serial > 80_000) return null
    return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10)
  }
  return null
}

const isBlankRow = (row: readonly string[] | undefined): boolean => !row || row.every((c) => (c ?? '').trim() === '')

export function parseRosterRows(rows: readonly (readonly string[])[], options: RosterParseOptions): RosterParseResult {
  const makeId = options.newId ?? newId
  const now = options.now ?? new Date().toISOString()
  const errors: RosterError[] = []
  const fail = (row: number, zh: string, en: string): void => { errors.push({ row, message: L(zh, en) }) }

  const headerIndex = rows.findIndex((r) => !isBlankRow(r))
  if (headerIndex < 0) return { ok: false, errors: [{ row: 1, message: L('文件是空的', 'The file is empty') }] }
  const headerRow = headerIndex + 1

  // Map columns by their headers.
  const col = new Map<Column, number>()
  rows[headerIndex]!.forEach((h, i) => {
    const n = normalizeHeader(h ?? '')
    const c = (Object.keys(HEADERS) as Column[]).find((k) => HEADERS[k].includes(n))
    if (!c) return
    if (col.has(c)) fail(headerRow, `“${COLUMN_ZH[c]}”列重复`, `The column "${COLUMN_ZH[c]}" appears twice`)
    else col.set(c, i)
  })
  if (!col.has('name')) {
    fail(headerRow, '第一行应为表头，且须有“姓名”列', 'The first row must be the header and include a 姓名 (name) column')
    return { ok: false, errors }
  }
  if (!col.has('membership')) {
    // Voting rights follow from membership, so guessing it would put wrong numbers into every quorum.
    fail(headerRow, '缺少“党员类别”列（正式党员／预备党员）', 'The 党员类别 (full/probationary) column is missing')
  }

  const groupsByName = new Map<string, PartyGroup>()
  for (const g of options.existingGroups ?? []) groupsByName.set(g.name, { ...g })
  const usedGroups = new Set<string>()
  const existingIds = new Map((options.existingMembers ?? []).map((m) => [m.name, m.id]))
  const seenNames = new Map<string, number>()
  let secretaryRow: number | undefined
  const members: Member[] = []
  const leaders: { group: string; memberId: string; row: number }[] = []

  for (let i = headerIndex + 1; i < rows.length; i++) {
    const cells = rows[i]
    if (isBlankRow(cells)) continue
    const row = i + 1
    const cell = (c: Column): string => {
      const idx = col.get(c)
      return idx === undefined ? '' : (cells![idx] ?? '').trim()
    }
    const before = errors.length

    const name = normalizeName(cell('name'))
    if (!name) fail(row, '缺少姓名', 'The name is missing')
    else {
      const problem = nameProblem(name)
      if (problem) fail(row, `${problem['zh-CN']}，请填写全名`, `${problem.en}`)
      const dup = seenNames.get(name)
      if (dup !== undefined) fail(row, `姓名“${name}”与第${dup}行重复`, `The name "${name}" repeats row ${dup}`)
      else seenNames.set(name, row)
    }

    let membership: MembershipType = 'full'
    if (col.has('membership')) {
      const raw = cell('membership')
      const m = MEMBERSHIP[key(raw)]
      if (!raw) fail(row, '未填写党员类别（正式党员／预备党员）', 'Membership (full/probationary) is missing')
      else if (!m) fail(row, `党员类别“${raw}”无法识别，应为“正式党员”或“预备党员”`, `Unknown membership "${raw}" (full or probationary)`)
      else membership = m
    }

    let gender: Member['gender']
    const g = key(cell('gender'))
    if (g) {
      if (['男', 'male', 'm'].includes(g)) gender = 'male'
      else if (['女', 'female', 'f'].includes(g)) gender = 'female'
      else fail(row, `性别“${cell('gender')}”无法识别，应为“男”或“女”`, `Unknown gender "${cell('gender')}"`)
    }

    let committeeRole: CommitteeRole | undefined
    const rawRole = cell('role')
    if (!NO_ROLE.has(key(rawRole))) {
      committeeRole = ROLES[key(rawRole)]
      if (!committeeRole) fail(row, `支部职务“${rawRole}”无法识别，应为书记、副书记、组织委员、纪检委员、宣传委员或委员`, `Unknown committee role "${rawRole}"`)
      else if (committeeRole === 'secretary') {
        if (secretaryRow !== undefined) fail(row, `书记只能有一名（第${secretaryRow}行已是书记）`, `Only one secretary (row ${secretaryRow} already is)`)
        else secretaryRow = row
      }
    }

    let situation: MemberSituation = 'on-duty'
    const rawSituation = cell('situation')
    if (rawSituation) {
      const s = SITUATIONS[key(rawSituation)]
      if (!s) fail(row, `状态“${rawSituation}”无法识别，应为在岗、借调、退二线、流动、失联、出国(境)、病休或其他`, `Unknown situation "${rawSituation}"`)
      else situation = s
    }

    let joinedOn: string | undefined
    const rawDate = cell('joinedOn')
    if (rawDate) {
      const d = parseRosterDate(rawDate)
      if (!d) fail(row, `入党日期“${rawDate}”不是有效日期，应写成 2003-07-01`, `"${rawDate}" is not a valid date (write 2003-07-01)`)
      else joinedOn = d
    }

    // Membership of this branch (transfer in/out): the quarterly check counts only these months.
    const branchDates: Partial<Record<'transferredInOn' | 'leftOn', string>> = {}
    for (const c of ['transferredInOn', 'leftOn'] as const) {
      const raw = cell(c)
      if (!raw) continue
      const d = parseRosterDate(raw)
      if (!d) fail(row, `${COLUMN_ZH[c]}“${raw}”不是有效日期，应写成 2026-08-10`, `"${raw}" is not a valid date (write 2026-08-10)`)
      else branchDates[c] = d
    }
    if (branchDates.transferredInOn && branchDates.leftOn && branchDates.leftOn < branchDates.transferredInOn) {
      fail(row, '转出日期早于转入日期', 'The date of leaving is before the date of transferring in')
    }

    let votingRights = membership === 'full'
    const rawVoting = cell('voting')
    if (rawVoting) {
      if (YES.has(key(rawVoting))) votingRights = true
      else if (NO.has(key(rawVoting))) votingRights = false
      else fail(row, `表决权“${rawVoting}”无法识别，应为“是”或“否”`, `Voting rights "${rawVoting}" should be yes or no`)
    }

    let leads = false
    const rawLeader = cell('groupLeader')
    if (rawLeader) {
      if (YES.has(key(rawLeader))) leads = true
      else if (!NO.has(key(rawLeader))) fail(row, `党小组长“${rawLeader}”应为“是”或“否”`, `Group leader "${rawLeader}" should be yes or no`)
    }
    const groupName = cell('group').replace(/\s+/g, '')
    if (leads && !groupName) fail(row, '标为党小组长但未填写党小组', 'Marked as group leader without a party group')

    if (errors.length > before) continue

    if (groupName && !groupsByName.has(groupName)) groupsByName.set(groupName, { id: makeId(), name: groupName })
    if (groupName) usedGroups.add(groupName)
    const id = existingIds.get(name) ?? makeId()
    const member: Member = {
      id, branchId: options.branchId, name, membership, situation, votingRights, active: true, updatedAt: now,
    }
    if (gender) member.gender = gender
    if (groupName) member.partyGroupId = groupsByName.get(groupName)!.id
    if (committeeRole) member.committeeRole = committeeRole
    if (cell('duty')) member.committeeDuty = cell('duty')
    if (joinedOn) member.joinedOn = joinedOn
    if (cell('note')) member.note = cell('note')
    if (branchDates.transferredInOn) member.transferredInOn = branchDates.transferredInOn
    // Left the branch: kept for history, no longer on the sign-in lists.
    if (branchDates.leftOn) Object.assign(member, { leftOn: branchDates.leftOn, active: false })
    members.push(member)
    if (leads) leaders.push({ group: groupName, memberId: id, row })
  }

  const leaderOf = new Map<string, number>()
  for (const l of leaders) {
    const prev = leaderOf.get(l.group)
    if (prev !== undefined) fail(l.row, `${l.group}已有党小组长（第${prev}行）`, `${l.group} already has a leader (row ${prev})`)
    else {
      leaderOf.set(l.group, l.row)
      groupsByName.get(l.group)!.leaderId = l.memberId
    }
  }

  if (errors.length === 0 && members.length === 0) fail(headerRow + 1, '文件中没有成员（只有表头）', 'The file has a header but no members')
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.row - b.row) }
  // Groups someone is in come first (existing ones, then new ones in file order); existing empty groups are kept.
  const partyGroups = [...groupsByName.values()].sort((a, b) => Number(usedGroups.has(b.name)) - Number(usedGroups.has(a.name)))
  return { ok: true, members, partyGroups }
}

/** "第3行：缺少姓名" — an error with its row, for lists shown to the user. */
export function rosterErrorText(e: RosterError): Label {
  return { 'zh-CN': `第${e.row}行：${e.message['zh-CN']}`, en: `Row ${e.row}: ${e.message.en}` }
}
