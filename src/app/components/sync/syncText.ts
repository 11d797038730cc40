// Words for sync screens: the name of a changed field and a readable form of its value, so that a
// person choosing between two versions sees text, not JSON.
import { kindById } from '@/domain/kinds'
import { DELETED, type ChangeAuthor } from '@/domain/merge'
import type { Label } from '@/domain/types'

export interface SyncTextDeps {
  t: (key: string, params?: Record<string, unknown>) => string
  te: (key: string) => boolean
  label: (label: Label) => string
}

/** `title` → 会议名称; `sections.<key>` → the kind's own label for that field; unknown → the raw name. */
export function fieldLabel(field: string, kind: unknown, deps: SyncTextDeps): string {
  if (field.startsWith('sections.')) {
    const key = field.slice('sections.'.length)
    const def = typeof kind === 'string' ? kindById(kind) : undefined
    const found = def?.sections.flatMap((s) => s.fields).find((f) => f.key === key)
    return found ? deps.label(found.label) : `${deps.t('sync.conflict.field.sections')} · ${key}`
  }
  const key = `sync.conflict.field.${field}`
  return deps.te(key) ? deps.t(key) : field
}

const TEXT_KEYS = ['name', 'speaker', 'title', 'text', 'content', 'caption', 'reason', 'role'] as const

function itemText(item: unknown, deps: SyncTextDeps): string {
  if (item === null || item === undefined) return ''
  if (typeof item === 'boolean') return item ? deps.t('sync.conflict.yes') : deps.t('sync.conflict.no')
  if (typeof item !== 'object') return String(item)
  if (Array.isArray(item)) return item.map((i) => itemText(i, deps)).filter(Boolean).join('；')
  const obj = item as Record<string, unknown>
  const parts = TEXT_KEYS.map((k) => obj[k]).filter((v): v is string => typeof v === 'string' && v.trim() !== '')
  if (parts.length > 0) return parts.join('：')
  // An attachment: say which one without showing the whole hash.
  if (typeof obj.hash === 'string') return `#${obj.hash.slice(0, 8)}`
  return Object.values(obj)
    .map((v) => itemText(v, deps))
    .filter(Boolean)
    .join(' ')
}

/** A value as a person reads it; an empty value says so. */
export function valueText(field: string, value: unknown, deps: SyncTextDeps): string {
  if (field === DELETED) return value === true ? deps.t('sync.conflict.deletedYes') : deps.t('sync.conflict.deletedNo')
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
    return deps.t('sync.conflict.empty')
  }
  if (Array.isArray(value)) {
    const lines = value.map((v) => itemText(v, deps)).filter(Boolean)
    return [deps.t('sync.conflict.items', { n: value.length }), ...lines.map((l, i) => `${i + 1}. ${l}`)].join('\n')
  }
  return itemText(value, deps) || deps.t('sync.conflict.empty')
}

/** What a list shows for one document: its title or name. */
export function docTitle(doc: Record<string, unknown> | undefined): string | undefined {
  if (!doc) return undefined
  for (const k of ['title', 'name']) {
    const v = doc[k]
    if (typeof v === 'string' && v.trim()) return v
  }
  return undefined
}

/** Who is looking: to tell "我 · 本机" from another phone or another person. */
export interface Viewer {
  userId?: string
  deviceId?: string
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `2026-12-04T07:02:00Z` → "12月4日 15:02" (local time; "Dec 4, 15:02" in English). */
export function dayAndTime(timestamp: string, deps: SyncTextDeps): string {
  const date = new Date(timestamp)
  if (Number.isNaN(date.getTime())) return timestamp
  const pad = (n: number): string => String(n).padStart(2, '0')
  return deps.t('sync.conflict.time', {
    month: date.getMonth() + 1,
    mon: EN_MONTHS[date.getMonth()],
    day: date.getDate(),
    time: `${pad(date.getHours())}:${pad(date.getMinutes())}`,
  })
}

/** Who made a value, and where: "我 · 本机", "我 · 12月4日 15:02 · 另一台手机", "林晓梅 · 12月4日 15:02 · 另一台手机". */
export function authorLabel(by: ChangeAuthor, viewer: Viewer, deps: SyncTextDeps): string {
  if (viewer.deviceId && by.deviceId === viewer.deviceId) return `${deps.t('sync.conflict.me')} · ${deps.t('sync.conflict.thisDevice')}`
  const who = viewer.userId && by.userId === viewer.userId ? deps.t('sync.conflict.me') : by.userName || deps.t('sync.conflict.someone')
  return `${who} · ${dayAndTime(by.at, deps)} · ${deps.t('sync.conflict.otherDevice')}`
}

/** Whether a value was made on this very device. */
export function madeHere(by: ChangeAuthor | undefined, viewer: Viewer): boolean {
  return Boolean(by && viewer.deviceId && by.deviceId === viewer.deviceId)
}
