/**
 * Briefs are the same on both engines: the demo town on PGlite + PostGIS (the embedded
 * backend) and on a Postgres + PostGIS server give exactly the same briefs, ids, needs
 * and demand, and the same clusters for every category. Without a Postgres server the
 * comparison skips loudly (or fails under STREETLEVEL_REQUIRE_ALL=1).
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PGlite } from '@electric-sql/pglite'
import { loadDemoData, migrate, type SqlClient } from '../../src/db/migrations.ts'
import { engineAvailable, pgConfig, postgresWithPostgis } from '../helpers/engines.ts'
import { createTestDatabase } from '../helpers/pglite.ts'

const hasPostgres = engineAvailable('briefs on Postgres (tests/db/briefs-engines.test.ts)', await postgresWithPostgis(),
  `no Postgres + PostGIS server answers at ${pgConfig.host}:${pgConfig.port}`)
const database = `streetlevel_briefs_${process.pid}`
// Every need's cluster, and every listed brief: a change in either shows here.
const MEMBERS = `select coalesce(jsonb_agg(jsonb_build_array(m.brief_id, m.need_id) order by m.need_id), '[]') as r
                 from private.brief_members(400, null) m`
const LISTED = `select jsonb_path_query_array(public.list_briefs(min_demand => 1), '$[*] ? (@.needs > 0)') as r`

let lite: PGlite
let admin: pg.Client
let client: pg.Client

const one = async (db: SqlClient, sql: string) => (await db.query<{ r: unknown }>(sql)).rows[0].r

describe.runIf(hasPostgres)('briefs on PGlite and Postgres', () => {
  beforeAll(async () => {
    lite = await createTestDatabase({ demo: true })
    admin = new pg.Client({ ...pgConfig, database: 'postgres' })
    await admin.connect()
    await admin.query(`create database ${database}`)
    client = new pg.Client({ ...pgConfig, database })
    await client.connect()
    const db: SqlClient = { exec: (sql) => client.query(sql), query: async (sql, params) => ({ rows: (await client.query(sql, params)).rows }) }
    await migrate(db)
    await loadDemoData(db)
  }, 300_000)

  afterAll(async () => {
    await lite?.close()
    await client?.end()
    await admin?.query(`drop database if exists ${database} with (force)`)
    await admin?.end()
  })

  it('puts every need in the same cluster on both engines', async () => {
    const a = (await one(lite, MEMBERS)) as [string, string][]
    const b = await one({ exec: (s) => client.query(s), query: async (s) => ({ rows: (await client.query(s)).rows }) }, MEMBERS)
    expect(a.length).toBeGreaterThan(100)
    expect(a).toEqual(b)
  })

  it('lists the same briefs, with the same figures but for the clock', async () => {
    const strip = (xs: Record<string, unknown>[]) => xs.map((x) => Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'days_unmet')))
    const a = (await one(lite, LISTED)) as Record<string, unknown>[]
    const b = (await client.query(LISTED)).rows[0].r as Record<string, unknown>[]
    expect(a.length).toBeGreaterThan(10)
    expect(strip(a)).toEqual(strip(b))
  })
})
