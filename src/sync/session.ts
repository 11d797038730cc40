// The signed-in session, kept in IndexedDB (the `meta` store), never in localStorage: the token stays
// with the data it unlocks, and an expired session keeps the user's identity so that the app can say
// whose account needs to sign in again while offline work goes on.
import type { Role } from '@/domain/protocol'
import type { SyncLocal } from '@/local/syncApply'

export interface SessionUser {
  id: string
  username: string
  displayName: string
  role: Role
  /** Own branch (secretaries, recorders, members); null for organization-wide roles. */
  branchId: string | null
}

export interface StoredSession {
  /** Null once the server said 401 (expired or signed out elsewhere): sync waits for a new sign-in. */
  token: string | null
  expiresAt?: string
  user?: SessionUser
  organization?: { id: string; name: string } | null
  branches?: { id: string; name: string }[]
}

export interface SessionStore {
  read(): Promise<StoredSession | undefined>
  write(session: StoredSession): Promise<void>
  /** Forgets the token but keeps who was signed in. */
  expire(): Promise<void>
  clear(): Promise<void>
}

export const META_SESSION = 'sync.session'

export function createSessionStore(local: Pick<SyncLocal, 'readMeta' | 'writeMeta' | 'deleteMeta'>): SessionStore {
  return {
    read: () => local.readMeta<StoredSession>(META_SESSION),
    write: (session) => local.writeMeta(META_SESSION, session),
    async expire() {
      const current = await local.readMeta<StoredSession>(META_SESSION)
      if (current?.token) await local.writeMeta(META_SESSION, { ...current, token: null })
    },
    clear: () => local.deleteMeta(META_SESSION),
  }
}
