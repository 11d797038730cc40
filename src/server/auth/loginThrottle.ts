// Login rate limiting per username + client address, kept in the database so that several server
// processes share it. A few free attempts, then an exponentially growing wait that is capped and
// forgotten after a quiet hour: slow for a guesser, never a permanent lockout for the owner.
import type { Sql } from '../storage/storage'

export interface ThrottlePolicy {
  freeAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** Failures older than this are forgotten. */
  forgetAfterMs: number
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  forgetAfterMs: 60 * 60 * 1000,
}

export const throttleKey = (username: string, ip: string): string => `${username.toLowerCase()}|${ip}`

interface ThrottleRow {
  failures: number
  blocked_until: number
  last_failure_at: number
}

/** Milliseconds the caller must still wait, or 0 when a login attempt may proceed. */
export async function throttleWait(db: Sql, key: string, now: number): Promise<number> {
  const row = await db.get<ThrottleRow>('SELECT failures, blocked_until, last_failure_at FROM login_throttle WHERE key = ?', [key])
  if (!row) return 0
  return Math.max(0, row.blocked_until - now)
}

export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeAttempts) return 0
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(30, failures - policy.freeAttempts))
}

export async function recordFailure(db: Sql, key: string, now: number, policy: ThrottlePolicy = DEFAULT_THROTTLE): Promise<number> {
  const row = await db.get<ThrottleRow>('SELECT failures, blocked_until, last_failure_at FROM login_throttle WHERE key = ?', [key])
  const previous = row && now - row.last_failure_at < policy.forgetAfterMs ? row.failures : 0
  const failures = previous + 1
  const wait = delayAfter(failures, policy)
  await db.run(
    `INSERT INTO login_throttle (key, failures, blocked_until, last_failure_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, blocked_until = excluded.blocked_until, last_failure_at = excluded.last_failure_at`,
    [key, failures, now + wait, now],
  )
  return wait
}

export async function clearFailures(db: Sql, key: string): Promise<void> {
  await db.run('DELETE FROM login_throttle WHERE key = ?', [key])
}
