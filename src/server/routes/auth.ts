// Sign-in, sign-out and "who am I".
import type { FastifyInstance } from 'fastify'
import { readableBranchIds } from '../auth/access'
import { clearFailures, recordFailure, throttleKey, throttleWait } from '../auth/loginThrottle'
import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from '../auth/passwords'
import { createSession, deleteSession } from '../auth/sessions'
import { findLoginUser } from '../auth/users'
import { actorOf, authenticate, type ServerContext } from '../context'
import { HttpError } from '../http/errors'
import { loginBody } from '../http/schemas'

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

  app.post<{ Body: { username: string; password: string } }>('/api/auth/login', { schema: { body: loginBody } }, async (request) => {
    const { username, password } = request.body
    const key = throttleKey(username, request.ip)
    const now = ctx.now()
    const wait = await throttleWait(ctx.storage, key, now)
    if (wait > 0) throw tooManyAttempts(wait)

    const user = await findLoginUser(ctx.storage, username)
    const ok = await verifyPassword(password, user?.password_hash ?? (await dummyHash))
    if (!user || !ok || user.disabled) {
      const nextWait = await recordFailure(ctx.storage, key, ctx.now(), ctx.throttle)
      if (nextWait > 0) throw tooManyAttempts(nextWait)
      throw new HttpError(401, 'invalid-credentials', '用户名或密码不正确 / Wrong username or password')
    }
    await clearFailures(ctx.storage, key)
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
