// @vitest-environment happy-dom
// An image of a record on a device that does not hold the file: a spinner while it downloads, the
// thumbnail rather than the original in lists, a plain "联网后显示" placeholder when offline (no error,
// no broken image) that turns into the image once the network is back, and a file the server lacks
// says so.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import Vant from 'vant'
import type { LocalStore } from '@/local/contract'
import type { SyncLocal } from '@/local/syncApply'
import type { AttachmentSync } from '@/sync/attachmentSync'
import { TransportError } from '@/sync/transport'
import { i18n } from '@/app/i18n'
import { setAttachmentsEnvironment } from '@/app/stores/attachments'
import AttachmentImage from '@/app/components/media/AttachmentImage.vue'
import { freshLocalStore, resetLocale, until } from './appTestSupport'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3])
const ORIGINAL = 'a'.repeat(64)
const THUMB = 'b'.repeat(64)

let wrapper: VueWrapper | undefined
let store: LocalStore
let fetchImpl: (hash: string) => Promise<Blob | undefined>
const asked: string[] = []

function mountImage(props: { hash: string; thumbHash?: string; preview?: boolean }): VueWrapper {
  const pinia = createPinia()
  setActivePinia(pinia)
  wrapper = mount(AttachmentImage, { props, global: { plugins: [Vant, i18n, pinia] }, attachTo: document.body })
  return wrapper
}
const state = (): string | undefined => wrapper!.find('.attachment-image').attributes('data-state')

beforeEach(async () => {
  await resetLocale()
  store = await freshLocalStore()
  asked.length = 0
  setAttachmentsEnvironment(() => ({
    local: {} as SyncLocal,
    files: {
      fetch: (hash: string) => {
        asked.push(hash)
        return fetchImpl(hash)
      },
    } as unknown as AttachmentSync,
    connectionType: () => undefined,
  }))
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setAttachmentsEnvironment(undefined)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

describe('AttachmentImage', () => {
  it('shows a spinner while downloading, then a plain placeholder offline, then the image once online', async () => {
    const errors = vi.spyOn(console, 'error')
    let fail!: (e: unknown) => void
    fetchImpl = () => new Promise((_resolve, reject) => (fail = reject))
    mountImage({ hash: ORIGINAL })
    await until(() => state() === 'loading')
    expect(wrapper!.find('.van-loading').exists()).toBe(true)

    fail(new TransportError('network', 'Failed to fetch'))
    await until(() => state() === 'offline')
    expect(wrapper!.text()).toBe('联网后显示')
    expect(wrapper!.find('img').exists()).toBe(false)
    expect(errors).not.toHaveBeenCalled()

    fetchImpl = async () => new Blob([PNG], { type: 'image/png' })
    window.dispatchEvent(new Event('online'))
    await until(() => wrapper!.find('img').exists())
    expect(wrapper!.find('img').attributes('src')).toMatch(/^blob:/)
    expect(asked).toEqual([ORIGINAL, ORIGINAL])
  })

  it('says when the server does not have the file', async () => {
    fetchImpl = async () => {
      throw new TransportError('rejected', 'not found', 404)
    }
    mountImage({ hash: ORIGINAL })
    await until(() => state() === 'missing')
    expect(wrapper!.text()).toBe('服务器上没有这张图片')
    expect(wrapper!.find('img').exists()).toBe(false)
  })

  it('a list asks for the thumbnail, not the original', async () => {
    fetchImpl = async () => new Blob([PNG], { type: 'image/png' })
    mountImage({ hash: ORIGINAL, thumbHash: THUMB, preview: true })
    await until(() => wrapper!.find('img').exists())
    expect(asked).toEqual([THUMB])
  })

  it('uses what is on the device without the network: the thumbnail, else the original', async () => {
    fetchImpl = async () => {
      throw new TransportError('network', 'offline')
    }
    const original = await store.putAttachment(new Blob([PNG], { type: 'image/png' }), { role: 'photo', mime: 'image/png' })
    mountImage({ hash: original.hash, thumbHash: THUMB, preview: true })
    await until(() => wrapper!.find('img').exists())
    expect(asked).toEqual([])
    wrapper!.unmount()

    const thumb = await store.putAttachment(new Blob([new Uint8Array([...PNG, 9])], { type: 'image/png' }), { role: 'photo', mime: 'image/png' })
    mountImage({ hash: ORIGINAL, thumbHash: thumb.hash, preview: true })
    await until(() => wrapper!.find('img').exists())
    expect(asked).toEqual([])
    // The full view of a photo whose original is not here (and no network): the placeholder.
    await wrapper!.setProps({ preview: false })
    await until(() => state() === 'offline')
    expect(asked).toEqual([ORIGINAL])
  })
})
