/**
 * Gap computation at town-and-a-half scale: the demo town tiled to ≥ 5,000 street
 * segments, ≥ 20,000 needs and ≥ 2,000 providers (tests/bench/gapsData.ts), scored by
 *   1. SQL public.street_gaps on PGlite + PostGIS (the embedded backend's engine),
 *   2. SQL public.street_gaps on the local Postgres + PostGIS server (a fresh database,
 *      migrated with src/db/migrations.ts, dropped afterwards; skipped with a
 *      message when no server answers),
 *   3. the Turf implementation (src/geo/streetGaps.ts: validation, indexes, exact test),
 *   4. a naive brute-force Turf baseline (tests/bench/bruteForceStreetGaps.ts),
 * all in the same run on the same data, each the median of --runs runs (default 3), with
 * their ratio to the baseline. On both SQL engines it also times today's uncached SQL
 * (tests/helpers/legacyGaps.ts) against the cached street_gaps and neighbourhood_gaps
 * (20261201003000_gap_caches.sql), checks they give identical rows, and times loading the
 * town with the cache triggers running; the same for ranked_streets, the briefs'
 * clustering and list_briefs (tests/bench/gapQueries.ts), and all of it again on whole
 * Rutland + 20,000 needs (tests/bench/rutlandData.ts; --no-rutland skips it), with what
 * keeping the briefs' clusters costs a pin, a hide and a "me too" (writeCosts). Figures go to the shared table (report.ts). Also checks that all four give the same scores, and times
 * whatIf on the scaled model. Not a test: run it by hand.
 *
 *   npm run bench:gaps -- [--runs=3] [--tiles=5x2] [--baseline-runs=N] [--no-postgres] [--no-brute-force] [--no-rutland]
 *   (= npx tsx tests/bench/gaps.bench.ts …; the brute force takes minutes per run)
 */
import { loadavg } from 'node:os'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import pg from 'pg'
import { buildGapModel } from '../../src/geo/buildGapModel.ts'
import type { StreetGap } from '../../src/geo/gapTypes.ts'
import { streetGaps } from '../../src/geo/streetGaps.ts'
import { whatIf } from '../../src/geo/whatIf.ts'
import { migrate, type SqlClient } from '../../src/db/migrations.ts'
import { pgConfig, postgresWithPostgis } from '../helpers/engines.ts'
import { readExactLayers } from '../geo/helpers/layers.ts'
import { makeRng } from '../geo/helpers/prng.ts'
import { bruteForceStreetGaps } from './bruteForceStreetGaps.ts'
import { installLegacyGaps } from '../helpers/legacyGaps.ts'
import { recordBench, type BenchRow } from './report.ts'
import { DEFAULT_SCALE, loadScaledTown, scaledDemoTown } from './gapsData.ts'
import { GAP_QUERIES } from './gapQueries.ts'
import { loadRutland } from './rutlandData.ts'

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}`))?.split('=')[1]
const runs = Number(arg('runs') ?? 3)
const baselineRuns = Number(arg('baseline-runs') ?? runs)
const [tilesX, tilesY] = (arg('tiles') ?? `${DEFAULT_SCALE.tilesX}x${DEFAULT_SCALE.tilesY}`).split('x').map(Number)
const usePostgres = !process.argv.includes('--no-postgres')
const useBruteForce = !process.argv.includes('--no-brute-force')
const useRutland = !process.argv.includes('--no-rutland')
const RADIUS = 400
const SQL = 'select street_id, demand, supply, gap, by_category from public.street_gaps($1, null, null, 5000)'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`)
const log = (...a: unknown[]) => console.log(...a)

async function timed<T>(n: number, fn: () => Promise<T> | T): Promise<{ ms: number[]; result: T }> {
  const ms: number[] = []
  let result!: T
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    result = await fn()
    ms.push(performance.now() - t)
  }
  return { ms, result }
}

