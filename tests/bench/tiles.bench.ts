/**
 * `npm run bench:tiles`: vector tiles from the embedded backend on PGlite, over the
 * benchmark town (gapsData.ts: the demo town copied 5 × 2, needs multiplied), with the
 * server in its own process as `npm start` runs it, under load at 20 concurrent clients:
 *
 *   baseline     GET of a small static file from the same server
 *   tile hits    GET map_tile (streets and needs at street zoom, z15) already viewed:
 *                the tile cache answers (200 with the bytes)
 *   revalidate   the same with If-None-Match: 304
 *   tile misses  tiles nobody asked for yet (z16 streets, needs, assets): computed
 *                (PGlite: features in SQL, encoded in JS; those waiting for the one
 *                connection together are made in one statement); also at 1 client
 *   five layers  a tile view of the map's five layers as one request (layer=a,b,…)
 *                against the same view as five single-layer requests: hits and misses
 *
 * Targets (issue 13): hits p95 ≤ 50 ms and ≥ 0.5× the baseline's requests/s; misses
 * p95 ≤ 100 ms. Figures go to the bench summary (report.ts).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { startServer } from '../../src/server/app.ts'
import { defaultConfig } from '../../src/server/config.ts'
import { createLogger } from '../../src/server/log.ts'
import { spawnServer } from '../helpers/server.ts'
import { DEFAULT_SCALE, loadScaledTown, scaledDemoTown } from './gapsData.ts'
import { recordBench, type BenchRow } from './report.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CLIENTS = 20

type Tile = [number, number, number]
const tileX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z)
const tileY = (lat: number, z: number) => Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z)

/** Every tile of zoom z over a box. */
function tilesOver(box: [number, number, number, number], z: number): Tile[] {
  const out: Tile[] = []
  for (let x = tileX(box[0], z); x <= tileX(box[2], z); x++) for (let y = tileY(box[3], z); y <= tileY(box[1], z); y++) out.push([z, x, y])
  return out
}

interface Load {
  rps: number
  p50: number
  p95: number
  requests: number
  bad: number
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

/** autocannon over a rotating list of requests, for SECONDS or, with `once`, each request once. */
async function load(url: string, requests: Array<{ path: string; headers: Record<string, string> }>, connections: number, once = false, expect304 = false): Promise<Load> {
  let next = 0
  const latencies: number[] = []
  const instance = autocannon({
    url,
    connections,
    ...(once ? { amount: requests.length } : { duration: SECONDS }),
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, method: 'GET', ...requests[next++ % requests.length] }) }],
  })
  instance.on('response', (_c: unknown, _s: number, _b: number, time: number) => latencies.push(time))
  const started = performance.now()
  const result = await instance
  latencies.sort((a, b) => a - b)
  const elapsed = once ? (performance.now() - started) / 1000 : SECONDS
  return {
    rps: result.requests.total / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    requests: result.requests.total,
    bad: result.errors + result.timeouts + (expect304 ? 0 : result.non2xx),
  }
}

const root = await mkdtemp(path.join(os.tmpdir(), 'streetlevel-bench-tiles-'))
const staticDir = path.join(root, 'dist')
const dataDir = path.join(root, 'data')
await mkdir(path.join(staticDir, 'assets'), { recursive: true })
await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>bench</title>')
await writeFile(path.join(staticDir, 'assets', 'bench.js'), `// ${'x'.repeat(2000)}\n`)

