/**
 * The planner view, end to end: the built app and the real embedded backend (PGlite +
 * PostGIS with the demo town) in Debian's headless Chromium. The table is checked against
 * ranked_streets (one row per street as people know it) called directly through the API; the what-if runs in the browser (src/geo).
 * Screenshots land in test-artifacts/ (planner-*, street-page-*, what-if-*).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { SupabaseClient } from '@supabase/supabase-js'
import { ensureAppBuilt } from '../../src/server/build.ts'
import { repoRoot } from '../../src/db/migrations.ts'
import { engineAvailable } from '../helpers/engines.ts'
import { startTestServer, supabaseFor, type TestServer } from '../helpers/server.ts'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = engineAvailable('end-to-end planner tests', existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium)`)
const artifacts = path.join(repoRoot, 'test-artifacts')
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
const TOWN = '?map=15/54.1/-3.4'
const PLANNER = '?map=13.6/54.1/-3.405&mode=gaps'

let server: TestServer
let browser: Browser
let api: SupabaseClient

interface ApiRow { street_id: string; label: string; gap: number; segment_ids: string[]; total_count: number; by_category: { category: string; gap: number }[] }

async function open(url: string, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, acceptDownloads: true })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('page error:', e.message))
  await page.goto(new URL(url, server.url).href)
  await page.waitForSelector('html[data-pins-drawn="true"]', { timeout: 60_000 })
  return page
}

/** The table once it has settled: street ids and gaps, in order. */
async function tableRows(page: Page): Promise<{ id: string; name: string; gap: number }[]> {
  await page.waitForSelector('.gap-table tbody tr', { timeout: 60_000 })
  await page.waitForFunction(() => !document.querySelector('.ranked [role="status"]'), undefined, { timeout: 60_000 })
  return page.locator('.gap-table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      id: tr.getAttribute('data-street') as string,
      name: (tr.querySelector('.row-button')?.textContent ?? '').trim(),
      gap: Number(tr.querySelector('[data-gap]')?.getAttribute('data-gap')),
    })),
  )
}

/** Street segments drawn on the gap layer (or its what-if marks: 'changed') once the map is idle. */
async function drawnGaps(page: Page, layer: 'gaps' | 'changed' = 'gaps'): Promise<string[]> {
  await page.waitForTimeout(400)
  await page.waitForFunction(() => !document.querySelector('.loading-chip[data-loading="true"]'), undefined, { timeout: 60_000 })
  await page.waitForSelector('.map-canvas[data-idle="true"]', { timeout: 60_000 })
  const json = await page.locator('.map-canvas').getAttribute('data-drawn')
  return (JSON.parse(json ?? '{}') as Record<string, string[]>)[layer] ?? []
}

/** Every street with a gap, as the table ranks them (all pages). */
async function streetGaps(args: Record<string, unknown>): Promise<ApiRow[]> {
  const { data, error } = await api.rpc('ranked_streets', { max_results: 5000, ...args })
  if (error) throw new Error(error.message)
  return data as ApiRow[]
}

