// What the sync engine needs from the network. `httpTransport.ts` implements it with fetch; tests
// implement it in-process over the real server app.
import type { EntityName, PullResponse, PushRequest, PushResponse, RevisionEntry } from '@/domain/protocol'

/** How a request failed, in the terms the engine acts on. */
export type TransportFailure =
  /** No answer at all (offline, DNS, connection reset, timeout): retry with backoff. */
  | 'network'
  /** 5xx: the server is in trouble; retry with backoff. */
  | 'server'
  /** 401: the session is gone; only signing in again helps. Unsent work waits. */
  | 'unauthorized'
  /** 429: too many requests; retry after the time the server asks for. */
  | 'rate-limited'
  /** Any other 4xx: this request will never succeed as it is. */
  | 'rejected'

export class TransportError extends Error {
  constructor(
    public readonly failure: TransportFailure,
    message: string,
    public readonly status?: number,
    /** The server's `{ error, message, details }` body, when it sent one. */
    public readonly body?: { error?: string; message?: string; details?: unknown },
    public readonly retryAfterMs?: number,
  ) {
    super(message)
    this.name = 'TransportError'
  }
}

/** Attachment bytes as the server keeps them: the original, or a small preview for lists. */
export type AttachmentVariant = 'original' | 'thumbnail'

export interface SyncTransport {
  /** A session token is stored (it may still turn out expired: the server answers 401 then). */
  hasSession(): Promise<boolean>
  push(request: PushRequest): Promise<PushResponse>
  /** One page of the change feed after `cursor`. */
  pull(cursor: number, limit: number): Promise<PullResponse>
  /** HEAD: does the server already hold these bytes? */
  attachmentExists(hash: string): Promise<boolean>
  /** PUT by content hash for a branch; idempotent (the same bytes twice store one copy). */
  uploadAttachment(hash: string, bytes: Blob, branchId: string): Promise<void>
  downloadAttachment(hash: string, variant: AttachmentVariant): Promise<Blob>
  revisions(entity: EntityName, id: string): Promise<RevisionEntry[]>
}

export function isTransportError(e: unknown, ...failures: TransportFailure[]): e is TransportError {
  return e instanceof TransportError && (failures.length === 0 || failures.includes(e.failure))
}
