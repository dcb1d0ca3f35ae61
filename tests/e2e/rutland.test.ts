/**
 * A real town, end to end: the whole of Rutland imported from OpenStreetMap
 * (../shared/data, © OpenStreetMap contributors, ODbL) with the ONS LSOAs and wards into a fresh
 * Postgres prepared without demo data (as `npm run db:prepare` does), served by the
 * embedded backend on DATABASE_URL to Debian's headless Chromium. Synthetic needs (fixed
 * seed, through private.record_need so they snap as real pins do) give the table rows.
 * Screenshots: test-artifacts/rutland-*.png.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import pg from 'pg'
import type { SupabaseClient } from '@supabase/supabase-js'
import { ensureAppBuilt } from '../../src/server/build.ts'
import { migrate, repoRoot, type SqlClient } from '../../src/db/migrations.ts'
import { runImport } from '../../src/import/run.ts'
import { engineAvailable, postgresWithPostgis } from '../helpers/engines.ts'
import { createPostgresDatabase, startTestServer, supabaseFor, type TestServer } from '../helpers/server.ts'
import { haveSharedData, sharedData } from '../import/shared-data.ts'

const CHROMIUM = '/usr/bin/chromium'
const ready =
  engineAvailable('end-to-end Rutland tests', existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium)`) &&
  haveSharedData('end-to-end Rutland tests') &&
  engineAvailable('end-to-end Rutland tests', await postgresWithPostgis(), 'no Postgres with PostGIS on 127.0.0.1:5432')
const artifacts = path.join(repoRoot, 'test-artifacts')
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
// Rutland's extent, roughly: the county is about 27 km across.
const RUTLAND = { west: -0.83, south: 52.52, east: -0.42, north: 52.77 }

interface ApiRow { street_id: string; label: string; settlement: string | null; gap: number; segment_ids: string[]; total_count: number; bbox: number[] }

let db: { url: string; drop(): Promise<void> }
let client: pg.Client
let server: TestServer
let browser: Browser
let api: SupabaseClient

/** Needs pinned at fixed-seed points along Rutland's named streets, a few per street. */
async function pinSyntheticNeeds(conn: pg.Client): Promise<number> {
  await conn.query(`insert into auth.users (id, aud, role, is_anonymous) values
    ('00000000-0000-4000-8000-000000000012', 'authenticated', 'authenticated', true)`)
  const { rows } = await conn.query<{ n: number }>(`
    with picks as (
      select s.id, s.source_id, row_number() over (order by md5(s.source_id)) as k
      from public.streets s where s.name is not null and s.neighbourhood_id is not null
      order by md5(s.source_id) limit 400
    ), points as (
      select p.k, extensions.st_lineinterpolatepoint(s.geom::extensions.geometry, 0.5) as pt
      from picks p join public.streets s on s.id = p.id
    )
    select count(private.record_need(
      md5('rutland-need-' || p.k)::uuid, '00000000-0000-4000-8000-000000000012',
      (array['food', 'loneliness', 'transport', 'youth', 'older-people', 'health'])[1 + (p.k % 6)::int],
      'A synthetic need for the Rutland end-to-end test', extensions.st_x(p.pt), extensions.st_y(p.pt)))::int as n
    from points p`)
  return rows[0].n
}

async function open(url: string, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, acceptDownloads: true })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('page error:', e.message))
  await page.goto(new URL(url, server.url).href)
  await page.waitForSelector('.map-canvas[data-idle="true"]', { timeout: 120_000 })
  return page
}

/** The camera in the URL once the map has settled: zoom, lat, lon. */
async function cameraOf(page: Page): Promise<{ zoom: number; lat: number; lon: number }> {
  await page.waitForFunction(() => new URLSearchParams(location.search).has('map'), undefined, { timeout: 60_000 })
  await page.waitForTimeout(600)
  const map = await page.evaluate(() => new URLSearchParams(location.search).get('map') as string)
  const [zoom, lat, lon] = map.split('/').map(Number)
  return { zoom, lat, lon }
}

async function tableRows(page: Page) {
  await page.waitForSelector('.gap-table tbody tr', { timeout: 90_000 })
  await page.waitForFunction(() => !document.querySelector('.ranked [role="status"]'), undefined, { timeout: 90_000 })
  return page.locator('.gap-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-street') as string))
}

