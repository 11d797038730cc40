// When a person was a member of this branch, from the roster's dates: joining the party (入党日期) or
// transferring in, whichever is later, up to leaving (转出). Only those days are the branch's to check: a
// member who joined later is not in an earlier quarter's lists, one who left is not in a later one's.
import type { BranchRecord, IsoDate, Member } from '../types'

const DATE = /^\d{4}-\d{2}-\d{2}$/

export interface MembershipSpan {
  /** First day as a member of this branch; undefined when the roster does not say (assume always). */
  from?: IsoDate
  /** First day no longer a member; undefined while still a member. */
  until?: IsoDate
  /**
   * Marked inactive without a date of leaving: when they left is unknown, so the check never names them
   * (it cannot tell which quarters they belonged to).
   */
  unknownLeaving: boolean
}

export function membershipSpan(m: Member): MembershipSpan {
  const starts = [m.joinedOn, m.transferredInOn].filter((d): d is IsoDate => typeof d === 'string' && DATE.test(d))
  const from = starts.length ? starts.reduce((a, b) => (b > a ? b : a)) : undefined
  const until = m.leftOn && DATE.test(m.leftOn) ? m.leftOn : undefined
  const span: MembershipSpan = { unknownLeaving: !m.active && until === undefined }
  if (from) span.from = from
  if (until) span.until = until
  return span
}

/** Was the person a member of the branch on that day? */
export function isMemberOn(m: Member, date: IsoDate): boolean {
  const s = membershipSpan(m)
  if (s.unknownLeaving) return false
  return (s.from === undefined || date >= s.from) && (s.until === undefined || date < s.until)
}

/** Was the person a member of the branch on any day of [start, end]? */
export function isMemberDuring(m: Member, start: IsoDate, end: IsoDate): boolean {
  const s = membershipSpan(m)
  if (s.unknownLeaving) return false
  return (s.from === undefined || s.from <= end) && (s.until === undefined || s.until > start)
}

/**
 * Roster entries listed on a record although they were not (yet, or any more) members that day. `spans`
 * holds each member's span, worked out once per check.
 */
export function listedWhileNotMember(
  r: BranchRecord,
  byId: ReadonlyMap<string, { member: Member; span: MembershipSpan }>,
): { member: Member; before: boolean }[] {
  const out: { member: Member; before: boolean }[] = []
  for (const a of r.attendance) {
    if (a.status === 'observer') continue // 列席 needs no membership
    const entry = byId.get(a.memberId)
    if (!entry) continue
    const s = entry.span
    if (s.unknownLeaving) continue // we do not know when they left: say nothing
    const before = s.from !== undefined && r.date < s.from
    if (before || (s.until !== undefined && r.date >= s.until)) out.push({ member: entry.member, before })
  }
  return out
}
