/**
 * Spin-out briefs at town and county scale: the time to compute every brief
 * (public.list_briefs, R = 400 m, demand ≥ 3) for
 *   1. the demo town (data/demo/seed.sql), and
 *   2. the whole of Rutland: streets and assets imported from
 *      ../shared/data/osm-rutland-oakham/rutland-latest.osm.pbf with the project's importer,
 *      LSOA boundaries from ../shared/data/ons-boundaries-2011, and 20,000 synthetic needs
 *      (fixed-seed PRNG) on random points of random streets,
 * on PGlite + PostGIS and on the local Postgres + PostGIS server (a fresh database,
 * dropped afterwards; skipped with a message when no server answers). Each figure is the
 * median of --runs runs, with its ratio to a baseline measured in the same run on the
 * same data: public.neighbourhood_gaps (the planners' whole-town gap analysis:
 * coverage of every open need and the street gaps). Also checks
 * that both engines give exactly the same briefs (ids, needs and demand). Not a test.
 *
 *   npm run bench:briefs -- [--runs=3] [--needs=20000] [--no-postgres]
 */
import { loadavg } from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import pg from 'pg'
import { runImport } from '../../src/import/run.ts'
import { loadDemoData, migrate, repoRoot, type SqlClient } from '../../src/db/migrations.ts'
import { pgConfig, postgresWithPostgis } from '../helpers/engines.ts'
import { makeRng } from '../geo/helpers/prng.ts'

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const runs = Number(arg('runs') ?? 3)
const needCount = Number(arg('needs') ?? 20_000)
const usePostgres = !process.argv.includes('--no-postgres')
const shared = path.join(repoRoot, '..', 'shared', 'data')
const RUTLAND_PBF = path.join(shared, 'osm-rutland-oakham', 'rutland-latest.osm.pbf')
const RUTLAND_LSOA = path.join(shared, 'ons-boundaries-2011', 'rutland_lsoa2011.geojson')
const BRIEFS = `select public.list_briefs() as briefs`
const BASELINE = 'select count(*) from public.neighbourhood_gaps(400)'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`)
const log = (...a: unknown[]) => console.log(...a)

async function timed(db: SqlClient, sql: string): Promise<{ ms: number; rows: Record<string, unknown>[] }> {
  const ms: number[] = []
  let rows: Record<string, unknown>[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    rows = (await db.query(sql)).rows
    ms.push(performance.now() - t)
  }
  return { ms: median(ms), rows }
}

type Brief = { brief_id: string; needs: number; demand: number }
const fingerprint = (briefs: Brief[]) => briefs.map((b) => `${b.brief_id}:${b.needs}:${b.demand}`).join('\n')

// Skewed like real demand: a few topics carry most needs.
const CATEGORIES = ['food', 'loneliness', 'mental-health', 'youth', 'older-people', 'transport', 'digital', 'money-debt',
  'childcare', 'housing', 'skills-work', 'green-space', 'safety', 'health', 'culture', 'sport', 'disability']
const WEIGHTS = CATEGORIES.map((_, i) => 1 / (i + 1))

/** 20,000 needs on random points of random streets, from a fixed seed: the same on every engine. */
async function addSyntheticNeeds(db: SqlClient, count: number) {
  const rng = makeRng(14)
  const streets = (await db.query<{ id: string }>('select id from public.streets order by source, source_id, id')).rows
  const user = '00000000-0000-4000-8000-000000000014'
  await db.query(`insert into auth.users (id, aud, role, email, is_anonymous) values ($1, 'authenticated', 'authenticated', null, true)
                  on conflict do nothing`, [user])
  const total = WEIGHTS.reduce((a, b) => a + b, 0)
  const pickCategory = () => {
    let x = rng.next() * total
    for (let i = 0; i < WEIGHTS.length; i++) if ((x -= WEIGHTS[i]) < 0) return CATEGORIES[i]
    return CATEGORIES[0]
  }
  for (let start = 0; start < count; start += 5000) {
    const n = Math.min(5000, count - start)
    const ids: string[] = [], street: string[] = [], frac: number[] = [], cat: string[] = [], days: number[] = [], supp: number[] = []
    for (let i = 0; i < n; i++) {
      ids.push(rng.uuid())
      street.push(rng.pick(streets).id)
      frac.push(rng.next())
      cat.push(pickCategory())
      days.push(rng.int(0, 400))
      supp.push(rng.chance(0.3) ? rng.int(1, 6) : 0)
    }
    await db.query(
      `with x as (
         select * from unnest($1::uuid[], $2::uuid[], $3::float8[], $4::text[], $5::int[], $6::int[])
           as x (id, street_id, frac, category, days, supporters)
       ), placed as (
         insert into public.needs (id, category, body, street_id, neighbourhood_id, public_geom, supporters_count,
                                   created_at, status_changed_at)
         select x.id, x.category, 'A synthetic need for the briefs benchmark', s.id, s.neighbourhood_id,
                extensions.st_lineinterpolatepoint(s.geom::extensions.geometry, x.frac)::extensions.geography,
                x.supporters, now() - make_interval(days => x.days), now() - make_interval(days => x.days)
         from x join public.streets s on s.id = x.street_id
         returning id, public_geom
       )
       insert into public.need_private (need_id, author_id, exact_geom, snap_distance_m)
       select p.id, $7::uuid, p.public_geom, 0 from placed p`,
      [ids, street, frac, cat, days, supp, user],
    )
  }
}

async function benchTown(engine: string, db: SqlClient, town: string) {
  const { ms: baseline } = await timed(db, BASELINE)
  const { ms, rows } = await timed(db, BRIEFS)
  const briefs = rows[0].briefs as Brief[]
  const needs = (await db.query<{ n: number }>('select count(*)::int as n from public.needs')).rows[0].n
  log(`  ${engine.padEnd(9)} ${town.padEnd(24)} ${String(needs).padStart(6)} needs  ${String(briefs.length).padStart(4)} briefs  ` +
      `list_briefs ${fmt(ms).padStart(8)}   neighbourhood_gaps (baseline) ${fmt(baseline).padStart(8)}   ratio ${(ms / baseline).toFixed(2)}×`)
  // One brief's page, the biggest.
  if (briefs[0]) {
    const { ms: detail } = await timed(db, `select public.brief_detail('${briefs[0].brief_id}')`)
    log(`  ${''.padEnd(9)} ${''.padEnd(24)} brief_detail of the biggest brief ${fmt(detail)} (${(detail / baseline).toFixed(2)}× the baseline)`)
  }
  return fingerprint(briefs)
}

async function rutland(db: SqlClient) {
  await runImport(db, RUTLAND_LSOA, { nameProperty: 'LSOA11NM', codeProperty: 'LSOA11CD', kind: 'lsoa' })
  await runImport(db, RUTLAND_PBF)
  await addSyntheticNeeds(db, needCount)
  await db.exec('analyze')
}

async function onPglite(load: (db: SqlClient) => Promise<void>, town: string) {
  const db = await PGlite.create({ extensions: { postgis } })
  try {
    await migrate(db)
    await load(db)
    return await benchTown('PGlite', db, town)
  } finally {
    await db.close()
  }
}

async function onPostgres(load: (db: SqlClient) => Promise<void>, town: string) {
  const database = `streetlevel_briefs_bench_${process.pid}`
  const admin = new pg.Client({ ...pgConfig, database: 'postgres' })
  await admin.connect()
  await admin.query(`create database ${database}`)
  const client = new pg.Client({ ...pgConfig, database })
  await client.connect()
  const db: SqlClient = {
    exec: (sql) => client.query(sql),
    query: async <T,>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params)).rows as T[] }),
  }
  try {
    await migrate(db)
    await load(db)
    return await benchTown('Postgres', db, town)
  } finally {
    await client.end()
    await admin.query(`drop database if exists ${database} with (force)`)
    await admin.end()
  }
}

log(`Briefs benchmark: R = 400 m, demand ≥ 3, ${runs} runs each (median); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on 2 cores`)
const postgres = usePostgres && (await postgresWithPostgis())
if (usePostgres && !postgres) log('  (no Postgres + PostGIS server answers: Postgres figures skipped)')
const towns: [string, (db: SqlClient) => Promise<void>][] = [
  ['demo town', (db) => loadDemoData(db)],
  [`Rutland + ${needCount.toLocaleString('en-GB')} needs`, rutland],
]
for (const [town, load] of towns) {
  const a = await onPglite(load, town)
  if (postgres) {
    const b = await onPostgres(load, town)
    log(`  same briefs on both engines: ${a === b ? 'yes' : 'NO — they differ'}`)
    if (a !== b) process.exitCode = 1
  }
}
