// Builds the Fastify instance (routes, hooks, static files) without listening: tests import this;
// `main.ts` listens.
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { DEFAULT_THROTTLE, type ThrottlePolicy } from './auth/loginThrottle'
import type { ScryptParams } from './auth/passwords'
import { SESSION_IDLE_MS, SESSION_TTL_MS } from './auth/sessions'
import { authenticate, type ServerContext } from './context'
import { HttpError } from './http/errors'
import { registerSecurityHeaders } from './http/securityHeaders'
import { registerStaticFiles, sendAppShell, wantsAppShell } from './http/staticFiles'
import { adminRoutes } from './routes/admin'
import { attachmentRoutes } from './routes/attachments'
import { authRoutes } from './routes/auth'
import { syncRoutes } from './routes/sync'
import type { Storage } from './storage/storage'
import { SyncService } from './replication/syncService'
import { appVersion } from './version'

export const JSON_BODY_LIMIT = 5 * 1024 * 1024
/** Deeper JSON is refused before parsing: real documents nest ~8 levels; nesting is what makes parsing slow. */
export const MAX_JSON_DEPTH = 64
/** The only API routes answered without a session. */
const PUBLIC_API_ROUTES = new Set(['/api/health', '/api/auth/login'])

/** True when brackets outside strings nest deeper than `max` (one linear scan, no parsing). */
export function jsonTooDeep(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) {
      if (++depth > max) return true
    } else if (c === 93 || c === 125) depth--
  }
  return false
}
export const ATTACHMENT_BODY_LIMIT = 15 * 1024 * 1024

export interface AppOptions {
  storage: Storage
  /** Pino options, or false (tests). */
  logger?: FastifyServerOptions['logger']
  /** The built PWA (dist/); null or a directory without index.html serves the API only. */
  staticDir?: string | null
  now?: () => number
  version?: string
  sessionTtlMs?: number
  sessionIdleMs?: number
  throttle?: ThrottlePolicy
  scrypt?: ScryptParams
  maxAttachmentBytes?: number
  /** Behind reverse proxies: how many hops, or their addresses (see config.ts parseTrustProxy). */
  trustProxy?: false | number | string[]
  /** Test hook, see SyncServiceOptions.afterFeedAppend. */
  afterFeedAppend?: () => Promise<void>
  /** Close the storage when the app closes (main.ts); tests usually manage it themselves. */
  closeStorage?: boolean
}

/** Fastify's own client errors (bad JSON, too large, wrong media type) → our `{error, message}` shape. */
function clientErrorBody(err: FastifyError): { error: string; message: string } {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { error: 'too-large', message: '请求内容过大 / Request body too large' }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { error: 'unsupported-media-type', message: '不支持的内容类型 / Unsupported Content-Type' }
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { error: 'invalid-json', message: '请求内容为空 / Empty JSON body' }
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { error: 'invalid-request', message: '请求长度不正确 / Content-Length does not match the body' }
    default:
      if (err instanceof SyntaxError || /JSON/i.test(err.code ?? '') || err.message.includes('JSON')) {
        return { error: 'invalid-json', message: `JSON 格式错误 / Malformed JSON: ${err.message}` }
      }
      return { error: 'invalid-request', message: err.message }
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const now = options.now ?? Date.now
  // A hop count as proxy-addr's function form: trust the first `n` hops counted from this server.
  const hops = options.trustProxy
  const trustProxy: FastifyServerOptions['trustProxy'] = typeof hops === 'number' ? (_address: string, hop: number) => hop < hops : (hops ?? false)
  const app = Fastify({
    logger: options.logger ?? { level: process.env.LOG_LEVEL ?? 'error' },
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy,
    // Closed schemas must reject unknown fields (Fastify's default strips them) and never coerce types.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
    // Fastify's defaults already refuse __proto__ / constructor.prototype in JSON bodies with a 400.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Lets in-flight requests finish on close while idle keep-alive sockets are dropped.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  })

  const ctx: ServerContext = {
    storage: options.storage,
    sync: new SyncService(options.storage, { now, afterFeedAppend: options.afterFeedAppend }),
    now,
    version: options.version ?? appVersion(),
    sessionTtlMs: options.sessionTtlMs ?? SESSION_TTL_MS,
    sessionIdleMs: options.sessionIdleMs ?? SESSION_IDLE_MS,
    throttle: options.throttle ?? DEFAULT_THROTTLE,
    scrypt: options.scrypt,
    maxAttachmentBytes: options.maxAttachmentBytes ?? ATTACHMENT_BODY_LIMIT,
  }

  // While shutting down, answers to in-flight requests close their connection, so the process does
  // not wait for clients' keep-alive sockets to time out.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close')
    return payload
  })

  app.decorateRequest('actor', null)
  app.decorateRequest('sessionTokenHash', null)

  // The session is checked before anything reads a body: an anonymous client cannot make the server
  // parse megabytes. Unknown routes fall through to the 404 answer.
  const auth = authenticate(ctx)
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url
    if (!route || !route.startsWith('/api/') || PUBLIC_API_ROUTES.has(route)) return
    await auth(request, reply)
  })

  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonTooDeep(body as string, MAX_JSON_DEPTH)) {
      done(new HttpError(400, 'invalid-json', `JSON 嵌套过深（最多 ${MAX_JSON_DEPTH} 层）/ JSON nested deeper than ${MAX_JSON_DEPTH} levels`), undefined)
      return
    }
    parseJson(request, body as string, done)
  })
  registerSecurityHeaders(app)

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v)
      return reply.code(err.statusCode).send({ error: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) })
    }
    if (err.validation) {
      return reply.code(400).send({
        error: 'invalid-request',
        message: `请求格式不正确 / Invalid request: ${err.message}`,
        details: err.validation.map((v) => `${err.validationContext ?? ''}${v.instancePath} ${v.message ?? ''}`.trim()),
      })
    }
    const status = err.statusCode ?? 500
    if (status >= 400 && status < 500) return reply.code(status).send(clientErrorBody(err))
    request.log.error({ err }, 'request failed')
    return reply.code(500).send({ error: 'internal', message: '服务器内部错误 / Internal server error' })
  })

  app.get('/api/health', async (request, reply) => {
    try {
      await ctx.storage.get('SELECT 1 AS ok')
      return { status: 'ok', version: ctx.version, storage: ctx.storage.dialect }
    } catch (err) {
      request.log.error({ err }, 'health check: storage unreachable')
      return reply.code(503).send({ status: 'unavailable', version: ctx.version, storage: ctx.storage.dialect })
    }
  })

  await app.register(async (scope) => authRoutes(scope, ctx))
  await app.register(async (scope) => adminRoutes(scope, ctx))
  await app.register(async (scope) => syncRoutes(scope, ctx))
  await app.register(async (scope) => attachmentRoutes(scope, ctx))

  const serving = options.staticDir ? await registerStaticFiles(app, options.staticDir) : false
  app.setNotFoundHandler((request, reply) => {
    if (serving && wantsAppShell(request)) return sendAppShell(reply)
    return reply.code(404).send({ error: 'not-found', message: `未找到 / Not found: ${request.method} ${request.url.split('?')[0]}` })
  })

  if (options.closeStorage) app.addHook('onClose', async () => options.storage.close())
  return app
}
