// What the routes share: storage, clock, services and settings. Built once per app instance.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Actor } from './auth/access'
import type { ThrottlePolicy } from './auth/loginThrottle'
import type { ScryptParams } from './auth/passwords'
import { findSession } from './auth/sessions'
import { unauthorized } from './http/errors'
import type { Storage } from './storage/storage'
import type { SyncService } from './replication/syncService'

export interface ServerContext {
  storage: Storage
  sync: SyncService
  now: () => number
  version: string
  sessionTtlMs: number
  sessionIdleMs: number
  throttle: ThrottlePolicy
  scrypt?: ScryptParams
  maxAttachmentBytes: number
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null
    sessionTokenHash: string | null
  }
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (typeof header !== 'string') return null
  const match = /^Bearer ([A-Za-z0-9_-]{1,100})$/.exec(header.trim())
  return match ? (match[1] as string) : null
}

/**
 * Loads the session or answers 401. app.ts runs it for every non-public API route as the first hook
 * (before the body is read); a route's own preHandler then finds the actor already there.
 */
export function authenticate(ctx: ServerContext) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (request.actor) return
    const token = bearerToken(request)
    const session = token ? await findSession(ctx.storage, token, ctx.now(), ctx.sessionIdleMs) : null
    if (!session) throw unauthorized()
    request.actor = session.actor
    request.sessionTokenHash = session.tokenHash
  }
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized()
  return request.actor
}
