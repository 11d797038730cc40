// @vitest-environment happy-dom
// Evidence opens by what its bytes are: a document may claim any type, the bytes decide.
import { describe, expect, it } from 'vitest'
import { viewableBlob } from '@/app/services/viewableFile'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])

describe('viewableBlob', () => {
  it('types an image or a PDF by its bytes, whatever it was stored as', async () => {
    expect((await viewableBlob(new Blob([PNG], { type: 'text/html' })))?.type).toBe('image/png')
    expect((await viewableBlob(new Blob(['%PDF-1.7 ...'], { type: 'image/jpeg' })))?.type).toBe('application/pdf')
  })
  it('refuses HTML or anything else, even when it claims to be a photo', async () => {
    expect(await viewableBlob(new Blob(['<html><script>alert(1)</script></html>'], { type: 'image/jpeg' }))).toBeUndefined()
    expect(await viewableBlob(new Blob([''], { type: 'application/pdf' }))).toBeUndefined()
  })
})
