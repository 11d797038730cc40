// Errors the routes throw on purpose: a status, a stable code, and a message in Chinese and English.
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

export const badRequest = (message: string, details?: unknown): HttpError => new HttpError(400, 'invalid-request', message, details)
export const unauthorized = (): HttpError => new HttpError(401, 'unauthorized', '请先登录 / Please sign in')
export const forbidden = (what = ''): HttpError =>
  new HttpError(403, 'forbidden', `无权执行此操作 / Not allowed${what ? `: ${what}` : ''}`)
export const notFound = (what = ''): HttpError => new HttpError(404, 'not-found', `未找到 / Not found${what ? `: ${what}` : ''}`)
export const conflict = (code: string, message: string, details?: unknown): HttpError => new HttpError(409, code, message, details)