async function axeViolations(page: Page) {
  await page.evaluate(readFileSync(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8'))
  const result = await page.evaluate(async () => {
    // @ts-expect-error injected above
    const r = await window.axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }))
  })
  // The account button's phone layout belongs to src/features/needs and is checked there.
  return result
    .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
    .filter((v: { targets: string[] }) => !v.targets.every((t) => t === '.account-button'))
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`) })
const gapOf = async (page: Page, id: string) => Number(await page.locator(`tr[data-street="${id}"] [data-gap]`).getAttribute('data-gap'))

describe.runIf(hasChromium)('the planner view, end to end', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    const build = await ensureAppBuilt(repoRoot, path.join(repoRoot, 'dist'), () => console.log('Building the app for the end-to-end tests…'))
    if (build.status === 'unavailable') throw new Error(`The app could not be built: ${build.reason}`)
    server = await startTestServer({ staticDir: path.join(repoRoot, 'dist') })
    api = supabaseFor(server.url, server.keys.anonKey)
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  }, 420_000) // a fresh build of the app on a busy machine

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('opens from the header, ranks streets as ranked_streets does (each street once), colours them on the map, and passes axe', async () => {
    const page = await open(TOWN)
    await page.getByRole('button', { name: 'Gaps', exact: true }).click()
    await page.waitForFunction(() => location.search.includes('mode=gaps'))
    const rows = await tableRows(page)
    const expected = await streetGaps({ radius_m: 400 })
    // The first page of the table, and the count of them all.
    expect(rows.length).toBe(Math.min(50, expected.length))
    expect(rows.map((r) => r.id)).toEqual(expected.slice(0, rows.length).map((r) => r.street_id))
    rows.forEach((r, i) => expect(r.gap).toBeCloseTo(expected[i].gap, 9))
    expect(rows[0].gap).toBeGreaterThan(rows[rows.length - 1].gap)
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length)
    await expect(page.locator('[data-range]').innerText()).resolves.toBe(`1–${rows.length} of ${expected.length}`)
    // Every segment the gap layer draws belongs to a street of the table.
    const drawn = await drawnGaps(page)
    expect(drawn.length).toBeGreaterThan(0)
    const ids = new Set(expected.flatMap((r) => r.segment_ids))
    for (const id of drawn) expect(ids.has(id)).toBe(true)
    expect(await axeViolations(page)).toEqual([])
    await page.context().close()

    const fresh = await open(PLANNER)
    await tableRows(fresh)
    await drawnGaps(fresh)
    await shot(fresh, 'planner-desktop')
    // The outcomes say how each met was confirmed, with the share of each.
    await fresh.locator('.met-confirmation').scrollIntoViewIfNeeded()
    expect(await fresh.locator('[data-outcome="met-by-author"]').textContent()).toMatch(/^\d+ \(\d+%\)$/)
    expect(await fresh.locator('[data-outcome="met-unchallenged"]').textContent()).toMatch(/^\d+ \(\d+%\)$/)
    await shot(fresh, 'outcomes-desktop')
    await fresh.context().close()
  })

  it('filters by topic: the table and the map both change, and the link keeps the filter', async () => {
    const page = await open(PLANNER)
    const all = await tableRows(page)
    const drawnAll = await drawnGaps(page)
    await page.getByLabel('Topic', { exact: true }).selectOption('food')
    await page.waitForFunction(() => location.search.includes('cat=food'))
    await page.waitForFunction((n) => document.querySelectorAll('.gap-table tbody tr').length !== n, all.length)
    const food = await tableRows(page)
    const expected = await streetGaps({ radius_m: 400, categories: ['food'] })
    expect(food.map((r) => r.id)).toEqual(expected.slice(0, 50).map((r) => r.street_id))
    expect(food.length).toBeLessThan(all.length)
    const drawnFood = await drawnGaps(page)
    expect(drawnFood.length).toBeGreaterThan(0)
    expect(drawnFood.length).toBeLessThan(drawnAll.length)
    const ids = new Set(expected.flatMap((r) => r.segment_ids))
    for (const id of drawnFood) expect(ids.has(id)).toBe(true)

    // A wider catchment means more supply, so no street's gap grows.
    await page.getByRole('radio', { name: '800 m' }).check({ force: true })
    await page.waitForFunction(() => location.search.includes('r=800'))
    await page.waitForFunction(() => !document.querySelector('.ranked [role="status"]'))
    const wide = await streetGaps({ radius_m: 800, categories: ['food'] })
    expect((await tableRows(page)).map((r) => r.id)).toEqual(wide.slice(0, 50).map((r) => r.street_id))
    await page.context().close()
  })

  it('a row selects its street, brings it into view and opens its page; export gives the whole table as CSV and GeoJSON', async () => {
    const page = await open(PLANNER)
    const rows = await tableRows(page)
    const all = await streetGaps({ radius_m: 400 })
    await page.locator('.gap-table .row-button').first().click()
    await page.waitForFunction((id) => location.search.includes(`sel=streets/${id}`), rows[0].id)
    await expect(page.locator('#details-title').innerText()).resolves.toBe(rows[0].name)
    await expect(page.locator(`tr[data-street="${rows[0].id}"]`).getAttribute('aria-selected')).resolves.toBe('true')
    await page.waitForSelector('.street-page .cat-bars li')
    await page.waitForSelector('.street-page .month-chart svg[role="img"]')
    await expect(page.locator('.street-page .month-chart desc').textContent()).resolves.toMatch(/raised/)
    await drawnGaps(page)
    await shot(page, 'street-page-desktop')
    expect(await axeViolations(page)).toEqual([])

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="csv"]').click()])
    const csv = readFileSync(await download.path(), 'utf8')
    const lines = csv.trim().split('\r\n')
    expect(lines[0]).toBe('rank,street,settlement,neighbourhood,demand,supply,gap,top_unmet_categories,street_id')
    expect(lines.length - 1).toBe(all.length)
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(',')
      expect(cells[0]).toBe(String(i + 1))
      expect(cells.at(-1)).toBe(all[i].street_id)
      expect(Number(cells.at(-3))).toBeCloseTo(all[i].gap, 2)
    })

    const [geo] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="geojson"]').click()])
    const fc = JSON.parse(readFileSync(await geo.path(), 'utf8'))
    expect(fc.features.map((f: { id: string }) => f.id)).toEqual(all.map((r) => r.street_id))
    expect(fc.features.filter((f: { geometry: unknown }) => f.geometry === null)).toEqual([])
    await page.context().close()
  })

  it('what-if: a hypothetical provider lowers a nearby street\'s gap at once, and resets', async () => {
    const page = await open(PLANNER)
    const rows = await tableRows(page)
    const top = (await streetGaps({ radius_m: 400 }))[0]
    const category = top.by_category[0].category
    await page.locator('.gap-table .row-button').first().click()
    await page.waitForSelector('.street-page')
    await drawnGaps(page)
    await page.locator('.what-if > summary').click()
    await page.locator('.offer-chip').filter({ hasText: new RegExp(`^${await labelOf(page, category)}$`) }).locator('input').check()
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    // By keyboard: at the chosen street.
    await page.getByRole('button', { name: 'Place at the chosen street' }).click()
    await page.waitForSelector('.what-if-result')
    expect(await gapOf(page, rows[0].id)).toBeLessThan(rows[0].gap)
    await expect(page.locator('.what-if .hypo-badge').isVisible()).resolves.toBe(true)
    expect(requests.filter((u) => u.includes('/rpc/ranked_streets'))).toEqual([])
    await page.getByRole('button', { name: 'Remove the hypothetical provider' }).click()
    await page.waitForFunction(() => !document.querySelector('.what-if-result'))
    expect(await gapOf(page, rows[0].id)).toBeCloseTo(rows[0].gap, 9)

    // By pointer: at the middle of the map, where the street was just brought into view.
    await page.getByRole('button', { name: 'Close details' }).click()
    await page.getByRole('button', { name: 'Place on the map' }).click()
    const box = (await page.locator('.map-canvas').boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await page.waitForSelector('.what-if-result')
    expect(await gapOf(page, rows[0].id)).toBeLessThan(rows[0].gap)
    // The streets it changes are marked on the map (dashed), the chosen one among them, and only segments of the table's streets.
    const changed = await drawnGaps(page, 'changed')
    expect(changed.length).toBeGreaterThan(0)
    expect(changed.some((id) => top.segment_ids.includes(id))).toBe(true)
    const all = new Set((await streetGaps({ radius_m: 400 })).flatMap((r) => r.segment_ids))
    for (const id of changed) expect(all.has(id)).toBe(true)
    // Step back to see the catchment among its streets.
    await page.getByRole('button', { name: 'Zoom out' }).click()
    await page.waitForTimeout(300)
    await page.getByRole('button', { name: 'Zoom out' }).click()
    await drawnGaps(page)
    await shot(page, 'what-if-desktop')
    expect(await axeViolations(page)).toEqual([])
    await page.context().close()
  })

  it('works on a phone: the panel as a sheet, the street page, the what-if', async () => {
    const page = await open(PLANNER, PHONE)
    await drawnGaps(page)
    await page.getByRole('button', { name: 'Show panel' }).click()
    await tableRows(page)
    await shot(page, 'planner-phone')
    expect(await axeViolations(page)).toEqual([])
    await page.locator('.met-confirmation').scrollIntoViewIfNeeded()
    await shot(page, 'outcomes-phone')
    await page.locator('.gap-table .row-button').first().click()
    await page.waitForSelector('.street-page .cat-bars li')
    await drawnGaps(page)
    await shot(page, 'street-page-phone')
    await page.getByRole('button', { name: 'Close details' }).click()
    await page.waitForSelector('.gap-table')
    if ((await page.getByRole('button', { name: 'Show panel' }).count()) > 0) await page.getByRole('button', { name: 'Show panel' }).click()
    const top = (await streetGaps({ radius_m: 400 }))[0]
    await page.locator('.what-if > summary').click()
    await page.locator('.offer-chip').filter({ hasText: new RegExp(`^${await labelOf(page, top.by_category[0].category)}$`) }).locator('input').check()
    await page.getByRole('button', { name: 'Place on the map' }).click()
    await page.getByRole('button', { name: 'Hide panel' }).click()
    const box = (await page.locator('.map-canvas').boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await page.waitForSelector('.what-if-result', { state: 'attached' })
    await drawnGaps(page)
    await page.getByRole('button', { name: 'Show panel' }).click()
    await page.locator('.what-if').evaluate((el) => {
      const body = el.closest('.panel-body') as HTMLElement
      body.scrollTop += el.getBoundingClientRect().top - body.getBoundingClientRect().top - 8
    })
    await shot(page, 'what-if-phone')
    await page.context().close()
  })
})

async function labelOf(page: Page, slug: string): Promise<string> {
  return page.locator(`select[name="category"] option[value="${slug}"]`).innerText()
}
