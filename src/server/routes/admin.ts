// The organization admin's routes: branches and accounts of the admin's own organization only.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Role } from '@/domain/protocol'
import type { Actor } from '../auth/access'
import { createBranch, createUser, findUserInOrg, listBranches, listUsers, setDisabled, setPassword } from '../auth/users'
import { actorOf, authenticate, type ServerContext } from '../context'
import { forbidden, notFound } from '../http/errors'
import { newBranchBody, newUserBody, orphanQuery, setDisabledBody, setPasswordBody, userIdParams } from '../http/schemas'
import { listOrphans, removeOrphans, type OrphanAttachment } from '../attachments/orphans'

function adminOf(request: FastifyRequest): Actor {
  const actor = actorOf(request)
  if (actor.role !== 'admin') throw forbidden('admin only')
  return actor
}

export async function adminRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const preHandler = authenticate(ctx)

  app.get('/api/admin/branches', { preHandler }, async (request) => ({ branches: await listBranches(ctx.storage, adminOf(request).orgId) }))

  app.post<{ Body: { name: string } }>('/api/admin/branches', { schema: { body: newBranchBody }, preHandler }, async (request, reply) => {
    const admin = adminOf(request)
    const branch = await createBranch(ctx.storage, admin.orgId, request.body.name.trim() || request.body.name, admin.userId, ctx.now())
    return reply.code(201).send({ branch })
  })

  app.get('/api/admin/users', { preHandler }, async (request) => ({ users: await listUsers(ctx.storage, adminOf(request).orgId) }))

  app.post<{ Body: { username: string; displayName: string; role: Role; branchId?: string | null; password: string } }>(
    '/api/admin/users',
    { schema: { body: newUserBody }, preHandler },
    async (request, reply) => {
      const admin = adminOf(request)
      const user = await createUser(ctx.storage, { ...request.body, orgId: admin.orgId }, ctx.now(), ctx.scrypt)
      return reply.code(201).send({ user })
    },
  )

  app.post<{ Params: { id: string }; Body: { password: string } }>(
    '/api/admin/users/:id/password',
    { schema: { params: userIdParams, body: setPasswordBody }, preHandler },
    async (request, reply) => {
      const admin = adminOf(request)
      const user = await findUserInOrg(ctx.storage, admin.orgId, request.params.id)
      if (!user) throw notFound('user')
      await setPassword(ctx.storage, user.id, request.body.password, ctx.scrypt)
      return reply.code(204).send()
    },
  )

  app.post<{ Params: { id: string }; Body: { disabled: boolean } }>(
    '/api/admin/users/:id/disabled',
    { schema: { params: userIdParams, body: setDisabledBody }, preHandler },
    async (request, reply) => {
      const admin = adminOf(request)
      const user = await findUserInOrg(ctx.storage, admin.orgId, request.params.id)
      if (!user) throw notFound('user')
      await setDisabled(ctx.storage, admin.userId, user.id, request.body.disabled)
      return reply.code(204).send()
    },
  )

  // Files no record, revision, conflict or evidence of any branch references, uploaded more than
  // `olderThanDays` days ago (default 30): listed (GET), and removed (DELETE) with what was removed.
  const days = (q: { olderThanDays?: string }): number => Math.min(3650, Number(q.olderThanDays ?? 30))
  const summary = (orphans: OrphanAttachment[]) => ({ orphans, count: orphans.length, bytes: orphans.reduce((n, o) => n + o.size, 0) })

  app.get<{ Querystring: { olderThanDays?: string } }>(
    '/api/admin/attachments/orphans',
    { schema: { querystring: orphanQuery }, preHandler },
    async (request) => summary(await listOrphans(ctx.storage, adminOf(request).orgId, days(request.query), ctx.now())),
  )

  app.delete<{ Querystring: { olderThanDays?: string } }>(
    '/api/admin/attachments/orphans',
    { schema: { querystring: orphanQuery }, preHandler },
    async (request) => summary(await removeOrphans(ctx.storage, adminOf(request).orgId, days(request.query), ctx.now())),
  )
}
