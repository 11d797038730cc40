// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, ref } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import Vant, { closeNotify } from 'vant'
import type { AttachmentRef } from '@/domain/types'
import type { LocalStore } from '@/local/contract'
import { i18n } from '@/app/i18n'
import { checkImageFile, fitWithin, ImageResizeError, resizeImage } from '@/app/composables/useImageResize'
import PhotoAttachments from '@/app/components/media/PhotoAttachments.vue'
import { freshLocalStore, resetLocale, until } from './appTestSupport'

const JPEG_HEAD = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]
const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]

function fileOf(bytes: number[], name: string, type: string, padTo = 0): File {
  const body = new Uint8Array(Math.max(bytes.length, padTo))
  body.set(bytes)
  return new File([body], name, { type, lastModified: Date.parse('2026-05-12T06:40:00.000Z') })
}

/** Stand-in for the browser's decoder: happy-dom has no image decoding. */
function fakeDecoder(width: number, height: number) {
  const close = vi.fn()
  vi.stubGlobal('createImageBitmap', vi.fn(async () => ({ width, height, close })))
  return close
}

async function rejection(promise: Promise<unknown>): Promise<ImageResizeError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(ImageResizeError)
  return error as ImageResizeError
}

describe('useImageResize', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('rejects a non-image: a text file, a PDF, a text file that claims to be a PNG, an empty file', async () => {
    const decoder = vi.fn()
    vi.stubGlobal('createImageBitmap', decoder)
    expect((await rejection(resizeImage(new File(['会议纪要'], 'notes.txt', { type: 'text/plain' })))).code).toBe('not-image')
    expect((await rejection(resizeImage(new File(['%PDF-1.7\n…'], 'scan.pdf', { type: 'application/pdf' })))).code).toBe('not-image')
    expect((await rejection(resizeImage(new File(['not really a picture'], 'photo.png', { type: 'image/png' })))).code).toBe('not-image')
    expect((await rejection(resizeImage(new File([], 'empty.jpg', { type: 'image/jpeg' })))).code).toBe('not-image')
    // Nothing was even decoded.
    expect(decoder).not.toHaveBeenCalled()
  })

  it('refuses an oversize file before decoding it', async () => {
    const decoder = vi.fn()
    vi.stubGlobal('createImageBitmap', decoder)
    const big = fileOf(JPEG_HEAD, 'huge.jpg', 'image/jpeg', 2048)
    expect((await rejection(resizeImage(big, { maxInputBytes: 1024 }))).code).toBe('too-large')
    expect(decoder).not.toHaveBeenCalled()
    // Exactly at the limit is accepted by the check.
    await expect(checkImageFile(fileOf(JPEG_HEAD, 'edge.jpg', 'image/jpeg', 1024), 1024)).resolves.toBe('image/jpeg')
  })

  it('trusts the bytes, not the name: a JPEG without a type is accepted', async () => {
    await expect(checkImageFile(fileOf(JPEG_HEAD, 'IMG_0001', ''))).resolves.toBe('image/jpeg')
  })

  it('keeps a small JPEG within the size limit byte for byte', async () => {
    const close = fakeDecoder(1200, 900)
    const file = fileOf(JPEG_HEAD, 'small.jpg', 'image/jpeg', 4096)
    const result = await resizeImage(file)
    expect(result.blob).toBe(file)
    expect(result).toMatchObject({ mime: 'image/jpeg', width: 1200, height: 900 })
    expect(close).toHaveBeenCalled()
  })

  it('scales a large photo to 1600 px on the long edge as a JPEG at quality 0.8', async () => {
    fakeDecoder(4000, 3000)
    const drawn: number[][] = []
    const ctx = { fillStyle: '', imageSmoothingQuality: '', fillRect: vi.fn(), drawImage: vi.fn((_img: unknown, ...args: number[]) => drawn.push(args)) }
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D)
    const toBlob = vi.spyOn(HTMLCanvasElement.prototype, 'toBlob').mockImplementation(function (this: HTMLCanvasElement, cb: BlobCallback, type?: string, quality?: unknown) {
      cb(new Blob([`${this.width}x${this.height}`], { type }))
      expect(quality).toBe(0.8)
    })
    const result = await resizeImage(fileOf(JPEG_HEAD, 'camera.jpg', 'image/jpeg', 8192))
    expect(result).toMatchObject({ mime: 'image/jpeg', width: 1600, height: 1200 })
    expect(await result.blob.text()).toBe('1600x1200')
    expect(drawn).toEqual([[0, 0, 1600, 1200]])
    expect(toBlob).toHaveBeenCalledWith(expect.any(Function), 'image/jpeg', 0.8)
  })

  it('fits portrait and landscape within the long edge, never upscaling', () => {
    expect(fitWithin(3000, 4000, 1600)).toEqual({ width: 1200, height: 1600 })
    expect(fitWithin(4000, 3000, 1600)).toEqual({ width: 1600, height: 1200 })
    expect(fitWithin(800, 600, 1600)).toEqual({ width: 800, height: 600 })
    expect(fitWithin(1601, 10, 1600)).toEqual({ width: 1600, height: 10 })
  })
})

