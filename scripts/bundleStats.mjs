// Bundle figures read from the production build: what the first screen downloads (entry script, its
// modulepreloads and stylesheets), every lazy chunk (and which export library it carries), and the
// service worker's precache. Shared by the bundle budget test and `npm run bench`.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

// CSS: Vant's per-component styles and ours, with the icon font as a file of its own (embedded, it
// alone was 26 KiB of render-blocking CSS).
export const BUDGETS = { firstScreenJsGzipKiB: 150, firstScreenCssGzipKiB: 16 }

/** Strings only the export libraries carry: DOCX (docx), XLSX (ExcelJS). None may be in the first screen. */
export const EXPORT_MARKERS = ['wordprocessingml', 'spreadsheetml', 'ExcelJS']

const gz = (buf) => gzipSync(buf, { level: 9 }).length

function markersIn(buf) {
  const text = buf.toString('utf8')
  return EXPORT_MARKERS.filter((m) => text.includes(m))
}

export function bundleStats(distDir = 'dist') {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8')
  const refs = new Set()
  for (const m of html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)) {
    const url = m[1]
    if (/\.(js|css)$/.test(url)) refs.add(url.replace(/^\//, ''))
  }
  const firstScreen = [...refs].map((file) => {
    const buf = readFileSync(join(distDir, file))
    return { file, bytes: buf.length, gzip: gz(buf), markers: markersIn(buf) }
  })
  const assetsDir = join(distDir, 'assets')
  const all = readdirSync(assetsDir).filter((f) => /\.(js|css)$/.test(f)).map((f) => {
    const buf = readFileSync(join(assetsDir, f))
    return { file: `assets/${f}`, bytes: buf.length, gzip: gz(buf), markers: markersIn(buf) }
  })
  const lazy = all.filter((a) => !refs.has(a.file))
  const sw = readFileSync(join(distDir, 'sw.js'), 'utf8')
  const precacheUrls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1])
  let precacheBytes = 0
  let precacheGzip = 0
  for (const u of precacheUrls) {
    try {
      precacheBytes += statSync(join(distDir, u)).size
      precacheGzip += gz(readFileSync(join(distDir, u)))
    } catch { /* listed but not on disk */ }
  }
  const sum = (xs, ext, key) => xs.filter((x) => x.file.endsWith(ext)).reduce((a, x) => a + x[key], 0)
  return {
    firstScreen,
    firstScreenJsGzip: sum(firstScreen, '.js', 'gzip'),
    firstScreenCssGzip: sum(firstScreen, '.css', 'gzip'),
    firstScreenExportMarkers: [...new Set(firstScreen.flatMap((f) => f.markers))],
    lazy: lazy.sort((a, b) => b.gzip - a.gzip),
    lazyJsGzip: sum(lazy, '.js', 'gzip'),
    precacheEntries: precacheUrls.length,
    precacheBytes,
    /** About what a first install downloads: the server sends the build's precompressed copies (brotli, else gzip). */
    precacheGzip,
  }
}
