// The sync transport over fetch, with the session's bearer token. Every failure is classified
// (`TransportError`) so that the engine knows whether to retry, wait for a sign-in, or give up on one
// mutation. Tests pass their own `fetch` (the real server app through Fastify's `inject`).
import type { EntityName, PullResponse, PushRequest, PushResponse, RevisionEntry } from '@/domain/protocol'
import type { SessionStore, SessionUser, StoredSession } from './session'
import { TransportError, type AttachmentVariant, type SyncTransport } from './transport'

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

export interface HttpTransportOptions {
  /** '' = same origin (the app is served by the sync server). */
  baseUrl?: string
  fetch?: FetchLike
  session: SessionStore
  /** Abort a request that hangs (a captive portal, a dead connection). */
  timeoutMs?: number
}

export interface HttpTransport extends SyncTransport {
  /** POST /api/auth/login, then /api/auth/me; stores the session. Throws TransportError on failure. */
  signIn(username: string, password: string): Promise<StoredSession>
  /** Tells the server (best effort) and forgets the session on this device. */
  signOut(): Promise<void>
}

interface ErrorBody {
  error?: string
  message?: string
  details?: unknown
}

function classify(status: number): TransportError['failure'] {
  if (status === 401) return 'unauthorized'
  if (status === 429) return 'rate-limited'
  if (status >= 500) return 'server'
  return 'rejected'
}

async function errorFrom(res: Response): Promise<TransportError> {
  let body: ErrorBody | undefined
  try {
    const parsed: unknown = await res.json()
    if (typeof parsed === 'object' && parsed !== null) body = parsed as ErrorBody
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const retryAfter = Number(res.headers.get('retry-after'))
  const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined
  const message = body?.message ?? `HTTP ${res.status}`
  return new TransportError(classify(res.status), message, res.status, body, retryAfterMs)
}

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const base = (options.baseUrl ?? '').replace(/\/$/, '')
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init))
  const timeoutMs = options.timeoutMs ?? 30_000
  const { session } = options

  async function send(path: string, init: RequestInit & { auth?: boolean } = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (init.auth !== false) {
      const token = (await session.read())?.token
      if (!token) throw new TransportError('unauthorized', '未登录 / Not signed in')
      headers.set('authorization', `Bearer ${token}`)
    }
    const controller = typeof AbortController === 'undefined' ? undefined : new AbortController()
    const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : undefined
    let res: Response
    try {
      res = await doFetch(base + path, { ...init, headers, signal: controller?.signal })
    } catch (e) {
      throw new TransportError('network', e instanceof Error ? e.message || 'network error' : String(e))
    } finally {
      if (timer !== undefined) clearTimeout(timer)
    }
    if (!res.ok) {
      const error = await errorFrom(res)
      // The session is over: keep who it was, drop the token, so sync waits for a new sign-in.
      if (error.failure === 'unauthorized' && init.auth !== false) await session.expire()
      throw error
    }
    return res
  }

  async function json<T>(path: string, init: RequestInit & { auth?: boolean } = {}): Promise<T> {
    const res = await send(path, init)
    try {
      return (await res.json()) as T
    } catch (e) {
      // A truncated body is a lost answer, not a refusal: retry later.
      throw new TransportError('network', `unreadable answer: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  const jsonBody = (value: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
  })

  return {
    async hasSession() {
      return Boolean((await session.read())?.token)
    },

    push: (request: PushRequest) => json<PushResponse>('/api/sync/push', jsonBody(request)),

    pull: (cursor: number, limit: number) =>
      json<PullResponse>(`/api/sync/pull?cursor=${encodeURIComponent(String(cursor))}&limit=${encodeURIComponent(String(limit))}`),

    async attachmentExists(hash: string) {
      try {
        await send(`/api/attachments/${hash}`, { method: 'HEAD' })
        return true
      } catch (e) {
        if (e instanceof TransportError && e.status === 404) return false
        throw e
      }
    },

    async uploadAttachment(hash: string, bytes: Blob, branchId: string) {
      await send(`/api/attachments/${hash}?branchId=${encodeURIComponent(branchId)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
      })
    },

    // The server keeps originals only; a thumbnail is the original until it grows previews.
    async downloadAttachment(hash: string, _variant: AttachmentVariant) {
      const res = await send(`/api/attachments/${hash}`)
      return res.blob()
    },

    async revisions(entity: EntityName, id: string) {
      const body = await json<{ revisions: RevisionEntry[] }>(`/api/entities/${entity}/${encodeURIComponent(id)}/revisions`)
      return body.revisions
    },

    async signIn(username: string, password: string) {
      const login = await json<{ token: string; expiresAt?: string }>('/api/auth/login', { ...jsonBody({ username, password }), auth: false })
      const me = await json<{ user: SessionUser; organization?: { id: string; name: string } | null; branches?: { id: string; name: string }[] }>(
        '/api/auth/me',
        { headers: { authorization: `Bearer ${login.token}` }, auth: false },
      )
      const stored: StoredSession = { token: login.token, user: me.user, organization: me.organization ?? null, branches: me.branches ?? [] }
      if (login.expiresAt) stored.expiresAt = login.expiresAt
      await session.write(stored)
      return stored
    },

    async signOut() {
      try {
        await send('/api/auth/logout', { method: 'POST' })
      } catch {
        // Offline or already expired: forgetting the token here is what matters.
      }
      await session.clear()
    },
  }
}
