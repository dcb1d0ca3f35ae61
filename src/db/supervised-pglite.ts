/**
 * The server's PGlite, supervised. The engine runs in a worker thread (src/db/pglite-worker.ts)
 * so HTTP keeps answering while a statement runs, and every statement has a watchdog.
 * When the engine reaches a state it cannot serve from (its thread died or threw, a
 * statement outlived the watchdog, trivial statements fail with 54001/25P02/XX000, a
 * transaction stayed open after its request), the thread is terminated and a new one
 * opens the same data folder. Nothing acknowledged is lost: a commit is acknowledged only
 * after PGlite wrote its WAL with write(2), which outlives the thread (as it outlives
 * kill -9, tests/server/durability.test.ts). Callers caught in between get
 * DatabaseUnavailableError (a 503 with Retry-After), never a hang.
 */
import { Worker } from 'node:worker_threads'
import {
  DatabaseUnavailableError,
  inTransaction,
  SerialQueue,
  type Database,
  type DatabaseStatus,
  type Queryable,
} from './database.ts'
import type { BreakHow, Command, Reply, SqlErrorFields, WorkerData } from './pglite-worker.ts'

export interface SupervisorLog {
  warn(message: string): void
  error(message: string, error?: unknown): void
}

export interface SupervisedOptions {
  maxQueued?: number
  /** A request's statement running longer than this is taken as hung (default 30 s). */
  queryTimeoutMs?: number
  /** The same for start-up work (migrations, the demo seed) and daily jobs (default 15 min). */
  sessionTimeoutMs?: number
  log?: SupervisorLog
  /** Lets breakEngine() break the engine on purpose (tests and the soak bench only). */
  testHooks?: boolean
}

export interface SupervisedDatabase extends Database {
  /** Test hook: breaks the engine as named (needs testHooks). */
  breakEngine(how: BreakHow): Promise<void>
  /** Resolves once the engine serves again (at once when it does). */
  whenServing(): Promise<void>
}

/** An SQL error from the engine, with the fields PostgREST reports. */
export class EngineSqlError extends Error {
  readonly code?: string
  readonly detail?: string
  readonly hint?: string
  constructor(fields: SqlErrorFields) {
    super(fields.message)
    Object.assign(this, fields)
  }
}

/** The engine cannot answer: the supervisor replaces it. */
class EngineFailure extends Error {}

/** Statements that fail like this on `select 1` mean the engine itself is broken. */
const SUSPECT_CODES = new Set(['54001', '25P02', 'XX000', '58P01'])

/** One worker thread running PGlite, and the replies it owes. */
class EngineThread {
  private readonly pending = new Map<number, { resolve: (reply: Reply & { ok: true }) => void; reject: (error: Error) => void; timer?: NodeJS.Timeout }>()
  private nextId = 1
  private dead: string | undefined

  private constructor(
    private readonly worker: Worker,
    private readonly onDeath: (thread: EngineThread, reason: string) => void,
  ) {
    worker.on('message', (reply: Reply) => this.settle(reply))
    worker.on('error', (error) => this.die(`the engine thread threw: ${error.message}`))
    worker.on('exit', (code) => this.die(`the engine thread exited (code ${code})`))
  }

