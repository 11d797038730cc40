/** One row of `RecordShortList`. */
export interface ShortListRow {
  id: string
  kind: string
  title: string
  date: string
  to: string
  /** Small tags after the title (draft, 补记 …). */
  tags: { text: string; kind: 'draft' | 'late' }[]
  meta?: string
}
