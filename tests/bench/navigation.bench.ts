/**
 * `npm run bench:navigation`: navigation → first pins drawn, the built app against a bare
 * MapLibre page, in the same headless Chromium run, from the same server:
 *   app   the built app (dist/) on the embedded backend; "drawn" is the app's own mark
 *         (performance mark streetlevel:pins-drawn / html[data-pins-drawn], set when
 *         MapLibre is idle with the pins in it), whatever the app fetches and draws;
 *   bare  a page with MapLibre only (node_modules/maplibre-gl/dist, no app code), drawing
 *         the same streets, needs, assets and enterprises from static GeoJSON files
 *         (exported from the same database, as anyone may read them), marked the same way
 *         (first idle with the points' source loaded);
 * for the demo town and for whole Rutland (importer + 20,000 synthetic needs, on the local
 * Postgres). Each figure is the median of --runs cold page loads (fresh browser context),
 * app and bare alternating; the ratio app / bare is the figure the issue sets (≤ 1.5×).
 *
 *   npm run bench:navigation -- [--runs=5] [--no-rutland]
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { chromium, type Browser } from 'playwright-core'
import { migrate, repoRoot, type SqlClient } from '../../src/db/migrations.ts'
import { ensureAppBuilt } from '../../src/server/build.ts'
import { postgresWithPostgis } from '../helpers/engines.ts'
import { createPostgresDatabase, startTestServer, type TestServer } from '../helpers/server.ts'
import { recordBench, type BenchRow } from './report.ts'
import { loadRutland } from './rutlandData.ts'

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const runs = Number(arg('runs') ?? 5)
const withRutland = !process.argv.includes('--no-rutland')
const dist = path.join(repoRoot, 'dist')
const BARE = 'bench-bare'
const TIMEOUT = 120_000
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const log = (...a: unknown[]) => console.log(...a)

/** What anyone may read, as GeoJSON: streets as lines; needs (public points), assets, active enterprises as points. */
const EXPORT = `
  select jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(jsonb_agg(jsonb_build_object(
           'type', 'Feature', 'properties', jsonb_build_object('id', s.id, 'highway', s.highway),
           'geometry', extensions.st_asgeojson(s.geom::extensions.geometry, 6)::jsonb)), '[]'::jsonb))::text as streets,
         (select jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(jsonb_agg(f), '[]'::jsonb))::text from (
            select jsonb_build_object('type', 'Feature', 'properties', jsonb_build_object('layer', 'needs', 'category', n.category),
                     'geometry', extensions.st_asgeojson(n.public_geom::extensions.geometry, 6)::jsonb) as f
            from public.needs n where n.hidden_at is null and n.status <> 'withdrawn'
            union all
            select jsonb_build_object('type', 'Feature', 'properties', jsonb_build_object('layer', 'assets'),
                     'geometry', extensions.st_asgeojson(a.geom::extensions.geometry, 6)::jsonb) from public.assets a
            union all
            select jsonb_build_object('type', 'Feature', 'properties', jsonb_build_object('layer', 'enterprises'),
                     'geometry', extensions.st_asgeojson(e.geom::extensions.geometry, 6)::jsonb)
            from public.enterprises e where e.status = 'active') x) as points
  from public.streets s`

/** The bare page: MapLibre from node_modules, a blank style, two GeoJSON sources, one mark (files, for the CSP). */
function barePage(zoom: number, lat: number, lon: number): Record<string, string> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Bare MapLibre</title>
<link rel="stylesheet" href="./maplibre-gl.css"><link rel="stylesheet" href="./bare.css"></head>
<body><div id="map"></div><script type="module" src="./bare.js"></script></body></html>`
  const js = `import { Map } from './maplibre-gl.mjs'
const map = new Map({ container: 'map', center: [${lon}, ${lat}], zoom: ${zoom}, attributionControl: false,
  style: { version: 8, sources: {
      streets: { type: 'geojson', data: new URL('./streets.geojson', location.href).href },
      points: { type: 'geojson', data: new URL('./points.geojson', location.href).href } },
    layers: [
      { id: 'bg', type: 'background', paint: { 'background-color': '#f4f1ea' } },
      { id: 'streets', type: 'line', source: 'streets', paint: { 'line-color': '#999', 'line-width': 2 } },
      { id: 'points', type: 'circle', source: 'points',
        paint: { 'circle-radius': 6, 'circle-color': ['match', ['get', 'layer'], 'needs', '#c0392b', 'assets', '#2471a3', '#7d3c98'],
                 'circle-stroke-width': 1, 'circle-stroke-color': '#fff' } }] } })
