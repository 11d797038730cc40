// Reads a DOCX the way a checker would: unzip it and take the text of word/document.xml, paragraph by paragraph.
import { strFromU8, unzipSync } from 'fflate'

export function docxParts(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes)
}

export function documentXml(bytes: Uint8Array): string {
  const xml = docxParts(bytes)['word/document.xml']
  if (!xml) throw new Error('word/document.xml missing')
  return strFromU8(xml)
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')

/** The text of each paragraph (`<w:p>`), line breaks as \n. Table cells are paragraphs too. */
export function paragraphsOf(xml: string): string[] {
  const out: string[] = []
  for (const p of xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []) {
    let text = ''
    for (const m of p.matchAll(/<w:br\/>|<w:t(?: [^>]*)?>([\s\S]*?)<\/w:t>/g)) text += m[0] === '<w:br/>' ? '\n' : unescape(m[1] ?? '')
    out.push(text)
  }
  return out
}

/** A paragraph's XML by the text it contains (first match). */
export function paragraphXml(xml: string, containing: string): string | undefined {
  return (xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).find((p) => paragraphsOf(p).join('').includes(containing))
}
