// The wording of the rectification report (整改情况通报), as data. An organization can replace any string;
// the composer only fills the {placeholders}. zh-CN is the document the unit publishes; the English set
// lets an English-speaking user read what the draft says.
import type { IsoDate, Locale } from '@/domain/types'
import type { MeasureStatus } from './types'

export interface ReportTemplateSet {
  /** Vars: unit. */
  title: string
  /** Vars: publisher — the title when the publishing unit is known (中共…党组关于巡察整改进展情况的通报). */
  titleWithPublisher: string
  /** Vars: authority. Starts the opening when the inspection names who ordered it. */
  openingDeployment: string
  openingDeploymentUnknown: string
  /** Vars: deployment, inspector, from, to, unit, feedbackDate. */
  opening: string
  /** Vars: note (the inspection's reorganization note). */
  reorganization: string
  /** Vars: successor — the unit that took the rectification over from the reorganized one. */
  successorTakesOver: string
  /** Vars: date, unit, verb, kindLabel — the meeting at which the feedback was studied. */
  feedbackStudied: string
  /** Last sentence of the opening. */
  openingClose: string
  /** Vars: cn (一), n (1). */
  sectionNumber: string
  /** Vars: number, title. */
  sectionHeading: string
  /** Title of the section for findings whose category is missing. */
  uncategorizedTitle: string
  /** Vars: n, title. */
  findingLine: string
  implementationLabel: string
  /** 一是 … 十是; beyond the list, `measureOrdinalFallback` with vars cn, n. */
  measureOrdinals: string[]
  measureOrdinalFallback: string
  /** Vars: ordinal, text. */
  measure: string
  measureSeparator: string
  measureEnd: string
  /** Joins the clauses of one measure (its text, evidence facts, completion). */
  clauseSeparator: string
  /** Vars: date, verb, kindLabel, subject. */
  evidenceRecord: string
  /** Vars: date, verb, kindLabel. */
  evidenceRecordNoSubject: string
  /** Verb per record kind id for `{verb}` (召开 a meeting, 开展 a talk); `default` for the rest. */
  recordVerbs: Record<string, string>
  /** Vars: title — the subject of a study record whose only fact is its material. */
  studyMaterialSubject: string
  /** Vars: date, name, docNumber. */
  evidenceRule: string
  /** Vars: date, name. */
  evidenceRuleNoNumber: string
  /** Vars: date, note — a file or photo with a date (a judgement's, a notice's) and what it shows. */
  evidenceFile: string
  /** Vars: date — appended to a done measure with a completion date. */
  completedOn: string
  /** Appended per status (empty for none). */
  statusSuffix: Record<MeasureStatus, string>
  /** A finding with no measures yet. */
  noMeasures: string
  /** Vars: date, total, done, ongoing, rate. */
  totals: string
  /** Whether the totals paragraph is written unless the caller says otherwise (it is common, not required). */
  totalsByDefault: boolean
  /** The invitation to supervise; the contact parts follow it in the same paragraph. */
  closing: string
  /** Vars: phone / mailbox / email; after `contactLead`, joined by `contactSeparator`, ended by `contactEnd`. */
  contactLead: string
  contactPhone: string
  contactMailbox: string
  contactEmail: string
  contactSeparator: string
  contactEnd: string
  /** Vars: y, m, d, monthName — dates in the text (`YYYY年M月D日`). */
  date: string
  /** Vars: m, d, monthName — the end of a period in the same year as its start (至4月19日). */
  dateSameYear: string
  monthNames: string[]
}

