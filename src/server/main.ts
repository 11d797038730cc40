// Starts the server: storage from the environment, migrations, first-run setup, then listen.
// SIGTERM / SIGINT close the server gracefully: in-flight requests finish, then storage closes.
import { buildApp } from './app'
import { loadConfig } from './config'
import { openStorage } from './storage/index'
import { ensureSetup, ADMIN_USERNAME } from './setup'

async function main(): Promise<void> {
  const config = loadConfig(process.env, process.argv.slice(2))
  const storage = openStorage(config)
  await storage.migrate()

  const setup = await ensureSetup(storage, { adminPassword: config.adminPassword })
  const notes: string[] = []
  if (setup.created) notes.push(`已创建组织和管理员账号 / Organization and admin account created`)
  if (setup.passwordReset) notes.push(`管理员密码已重设 / Admin password reset`)
  if (setup.adminPassword && !config.adminPassword) {
    notes.push(`  用户名 / username: ${ADMIN_USERNAME}`, `  密码 / password:  ${setup.adminPassword}   (只显示这一次 / shown only this once)`)
  }
  if (config.demo) {
    const { seedDemo } = await import('./demo/seedDemo')
    const demo = await seedDemo(storage, { now: Date.now() })
    notes.push(...demo.lines)
  }

  const app = await buildApp({ storage, staticDir: config.staticDir, trustProxy: config.trustProxy, closeStorage: true, logger: { level: config.logLevel } })
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}/`
  const storageName = storage.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'
  process.stdout.write([`\n支部纪实 · Branch Records  ${url}  (${storageName})`, ...notes, ''].join('\n') + '\n')

  let closing = false
  const shutdown = (signal: string): void => {
    if (closing) {
      process.exit(1)
    }
    closing = true
    app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

main().catch((err: unknown) => {
  process.stderr.write(`Server failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
