/**
 * A counter of the writes that went through this process, for caches that may trust
 * "nothing changed since" without asking the database. Every transaction that is not
 * read-only (rpc POSTs, auth, admin commands, jobs) and every raw session bumps it when
 * it ends, so a reader that noted the epoch before its own read knows whether a write
 * may have landed since. Only meaningful when this process is the only writer (PGlite).
 */
import type { Database } from '../../db/database.ts'

export interface WriteEpoch {
  readonly value: number
}

/** The same database (its other methods too, such as test hooks), counting writes. */
export function withWriteEpoch<D extends Database>(db: D): { db: D; epoch: WriteEpoch } {
  const epoch = { value: 0 }
  const bumpAfter = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work
    } finally {
      epoch.value++
    }
  }
  const wrapped = Object.create(db) as D
  const overrides: Pick<Database, 'transaction' | 'session'> = {
    transaction: (fn, options = {}) => (options.readOnly ? db.transaction(fn, options) : bumpAfter(db.transaction(fn, options))),
    session: (fn) => bumpAfter(db.session(fn)),
  }
  Object.assign(wrapped, overrides)
  return { db: wrapped, epoch }
}
