import { afterEach, describe, expect, it, vi } from 'vitest'

const shown = vi.hoisted(() => ({ toasts: [] as unknown[], errors: [] as unknown[] }))
vi.mock('vant', () => ({ showToast: (t: unknown) => shown.toasts.push(t) }))
vi.mock('@/app/services/errorSurface', () => ({ reportError: (e: unknown) => shown.errors.push(e) }))

const { useSubmit } = await import('@/app/composables/useSubmit')

afterEach(() => {
  shown.toasts.length = 0
  shown.errors.length = 0
})

describe('useSubmit', () => {
  it('is busy while the action runs, toasts success and hands back the result', async () => {
    const { saving, submit } = useSubmit()
    let release!: (v: string) => void
    const running = submit(() => new Promise<string>((r) => (release = r)), { success: '已保存' })
    expect(saving.value).toBe(true)
    // A second tap while saving does nothing.
    expect(await submit(async () => 'again')).toBeUndefined()
    release('ok')
    expect(await running).toBe('ok')
    expect(saving.value).toBe(false)
    expect(shown.toasts).toEqual([{ type: 'success', message: '已保存' }])
    expect(shown.errors).toEqual([])
  })

  it('reports a failure once, shows no success, and is ready again', async () => {
    const { saving, submit } = useSubmit()
    const boom = new Error('boom')
    expect(await submit(async () => { throw boom }, { success: '已保存' })).toBeUndefined()
    expect(shown.errors).toEqual([boom])
    expect(shown.toasts).toEqual([])
    expect(saving.value).toBe(false)
  })

  it('lets the caller explain an error it knows, and reports the rest', async () => {
    const { submit } = useSubmit()
    class Known extends Error {}
    const onError = (e: unknown) => e instanceof Known
    await submit(async () => { throw new Known('known') }, { onError })
    expect(shown.errors).toEqual([])
    const other = new Error('other')
    await submit(async () => { throw other }, { onError })
    expect(shown.errors).toEqual([other])
  })
})
