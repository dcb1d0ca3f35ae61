/**
 * The outbox: every pin goes here first (IndexedDB), then to the server. It is sent
 * at once, again when the browser comes back online, at app start, and on a timer
 * with backoff; pin_need treats the client-made id as idempotent, so a send repeated
 * after a lost answer still makes exactly one need. A refusal that the person must
 * fix (a 4xx other than 401, 408 and 429) moves the item to "couldn't send" with the
 * reason (a 429 keeps it waiting, with the reason shown); nothing is ever dropped without the person choosing to discard it.
 */
import { createSignal, onCleanup, type Accessor } from 'solid-js'
import type { NeedRecord, PinRequest } from '../../data/needs.ts'
import { ApiError } from '../../data/rpc.ts'
import { humanMessage, isRetryable } from './errors.ts'
import { outboxStore, type OutboxItem, type OutboxStore } from './outboxStore.ts'

/** Backoff between automatic retries: 2 s doubling to at most a minute. */
export const backoffMs = (attempts: number) => Math.min(60_000, 2000 * 2 ** Math.max(0, attempts - 1))

export interface Outbox {
  items: Accessor<OutboxItem[]>
  /** Saves a pin and tries to send it; resolves with the need, or null if it waits/failed. */
  add(pin: PinRequest, street?: string | null): Promise<NeedRecord | null>
  /** Tries every waiting item now (also "try again" on a failed one, after a fix). */
  flush(): Promise<void>
  retry(id: string, changes?: Partial<PinRequest>): Promise<NeedRecord | null>
  discard(id: string): Promise<void>
}

export interface OutboxOptions {
  send(pin: PinRequest): Promise<NeedRecord>
  onSent?(need: NeedRecord): void
  store?: OutboxStore
  /** Whether timers and the online listener run (off in some tests). */
  auto?: boolean
  /**
   * After a first send that got no answer, how long to wait before each quick resend
   * (default 1 s then 3 s; none when auto is off). The answer may have been lost after
   * the server stored the pin: the same id confirms it, so the resident is told "on the
   * map" rather than "No connection". Skipped when the browser knows it is offline.
   */
  confirmRetriesMs?: number[]
}

export function createOutbox(options: OutboxOptions): Outbox {
  const store = options.store ?? outboxStore
  const [items, setItems] = createSignal<OutboxItem[]>([])
  const sending = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let disposed = false

  const reload = async () => setItems(await store.all())

  const schedule = () => {
    if (options.auto === false || disposed) return
    clearTimeout(timer)
    const waiting = items().filter((i) => i.state === 'waiting')
    if (waiting.length === 0) return
    const delay = Math.min(...waiting.map((i) => backoffMs(i.attempts)))
    timer = setTimeout(() => void flush(), delay)
  }

  /** One send of one item; never two at once for the same id. */
  const sendOne = async (item: OutboxItem): Promise<NeedRecord | null> => {
    if (sending.has(item.id)) return null
    sending.add(item.id)
    try {
      const need = await options.send({ id: item.id, category: item.category, body: item.body, lon: item.lon, lat: item.lat })
      await store.remove(item.id)
      options.onSent?.(need)
      return need
    } catch (error) {
      const next: OutboxItem = isRetryable(error)
        ? { ...item, state: 'waiting', message: error instanceof ApiError && !error.unreachable ? humanMessage(error) : null, attempts: item.attempts + 1 }
        : { ...item, state: 'failed', message: humanMessage(error), attempts: item.attempts + 1 }
      await store.put(next)
      return null
    } finally {
      sending.delete(item.id)
    }
  }

  let flushing: Promise<void> | null = null
  const flush = (): Promise<void> => {
    flushing ??= (async () => {
      try {
        for (const item of await store.all()) if (item.state === 'waiting') await sendOne(item)
      } finally {
        await reload()
        flushing = null
        schedule()
      }
    })()
    return flushing
  }

  const add = async (pin: PinRequest, street: string | null = null) => {
    const item: OutboxItem = { ...pin, state: 'waiting', message: null, street, attempts: 0, created_at: new Date().toISOString() }
    await store.put(item)
    await reload()
    let need = await sendOne(item)
    for (const wait of options.confirmRetriesMs ?? (options.auto === false ? [] : [1000, 3000])) {
      if (need || (typeof navigator !== 'undefined' && navigator.onLine === false)) break
      const now = (await store.all()).find((i) => i.id === item.id)
      // Quick resends are for an answer that never came; a server that answered (a 429
      // with its reason) is not asked again at once, so the sheet says so without delay.
      if (!now || now.state !== 'waiting' || now.message) break
      await new Promise((resolve) => setTimeout(resolve, wait))
      need = await sendOne(now)
    }
    await reload()
    schedule()
    return need
  }

  const retry = async (id: string, changes: Partial<PinRequest> = {}) => {
    const item = (await store.all()).find((i) => i.id === id)
    if (!item) return null
    const updated: OutboxItem = { ...item, ...changes, id: item.id, state: 'waiting', message: null }
    await store.put(updated)
    const need = await sendOne(updated)
    await reload()
    schedule()
    return need
  }

  const discard = async (id: string) => {
    await store.remove(id)
    await reload()
  }

  if (options.auto !== false && typeof window !== 'undefined') {
    const online = () => void flush()
    window.addEventListener('online', online)
    onCleanup(() => {
      disposed = true
      clearTimeout(timer)
      window.removeEventListener('online', online)
    })
  }
  // App start: whatever an earlier visit left behind.
  // eslint-disable-next-line solid/reactivity -- a one-off send at start, not a derived value
  void flush()

  return { items, add, flush, retry, discard }
}
