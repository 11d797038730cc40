// Attachments by content hash: idempotent PUT (the server recomputes the SHA-256 and sniffs the type),
// HEAD to ask whether the bytes are already there, GET for the bytes. Reads are branch-checked: a
// branch sees an attachment once someone of that branch uploaded (or re-uploaded) the same bytes.
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { canReadBranch, canUpload, canWriteBranch, type Actor } from '../auth/access'
import { actorOf, authenticate, type ServerContext } from '../context'
import { badRequest, forbidden, HttpError, notFound } from '../http/errors'
import { attachmentParams, attachmentPutQuery, emptyQuery } from '../http/schemas'
import { sniffMime } from '../attachments/sniff'

interface AttachmentMeta {
  mime: string
  size: number
}

async function readableMeta(ctx: ServerContext, actor: Actor, sha256: string): Promise<AttachmentMeta> {
  const links = await ctx.storage.all<{ branch_id: string }>('SELECT branch_id FROM attachment_branches WHERE sha256 = ?', [sha256])
  for (const link of links) {
    if (await canReadBranch(ctx.storage, actor, link.branch_id)) {
      const meta = await ctx.storage.get<AttachmentMeta>('SELECT mime, size FROM attachments WHERE sha256 = ?', [sha256])
      if (meta) return meta
    }
  }
  // The same answer whether the bytes are absent or belong to another branch: existence is not leaked.
  throw notFound('attachment')
}

export async function attachmentRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  // Uploads are raw bytes whatever Content-Type the client sends; JSON parsing does not apply here.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ctx.maxAttachmentBytes }, (_req, body, done) => done(null, body))

  const auth = authenticate(ctx)

  app.put<{ Params: { sha256: string }; Querystring: { branchId: string } }>(
    '/api/attachments/:sha256',
    { schema: { params: attachmentParams, querystring: attachmentPutQuery }, preHandler: auth, bodyLimit: ctx.maxAttachmentBytes },
    async (request, reply) => {
      const actor = actorOf(request)
      const { sha256 } = request.params
      const { branchId } = request.query
      if (!canUpload(actor.role) || !(await canWriteBranch(ctx.storage, actor, branchId, 'record'))) throw forbidden('upload')
      const body = request.body
      if (!Buffer.isBuffer(body) || body.length === 0) throw badRequest('上传内容为空 / Empty upload')
      const actual = createHash('sha256').update(body).digest('hex')
      if (actual !== sha256) {
        throw new HttpError(400, 'hash-mismatch', '文件内容与哈希不符（上传可能不完整）/ The bytes do not match the SHA-256 (incomplete upload?)', { expected: sha256, actual })
      }
      const mime = sniffMime(body)
      if (!mime) throw new HttpError(415, 'unsupported-type', '只接受 JPEG、PNG、WebP、GIF 图片和 PDF / Only JPEG, PNG, WebP, GIF and PDF are accepted')
      const now = ctx.now()
      const created = await ctx.storage.transaction(async (tx) => {
        const inserted = await tx.run('INSERT INTO attachments (sha256, mime, size, bytes, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING', [
          sha256, mime, body.length, body, now,
        ])
        await tx.run('INSERT INTO attachment_branches (sha256, branch_id, uploaded_by, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256, branch_id) DO NOTHING', [
          sha256, branchId, actor.userId, now,
        ])
        // Uploaded again: counts as new for the orphan listing's grace period (a record using it follows).
        if (inserted === 0) await tx.run('UPDATE attachments SET created_at = ? WHERE sha256 = ?', [now, sha256])
        return inserted > 0
      })
      return reply.code(created ? 201 : 200).send({ hash: sha256, mime, size: body.length, created })
    },
  )

  app.head<{ Params: { sha256: string } }>(
    '/api/attachments/:sha256',
    { schema: { params: attachmentParams, querystring: emptyQuery }, preHandler: auth },
    async (request, reply) => {
      const meta = await readableMeta(ctx, actorOf(request), request.params.sha256)
      return reply.header('content-type', meta.mime).header('content-length', String(meta.size)).header('etag', `"${request.params.sha256}"`).send()
    },
  )

  app.get<{ Params: { sha256: string } }>(
    '/api/attachments/:sha256',
    { schema: { params: attachmentParams, querystring: emptyQuery }, preHandler: auth, exposeHeadRoute: false },
    async (request, reply) => {
      const { sha256 } = request.params
      const meta = await readableMeta(ctx, actorOf(request), sha256)
      const row = await ctx.storage.get<{ bytes: Buffer | Uint8Array }>('SELECT bytes FROM attachments WHERE sha256 = ?', [sha256])
      if (!row) throw notFound('attachment')
      return reply
        .header('content-type', meta.mime)
        // The app keeps its own copy in IndexedDB; the browser's HTTP cache must not keep one that outlives
        // sign-out. The type is the one sniffed at upload, never what a document claims, and never HTML.
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .header('etag', `"${sha256}"`)
        .header('content-disposition', 'inline')
        .send(Buffer.from(row.bytes))
    },
  )
}
