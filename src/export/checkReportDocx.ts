// The quarterly check report as a Word document: title, requirements table, findings grouped as a 组织部
// feedback is (会议召开, 记录规范, 组织生活参加, 谈心谈话) with the record concerned, and the sign-off block. Pure function from a CheckResult to bytes;
// the app loads this module with import() only when exporting, so `docx` stays out of the main bundle.
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { FINDING_CATEGORY, FINDING_CATEGORY_LABELS, FINDING_CATEGORY_ORDER, type CheckResult, type Finding, type RequirementStatus, type Severity } from '@/domain/check/findings'
import { chineseNumeral, dayLabel } from '@/domain/check/wording'
import type { QuarterSignoff } from '@/domain/check/signoff'
import type { IsoTimestamp, Label, Locale } from '@/domain/types'

export interface CheckReportMeta {
  branchName: string
  year: number
  quarter: number
  generatedAt: IsoTimestamp
  signoff?: QuarterSignoff
  /** The signature image's bytes (the sign-off only references it by hash); PNG or JPEG. */
  signatureImage?: { data: Uint8Array; type: 'png' | 'jpg'; width?: number; height?: number }
}

const L = (zh: string, en: string): Label => ({ 'zh-CN': zh, en })

const WORDS = {
  title: (m: CheckReportMeta): Label =>
    L(`${m.branchName}${m.year}年第${'一二三四'[m.quarter - 1] ?? m.quarter}季度组织生活记录检查报告`, `${m.branchName}: record check, Q${m.quarter} ${m.year}`),
  generated: L('生成时间', 'Generated'),
  requirements: L('一、应开会议与实际召开情况', '1. Meetings required and held'),
  findings: L('二、检查发现的问题', '2. Findings'),
  signoffHeading: L('三、签核', '3. Sign-off'),
  colRequirement: L('检查要求', 'Requirement'),
  colPer: L('频次', 'Frequency'),
  colRequired: L('应开', 'Required'),
  colHeld: L('已开', 'Held'),
  colDue: L('尚缺', 'Still due'),
  colNote: L('说明', 'Notes'),
  localRule: L('本地规定', 'Local rule'),
  daysLeft: (n: number) => L(`还剩${n}天`, `${n} days left`),
  none: L('未发现问题。', 'No findings.'),
  noRequirements: L('本季度没有适用的检查要求。', 'No requirements apply this quarter.'),
  section: (n: number, label: Label) => L(`（${chineseNumeral(n)}）${label['zh-CN']}`, `(${'abcdefgh'[n - 1] ?? n}) ${label.en}`),
  /** Problems stand alone; the lighter kinds say what they are. */
  severityTag: { error: L('', ''), warning: L('（提醒）', ' (warning)'), info: L('（提示）', ' (note)') } as Record<Severity, Label>,
  signedBy: L('签核人', 'Signed by'),
  signedAt: L('签核时间', 'Signed at'),
  comment: L('签核意见', 'Comment'),
  notSigned: L('本季度尚未签核。', 'This quarter has not been signed off yet.'),
  per: { month: L('每月', 'per month'), quarter: L('每季度', 'per quarter'), year: L('每年', 'per year') },
  perGroup: L('（按党小组）', ' (per party group)'),
}

const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' }
const HEADING_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' }

function formatTimestamp(ts: IsoTimestamp): string {
  // Printed as written (UTC ISO) trimmed to minutes: the report must read the same on every machine.
  const d = new Date(ts)
  if (Number.isNaN(d.getTime())) return ts
  const cst = new Date(d.getTime() + 8 * 60 * 60_000).toISOString()
  return `${cst.slice(0, 10)} ${cst.slice(11, 16)}`
}

function cell(text: string, opts: { bold?: boolean; width?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}): TableCell {
  return new TableCell({
    width: opts.width ? { size: opts.width, type: WidthType.PERCENTAGE } : undefined,
    children: [new Paragraph({ alignment: opts.align, children: [new TextRun({ text, bold: opts.bold, font: FONT, size: 21 })] })],
  })
}

function requirementNote(req: RequirementStatus, t: (l: Label) => string): string {
  const parts: string[] = []
  if (req.perMonth && !req.perGroup) parts.push(req.perMonth.map((m) => `${m.month}${t(L('月', '/'))}${m.held}/${m.required}`).join(t(L('，', ', '))))
  if (req.perGroup) parts.push(req.perGroup.map((g) => `${g.name} ${g.held}/${g.required}`).join(t(L('；', '; '))))
  if (req.due > 0 && req.daysLeft > 0) parts.push(t(WORDS.daysLeft(req.daysLeft)))
  if (req.localRule) parts.push(t(WORDS.localRule))
  return parts.join(t(L('；', '; ')))
}

