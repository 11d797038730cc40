// A stored evidence file opened in a new tab: typed by what its bytes are (image or PDF), never by the
// type a synced document claims — a file claimed as a photo but holding HTML would otherwise run as a
// page of this app's origin.
import { sniffFileType } from '@/local/fileType'

export async function viewableBlob(blob: Blob): Promise<Blob | undefined> {
  const head = new Uint8Array(await blob.slice(0, 32).arrayBuffer())
  const sniffed = sniffFileType(head)
  return sniffed ? new Blob([blob], { type: sniffed.mime }) : undefined
}
