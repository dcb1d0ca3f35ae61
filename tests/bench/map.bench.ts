/**
 * `npm run bench:map`: what the map costs a visitor.
 *  - bundle size (gzip) of the initial JavaScript (the entry and what it imports
 *    statically) and of the lazily loaded map chunk (MapLibre and the adapter), read
 *    from vite's manifest (run after `vite build`);
 *  - time from navigation to the first pins drawn, in headless Chromium against the
 *    real embedded backend with the demo town: median of 5 cold page loads.
 * Prints a table and writes test-artifacts/bench-map.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { repoRoot } from '../../src/db/migrations.ts'
import { startTestServer } from '../helpers/server.ts'
import { recordBench } from './report.ts'

interface ManifestChunk {
  file: string
  imports?: string[]
  dynamicImports?: string[]
  isEntry?: boolean
  isDynamicEntry?: boolean
  css?: string[]
}

const dist = path.join(repoRoot, 'dist')
const manifestPath = path.join(dist, '.vite', 'manifest.json')
if (!existsSync(manifestPath)) throw new Error('No dist/.vite/manifest.json: run `vite build` first (npm run bench:map does).')
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>

const gz = (file: string) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length
/** A chunk and its static imports, each once. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen
  seen.add(key)
  for (const k of manifest[key]?.imports ?? []) closure(k, seen)
  return seen
}
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry)
const mapKey = Object.keys(manifest).find((k) => k.endsWith('src/map/MapView.tsx'))
if (!entryKey || !mapKey) throw new Error('The manifest has no entry or no MapView chunk.')
const initial = closure(entryKey)
const mapOnly = [...closure(mapKey)].filter((k) => !initial.has(k))
const sum = (keys: Iterable<string>) => [...keys].reduce((n, k) => n + gz(manifest[k].file), 0)
const worker = Object.values(manifest).find((c) => c.file.includes('maplibre-gl-worker'))
const workerFile = worker?.file ?? readFileSync(path.join(dist, manifest[mapKey].file), 'utf8').match(/assets\/maplibre-gl-worker-[\w-]+\.js/)?.[0]

const sizes = {
  initialJsGzip: sum(initial),
  mapChunkGzip: sum(mapOnly),
  mapWorkerGzip: workerFile ? gz(workerFile) : null,
  initialCssGzip: (manifest[entryKey].css ?? []).reduce((n, f) => n + gz(f), 0),
}

// Time to first pins: cold browser context each run, so nothing is cached.
const server = await startTestServer({ staticDir: dist })
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})
const times: number[] = []
try {
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.goto(`${server.url}/?map=15/54.1/-3.4`)
    await page.waitForSelector('html[data-pins-drawn="true"]', { timeout: 120_000 })
    // performance.mark at the moment MapLibre reports the pins rendered, from navigation start.
    times.push(await page.evaluate(() => performance.getEntriesByName('streetlevel:pins-drawn')[0].startTime))
    await context.close()
  }
} finally {
  await browser.close()
  await server.stop()
}
const sorted = [...times].sort((a, b) => a - b)
const result = { ...sizes, firstPinsMs: { median: Math.round(sorted[2]), runs: times.map(Math.round) } }
const kb = (n: number | null) => (n === null ? 'n/a' : `${(n / 1024).toFixed(1)} KiB`)
console.log(`
Street Level map benchmark
  initial JS (gzip)           ${kb(sizes.initialJsGzip)}
  initial CSS (gzip)          ${kb(sizes.initialCssGzip)}
  map chunk, lazy (gzip)      ${kb(sizes.mapChunkGzip)}
  MapLibre worker (gzip)      ${kb(sizes.mapWorkerGzip)}
  first pins drawn, median 5  ${result.firstPinsMs.median} ms   (runs: ${result.firstPinsMs.runs.join(', ')} ms)
`)
mkdirSync(path.join(repoRoot, 'test-artifacts'), { recursive: true })
writeFileSync(path.join(repoRoot, 'test-artifacts', 'bench-map.json'), JSON.stringify(result, null, 2) + '\n')
// The shared table (the first pins' ratio to a bare MapLibre page is navigation.bench.ts's).
const kib = (n: number | null) => (n === null ? NaN : n / 1024)
recordBench('map', [
  { figure: 'initial JS (gzip)', value: kib(sizes.initialJsGzip), unit: 'KiB' },
  { figure: 'map chunk, lazy (gzip)', value: kib(sizes.mapChunkGzip), unit: 'KiB', baseline: { figure: 'initial JS', value: kib(sizes.initialJsGzip) } },
  { figure: 'first pins drawn, demo town (median of 5)', value: result.firstPinsMs.median },
])
