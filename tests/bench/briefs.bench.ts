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
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import pg from 'pg'
import { loadDemoData, migrate, type SqlClient } from '../../src/db/migrations.ts'
import { pgConfig, postgresWithPostgis } from '../helpers/engines.ts'
import { loadRutland } from './rutlandData.ts'
import { recordBench, type BenchRow } from './report.ts'

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const runs = Number(arg('runs') ?? 3)
const needCount = Number(arg('needs') ?? 20_000)
const usePostgres = !process.argv.includes('--no-postgres')
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

const rows: BenchRow[] = []

async function benchTown(engine: string, db: SqlClient, town: string) {
  const { ms: baseline } = await timed(db, BASELINE)
  const { ms, rows } = await timed(db, BRIEFS)
  const briefs = rows[0].briefs as Brief[]
  const needs = (await db.query<{ n: number }>('select count(*)::int as n from public.needs')).rows[0].n
  log(`  ${engine.padEnd(9)} ${town.padEnd(24)} ${String(needs).padStart(6)} needs  ${String(briefs.length).padStart(4)} briefs  ` +
      `list_briefs ${fmt(ms).padStart(8)}   neighbourhood_gaps (baseline) ${fmt(baseline).padStart(8)}   ratio ${(ms / baseline).toFixed(2)}×`)
  rows.push({ figure: `list_briefs on ${engine}, ${town}`, value: ms, baseline: { figure: 'neighbourhood_gaps, same engine and data', value: baseline },
              note: `${briefs.length} briefs` })
  // One brief's page, the biggest.
  if (briefs[0]) {
    const { ms: detail } = await timed(db, `select public.brief_detail('${briefs[0].brief_id}')`)
    log(`  ${''.padEnd(9)} ${''.padEnd(24)} brief_detail of the biggest brief ${fmt(detail)} (${(detail / baseline).toFixed(2)}× the baseline)`)
    rows.push({ figure: `brief_detail of the biggest brief on ${engine}, ${town}`, value: detail,
                baseline: { figure: 'neighbourhood_gaps, same engine and data', value: baseline } })
  }
  return fingerprint(briefs)
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
  [`Rutland + ${needCount.toLocaleString('en-GB')} needs`, (db) => loadRutland(db, needCount)],
]
for (const [town, load] of towns) {
  const a = await onPglite(load, town)
  if (postgres) {
    const b = await onPostgres(load, town)
    log(`  same briefs on both engines: ${a === b ? 'yes' : 'NO — they differ'}`)
    if (a !== b) process.exitCode = 1
  }
}
recordBench('briefs', rows)
