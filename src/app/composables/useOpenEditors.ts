// Editors register a flush function so that an update (or anything else that reloads the page)
// can save every open draft first.
type Flush = () => Promise<void>
const flushers = new Set<Flush>()

export function registerEditorFlush(flush: Flush): () => void {
  flushers.add(flush)
  return () => flushers.delete(flush)
}

export async function flushOpenEditors(): Promise<void> {
  await Promise.all([...flushers].map((f) => f()))
}
