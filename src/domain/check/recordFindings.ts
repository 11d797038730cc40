// Findings on each record of the quarter (missing elements, lateness, thin or stock-phrase minutes,
// quorum, photos, people listed who were not members), exclusions from "should attend" that the rules do
// not recognise, unfinished drafts, and corrections made after the quarter was signed off.
import { daysBetween, isLateEntry, localDateOf } from '../dates'
import { kindById } from '../kinds'
import { meetingValidityWarnings } from '../quorum'
import type { BranchRecord, IsoDate, Label, Member } from '../types'
import { missingElements } from '../validation'
import type { CheckContext } from './checkContext'
import { compareStrings, countOccurrences, isEmptyDeep, L, properReason, recordFinding, safeRegExp } from './checkHelpers'
import type { Finding, FindingCode } from './findings'
import { listedWhileNotMember } from './membership'
import { daysLate } from './periods'
import { correctionsOf, type QuarterSignoff } from './signoff'
import { dayLabel, joinEn, monthsLabel, quarterLabel } from './wording'

const CODE_BY_ELEMENT: Readonly<Record<string, FindingCode>> = {
  absentReasons: 'absent-without-reason',
  voteCounts: 'decision-without-votes',
  signatures: 'missing-signature',
  firstTopic: 'first-topic',
}