export const REPORT_TEMPLATES: Readonly<Record<Locale, ReportTemplateSet>> = {
  'zh-CN': {
    title: '关于{unit}巡察整改进展情况的通报',
    titleWithPublisher: '{publisher}关于巡察整改进展情况的通报',
    openingDeployment: '根据{authority}统一部署，',
    openingDeploymentUnknown: '根据巡察工作统一部署，',
    opening: '{deployment}{from}至{to}，{inspector}对{unit}开展了巡察，并于{feedbackDate}向{unit}反馈了巡察意见。',
    reorganization: '{note}',
    successorTakesOver: '{successor}承接整改任务。',
    feedbackStudied: '{date}，{unit}{verb}{kindLabel}，专题研究巡察反馈意见，部署整改工作。',
    openingClose: '按照党务公开和巡察工作有关要求，现将巡察整改进展情况予以通报。',
    sectionNumber: '（{cn}）',
    sectionHeading: '{number}{title}',
    uncategorizedTitle: '其他问题',
    findingLine: '{n}.{title}。',
    implementationLabel: '整改落实情况：',
    measureOrdinals: ['一是', '二是', '三是', '四是', '五是', '六是', '七是', '八是', '九是', '十是'],
    measureOrdinalFallback: '{cn}是',
    measure: '{ordinal}{text}',
    measureSeparator: '；',
    measureEnd: '。',
    clauseSeparator: '，',
    evidenceRecord: '{date}{verb}{kindLabel}，{subject}',
    evidenceRecordNoSubject: '{date}{verb}{kindLabel}',
    recordVerbs: {
      default: '召开',
      'heart-talk': '开展',
      'themed-party-day': '开展',
      'democratic-appraisal': '开展',
      'first-topic-study': '开展',
      'theory-study-group': '开展',
      'party-lesson': '开展',
      'study-test': '组织',
      'ideology-review': '开展',
      election: '举行',
    },
    studyMaterialSubject: '学习《{title}》',
    evidenceRule: '{date}制定印发《{name}》（{docNumber}）',
    evidenceRuleNoNumber: '{date}制定印发《{name}》',
    evidenceFile: '{date}，{note}',
    completedOn: '{date}完成整改',
    statusSuffix: { immediate: '', 'in-progress': '，目前正在推进', done: '', ongoing: '，将长期坚持' },
    noMeasures: '整改措施正在研究制定中。',
    totals: '截至{date}，巡察反馈的{total}个问题已完成整改{done}个，正在整改{ongoing}个，整改完成率{rate}。',
    totalsByDefault: true,
    closing: '欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。',
    contactLead: '',
    contactPhone: '联系电话：{phone}',
    contactMailbox: '邮政信箱：{mailbox}',
    contactEmail: '电子邮箱：{email}',
    contactSeparator: '；',
    contactEnd: '。',
    date: '{y}年{m}月{d}日',
    dateSameYear: '{m}月{d}日',
    monthNames: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
  },
  en: {
    title: 'Progress report on the rectification of the inspection findings at {unit}',
    titleWithPublisher: '{publisher}: progress report on the rectification of the inspection findings',
    openingDeployment: 'As arranged by {authority}, ',
    openingDeploymentUnknown: 'As arranged for the inspection round, ',
    opening: '{deployment}{inspector} inspected {unit} from {from} to {to} and fed back its findings on {feedbackDate}.',
    reorganization: '{note}',
    successorTakesOver: '{successor} took over the rectification.',
    feedbackStudied: 'On {date}, {unit} held a {kindLabel} to study the feedback and plan the rectification.',
    openingClose: 'The progress of the rectification is reported below.',
    sectionNumber: '({n})',
    sectionHeading: '{number} {title}',
    uncategorizedTitle: 'Other findings',
    findingLine: '{n}. {title}.',
    implementationLabel: 'Rectification: ',
    measureOrdinals: ['first, ', 'second, ', 'third, ', 'fourth, ', 'fifth, ', 'sixth, ', 'seventh, ', 'eighth, ', 'ninth, ', 'tenth, '],
    measureOrdinalFallback: '({n}) ',
    measure: '{ordinal}{text}',
    measureSeparator: '; ',
    measureEnd: '.',
    clauseSeparator: ', ',
    evidenceRecord: '{kindLabel} held on {date}: {subject}',
    evidenceRecordNoSubject: '{kindLabel} held on {date}',
    recordVerbs: { default: '' },
    studyMaterialSubject: 'studied "{title}"',
    evidenceRule: 'adopted "{name}" ({docNumber}) on {date}',
    evidenceRuleNoNumber: 'adopted "{name}" on {date}',
    evidenceFile: '{note} ({date})',
    completedOn: 'completed on {date}',
    statusSuffix: { immediate: '', 'in-progress': ' (in progress)', done: '', ongoing: ' (long-term)' },
    noMeasures: 'Measures are being drawn up.',
    totals: 'As of {date}, of the {total} findings fed back, {done} have been rectified and {ongoing} are being rectified; the completion rate is {rate}.',
    totalsByDefault: true,
    closing: 'Cadres and the public are welcome to supervise the rectification. Please send us your opinions and suggestions.',
    contactLead: ' ',
    contactPhone: 'Phone: {phone}',
    contactMailbox: 'Mailbox: {mailbox}',
    contactEmail: 'E-mail: {email}',
    contactSeparator: '; ',
    contactEnd: '.',
    date: '{monthName} {d}, {y}',
    dateSameYear: '{monthName} {d}, {y}',
    monthNames: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  },
}

export type TemplateVars = Readonly<Record<string, string | number | undefined>>

/** Replaces `{name}` with `vars.name`; unknown or missing placeholders stay visible for the user to fix. */
export function fillTemplate(tpl: string, vars: TemplateVars): string {
  return tpl.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name]
    return v === undefined ? whole : String(v)
  })
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (1–999, the range section numbers need). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) return String(n)
  const hundreds = Math.floor(n / 100)
  const tens = Math.floor((n % 100) / 10)
  const ones = n % 10
  let out = ''
  if (hundreds) out += `${DIGITS[hundreds]}百`
  if (tens) out += `${hundreds === 0 && tens === 1 ? '' : DIGITS[tens]}十`
  else if (hundreds && ones) out += '零'
  if (ones) out += DIGITS[ones]
  return out
}

/** `2026-09-12` → `2026年9月12日` (or `September 12, 2026`). Text that is not an ISO date stays as it is. */
export function formatReportDate(date: IsoDate, templates: ReportTemplateSet): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date)
  if (!m) return date
  const month = Number(m[2])
  return fillTemplate(templates.date, {
    y: Number(m[1]),
    m: month,
    d: Number(m[3]),
    monthName: templates.monthNames[month - 1] ?? String(month),
  })
}

/** The end of a period: without its year when the period starts in the same year (2024年3月4日至4月19日). */
export function formatPeriodEnd(from: IsoDate, to: IsoDate, templates: ReportTemplateSet): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(to)
  if (!m || from.slice(0, 4) !== to.slice(0, 4)) return formatReportDate(to, templates)
  const month = Number(m[2])
  return fillTemplate(templates.dateSameYear, { m: month, d: Number(m[3]), monthName: templates.monthNames[month - 1] ?? String(month) })
}

/** 一是, 二是 … 十是, then 十一是 …; "first, " … in English. */
export function measureOrdinal(index: number, templates: ReportTemplateSet): string {
  return templates.measureOrdinals[index] ?? fillTemplate(templates.measureOrdinalFallback, { cn: chineseNumeral(index + 1), n: index + 1 })
}