describe('PhotoAttachments', () => {
  let store: LocalStore
  let wrapper: VueWrapper | undefined

  beforeEach(async () => {
    await resetLocale()
    setActivePinia(createPinia())
    store = await freshLocalStore()
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    closeNotify()
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
    document.body.innerHTML = ''
  })

  function mountPhotos(initial: AttachmentRef[] = []) {
    const photos = ref<AttachmentRef[]>(initial)
    const Host = defineComponent({
      setup: () => () => h(PhotoAttachments, { modelValue: photos.value, 'onUpdate:modelValue': (v: AttachmentRef[]) => (photos.value = v), role: 'photo', testid: 'photo' }),
    })
    wrapper = mount(Host, { global: { plugins: [Vant, i18n, createPinia()] }, attachTo: document.body })
    return photos
  }

  async function choose(testid: string, file: File): Promise<void> {
    const input = wrapper!.find(`[data-testid="${testid}"]`).element as HTMLInputElement
    Object.defineProperty(input, 'files', { value: [file], configurable: true })
    input.dispatchEvent(new Event('change'))
    await flushPromises()
  }

  it('a non-image "photo" gets a plain message and changes nothing', async () => {
    const existing: AttachmentRef = { hash: 'a'.repeat(64), mime: 'image/jpeg', size: 10, role: 'photo' }
    const photos = mountPhotos([existing])
    const put = vi.spyOn(store, 'putAttachment')
    await choose('photo-gallery-input', new File(['%PDF-1.4'], '会议通知.pdf', { type: 'application/pdf' }))
    await until(() => (document.body.textContent ?? '').includes('这不是图片文件，没有添加。'))
    expect(photos.value).toEqual([existing])
    expect(put).not.toHaveBeenCalled()
  })

  it('stores a photo from the camera input and shows its thumbnail through an object URL', async () => {
    fakeDecoder(1024, 768)
    const created = vi.spyOn(URL, 'createObjectURL')
    const photos = mountPhotos()
    const input = wrapper!.find('[data-testid="photo-input"]')
    expect(input.attributes('accept')).toBe('image/*')
    expect(input.attributes('capture')).toBe('environment')
    await choose('photo-input', fileOf(JPEG_HEAD, 'IMG_2041.jpg', 'image/jpeg', 2048))
    await until(() => photos.value.length === 1)
    const [ref] = photos.value
    expect(ref).toMatchObject({ role: 'photo', mime: 'image/jpeg', width: 1024, height: 768, size: 2048, takenAt: '2026-05-12T06:40:00.000Z' })
    expect(ref!.hash).toMatch(/^[0-9a-f]{64}$/)
    expect((await store.getAttachment(ref!.hash))?.size).toBe(2048)
    await until(() => wrapper!.find('[data-testid="photo-thumb-0"] img').exists())
    expect(created).toHaveBeenCalled()

    // The same bytes again are not added twice.
    await choose('photo-gallery-input', fileOf(JPEG_HEAD, 'IMG_2041 copy.jpg', 'image/jpeg', 2048))
    await flushPromises()
    expect(photos.value).toHaveLength(1)
  })

  it('revokes thumbnail URLs when the photos go away', async () => {
    const bytes = new Blob([new Uint8Array(PNG_HEAD)], { type: 'image/png' })
    const ref = await store.putAttachment(bytes, { role: 'photo', mime: 'image/png', width: 1, height: 1 })
    const revoked = vi.spyOn(URL, 'revokeObjectURL')
    mountPhotos([ref])
    await until(() => wrapper!.find('[data-testid="photo-thumb-0"] img').exists())
    const url = wrapper!.find('[data-testid="photo-thumb-0"] img').attributes('src')
    wrapper!.unmount()
    wrapper = undefined
    expect(revoked).toHaveBeenCalledWith(url)
  })
})
