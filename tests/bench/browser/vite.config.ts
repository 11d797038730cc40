// Builds the benchmark page (not part of the app): the real local store, sync engine and PouchDB in one
// bundle, served under /__bench/ by the real server so they run in Chromium against real IndexedDB.
// `npm run bench` passes the output folder (`--outDir`, a temporary folder).
import { defineConfig } from 'vite'
import { fileURLToPath, URL } from 'node:url'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/__bench/',
  define: { __APP_VERSION__: JSON.stringify('bench') },
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('../../../src', import.meta.url)),
      // pouchdb-browser imports Node's `events`; the browser gets a small EventEmitter instead.
      events: fileURLToPath(new URL('./eventsShim.ts', import.meta.url)),
    },
  },
  logLevel: 'warn',
  build: { target: 'es2020', emptyOutDir: true, sourcemap: false, minify: true, chunkSizeWarningLimit: 5000 },
})
