/**
 * Walking distances for "join a project near me" on the demo town (PGlite + PostGIS, the
 * embedded backend's engine): public.nearby_opportunities, which routes every result
 * within 3 km along the streets, against the same search by straight line only (the
 * baseline, measured in the same run at the same points); and the street router
 * (private.walking_distances) against the first one it replaced (the graph built from the
 * streets at each call, 20261201005000), with a check that both give the same distances.
 * Each figure is the median over a grid of points across the town, each run --runs times.
 * Not a test.
 *
 *   npm run bench:walking -- [--runs=5]
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { loadDemoData, migrate, repoRoot } from '../../src/db/migrations.ts'
import { createPglite } from '../../src/db/pglite.ts'
import { recordBench } from './report.ts'

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 5)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const log = (...a: unknown[]) => console.log(...a)

/** The search without routing: nearby_opportunities as it was before walking distances. */
const STRAIGHT = `
  select coalesce(jsonb_agg(jsonb_build_object('opportunity_id', f.id, 'title', f.title,
           'enterprise_name', f.name, 'distance_m', round(f.d::numeric, 1), 'walking_minutes', ceil(f.d / 80)::int)
         order by f.d, f.title, f.id), '[]'::jsonb) as r
  from (select o.id, o.title, e.name, extensions.st_distance(e.geom, private.make_point($1, $2), false) as d
        from public.enterprises e join public.opportunities o on o.enterprise_id = e.id
        where extensions.st_dwithin(e.geom, private.make_point($1, $2), 5000, false)
          and e.status in ('active', 'starting') and o.status = 'open'
        order by d, o.title, o.id limit 50) f`
const NEARBY = 'select public.nearby_opportunities($1, $2) as r'
/** What nearby_opportunities asks the router at a point: the results within 3 km, and the bound. */
const ROUTER_INPUT = `
  select array_agg(e.geom order by d, e.id) as targets, max(d) * 1.5 + 300 as bound
  from (select e.geom, e.id, extensions.st_distance(e.geom, private.make_point($1, $2), false) as d
        from public.enterprises e
        where e.status in ('active', 'starting') and exists (select 1 from public.opportunities o where o.enterprise_id = e.id and o.status = 'open')
          and extensions.st_dwithin(e.geom, private.make_point($1, $2), 3000, false)) e`

/** The first router (20261201005000), renamed, so both can run side by side. */
function firstRouterSql(): string {
  const file = readFileSync(path.join(repoRoot, 'supabase/migrations/20261201005000_walking_routes_and_roles.sql'), 'utf8')
  const start = file.indexOf('create function private.walking_distances(')
  const end = file.indexOf('/**\n * Open opportunities')
  return file.slice(start, end)
    .replaceAll('private.walking_distances(', 'private.walking_distances_first(')
    .replaceAll('private.street_attachments(', 'private.street_attachments_first(')
}

async function main() {
  log('Loading the demo town into PGlite…')
  const db = await createPglite()
  await migrate(db)
  await loadDemoData(db)
  await db.exec(firstRouterSql())
  await db.exec('analyze')

  // A 4 × 4 grid over the middle of the town's streets (the outer tenth trimmed).
  const box = (await db.query<{ x0: number; y0: number; x1: number; y1: number }>(`
    select extensions.st_xmin(b) as x0, extensions.st_ymin(b) as y0, extensions.st_xmax(b) as x1, extensions.st_ymax(b) as y1
    from (select extensions.st_extent(geom::extensions.geometry)::extensions.box2d as b from public.streets) s`)).rows[0]
  const points: [number, number][] = []
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      points.push([box.x0 + (box.x1 - box.x0) * (0.1 + 0.8 * i / 3), box.y0 + (box.y1 - box.y0) * (0.1 + 0.8 * j / 3)])
    }
  }

  const time = async (sql: string, params: unknown[]) => {
    const ms: number[] = []
    let rows: Record<string, unknown>[] = []
    for (let r = 0; r < runs; r++) {
      const t = performance.now()
      rows = (await db.query<Record<string, unknown>>(sql, params)).rows
      ms.push(performance.now() - t)
    }
    return { ms: median(ms), rows }
  }

  const straight: number[] = [], nearby: number[] = [], first: number[] = [], router: number[] = []
  let routed = 0, mismatches = 0
  for (const [lon, lat] of points) {
    straight.push((await time(STRAIGHT, [lon, lat])).ms)
    nearby.push((await time(NEARBY, [lon, lat])).ms)
    const input = (await db.query<{ targets: string | null; bound: number | null }>(ROUTER_INPUT, [lon, lat])).rows[0]
    if (!input.targets) continue
    const args = [lon, lat, input.targets, input.bound]
    const call = (fn: string) => `select ${fn}(private.make_point($1, $2), $3::extensions.geography[], $4) as d`
    const a = await time(call('private.walking_distances_first'), args)
    const b = await time(call('private.walking_distances'), args)
    first.push(a.ms)
    router.push(b.ms)
    const da = a.rows[0].d as (number | null)[], dbb = b.rows[0].d as (number | null)[]
    routed += da.filter((d) => d !== null).length
    da.forEach((d, i) => {
      const e = dbb[i]
      if ((d === null) !== (e === null) || (d !== null && e !== null && Math.abs(d - e) > 1e-6)) mismatches++
    })
  }
  await db.close()

  const m = { straight: median(straight), nearby: median(nearby), first: median(first), router: median(router) }
  log(`\n${points.length} points, ${routed} routes found; median of ${runs} runs each`)
  log(`  nearby_opportunities, straight line only (baseline)  ${m.straight.toFixed(1)} ms`)
  log(`  nearby_opportunities, along the streets              ${m.nearby.toFixed(1)} ms  (${(m.nearby / m.straight).toFixed(1)}× the straight line)`)
  log(`  the router: first version (graph built per call)     ${m.first.toFixed(1)} ms`)
  log(`  the router: now (prebuilt street graph)              ${m.router.toFixed(1)} ms  (${(m.first / m.router).toFixed(1)}× faster)`)
  log(`  distances differing by more than 1 µm between the two: ${mismatches}`)
  recordBench('walking', [
    { figure: 'nearby_opportunities along the streets (PGlite, demo town)', value: m.nearby,
      baseline: { figure: 'the same search by straight line', value: m.straight } },
    { figure: 'walking_distances, prebuilt street graph (PGlite, demo town)', value: m.router,
      baseline: { figure: 'walking_distances, graph built per call', value: m.first },
      note: `${mismatches} of ${routed} routes differ` },
  ])
  if (mismatches > 0) process.exitCode = 1
}

await main()
