// Login rate limiting per username + client address, kept in the database so that several server
// processes share it. A few free attempts, then an exponentially growing wait that is capped and
// forgotten after a quiet hour: slow for a guesser, never a permanent lockout for the owner.
import type { Sql, Storage } from '../storage/storage'

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

export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeAttempts) return 0
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(30, failures - policy.freeAttempts))
}

/**
 * Claims one attempt before the password is checked: in one transaction (the key's row locked) the
 * attempt is counted as a failure and the next wait set, so a burst of parallel guesses checks no more
 * passwords than the same guesses one after another would. A right password then clears the count.
 * `blockedFor`: ms to wait when the attempt may not proceed (0 when it may); `waitIfWrong`: the wait this
 * attempt sets should the password be wrong.
 */
export async function claimAttempt(
  storage: Storage,
  key: string,
  now: number,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): Promise<{ blockedFor: number; waitIfWrong: number }> {
  return storage.transaction(async (tx) => {
    await tx.run('INSERT INTO login_throttle (key, failures, blocked_until, last_failure_at) VALUES (?, 0, 0, ?) ON CONFLICT (key) DO NOTHING', [key, now])
    const row = await tx.get<ThrottleRow>(`SELECT failures, blocked_until, last_failure_at FROM login_throttle WHERE key = ? ${tx.forUpdate}`, [key])
    if (row && row.blocked_until > now) return { blockedFor: row.blocked_until - now, waitIfWrong: 0 }
    const previous = row && now - row.last_failure_at < policy.forgetAfterMs ? row.failures : 0
    const failures = previous + 1
    const wait = delayAfter(failures, policy)
    await tx.run('UPDATE login_throttle SET failures = ?, blocked_until = ?, last_failure_at = ? WHERE key = ?', [failures, now + wait, now, key])
    return { blockedFor: 0, waitIfWrong: wait }
  })
}

export async function clearFailures(db: Sql, key: string): Promise<void> {
  await db.run('DELETE FROM login_throttle WHERE key = ?', [key])
}