/** Same streets, same demand and supply per category, gaps to 1e-9? Returns the first differences. */
function differences(a: StreetGap[], b: StreetGap[]): string[] {
  const out: string[] = []
  const bm = new Map(b.map((r) => [r.street_id, r]))
  if (a.length !== b.length) out.push(`${a.length} vs ${b.length} streets`)
  for (const r of a) {
    const s = bm.get(r.street_id)
    const key = (x: StreetGap) =>
      x.by_category.map((c) => `${c.category}:${c.demand}:${c.supply}`).sort().join(',')
    if (!s) out.push(`street ${r.street_id} missing`)
    else if (key(r) !== key(s) || Math.abs(r.gap - s.gap) > 1e-9) out.push(`street ${r.street_id}: ${key(r)} vs ${key(s)}`)
    if (out.length > 5) break
  }
  return out
}

function pgClient(client: pg.Client): SqlClient {
  return {
    exec: (sql: string) => client.query(sql),
    query: async <T,>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params)).rows as T[] }),
  }
}

const results: { engine: string; ms: number[]; note?: string }[] = []
const reportRows: BenchRow[] = []
let mismatches = 0

type Query = (sql: string, params: unknown[]) => Promise<unknown[]>

/** Today's SQL against the cached functions on one engine: times, ratios and sameness. */
async function cachedVersusLegacy(engine: string, query: Query, target: string) {
  for (const q of GAP_QUERIES) {
    await query(q.sql('public'), [RADIUS])
    const cached = await timed(runs, () => query(q.sql('public'), [RADIUS]))
    const legacy = await timed(baselineRuns, () => query(q.sql('legacy_gaps'), [RADIUS]))
    const same = JSON.stringify(cached.result) === JSON.stringify(legacy.result)
    if (!same) mismatches++
    log(`  ${q.name}: cached ${cached.ms.map(fmt).join(', ')}; today's SQL ${legacy.ms.map(fmt).join(', ')}; ${same ? 'identical rows' : 'ROWS DIFFER'}`)
    reportRows.push({
      figure: `${q.name} on ${engine}`, value: median(cached.ms),
      baseline: { figure: "today's SQL, same engine and data", value: median(legacy.ms) },
      target: q.name === 'list_briefs' ? undefined : target,
      note: `${cached.result.length} rows, ${same ? 'identical' : 'DIFFERENT'}`,
    })
  }
}

// The briefs' clustering cache's triggers (20261204001000): off for the baseline writes.
const BRIEF_TRIGGERS = ['public.needs needs_then_briefs_insert', 'public.needs needs_then_briefs_update',
  'public.needs needs_then_briefs_delete', 'private.need_coverage need_coverage_briefs_insert',
  'private.need_coverage need_coverage_briefs_delete']

/**
 * What keeping the briefs' clusters costs a write: a pin (next to an open need), a
 * moderator hiding a need and a "me too", each the median of 15 in a rolled-back
 * transaction, against the same writes with the cache's triggers off (same run).
 */
async function writeCosts(engine: string, query: Query) {
  const ids = ((await query(`select id from public.needs where status = 'open' and hidden_at is null order by id limit 15`, [])) as { id: string }[]).map((r) => r.id)
  const writes: [string, string][] = [
    ['pin a need', `insert into public.needs (id, category, body, street_id, public_geom)
                    select gen_random_uuid(), n.category, 'A benchmark pin', n.street_id,
                           extensions.st_project(n.public_geom, 50::float8, 1::float8)
                    from public.needs n where n.id = $1`],
    ['hide a need', `update public.needs set hidden_at = now(), hidden_reason = 'Benchmark' where id = $1`],
    ['support a need', `update public.needs set supporters_count = supporters_count + 1 where id = $1`],
  ]
  const measure = async (sql: string, off: boolean) => {
    await query('begin', [])
    try {
      if (off) for (const t of BRIEF_TRIGGERS) await query(`alter table ${t.split(' ')[0]} disable trigger ${t.split(' ')[1]}`, [])
      const ms: number[] = []
      for (const id of ids) {
        const t0 = performance.now()
        await query(sql, [id])
        ms.push(performance.now() - t0)
      }
      return median(ms)
    } finally {
      await query('rollback', [])
    }
  }
  for (const [name, sql] of writes) {
    const on = await measure(sql, false)
    const off = await measure(sql, true)
    log(`  ${name}: ${fmt(on)} with the briefs' cache kept, ${fmt(off)} without`)
    reportRows.push({ figure: `${name} on ${engine} (briefs' cache kept)`, value: on,
                      baseline: { figure: "the same write, the briefs' cache's triggers off", value: off } })
  }
}

