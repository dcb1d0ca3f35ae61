/**
 * The map, end to end: the built app served by the real embedded backend (PGlite +
 * PostGIS with the demo town), in Debian's headless Chromium. Nothing is mocked; the
 * one interception (the API made unreachable) happens in the browser's network layer.
 * Screenshots of each screen land in test-artifacts/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { ensureAppBuilt } from '../../src/server/build.ts'
import { repoRoot } from '../../src/db/migrations.ts'
import { engineAvailable } from '../helpers/engines.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'
import { t } from '../../src/i18n/en.ts'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = engineAvailable('end-to-end map tests', existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium)`)
const artifacts = path.join(repoRoot, 'test-artifacts')
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
/** Street zoom in the middle of the demo town: no clusters, every layer present. */
const TOWN = '?map=15.5/54.1/-3.4'
/** County zoom: the whole demo town in view, needs counted per cell by the server. */
const COUNTY = '?map=11/54.1/-3.4'

let server: TestServer
let browser: Browser
const requests: string[] = []
/** Each page's own requests, from its first. */
const pageRequests = new Map<Page, string[]>()

type Drawn = Record<'assets' | 'enterprises' | 'needs' | 'streets' | 'neighbourhoods', string[]>

async function open(url: string, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
  const page = await context.newPage()
  const own: string[] = []
  pageRequests.set(page, own)
  page.on('request', (r) => {
    requests.push(r.url())
    own.push(r.url())
  })
  page.on('pageerror', (e) => console.error('page error:', e.message))
  await page.goto(new URL(url, server.url).href)
  await page.waitForSelector('html[data-pins-drawn="true"]', { timeout: 60_000 })
  return page
}

/** What MapLibre has drawn, per layer, once the map is idle again. */
async function drawn(page: Page): Promise<Drawn> {
  await page.waitForTimeout(400) // past the 250 ms debounce, so a new request has started
  await page.waitForFunction(() => !document.querySelector('.loading-chip[data-loading="true"]'), undefined, { timeout: 60_000 })
  await page.waitForTimeout(100)
  await page.waitForSelector('.map-canvas[data-idle="true"]', { timeout: 60_000 })
  const json = await page.locator('.map-canvas').getAttribute('data-drawn')
  return JSON.parse(json ?? '{}') as Drawn
}

const layerCount = async (page: Page, layer: string) => {
  const el = page.locator(`[data-count-layer="${layer}"]`)
  return (await el.count()) === 0 ? null : Number((await el.innerText()).replace(/\D.*$/s, ''))
}

async function axeViolations(page: Page) {
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses inline scripts.
  await page.evaluate(readFileSync(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8'))
  const result = await page.evaluate(async () => {
    // @ts-expect-error injected above
    const r = await window.axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }))
  })
  return result.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
}

