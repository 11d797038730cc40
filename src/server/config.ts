// Configuration from the environment (and a few command-line flags), with defaults for a laptop.
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
  trustProxy: boolean
  /** pino level; quiet by default so a laptop terminal shows the start banner and errors only. */
  logLevel: LogLevel
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
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    logLevel: logLevel as LogLevel,
  }
}
