/**
 * `npm run bench:soak`: the embedded backend (PGlite) under sustained mixed load, then
 * through a forced engine failure (issue 17).
 *
 *   soak      SOAK_CLIENTS (default 20) clients for SOAK_SECONDS (default 180) over
 *             SOAK_RESIDENTS (default 20; each may pin 10 an hour) anonymous residents: map reads, bad-bbox reads
 *             (400), pins (most refused with 429 by the hourly limit, as in a busy town),
 *             static files. Expect 5xx: 0.
 *   failure   the same load for SOAK_FAILURE_SECONDS (default 60) while the engine's thread
 *             is made to exit: recovery time, 503s while it is replaced (all with
 *             Retry-After), other 5xx: 0, and every acknowledged pin still there.
 * Figures: calls, seconds, calls/s, status histogram, p50/p95 latency per kind, and the
 * read latency as a ratio to the static-file latency measured in the same run. Results go
 * to test-artifacts/bench-soak.json. Not part of `npm test`; exits 1 if a figure fails.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { repoRoot } from '../../src/db/migrations.ts'
import type { SupervisedDatabase } from '../../src/db/supervised-pglite.ts'
import { startServer } from '../../src/server/app.ts'
import { defaultConfig } from '../../src/server/config.ts'
import { createLogger } from '../../src/server/log.ts'
import { demoBbox } from '../helpers/server.ts'
import { recordBench, type BenchRow } from './report.ts'

const SECONDS = Number(process.env.SOAK_SECONDS ?? 180)
const FAILURE_SECONDS = Number(process.env.SOAK_FAILURE_SECONDS ?? 60)
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 20)
const RESIDENTS = Number(process.env.SOAK_RESIDENTS ?? 20)

type Kind = 'map read' | 'bad bbox' | 'pin' | 'static'
interface Phase {
  name: string
  seconds: number
  calls: number
  statuses: Record<string, number>
  latencies: Record<Kind, number[]>
  missingRetryAfter: number
}

const root = await mkdtemp(path.join(os.tmpdir(), 'streetlevel-soak-'))
const staticDir = path.join(root, 'dist')
await mkdir(path.join(staticDir, 'assets'), { recursive: true })
await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>soak</title>')
await writeFile(path.join(staticDir, 'assets', 'soak.js'), 'console.log("soak")\n')

console.log(`Starting the embedded server (PGlite, demo town) in ${root}…`)
const started = performance.now()
const server = await startServer(
  defaultConfig({
    port: 0,
    dataDir: path.join(root, 'data'),
    staticDir,
    build: false,
    quiet: true,
    engineTestHooks: true,
    rateLimits: { anonymousSignInsPerHour: 0, passwordAttemptsPer5Min: 0, refreshesPer5Min: 0, mailsPerHour: 0, writesPerMinute: 0, heavyReadsPerMinute: 0 },
  }),
  createLogger({ quiet: true }),
)
console.log(`Ready in ${((performance.now() - started) / 1000).toFixed(1)} s.`)
const db = server.db as SupervisedDatabase
const base = server.url.replace('localhost', '127.0.0.1')
const key = server.keys.anonKey
const json = { apikey: key, 'Content-Type': 'application/json' }

const post = (fn: string, body: unknown, token = key) =>
  fetch(`${base}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { ...json, Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  })

const streets = (await (await post('map_streets', demoBbox)).json()) as { features: Array<{ geometry: { coordinates: [number, number][] } }> }
const points = streets.features.map((f) => f.geometry.coordinates[0])
const tokens: string[] = []
for (let i = 0; i < RESIDENTS; i++) {
  const response = await fetch(`${base}/auth/v1/signup`, { method: 'POST', headers: json, body: '{}' })
  if (!response.ok) throw new Error(`signup: ${response.status} ${await response.text()}`)
  tokens.push(((await response.json()) as { access_token: string }).access_token)
}
console.log(`${RESIDENTS} residents signed up; ${points.length} street points to pin on.`)

const acknowledgedPins: string[] = []
const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]

async function oneCall(phase: Phase): Promise<void> {
  const roll = Math.random()
  const kind: Kind = roll < 0.45 ? 'map read' : roll < 0.55 ? 'bad bbox' : roll < 0.9 ? 'pin' : 'static'
  const t0 = performance.now()
  let response: Response
  let pinId: string | undefined
  try {
    if (kind === 'map read') response = await post(pick(['map_needs', 'map_streets', 'map_assets']), demoBbox)
    else if (kind === 'bad bbox') response = await post('map_needs', { ...demoBbox, min_lon: demoBbox.max_lon })
    else if (kind === 'pin') {
      pinId = randomUUID()
      const [lon, lat] = pick(points)
      response = await post('pin_need', { id: pinId, category: 'food', body: 'Soak need: no food bank nearby.', lon, lat }, pick(tokens))
    } else response = await fetch(`${base}/assets/soak.js`, { signal: AbortSignal.timeout(60_000) })
    await response.arrayBuffer()
  } catch (error) {
    phase.calls++
    const name = `error ${(error as Error).name}`
    phase.statuses[name] = (phase.statuses[name] ?? 0) + 1
    return
  }
  phase.calls++
  phase.latencies[kind].push(performance.now() - t0)
  phase.statuses[response.status] = (phase.statuses[response.status] ?? 0) + 1
  if (response.status === 503 && !response.headers.get('retry-after')) phase.missingRetryAfter++
  if (kind === 'pin' && response.status === 200) acknowledgedPins.push(pinId!)
  // A client told to come back later does so, as the app does.
  if (response.status === 503) await new Promise((r) => setTimeout(r, 1000 * Number(response.headers.get('retry-after') ?? 1)))
}

async function runPhase(name: string, seconds: number, during?: () => Promise<void>): Promise<Phase> {
  const phase: Phase = { name, seconds, calls: 0, statuses: {}, latencies: { 'map read': [], 'bad bbox': [], pin: [], static: [] }, missingRetryAfter: 0 }
  const end = Date.now() + seconds * 1000
  const clients = Array.from({ length: CLIENTS }, async () => {
    while (Date.now() < end) await oneCall(phase)
  })
  await Promise.all([...clients, during?.()])
  return phase
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN
}
const fiveXX = (phase: Phase, except: string[] = []) =>
  Object.entries(phase.statuses).filter(([s]) => (/^5\d\d$/.test(s) || s.startsWith('error')) && !except.includes(s)).reduce((n, [, c]) => n + c, 0)

function report(phase: Phase) {
  console.log(`\n${phase.name}: ${phase.calls} calls in ${phase.seconds} s (${(phase.calls / phase.seconds).toFixed(0)} calls/s), ${CLIENTS} clients`)
  console.log(`  statuses: ${Object.entries(phase.statuses).map(([s, n]) => `${s} × ${n}`).join(', ')}`)
  const staticP50 = percentile(phase.latencies.static, 50)
  for (const [kind, values] of Object.entries(phase.latencies)) {
    if (!values.length) continue
    const p50 = percentile(values, 50)
    console.log(`  ${kind.padEnd(9)} ${String(values.length).padStart(6)} calls  p50 ${p50.toFixed(1)} ms  p95 ${percentile(values, 95).toFixed(1)} ms  p50 ÷ static ${(p50 / staticP50).toFixed(1)}`)
  }
}

const failures: string[] = []
const soak = await runPhase('soak', SECONDS)
report(soak)
if (fiveXX(soak) > 0) failures.push(`soak: ${fiveXX(soak)} 5xx or failed calls`)
if (db.status().recoveries > 0) failures.push(`soak: the engine needed ${db.status().recoveries} recoveries (${db.status().lastFailure?.reason})`)

const failure = await runPhase('forced engine failure', FAILURE_SECONDS, async () => {
  await new Promise((r) => setTimeout(r, 5000))
  await db.breakEngine('exit')
})
report(failure)
const status = db.status()
const recoveryMs = status.lastFailure?.recoveryMs
console.log(`  engine: ${status.lastFailure?.reason}; serving again after ${recoveryMs} ms; 503s meanwhile: ${failure.statuses['503'] ?? 0}`)
if (status.recoveries !== 1 || recoveryMs === undefined) failures.push(`failure: expected one recovery, got ${status.recoveries}`)
if (fiveXX(failure, ['503']) > 0) failures.push(`failure: ${fiveXX(failure, ['503'])} 5xx other than 503, or failed calls`)
if (failure.missingRetryAfter > 0) failures.push(`failure: ${failure.missingRetryAfter} 503s without Retry-After`)

await db.whenServing()
const { rows } = await db.transaction((tx) => tx.query<{ n: number }>('select count(*)::int as n from public.needs where id = any($1::uuid[])', [acknowledgedPins]), { readOnly: true })
console.log(`  acknowledged pins: ${acknowledgedPins.length}, found after recovery: ${rows[0].n}`)
if (rows[0].n !== acknowledgedPins.length) failures.push(`lost ${acknowledgedPins.length - rows[0].n} acknowledged pins`)

const artifacts = path.join(repoRoot, 'test-artifacts')
await mkdir(artifacts, { recursive: true })
const summary = (phase: Phase) => ({
  calls: phase.calls,
  seconds: phase.seconds,
  callsPerSecond: phase.calls / phase.seconds,
  statuses: phase.statuses,
  p50: Object.fromEntries(Object.entries(phase.latencies).map(([k, v]) => [k, percentile(v, 50)])),
  p95: Object.fromEntries(Object.entries(phase.latencies).map(([k, v]) => [k, percentile(v, 95)])),
})
await writeFile(
  path.join(artifacts, 'bench-soak.json'),
  JSON.stringify({ clients: CLIENTS, residents: RESIDENTS, soak: summary(soak), failure: { ...summary(failure), recoveryMs, reason: status.lastFailure?.reason }, acknowledgedPins: acknowledgedPins.length, lostPins: acknowledgedPins.length - rows[0].n, failures }, null, 2) + '\n',
)
// The shared table: each call's p50 under the soak against the static file's.
const soakRows: BenchRow[] = Object.entries(soak.latencies)
  .filter(([kind, values]) => kind !== 'static' && values.length)
  .map(([kind, values]) => ({
    figure: `soak ${kind} p50 (${CLIENTS} clients)`, value: percentile(values, 50),
    baseline: { figure: 'static file p50, same soak', value: percentile(soak.latencies.static, 50) },
  }))
if (recoveryMs !== undefined) soakRows.push({ figure: 'engine recovery after a forced failure', value: recoveryMs, note: `${failures.length} failures` })
recordBench('soak', soakRows)
await server.close()
await rm(root, { recursive: true, force: true })
if (failures.length) {
  console.error(`\nSOAK FAILED:\n  ${failures.join('\n  ')}`)
  process.exit(1)
}
console.log('\nSoak passed: no 5xx under load, 503s only while the engine was replaced, no acknowledged write lost.')
