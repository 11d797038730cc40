import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { VitePWA } from 'vite-plugin-pwa'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'
import { fileURLToPath, URL } from 'node:url'
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }

// Vant's icon font embeds a woff2 data URL and falls back to a woff on a public CDN. The app must
// never reach outside its own origin (offline use, CSP), so the remote fallback is dropped.
const dropRemoteIconFont = (): Plugin => ({
  name: 'drop-remote-icon-font',
  enforce: 'pre',
  transform(code, id) {
    if (!id.includes('vant') || !id.endsWith('.css') || !code.includes('alicdn')) return null
    return { code: code.replace(/,\s*url\([^)]*alicdn[^)]*\)\s*format\(["']woff["']\)/g, ''), map: null }
  },
})

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

// The server sends these .br/.gz copies to browsers that accept them (@fastify/static preCompressed):
// compressing once at build time costs nothing per request and allows the slowest, smallest settings.
// Only text files worth it; the service worker's precache globs do not match .br/.gz.
const precompressAssets = (): Plugin => ({
  name: 'precompress-assets',
  apply: 'build',
  async writeBundle(options, bundle) {
    const outDir = options.dir ?? 'dist'
    await Promise.all(
      Object.values(bundle)
        .filter((file) => /\.(js|css|html|svg|json|webmanifest)$/.test(file.fileName))
        .map(async (file) => {
          const source = Buffer.from(file.type === 'chunk' ? file.code : file.source)
          if (source.length < 1024) return
          const [br, gz] = await Promise.all([
            brotli(source, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: source.length } }),
            gzipAsync(source, { level: 9 }),
          ])
          const target = join(outDir, file.fileName)
          if (br.length < source.length) await writeFile(`${target}.br`, br)
          if (gz.length < source.length) await writeFile(`${target}.gz`, gz)
        }),
    )
  },
})

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  plugins: [
    dropRemoteIconFont(),
    vue(),
    // Vant components are imported per component (with their CSS), never the whole library.
    Components({ resolvers: [VantResolver()], dts: false, dirs: [] }),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: '支部纪实',
        short_name: '支部纪实',
        description: '党支部组织生活记录：离线记录、同步、季度检查与整改台账',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#c8161d',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,png,svg,ico,woff2,webmanifest}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
    precompressAssets(),
  ],
  build: { target: 'es2020', sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
})
