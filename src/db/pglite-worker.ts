/**
 * PGlite in a worker thread: the server's event loop stays free while a statement runs
 * (static files, glyphs and other requests keep being answered), and a hung or broken
 * engine can be terminated and replaced without ending the process.
 *
 * Messages in: {id, op: 'query' | 'exec', sql, params} and {id, op: 'close'}; with test
 * hooks on, {id, op: 'break', how} breaks the engine on purpose. Messages out: {ready} or
 * {openFailed}, then one {id, ok, ...} per message, always with `inTransaction`, so the
 * supervisor sees at once whether the session was left inside a transaction.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { PGlite } from '@electric-sql/pglite'
import { createPglite } from './pglite.ts'

export interface WorkerData {
  dataDir: string | undefined
  testHooks: boolean
}

/** How the tests break the engine: an uncaught throw, the thread exiting, a statement
 * that never returns, or the stack exhausted (every statement then fails with 54001). */
export type BreakHow = 'throw' | 'exit' | 'hang' | 'stack'

export type Command =
  | { op: 'query'; sql: string; params?: unknown[] }
  | { op: 'exec'; sql: string }
  | { op: 'close' }
  | { op: 'break'; how: BreakHow }

export type Request = Command & { id: number }

export interface SqlErrorFields {
  code?: string
  message: string
  detail?: string
  hint?: string
  where?: string
  position?: string
  schema?: string
  table?: string
  column?: string
  constraint?: string
}

export type Reply =
  | { id: number; ok: true; rows?: unknown[]; inTransaction: boolean }
  | { id: number; ok: false; error: SqlErrorFields; fatal: boolean; inTransaction: boolean | null }

const port = parentPort!
const { dataDir, testHooks } = workerData as WorkerData

/** An SQL error is a Postgres answer; anything else (a WASM RuntimeError) means the engine is broken. */
function describe(error: unknown): { error: SqlErrorFields; fatal: boolean } {
  const e = error as SqlErrorFields & { name?: string }
  const isSql = typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)
  const fields: SqlErrorFields = { message: String(e?.message ?? error) }
  for (const key of ['code', 'detail', 'hint', 'where', 'position', 'schema', 'table', 'column', 'constraint'] as const) {
    if (typeof e?.[key] === 'string') fields[key] = e[key]
  }
  if (!isSql) fields.message = `${e?.name ?? 'Error'}: ${fields.message}`
  return { error: fields, fatal: !isSql }
}

function inTransaction(db: PGlite): boolean | null {
  try {
    return db.isInTransaction()
  } catch {
    return null
  }
}

function breakEngine(db: PGlite, how: BreakHow): void {
  if (how === 'throw') setImmediate(() => { throw new Error('test hook: the engine threw') })
  if (how === 'exit') process.exit(70)
  if (how === 'hang') for (;;) { /* a statement that never returns */ }
  if (how === 'stack') {
    const stack = (db.Module as unknown as { ___stack_pointer: WebAssembly.Global }).___stack_pointer
    stack.value = (stack.value as number) - 4 * 1024 * 1024
  }
}

async function main() {
  let db: PGlite
  try {
    db = await createPglite(dataDir, { relaxedDurability: false })
  } catch (error) {
    port.postMessage({ openFailed: describe(error).error.message })
    return
  }
  const answer = async (request: Request) => {
    try {
      if (request.op === 'query') {
        const { rows } = await db.query(request.sql, request.params)
        port.postMessage({ id: request.id, ok: true, rows, inTransaction: db.isInTransaction() } satisfies Reply)
      } else if (request.op === 'exec') {
        await db.exec(request.sql)
        port.postMessage({ id: request.id, ok: true, inTransaction: db.isInTransaction() } satisfies Reply)
      } else if (request.op === 'close') {
        await db.close()
        port.postMessage({ id: request.id, ok: true, inTransaction: false } satisfies Reply)
      } else if (request.op === 'break' && testHooks) {
        breakEngine(db, request.how)
        port.postMessage({ id: request.id, ok: true, inTransaction: inTransaction(db) ?? false } satisfies Reply)
      } else {
        throw new Error(`unknown request ${JSON.stringify(request)}`)
      }
    } catch (error) {
      port.postMessage({ id: request.id, ok: false, ...describe(error), inTransaction: inTransaction(db) } satisfies Reply)
    }
  }
  // answer() replies to every request itself, failures included.
  port.on('message', (request: Request) => void answer(request))
  port.postMessage({ ready: true })
}

await main()
