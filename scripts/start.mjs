#!/usr/bin/env node
// `npm start`: builds the app with `vite build` when dist/ is missing or older than its sources, then
// runs the server (TypeScript through tsx) in this same process, so signals reach it directly.
//   npm start                         SQLite in ./data, http://127.0.0.1:8080/
//   npm start -- --demo               also fill a demo organization (accounts printed once)
//   npm start -- --admin-password X   choose (or reset) the admin password
//   npm start -- --no-build           skip the build check
// Environment: PORT, HOST, DATA_DIR, DATABASE_URL (PostgreSQL), ADMIN_PASSWORD, LOG_LEVEL.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)

/** Newest modification time under the given paths (the server's own sources do not need a rebuild). */
function newest(paths) {
  let max = 0
  const visit = (p) => {
    if (!existsSync(p)) return
    const st = statSync(p)
    if (st.isDirectory()) {
      if (p === join(root, 'src', 'server')) return
      for (const name of readdirSync(p)) visit(join(p, name))
    } else if (st.mtimeMs > max) {
      max = st.mtimeMs
    }
  }
  for (const p of paths) visit(join(root, p))
  return max
}

function buildIfStale() {
  const built = join(root, 'dist', 'index.html')
  const sourcesChanged = newest(['src', 'public', 'index.html', 'vite.config.ts', 'package.json'])
  if (existsSync(built) && statSync(built).mtimeMs >= sourcesChanged) return
  process.stdout.write(existsSync(built) ? 'Sources changed: rebuilding the app…\n' : 'Building the app (first start)…\n')
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) {
    process.stderr.write('vite build failed; not starting the server.\n')
    process.exit(result.status ?? 1)
  }
}

if (!args.includes('--no-build') && process.env.SKIP_BUILD !== '1') buildIfStale()
if (!process.env.STATIC_DIR) process.env.STATIC_DIR = join(root, 'dist')

const { register } = await import('tsx/esm/api')
register({ tsconfig: join(root, 'tsconfig.node.json') })
await import(pathToFileURL(join(root, 'src', 'server', 'main.ts')).href)
