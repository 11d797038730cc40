// The app's version, from package.json (the same number the PWA shows).
import { readFileSync } from 'node:fs'

let cached: string | undefined

export function appVersion(): string {
  if (!cached) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }
      cached = pkg.version ?? '0.0.0'
    } catch {
      cached = '0.0.0'
    }
  }
  return cached
}