function findingLine(f: Finding, index: number, t: (l: Label) => string, year: number): Paragraph {
  const runs: TextRun[] = [new TextRun({ text: `${index}. `, font: FONT })]
  if (f.recordTitle || f.recordDate) {
    const where = [f.recordDate ? t(dayLabel(f.recordDate, year)) : '', f.recordTitle ? t(L(`《${f.recordTitle}》`, `"${f.recordTitle}"`)) : ''].filter(Boolean).join(t(L('', ' ')))
    runs.push(new TextRun({ text: `${where}${t(L('：', ': '))}`, bold: true, font: FONT }))
  }
  runs.push(new TextRun({ text: `${t(f.message)}${t(WORDS.severityTag[f.severity])}`, font: FONT }))
  return new Paragraph({ spacing: { after: 60 }, children: runs })
}

export async function buildCheckReportDocx(result: CheckResult, meta: CheckReportMeta, locale: Locale): Promise<Uint8Array> {
  const t = (l: Label): string => l[locale]
  const children: (Paragraph | Table)[] = []

  children.push(new Paragraph({
    heading: HeadingLevel.TITLE,
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ text: t(WORDS.title(meta)), bold: true, size: 36, font: HEADING_FONT })],
  }))
  children.push(new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 240 },
    children: [new TextRun({ text: `${t(WORDS.generated)}${t(L('：', ': '))}${formatTimestamp(meta.generatedAt)}`, size: 20, font: FONT })],
  }))

  const heading = (label: Label) => new Paragraph({
    heading: HeadingLevel.HEADING_1,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text: t(label), bold: true, size: 28, font: HEADING_FONT })],
  })

  children.push(heading(WORDS.requirements))
  if (result.requirements.length === 0) {
    children.push(new Paragraph({ children: [new TextRun({ text: t(WORDS.noRequirements), font: FONT })] }))
  } else {
    const header = new TableRow({
      tableHeader: true,
      children: [
        cell(t(WORDS.colRequirement), { bold: true, width: 28 }),
        cell(t(WORDS.colPer), { bold: true, width: 14 }),
        cell(t(WORDS.colRequired), { bold: true, width: 9, align: AlignmentType.CENTER }),
        cell(t(WORDS.colHeld), { bold: true, width: 9, align: AlignmentType.CENTER }),
        cell(t(WORDS.colDue), { bold: true, width: 9, align: AlignmentType.CENTER }),
        cell(t(WORDS.colNote), { bold: true, width: 31 }),
      ],
    })
    const rows = result.requirements.map((req) => new TableRow({
      children: [
        cell(t(req.label)),
        cell(`${t(WORDS.per[req.per])}${req.perGroup ? t(WORDS.perGroup) : ''}`),
        cell(String(req.required), { align: AlignmentType.CENTER }),
        cell(String(req.held), { align: AlignmentType.CENTER }),
        cell(String(req.due), { align: AlignmentType.CENTER }),
        cell(requirementNote(req, t)),
      ],
    }))
    const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' }
    children.push(new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
      rows: [header, ...rows],
    }))
  }

  children.push(heading(WORDS.findings))
  if (result.findings.length === 0) {
    children.push(new Paragraph({ children: [new TextRun({ text: t(WORDS.none), font: FONT })] }))
  }
  // Grouped as a 组织部 feedback is: one heading per area, numbered within it, each finding once.
  let section = 0
  for (const category of FINDING_CATEGORY_ORDER) {
    const list = result.findings.filter((f) => (FINDING_CATEGORY[f.code] ?? 'records') === category)
    if (list.length === 0) continue
    section++
    children.push(new Paragraph({
      heading: HeadingLevel.HEADING_2,
      spacing: { before: 120, after: 80 },
      children: [new TextRun({ text: `${t(WORDS.section(section, FINDING_CATEGORY_LABELS[category]))}${t(L(`（${list.length}项）`, ` (${list.length})`))}`, bold: true, size: 24, font: HEADING_FONT })],
    }))
    list.forEach((f, i) => children.push(findingLine(f, i + 1, t, result.year)))
  }

  children.push(heading(WORDS.signoffHeading))
  const signoff = meta.signoff ?? result.signoff
  if (!signoff) {
    children.push(new Paragraph({ children: [new TextRun({ text: t(WORDS.notSigned), font: FONT })] }))
  } else {
    const line = (label: Label, value: string) => new Paragraph({
      spacing: { after: 60 },
      children: [new TextRun({ text: `${t(label)}${t(L('：', ': '))}`, bold: true, font: FONT }), new TextRun({ text: value, font: FONT })],
    })
    if (signoff.comment.trim()) children.push(line(WORDS.comment, signoff.comment))
    children.push(line(WORDS.signedBy, signoff.signedBy))
    children.push(line(WORDS.signedAt, formatTimestamp(signoff.signedAt)))
    if (meta.signatureImage) {
      const { data, type, width = 160, height = 60 } = meta.signatureImage
      children.push(new Paragraph({ children: [new ImageRun({ type, data, transformation: { width, height } })] }))
    }
  }

  const doc = new Document({
    creator: meta.branchName,
    title: t(WORDS.title(meta)),
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [{ children }],
  })
  return new Uint8Array(await Packer.toArrayBuffer(doc))
}
