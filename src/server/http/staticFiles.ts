// Serves the built PWA from dist/: hashed assets cached for a year, everything else (index.html,
// sw.js, the manifest) revalidated on every load so an update is noticed. Unknown paths without a
// file extension fall back to index.html (client-side routes); /api never does.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

const HASHED_ASSET = /\/assets\/.+-[A-Za-z0-9_-]{6,}\.[a-z0-9]+$/

export function cacheControlFor(path: string): string {
  return HASHED_ASSET.test(path.replaceAll('\\', '/')) ? 'public, max-age=31536000, immutable' : 'no-cache'
}

export async function registerStaticFiles(app: FastifyInstance, root: string): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: false,
    cacheControl: false,
    dotfiles: 'ignore',
    setHeaders(reply, path) {
      reply.header('cache-control', cacheControlFor(path))
    },
  })
  // The root is a directory to the static plugin; it is the app shell to us.
  app.get('/', (_request, reply) => sendAppShell(reply))
  return true
}

/** True when a not-found GET should get the app shell instead of a 404. */
export function wantsAppShell(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  const path = request.url.split('?')[0] ?? ''
  if (path === '/api' || path.startsWith('/api/')) return false
  const last = path.split('/').pop() ?? ''
  return !last.includes('.')
}

export function sendAppShell(reply: FastifyReply): FastifyReply {
  reply.header('cache-control', 'no-cache')
  return reply.sendFile('index.html')
}
