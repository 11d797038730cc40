// Retry delays after a network error or a 5xx. Exponential so a struggling server is not hammered,
// jittered so that many phones coming back online at once do not retry in lockstep.

export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseMs: number
  /** Upper bound; a phone offline for a day still retries every few minutes. */
  maxMs: number
  factor: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000, factor: 2 }

/**
 * Delay before retry number `attempt` (1 = first retry). "Equal jitter": half of the exponential
 * step is fixed and half is random, so a retry never comes immediately and never bunches up.
 * `random` returns a number in [0, 1) (injected so tests are deterministic).
 */
export function backoffDelay(attempt: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const n = Math.max(1, Math.floor(attempt))
  const step = Math.min(policy.maxMs, policy.baseMs * policy.factor ** (n - 1))
  const half = step / 2
  const r = Math.min(Math.max(random(), 0), 1)
  return Math.round(half + half * r)
}