/** Whole Rutland + 20,000 needs on one engine: the same comparison. */
async function rutlandOn(engine: string, db: SqlClient, query: Query, target: string) {
  await migrate(db)
  const t0 = performance.now()
  await loadRutland(db, 20_000)
  log(`${engine}, whole Rutland + 20,000 needs: loaded in ${fmt(performance.now() - t0)}`)
  await installLegacyGaps(db)
  await cachedVersusLegacy(`${engine}, whole Rutland + 20,000 needs`, query, target)
  await writeCosts(`${engine}, whole Rutland + 20,000 needs`, query)
}

log(`Gap benchmark: R = ${RADIUS} m, all categories; ${runs} runs (baseline ${baselineRuns}); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on 2 cores`)
const town = scaledDemoTown({ ...DEFAULT_SCALE, tilesX, tilesY })
log(
  `Town: ${tilesX}×${tilesY} demo tiles: ${town.streets.length} street segments, ${town.needs.length} needs, ` +
    `${town.assets.length + town.enterprises.length} providers (${town.assets.length} assets, ${town.enterprises.length} enterprises)`,
)

// 1. PGlite.
let t = performance.now()
const lite = await PGlite.create({ extensions: { postgis } })
await migrate(lite)
let tLoad = performance.now()
await loadScaledTown(lite, town)
reportRows.push({ figure: 'load the bench town on PGlite (cache triggers on)', value: performance.now() - tLoad })
log(`PGlite: started, migrated and loaded in ${fmt(performance.now() - t)}`)
await installLegacyGaps(lite)
await cachedVersusLegacy('PGlite, bench town', async (sql, p) => (await lite.query(sql, p)).rows, '≤ 300 ms')
await writeCosts('PGlite, bench town', async (sql, p) => (await lite.query(sql, p)).rows)
const layers = await readExactLayers(lite)
const input = { ...layers, radiusM: RADIUS, categories: null }
await lite.query(SQL, [RADIUS]) // warm the caches once, as a running server would be
const liteRuns = await timed(runs, async () => (await lite.query<StreetGap>(SQL, [RADIUS])).rows)
results.push({ engine: 'SQL street_gaps on PGlite + PostGIS', ms: liteRuns.ms })
const sqlRows = liteRuns.result
log(`  ${sqlRows.length} streets with demand; runs: ${liteRuns.ms.map(fmt).join(', ')}`)
await lite.close()

// 2. Postgres.
if (usePostgres && (await postgresWithPostgis())) {
  const dbName = `streetlevel_gaps_bench_${process.pid}`
  const admin = new pg.Client({ ...pgConfig })
  await admin.connect()
  await admin.query(`create database ${dbName}`)
  try {
    const client = new pg.Client({ ...pgConfig, database: dbName })
    await client.connect()
    try {
      t = performance.now()
      const db = pgClient(client)
      await migrate(db)
      tLoad = performance.now()
      await loadScaledTown(db, town)
      reportRows.push({ figure: 'load the bench town on Postgres (cache triggers on)', value: performance.now() - tLoad })
      await installLegacyGaps(db)
      await cachedVersusLegacy('Postgres, bench town', async (sql, p) => (await client.query(sql, p)).rows, '≤ 100 ms')
      await writeCosts('Postgres, bench town', async (sql, p) => (await client.query(sql, p)).rows)
      log(`Postgres (${pgConfig.host}:${pgConfig.port}): migrated and loaded ${dbName} in ${fmt(performance.now() - t)}`)
      await client.query(SQL, [RADIUS])
      const pgRuns = await timed(runs, async () => (await client.query(SQL, [RADIUS])).rows as StreetGap[])
      results.push({ engine: 'SQL street_gaps on Postgres 15 + PostGIS', ms: pgRuns.ms })
      const diff = differences(pgRuns.result, sqlRows)
      log(`  runs: ${pgRuns.ms.map(fmt).join(', ')}; ${diff.length ? `DIFFERS from PGlite: ${diff.join('; ')}` : 'same scores as PGlite'}`)
    } finally {
      await client.end()
    }
  } finally {
    await admin.query(`drop database if exists ${dbName}`)
    await admin.end()
  }
} else {
  log(usePostgres ? '!!! Postgres + PostGIS not available: skipping the Postgres run.' : 'Postgres run skipped (--no-postgres).')
}

