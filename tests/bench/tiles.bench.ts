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

    // The summary's ratio is baseline / value, so throughput is given as time per request.
    const rows: BenchRow[] = []
    rows.push(
      {
        figure: `tile hit on PGlite, ${CLIENTS} clients: ms per request (1000 / req/s)`, value: 1000 / hits.rps,
        baseline: { figure: 'static file, same server (1000 / req/s)', value: 1000 / baseline.rps },
        target: 'ratio ≥ 0.5×', note: `${hits.rps.toFixed(0)} vs ${baseline.rps.toFixed(0)} req/s`,
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
