/**
 * The outbox's storage: needs pinned on this device that the server does not have yet,
 * in IndexedDB, so they survive a reload or a closed tab. One record per client-made id.
 */
import type { PinRequest } from '../../data/needs.ts'

export type OutboxState = 'waiting' | 'failed'

export interface OutboxItem extends PinRequest {
  state: OutboxState
  /** Why the server refused it (state "failed"), in words for the resident. */
  message: string | null
  /** Street name shown while it waits, when known. */
  street: string | null
  attempts: number
  created_at: string
}

const DB = 'streetlevel'
const STORE = 'outbox'

let opening: Promise<IDBDatabase> | undefined
function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB, 1)
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'id' })
    }
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('The outbox could not be opened.'))
  })
  opening.catch(() => (opening = undefined))
  return opening
}

async function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open()
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode)
    const req = fn(tx.objectStore(STORE))
    // Resolve on commit, not on the request, so a reload right after cannot lose the write.
    tx.oncomplete = () => resolve(req.result)
    tx.onerror = () => reject(tx.error ?? new Error('The outbox could not be written.'))
    tx.onabort = () => reject(tx.error ?? new Error('The outbox write was aborted.'))
  })
}

export const outboxStore = {
  put: (item: OutboxItem) => run('readwrite', (s) => s.put(item)).then(() => undefined),
  remove: (id: string) => run('readwrite', (s) => s.delete(id)).then(() => undefined),
  all: async (): Promise<OutboxItem[]> =>
    (await run('readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>)).sort((a, b) => a.created_at.localeCompare(b.created_at)),
  /** For tests: forget the open connection (fake-indexeddb is reset between them). */
  reset: () => {
    opening = undefined
  },
}
export type OutboxStore = typeof outboxStore
