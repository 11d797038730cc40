// Photos are resized on the device before they are stored: a phone camera's 12-megapixel JPEG would
// fill the quota after a few meetings, and 1600 px on the long edge is plenty for a record page.
import { sniffFileType } from '@/local/fileType'

export const MAX_LONG_EDGE = 1600
export const JPEG_QUALITY = 0.8
/** Thumbnails (made at capture time, synced as files of their own): enough for a 4-column grid at 3×. */
export const THUMB_LONG_EDGE = 320
export const THUMB_QUALITY = 0.7
/** Larger inputs are refused outright: decoding them can exhaust a phone's memory. */
export const MAX_INPUT_BYTES = 30 * 1024 * 1024
/** A JPEG already within the size limit is kept byte for byte when it is at most this big. */
export const KEEP_ORIGINAL_MAX_BYTES = 1024 * 1024

export type ImageResizeErrorCode = 'not-image' | 'too-large' | 'decode-failed'

export class ImageResizeError extends Error {
  constructor(public readonly code: ImageResizeErrorCode, message: string) {
    super(message)
    this.name = 'ImageResizeError'
  }
}

export interface ResizedImage {
  blob: Blob
  mime: string
  width: number
  height: number
}

export interface ResizeOptions {
  maxLongEdge?: number
  quality?: number
  maxInputBytes?: number
}

async function readHead(file: Blob, n: number): Promise<Uint8Array> {
  const slice = file.slice(0, n)
  // Blob.arrayBuffer is missing in some older WebViews; FileReader is everywhere.
  if (typeof slice.arrayBuffer === 'function') return new Uint8Array(await slice.arrayBuffer())
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer))
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsArrayBuffer(slice)
  })
}

/** Checks the file is an image we can take, without decoding it. Throws `ImageResizeError`. */
export async function checkImageFile(file: Blob, maxInputBytes = MAX_INPUT_BYTES): Promise<string> {
  if (file.size === 0) throw new ImageResizeError('not-image', 'empty file')
  if (file.type && !file.type.startsWith('image/')) throw new ImageResizeError('not-image', `not an image: ${file.type}`)
  if (file.size > maxInputBytes) throw new ImageResizeError('too-large', `file too large: ${file.size} bytes`)
  // The claimed type can lie (a renamed document); the first bytes do not.
  const sniffed = sniffFileType(await readHead(file, 32))
  if (!sniffed?.image) throw new ImageResizeError('not-image', 'unrecognised image data')
  return sniffed.mime
}

export function fitWithin(width: number, height: number, maxLongEdge: number): { width: number; height: number } {
  const long = Math.max(width, height)
  if (long <= maxLongEdge) return { width, height }
  const scale = maxLongEdge / long
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

interface Decoded {
  source: CanvasImageSource
  width: number
  height: number
  close(): void
}

async function decode(file: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === 'function') {
    try {
      // 'from-image' applies the EXIF orientation, so portrait phone photos stay upright.
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
      return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() }
    } catch {
      // fall through to <img>, which decodes more formats on some browsers (HEIC on Safari)
    }
  }
  const url = URL.createObjectURL(file)
  try {
    const img = new Image()
    img.decoding = 'async'
    img.src = url
    await img.decode()
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => URL.revokeObjectURL(url) }
  } catch {
    URL.revokeObjectURL(url)
    throw new ImageResizeError('decode-failed', 'the image could not be decoded')
  }
}

function canvasToBlob(canvas: HTMLCanvasElement, mime: string, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new ImageResizeError('decode-failed', 'encoding failed'))), mime, quality)
  })
}

/** Resizes an image file to a JPEG no larger than `maxLongEdge` on its long edge. */
export async function resizeImage(file: Blob, options: ResizeOptions = {}): Promise<ResizedImage> {
  const maxLongEdge = options.maxLongEdge ?? MAX_LONG_EDGE
  const quality = options.quality ?? JPEG_QUALITY
  const sniffed = await checkImageFile(file, options.maxInputBytes ?? MAX_INPUT_BYTES)
  const image = await decode(file)
  try {
    if (!image.width || !image.height) throw new ImageResizeError('decode-failed', 'the image has no pixels')
    const target = fitWithin(image.width, image.height, maxLongEdge)
    const unchanged = target.width === image.width && target.height === image.height
    if (unchanged && sniffed === 'image/jpeg' && file.size <= KEEP_ORIGINAL_MAX_BYTES) {
      return { blob: file, mime: 'image/jpeg', width: image.width, height: image.height }
    }
    const canvas = document.createElement('canvas')
    canvas.width = target.width
    canvas.height = target.height
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new ImageResizeError('decode-failed', 'no 2D canvas')
    // JPEG has no transparency: paint white first so transparent PNGs do not turn black.
    ctx.fillStyle = '#fff'
    ctx.fillRect(0, 0, target.width, target.height)
    ctx.imageSmoothingQuality = 'high'
    ctx.drawImage(image.source, 0, 0, target.width, target.height)
    const blob = await canvasToBlob(canvas, 'image/jpeg', quality)
    return { blob, mime: 'image/jpeg', width: target.width, height: target.height }
  } finally {
    image.close()
  }
}

/** The small JPEG lists show. For an image already that small, the image itself (same bytes, same hash). */
export function makeThumbnail(image: Blob): Promise<ResizedImage> {
  return resizeImage(image, { maxLongEdge: THUMB_LONG_EDGE, quality: THUMB_QUALITY })
}

export function useImageResize(options: ResizeOptions = {}) {
  return {
    resize: (file: Blob) => resizeImage(file, options),
    thumbnail: makeThumbnail,
    check: (file: Blob) => checkImageFile(file, options.maxInputBytes ?? MAX_INPUT_BYTES),
  }
}
