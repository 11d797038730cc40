// Drafts the rectification report (整改情况通报) from the ledger and the linked records.
// Pure: ledger + records + templates → a document model of plain text blocks that the user edits
// afterwards. The facts (dates, meetings, rules) come from the evidence, never invented.
import { kindById } from '@/domain/kinds'
import type { BranchRecord, IsoDate, Locale } from '@/domain/types'
import { lookupRecord } from './ledgerRows'
import type { RecordLookup } from './ledgerRows'
import { ledgerProgress } from './progress'
import { REPORT_TEMPLATES, chineseNumeral, fillTemplate, formatPeriodEnd, formatReportDate, measureOrdinal } from './reportTemplates'
import type { ReportTemplateSet } from './reportTemplates'
import { evidenceOf } from './types'
import type { EvidenceLink, FindingCategory, Inspection, InspectionFinding, Measure } from './types'

export type ReportBlockRole = 'opening' | 'section' | 'finding' | 'measures' | 'totals' | 'closing' | 'signature'

export interface ReportBlock {
  type: 'heading' | 'paragraph'
  /** 1 = category section, 2 = finding line. */
  level?: 1 | 2
  role: ReportBlockRole
  text: string
  align?: 'left' | 'center' | 'right'
  /** Where the block came from, so an editor can point back at the ledger. */
  categoryId?: string
  findingId?: string
}

export type ReportWarningCode =
  | 'record-missing' // an evidence link points at a record that is not available (or deleted)
  | 'done-without-evidence' // a done measure has no evidence and no reason
  | 'finding-without-category' // the finding's category is gone; it is listed under 其他问题
  | 'finding-without-measures'

export interface ReportWarning {
  code: ReportWarningCode
  /** The measure, finding or evidence link concerned. */
  id: string
  recordId?: string
}

export interface ReportDocument {
  title: string
  paragraphs: ReportBlock[]
  warnings: ReportWarning[]
}

export interface ReportContact {
  phone?: string
  email?: string
  mailbox?: string
}

export interface ComposeReportInput {
  inspection: Inspection
  categories: readonly FindingCategory[]
  findings: readonly InspectionFinding[]
  measures: readonly Measure[]
  evidence: readonly EvidenceLink[]
  /** The linked records by id. */
  records: RecordLookup
  /** Fallback contact (the branch's); the inspection's own contact fields come first. */
  contact: ReportContact
  /**
   * Fallback publisher for the signature; the inspection's `publisher` comes first, then its successor
   * unit, then the unit inspected.
   */
  unitName?: string
  /** Write the totals paragraph (default: the template set's `totalsByDefault`). */
  includeTotals?: boolean
  /** The report's date: totals are "as of" it, and it is signed with it. */
  date: IsoDate
  /** Defaults to the built-in set for `locale`. */
  templates?: ReportTemplateSet
  locale: Locale
}

const TRAILING_PUNCT = /[\s。；;，,：:、.!！?？]+$/

function clause(text: string): string {
  return text.trim().replace(TRAILING_PUNCT, '')
}

function stripBookTitleMarks(name: string): string {
  return name.trim().replace(/^《/, '').replace(/》$/, '')
}

/** What a record was about, for "召开支部委员会会议，{subject}": the link's note, else the agenda. */
function recordSubject(record: BranchRecord, link: EvidenceLink, t: ReportTemplateSet): string | undefined {
  if (link.note?.trim()) return clause(link.note)
  const agenda = record.agenda.map((a) => clause(a.title)).filter((s) => s.length > 0)
  if (agenda.length) return agenda.join('、')
  const material = record.sections['materialTitle']
  if (typeof material === 'string' && material.trim()) return fillTemplate(t.studyMaterialSubject, { title: stripBookTitleMarks(material) })
  return undefined
}

function kindLabel(record: BranchRecord, locale: Locale): string {
  return kindById(record.kind)?.label[locale] ?? record.title
}

interface DatedFact {
  date: IsoDate
  text: string
  /** A rule's name: the fact is already told when the measure names the rule. */
  name?: string
}

