import { describe, expect, it } from 'vitest'
import { sniffFileType } from '@/local/fileType'

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0))
const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? ascii(p) : p)))

describe('sniffFileType', () => {
  it.each([
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xdb, 0, 0])],
    ['image/png', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0])],
    ['image/gif', bytes('GIF89a', [1, 0])],
    ['image/gif', bytes('GIF87a')],
    ['image/webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ')],
    ['image/heic', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic')],
    ['image/heif', bytes([0, 0, 0, 0x18], 'ftypmif1', [0, 0, 0, 0])],
    ['image/avif', bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0])],
  ])('recognises %s', (mime, data) => {
    expect(sniffFileType(data)).toEqual({ mime, image: true })
  })

  it('recognises a PDF as a non-image', () => {
    expect(sniffFileType(bytes('%PDF-1.4\n'))).toEqual({ mime: 'application/pdf', image: false })
  })

  it.each([
    ['empty', bytes()],
    ['text', bytes('hello world')],
    ['exe', bytes('MZ', [0x90, 0, 3, 0])],
    ['truncated png', bytes([0x89], 'PNG')],
    ['riff wav', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ')],
    ['mp4 video', bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 0, 0])],
  ])('rejects %s', (_label, data) => {
    expect(sniffFileType(data)).toBeUndefined()
  })
})
