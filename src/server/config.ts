// Configuration from the environment (and a few command-line flags), with defaults for a laptop.
import { isIP } from 'node:net'
import { resolve } from 'node:path'

export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  /** PostgreSQL when set, SQLite under dataDir otherwise. */
  databaseUrl?: string
  /** Password for the first admin account (or to reset the `admin` account's password). */
  adminPassword?: string
  /** Fill a demo organization. */
  demo: boolean
  staticDir: string
  /** false, a number of proxy hops to trust, or the proxies' addresses (IPs or CIDR ranges). */
  trustProxy: TrustProxy
  /** pino level; quiet by default so a laptop terminal shows the start banner and errors only. */
  logLevel: LogLevel
}

export type TrustProxy = false | number | string[]

/**
 * TRUST_PROXY: how many reverse proxies stand in front (1 for the usual one), or their addresses. Trusting
 * every hop ("true") would let any client write its own address into X-Forwarded-For and so its own
 * sign-in throttle key, so it is refused with a reason.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim()
  if (v === '' || v === '0' || v.toLowerCase() === 'false') return false
  if (/^\d+$/.test(v)) return Number(v)
  const addresses = v.split(',').map((a) => a.trim()).filter(Boolean)
  const bad = addresses.filter((a) => {
    const [ip, bits, extra] = a.split('/')
    return extra !== undefined || !isIP(ip ?? '') || (bits !== undefined && !/^\d{1,3}$/.test(bits))
  })
  if (v.toLowerCase() === 'true' || bad.length) {
    throw new Error(`TRUST_PROXY must be a number of proxy hops (1 for one reverse proxy) or proxy addresses such as 10.0.0.5,10.1.0.0/16; got ${value}`)
  }
  return addresses
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export function loadConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): ServerConfig {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name)
    if (i >= 0) return argv[i + 1]
    const inline = argv.find((a) => a.startsWith(`${name}=`))
    return inline?.slice(name.length + 1)
  }
  const port = Number(flag('--port') ?? env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`)
  const logLevel = (env.LOG_LEVEL || 'error').toLowerCase()
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${env.LOG_LEVEL}`)
  }
  return {
    port,
    host: flag('--host') ?? env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    adminPassword: flag('--admin-password') ?? (env.ADMIN_PASSWORD || undefined),
    demo: argv.includes('--demo'),
    staticDir: resolve(env.STATIC_DIR ?? './dist'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    logLevel: logLevel as LogLevel,
  }
}
