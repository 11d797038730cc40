// The order of people in a picker: who usually chairs or records comes first. Committee members by duty
// (书记 first), then the people this device picked recently, then everyone else by pinyin.
import type { Member } from '@/domain/types'
import { committeeRoleRank } from './rosterVocabulary'

const RECENT_KEY = 'branch-records.recent-people'
const RECENT_MAX = 8

export function recentPeople(): string[] {
  if (typeof localStorage === 'undefined') return []
  try {
    const value = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as unknown
    return Array.isArray(value) ? value.filter((n): n is string => typeof n === 'string') : []
  } catch {
    return []
  }
}

/** A convenience of this device only (like the chosen language): not record data, never synced. */
export function rememberPerson(name: string): void {
  if (typeof localStorage === 'undefined' || !name) return
  const next = [name, ...recentPeople().filter((n) => n !== name)].slice(0, RECENT_MAX)
  localStorage.setItem(RECENT_KEY, JSON.stringify(next))
}

const pinyin = new Intl.Collator('zh-CN-u-co-pinyin')

export function pickingOrder<M extends Pick<Member, 'name' | 'committeeRole'>>(members: readonly M[], recent: readonly string[]): M[] {
  const recentRank = new Map(recent.map((name, i) => [name, i]))
  const rankOf = (m: M): number => recentRank.get(m.name) ?? recent.length
  return [...members].sort(
    (a, b) => committeeRoleRank(a.committeeRole) - committeeRoleRank(b.committeeRole) || rankOf(a) - rankOf(b) || pinyin.compare(a.name, b.name),
  )
}