try {
  console.log(`Vector tile benchmark (${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}, ${SECONDS} s per run, ${CLIENTS} clients)`)
  const town = scaledDemoTown(DEFAULT_SCALE)
  // The data folder: migrated and loaded with the benchmark town, then closed.
  const setup = await startServer(defaultConfig({ port: 0, dataDir, staticDir, build: false, quiet: true, seedFile: null }), createLogger({ quiet: true }))
  await setup.db.session((conn) => loadScaledTown(conn, town))
  await setup.close()
  const coords = town.streets.flatMap((s) => s.coords)
  const box: [number, number, number, number] = [
    Math.min(...coords.map((c) => c[0])), Math.min(...coords.map((c) => c[1])),
    Math.max(...coords.map((c) => c[0])), Math.max(...coords.map((c) => c[1])),
  ]
  console.log(`Town: ${town.streets.length} street segments, ${town.needs.length} needs, ${town.assets.length + town.enterprises.length} providers`)

  const server = await spawnServer({ STREETLEVEL_DATA: dataDir, STREETLEVEL_STATIC: staticDir, STREETLEVEL_SEED: 'none', STREETLEVEL_LOG: 'quiet' }, 600_000)
  try {
    const url = server.url.replace('localhost', '127.0.0.1')
    const headers = { apikey: server.anonKey, accept: 'application/vnd.mapbox-vector-tile' }
    const tilePath = (layer: string, [z, x, y]: Tile) => `/rest/v1/rpc/map_tile?layer=${layer}&z=${z}&x=${x}&y=${y}`

    // Hits: the street-zoom tiles over the town, viewed once first.
    const hot = tilesOver(box, 15).flatMap((t) => ['streets', 'needs'].map((layer) => tilePath(layer, t)))
    const etags: string[] = []
    let bytes = 0
    for (const p of hot) {
      const response = await fetch(url + p, { headers })
      bytes += (await response.arrayBuffer()).byteLength
      etags.push(response.headers.get('etag') ?? '')
    }
    console.log(`${hot.length} street-zoom tiles (z15 streets and needs), ${(bytes / hot.length / 1024).toFixed(1)} KiB on average`)

    const baseline = await load(url, [{ path: '/assets/bench.js', headers: {} }], CLIENTS)
    console.log(`  baseline static file: ${baseline.rps.toFixed(0)} req/s, p95 ${baseline.p95.toFixed(1)} ms`)
    const hits = await load(url, hot.map((p) => ({ path: p, headers })), CLIENTS)
    console.log(`  tile hits: ${hits.rps.toFixed(0)} req/s, p95 ${hits.p95.toFixed(1)} ms (${hits.bad} bad)`)
    const revalidated = await load(url, hot.map((p, i) => ({ path: p, headers: { ...headers, 'if-none-match': etags[i] } })), CLIENTS, false, true)
    console.log(`  revalidations (304): ${revalidated.rps.toFixed(0)} req/s, p95 ${revalidated.p95.toFixed(1)} ms`)

    // Misses: tiles nobody asked for yet; half at 1 client (the latency of one), half at 20.
    const cold = tilesOver(box, 16).flatMap((t) => ['streets', 'needs', 'assets'].map((layer) => tilePath(layer, t)))
    const half = Math.floor(cold.length / 2)
    const coldOne = await load(url, cold.slice(0, Math.min(half, 300)).map((p) => ({ path: p, headers })), 1, true)
    console.log(`  tile misses, 1 client: ${coldOne.requests} tiles, ${coldOne.rps.toFixed(0)} tiles/s, p50 ${coldOne.p50.toFixed(1)} ms, p95 ${coldOne.p95.toFixed(1)} ms (${coldOne.bad} bad)`)
    const coldMany = await load(url, cold.slice(half).map((p) => ({ path: p, headers })), CLIENTS, true)
    console.log(`  tile misses, ${CLIENTS} clients: ${coldMany.requests} tiles, ${coldMany.rps.toFixed(0)} tiles/s (${(coldMany.rps / hits.rps).toFixed(3)}× hits), p50 ${coldMany.p50.toFixed(1)} ms, p95 ${coldMany.p95.toFixed(1)} ms (${coldMany.bad} bad)`)

    // The map's one source: a tile view as one request of the five layers, against the
    // same view as five single-layer requests; hits on the z15 tiles, misses on z17 ones
    // (alternate tiles to each form, so neither finds the other's parts cached).
    const FIVE = ['neighbourhoods', 'streets', 'assets', 'enterprises', 'needs']
    const views = tilesOver(box, 15)
    for (const t of views) for (const p of [tilePath(FIVE.join(','), t), ...FIVE.map((l) => tilePath(l, t))]) await (await fetch(url + p, { headers })).arrayBuffer()
    const fiveHits = await load(url, views.flatMap((t) => FIVE.map((l) => ({ path: tilePath(l, t), headers }))), CLIENTS)
    const oneHits = await load(url, views.map((t) => ({ path: tilePath(FIVE.join(','), t), headers })), CLIENTS)
    const [fiveHitViews, oneHitViews] = [fiveHits.rps / FIVE.length, oneHits.rps]
    console.log(`  five-layer view hits: five requests ${fiveHitViews.toFixed(0)} views/s, one request ${oneHitViews.toFixed(0)} views/s (${(oneHitViews / fiveHitViews).toFixed(2)}×), p95 per view request ${oneHits.p95.toFixed(1)} ms (${fiveHits.bad + oneHits.bad} bad)`)
    // A view as the browser makes it: its requests side by side, done when all are in
    // (autocannon's runs of a fixed amount end on whole seconds, too coarse here).
    const fresh = tilesOver(box, 17)
    const [singleCold, listCold] = [fresh.filter((_, i) => i % 2 === 0), fresh.filter((_, i) => i % 2 === 1)]
    const coldViews = async (tiles: Tile[], list: boolean, clients: number) => {
      const times: number[] = []
      let next = 0
      let bad = 0
      const started = performance.now()
      await Promise.all(Array.from({ length: clients }, async () => {
        while (next < tiles.length) {
          const t = tiles[next++]
          const began = performance.now()
          await Promise.all((list ? [tilePath(FIVE.join(','), t)] : FIVE.map((l) => tilePath(l, t))).map(async (p) => {
            const response = await fetch(url + p, { headers })
            await response.arrayBuffer()
            if (response.status !== 200) bad++
          }))
          times.push(performance.now() - began)
        }
      }))
      times.sort((a, b) => a - b)
      return { views: tiles.length / ((performance.now() - started) / 1000), p50: percentile(times, 50), p95: percentile(times, 95), bad }
    }
    const n1 = Math.min(60, Math.floor(listCold.length / 4))
    const fiveCold1 = await coldViews(singleCold.slice(0, n1), false, 1)
    const oneCold1 = await coldViews(listCold.slice(0, n1), true, 1)
    const nMany = Math.min(300, listCold.length - n1)
    const fiveColdMany = await coldViews(singleCold.slice(n1, n1 + nMany), false, CLIENTS)
    const oneColdMany = await coldViews(listCold.slice(n1, n1 + nMany), true, CLIENTS)
    const line = (a: { views: number; p50: number; p95: number }) => `${a.views.toFixed(1)} views/s, p50 ${a.p50.toFixed(1)} ms, p95 ${a.p95.toFixed(1)} ms`
    console.log(`  five-layer view misses, 1 client (${n1} z17 views each): five requests ${line(fiveCold1)}; one request ${line(oneCold1)} (${(fiveCold1.p50 / oneCold1.p50).toFixed(2)}× faster at p50)`)
    console.log(`  five-layer view misses, ${CLIENTS} clients (${nMany} each): five requests ${line(fiveColdMany)}; one request ${line(oneColdMany)} (${(oneColdMany.views / fiveColdMany.views).toFixed(2)}× the views/s) (${fiveCold1.bad + oneCold1.bad + fiveColdMany.bad + oneColdMany.bad} bad)`)

    // The summary's ratio is baseline / value, so throughput is given as time per request.
    const rows: BenchRow[] = []
    rows.push(
      {
        // Throughput, so the ratio is the issue's: the tiles' over the static file's, at least 0.5×.
        figure: `tile hit on PGlite, ${CLIENTS} clients: throughput`, value: hits.rps, unit: 'req/s',
        baseline: { figure: 'static file, same server', value: baseline.rps },
        target: 'ratio ≥ 0.5× (the static file\'s throughput)',
      },
      { figure: `tile hit on PGlite, ${CLIENTS} clients: p95`, value: hits.p95, baseline: { figure: 'static file p95', value: baseline.p95 }, target: '≤ 50 ms' },
      { figure: `tile 304 on PGlite, ${CLIENTS} clients: p95`, value: revalidated.p95, baseline: { figure: 'static file p95', value: baseline.p95 } },
      { figure: 'tile miss on PGlite, 1 client: p95', value: coldOne.p95, baseline: { figure: 'tile hit p95', value: hits.p95 }, target: '≤ 100 ms', note: `${coldOne.requests} z16 tiles` },
      { figure: `tile miss on PGlite, ${CLIENTS} clients: p95`, value: coldMany.p95, baseline: { figure: 'tile hit p95', value: hits.p95 }, target: '≤ 100 ms', note: `${coldMany.requests} z16 tiles` },
      {
        figure: `tile miss on PGlite, ${CLIENTS} clients: ms per tile (1000 / tiles/s)`, value: 1000 / coldMany.rps,
        baseline: { figure: 'tile hit (1000 / req/s)', value: 1000 / hits.rps },
        note: `${coldMany.rps.toFixed(0)} vs ${hits.rps.toFixed(0)} tiles/s; 1 client: ${coldOne.rps.toFixed(0)} tiles/s`,
      },
      {
        figure: `five-layer tile view hit on PGlite, ${CLIENTS} clients, one request: ms per view`, value: 1000 / oneHitViews,
        baseline: { figure: 'the same view as five single-layer requests (ms per view)', value: 1000 / fiveHitViews },
        note: `${oneHitViews.toFixed(0)} vs ${fiveHitViews.toFixed(0)} views/s, z15`,
      },
      {
        figure: 'five-layer tile view miss on PGlite, 1 client, one request: p50 per view', value: oneCold1.p50,
        baseline: { figure: 'the same view as five single-layer requests side by side (p50)', value: fiveCold1.p50 },
        note: `${n1} z17 views each`,
      },
      {
        figure: `five-layer tile view miss on PGlite, ${CLIENTS} clients, one request: ms per view (1000 / views/s)`, value: 1000 / oneColdMany.views,
        baseline: { figure: 'the same view as five single-layer requests side by side (1000 / views/s)', value: 1000 / fiveColdMany.views },
        note: `${nMany} z17 views each`,
      },
    )
    const file = recordBench('tiles', rows)
    console.log(`\nHits: ${(hits.rps / baseline.rps).toFixed(2)}× the static file's throughput (target ≥ 0.5×), p95 ${hits.p95.toFixed(1)} ms (target ≤ 50 ms); misses p95 ${coldOne.p95.toFixed(1)} ms at 1 client, ${coldMany.p95.toFixed(1)} ms at ${CLIENTS} (target ≤ 100 ms). Recorded in ${path.relative(process.cwd(), file)}`)
  } finally {
    server.child.kill('SIGTERM')
    await server.exited
  }
} finally {
  await rm(root, { recursive: true, force: true })
}
