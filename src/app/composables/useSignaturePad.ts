// A signature_pad on a canvas that stays sharp on HiDPI screens and survives rotation/resizing.
import { onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue'
import SignaturePad from 'signature_pad'

export function useSignaturePad(canvas: Ref<HTMLCanvasElement | null | undefined>) {
  const pad = shallowRef<SignaturePad>()
  const isEmpty = ref(true)
  let observer: ResizeObserver | undefined

  function resize(): void {
    const el = canvas.value
    const p = pad.value
    if (!el || !p) return
    const ratio = Math.max(window.devicePixelRatio || 1, 1)
    const width = el.offsetWidth
    const height = el.offsetHeight
    if (!width || !height) return
    if (el.width === Math.round(width * ratio) && el.height === Math.round(height * ratio)) return
    // Resizing a canvas clears it; keep the strokes and redraw them at the new scale.
    const strokes = p.toData()
    el.width = Math.round(width * ratio)
    el.height = Math.round(height * ratio)
    el.getContext('2d')?.scale(ratio, ratio)
    p.clear()
    if (strokes.length) p.fromData(strokes)
    isEmpty.value = p.isEmpty()
  }

  function detach(): void {
    observer?.disconnect()
    observer = undefined
    pad.value?.off()
    pad.value = undefined
    isEmpty.value = true
  }

  // The canvas may come and go (shown only while signing): attach to whichever is there.
  watch(
    canvas,
    (el) => {
      detach()
      if (!el) return
      const p = new SignaturePad(el, { penColor: '#111', minWidth: 0.8, maxWidth: 2.6, backgroundColor: 'rgba(0,0,0,0)' })
      p.addEventListener('endStroke', () => {
        isEmpty.value = p.isEmpty()
      })
      pad.value = p
      resize()
      if (typeof ResizeObserver === 'function') {
        observer = new ResizeObserver(() => resize())
        observer.observe(el)
      }
    },
    { flush: 'post', immediate: true },
  )

  onBeforeUnmount(detach)

  function clear(): void {
    pad.value?.clear()
    isEmpty.value = true
  }

  /** The drawing as a transparent PNG at the canvas's device-pixel size. */
  function toPngBlob(): Promise<Blob | undefined> {
    const el = canvas.value
    if (!el || !pad.value || pad.value.isEmpty()) return Promise.resolve(undefined)
    return new Promise((resolve) => el.toBlob((b) => resolve(b ?? undefined), 'image/png'))
  }

  function size(): { width: number; height: number } {
    return { width: canvas.value?.width ?? 0, height: canvas.value?.height ?? 0 }
  }

  return { pad, isEmpty, clear, toPngBlob, size, resize }
}
