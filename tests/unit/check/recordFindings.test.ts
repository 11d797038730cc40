import { describe, expect, it } from 'vitest'
import { kindById } from '@/domain/kinds'
import { check, makeRecord, uniqueText, withCode } from './helpers'

const NO_RULES = { rules: [] }

describe('a complete record', () => {
  it('raises no finding at all', () => {
    for (const kind of ['committee-meeting', 'general-meeting', 'org-life-meeting', 'party-lesson']) {
      const result = check({ ...NO_RULES, records: [makeRecord(kind, '2026-05-12')] })
      // Talk coverage is about the year's talks, not about this record.
      expect(result.findings.filter((f) => f.code !== 'talk-coverage'), kind).toEqual([])
    }
  })
})

describe('补记 (entered after the fact)', () => {
  // createdAt is read on China Standard Time (UTC+8): 02:00Z is 10:00 the same day.
  const late = (created: string) => withCode(check({ ...NO_RULES, records: [makeRecord('committee-meeting', '2026-05-01', { createdAt: created })] }).findings, 'late-entry')

  it('exactly 3 days after the meeting is on time', () => {
    expect(late('2026-05-04T15:59:00.000Z')).toEqual([]) // 23:59 on the 4th in Beijing
  })
  it('4 days after the meeting is 补记', () => {
    const f = late('2026-05-04T16:00:00.000Z') // 00:00 on the 5th in Beijing
    expect(f).toHaveLength(1)
    expect(f[0]!.severity).toBe('warning')
    expect(f[0]!.details).toMatchObject({ days: 4 })
    expect(f[0]!.message['zh-CN']).toContain('补记')
  })
  it('the threshold is configurable', () => {
    const r = makeRecord('committee-meeting', '2026-05-01', { createdAt: '2026-05-03T02:00:00.000Z' })
    expect(withCode(check({ ...NO_RULES, records: [r] }, { lateEntryDays: 1 }).findings, 'late-entry')).toHaveLength(1)
  })
})

describe('missing elements', () => {
  it('absentees without a reason, decisions without counts and missing signatures each get their own finding', () => {
    const base = makeRecord('committee-meeting', '2026-05-12')
    const r = {
      ...base,
      attendance: [
        ...base.attendance.slice(0, 2),
        { memberId: 'm3', name: '郑国强', status: 'absent' as const },
      ],
      decisions: [{ id: 'd1', text: '同意发展对象名单', rule: 'committee' as const, yes: 2 }],
      signatures: { chair: base.signatures.chair },
      place: '',
    }
    const { findings } = check({ ...NO_RULES, records: [r] })
    const absent = withCode(findings, 'absent-without-reason')
    expect(absent).toHaveLength(1)
    expect(absent[0]!.message['zh-CN']).toContain('郑国强')
    expect(withCode(findings, 'decision-without-votes')).toHaveLength(1)
    expect(withCode(findings, 'missing-signature')[0]!.message['zh-CN']).toContain('记录人')
    expect(withCode(findings, 'missing-element').map((f) => f.details?.element)).toContain('place')
    for (const f of findings.filter((x) => x.code !== 'talk-coverage')) expect(f.recordId).toBe(r.id)
  })
  it('finding ids are stable across runs and unique', () => {
    const r = makeRecord('committee-meeting', '2026-05-12', { place: '', recorder: '', signatures: {} })
    const a = check({ ...NO_RULES, records: [r] }).findings.map((f) => f.id)
    const b = check({ ...NO_RULES, records: [r] }).findings.map((f) => f.id)
    expect(a).toEqual(b)
    expect(new Set(a).size).toBe(a.length)
  })
})

describe('第一议题', () => {
  it('flags a 第一议题 that is the second agenda item', () => {
    const base = makeRecord('committee-meeting', '2026-05-12')
    const r = { ...base, agenda: [base.agenda[1]!, base.agenda[0]!] }
    const f = withCode(check({ ...NO_RULES, records: [r] }).findings, 'first-topic')
    expect(f).toHaveLength(1)
    expect(f[0]!.message['zh-CN']).toContain('第一项')
    expect(f[0]!.severity).toBe('error')
  })
  it('does not ask for it where the kind does not', () => {
    const base = makeRecord('party-lesson', '2026-05-12')
    const r = { ...base, agenda: [base.agenda[1]!, base.agenda[0]!] }
    expect(withCode(check({ ...NO_RULES, records: [r] }).findings, 'first-topic')).toEqual([])
  })
})

