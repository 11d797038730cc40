// Where the start/end wheels open when empty: the last meeting of the same kind (a branch tends to
// meet at the same hour, for as long), else the current time rounded to five minutes.
import { computed, ref, watch, type Ref } from 'vue'
import type { KindId } from '@/domain/types'
import { useRecordsStore } from '@/app/stores/records'
import { reportError } from '@/app/services/errorSurface'

const CLOCK = /^(\d{2}):(\d{2})$/

function minutesOf(time: string | undefined): number | undefined {
  const m = CLOCK.exec(time ?? '')
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined
}

function clock(minutes: number): string {
  const m = Math.max(0, Math.min(23 * 60 + 59, minutes))
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

export function roundedNow(now: Date = new Date()): string {
  return clock(Math.round((now.getHours() * 60 + now.getMinutes()) / 5) * 5)
}

export function useMeetingTimeSuggestions(kind: Ref<KindId | undefined>, startTime: Ref<string | undefined>) {
  const records = useRecordsStore()
  const last = ref<{ startTime?: string; endTime?: string }>({})
  watch(
    kind,
    (k) => {
      last.value = {}
      if (k) records.lastMeetingTimes(k).then((times) => (last.value = times), reportError)
    },
    { immediate: true },
  )
  const start = computed(() => (minutesOf(last.value.startTime) !== undefined ? last.value.startTime : roundedNow()))
  /** The chosen start plus the last meeting's length (an hour when unknown). */
  const end = computed(() => {
    const from = minutesOf(startTime.value)
    if (from === undefined) return undefined
    const lastStart = minutesOf(last.value.startTime)
    const lastEnd = minutesOf(last.value.endTime)
    const length = lastStart !== undefined && lastEnd !== undefined && lastEnd > lastStart ? lastEnd - lastStart : 60
    return clock(from + length)
  })
  return { start, end }
}
