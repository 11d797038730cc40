// The save button's life, written once: a busy flag that also ignores a second tap, the success toast, and
// every failure shown by the one error surface (a caller may claim an error it explains better itself).
import { readonly, ref, type Ref } from 'vue'
import { showToast } from 'vant'
import { reportError } from '@/app/services/errorSurface'

export interface SubmitOptions {
  /** The toast shown when the action succeeds. */
  success?: string
  /** Returns true when it has told the user about the error itself. */
  onError?: (error: unknown) => boolean | Promise<boolean>
}

export interface Submit {
  saving: Readonly<Ref<boolean>>
  /** Runs the action unless one is running; resolves to its result, or undefined when it failed or was skipped. */
  submit: <T>(action: () => Promise<T>, options?: SubmitOptions) => Promise<T | undefined>
}

export function useSubmit(): Submit {
  const saving = ref(false)
  async function submit<T>(action: () => Promise<T>, options: SubmitOptions = {}): Promise<T | undefined> {
    if (saving.value) return undefined
    saving.value = true
    try {
      const result = await action()
      if (options.success) showToast({ type: 'success', message: options.success })
      return result
    } catch (error) {
      if (!(await options.onError?.(error))) reportError(error)
      return undefined
    } finally {
      saving.value = false
    }
  }
  return { saving: readonly(saving), submit }
}