function evidenceFacts(
  measure: Measure,
  evidence: readonly EvidenceLink[],
  input: ComposeReportInput,
  t: ReportTemplateSet,
  warnings: ReportWarning[],
): DatedFact[] {
  const facts: DatedFact[] = []
  for (const link of evidenceOf(measure.id, evidence)) {
    if (link.type === 'record') {
      const record = link.recordId ? lookupRecord(input.records, link.recordId) : undefined
      if (!record) {
        warnings.push({ code: 'record-missing', id: link.id, ...(link.recordId ? { recordId: link.recordId } : {}) })
        continue
      }
      const subject = recordSubject(record, link, t)
      const vars = {
        date: formatReportDate(record.date, t),
        verb: t.recordVerbs[record.kind] ?? t.recordVerbs['default'] ?? '',
        kindLabel: kindLabel(record, input.locale),
        subject,
      }
      facts.push({ date: record.date, text: fillTemplate(subject ? t.evidenceRecord : t.evidenceRecordNoSubject, vars) })
    } else if (link.type === 'rule' && link.rule) {
      const { rule } = link
      const vars = { date: formatReportDate(rule.adoptedOn, t), name: stripBookTitleMarks(rule.name), docNumber: rule.docNumber.trim() }
      facts.push({ date: rule.adoptedOn, name: vars.name, text: fillTemplate(rule.docNumber.trim() ? t.evidenceRule : t.evidenceRuleNoNumber, vars) })
    } else if (link.note?.trim()) {
      // Photos and scans are attachments, not sentences; only what the user wrote about them is a fact,
      // with the date of the file's content (a judgement's) or of the photo when there is one.
      const date = link.date ?? link.file?.takenAt?.slice(0, 10)
      facts.push({
        date: date ?? '9999-12-31',
        text: date ? fillTemplate(t.evidenceFile, { date: formatReportDate(date, t), note: clause(link.note) }) : clause(link.note),
      })
    }
  }
  // Chronological, so the paragraph reads as the story of the rectification.
  return facts.sort((a, b) => a.date.localeCompare(b.date))
}

/** The ways a date may already stand in a measure's own words: 2024年8月14日, 8月14日 (or the English date). */
function dateMentions(date: IsoDate, t: ReportTemplateSet): string[] {
  const full = formatReportDate(date, t)
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  return m ? [full, `${Number(m[2])}月${Number(m[3])}日`] : [full]
}

/** A fact the measure's own sentence already tells (its date or the rule's name) is not told again. */
function alreadyTold(fact: DatedFact, text: string, t: ReportTemplateSet): boolean {
  if (fact.name && text.includes(fact.name)) return true
  return fact.date !== '9999-12-31' && dateMentions(fact.date, t).some((d) => text.includes(d))
}

/** One measure: its words, the evidence facts woven in once, completion; 一是 only when there are several. */
function measureText(index: number, count: number, measure: Measure, facts: DatedFact[], t: ReportTemplateSet): string {
  const own = clause(measure.text)
  const clauses = [own, ...facts.filter((f) => !alreadyTold(f, own, t)).map((f) => clause(f.text))]
  if (measure.completionNote?.trim()) clauses.push(clause(measure.completionNote))
  if (measure.status === 'done' && measure.completedOn && !dateMentions(measure.completedOn, t).some((d) => clauses.join('').includes(d))) {
    clauses.push(fillTemplate(t.completedOn, { date: formatReportDate(measure.completedOn, t) }))
  }
  const body = clauses.filter((c) => c.length > 0).join(t.clauseSeparator) + t.statusSuffix[measure.status]
  return count > 1 ? fillTemplate(t.measure, { ordinal: measureOrdinal(index, t), text: body }) : body
}

function closingText(contact: ReportContact, t: ReportTemplateSet): string {
  const parts: string[] = []
  const phone = contact.phone?.trim()
  const mailbox = contact.mailbox?.trim()
  const email = contact.email?.trim()
  if (phone) parts.push(fillTemplate(t.contactPhone, { phone }))
  if (mailbox) parts.push(fillTemplate(t.contactMailbox, { mailbox }))
  if (email) parts.push(fillTemplate(t.contactEmail, { email }))
  return parts.length ? t.closing + t.contactLead + parts.join(t.contactSeparator) + t.contactEnd : t.closing
}

