/**
 * `npm run bench`: the embedded backend's start times and throughput.
 *
 *   cold start   a new data folder: PGlite created, bootstrap + migrations, demo town
 *   warm start   the same folder again after a clean stop
 *   load         autocannon at 1 and 20 concurrent clients, BENCH_SECONDS (default 10) each:
 *                  baseline  GET of a small static file (the floor: HTTP + Node only)
 *                  map read  POST /rest/v1/rpc/map_needs over the demo town's bounding box
 *                  pin       POST /rest/v1/rpc/pin_need as signed-in residents
 *                with requests/s, p50 and p95 latency, and ratios to the baseline.
 * The same load runs against the local Postgres server (DATABASE_URL mode) when it is
 * there. Results also go to test-artifacts/bench-server.json. Not part of `npm test`.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { repoRoot } from '../../src/db/migrations.ts'
import { createPostgresDatabase, demoBbox, spawnServer, type ChildServer } from '../helpers/server.ts'
import { postgresWithPostgis } from '../helpers/engines.ts'
import { recordBench } from './report.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONCURRENCY = [1, 20]
/** Anonymous residents may pin 10 needs an hour (in the database), so pins rotate over many. */
const PINS_PER_USER = 10

interface Scenario {
  name: string
  request: () => { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string }
}

interface Result {
  engine: string
  scenario: string
  connections: number
  requests: number
  errors: number
  non2xx: number
  rps: number
  p50: number
  p95: number
  rpsVsBaseline?: number
  p50VsBaseline?: number
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN)

async function load(url: string, scenario: Scenario, connections: number): Promise<Omit<Result, 'engine'>> {
  const latencies: number[] = []
  const instance = autocannon({
    url,
    connections,
    duration: SECONDS,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, ...scenario.request() }) }],
  })
  instance.on('response', (_client: unknown, _status: number, _bytes: number, time: number) => latencies.push(time))
  const result = await instance
  latencies.sort((a, b) => a - b)
  return {
    scenario: scenario.name,
    connections,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    rps: result.requests.total / SECONDS,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
  }
}

async function startedIn(env: Record<string, string>): Promise<{ server: ChildServer; ms: number }> {
  const t = performance.now()
  const server = await spawnServer({ STREETLEVEL_LOG: 'quiet', ...env }, 600_000)
  return { server, ms: performance.now() - t }
}

async function stop(server: ChildServer) {
  server.child.kill('SIGTERM')
  await server.exited
}

async function post(url: string, key: string, fn: string, body: unknown, token = key) {
  const response = await fetch(`${url}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: key, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${fn}: ${response.status} ${await response.text()}`)
  return response.json()
}