async function ranked(args: Record<string, unknown> = {}): Promise<ApiRow[]> {
  const { data, error } = await api.rpc('ranked_streets', { radius_m: 400, max_results: 5000, ...args })
  if (error) throw new Error(error.message)
  return data as ApiRow[]
}

/**
 * Where a point is drawn, in page pixels, from the camera in the URL and the map's box
 * (MapLibre's 512-pixel Web Mercator world), to check what the opening view shows.
 */
async function screenPoint(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  const cam = await cameraOf(page)
  const box = (await page.locator('.map-canvas').boundingBox())!
  const world = 512 * 2 ** cam.zoom
  const merc = (l: number) => Math.log(Math.tan(Math.PI / 4 + (l * Math.PI) / 360)) / (2 * Math.PI)
  return {
    x: box.x + box.width / 2 + ((lon - cam.lon) / 360) * world,
    y: box.y + box.height / 2 - (merc(lat) - merc(cam.lat)) * world,
  }
}

/** Waits (generously: a county of lines on software GL) for the map to settle, then shoots. */
async function shot(page: Page, name: string) {
  await page.waitForSelector('.map-canvas[data-idle="true"]', { timeout: 120_000 }).catch(() => {})
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) })
}

describe.runIf(ready)('Rutland, a real town, end to end', { timeout: 480_000 }, () => {
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    const build = await ensureAppBuilt(repoRoot, path.join(repoRoot, 'dist'), () => console.log('Building the app for the end-to-end tests…'))
    if (build.status === 'unavailable') throw new Error(`The app could not be built: ${build.reason}`)
    db = await createPostgresDatabase()
    client = new pg.Client(db.url)
    await client.connect()
    const conn: SqlClient = { exec: (sql) => client.query(sql) as never, query: (sql, params) => client.query(sql, params) as never }
    await migrate(conn)
    await runImport(conn, `${sharedData}/ons-boundaries-2011/rutland_lsoa2011.geojson`, { nameProperty: 'LSOA11NM', codeProperty: 'LSOA11CD', kind: 'lsoa' })
    await runImport(conn, `${sharedData}/ons-boundaries-2011/rutland_wards2013.geojson`, { wards: true })
    await runImport(conn, `${sharedData}/osm-rutland-oakham/rutland-latest.osm.pbf`)
    expect(await pinSyntheticNeeds(client)).toBeGreaterThan(300)
    server = await startTestServer({ staticDir: path.join(repoRoot, 'dist'), databaseUrl: db.url, seedFile: null })
    api = supabaseFor(server.url, server.keys.anonKey)
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  }, 600_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await client?.end()
    await db?.drop()
  })

  it('opens the map and the planner on Rutland when the link names no position', async () => {
    for (const [url, name] of [['/', 'rutland-map-desktop'], ['/?mode=gaps', 'rutland-planner-desktop']] as const) {
      const page = await open(url)
      const cam = await cameraOf(page)
      expect(cam.lon).toBeGreaterThan(RUTLAND.west)
      expect(cam.lon).toBeLessThan(RUTLAND.east)
      expect(cam.lat).toBeGreaterThan(RUTLAND.south)
      expect(cam.lat).toBeLessThan(RUTLAND.north)
      // The whole county in view, not one street of it.
      expect(cam.zoom).toBeLessThan(11.5)
      if (url.includes('gaps')) await tableRows(page)
      // …in the part of the map no panel covers: the served area's corners lie right of
      // the side or planner panel and inside the map.
      const { data: extent } = await api.rpc('area_extent')
      const [w, s, e, n] = extent as number[]
      const panel = (await page.locator(url.includes('gaps') ? '.panel.planner' : '#side-panel').boundingBox())!
      const map = (await page.locator('.map-canvas').boundingBox())!
      const sw = await screenPoint(page, w, s)
      const ne = await screenPoint(page, e, n)
      expect(sw.x).toBeGreaterThanOrEqual(panel.x + panel.width - 2)
      expect(ne.x).toBeLessThanOrEqual(map.x + map.width + 2)
      expect(ne.y).toBeGreaterThanOrEqual(map.y - 2)
      expect(sw.y).toBeLessThanOrEqual(map.y + map.height + 2)
      // Context from the same OSM file, drawn in our style: Rutland Water named, woods, railways.
      await page.waitForFunction(() => (document.querySelector('.map-canvas') as HTMLElement).dataset.context?.includes('water-label'), undefined, { timeout: 60_000 })
      const context = JSON.parse((await page.locator('.map-canvas').getAttribute('data-context'))!) as Record<string, number>
      for (const kind of ['water', 'water-label', 'wood', 'railway']) expect(context[kind] ?? 0).toBeGreaterThan(0)
      await shot(page, name)
      await page.context().close()
    }
  })

  it('draws every asset, enterprise and neighbourhood of the county from tiles, none cut short, at county and street zoom', async () => {
    const count = async (sql: string) => (await client.query<{ n: number }>(sql)).rows[0].n
    const assets = await count('select count(*)::int as n from public.assets')
    const enterprises = await count("select count(*)::int as n from public.enterprises where status <> 'closed'")
    const neighbourhoods = await count('select count(*)::int as n from public.neighbourhoods')
    expect(assets).toBeGreaterThan(100)
    const legend = (page: Page, layer: string) => page.locator(`[data-count-layer="${layer}"]`).innerText().then((t) => Number(t.replace(/\D.*$/s, '')))
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await open('/', viewport)
      await cameraOf(page)
      await page.waitForSelector('.map-canvas[data-idle="true"]', { timeout: 120_000 })
      const sourced = async () => JSON.parse((await page.locator('.map-canvas').getAttribute('data-sourced')) ?? '{}') as Record<string, string[]>
      await expect.poll(async () => new Set((await sourced()).assets).size, { timeout: 60_000 }).toBe(assets)
      expect(new Set((await sourced()).enterprises).size).toBe(enterprises)
      expect(new Set((await sourced()).neighbourhoods).size).toBe(neighbourhoods)
      if (viewport === DESKTOP) {
        await expect.poll(() => legend(page, 'assets'), { timeout: 30_000 }).toBe(assets)
        if (enterprises > 0) expect(await legend(page, 'enterprises')).toBe(enterprises)
      }
      await shot(page, viewport === DESKTOP ? 'rutland-county-desktop' : 'rutland-county-phone')
      await page.context().close()
    }
    // Street zoom in Oakham: the assets in view are those of the database in that box.
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await open('/?map=16/52.6706/-0.7297', viewport)
      await page.waitForTimeout(600)
      await page.waitForSelector('.map-canvas[data-idle="true"]', { timeout: 120_000 })
      const drawn = JSON.parse((await page.locator('.map-canvas').getAttribute('data-drawn')) ?? '{}') as Record<string, string[]>
      expect(drawn.assets?.length ?? 0).toBeGreaterThan(0)
      expect(drawn.streets?.length ?? 0).toBeGreaterThan(0)
      expect(drawn.neighbourhoods?.length ?? 0).toBeGreaterThan(0)
      await shot(page, viewport === DESKTOP ? 'rutland-street-desktop' : 'rutland-street-phone')
      await page.context().close()
    }
  })

  it('draws the planner\'s gap lines for every street with a gap and shades every neighbourhood at county zoom, from tiles, with no GeoJSON streets or neighbourhoods', async () => {
    const expected = await ranked()
    const neighbourhoods = (await client.query<{ n: number }>('select count(*)::int as n from public.neighbourhoods')).rows[0].n
    const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 })
    const page = await context.newPage()
    const asked: string[] = []
    page.on('request', (r) => asked.push(r.url()))
    await page.goto(new URL('/?mode=gaps', server.url).href)
    await tableRows(page)
    // The whole county in view (once the map has fitted the served area).
    await expect.poll(async () => (await cameraOf(page)).zoom, { timeout: 60_000 }).toBeLessThan(11.5)
    // From the county's tiles (Rutland has more segments than the old GeoJSON cap of 5,000):
    // every street of the table is drawn, and nothing else.
    const drawnOf = async (key: 'gaps' | 'shading') => {
      await page.waitForSelector('.map-canvas[data-idle="true"]', { timeout: 120_000 })
      return new Set((JSON.parse((await page.locator('.map-canvas').getAttribute('data-drawn')) ?? '{}') as Record<string, string[]>)[key] ?? [])
    }
    const missing = async () => {
      const drawn = await drawnOf('gaps')
      return expected.filter((r) => !r.segment_ids.some((id) => drawn.has(id))).map((r) => r.label)
    }
    await expect.poll(missing, { timeout: 90_000, interval: 1000 }).toEqual([])
    const drawn = await drawnOf('gaps')
    const inTable = new Set(expected.flatMap((r) => r.segment_ids))
    for (const id of drawn) expect(inTable.has(id)).toBe(true)
    // The shading: every neighbourhood with open needs, from its tiles.
    const shaded = await drawnOf('shading')
    const { data: nbRows } = await api.rpc('neighbourhood_gaps', { radius_m: 400 })
    const withNeeds = (nbRows as { neighbourhood_id: string; coverage: number | null }[]).filter((r) => r.coverage !== null)
    expect(withNeeds.length).toBeGreaterThan(0)
    expect(shaded).toEqual(new Set(withNeeds.map((r) => r.neighbourhood_id)))
    expect(neighbourhoods).toBeGreaterThanOrEqual(withNeeds.length)
    // No layer asked for as GeoJSON: the streets and neighbourhoods come from their tiles alone.
    expect(asked.filter((u) => /\/rpc\/map_(streets|neighbourhoods)\b/.test(u))).toEqual([])
    expect(asked.some((u) => /\/rpc\/map_tile\?layer=[\w,]*\bstreets\b/.test(u))).toBe(true)
    await shot(page, 'rutland-planner-county-desktop')
    await context.close()
  })

  it('names neighbourhoods by their ward before their code, in the planner’s filter and table', async () => {
    const page = await open('/?mode=gaps')
    await tableRows(page)
    const options = await page.locator('select option').allInnerTexts()
    expect(options).toContain('Oakham North West (Rutland 002B)')
    expect(options.some((o) => /^Rutland \d{3}[A-Z]$/.test(o))).toBe(false)
    const cells = await page.locator('.gap-table tbody tr').first().innerText()
    expect(cells).toMatch(/\(Rutland \d{3}[A-Z]\)/)
    await page.context().close()
  })

  it('finds one row per street as people know it, and opens the one chosen', async () => {
    const page = await open('/')
    await page.getByRole('combobox').fill('Main Street')
    // The server's answer: several Main Streets, each in its own village.
    await page.waitForFunction(() => document.querySelectorAll('.search-option[data-search-kind="street"]').length >= 3, undefined, { timeout: 60_000 })
    const details = await page.locator('.search-option[data-search-kind="street"] .search-detail').allInnerTexts()
    expect(new Set(details).size).toBe(details.length)
    const option = page.locator('.search-option[data-search-kind="street"]', { hasText: 'Barrowden' }).first()
    await option.click()
    const { data: hits, error } = await api.rpc('search_places', { query: 'Main Street', max_results: 50 })
    expect(error).toBeNull()
    const chosen = (hits as { kind: string; context: string | null; bbox: number[] }[]).find((h) => h.kind === 'street' && h.context?.startsWith('Barrowden'))!
    // The fit animates (slowly on a loaded machine) and is padded clear of the side panel, so
    // the camera's centre is not the street's: wait until the street's middle is drawn, zoomed
    // in, in the part of the map no panel covers.
    const [w, s, e, n] = chosen.bbox
    const panel = (await page.locator('#side-panel').boundingBox())!
    const canvas = (await page.locator('.map-canvas').boundingBox())!
    await expect.poll(async () => {
      const cam = await cameraOf(page)
      const p = await screenPoint(page, (w + e) / 2, (s + n) / 2)
      return cam.zoom > 13 && p.x >= panel.x + panel.width - 2 && p.x <= canvas.x + canvas.width &&
        p.y >= canvas.y && p.y <= canvas.y + canvas.height
    }, { timeout: 30_000, interval: 500 }).toBe(true)
    await page.context().close()
  })

  it('ranks streets as ranked_streets does, one row per street, paged, saying how many', async () => {
    const expected = await ranked()
    expect(new Set(expected.map((r) => r.street_id)).size).toBe(expected.length)
    const page = await open('/?mode=gaps')
    const first = await tableRows(page)
    expect(first).toEqual(expected.slice(0, first.length).map((r) => r.street_id))
    await expect(page.locator('[data-range]').innerText()).resolves.toBe(`1–${first.length} of ${expected[0].total_count.toLocaleString('en-GB')}`)
    await page.locator('[data-page="next"]').click()
    await page.waitForFunction((id) => document.querySelector('.gap-table tbody tr')?.getAttribute('data-street') !== id, first[0])
    const second = await tableRows(page)
    expect(second).toEqual(expected.slice(first.length, first.length + second.length).map((r) => r.street_id))

    // Exports: every row of the table, in order, and every GeoJSON feature with its lines.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="csv"]').click()])
    const lines = readFileSync(await csvDownload.path(), 'utf8').trim().split('\r\n')
    expect(lines[0]).toBe('rank,street,settlement,neighbourhood,demand,supply,gap,top_unmet_categories,street_id')
    expect(lines.slice(1).map((l) => l.split(',').at(-1))).toEqual(expected.map((r) => r.street_id))
    const [geoDownload] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="geojson"]').click()])
    const fc = JSON.parse(readFileSync(await geoDownload.path(), 'utf8')) as { features: { id: string; geometry: { type: string } | null }[] }
    expect(fc.features.map((f) => f.id)).toEqual(expected.map((r) => r.street_id))
    expect(fc.features.filter((f) => f.geometry === null)).toEqual([])
    await page.context().close()
  })

  it('opens the page of a street out of view from its link, from the database, and brings it into view', async () => {
    // A street in Uppingham, while the link points the map at Oakham.
    const target = (await ranked()).find((r) => r.settlement === 'Uppingham' && r.segment_ids.length > 1) as ApiRow
    expect(target).toBeTruthy()
    const { data: expected } = await api.rpc('street_page', { street: target.street_id, radius_m: 400 })
    const page = await open(`/?mode=gaps&map=16/52.6708/-0.7311&sel=streets/${target.street_id}`)
    await page.waitForSelector('.street-page .street-needs li', { timeout: 60_000 })
    await expect(page.locator('#details-title').innerText()).resolves.toBe(target.label)
    expect(await page.locator('.street-page .street-needs li').count()).toBe(expected.needs.length)
    expect(await page.locator('.street-page .street-segments li').count()).toBe(expected.segments.length)
    const cam = await cameraOf(page)
    const [w, s, e, n] = target.bbox
    expect(cam.lon).toBeGreaterThan(w - 0.02)
    expect(cam.lon).toBeLessThan(e + 0.02)
    expect(cam.lat).toBeGreaterThan(s - 0.02)
    expect(cam.lat).toBeLessThan(n + 0.02)
    // The map beside the page stays usable: most of its width is not covered.
    const pageBox = (await page.locator('.street-page').boundingBox())!
    expect(pageBox.width).toBeLessThan(DESKTOP.width * 0.45)
    await shot(page, 'rutland-street-page-desktop')
    await page.context().close()
  })

  it('fits a phone: the table shows demand, supply and gap within 390 px', async () => {
    for (const [url, name] of [['/', 'rutland-map-phone'], ['/?mode=gaps', 'rutland-planner-phone']] as const) {
      const page = await open(url, PHONE)
      if (url.includes('gaps')) {
        await page.getByRole('button', { name: 'Show panel' }).click({ timeout: 120_000 })
        await tableRows(page)
        const wrap = page.locator('.gap-table-wrap')
        const widths = await wrap.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
        expect(widths.scroll).toBeLessThanOrEqual(widths.client)
        for (const header of ['Demand', 'Supply', 'Gap']) {
          const box = (await page.locator('.gap-table thead th', { hasText: header }).first().boundingBox())!
          expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width)
        }
      } else {
        // The search box is usable: wide while typing, result names readable.
        await page.getByRole('combobox').click({ timeout: 120_000 })
        await page.getByRole('combobox').fill('Oakham')
        await page.waitForSelector('.search-option .search-label', { timeout: 60_000 })
        const input = (await page.getByRole('combobox').boundingBox())!
        expect(input.width).toBeGreaterThan(300)
        const label = (await page.locator('.search-option .search-label').first().boundingBox())!
        expect(label.width).toBeGreaterThan(150)
        await shot(page, 'rutland-search-phone')
        await page.keyboard.press('Escape')
      }
      await shot(page, name)
      await page.context().close()
    }
  })
})