/** Topics by their count in view, largest first. */
async function topicsByCount(page: Page): Promise<string[]> {
  const counts = await page.locator('[data-count-topic]').evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-count-topic') as string, Number(e.textContent?.replace(/\D.*$/s, ''))] as const),
  )
  return counts.filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([slug]) => slug)
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`) })

describe.runIf(hasChromium)('the map, end to end', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    const build = await ensureAppBuilt(repoRoot, path.join(repoRoot, 'dist'), () => console.log('Building the app for the end-to-end tests…'))
    if (build.status === 'unavailable') throw new Error(`The app could not be built: ${build.reason}`)
    server = await startTestServer({ staticDir: path.join(repoRoot, 'dist') })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('loads with every layer drawn, a legend with counts, and a screenshot of each screen', async () => {
    const page = await open(TOWN)
    const d = await drawn(page)
    for (const layer of ['assets', 'enterprises', 'needs', 'streets', 'neighbourhoods'] as const) {
      expect(d[layer].length, `${layer} drawn`).toBeGreaterThan(0)
    }
    for (const layer of ['assets', 'enterprises', 'needs']) expect(await layerCount(page, layer)).toBeGreaterThan(0)
    await expect(page.locator('.attribution').innerText()).resolves.toContain('MapLibre')
    await shot(page, 'map-desktop')

    await page.getByRole('tab', { name: /List/ }).click()
    await shot(page, 'list-desktop')
    await page.locator('[data-item^="needs/"]').first().click()
    await page.waitForSelector('.details .history, .details .note')
    await shot(page, 'details-desktop')
    await page.context().close()

    const phone = await open(TOWN, PHONE)
    await drawn(phone)
    await shot(phone, 'map-phone')
    await phone.getByRole('tab', { name: /List/ }).click()
    await shot(phone, 'list-phone')
    await phone.locator('[data-item^="assets/"]').first().click()
    await phone.waitForSelector('.details')
    await shot(phone, 'details-phone')
    await phone.getByRole('button', { name: 'Close details' }).click()
    await phone.getByRole('tab', { name: /Map key/ }).click()
    await shot(phone, 'key-phone')
    await phone.context().close()
  })

  it('counts every need at county zoom: the server\'s cells, nothing cut short, and points again at street zoom', async () => {
    const page = await open(COUNTY)
    const d = await drawn(page)
    expect(d.needs.length).toBeGreaterThan(0)
    expect(d.needs.every((id) => id.startsWith('cell:'))).toBe(true)
    expect(d.streets.length).toBeGreaterThan(0)
    const [{ n }] = (await server.db.transaction(async (tx) => (await tx.query<{ n: number }>(
      "select count(*)::int as n from needs where hidden_at is null and status in ('open', 'acknowledged', 'adopted')",
    )).rows))
    expect(await layerCount(page, 'needs')).toBe(n)
    // Every layer from tiles, none cut short: the whole town's assets, enterprises and
    // neighbourhoods are what the tiles hold, and the legend counts all of them.
    const dbCount = (sql: string) => server.db.transaction(async (tx) => (await tx.query<{ n: number }>(sql)).rows[0].n)
    const assets = await dbCount('select count(*)::int as n from assets')
    const enterprises = await dbCount("select count(*)::int as n from enterprises where status <> 'closed'")
    const neighbourhoods = await dbCount('select count(*)::int as n from neighbourhoods')
    expect(assets).toBeGreaterThan(20)
    expect(await layerCount(page, 'assets')).toBe(assets)
    expect(await layerCount(page, 'enterprises')).toBe(enterprises)
    const sourced = JSON.parse((await page.locator('.map-canvas').getAttribute('data-sourced')) ?? '{}') as Drawn
    expect(new Set(sourced.assets).size).toBe(assets)
    expect(new Set(sourced.neighbourhoods).size).toBe(neighbourhoods)
    expect(d.neighbourhoods.length).toBe(neighbourhoods)
    // No layer comes as GeoJSON per view any more (nor the place names): all come in one tile per position.
    const calls = pageRequests.get(page)!.map((u) => /\/rest\/v1\/rpc\/(\w+)(?:\?layer=([\w,]+))?/.exec(u)).filter((m) => m !== null)
    expect(calls.filter((m) => /^map_(streets|neighbourhoods|assets|enterprises|needs|places)$/.test(m[1])).map((m) => m[1])).toEqual([])
    expect(new Set(calls.filter((m) => m[1] === 'map_tile').map((m) => m[2]))).toEqual(new Set(['neighbourhoods,streets,assets,enterprises,needs,places']))
    await page.getByRole('tab', { name: /List/ }).click()
    await expect(page.locator('[data-list-aggregated]').innerText()).resolves.toContain(n.toLocaleString('en-GB'))
    expect(await page.locator('[data-item^="assets/"]').count()).toBe(assets)
    await page.getByRole('tab', { name: /Map key/ }).click()
    await shot(page, 'map-county-desktop')
    await page.context().close()

    // A topic: the tiles are asked for it, so the counts follow the filter, still whole.
    const food = await open(`${COUNTY}&topics=food`)
    await drawn(food)
    expect(await layerCount(food, 'assets')).toBe(await dbCount("select count(*)::int as n from assets where 'food' = any (categories)"))
    expect(await layerCount(food, 'enterprises')).toBe(await dbCount("select count(*)::int as n from enterprises where status <> 'closed' and 'food' = any (categories)"))
    expect(pageRequests.get(food)!.some((u) => u.includes('/rpc/map_tile?') && decodeURIComponent(u).includes('categories={food}'))).toBe(true)
    await food.context().close()

    const phone = await open(COUNTY, PHONE)
    await drawn(phone)
    await shot(phone, 'map-county-phone')
    await phone.context().close()
  })

  it('hides a layer and a topic from the map and the legend, and shows them again', async () => {
    const page = await open(TOWN)
    const before = await drawn(page)
    const needsBefore = await layerCount(page, 'needs')

    await page.getByRole('checkbox', { name: /Needs raised by residents/ }).uncheck()
    const hidden = await drawn(page)
    expect(hidden.needs).toEqual([])
    expect(await layerCount(page, 'needs')).toBeNull()
    expect(hidden.assets.length).toBe(before.assets.length)

    await page.getByRole('checkbox', { name: /Needs raised by residents/ }).check()
    expect((await drawn(page)).needs.length).toBe(before.needs.length)
    expect(await layerCount(page, 'needs')).toBe(needsBefore)

    // Topics: only the commonest one in view.
    const [top] = await topicsByCount(page)
    await page.getByRole('button', { name: 'None' }).click()
    const none = await drawn(page)
    expect(none.assets).toEqual([])
    expect(none.needs).toEqual([])
    expect(await layerCount(page, 'assets')).toBe(0)
    await page.locator(`[data-topic="${top}"]`).check()
    const one = await drawn(page)
    const total = one.assets.length + one.enterprises.length + one.needs.length
    expect(total).toBeGreaterThan(0)
    expect(total).toBeLessThan(before.assets.length + before.enterprises.length + before.needs.length)
    expect(await layerCount(page, 'assets')).toBe(one.assets.length)
    expect(await layerCount(page, 'needs')).toBe(one.needs.length)
    const topCount = Number((await page.locator(`[data-count-topic="${top}"]`).innerText()).replace(/\D.*$/s, ''))
    expect(topCount).toBeGreaterThan(0)
    await page.context().close()
  })

  it('lists exactly what the map draws in view, with the same filters', async () => {
    const page = await open(`${TOWN}&topics=food,health,youth`)
    const d = await drawn(page)
    await page.getByRole('tab', { name: /List/ }).click()
    const listed = await page.locator('[data-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-item')))
    for (const layer of ['assets', 'enterprises', 'needs'] as const) {
      const ids = listed.filter((x) => x?.startsWith(`${layer}/`)).map((x) => x!.split('/')[1])
      expect(ids.length, `${layer} listed`).toBe(await layerCount(page, layer))
      // Everything listed is drawn; a pin whose centre is just off-screen may be drawn but not listed.
      for (const id of ids) expect(d[layer]).toContain(id)
      expect(d[layer].length - ids.length).toBeLessThanOrEqual(3)
    }
    await page.context().close()
  })

  it('opens the details of a chosen feature and highlights it in the link', async () => {
    const page = await open(TOWN)
    await page.getByRole('tab', { name: /List/ }).click()
    const first = page.locator('[data-item^="assets/"]').first()
    const title = await first.locator('.item-title').innerText()
    await first.click()
    await expect(page.locator('#details-title').innerText()).resolves.toBe(title)
    await expect(first.getAttribute('aria-pressed')).resolves.toBe('true')
    await page.waitForFunction(() => location.search.includes('sel=assets/'))
    await page.keyboard.press('Escape')
    await expect(page.locator('.details').count()).resolves.toBe(0)

    // The details come from the tiles alone: every field the server has for the place.
    const id = (await first.getAttribute('data-item'))!.split('/')[1]
    const [asset] = await server.db.transaction(async (tx) => (await tx.query<{ address: string | null; opening_hours: string | null; contact: string | null }>(
      'select address, opening_hours, contact from assets where id = $1', [id])).rows)
    await first.click()
    const details = await page.locator('.details').innerText()
    for (const field of [asset.address, asset.opening_hours, asset.contact]) if (field) expect(details).toContain(field)
    await page.keyboard.press('Escape')
    const enterprise = page.locator('[data-item^="enterprises/"]').first()
    const eid = (await enterprise.getAttribute('data-item'))!.split('/')[1]
    const [e] = await server.db.transaction(async (tx) => (await tx.query<{ social_goal: string; roles: number }>(
      "select social_goal, (select count(*)::int from opportunities o where o.enterprise_id = e.id and o.status = 'open') as roles from enterprises e where id = $1", [eid])).rows)
    await enterprise.click()
    await expect(page.locator('.details .lede').innerText()).resolves.toBe(e.social_goal)
    await expect(page.locator('.details .pill').first().innerText()).resolves.toBe(t.details.opportunities(e.roles))
    await page.context().close()
  })

  it('finds a street by name and opens it', async () => {
    const page = await open(TOWN)
    await page.getByRole('combobox').fill('Wasdale')
    await page.waitForSelector('[role="option"][data-search-kind="street"]')
    await page.keyboard.press('Enter')
    await expect(page.locator('#details-title').innerText()).resolves.toBe('Wasdale Road')
    await page.waitForFunction(() => location.search.includes('sel=streets/'))
    await page.context().close()
  })

  it('reopens the same view from its link', async () => {
    const page = await open(TOWN)
    await drawn(page)
    const [a, b] = await topicsByCount(page)
    const chosen = [a, b].sort()
    await page.getByRole('button', { name: 'None' }).click()
    for (const slug of chosen) await page.locator(`[data-topic="${slug}"]`).check()
    await page.getByRole('checkbox', { name: /Local enterprises/ }).uncheck()
    await drawn(page)
    await page.getByRole('tab', { name: /List/ }).click()
    await page.locator('[data-item]').first().click()
    const title = await page.locator('#details-title').innerText()
    const counts = { assets: await layerCount(page, 'assets'), needs: await layerCount(page, 'needs') }
    await page.waitForFunction(() => location.search.includes('sel=') && location.search.includes('layers='))
    await page.waitForTimeout(400)
    const link = page.url()
    expect(link).toContain(`topics=${chosen.join(',')}`)
    await page.context().close()

    const again = await open(link)
    await drawn(again)
    await expect(again.locator('#details-title').innerText()).resolves.toBe(title)
    await expect(again.getByRole('tab', { name: /List/ }).getAttribute('aria-selected')).resolves.toBe('true')
    await again.getByRole('tab', { name: /Map key/ }).click()
    await expect(again.getByRole('checkbox', { name: /Local enterprises/ }).isChecked()).resolves.toBe(false)
    const checked = await again.locator('[data-topic]').evaluateAll((els) =>
      els.filter((e) => (e as HTMLInputElement).checked).map((e) => e.getAttribute('data-topic')))
    expect(checked.sort()).toEqual(chosen)
    expect({ assets: await layerCount(again, 'assets'), needs: await layerCount(again, 'needs') }).toEqual(counts)
    const url = new URL(again.url())
    expect(url.searchParams.get('map')).toBe(new URL(link).searchParams.get('map'))
    await again.context().close()
  })

  it('says clearly when the server cannot be reached, and recovers on retry', async () => {
    const context = await browser.newContext({ viewport: DESKTOP })
    const page = await context.newPage()
    page.on('request', (r) => requests.push(r.url()))
    await page.route('**/rest/v1/**', (route) => route.abort('connectionrefused'))
    await page.goto(new URL(TOWN, server.url).href)
    await page.waitForSelector('[data-status="error"]')
    await expect(page.getByRole('alert').innerText()).resolves.toContain('can’t reach the Street Level server')
    await shot(page, 'unreachable-desktop')
    await page.unroute('**/rest/v1/**')
    await page.getByRole('button', { name: 'Try again' }).click()
    await page.waitForSelector('html[data-pins-drawn="true"]', { timeout: 60_000 })
    await context.close()
  })

  it('has no serious or critical accessibility violations (axe-core), wide or narrow', async () => {
    const page = await open(TOWN)
    expect(await axeViolations(page)).toEqual([])
    await page.getByRole('tab', { name: /List/ }).click()
    await page.locator('[data-item^="needs/"]').first().click()
    await page.waitForSelector('.details')
    expect(await axeViolations(page)).toEqual([])
    await page.context().close()

    const phone = await open(TOWN, PHONE)
    expect(await axeViolations(phone)).toEqual([])
    await phone.getByRole('tab', { name: /Map key/ }).click()
    expect(await axeViolations(phone)).toEqual([])
    await phone.context().close()
  })

  it('sends no request to any other origin', () => {
    expect(requests.length).toBeGreaterThan(20)
    const origin = new URL(server.url).origin
    const foreign = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin)
    expect(foreign).toEqual([])
    // Labels came from our own glyphs.
    expect(requests.some((u) => /\/fonts\/DejaVuSansCondensed\/0-255\.pbf$/.test(u))).toBe(true)
  })
})