export function composeRectificationReport(input: ComposeReportInput): ReportDocument {
  const { inspection, locale } = input
  const t = input.templates ?? REPORT_TEMPLATES[locale]
  const fmt = (d: IsoDate) => formatReportDate(d, t)
  const unit = inspection.unitName
  const successor = inspection.successorUnit?.trim()
  const publisher = inspection.publisher?.trim()
  const signingUnit = publisher || input.unitName?.trim() || successor || unit
  const warnings: ReportWarning[] = []
  const paragraphs: ReportBlock[] = []

  const categories = input.categories
    .filter((c) => c.inspectionId === inspection.id && !c.deleted)
    .sort((a, b) => a.order - b.order)
  const findings = input.findings.filter((f) => f.inspectionId === inspection.id && !f.deleted)
  const evidence = input.evidence.filter((e) => !e.deleted)
  const measuresOf = (findingId: string) =>
    input.measures.filter((m) => m.findingId === findingId && !m.deleted).sort((a, b) => a.order - b.order)

  // Opening: who inspected when, the feedback, any reorganization, and the meeting that studied it.
  const deployment = inspection.authority?.trim()
    ? fillTemplate(t.openingDeployment, { authority: inspection.authority.trim() })
    : t.openingDeploymentUnknown
  const opening = [
    fillTemplate(t.opening, {
      deployment,
      inspector: inspection.inspector,
      from: fmt(inspection.periodFrom),
      to: formatPeriodEnd(inspection.periodFrom, inspection.periodTo, t),
      unit,
      feedbackDate: fmt(inspection.feedbackDate),
    }),
  ]
  if (inspection.reorganizationNote?.trim()) {
    opening.push(fillTemplate(t.reorganization, { note: clause(inspection.reorganizationNote) + t.measureEnd }))
  }
  if (successor) opening.push(fillTemplate(t.successorTakesOver, { successor }))
  if (inspection.feedbackStudyRecordId) {
    const study = lookupRecord(input.records, inspection.feedbackStudyRecordId)
    if (study) {
      opening.push(fillTemplate(t.feedbackStudied, {
        date: fmt(study.date),
        unit,
        verb: t.recordVerbs[study.kind] ?? t.recordVerbs['default'] ?? '',
        kindLabel: kindLabel(study, locale),
      }))
    } else {
      warnings.push({ code: 'record-missing', id: inspection.id, recordId: inspection.feedbackStudyRecordId })
    }
  }
  opening.push(t.openingClose)
  paragraphs.push({ type: 'paragraph', role: 'opening', text: opening.join(locale === 'en' ? ' ' : '') })

  // Sections in category order; findings numbered within their section (1. 2. … under each heading).
  const known = new Set(categories.map((c) => c.id))
  const orphans = findings.filter((f) => !known.has(f.categoryId))
  for (const f of orphans) warnings.push({ code: 'finding-without-category', id: f.id })
  const sections: { categoryId?: string; title: string; findings: InspectionFinding[] }[] = categories.map((c) => ({
    categoryId: c.id,
    title: c.title,
    findings: findings.filter((f) => f.categoryId === c.id).sort((a, b) => a.order - b.order),
  }))
  if (orphans.length) sections.push({ title: t.uncategorizedTitle, findings: [...orphans].sort((a, b) => a.order - b.order) })

  let sectionNo = 0
  for (const section of sections) {
    if (section.findings.length === 0) continue
    sectionNo += 1
    let findingNo = 0
    paragraphs.push({
      type: 'heading',
      level: 1,
      role: 'section',
      text: fillTemplate(t.sectionHeading, {
        number: fillTemplate(t.sectionNumber, { cn: chineseNumeral(sectionNo), n: sectionNo }),
        title: clause(section.title),
      }),
      ...(section.categoryId ? { categoryId: section.categoryId } : {}),
    })
    for (const finding of section.findings) {
      findingNo += 1
      paragraphs.push({
        type: 'heading',
        level: 2,
        role: 'finding',
        text: fillTemplate(t.findingLine, { n: findingNo, title: clause(finding.title) }),
        findingId: finding.id,
      })
      const measures = measuresOf(finding.id)
      if (measures.length === 0) warnings.push({ code: 'finding-without-measures', id: finding.id })
      for (const m of measures) {
        if (m.status === 'done' && evidenceOf(m.id, evidence).length === 0 && !m.noEvidenceReason?.trim()) {
          warnings.push({ code: 'done-without-evidence', id: m.id })
        }
      }
      const body = measures.length
        ? measures.map((m, i) => measureText(i, measures.length, m, evidenceFacts(m, evidence, input, t, warnings), t)).join(t.measureSeparator) + t.measureEnd
        : t.noMeasures
      paragraphs.push({ type: 'paragraph', role: 'measures', text: t.implementationLabel + body, findingId: finding.id })
    }
  }

  if (input.includeTotals ?? t.totalsByDefault) {
    const progress = ledgerProgress(inspection, categories, findings, input.measures, evidence, input.date)
    paragraphs.push({
      type: 'paragraph',
      role: 'totals',
      text: fillTemplate(t.totals, {
        date: fmt(input.date),
        total: progress.overall.total,
        done: progress.overall.completed,
        ongoing: progress.overall.ongoing,
        rate: progress.overall.rateText,
      }),
    })
  }
  // The inspection's own contact (read from a pasted report or typed) before the branch's.
  const contact: ReportContact = {
    phone: inspection.contactPhone?.trim() || input.contact.phone,
    mailbox: inspection.contactMailbox?.trim() || input.contact.mailbox,
    email: inspection.contactEmail?.trim() || input.contact.email,
  }
  paragraphs.push({ type: 'paragraph', role: 'closing', text: closingText(contact, t) })
  paragraphs.push({ type: 'paragraph', role: 'signature', text: signingUnit, align: 'right' })
  paragraphs.push({ type: 'paragraph', role: 'signature', text: fmt(input.date), align: 'right' })

  const title = publisher ? fillTemplate(t.titleWithPublisher, { publisher }) : fillTemplate(t.title, { unit })
  return { title, paragraphs, warnings }
}
