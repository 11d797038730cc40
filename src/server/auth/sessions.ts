// Opaque session tokens: 32 random bytes (base64url) given to the client once; only their SHA-256 is
// stored, so a leaked database does not hand out sessions.
import { createHash, randomBytes } from 'node:crypto'
import type { Role } from '@/domain/protocol'
import type { Actor } from './access'
import type { Sql } from '../storage/storage'

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000
/** A session not used for this long ends: a lost phone's session does not stay open for a month. */
export const SESSION_IDLE_MS = 14 * 24 * 60 * 60 * 1000
/** Use is written at most this often per session (one write an hour, not one per request). */
const TOUCH_EVERY_MS = 60 * 60 * 1000

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

export async function createSession(db: Sql, userId: string, now: number, ttlMs = SESSION_TTL_MS): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url')
  const expiresAt = now + ttlMs
  await db.run('INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)', [hashToken(token), userId, now, expiresAt, now])
  // Expired sessions of this user are swept whenever the user signs in again.
  await db.run('DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?', [userId, now])
  return { token, expiresAt }
}

export interface SessionInfo {
  actor: Actor
  tokenHash: string
  expiresAt: number
}

export async function findSession(db: Sql, token: string, now: number, idleMs = SESSION_IDLE_MS): Promise<SessionInfo | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const tokenHash = hashToken(token)
  const row = await db.get<{
    user_id: string; org_id: string; username: string; display_name: string; role: string; branch_id: string | null; expires_at: number; last_seen_at: number; disabled: number
  }>(
    `SELECT s.user_id, s.expires_at, s.last_seen_at, u.org_id, u.username, u.display_name, u.role, u.branch_id, u.disabled
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = ?`,
    [tokenHash],
  )
  if (!row || row.expires_at <= now || row.disabled) return null
  const lastSeen = Number(row.last_seen_at)
  if (now - lastSeen >= idleMs) {
    await deleteSession(db, tokenHash)
    return null
  }
  if (now - lastSeen >= TOUCH_EVERY_MS) await db.run('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?', [now, tokenHash])
  return {
    tokenHash,
    expiresAt: row.expires_at,
    actor: {
      userId: row.user_id,
      orgId: row.org_id,
      username: row.username,
      displayName: row.display_name,
      role: row.role as Role,
      branchId: row.branch_id,
    },
  }
}

export async function deleteSession(db: Sql, tokenHash: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash])
}

export async function deleteUserSessions(db: Sql, userId: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE user_id = ?', [userId])
}
