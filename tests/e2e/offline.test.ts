/**
 * Offline and installable, end to end: the built app (with its service worker) and the
 * real embedded backend in Debian's headless Chromium. The browser reaches the server
 * through a small proxy that the test can cut, so "no signal" is real (every request
 * fails) and not only the browser's offline flag. One online visit, then: reload with
 * no signal shows the map as last seen, a pin made offline waits in the outbox (and
 * survives another reload), and it reaches the server exactly once when the signal is
 * back. Also: the manifest is valid by Chromium's own parser and installability check,
 * and sw.js / the manifest are served so that updates are found; and a new version of
 * the service worker (the proxy serves sw.js changed) is offered, applied only on the
 * person's "Reload for the new version", and the outbox survives it. And when the map's
 * tiles cannot be fetched again (a first visit, nothing kept, the tiles refused), the map
 * keeps what it shows and asks for them again once the signal is back.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { ensureAppBuilt } from '../../src/server/build.ts'
import { repoRoot } from '../../src/db/migrations.ts'
import { needsText } from '../../src/i18n/needs.ts'
import { t } from '../../src/i18n/en.ts'
import { engineAvailable } from '../helpers/engines.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = engineAvailable('end-to-end offline tests', existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium)`)
const artifacts = path.join(repoRoot, 'test-artifacts')
const PHONE = { width: 390, height: 844 }
/** Just north of Greenbank Road's middle, in the demo town (Wenlow Bay). */
const HOME = { lon: -3.39955, lat: 54.10005 }
const AT_HOME = `?map=16.5/${HOME.lat}/${HOME.lon}&layers=streets,neighbourhoods,assets,enterprises,needs`
const PUBLIC_READS_CACHE = 'streetlevel-public-reads'

let server: TestServer
let browser: Browser

/** A proxy in front of the server: `down` makes every request fail as with no signal. */
interface Link {
  url: string
  down: boolean
  requests: number
  /** Requests whose path matches fail as with no signal (the rest go through). */
  refuse: RegExp | null
  /** Appended to sw.js as served: a new version of the service worker, byte for byte different. */
  swExtra: string | null
  close(): Promise<void>
}
async function startLink(target: string): Promise<Link> {
  const to = new URL(target)
  const link = { down: false, requests: 0, refuse: null, swExtra: null } as Link
  const proxy: Server = createServer((req, res) => {
    link.requests++
    if (link.down || link.refuse?.test(req.url ?? '')) return req.socket.destroy()
    const newWorker = link.swExtra !== null && new URL(req.url ?? '/', 'http://x').pathname === '/sw.js'
    const headers = { ...req.headers }
    if (newWorker) {
      // Always the whole file, uncompressed, never "not modified": it is about to be changed.
      delete headers['if-none-match']
      delete headers['if-modified-since']
      delete headers['accept-encoding']
    }
    const upstream = httpRequest({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers }, (answer) => {
      if (!newWorker) {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
        return
      }
      const chunks: Buffer[] = []
      answer.on('data', (c: Buffer) => chunks.push(c))
      answer.on('end', () => {
        const body = Buffer.concat([...chunks, Buffer.from(link.swExtra!)])
        const kept = { ...answer.headers, 'content-length': String(body.length) }
        delete kept.etag
        delete kept['last-modified']
        res.writeHead(answer.statusCode ?? 502, kept)
        res.end(body)
      })
    })
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  link.url = `http://localhost:${(proxy.address() as AddressInfo).port}`
  link.close = () => new Promise<void>((resolve) => {
    proxy.closeAllConnections()
    proxy.close(() => resolve())
  })
  return link
}

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  server.db.transaction(async (tx) => (await tx.query<T>(text, params)).rows)

const drawn = async (page: Page) => {
  await page.waitForSelector('.map-canvas[data-idle="true"][data-drawn]', { timeout: 60_000 })
  return page.evaluate(() => JSON.parse(document.querySelector('.map-canvas')?.getAttribute('data-drawn') ?? '{}') as Record<string, string[]>)
}

const cachedUrls = (page: Page) =>
  page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url), PUBLIC_READS_CACHE)

/** PNG width and height from the IHDR chunk. */
const pngSize = (bytes: Buffer) => ({ png: bytes.subarray(1, 4).toString() === 'PNG', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) })

async function axeViolations(page: Page) {
  await page.evaluate(readFileSync(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8'))
  const result = await page.evaluate(async () => {
    // @ts-expect-error injected above
    const r = await window.axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }))
  }) as { id: string; impact: string; targets: string[] }[]
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'region' || v.id === 'skip-link')
}