  static start(data: WorkerData, onDeath: (thread: EngineThread, reason: string) => void): Promise<EngineThread> {
    const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: data })
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        void worker.terminate()
        reject(error)
      }
      worker.once('message', (first: { ready?: true; openFailed?: string }) => {
        worker.off('error', fail)
        if (first.ready) resolve(new EngineThread(worker, onDeath))
        else fail(new Error(`The database engine did not open: ${first.openFailed}`))
      })
      worker.once('error', fail)
    })
  }

  call(request: Command, timeoutMs: number): Promise<Reply & { ok: true }> {
    if (this.dead) return Promise.reject(new EngineFailure(this.dead))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const entry: { resolve: typeof resolve; reject: typeof reject; timer?: NodeJS.Timeout } = { resolve, reject }
      if (Number.isFinite(timeoutMs)) {
        entry.timer = setTimeout(() => this.die(`a statement ran longer than ${timeoutMs / 1000} s`), timeoutMs)
      }
      this.pending.set(id, entry)
      this.worker.postMessage({ ...request, id })
    })
  }

  private settle(reply: Reply) {
    const entry = this.pending.get(reply.id)
    if (!entry) return
    this.pending.delete(reply.id)
    clearTimeout(entry.timer)
    if (reply.ok) return entry.resolve(reply)
    if (reply.fatal) {
      entry.reject(new EngineFailure(`the engine failed: ${reply.error.message}`))
      this.die(`the engine failed: ${reply.error.message}`)
      return
    }
    entry.reject(new EngineSqlError(reply.error))
  }

  /** Marks the thread dead, fails every reply it owes, tells the supervisor (once). */
  private die(reason: string) {
    if (this.dead) return
    this.dead = reason
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer)
      entry.reject(new EngineFailure(reason))
    }
    this.pending.clear()
    this.onDeath(this, reason)
  }

  /** Ends the thread now, whatever it is doing (a busy WebAssembly loop included). */
  async terminate(): Promise<void> {
    this.dead ??= 'terminated'
    await this.worker.terminate()
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** PGlite + PostGIS persisted in dataDir, in a supervised worker thread. */
export async function openSupervisedPglite(dataDir: string | undefined, options: SupervisedOptions = {}): Promise<SupervisedDatabase> {
  const log: SupervisorLog = options.log ?? { warn: console.warn, error: console.error }
  const queryTimeoutMs = options.queryTimeoutMs ?? 30_000
  const sessionTimeoutMs = options.sessionTimeoutMs ?? 15 * 60_000
  const data: WorkerData = { dataDir, testHooks: options.testHooks ?? false }
  const queue = new SerialQueue(options.maxQueued ?? 256)
  const status: DatabaseStatus = { serving: true, state: 'serving', recoveries: 0 }

  let recovery: Promise<void> = Promise.resolve()
  let openTransaction = false
  const start = () => EngineThread.start(data, (dead, reason) => void replace(dead, reason))
  let thread = await start()

  /** Swaps a broken engine for a new one on the same data folder (once per failure). */
  function replace(broken: EngineThread, reason: string): Promise<void> {
    if (broken !== thread || status.state !== 'serving') return recovery
    status.serving = false
    status.state = 'recovering'
    const startedAt = performance.now()
    status.lastFailure = { reason, at: new Date().toISOString() }
    log.warn(`Database engine cannot serve (${reason}); restarting it on the same data folder…`)
    recovery = (async () => {
      await broken.terminate()
      for (let attempt = 1; status.state === 'recovering'; attempt++) {
        try {
          const fresh = await start()
          if (status.state !== 'recovering') return void (await fresh.terminate())
          thread = fresh
          openTransaction = false
          break
        } catch (error) {
          log.error(`Reopening the database engine failed (attempt ${attempt})`, error)
          await sleep(Math.min(500 * attempt, 5000))
        }
      }
      if (status.state !== 'recovering') return
      const recoveryMs = Math.round(performance.now() - startedAt)
      status.lastFailure = { reason, at: status.lastFailure!.at, recoveryMs }
      status.recoveries++
      status.serving = true
      status.state = 'serving'
      log.warn(`Database engine serving again after ${(recoveryMs / 1000).toFixed(1)} s (recovery ${status.recoveries}).`)
    })()
    return recovery
  }

  async function call(request: Command, timeoutMs: number): Promise<Reply & { ok: true }> {
    if (!status.serving) throw new DatabaseUnavailableError()
    const current = thread
    try {
      const reply = await current.call(request, timeoutMs)
      openTransaction = reply.inTransaction
      return reply
    } catch (error) {
      if (error instanceof EngineFailure) {
        void replace(current, error.message)
        throw new DatabaseUnavailableError()
      }
      throw error
    }
  }

  const connection = (timeoutMs: number): Queryable => ({
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: ((await call({ op: 'query', sql, params }, timeoutMs)).rows ?? []) as T[] }),
    exec: (sql: string) => call({ op: 'exec', sql }, timeoutMs),
  })

  /**
   * After each piece of work: the session must be outside any transaction, and an error
   * that can mean a broken engine is checked with a trivial statement. Either failing
   * replaces the engine, so the next request never inherits a dirty session.
   */
  async function verifyClean(error: unknown): Promise<void> {
    if (!status.serving) return
    const current = thread
    try {
      if (openTransaction) {
        await call({ op: 'exec', sql: 'rollback' }, queryTimeoutMs)
        if (openTransaction) throw new Error('a transaction stayed open after rollback')
        log.warn('A request left its transaction open; rolled it back.')
      }
      const code = (error as { code?: unknown })?.code
      if (typeof code === 'string' && SUSPECT_CODES.has(code)) await call({ op: 'query', sql: 'select 1' }, queryTimeoutMs)
    } catch (probe) {
      if (probe instanceof DatabaseUnavailableError) return
      const detail = (probe as { code?: string }).code ?? ''
      void replace(current, `the session cannot run trivial statements (${detail} ${(probe as Error).message})`.replace('( ', '('))
    }
  }

  async function supervised<T>(timeoutMs: number, work: (conn: Queryable) => Promise<T>): Promise<T> {
    if (!status.serving) throw new DatabaseUnavailableError()
    if (openTransaction) await verifyClean(undefined)
    let result: T
    try {
      result = await work(connection(timeoutMs))
    } catch (error) {
      await verifyClean(error)
      // An error that turned out to mean a broken engine is the engine's, not the request's.
      throw status.serving || error instanceof DatabaseUnavailableError ? error : new DatabaseUnavailableError()
    }
    await verifyClean(undefined)
    return result
  }

  return {
    engine: 'pglite',
    transaction: (fn, txOptions = {}) => {
      // While the engine is replaced, answer at once instead of queueing behind it.
      if (!status.serving) return Promise.reject(new DatabaseUnavailableError())
      return queue.run(() => supervised(queryTimeoutMs, (conn) => inTransaction(conn, fn, txOptions)), txOptions.signal)
    },
    session: (fn) => queue.run(() => supervised(sessionTimeoutMs, fn)),
    status: () => ({ ...status, lastFailure: status.lastFailure && { ...status.lastFailure } }),
    whenServing: async () => {
      while (status.state === 'recovering') await recovery
    },
    breakEngine: async (how) => {
      if (!data.testHooks) throw new Error('breakEngine needs testHooks')
      await call({ op: 'break', how }, queryTimeoutMs).catch(() => undefined)
    },
    close: async () => {
      if (status.state === 'closed') return
      // Closed while being replaced: stop the replacement (it may never succeed) and end.
      const replacing = status.state === 'recovering'
      status.serving = false
      status.state = 'closed'
      await recovery
      if (replacing) return void (await thread.terminate())
      // Work already queued is answered 503; then PGlite closes cleanly (a checkpoint).
      await queue.run(async () => {
        await thread.call({ op: 'close' }, 60_000).catch((error) => log.error('Closing the database engine failed', error))
        await thread.terminate()
      })
    },
  }
}