describe('thin minutes and stock phrases', () => {
  it('flags minutes shorter than the kind asks for, not those just long enough', () => {
    const kind = kindById('committee-meeting')!
    const thin = makeRecord('committee-meeting', '2026-05-12', { speeches: [], summary: '', agenda: [{ id: 'a', title: '第一议题', isFirstTopic: true, material: { title: '讲话' } }], decisions: [] })
    const f = withCode(check({ ...NO_RULES, records: [thin] }).findings, 'thin-content')
    expect(f).toHaveLength(1)
    expect(f[0]!.details?.minChars).toBe(kind.minContentChars)
    expect(f[0]!.details?.length as number).toBeLessThan(kind.minContentChars)
    const ok = makeRecord('committee-meeting', '2026-05-12')
    expect(withCode(check({ ...NO_RULES, records: [ok] }).findings, 'thin-content')).toEqual([])
  })

  it('warns (never blocks) about stock phrases and counts them', () => {
    const base = makeRecord('committee-meeting', '2026-05-12')
    const r = { ...base, summary: `要进一步加强学习，不断提高能力，狠抓落实，进一步加强管理。${uniqueText(30)}` }
    const f = withCode(check({ ...NO_RULES, records: [r] }).findings, 'stock-phrases')
    expect(f).toHaveLength(1)
    expect(f[0]!.severity).toBe('warning')
    expect(f[0]!.details?.total).toBe(4)
    expect(f[0]!.details?.phrases).toContainEqual({ phrase: '进一步加强', count: 2 })
    expect(f[0]!.message['zh-CN']).toContain('“进一步加强”2次')
  })
  it('one stock phrase alone is below the default threshold, but the threshold is data', () => {
    const base = makeRecord('committee-meeting', '2026-05-12')
    const r = { ...base, summary: `会议要求持续发力。${uniqueText(30)}` }
    expect(withCode(check({ ...NO_RULES, records: [r] }).findings, 'stock-phrases')).toEqual([])
    expect(withCode(check({ ...NO_RULES, records: [r] }, { stockPhraseWarnAt: 1 }).findings, 'stock-phrases')).toHaveLength(1)
  })
})

describe('组织生活会 stages', () => {
  it('flags each stage whose section is empty (a list with only blank rows is empty)', () => {
    const base = makeRecord('org-life-meeting', '2026-05-12')
    const r = {
      ...base,
      sections: {
        ...base.sections,
        measures: [{ measure: '', responsible: '  ', deadline: '', done: '' }],
      },
    }
    const f = withCode(check({ ...NO_RULES, records: [r] }).findings, 'missing-stage')
    expect(f.map((x) => x.details?.stage)).toEqual(['after'])
    expect(f[0]!.message['zh-CN']).toContain('会后整改')

    const noBefore = { ...base, sections: { ...base.sections, topic: '', studyDone: '', talksHeld: '', opinionsGathered: '', selfExaminations: [] } }
    expect(withCode(check({ ...NO_RULES, records: [noBefore] }).findings, 'missing-stage').map((x) => x.details?.stage)).toEqual(['before'])
  })
})

describe('quorum and photos', () => {
  it('a committee decision with only 1 of 3 committee members present is flagged', () => {
    const base = makeRecord('committee-meeting', '2026-05-12')
    const r = {
      ...base,
      attendance: [
        { memberId: 'm1', name: '周建华', status: 'present' as const },
        { memberId: 'm2', name: '林晓梅', status: 'absent' as const, reason: '出差' },
        { memberId: 'm3', name: '郑国强', status: 'absent' as const, reason: '病假' },
      ],
      decisions: [{ id: 'd1', text: '同意工作安排', rule: 'committee' as const, yes: 1, no: 0, abstain: 0 }],
    }
    const f = withCode(check({ ...NO_RULES, records: [r] }).findings, 'quorum')
    expect(f.length).toBeGreaterThan(0)
    expect(f[0]!.message['zh-CN']).toContain('应到3人，实到1人')
  })
  it('notes a meeting without photos (info only)', () => {
    const r = makeRecord('committee-meeting', '2026-05-12', { photos: [] })
    const f = withCode(check({ ...NO_RULES, records: [r] }).findings, 'no-photos')
    expect(f).toHaveLength(1)
    expect(f[0]!.severity).toBe('info')
  })
})

describe('order and counts', () => {
  it('sorts errors before warnings before notes, and counts them', () => {
    const r1 = makeRecord('committee-meeting', '2026-05-12', { photos: [], place: '' })
    const r2 = makeRecord('committee-meeting', '2026-04-01', { createdAt: '2026-04-20T02:00:00.000Z' })
    const result = check({ ...NO_RULES, records: [r1, r2] })
    const severities = result.findings.map((f) => f.severity)
    expect(severities).toEqual([...severities].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)))
    expect(result.counts).toEqual({
      error: severities.filter((s) => s === 'error').length,
      warning: severities.filter((s) => s === 'warning').length,
      info: severities.filter((s) => s === 'info').length,
    })
    expect(result.counts.error).toBeGreaterThan(0)
    expect(result.counts.warning).toBeGreaterThan(0)
    expect(result.counts.info).toBeGreaterThan(0)
  })
})
