// Push, pull and history.
import type { FastifyInstance } from 'fastify'
import { canReadBranch, readableBranchIds } from '../auth/access'
import { actorOf, authenticate, type ServerContext } from '../context'
import { forbidden } from '../http/errors'
import { pullQuery, pushBody, revisionsParams } from '../http/schemas'

export const DEFAULT_PULL_LIMIT = 200
export const MAX_PULL_LIMIT = 1000

export async function syncRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const auth = authenticate(ctx)

  app.post('/api/sync/push', { schema: { body: pushBody }, preHandler: auth }, async (request) => {
    return ctx.sync.push(actorOf(request), request.body)
  })

  app.get<{ Querystring: { cursor?: string; limit?: string; branchId?: string } }>(
    '/api/sync/pull',
    { schema: { querystring: pullQuery }, preHandler: auth },
    async (request) => {
      const actor = actorOf(request)
      const cursor = Number(request.query.cursor ?? 0)
      const limit = Math.min(MAX_PULL_LIMIT, Math.max(1, Number(request.query.limit ?? DEFAULT_PULL_LIMIT)))
      let branchIds: string[]
      if (request.query.branchId) {
        branchIds = [...new Set(request.query.branchId.split(','))]
        for (const b of branchIds) {
          if (!(await canReadBranch(ctx.storage, actor, b))) throw forbidden(`branch ${b}`)
        }
      } else {
        branchIds = await readableBranchIds(ctx.storage, actor)
      }
      return ctx.sync.pull(branchIds, cursor, limit)
    },
  )

  app.get<{ Params: { entity: string; id: string } }>(
    '/api/entities/:entity/:id/revisions',
    { schema: { params: revisionsParams }, preHandler: auth },
    async (request) => ({ revisions: await ctx.sync.revisions(actorOf(request), request.params.entity, request.params.id) }),
  )
}
