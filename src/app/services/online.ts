// navigator.onLine as a reactive value. "Online" only means a network interface is up; the app never
// depends on it — it is shown so that people know records are staying on this device for now.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

export function useOnline(): Ref<boolean> {
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  const update = () => {
    online.value = navigator.onLine
  }
  onMounted(() => {
    update()
    window.addEventListener('online', update)
    window.addEventListener('offline', update)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('online', update)
    window.removeEventListener('offline', update)
  })
  return online
}
