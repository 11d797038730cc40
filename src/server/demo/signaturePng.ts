// Demo signatures: a handwriting-like stroke per name, drawn into a small transparent PNG, so the demo's
// finished records carry both signatures as a real phone's would (and can be edited without re-signing).
import { createHash } from 'node:crypto'
import { deflateSync } from 'node:zlib'

const WIDTH = 360
const HEIGHT = 120

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function encodePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height)
  for (let y = 0; y < height; y++) Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(rows, y * (width * 4 + 1) + 1)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

export interface DemoSignature {
  bytes: Buffer
  sha256: string
  width: number
  height: number
}

/** The same name always gives the same bytes (and hash): one upload per signer. */
export function demoSignaturePng(name: string): DemoSignature {
  const seed = createHash('sha256').update(name).digest()
  const rgba = new Uint8Array(WIDTH * HEIGHT * 4)
  const dot = (cx: number, cy: number): void => {
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        if (dx * dx + dy * dy > 5) continue
        const x = Math.round(cx + dx)
        const y = Math.round(cy + dy)
        if (x < 0 || y < 0 || x >= WIDTH || y >= HEIGHT) continue
        const i = (y * WIDTH + x) * 4
        rgba[i] = 20
        rgba[i + 1] = 24
        rgba[i + 2] = 40
        rgba[i + 3] = 255
      }
    }
  }
  // One loop per character, joined like running handwriting, with a slant and sizes from the name's hash.
  const chars = Math.max(2, [...name].length)
  const step = (WIDTH - 60) / chars
  for (let t = 0; t <= 1; t += 1 / 4000) {
    const k = Math.min(chars - 1, Math.floor(t * chars))
    const local = t * chars - k
    const size = 18 + (seed[k % seed.length]! % 16)
    const angle = local * Math.PI * 2
    const x = 30 + k * step + local * step - Math.sin(angle) * step * (0.2 + (seed[k + 8]! % 10) / 100)
    const y = HEIGHT / 2 - Math.sin(angle / 2) * size * 1.2 + size * 0.5 + Math.sin(t * Math.PI * 3 + seed[31]! / 40) * 6
    dot(x, y)
  }
  const bytes = encodePng(rgba, WIDTH, HEIGHT)
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), width: WIDTH, height: HEIGHT }
}