describe.runIf(hasChromium)('the app offline and installable, end to end', { timeout: 400_000 }, () => {
  let link: Link
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    const build = await ensureAppBuilt(repoRoot, path.join(repoRoot, 'dist'), () => console.log('Building the app for the end-to-end tests…'))
    if (build.status === 'unavailable') throw new Error(`The app could not be built: ${build.reason}`)
    server = await startTestServer({ staticDir: path.join(repoRoot, 'dist') })
    link = await startLink(server.url)
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, hasTouch: true })
    page = await context.newPage()
    page.on('pageerror', (e) => console.error('page error:', e.message))
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
    await link?.close()
    await server?.stop()
  })

  it('serves sw.js and the manifest so that a new version is always found', async () => {
    const sw = await fetch(`${server.url}/sw.js`)
    expect(sw.status).toBe(200)
    expect(sw.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(sw.headers.get('cache-control')).toBe('no-cache')
    expect(await sw.text()).toContain('streetlevel-public-reads')
    const manifest = await fetch(`${server.url}/manifest.webmanifest`)
    expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/)
    expect(manifest.headers.get('cache-control')).toBe('no-cache')
    const body = (await manifest.json()) as { icons: { src: string; sizes: string; type: string; purpose: string }[] }
    for (const icon of body.icons.filter((i) => i.type === 'image/png')) {
      const bytes = Buffer.from(await (await fetch(`${server.url}/${icon.src}`)).arrayBuffer())
      const size = pngSize(bytes)
      expect(size.png).toBe(true)
      expect(`${size.width}x${size.height}`).toBe(icon.sizes)
    }
    expect(body.icons.some((i) => i.purpose === 'maskable')).toBe(true)
  })

  it('opens online once: the service worker takes the page and keeps the map it shows; the manifest is valid and the app installable', async () => {
    await page.goto(new URL(AT_HOME, link.url).href)
    await page.waitForSelector('.map-canvas[data-ready="true"]', { timeout: 60_000 })
    await page.waitForSelector('html[data-pins-drawn="true"]', { timeout: 60_000 })
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 })
    // The page asks again once taken, so the first view's public reads are kept.
    // Every map layer comes in the map's vector tiles (GET map_tile with the anon key): kept like any public read.
    await expect.poll(async () => (await cachedUrls(page)).some((u) => u.includes('/rpc/map_tile?layer=neighbourhoods,streets,assets,enterprises,needs,places&')), { timeout: 30_000 }).toBe(true)
    const urls = await cachedUrls(page)
    expect(urls.some((u) => u.includes('/rpc/list_categories'))).toBe(true)
    expect(urls.some((u) => u.endsWith('/streetlevel-config.json'))).toBe(true)
    // Nothing personal or about auth is ever kept.
    expect(urls.filter((u) => /my_needs|pin_need|\/auth\/v1\//.test(u))).toEqual([])

    const cdp = await context.newCDPSession(page)
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string; critical: number }[] }
    expect(manifest.url).toMatch(/manifest\.webmanifest$/)
    expect(manifest.errors).toEqual([])
    const installability = (await cdp.send('Page.getInstallabilityErrors' as 'Page.getAppManifest')) as unknown as { installabilityErrors: { errorId: string }[] }
    // Test browsers run as incognito, which Chromium never lets install; nothing else may stand in the way.
    expect(installability.installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([])
    expect(await axeViolations(page)).toEqual([])
  })

  let before: Record<string, string[]>
  const BODY = 'Offline pin: the bus shelter glass on this corner is smashed.'

  it('with no signal, a reload shows the map as last seen, and says it is offline', async () => {
    before = await drawn(page)
    expect(before.needs?.length ?? 0).toBeGreaterThan(0)
    expect(before.streets?.length ?? 0).toBeGreaterThan(0)
    link.down = true
    await context.setOffline(true)
    await page.reload()
    await page.waitForSelector('.map-canvas[data-ready="true"]', { timeout: 60_000 })
    await page.waitForSelector('html[data-pins-drawn="true"]', { timeout: 60_000 })
    await page.waitForSelector('[data-offline="true"]')
    await expect(page.locator('[data-offline="true"]').innerText()).resolves.toContain(t.status.offline)
    const after = await drawn(page)
    expect(new Set(after.needs)).toEqual(new Set(before.needs))
    expect(new Set(after.streets)).toEqual(new Set(before.streets))
    for (const layer of ['assets', 'enterprises', 'neighbourhoods']) {
      expect(before[layer]?.length ?? 0, layer).toBeGreaterThan(0)
      expect(new Set(after[layer]), layer).toEqual(new Set(before[layer]))
    }
    await expect(page.locator('[data-status="error"]').count()).resolves.toBe(0)
    await page.screenshot({ path: path.join(artifacts, 'offline-map-phone.png') })
  })

  it('keeps a pin made with no signal in the outbox, across a reload, and sends it once when the signal is back', async () => {
    await page.locator('[data-pin-launch]').click()
    await page.waitForSelector('[data-pin-sheet]')
    await page.getByRole('button', { name: needsText.pin.useCentre }).click()
    await page.waitForSelector('.place-status.chosen')
    await page.locator('[data-category="transport"]').click()
    await page.getByLabel(/Describe the need/).fill(BODY)
    await page.getByRole('button', { name: needsText.pin.submit }).click()
    await page.waitForSelector('[data-outbox-state="waiting"]', { timeout: 30_000 })
    await page.screenshot({ path: path.join(artifacts, 'offline-outbox-phone.png') })

    await page.reload()
    await page.waitForSelector('html[data-pins-drawn="true"]', { timeout: 60_000 })
    await page.waitForSelector('[data-outbox-state="waiting"]')
    await expect(page.locator('.outbox-body').innerText()).resolves.toBe(BODY)
    await expect(sql('select count(*)::int as n from needs where body = $1', [BODY])).resolves.toEqual([{ n: 0 }])

    // With nothing kept (a first visit, or a cleared cache) and no server: the shell says
    // so, shows the waiting pin, and keeps trying by itself.
    await page.evaluate(async (name) => caches.delete(name), PUBLIC_READS_CACHE)
    await page.reload()
    await page.waitForSelector('.splash[data-status="error"] [data-retrying]', { timeout: 60_000 })
    await expect(page.locator('[data-waiting-pins] .outbox-body').innerText()).resolves.toBe(BODY)
    await page.screenshot({ path: path.join(artifacts, 'offline-splash-waiting-phone.png') })

    // The signal comes back: no button pressed, the map opens and the pin is sent, once.
    link.down = false
    await context.setOffline(false)
    await page.waitForSelector('.map-canvas[data-ready="true"]', { timeout: 90_000 })
    await page.waitForSelector('[data-outbox]', { state: 'detached', timeout: 60_000 })
    await page.waitForSelector('[data-offline="true"]', { state: 'detached' })
    await expect(sql('select count(*)::int as n from needs where body = $1', [BODY])).resolves.toEqual([{ n: 1 }])

    // Its author finds it in "My needs", with its status and the exact spot only they see.
    const [{ id }] = await sql<{ id: string }>('select id from needs where body = $1', [BODY])
    await page.locator('[data-my-needs-launch]').click({ timeout: 60_000 })
    await page.waitForSelector(`[data-my-need="${id}"] [data-exact-point]`)
    await expect(page.locator(`[data-my-need="${id}"] .my-need-status`).innerText()).resolves.toBe('Open')
    await page.screenshot({ path: path.join(artifacts, 'my-needs-phone.png') })
    await page.locator(`[data-my-need="${id}"] button`).click()
    await page.waitForSelector(`[data-need-page="${id}"]`, { timeout: 30_000 })
    await page.waitForSelector('.map-canvas[data-idle="true"]')
    await page.screenshot({ path: path.join(artifacts, 'my-need-opened-phone.png') })
  })

  it('offers a new version with "Reload for the new version", applies it whole only then, and keeps the outbox across it', async () => {
    const UPDATE_BODY = 'Waiting through an update: the streetlight by the school is out.'
    // A pin that cannot reach the server (its one request refused), so it waits in the outbox.
    link.refuse = /\/rest\/v1\/rpc\/pin_need/
    await page.goto(new URL(AT_HOME, link.url).href)
    await page.waitForSelector('html[data-pins-drawn="true"]', { timeout: 60_000 })
    await page.locator('[data-pin-launch]').click()
    await page.waitForSelector('[data-pin-sheet]')
    await page.getByRole('button', { name: needsText.pin.useCentre }).click()
    await page.waitForSelector('.place-status.chosen')
    await page.locator('[data-category="safety"]').click()
    await page.getByLabel(/Describe the need/).fill(UPDATE_BODY)
    await page.getByRole('button', { name: needsText.pin.submit }).click()
    await page.waitForSelector('[data-outbox-state="waiting"]', { timeout: 30_000 })
    const oldWorker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)
    expect(oldWorker).toMatch(/\/sw\.js$/)

    // The server now has a new version of the service worker; the page looks for it.
    link.swExtra = `\n;self.addEventListener('message', (e) => { if (e.data?.type === 'test:version') e.ports[0]?.postMessage('v2') })\n`
    await page.evaluate(() => { (window as unknown as { __sameDocument: boolean }).__sameDocument = true })
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update())
    const prompt = page.locator('[data-update-ready="true"]')
    await prompt.waitFor({ timeout: 60_000 })
    await expect(prompt.innerText()).resolves.toContain(t.status.updateReady)
    await page.screenshot({ path: path.join(artifacts, 'update-ready-phone.png') })
    // Offered, not applied: the new worker is installed (its whole precache fetched) and
    // waits; the old one still serves this same, unreloaded page.
    const state = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration()
      return { waiting: r?.waiting?.state ?? null, controlled: !!navigator.serviceWorker.controller,
               same: (window as unknown as { __sameDocument?: boolean }).__sameDocument === true }
    })
    expect(state).toEqual({ waiting: 'installed', controlled: true, same: true })
    const version = () => page.evaluate(() => new Promise<string>((resolve) => {
      const channel = new MessageChannel()
      channel.port1.onmessage = (e) => resolve(String(e.data))
      navigator.serviceWorker.controller?.postMessage({ type: 'test:version' }, [channel.port2])
      setTimeout(() => resolve('v1'), 2000)
    }))
    await expect(version()).resolves.toBe('v1')
    await expect(page.locator('[data-outbox-state="waiting"] .outbox-body').innerText()).resolves.toBe(UPDATE_BODY)

    // The person chooses: the page reloads once, under the new version, with the pin still waiting.
    await page.getByRole('button', { name: t.status.updateReload }).click()
    // The page reloads by itself once the new version has taken over.
    await expect.poll(() => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument ?? false).catch(() => true),
      { timeout: 60_000 }).toBe(false)
    await page.waitForSelector('html[data-pins-drawn="true"]', { timeout: 60_000 })
    await expect(page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument ?? false)).resolves.toBe(false)
    await expect(version()).resolves.toBe('v2')
    await expect(page.locator('[data-update-ready="true"]').count()).resolves.toBe(0)
    await page.waitForSelector('[data-outbox-state="waiting"]')
    await expect(page.locator('[data-outbox-state="waiting"] .outbox-body').innerText()).resolves.toBe(UPDATE_BODY)
    await expect(sql('select count(*)::int as n from needs where body = $1', [UPDATE_BODY])).resolves.toEqual([{ n: 0 }])

    // The server answers again: the pin is sent, once.
    link.refuse = null
    await page.waitForSelector('[data-outbox]', { state: 'detached', timeout: 120_000 })
    await expect(sql('select count(*)::int as n from needs where body = $1', [UPDATE_BODY])).resolves.toEqual([{ n: 1 }])
  })

  it('keeps the map it shows when its tiles cannot be fetched again, and asks for them once the signal is back', async () => {
    const BODY_HERE = 'Pinned while the tiles fail: the footpath by the shops is flooded.'
    const fresh = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, hasTouch: true })
    const p = await fresh.newPage()
    p.on('console', (m) => { if (m.text().startsWith('DBG')) console.log(Date.now() % 100000, m.text()) })
    await p.goto(new URL(AT_HOME, link.url).href)
    await p.waitForSelector('html[data-pins-drawn="true"]', { timeout: 60_000 })
    await p.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 })
    const shown = await drawn(p)
    expect(shown.streets?.length ?? 0).toBeGreaterThan(0)
    // Nothing kept for offline (a cleared cache), and the tiles refused as with a dying signal.
    await p.evaluate(async (name) => caches.delete(name), PUBLIC_READS_CACHE)
    link.refuse = /\/rest\/v1\/rpc\/map_tile\?/

    // A pin sent makes the map ask for its tiles again: they cannot come, the map keeps what it showed.
    await p.locator('[data-pin-launch]').click()
    await p.getByRole('button', { name: needsText.pin.useCentre }).click()
    await p.locator('[data-category="transport"]').click()
    await p.getByLabel(/Describe the need/).fill(BODY_HERE)
    await p.getByRole('button', { name: needsText.pin.submit }).click()
    await expect.poll(async () => (await sql<{ n: number }>('select count(*)::int as n from needs where body = $1', [BODY_HERE]))[0].n, { timeout: 30_000 }).toBe(1)
    const [{ id }] = await sql<{ id: string }>('select id from needs where body = $1', [BODY_HERE])
    // Zooming in draws the same tiles closer: still there.
    await p.getByRole('button', { name: t.controls.zoomIn }).click()
    await p.waitForTimeout(1000)
    const kept = await drawn(p)
    await p.screenshot({ path: path.join(artifacts, 'tiles-kept-phone.png') })
    expect(kept.streets?.length ?? 0).toBeGreaterThan(0)
    expect(new Set(kept.neighbourhoods)).toEqual(new Set(shown.neighbourhoods))
    expect(kept.needs ?? []).not.toContain(id)

    // The signal comes back: the tiles are asked for again, and the new pin is on them.
    link.refuse = null
    await fresh.setOffline(true)
    await fresh.setOffline(false)
    await expect.poll(async () => (await drawn(p)).needs ?? [], { timeout: 30_000 }).toContain(id)
    await fresh.close()
  })
})
