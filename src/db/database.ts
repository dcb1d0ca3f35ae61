/**
 * The database behind the API: PGlite + PostGIS in the data folder (one connection, so
 * requests queue and run one at a time), or a real Postgres + PostGIS through a pg Pool
 * when DATABASE_URL is set (requests then run in parallel).
 *
 * Durability on PGlite: it runs Postgres with fsync off, and its Node filesystem writes
 * with plain write(2), never fsync. A committed transaction's WAL is therefore in the
 * operating system's page cache before the commit returns, so it survives the process
 * being killed (SIGKILL, OOM killer, a crash), which tests/server/durability.test.ts
 * proves; it does not survive the machine losing power. Use DATABASE_URL for that.
 */
import pg from 'pg'
import { createPglite } from './pglite.ts'

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>
  exec(sql: string): Promise<unknown>
}

export interface TransactionOptions {
  readOnly?: boolean
  /** Aborted when the client has gone: work still waiting for its turn is dropped. */
  signal?: AbortSignal
}

/** Whether the engine can serve now (`/healthz`), and what happened to it last. */
export interface DatabaseStatus {
  serving: boolean
  state: 'serving' | 'recovering' | 'closed'
  /** Times the engine was replaced since start. */
  recoveries: number
  lastFailure?: { reason: string; at: string; recoveryMs?: number }
}

export interface Database {
  readonly engine: 'pglite' | 'postgres'
  /** One transaction: committed if fn resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>
  /** One connection to oneself, outside any transaction (migrations manage their own). */
  session<T>(fn: (conn: Queryable) => Promise<T>): Promise<T>
  status(): DatabaseStatus
  close(): Promise<void>
}

/** Too many requests already wait for the single PGlite connection. */
export class DatabaseBusyError extends Error {
  constructor() {
    super('The database is busy; try again shortly.')
  }
}

/** The engine is being replaced (or is closed): try again in a moment. */
export class DatabaseUnavailableError extends DatabaseBusyError {
  constructor(readonly retryAfterSeconds = 2) {
    super()
    this.message = 'The database is restarting; try again shortly.'
  }
}

/** The client went away before its work reached the database; nobody waits for an answer. */
export class ClientGoneError extends Error {
  constructor() {
    super('The client closed the connection before its request ran.')
  }
}

/** Runs tasks one after another, refusing new ones when too many wait. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()
  private waiting = 0

  constructor(private readonly maxWaiting: number) {}

  get length(): number {
    return this.waiting
  }

  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.waiting >= this.maxWaiting) return Promise.reject(new DatabaseBusyError())
    this.waiting++
    const result = this.tail.then(() => {
      this.waiting--
      if (signal?.aborted) throw new ClientGoneError()
      return task()
    })
    this.tail = result.catch(() => undefined)
    return result
  }
}

export async function inTransaction<T>(conn: Queryable, fn: (tx: Queryable) => Promise<T>, options: TransactionOptions) {
  await conn.exec(options.readOnly ? 'begin read only' : 'begin')
  try {
    const result = await fn(conn)
    await conn.exec('commit')
    return result
  } catch (error) {
    await conn.exec('rollback').catch(() => undefined)
    throw error
  }
}

/**
 * PGlite + PostGIS persisted in dataDir (in memory when dataDir is undefined), in this
 * thread: for the importer and the admin command. The server uses openSupervisedPglite.
 */
export async function openPglite(dataDir: string | undefined, options: { maxQueued?: number } = {}): Promise<Database> {
  // relaxedDurability false: wait for the filesystem after each query (for the Node
  // filesystem a no-op today, but the safe choice should PGlite ever buffer writes).
  const db = await createPglite(dataDir, { relaxedDurability: false })
  const queue = new SerialQueue(options.maxQueued ?? 256)
  const raw: Queryable = {
    query: (sql, params) => db.query(sql, params) as never,
    exec: (sql) => db.exec(sql),
  }
  return {
    engine: 'pglite',
    transaction: (fn, txOptions = {}) => queue.run(() => inTransaction(raw, fn, txOptions), txOptions.signal),
    session: (fn) => queue.run(() => fn(raw)),
    status: () => ({ serving: !db.closed, state: db.closed ? 'closed' : 'serving', recoveries: 0 }),
    close: () => queue.run(() => db.close()),
  }
}

/** A pool of connections to a real Postgres + PostGIS. */
export async function openPostgres(connectionString: string, options: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, application_name: 'streetlevel' })
  // An idle connection dropped by the server must not crash the process.
  pool.on('error', (error) => console.error('Postgres connection lost:', error.message))
  await pool.query('select 1')
  const withClient = async <T>(fn: (conn: Queryable) => Promise<T>): Promise<T> => {
    const client = await pool.connect()
    let broken: Error | undefined
    try {
      const conn: Queryable = {
        query: (sql, params) => client.query(sql, params) as never,
        exec: (sql) => client.query(sql),
      }
      return await fn(conn)
    } catch (error) {
      // A connection-level failure (not an SQL error) must not go back into the pool.
      if (!(error as { code?: string }).code) broken = error as Error
      throw error
    } finally {
      client.release(broken)
    }
  }
  return {
    engine: 'postgres',
    transaction: (fn, txOptions = {}) => withClient((conn) => inTransaction(conn, fn, txOptions)),
    session: withClient,
    status: () => ({ serving: !pool.ended, state: pool.ended ? 'closed' : 'serving', recoveries: 0 }),
    close: () => pool.end(),
  }
}