// 3. Turf (first run reported apart: it includes the JIT warming up).
const turfRuns = await timed(runs + 1, () => streetGaps(input))
results.push({ engine: 'Turf streetGaps (src/geo)', ms: turfRuns.ms.slice(1), note: `first run ${fmt(turfRuns.ms[0])}` })
const turfDiff = differences(turfRuns.result, sqlRows)
log(`Turf: runs ${turfRuns.ms.map(fmt).join(', ')}; ${turfDiff.length ? `DIFFERS from SQL: ${turfDiff.join('; ')}` : 'same scores as SQL'}`)

// 4. Brute force (--no-brute-force skips it on a busy machine; Turf is then the baseline).
let bruteDiff: string[] = []
let base = median(turfRuns.ms.slice(1))
let baseName = 'Turf streetGaps'
if (useBruteForce) {
  const bruteRuns = await timed(baselineRuns, () => bruteForceStreetGaps(input))
  const pairs = sqlRows.length * (town.assets.length + town.enterprises.filter((e) => e.status === 'active').length)
  results.push({ engine: 'Brute-force Turf (every street × provider)', ms: bruteRuns.ms, note: `${pairs.toLocaleString('en-GB')} distance calls` })
  bruteDiff = differences(bruteRuns.result, sqlRows)
  log(`Brute force: runs ${bruteRuns.ms.map(fmt).join(', ')}; ${bruteDiff.length ? `DIFFERS from SQL: ${bruteDiff.join('; ')}` : 'same scores as SQL'}`)
  base = median(bruteRuns.ms)
  baseName = 'brute-force Turf'
}

// What-if on the scaled model.
const model = buildGapModel(input)
const rng = makeRng(1)
const ifs = await timed(200, () =>
  whatIf(model, {
    coordinates: [rng.float(-3.44, -3.44 + tilesX * 0.07), rng.float(54.075, 54.075 + tilesY * 0.05)],
    categories: [rng.pick(['food', 'youth', 'loneliness', 'transport', 'digital'])],
  }),
)

log('')
log(`| implementation | median | runs | × faster than ${baseName} | note |`)
log('| --- | ---: | ---: | ---: | --- |')
for (const r of results) {
  const m = median(r.ms)
  log(`| ${r.engine} | ${fmt(m)} | ${r.ms.length} | ${(base / m).toFixed(1)} | ${r.note ?? ''} |`)
}
log(`| Turf whatIf (one hypothetical provider) | ${fmt(median(ifs.ms))} | 200 | | incremental, on the model above |`)
log('')
log(`Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
for (const r of results) {
  reportRows.push({ figure: r.engine, value: median(r.ms), baseline: { figure: baseName, value: base }, note: r.note })
}
// Whole Rutland + 20,000 needs, on both engines.
if (useRutland) {
  const rl = await PGlite.create({ extensions: { postgis } })
  try {
    await rutlandOn('PGlite', rl, async (sql, p) => (await rl.query(sql, p)).rows, '≤ 300 ms')
  } finally {
    await rl.close()
  }
  if (usePostgres && (await postgresWithPostgis())) {
    const dbName = `streetlevel_gaps_rutland_${process.pid}`
    const admin = new pg.Client({ ...pgConfig })
    await admin.connect()
    await admin.query(`create database ${dbName}`)
    const client = new pg.Client({ ...pgConfig, database: dbName })
    await client.connect()
    try {
      await rutlandOn('Postgres', pgClient(client), async (sql, p) => (await client.query(sql, p)).rows, '≤ 100 ms')
    } finally {
      await client.end()
      await admin.query(`drop database if exists ${dbName} with (force)`)
      await admin.end()
    }
  }
}
recordBench('gaps', reportRows)
if (turfDiff.length || bruteDiff.length || mismatches) process.exitCode = 1
