/**
 * One PGlite + PostGIS database per test file, migrated (and optionally seeded with
 * the demo town), and a way to run statements as an API role with JWT claims inside
 * a transaction that is always rolled back, so tests never see each other's writes.
 */
import type { PGlite } from '@electric-sql/pglite'
import { migrate, loadDemoData } from '../../src/db/migrations.ts'
import { createPglite } from '../../src/db/pglite.ts'

export async function createTestDatabase(options: { demo?: boolean } = {}): Promise<PGlite> {
  const db = await createPglite()
  await migrate(db)
  if (options.demo) await loadDemoData(db)
  return db
}

export interface Caller {
  role: 'anon' | 'authenticated' | 'service_role'
  sub?: string
  is_anonymous?: boolean
}

export const anon: Caller = { role: 'anon' }
export const resident = (sub: string, is_anonymous = true): Caller => ({ role: 'authenticated', sub, is_anonymous })
export const member = (sub: string): Caller => ({ role: 'authenticated', sub, is_anonymous: false })

/** Rolls back whatever fn did; rethrows fn's error after the rollback. */
export async function rolledBack<T>(db: PGlite, fn: (tx: PGlite) => Promise<T>): Promise<T> {
  await db.exec('begin')
  try {
    return await fn(db)
  } finally {
    await db.exec('rollback')
  }
}

/** Switches the current transaction to an API role with these claims, as PostgREST does. */
export async function actAs(db: PGlite, caller: Caller): Promise<void> {
  await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(caller)])
  await db.exec(`set local role ${caller.role}`)
}

/** Back to the superuser inside the same transaction (to inspect or arrange data). */
export async function actAsOwner(db: PGlite): Promise<void> {
  await db.exec('reset role')
}
