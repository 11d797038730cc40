// When a photo was taken, from its EXIF DateTimeOriginal (the camera's clock, local time, no zone), so
// that the quarterly check can tell a photo of the meeting from one picked out of last year's gallery.
// Reads only the JPEG's APP1 segment; anything unexpected gives undefined (the caller falls back to the
// file's lastModified).

const TAG_EXIF_IFD = 0x8769
const TAG_DATE_TIME_ORIGINAL = 0x9003

/** "YYYY:MM:DD HH:MM:SS" (local time) as an ISO timestamp, or undefined when it is not a real date. */
export function exifDateToIso(text: string): string | undefined {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(text)
  if (!m) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  if (y < 1990 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined
  const date = new Date(y, mo - 1, d, h, mi, s)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

/** DateTimeOriginal of a JPEG's EXIF block, as an ISO timestamp. */
export function exifTakenAt(bytes: Uint8Array): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.length < 4 || view.getUint16(0) !== 0xffd8) return undefined
  let offset = 2
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined
    const marker = bytes[offset + 1] ?? 0
    const length = view.getUint16(offset + 2)
    if (marker === 0xda || marker === 0xd9) return undefined // image data: no EXIF before it
    if (marker === 0xe1 && offset + 10 <= bytes.length && String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)) === 'Exif') {
      try {
        return readTiff(view, offset + 10, Math.min(bytes.length, offset + 2 + length))
      } catch {
        return undefined
      }
    }
    offset += 2 + length
  }
  return undefined
}

function readTiff(view: DataView, tiff: number, end: number): string | undefined {
  const little = view.getUint16(tiff) === 0x4949
  const u16 = (at: number): number => view.getUint16(at, little)
  const u32 = (at: number): number => view.getUint32(at, little)
  const entries = (ifd: number): { tag: number; count: number; value: number }[] => {
    const at = tiff + ifd
    if (at + 2 > end) return []
    const n = u16(at)
    const out = []
    for (let i = 0; i < n && at + 2 + i * 12 + 12 <= end; i++) {
      const e = at + 2 + i * 12
      out.push({ tag: u16(e), count: u32(e + 4), value: u32(e + 8) })
    }
    return out
  }
  const exifIfd = entries(u32(tiff + 4)).find((e) => e.tag === TAG_EXIF_IFD)
  if (!exifIfd) return undefined
  const date = entries(exifIfd.value).find((e) => e.tag === TAG_DATE_TIME_ORIGINAL)
  if (!date || date.count < 19) return undefined
  const at = tiff + date.value
  if (at + 19 > end) return undefined
  let text = ''
  for (let i = 0; i < 19; i++) text += String.fromCharCode(view.getUint8(at + i))
  return exifDateToIso(text)
}