export function recordFindings(ctx: CheckContext): Finding[] {
  const { members, config, year } = ctx.input
  const { inQuarter, draftsInQuarter } = ctx.buckets
  const { memberById, spanById, nonReason, textOf, textFacts } = ctx
  const findings: Finding[] = []
  // What was said and decided, without names and places: the measure of substance, and what a copy copies.
  const phraseKey = config.stockPhrases.join('\u0001')
  // Exclusions from "should attend" of the quarter, per member, checked against the recognized situations.
  const exclusions = new Map<string, { member: Member; reason: string; records: BranchRecord[]; unrecognized: boolean; unapproved: boolean }>()
  const exclusionReasons = config.exclusionReasonPatterns.map(safeRegExp).filter((x): x is RegExp => x !== undefined)
  const approval = safeRegExp(config.exclusionApprovalPattern)

  for (const r of inQuarter) {
    const kind = kindById(r.kind)
    if (!kind) continue

    // Ids from the element and its place in the list, never from the words, so rewording keeps marks.
    const seen = new Map<string, number>()
    for (const m of missingElements(r, kind, members)) {
      const code = CODE_BY_ELEMENT[m.element] ?? 'missing-element'
      const n = (seen.get(m.element) ?? 0) + 1
      seen.set(m.element, n)
      findings.push(recordFinding(r, code, 'error', m.message, n === 1 ? m.element : `${m.element}:${n}`, { element: m.element }))
    }
    // Where a kind wants 第一议题 first but does not require the element, missingElements stays silent.
    if (kind.firstTopicFirst && !kind.required.includes('firstTopic') && r.agenda.length > 0 && !r.agenda[0]!.isFirstTopic) {
      findings.push(recordFinding(r, 'first-topic', 'error', L('第一议题应列为第一项议程', 'The first-agenda study must be the first agenda item'), 'order'))
    }

    const late = daysLate(r)
    if (late) {
      const p = late.period
      const forLabel = p.per === 'quarter' ? quarterLabel(p.year, p.quarter, p.year !== year) : p.per === 'month' ? L(`${p.year !== year ? `${p.year}年` : ''}${p.month}月`, monthsLabel([p.month]).en) : L(`${p.year}年度`, `${p.year}`)
      const held = dayLabel(r.date, year)
      findings.push(recordFinding(r, 'late-meeting', 'warning',
        L(`${forLabel['zh-CN']}${kind.label['zh-CN']}延至${held['zh-CN']}召开，逾期${late.days}天`,
          `The ${kind.label.en.toLowerCase()} for ${forLabel.en} was held late, on ${held.en} (${late.days} days after the period)`),
        undefined, { period: r.period, days: late.days }))
    }

    try {
      if (isLateEntry(r.date, r.createdAt, config.lateEntryDays, config.utcOffsetMinutes)) {
        const days = daysBetween(r.date, localDateOf(r.createdAt, config.utcOffsetMinutes))
        findings.push(recordFinding(r, 'late-entry', 'warning',
          L(`补记：会后第${days}天才录入（超过${config.lateEntryDays}天）`, `Entered after the fact: ${days} days after the meeting (more than ${config.lateEntryDays})`),
          undefined, { days, createdAt: r.createdAt }))
      }
    } catch {
      // a malformed timestamp cannot tell us anything about lateness
    }

    const text = textOf(r, kind)
    const facts = textFacts(text)
    const { length } = facts
    if (kind.minContentChars > 0 && length < kind.minContentChars) {
      findings.push(recordFinding(r, 'thin-content', 'warning',
        L(`记录内容过简：${length}字，${kind.label['zh-CN']}一般不少于${kind.minContentChars}字`, `Minutes too thin: ${length} characters, at least ${kind.minContentChars} expected for this kind`),
        undefined, { length, minChars: kind.minContentChars }))
    }

    if (facts.phrases?.key !== phraseKey) {
      facts.phrases = { key: phraseKey, counts: config.stockPhrases.map((phrase) => countOccurrences(text, phrase)) }
    }
    const counts = facts.phrases.counts
    const phrases = config.stockPhrases.map((phrase, i) => ({ phrase, count: counts[i]! })).filter((p) => p.count > 0)
    const total = phrases.reduce((n, p) => n + p.count, 0)
    if (total > 0 && total >= config.stockPhraseWarnAt) {
      const list = phrases.map((p) => `“${p.phrase}”${p.count}次`).join('、')
      const listEn = phrases.map((p) => `"${p.phrase}" ×${p.count}`).join(', ')
      findings.push(recordFinding(r, 'stock-phrases', 'warning',
        L(`套话较多（共${total}处）：${list}，建议写实际做法`, `Many stock phrases (${total}): ${listEn}; say what was actually done`),
        undefined, { total, phrases }))
    }

    if (config.stagedKindIds.includes(kind.id)) {
      for (const stage of config.stageSections) {
        const section = kind.sections.find((s) => s.key === stage)
        if (!section) continue
        if (section.fields.every((f) => isEmptyDeep(r.sections[f.key]))) {
          findings.push(recordFinding(r, 'missing-stage', 'error',
            L(`缺少“${section.label['zh-CN']}”环节的记录`, `The "${section.label.en}" stage is not recorded`), stage, { stage }))
        }
      }
    }

    meetingValidityWarnings(r, members, config.quorum).forEach((w, i) => {
      findings.push(recordFinding(r, 'quorum', 'error', w, String(i + 1)))
    })

    if (kind.elements.includes('photos') && !kind.required.includes('photos') && !r.photos.some((p) => p.role === 'photo')) {
      findings.push(recordFinding(r, 'no-photos', 'info', L('没有会议照片', 'No photo of the meeting')))
    }

    // Photos taken on another day than the meeting: the usual sign of a picture that is not of this meeting.
    const offDays: IsoDate[] = []
    for (const p of r.photos) {
      if ((p.role !== 'photo' && p.role !== 'sign-in-sheet') || !p.takenAt) continue
      let day: IsoDate
      try {
        day = localDateOf(p.takenAt, config.utcOffsetMinutes)
      } catch {
        continue
      }
      if (day !== r.date && !offDays.includes(day)) offDays.push(day)
    }
    if (offDays.length > 0) {
      const when = offDays.sort().map((d) => dayLabel(d, year))
      const meeting = dayLabel(r.date, year)
      findings.push(recordFinding(r, 'photo-date', 'warning',
        L(`照片拍摄于${when.map((w) => w['zh-CN']).join('、')}，与会议日期${meeting['zh-CN']}不符`,
          `Photo taken on ${joinEn(when.map((w) => w.en))}, not on the day of the meeting (${meeting.en})`),
        undefined, { takenOn: offDays }))
    }

    // Listed although not (yet, or any more) a member of the branch that day.
    for (const { member, before } of listedWhileNotMember(r, spanById)) {
      const span = spanById.get(member.id)!.span
      const on = dayLabel((before ? span.from : span.until)!, year)
      findings.push(recordFinding(r, 'not-a-member', 'warning',
        before
          ? L(`${member.name}${on['zh-CN']}起才是本支部党员，会议当天不应列入应到人员`, `${member.name} only became a member of the branch on ${on.en} and should not be listed`)
          : L(`${member.name}已于${on['zh-CN']}转出本支部，会议当天不应列入应到人员`, `${member.name} left the branch on ${on.en} and should not be listed`),
        member.id, { memberId: member.id }))
    }

    for (const a of r.attendance) {
      if (a.status !== 'excluded') continue
      const reason = properReason(a.reason, nonReason)
      if (!reason) continue // no reason at all: the record's own absentReasons finding says so
      const member = memberById.get(a.memberId)
      if (!member) continue
      const unrecognized = !exclusionReasons.some((re) => re.test(reason))
      const unapproved = !approval?.test(reason)
      if (!unrecognized && !unapproved) continue
      const seenBefore = exclusions.get(member.id)
      if (seenBefore) {
        seenBefore.records.push(r)
        seenBefore.unrecognized ||= unrecognized
        seenBefore.unapproved ||= unapproved
      } else exclusions.set(member.id, { member, reason, records: [r], unrecognized, unapproved })
    }
  }

  for (const { member, reason, records: recs, unrecognized, unapproved } of exclusions.values()) {
    recs.sort((a, b) => compareStrings(a.date, b.date) || compareStrings(a.id, b.id))
    const first = recs[0]!
    const firstKind = kindById(first.kind)?.label ?? L(first.title, first.title)
    const where = dayLabel(first.date, year)
    const times = recs.length > 1 ? L(`等${recs.length}次会议`, ` and ${recs.length - 1} more meetings`) : L('', '')
    const problems: Label[] = []
    if (unrecognized) problems.push(L('不属于可不计入应到人数的情形（因病不能表达意志、自费出国半年以上、服刑、卧床不起、外出半年以上未转组织关系）', 'which is not one of the situations allowed (too ill to express their will, abroad over six months, serving a sentence, bedridden, away over six months without transferring)'))
    if (unapproved) problems.push(L('未注明经上级党组织批准', 'and no approval by the upper level is noted'))
    findings.push({
      id: `exclusion-check:${member.id}`,
      code: 'exclusion-check',
      severity: 'warning',
      memberId: member.id,
      recordId: first.id,
      recordTitle: first.title,
      recordDate: first.date,
      message: L(
        `${member.name}在${where['zh-CN']}${firstKind['zh-CN']}${times['zh-CN']}中以“${reason}”不计入应到人数，${problems.map((p) => p['zh-CN']).join('，')}`,
        `${member.name} was left out of "should attend" at the ${firstKind.en.toLowerCase()} of ${where.en}${times.en} for "${reason}", ${problems.map((p) => p.en).join(' ')}`,
      ),
      details: { reason, recordIds: recs.map((x) => x.id), unrecognized, unapproved },
    })
  }

  for (const r of draftsInQuarter) {
    findings.push(recordFinding(r, 'draft-unfinished', 'info', L('记录尚未完成（草稿），不计入次数', 'Still a draft: not counted until finished')))
  }
  return findings
}

/** Corrections made after the quarter was signed off: one note each, on the record as it is now. */
export function correctionFindings(ctx: CheckContext, signoff: QuarterSignoff | undefined): Finding[] {
  const { input, range } = ctx
  const { branch } = input
  const { inQuarter } = ctx.buckets
  const findings: Finding[] = []
  if (signoff && input.corrections?.length) {
    const byId = new Map(inQuarter.map((r) => [r.id, r]))
    for (const c of input.corrections) {
      if (c.at < signoff.signedAt) continue
      const current = byId.get(c.recordId)
      const wasInQuarter = c.previous.branchId === branch.id && c.previous.date >= range.start && c.previous.date <= range.end
      if (!current && !wasInQuarter) continue
      const r = current ?? c.previous
      const nth = correctionsOf(c.recordId, input.corrections).findIndex((x) => x.id === c.id) + 1
      findings.push(recordFinding(r, 'corrected-after-signoff', 'info',
        L(`签核后更正（第${nth}次）：${c.reason}`, `Corrected after sign-off (#${nth}): ${c.reason}`),
        c.id, { correctionId: c.id, reason: c.reason, by: c.by, at: c.at }))
    }
  }
  return findings
}
