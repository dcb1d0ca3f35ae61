/**
 * The baseline for the map benchmark: a bare MapLibre page drawing the same data as the
 * app from static files. One app load records what it drew (the streets and needs tiles,
 * the assets and enterprises GeoJSON); those bytes are written as files next to a page
 * with nothing but MapLibre, served by a plain static file server on this machine.
 * "First pins" on it is the first idle with a point rendered, as in the app.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { repoRoot } from '../../src/db/migrations.ts'

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.pbf': 'application/x-protobuf', '.mvt': 'application/vnd.mapbox-vector-tile',
}

export interface BareSite {
  url: string
  close(): Promise<void>
}

/** Records one app load at `appUrl` and builds the bare page from what it fetched. */
export async function bareSite(browser: Browser, appUrl: string, camera: { lon: number; lat: number; zoom: number }): Promise<BareSite> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bare-map-'))
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  const tiles = new Set<string>()
  const writes: Promise<void>[] = []
  page.on('response', (r) => {
    const url = new URL(r.url())
    const fn = url.pathname.split('/rpc/')[1]
    if (!fn || !r.ok()) return
    writes.push((async () => {
      const body = await r.body()
      if (fn === 'map_tile') {
        const [layer, z, x, y] = ['layer', 'z', 'x', 'y'].map((k) => url.searchParams.get(k) ?? '')
        const file = path.join(dir, 'tiles', layer, z, x, `${y}.mvt`)
        mkdirSync(path.dirname(file), { recursive: true })
        writeFileSync(file, body)
        tiles.add(layer)
      } else if (fn === 'map_assets' || fn === 'map_enterprises') {
        writeFileSync(path.join(dir, `${fn.slice(4)}.json`), body)
      }
    })())
  })
  await page.goto(appUrl)
  await page.waitForSelector('html[data-pins-drawn="true"]', { timeout: 120_000 })
  await page.waitForSelector('.map-canvas[data-idle="true"]', { timeout: 120_000 })
  await Promise.all(writes)
  await context.close()

  const dist = path.join(repoRoot, 'node_modules/maplibre-gl/dist')
  for (const f of ['maplibre-gl.mjs', 'maplibre-gl-worker.mjs', 'maplibre-gl.css']) writeFileSync(path.join(dir, f), readFileSync(path.join(dist, f)))
  writeFileSync(path.join(dir, 'index.html'), page_(camera, [...tiles]))

  const server: Server = createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/$/, '/index.html'))
    try {
      const body = readFileSync(file)
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body)
    } catch {
      // A tile the app never asked for is an empty tile.
      res.writeHead(file.endsWith('.mvt') ? 204 : 404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => {
      rmSync(dir, { recursive: true, force: true })
      resolve()
    })),
  }
}

function page_(camera: { lon: number; lat: number; zoom: number }, tiled: string[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/maplibre-gl.css">
<style>html,body,#map{margin:0;height:100%}</style></head><body><div id="map"></div>
<script type="module">
import * as maplibregl from '/maplibre-gl.mjs'
maplibregl.setWorkerUrl('/maplibre-gl-worker.mjs')
const tiled = ${JSON.stringify(tiled)}
const sources = {}
for (const layer of tiled) sources[layer] = { type: 'vector', tiles: [location.origin + '/tiles/' + layer + '/{z}/{x}/{y}.mvt'], maxzoom: 14 }
sources.assets = { type: 'geojson', data: location.origin + '/assets.json' }
sources.enterprises = { type: 'geojson', data: location.origin + '/enterprises.json' }
const layers = [{ id: 'bg', type: 'background', paint: { 'background-color': '#cfdfe4' } }]
if (tiled.includes('streets')) layers.push({ id: 'streets', type: 'line', source: 'streets', 'source-layer': 'streets', paint: { 'line-color': '#fff', 'line-width': 3 } })
const points = ['assets', 'enterprises']
layers.push({ id: 'assets', type: 'circle', source: 'assets', paint: { 'circle-radius': 5, 'circle-color': '#e69f00' } })
layers.push({ id: 'enterprises', type: 'circle', source: 'enterprises', paint: { 'circle-radius': 5, 'circle-color': '#0072b2' } })
if (tiled.includes('needs')) {
  layers.push({ id: 'needs', type: 'circle', source: 'needs', 'source-layer': 'needs', paint: { 'circle-radius': 6, 'circle-color': '#fff', 'circle-stroke-width': 3 } })
  points.push('needs')
}
const map = new maplibregl.Map({ container: 'map', style: { version: 8, sources, layers }, center: [${camera.lon}, ${camera.lat}], zoom: ${camera.zoom}, attributionControl: false })
let done = false
map.on('idle', () => {
  if (done || map.queryRenderedFeatures({ layers: points }).length === 0) return
  done = true
  performance.mark('bare:pins-drawn')
  document.documentElement.dataset.pinsDrawn = 'true'
})
</script></body></html>`
}
