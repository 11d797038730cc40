// The rectification report (整改情况通报) as a Word document, laid out like an official notice:
// title centred, body in 仿宋 三号 with two-character first-line indents, section headings in 黑体,
// finding lines in bold 楷体, the signature right-aligned. Loaded lazily by the app (`import()`).
import { AlignmentType, Document, LineRuleType, Packer, Paragraph, TextRun } from 'docx'
import type { IRunOptions } from 'docx'
import type { ReportBlock, ReportDocument } from '@/domain/rectification/reportComposer'

/** Font names Word maps to the usual Chinese official-document faces. */
export const OFFICIAL_FONTS = {
  body: 'FangSong', // 仿宋
  title: 'SimSun', // 宋体 (小标宋 is rarely installed)
  heading: 'SimHei', // 黑体
  subheading: 'KaiTi', // 楷体
} as const

/** Half-points: 三号 = 16pt, 二号 = 22pt. */
const BODY_SIZE = 32
const TITLE_SIZE = 44
/** 28pt fixed line pitch, as in printed notices (twips). */
const LINE_EXACT = 560
/** Two characters of 三号 (twips). */
const FIRST_LINE_INDENT = 640

export function fontRun(text: string, font: string, extra: Omit<IRunOptions, 'text' | 'font'> = {}): TextRun {
  return new TextRun({ text, font: { ascii: font, hAnsi: font, eastAsia: font, cs: font }, ...extra })
}

/** `spaced`: the first signature line stands apart from the closing paragraph by one blank line. */
function blockParagraph(block: ReportBlock, spaced: boolean): Paragraph {
  const spacing = { line: LINE_EXACT, lineRule: LineRuleType.EXACT }
  if (block.type === 'heading') {
    const font = block.level === 2 ? OFFICIAL_FONTS.subheading : OFFICIAL_FONTS.heading
    return new Paragraph({
      children: [fontRun(block.text, font, { bold: true, size: BODY_SIZE })],
      indent: { firstLine: FIRST_LINE_INDENT },
      spacing,
      keepNext: true,
    })
  }
  const align = block.align === 'right' ? AlignmentType.RIGHT : block.align === 'center' ? AlignmentType.CENTER : AlignmentType.JUSTIFIED
  return new Paragraph({
    // The user may have typed line breaks into a block while editing the draft.
    children: block.text.split('\n').map((line, i) => fontRun(line, OFFICIAL_FONTS.body, { size: BODY_SIZE, ...(i > 0 ? { break: 1 } : {}) })),
    alignment: align,
    ...(block.align === 'right' ? {} : { indent: { firstLine: FIRST_LINE_INDENT } }),
    spacing: { ...spacing, ...(spaced ? { before: LINE_EXACT } : {}) },
  })
}

export async function buildRectificationReportDocx(doc: ReportDocument): Promise<Uint8Array> {
  const firstSignature = doc.paragraphs.findIndex((p) => p.role === 'signature')
  const title = new Paragraph({
    children: [fontRun(doc.title, OFFICIAL_FONTS.title, { bold: true, size: TITLE_SIZE })],
    alignment: AlignmentType.CENTER,
    spacing: { after: LINE_EXACT, line: 700, lineRule: LineRuleType.EXACT },
  })
  const document = new Document({
    creator: '支部纪实',
    title: doc.title,
    styles: {
      default: {
        document: { run: { font: { ascii: OFFICIAL_FONTS.body, hAnsi: OFFICIAL_FONTS.body, eastAsia: OFFICIAL_FONTS.body }, size: BODY_SIZE } },
      },
    },
    sections: [
      {
        // GB/T 9704 margins: top 37mm, bottom 35mm, left 28mm, right 26mm.
        properties: { page: { margin: { top: '37mm', bottom: '35mm', left: '28mm', right: '26mm' } } },
        children: [title, ...doc.paragraphs.map((p, i) => blockParagraph(p, i === firstSignature))],
      },
    ],
  })
  return new Uint8Array(await Packer.toArrayBuffer(document))
}