// Drawn: the first idle once the points' source has loaded (as the app waits for its data, then idle).
const drawn = () => { performance.mark('bare:pins-drawn'); document.documentElement.dataset.pinsDrawn = 'true' }
const check = () => { if (map.isSourceLoaded('points')) map.once('idle', drawn); else map.once('sourcedata', check) }
map.once('load', check)
`
  return { 'index.html': html, 'bare.js': js, 'bare.css': 'html, body, #map { margin: 0; height: 100%; }\n' }
}

async function writeBare(db: Pick<SqlClient, 'query'>, view: [number, number, number]) {
  const dir = path.join(dist, BARE)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  for (const f of ['maplibre-gl.mjs', 'maplibre-gl-shared.mjs', 'maplibre-gl-worker.mjs', 'maplibre-gl.css']) {
    cpSync(path.join(repoRoot, 'node_modules', 'maplibre-gl', 'dist', f), path.join(dir, f))
  }
  const [{ streets, points }] = (await db.query<{ streets: string; points: string }>(EXPORT)).rows
  writeFileSync(path.join(dir, 'streets.geojson'), streets)
  writeFileSync(path.join(dir, 'points.geojson'), points)
  for (const [name, text] of Object.entries(barePage(...view))) writeFileSync(path.join(dir, name), text)
  return { streetsKiB: Math.round(streets.length / 1024), pointsKiB: Math.round(points.length / 1024) }
}

async function firstPins(browser: Browser, url: string, mark: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const page = await context.newPage()
    await page.goto(url)
    await page.waitForSelector('html[data-pins-drawn="true"]', { timeout: TIMEOUT })
    return await page.evaluate((name) => performance.getEntriesByName(name)[0].startTime, mark)
  } catch (error) {
    // A page that never draws is a result too (recorded as the timeout, with a note).
    log(`    ${url}: no pins within ${TIMEOUT / 1000} s (${(error as Error).message.split('\n')[0]})`)
    return Number.POSITIVE_INFINITY
  } finally {
    await context.close()
  }
}

async function benchTown(browser: Browser, town: string, server: TestServer, view: [number, number, number]) {
  const [z, lat, lon] = view
  const app: number[] = []
  const bare: number[] = []
  for (let i = 0; i < runs; i++) {
    app.push(await firstPins(browser, `${server.url}/?map=${z}/${lat}/${lon}`, 'streetlevel:pins-drawn'))
    bare.push(await firstPins(browser, `${server.url}/${BARE}/`, 'bare:pins-drawn'))
  }
  const failed = app.filter((x) => !Number.isFinite(x)).length + bare.filter((x) => !Number.isFinite(x)).length
  const a = Math.min(median(app), TIMEOUT)
  const b = Math.min(median(bare), TIMEOUT)
  log(`  ${town}: app ${Math.round(a)} ms (${app.map(Math.round).join(', ')}), bare MapLibre ${Math.round(b)} ms ` +
      `(${bare.map(Math.round).join(', ')}); app / bare ${(a / b).toFixed(2)}×`)
  return { figure: `navigation → first pins drawn, ${town}`, value: a,
           baseline: { figure: 'bare MapLibre page, same data from static GeoJSON', value: b },
           target: '≤ 1.5× the bare page',
           note: `median of ${runs} cold loads${failed ? `; ${failed} loads drew nothing within ${TIMEOUT / 1000} s` : ''}` } satisfies BenchRow
}

const build = await ensureAppBuilt(repoRoot, dist, () => log('Building the app…'))
if (build.status === 'unavailable') throw new Error(`The app could not be built: ${build.reason}`)
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})
const rows: BenchRow[] = []
try {
  log(`Navigation benchmark: ${runs} cold loads each, app and bare page alternating`)
  // 1. The demo town, on the embedded backend's own PGlite.
  {
    const server = await startTestServer({ staticDir: dist })
    try {
      const demoView: [number, number, number] = [15, 54.1, -3.4]
      const size = await server.db.transaction((tx) => writeBare(tx as unknown as Pick<SqlClient, 'query'>, demoView))
      log(`  demo town: static files ${size.streetsKiB} KiB of streets, ${size.pointsKiB} KiB of points`)
      rows.push(await benchTown(browser, 'demo town', server, demoView))
    } finally {
      await server.stop()
    }
  }
  // 2. Whole Rutland with 20,000 needs, on the local Postgres.
  if (withRutland && (await postgresWithPostgis())) {
    const db = await createPostgresDatabase()
    const client = new pg.Client(db.url)
    await client.connect()
    let server: TestServer | undefined
    try {
      const conn: SqlClient = { exec: (sql) => client.query(sql) as never, query: (sql, params) => client.query(sql, params) as never }
      await migrate(conn)
      await loadRutland(conn, 20_000)
      server = await startTestServer({ staticDir: dist, databaseUrl: db.url, seedFile: null })
      // Oakham, at the zoom a visitor lands on.
      const view: [number, number, number] = [14, 52.6705, -0.7285]
      const size = await writeBare(conn, view)
      log(`  Rutland: static files ${size.streetsKiB} KiB of streets, ${size.pointsKiB} KiB of points`)
      rows.push(await benchTown(browser, 'whole Rutland + 20,000 needs', server, view))
    } finally {
      await server?.stop()
      await client.end()
      await db.drop()
    }
  } else if (withRutland) {
    log('  (no Postgres + PostGIS: Rutland skipped)')
  }
} finally {
  await browser.close()
  rmSync(path.join(dist, BARE), { recursive: true, force: true })
}
recordBench('navigation', rows)
