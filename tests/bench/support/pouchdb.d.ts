// Just enough typing for the PouchDB packages the benchmark uses as its baseline (they ship none).
declare module 'pouchdb-browser' {
  export interface ReplicationResult {
    ok: boolean
    docs_read: number
    docs_written: number
    doc_write_failures: number
    errors: unknown[]
  }
  export interface PouchDatabase {
    put(doc: object): Promise<{ ok: boolean; id: string; rev: string }>
    bulkDocs(docs: object[]): Promise<unknown[]>
    info(): Promise<{ doc_count: number; update_seq: number | string }>
    destroy(): Promise<unknown>
    close(): Promise<void>
  }
  export interface PouchStatic {
    new (name: string, options?: Record<string, unknown>): PouchDatabase
    plugin(plugin: unknown): PouchStatic
    defaults(options: Record<string, unknown>): PouchStatic
    replicate(source: string | PouchDatabase, target: string | PouchDatabase, options?: Record<string, unknown>): Promise<ReplicationResult>
  }
  const PouchDB: PouchStatic
  export default PouchDB
}

declare module 'pouchdb-adapter-memory' {
  const plugin: unknown
  export default plugin
}

declare module 'express-pouchdb' {
  /** An Express app: usable as a Node request listener. */
  function expressPouchDB(pouch: unknown, options?: Record<string, unknown>): import('node:http').RequestListener
  export default expressPouchDB
}