async function residents(url: string, key: string, count: number): Promise<string[]> {
  const tokens: string[] = []
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/auth/v1/signup`, { method: 'POST', headers: { apikey: key, 'Content-Type': 'application/json' }, body: '{}' })
    if (!response.ok) throw new Error(`signup: ${response.status} ${await response.text()}`)
    tokens.push(((await response.json()) as { access_token: string }).access_token)
  }
  return tokens
}

async function runLoad(engine: string, server: ChildServer): Promise<Result[]> {
  const url = server.url.replace('localhost', '127.0.0.1')
  const key = server.anonKey
  const streets = (await post(url, key, 'map_streets', demoBbox)) as { features: Array<{ geometry: { coordinates: [number, number][] } }> }
  const points = streets.features.map((f) => f.geometry.coordinates[0])
  // Enough residents for the pins at both concurrencies (a probe would cost a run).
  const tokens = await residents(url, key, Number(process.env.BENCH_RESIDENTS ?? 600))
  let pinned = 0

  const scenarios: Scenario[] = [
    { name: 'baseline: GET static file', request: () => ({ method: 'GET', path: '/assets/bench.js', headers: {} }) },
    {
      name: 'map read: map_needs (demo town)',
      request: () => ({ method: 'POST', path: '/rest/v1/rpc/map_needs', headers: { apikey: key, 'content-type': 'application/json' }, body: JSON.stringify(demoBbox) }),
    },
    {
      name: 'write: pin_need',
      request: () => {
        const n = pinned++
        const token = tokens[Math.floor(n / PINS_PER_USER) % tokens.length]
        const [lon, lat] = points[n % points.length]
        return {
          method: 'POST',
          path: '/rest/v1/rpc/pin_need',
          headers: { apikey: key, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id: randomUUID(), category: 'food', body: 'Benchmark need: no food bank nearby.', lon, lat }),
        }
      },
    },
  ]
  const results: Result[] = []
  for (const connections of CONCURRENCY) {
    let baseline: Omit<Result, 'engine'> | undefined
    for (const scenario of scenarios) {
      process.stdout.write(`  ${engine}: ${scenario.name} × ${connections}… `)
      const r = await load(url, scenario, connections)
      baseline ??= r
      const row: Result = { engine, ...r, rpsVsBaseline: r.rps / baseline.rps, p50VsBaseline: r.p50 / baseline.p50 }
      results.push(row)
      console.log(`${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms${r.non2xx || r.errors ? ` (${r.non2xx} non-2xx, ${r.errors} errors)` : ''}`)
    }
  }
  if (pinned > tokens.length * PINS_PER_USER) console.warn(`  (pins outran the ${tokens.length} residents: some got 429; raise BENCH_RESIDENTS)`)
  return results
}

function table(results: Result[]) {
  const head = ['engine', 'scenario', 'conns', 'req/s', 'p50 ms', 'p95 ms', 'req/s ÷ base', 'p50 ÷ base', 'non-2xx']
  const rows = results.map((r) => [
    r.engine, r.scenario, String(r.connections), r.rps.toFixed(0), r.p50.toFixed(1), r.p95.toFixed(1),
    r.rpsVsBaseline!.toFixed(3), r.p50VsBaseline!.toFixed(1), String(r.non2xx + r.errors),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  console.log([line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n'))
}

const root = await mkdtemp(path.join(os.tmpdir(), 'streetlevel-bench-'))
const staticDir = path.join(root, 'dist')
await mkdir(path.join(staticDir, 'assets'), { recursive: true })
await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>bench</title>')
await writeFile(path.join(staticDir, 'assets', 'bench.js'), `// ${'x'.repeat(2000)}\n`)
const common = { STREETLEVEL_STATIC: staticDir, STREETLEVEL_ANON_SIGNINS_PER_HOUR: '0' }

try {
  // Other work on the machine skews every number: the load average says how much there was.
  console.log(`Street Level server benchmark (${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}, Node ${process.version}, ${SECONDS} s per load run)\n`)
  const env = { ...common, STREETLEVEL_DATA: path.join(root, 'data') }
  console.log('Cold start (new data folder: create PGlite, migrate, load the demo town)…')
  const cold = await startedIn(env)
  console.log(`  ready in ${(cold.ms / 1000).toFixed(1)} s`)
  await stop(cold.server)
  console.log('Warm start (same folder, after a clean stop)…')
  const warm = await startedIn(env)
  console.log(`  ready in ${(warm.ms / 1000).toFixed(1)} s\n`)

  console.log('Load (PGlite: one connection, requests queue)…')
  const results = await runLoad('PGlite', warm.server)
  await stop(warm.server)

  let postgresStartMs: number | undefined
  if (await postgresWithPostgis()) {
    const database = await createPostgresDatabase()
    try {
      console.log('\nLoad (Postgres via DATABASE_URL: a pool of 10 connections)…')
      const pgServer = await startedIn({ ...common, STREETLEVEL_DATA: path.join(root, 'pgdata-keys'), DATABASE_URL: database.url })
      postgresStartMs = pgServer.ms
      results.push(...(await runLoad('Postgres', pgServer.server)))
      await stop(pgServer.server)
    } finally {
      await database.drop()
    }
  } else {
    console.log('\n(no local Postgres with PostGIS: Postgres load skipped)')
  }

  console.log('')
  table(results)
  console.log(`\ncold start ${(cold.ms / 1000).toFixed(1)} s, warm start ${(warm.ms / 1000).toFixed(1)} s (PGlite)` +
    (postgresStartMs ? `; Postgres first start (migrate + seed) ${(postgresStartMs / 1000).toFixed(1)} s` : ''))
  const out = path.join(repoRoot, 'test-artifacts', 'bench-server.json')
  await mkdir(path.dirname(out), { recursive: true })
  await writeFile(out, JSON.stringify({ date: new Date().toISOString(), loadAverage: os.loadavg(), seconds: SECONDS, coldStartMs: cold.ms, warmStartMs: warm.ms, postgresStartMs, results }, null, 2))
  console.log(`Written to ${path.relative(repoRoot, out)}.`)
  // The shared table: start-up against the warm start, each endpoint's p50 against the static file's.
  recordBench('server', [
    { figure: 'cold start (PGlite: create, migrate, demo town)', value: cold.ms, baseline: { figure: 'warm start, same folder', value: warm.ms } },
    ...(postgresStartMs ? [{ figure: 'first start on Postgres (migrate + seed)', value: postgresStartMs, baseline: { figure: 'warm start on PGlite', value: warm.ms } }] : []),
    ...results.filter((r) => r.scenario !== 'baseline').map((r) => ({
      figure: `${r.engine} ${r.scenario}, ${r.connections} client(s): p50`,
      value: r.p50,
      baseline: { figure: 'static file p50, same clients', value: r.p50 / r.p50VsBaseline! },
      note: `${r.rps.toFixed(0)} req/s`,
    })),
  ])
} finally {
  await rm(root, { recursive: true, force: true })
}
