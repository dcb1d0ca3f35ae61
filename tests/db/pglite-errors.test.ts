/**
 * PGlite 0.5.8 leaked WebAssembly stack on every failed statement and wedged after
 * ~1,900 of them (54001, then 25P02, then a RuntimeError). This drives each kind of
 * failure well past that point, as the server sees them, and asserts the engine still
 * answers and its stack pointer is where it started.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PGlite } from '@electric-sql/pglite'
import { createPglite } from '../../src/db/pglite.ts'

const FAILURES = 4000 // the unpatched engine fails at 1,869 (`select 1/0`) to 2,977 (PL/pgSQL in a transaction)

let db: PGlite
const stackPointer = () => (db.Module as unknown as { ___stack_pointer: WebAssembly.Global }).___stack_pointer.value as number

beforeAll(async () => {
  db = await createPglite()
  await db.exec(`
    create extension postgis;
    create role api_user nologin;
    create table secret (id int);
    create function refuse() returns int language plpgsql as $$
      begin raise exception 'Too many pins this hour' using errcode = 'PT429'; end $$;
    create function bad_bbox(x double precision) returns int language plpgsql as $$
      begin perform st_makeenvelope(x, x, x, x, 4326)::geography; return 1 / 0; end $$;`)
}, 120_000)

afterAll(async () => {
  await db?.close()
})

/** Runs FAILURES calls, cycling through the given [statement, expected SQLSTATE] pairs. */
async function expectFailures(run: (sql: string) => Promise<unknown>, kinds: Array<[string, string]>) {
  for (let i = 0; i < FAILURES; i++) {
    const [sql, code] = kinds[i % kinds.length]
    const error = await run(sql).then(() => undefined, (e: { code?: string }) => e)
    if (error?.code !== code) throw new Error(`call ${i}: expected ${code}, got ${error?.code ?? 'success'} (${String((error as Error)?.message)})`)
  }
}

describe('PGlite after thousands of failed statements', () => {
  it('plain errors: every later call succeeds and no stack is left behind', async () => {
    const before = stackPointer()
    await expectFailures((sql) => db.query(sql), [['select 1/0', '22012']])
    expect(stackPointer()).toBe(before)
    expect((await db.query<{ x: number }>('select 1 as x')).rows).toEqual([{ x: 1 }])
  }, 120_000)

  it('errors raised inside PL/pgSQL and PostGIS within a role-switched transaction, as each API request runs', async () => {
    const before = stackPointer()
    const request = async (sql: string) => {
      await db.exec('begin')
      try {
        await db.query(`select set_config('role', 'api_user', true), set_config('request.jwt.claims', '{}', true)`)
        return await db.query(sql)
      } finally {
        await db.exec('rollback')
      }
    }
    await expectFailures(request, [
      ['select refuse()', 'PT429'],
      ['select bad_bbox(1)', '22012'],
      ['select * from secret', '42501'],
    ])
    expect(stackPointer()).toBe(before)
    expect(db.isInTransaction()).toBe(false)
    for (let i = 0; i < 50; i++) expect((await request('select 1 as x')).rows).toEqual([{ x: 1 }])
  }, 180_000)
})
