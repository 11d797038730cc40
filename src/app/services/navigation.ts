// "Back" on a page that may have been opened directly (a bookmark, the home screen, a reload).
import { useRouter } from 'vue-router'

export function useGoBack(fallback: string): () => void {
  const router = useRouter()
  return () => {
    const state = window.history.state as { back?: string | null } | null
    if (state?.back) router.back()
    else void router.push(fallback)
  }
}
