// Serves the built PWA from dist/: hashed assets cached for a year, everything else (index.html,
// sw.js, the manifest) revalidated on every load so an update is noticed. Unknown paths without a
// file extension fall back to index.html (client-side routes); /api never does.
// The build writes .br and .gz copies next to the text files (vite.config.ts, precompressAssets), so a
// browser that accepts them gets the compressed file with no compression work per request; anything
// without a copy, and any client that accepts neither, gets the file as it is. /api is not touched.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

const HASHED_ASSET = /\/assets\/.+-[A-Za-z0-9_-]{6,}\.[a-z0-9]+$/
/** The precompressed copy of `x.js` is `x.js.br` / `x.js.gz`: it is cached like the file itself. */
const PRECOMPRESSED_SUFFIX = /\.(br|gz)$/

export function cacheControlFor(path: string): string {
  const file = path.replaceAll('\\', '/').replace(PRECOMPRESSED_SUFFIX, '')
  return HASHED_ASSET.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache'
}

export async function registerStaticFiles(app: FastifyInstance, root: string): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: false,
    cacheControl: false,
    dotfiles: 'ignore',
    preCompressed: true,
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
