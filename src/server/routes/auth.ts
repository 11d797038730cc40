// Sign-in, sign-out and "who am I".
import type { FastifyInstance } from 'fastify'
import { readableBranchIds } from '../auth/access'
import { claimAttempt, clearFailures, throttleKey } from '../auth/loginThrottle'
import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword } from '../auth/passwords'
import { createSession, deleteSession } from '../auth/sessions'
import { findLoginUser } from '../auth/users'
import { actorOf, authenticate, type ServerContext } from '../context'
import { HttpError } from '../http/errors'
import { loginBody } from '../http/schemas'

/** A username and a password: anything bigger is not a sign-in, and is refused before it is read. */
export const LOGIN_BODY_LIMIT = 4 * 1024

function tooManyAttempts(waitMs: number): HttpError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000))
  return new HttpError(
    429,
    'too-many-attempts',
    `尝试次数过多，请 ${seconds} 秒后再试 / Too many attempts, try again in ${seconds} s`,
    { retryAfterSeconds: seconds },
    { 'retry-after': String(seconds) },
  )
}

export async function authRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  // Unknown usernames still cost one scrypt, so response time does not reveal which accounts exist.
  const dummyHash = hashPassword('dummy password', ctx.scrypt ?? DEFAULT_SCRYPT)

  app.post<{ Body: { username: string; password: string } }>('/api/auth/login', { schema: { body: loginBody }, bodyLimit: LOGIN_BODY_LIMIT }, async (request) => {
    const { username, password } = request.body
    const key = throttleKey(username, request.ip)
    const attempt = await claimAttempt(ctx.storage, key, ctx.now(), ctx.throttle)
    if (attempt.blockedFor > 0) throw tooManyAttempts(attempt.blockedFor)

    const user = await findLoginUser(ctx.storage, username)
    const ok = await verifyPassword(password, user?.password_hash ?? (await dummyHash))
    if (!user || !ok || user.disabled) {
      if (attempt.waitIfWrong > 0) throw tooManyAttempts(attempt.waitIfWrong)
      throw new HttpError(401, 'invalid-credentials', '用户名或密码不正确 / Wrong username or password')
    }
    await clearFailures(ctx.storage, key)
    if (needsRehash(user.password_hash, ctx.scrypt ?? DEFAULT_SCRYPT)) {
      const stronger = await hashPassword(password, ctx.scrypt ?? DEFAULT_SCRYPT)
      await ctx.storage.run('UPDATE users SET password_hash = ? WHERE id = ?', [stronger, user.id])
    }
    const session = await createSession(ctx.storage, user.id, ctx.now(), ctx.sessionTtlMs)
    return { token: session.token, expiresAt: new Date(session.expiresAt).toISOString() }
  })

  const auth = authenticate(ctx)

  app.post('/api/auth/logout', { preHandler: auth }, async (request, reply) => {
    if (request.sessionTokenHash) await deleteSession(ctx.storage, request.sessionTokenHash)
    return reply.code(204).send()
  })

  app.get('/api/auth/me', { preHandler: auth }, async (request) => {
    const actor = actorOf(request)
    const org = await ctx.storage.get<{ id: string; name: string }>('SELECT id, name FROM organizations WHERE id = ?', [actor.orgId])
    const ids = await readableBranchIds(ctx.storage, actor)
    const branches = (await ctx.storage.all<{ id: string; name: string }>('SELECT id, name FROM branches WHERE org_id = ? ORDER BY created_at, id', [actor.orgId]))
      .filter((b) => ids.includes(b.id))
    return {
      user: { id: actor.userId, username: actor.username, displayName: actor.displayName, role: actor.role, branchId: actor.branchId },
      organization: org ?? null,
      branches,
    }
  })
}
