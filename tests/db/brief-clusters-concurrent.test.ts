/**
 * The briefs' clustering cache under concurrent writes, on a Postgres server (PGlite has
 * one connection): two pins at once, each merging two clusters that share one, leave one
 * cluster under one id, equal to the cache built from scratch and to today's clustering
 * (20261204001000: upkeep holds private.lock_gap_caches, the second pin waits and then
 * sees the first). Without a Postgres server this skips loudly (or fails under
 * STREETLEVEL_REQUIRE_ALL=1).
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData, migrate, type SqlClient } from '../../src/db/migrations.ts'
import { engineAvailable, pgConfig, postgresWithPostgis } from '../helpers/engines.ts'
import { installLegacyGaps } from '../helpers/legacyGaps.ts'

const hasPostgres = engineAvailable('concurrent briefs upkeep (tests/db/brief-clusters-concurrent.test.ts)',
  await postgresWithPostgis(), `no Postgres + PostGIS server answers at ${pgConfig.host}:${pgConfig.port}`)
const database = `streetlevel_brief_clusters_${process.pid}`

let admin: pg.Client
let a: pg.Client
let b: pg.Client

const asSql = (c: pg.Client): SqlClient => ({ exec: (s) => c.query(s), query: async (s, p) => ({ rows: (await c.query(s, p)).rows }) })

// A need 'metres' east of a point about 4 km east of the demo town, far from every provider.
const PIN = `
  insert into public.needs (id, category, body, street_id, public_geom, created_at)
  select gen_random_uuid(), 'food', 'A concurrent need', (select id from public.streets order by id offset $3 limit 1),
         extensions.st_project(extensions.st_setsrid(extensions.st_makepoint(
           (select max(extensions.st_x(public_geom::extensions.geometry)) from public.needs where body <> 'A concurrent need') + 0.06,
           54.08), 4326)::extensions.geography, $1::float8, radians(90)),
         $2::timestamptz
  returning id`
// Each pin on a street of its own: two pins sharing a row of another cache wait for each other there anyway.

describe.runIf(hasPostgres)('the briefs\' clustering cache with concurrent pins', () => {
  beforeAll(async () => {
    admin = new pg.Client({ ...pgConfig, database: 'postgres' })
    await admin.connect()
    await admin.query(`create database ${database}`)
    a = new pg.Client({ ...pgConfig, database })
    b = new pg.Client({ ...pgConfig, database })
    await a.connect()
    await b.connect()
    await migrate(asSql(a))
    await loadDemoData(asSql(a))
    await installLegacyGaps(asSql(a))
  }, 600_000)

  afterAll(async () => {
    await a?.end()
    await b?.end()
    await admin?.query(`drop database if exists ${database} with (force)`)
    await admin?.end()
  })

  it('gives one id to the clusters two pins merge at once', async () => {
    // X, Y and Z, 600 m apart: three briefs at R = 400. A pin between X and Y and one
    // between Y and Z, in two transactions at once, make them one.
    // The tiles' versions would serialise these pins on a shared cell's row: off here, to
    // show the briefs' own lock doing it.
    await a.query('alter table public.needs disable trigger tiles_insert')
    for (const [m, t, s] of [[0, '2026-01-01', 1], [600, '2026-01-02', 2], [1200, '2026-01-03', 3]] as const) await a.query(PIN, [m, t, s])
    await a.query('begin')
    await b.query('begin')
    await a.query(PIN, [300, '2026-01-04', 4])
    const second = b.query(PIN, [900, '2026-01-05', 5]) // waits for the first to commit
    await new Promise((r) => setTimeout(r, 300))
    await a.query('commit')
    await second
    await b.query('commit')
    const ids = await a.query(`select distinct c.brief_id from private.brief_clusters c join public.needs n on n.id = c.need_id
                               where n.body = 'A concurrent need' and c.radius_m = 400`)
    expect(ids.rows).toHaveLength(1)
    const members = (s: string) => `select brief_id, category, need_id, weight from ${s}.brief_members(400, null) order by need_id`
    expect((await a.query(members('private'))).rows).toEqual((await a.query(members('legacy_gaps'))).rows)
    const snapshot = `select string_agg(radius_m || ' ' || need_id || ' ' || brief_id || ' ' || weight, ',' order by radius_m, need_id) as s
                      from private.brief_clusters`
    const kept = (await a.query(snapshot)).rows[0].s
    await a.query('begin')
    await a.query('select private.rebuild_all_brief_clusters()')
    const rebuilt = (await a.query(snapshot)).rows[0].s
    await a.query('rollback')
    expect(kept).toBe(rebuilt)
  }, 120_000)
})
