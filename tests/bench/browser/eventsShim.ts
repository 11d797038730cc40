// Node's `events` for the browser bench bundle: pouchdb-browser imports it, and no `events` package is
// installed. Only what PouchDB uses, with Node's semantics (listeners copied before emitting, `once`
// wrappers removable by the original function, an unhandled 'error' event throws).
type Listener = (...args: unknown[]) => void
type Wrapped = Listener & { listener?: Listener }

export default class EventEmitter {
  private listenerMap?: Map<string | symbol, Wrapped[]>
  private maxListeners = 10

  /** Created on first use, as Node does: PouchDB mixes these methods into objects it did not construct. */
  private get events(): Map<string | symbol, Wrapped[]> {
    this.listenerMap ??= new Map()
    return this.listenerMap
  }

  static listenerCount(emitter: EventEmitter, type: string | symbol): number {
    return emitter.listenerCount(type)
  }

  on(type: string | symbol, listener: Listener): this {
    const list = this.events.get(type)
    if (list) list.push(listener)
    else this.events.set(type, [listener])
    return this
  }

  addListener(type: string | symbol, listener: Listener): this {
    return this.on(type, listener)
  }

  prependListener(type: string | symbol, listener: Listener): this {
    this.events.set(type, [listener, ...(this.events.get(type) ?? [])])
    return this
  }

  once(type: string | symbol, listener: Listener): this {
    const wrapper: Wrapped = (...args: unknown[]) => {
      this.removeListener(type, wrapper)
      listener.apply(this, args)
    }
    wrapper.listener = listener
    return this.on(type, wrapper)
  }

  removeListener(type: string | symbol, listener: Listener): this {
    const list = this.events.get(type)
    if (!list) return this
    const i = list.findIndex((l) => l === listener || l.listener === listener)
    if (i >= 0) list.splice(i, 1)
    if (list.length === 0) this.events.delete(type)
    return this
  }

  off(type: string | symbol, listener: Listener): this {
    return this.removeListener(type, listener)
  }

  removeAllListeners(type?: string | symbol): this {
    if (type === undefined) this.events.clear()
    else this.events.delete(type)
    return this
  }

  emit(type: string | symbol, ...args: unknown[]): boolean {
    const list = this.events.get(type)
    if (!list || list.length === 0) {
      if (type === 'error') throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error: ${String(args[0])}`)
      return false
    }
    for (const listener of [...list]) listener.apply(this, args)
    return true
  }

  listeners(type: string | symbol): Listener[] {
    return (this.events.get(type) ?? []).map((l) => l.listener ?? l)
  }

  listenerCount(type: string | symbol): number {
    return this.events.get(type)?.length ?? 0
  }

  eventNames(): (string | symbol)[] {
    return [...this.events.keys()]
  }

  setMaxListeners(n: number): this {
    this.maxListeners = n
    return this
  }

  getMaxListeners(): number {
    return this.maxListeners
  }
}

// Node's methods are enumerable (prototype assignments); PouchDB copies them with Object.keys.
for (const key of Object.getOwnPropertyNames(EventEmitter.prototype)) {
  if (key !== 'constructor') Object.defineProperty(EventEmitter.prototype, key, { enumerable: true })
}

export { EventEmitter }
