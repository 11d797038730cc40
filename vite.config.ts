import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { VitePWA } from 'vite-plugin-pwa'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'
import { baseCompile } from '@intlify/message-compiler'
import { fileURLToPath, URL } from 'node:url'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { dirname, join, relative as pathRelative } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }

// Vant's icon font embeds a woff2 data URL and falls back to a woff on a public CDN. The app must
// never reach outside its own origin (offline use, CSP), so the remote fallback is dropped. The embedded
// font (~25 KiB gzip, two thirds of the first screen's CSS) would block the first paint inside the
// stylesheet: it becomes a file of its own (hashed by Vite, precached by the service worker), fetched
// only once an icon is on screen.
const ICON_FONT_FILE = fileURLToPath(new URL('./node_modules/.cache/branch-records/vant-icon.woff2', import.meta.url))
const EMBEDDED_WOFF2 = /url\((["']?)data:font\/woff2;[^,]*base64,([A-Za-z0-9+/=]+)\1\)/

const vantIconFont = (): Plugin => ({
  name: 'vant-icon-font',
  enforce: 'pre',
  transform(code, id) {
    if (!id.includes('vant') || !id.endsWith('.css')) return null
    let css = code.replace(/,\s*url\([^)]*alicdn[^)]*\)\s*format\(["']woff["']\)/g, '')
    const embedded = EMBEDDED_WOFF2.exec(css)
    if (embedded) {
      mkdirSync(dirname(ICON_FONT_FILE), { recursive: true })
      writeFileSync(ICON_FONT_FILE, Buffer.from(embedded[2]!, 'base64'))
      const relative = pathRelative(dirname(id.split('?')[0]!), ICON_FONT_FILE).replaceAll('\\', '/')
      css = css.replace(embedded[0], `url("${relative}")`)
    }
    return css === code ? null : { code: css, map: null }
  },
})

// vue-i18n would compile every message in the browser, and its message compiler would ride in the
// first screen. The build compiles each area file's messages (src/app/i18n/<locale>/<area>.ts: plain
// data) to the AST the runtime formats directly, and drops the compiler (__INTLIFY_DROP_MESSAGE_COMPILER__).
// Development and tests keep the strings and the runtime compiler.
const MESSAGE_AREA_FILE = /\/src\/app\/i18n\/(?:zh-CN|en)\/(?!index\.)[\w-]+\.ts$/

type Messages = string | number | boolean | null | Messages[] | { [key: string]: Messages }

function compileMessages(value: Messages, path: string): unknown {
  if (typeof value === 'string') {
    const { ast } = baseCompile(value, {
      jit: true,
      location: false,
      minify: true,
      onError: (error) => {
        throw new Error(`i18n message ${path}: ${error.message} in ${JSON.stringify(value)}`)
      },
    })
    // A message without placeholders is formatted from its static text alone (`s`); its item list is dead weight.
    const body = (ast as { b?: { s?: string; i?: unknown } }).b
    if (typeof body?.s === 'string') delete body.i
    return ast
  }
  if (Array.isArray(value)) return value.map((item, i) => compileMessages(item, `${path}[${i}]`))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, compileMessages(item, `${path}.${key}`)]))
  }
  return value
}

const precompileMessages = (): Plugin => ({
  name: 'precompile-i18n-messages',
  apply: 'build',
  // After the TypeScript transform: the area file is plain JavaScript data by then.
  enforce: 'post',
  config: () => ({ define: { __INTLIFY_DROP_MESSAGE_COMPILER__: 'true' } }),
  async transform(code, id) {
    if (!MESSAGE_AREA_FILE.test(id.split('?')[0] ?? '')) return null
    if (/^\s*import\s/m.test(code)) throw new Error(`${id}: a message file must be plain data (it imports something)`)
    const source = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
    const messages = ((await import(source)) as { default: Messages }).default
    const area = id.split('/').slice(-2).join('/')
    return { code: `export default ${JSON.stringify(compileMessages(messages, area))}\n`, map: null }
  },
})

// The first screen carries only the message areas the home screen shows; src/app/i18n/index.ts loads the
// rest (its `./zh-CN/index` import) for every other page. Development and tests keep every area.
const FIRST_SCREEN_AREAS = ['common', 'home', 'settings', 'sync']
const FIRST_SCREEN_MESSAGES = '\0first-screen-messages'

const firstScreenMessages = (): Plugin => ({
  name: 'first-screen-messages',
  apply: 'build',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source === './zh-CN' && importer?.split('?')[0]?.endsWith('/src/app/i18n/index.ts')) return FIRST_SCREEN_MESSAGES
    return null
  },
  load(id) {
    if (id !== FIRST_SCREEN_MESSAGES) return null
    const dir = fileURLToPath(new URL('./src/app/i18n/zh-CN/', import.meta.url))
    const [first, ...areas] = FIRST_SCREEN_AREAS
    // Same shape as zh-CN/index.ts: the common file's keys at the top, then one key per area.
    return [
      ...FIRST_SCREEN_AREAS.map((area) => `import ${area} from ${JSON.stringify(join(dir, `${area}.ts`))}`),
      `export default { ...${first}, ${areas.join(', ')} }`,
    ].join('\n')
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
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
    // vue-i18n feature flags: Composition API only (legacy: false), no <i18n-t>/v-t, no devtools in production.
    __VUE_I18N_LEGACY_API__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  plugins: [
    vantIconFont(),
    firstScreenMessages(),
    vue(),
    precompileMessages(),
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
      // The glob already precaches the icons, and the plugin adds the manifest itself: without these two
      // lines both appeared twice in the precache list.
      includeManifestIcons: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,png,svg,ico,woff2,webmanifest}'],
        globIgnores: ['manifest.webmanifest'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
    precompressAssets(),
  ],
  build: {
    target: 'es2020',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Everything the first screen imports statically goes into one chunk. Left to the automatic
        // splitting it was a dozen files (some of a few hundred bytes, shared with lazy pages), and on
        // a slow phone network each extra request on the critical path costs a round trip.
        codeSplitting: {
          groups: [{ name: 'app', test: /[\\/]src[\\/]app[\\/]main\.ts$/, includeDependenciesRecursively: true }],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
})
