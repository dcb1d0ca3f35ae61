/**
 * Residents pin needs, end to end: the built app and the real embedded backend (PGlite +
 * PostGIS, demo town) in Debian's headless Chromium. Checks what the network carries, not
 * only what the page shows: nobody but the author (and moderators) ever receives an
 * exact point. Screenshots of the pin flow, the similar-needs offer and a need's page
 * land in test-artifacts/.
 */
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { ensureAppBuilt } from '../../src/server/build.ts'
import { repoRoot } from '../../src/db/migrations.ts'
import { hashPassword } from '../../src/server/gotrue/accounts.ts'
import { createConfirmedAccount } from '../helpers/accounts.ts'
import { lifecycleText } from '../../src/i18n/lifecycle.ts'
import { needsText } from '../../src/i18n/needs.ts'
import { engineAvailable } from '../helpers/engines.ts'
import { startTestServer, supabaseFor, type TestServer } from '../helpers/server.ts'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = engineAvailable('end-to-end needs tests', existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium)`)
const artifacts = path.join(repoRoot, 'test-artifacts')
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
/** Just north of Greenbank Road's middle, in the demo town (Wenlow Bay). */
const HOME = { lon: -3.39955, lat: 54.10005 }
/** Inside a neighbourhood, but more than 150 m from any street. */
const FIELD = { lon: -3.374, lat: 54.093 }
const at = (p: { lon: number; lat: number }, zoom = 17.5) => `?map=${zoom}/${p.lat}/${p.lon}&layers=streets,neighbourhoods,assets,enterprises,needs`

let server: TestServer
let browser: Browser

interface Opened { page: Page; context: BrowserContext; bodies: string[] }

/** A fresh browser (its own storage: a different person), with every API answer recorded. */
async function open(url: string, viewport = DESKTOP): Promise<Opened> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
  const page = await context.newPage()
  const bodies: string[] = []
  page.on('response', async (r) => {
    if (!/\/(rest|auth)\/v1\//.test(r.url())) return
    bodies.push(await r.text().catch(() => ''))
  })
  page.on('pageerror', (e) => console.error('page error:', e.message))
  await page.goto(new URL(url, server.url).href)
  await page.waitForSelector('.map-canvas[data-ready="true"]', { timeout: 60_000 })
  await page.waitForSelector('html[data-pins-drawn="true"]', { timeout: 60_000 })
  return { page, context, bodies }
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`) })

/** Taps the middle of the map (where the camera is centred). */
async function tapMapCentre(page: Page) {
  const box = (await page.locator('.map-area').boundingBox())!
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
}

async function fillPin(page: Page, category: string, text: string, how: 'tap' | 'keyboard' = 'tap') {
  await page.locator('[data-pin-launch]').click()
  await page.waitForSelector('[data-pin-sheet]')
  if (how === 'tap') await tapMapCentre(page)
  else await page.getByRole('button', { name: needsText.pin.useCentre }).click()
  await page.waitForSelector('.place-status.chosen')
  await page.locator(`[data-category="${category}"]`).click()
  await page.getByLabel(/Describe the need/).fill(text)
}

/** The signed-in user of a page (supabase-js keeps the session in localStorage). */
const sessionOf = (page: Page) =>
  page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.endsWith('-auth-token'))
    return key ? (JSON.parse(localStorage.getItem(key)!) as { access_token: string; user: { id: string } }) : null
  })

/** The API as a page's own user. */
async function apiAs(page: Page) {
  const session = await sessionOf(page)
  if (!session) throw new Error('That page has no session.')
  const client = supabaseFor(server.url, server.keys.anonKey)
  await client.auth.setSession({ access_token: session.access_token, refresh_token: 'unused' }).catch(() => {})
  return {
    userId: session.user.id,
    rpc: async <T>(fn: string, args: Record<string, unknown> = {}) => {
      const r = await fetch(`${server.url}/rest/v1/rpc/${fn}`, {
        method: 'POST',
        headers: { apikey: server.keys.anonKey, authorization: `Bearer ${session.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      })
      return { status: r.status, body: (await r.json()) as T }
    },
  }
}

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  server.db.transaction(async (tx) => (await tx.query<T>(text, params)).rows)

describe.runIf(hasChromium)('residents pin needs, end to end', { timeout: 240_000 }, () => {
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

  let pinned: { id: string; exact: [number, number]; public: [number, number] }
  let author: Opened

  it('pins a need by tapping the map: it shows on its street, and its author sees the exact spot too', async () => {
    author = await open(at(HOME))
    const { page } = author
    await page.locator('[data-pin-launch]').click()
    await page.waitForSelector('[data-pin-sheet]')
    await shot(page, 'pin-start-desktop')
    await tapMapCentre(page)
    await page.waitForSelector('.place-status.chosen')
    await expect(page.locator('.place-status').innerText()).resolves.toMatch(/Near Greenbank Road/)
    await page.locator('[data-category="digital"]').click()
    await page.getByLabel(/Describe the need/).fill('Nowhere to get online or print forms on this street.')
    await shot(page, 'pin-form-desktop')

    const request = page.waitForRequest((r) => r.url().endsWith('/rest/v1/rpc/pin_need'))
    const response = page.waitForResponse((r) => r.url().endsWith('/rest/v1/rpc/pin_need'))
    await page.getByRole('button', { name: needsText.pin.submit }).click()
    const sent = JSON.parse((await request).postData()!) as { id: string; lon: number; lat: number }
    const answer = (await (await response).json()) as { id: string; exact_point: [number, number]; public_point: [number, number]; street_name: string }
    expect(sent.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(answer.id).toBe(sent.id)
    expect(answer.street_name).toBe('Greenbank Road')
    expect(answer.exact_point).toEqual([Number(sent.lon.toFixed(6)), Number(sent.lat.toFixed(6))])
    expect(answer.public_point).not.toEqual(answer.exact_point)
    pinned = { id: answer.id, exact: answer.exact_point, public: answer.public_point }

    // The need page opens, and the need is drawn on the map, with the author's own exact mark.
    await page.waitForSelector(`[data-need-page="${pinned.id}"]`, { timeout: 30_000 })
    await expect(page.locator('#details-title').innerText()).resolves.toBe('Digital')
    await expect(page.locator('[data-need-page] .need-text').innerText()).resolves.toBe('Nowhere to get online or print forms on this street.')
    await expect(page.locator('.mine-badge').innerText()).resolves.toBe(needsText.need.yoursBadge)
    await expect(page.locator('[data-need-age]').innerText()).resolves.toBe('Raised just now')
    await page.waitForFunction((id) => JSON.parse(document.querySelector('.map-canvas')!.getAttribute('data-drawn') ?? '{}').needs?.includes(id), pinned.id, { timeout: 30_000 })
    const mine = await apiAs(page)
    const list = await mine.rpc<{ id: string; exact_point: [number, number] }[]>('my_needs')
    expect(list.body.map((n) => n.id)).toContain(pinned.id)
    await shot(page, 'need-page-author-desktop')
  })

  it('shows it to someone else only at its street-level point: no exact point in any answer', async () => {
    const other = await open(at(HOME))
    const { page, bodies } = other
    await page.waitForFunction((id) => JSON.parse(document.querySelector('.map-canvas')!.getAttribute('data-drawn') ?? '{}').needs?.includes(id), pinned.id, { timeout: 30_000 })
    await page.getByRole('tab', { name: /List/ }).click()
    await page.locator(`[data-item="needs/${pinned.id}"]`).click()
    await page.waitForSelector(`[data-need-page="${pinned.id}"] [data-need-status]`)
    await page.waitForSelector('.history li')
    await expect(page.locator('.mine-badge').count()).resolves.toBe(0)
    await shot(page, 'need-page-desktop')

    // Everything this browser received: the map layer, the need's detail…
    const json = bodies.join('\n')
    expect(json).toContain(pinned.id)
    expect(json).not.toMatch(/"exact_point":\s*\[/)
    // The exact coordinates as numbers (a prefix of a longer number, e.g. the public point's, is not them).
    const asNumber = (n: number) => new RegExp(`(?<![\\d.])${String(n).replace(/[.-]/g, '\\$&')}(?!\\d)`)
    expect(json).not.toMatch(asNumber(pinned.exact[0]))
    expect(json).not.toMatch(asNumber(pinned.exact[1]))
    // The map layer is vector tiles now (binary, checked above for the exact numbers); the
    // need's own page says where it is shown: its public point.
    const page_ = bodies.map((b) => { try { return JSON.parse(b) as { id?: string; public_point?: [number, number] } | null } catch { return null } })
      .find((b) => b?.id === pinned.id && b.public_point)
    expect(page_?.public_point).toEqual(pinned.public)
    await other.context.close()
  })

  it('offers similar needs before a duplicate is pinned, and "me too" counts once and can be taken back', async () => {
    const neighbour = await open(at(HOME))
    const { page } = neighbour
    await fillPin(page, 'digital', 'No wifi anywhere near here', 'keyboard')
    await page.waitForSelector(`[data-similar-id="${pinned.id}"]`)
    await expect(page.locator('#similar-title').innerText()).resolves.toBe(needsText.similar.heading)
    await shot(page, 'similar-desktop')
    await page.locator(`[data-similar-id="${pinned.id}"] button`).click()
    // Supporting closes the form and opens the need, now with one supporter.
    await page.waitForSelector(`[data-need-page="${pinned.id}"] [data-supporters="1"]`)
    const undo = page.getByRole('button', { name: needsText.need.undoMeToo })
    await expect(undo.getAttribute('aria-pressed')).resolves.toBe('true')

    // Asking again through the API changes nothing: one voice per person.
    const api = await apiAs(page)
    const again = await api.rpc<{ supporters: number }>('support_need', { need_id: pinned.id })
    expect(again.body.supporters).toBe(1)
    // Its author cannot add a voice to their own need.
    const authorApi = await apiAs(author.page)
    expect((await authorApi.rpc('support_need', { need_id: pinned.id })).status).toBe(400)

    await undo.click()
    await page.waitForSelector(`[data-need-page="${pinned.id}"] [data-supporters="0"]`)
    await page.getByRole('button', { name: needsText.need.meToo }).click()
    await page.waitForSelector(`[data-need-page="${pinned.id}"] [data-supporters="1"]`)
    const [row] = await sql<{ n: number }>('select count(*)::int as n from public.need_supports where need_id = $1', [pinned.id])
    expect(row.n).toBe(1)
    await neighbour.context.close()
  })

  it('lets its author edit the text and withdraw it; then it leaves the map', async () => {
    const { page } = author
    await page.reload()
    await page.waitForSelector(`[data-need-page="${pinned.id}"] [data-need-status]`, { timeout: 60_000 })
    await page.getByRole('button', { name: needsText.need.edit }).click()
    await page.getByLabel(needsText.need.edit).fill('Nowhere to get online or print forms on Greenbank Road.')
    await page.getByRole('button', { name: needsText.need.save }).click()
    await page.waitForSelector('.form-ok')
    await expect(page.locator('[data-need-page] .need-text').innerText()).resolves.toBe('Nowhere to get online or print forms on Greenbank Road.')

    await page.getByRole('button', { name: needsText.need.withdraw }).click()
    await page.getByRole('button', { name: needsText.need.withdrawYes }).click()
    await page.waitForSelector('[data-need-status]:text("Withdrawn")')
    const [row] = await sql<{ status: string }>('select status from public.needs where id = $1', [pinned.id])
    expect(row.status).toBe('withdrawn')
    await page.waitForFunction((id) => !JSON.parse(document.querySelector('.map-canvas')!.getAttribute('data-drawn') ?? '{}').needs?.includes(id), pinned.id, { timeout: 30_000 })
  })

  it('keeps a need pinned offline in the outbox across a reload, and sends it exactly once when back online', async () => {
    const resident = await open(at(HOME), PHONE)
    const { page, context } = resident
    await context.setOffline(true)
    await fillPin(page, 'food', 'The corner shop closed; nowhere to buy fresh food.', 'keyboard')
    await shot(page, 'pin-form-phone')
    await page.getByRole('button', { name: needsText.pin.submit }).click()
    await page.waitForSelector('[data-outbox-state="waiting"]')
    const id = await page.locator('[data-outbox-id]').getAttribute('data-outbox-id')
    await expect(page.locator('[data-outbox] .outbox-state').innerText()).resolves.toBe(needsText.outbox.waiting)
    await shot(page, 'outbox-phone')

    // Reload with the API still unreachable: the page loads, the pin still waits.
    await page.route('**/rest/v1/rpc/pin_need', (route) => route.abort('internetdisconnected'))
    await page.route('**/auth/v1/**', (route) => route.abort('internetdisconnected'))
    await context.setOffline(false)
    await page.reload()
    await page.waitForSelector(`[data-outbox-id="${id}"][data-outbox-state="waiting"]`, { timeout: 60_000 })

    // Back online: the browser's online event sends it.
    const sentOnce = page.waitForResponse((r) => r.url().endsWith('/rest/v1/rpc/pin_need') && r.status() === 200, { timeout: 60_000 })
    await page.unroute('**/rest/v1/rpc/pin_need')
    await page.unroute('**/auth/v1/**')
    await context.setOffline(true)
    await context.setOffline(false)
    await sentOnce
    await page.waitForSelector('[data-outbox]', { state: 'detached', timeout: 30_000 })

    const api = await apiAs(page)
    const mine = await api.rpc<{ id: string; body: string }[]>('my_needs')
    expect(mine.body.filter((n) => n.body.startsWith('The corner shop closed'))).toHaveLength(1)
    expect(mine.body[0].id).toBe(id)
    const [row] = await sql<{ n: number }>("select count(*)::int as n from public.needs where body like 'The corner shop closed%'")
    expect(row.n).toBe(1)
    // A retry with the same id, as a lost answer would cause, still makes one need.
    const again = await api.rpc<{ id: string }>('pin_need', { id, category: 'food', body: 'The corner shop closed; nowhere to buy fresh food.', lon: HOME.lon, lat: HOME.lat })
    expect(again.body.id).toBe(id)
    const [after] = await sql<{ n: number }>("select count(*)::int as n from public.needs where body like 'The corner shop closed%'")
    expect(after.n).toBe(1)
    await context.close()
  })

  it('shows every refusal as a sentence: form checks, too far from a street, outside the area, too many pins', async () => {
    const v = needsText.validation
    const { page, context } = await open(at(HOME))
    await page.locator('[data-pin-launch]').click()
    await page.getByRole('button', { name: needsText.pin.submit }).click()
    await expect(page.getByText(v.place).isVisible()).resolves.toBe(true)
    await expect(page.getByText(v.category).isVisible()).resolves.toBe(true)
    await expect(page.getByText(v.tooShort(3)).isVisible()).resolves.toBe(true)
    await page.getByLabel(/Describe the need/).fill('Need a <script> here')
    await expect(page.getByText(v.html).isVisible()).resolves.toBe(true)
    await page.getByLabel(/Describe the need/).fill('x'.repeat(501))
    await expect(page.getByText(v.tooLong(500)).isVisible()).resolves.toBe(true)
    await shot(page, 'pin-errors-desktop')
    await page.getByRole('button', { name: needsText.pin.close }).click()
    await context.close()

    // Too far from any street: the database says so; the pin waits in "couldn't send" to be fixed.
    const field = await open(at(FIELD, 16.5))
    await fillPin(field.page, 'green-space', 'Needs benches along the path', 'keyboard')
    await field.page.getByRole('button', { name: needsText.pin.submit }).click()
    await field.page.waitForSelector('[data-refusal]')
    await expect(field.page.locator('[data-refusal]').innerText()).resolves.toBe(needsText.errors.farFromStreet)
    await expect(field.page.locator('[data-outbox-state="failed"] .outbox-meta').innerText()).resolves.toBe(needsText.errors.farFromStreet)
    // It stays in the outbox until the person fixes it (tests/component) or discards it.
    await field.page.getByRole('button', { name: needsText.pin.close }).click()
    await field.page.locator('[data-outbox-state="failed"]').getByRole('button', { name: needsText.outbox.discard }).click()
    await field.page.waitForSelector('[data-outbox]', { state: 'detached' })
    await field.context.close()

    // Outside the served area (the sea, where no neighbourhood is in view).
    const sea = await open(at(HOME))
    await sea.page.goto(new URL(at({ lon: -3.6, lat: 54.1 }, 15), server.url).href)
    await sea.page.waitForSelector('.map-canvas[data-ready="true"]')
    await fillPin(sea.page, 'food', 'A need out at sea', 'keyboard')
    await sea.page.getByRole('button', { name: needsText.pin.submit }).click()
    await sea.page.waitForSelector('.field-error:text("outside the area")')
    await sea.context.close()

    // Too many pins in an hour: HTTP 429 from PT429, a clear message; the pin waits to be sent later.
    const busy = await open(at(HOME))
    await fillPin(busy.page, 'safety', 'Street light out by the school', 'keyboard')
    await busy.page.getByRole('button', { name: needsText.pin.submit }).click()
    await busy.page.waitForSelector('[data-toast]')
    const api = await apiAs(busy.page)
    await sql(`select private.record_need(gen_random_uuid(), $1::uuid, 'safety', (array['Pavement broken outside the shops', 'No crossing near the school gates', 'Cars speed along here at night'])[1 + g % 3] || ' (' || g || ')', $2, $3) from generate_series(1, 10) g`, [api.userId, HOME.lon, HOME.lat])
    const limited = busy.page.waitForResponse((r) => r.url().endsWith('/rest/v1/rpc/pin_need'))
    await fillPin(busy.page, 'safety', 'Another street light out', 'keyboard')
    await busy.page.getByRole('button', { name: needsText.pin.submit }).click()
    expect((await limited).status()).toBe(429)
    await busy.page.waitForSelector(`[data-toast]:has-text("${needsText.errors.rateLimited}")`)
    await expect(busy.page.locator('[data-outbox-state="waiting"] .outbox-meta').innerText()).resolves.toBe(needsText.errors.rateLimited)
    await busy.context.close()
  })

  it('lets anyone signed in report a need, and a moderator hide it for everyone else', async () => {
    // A need to report, pinned by a resident.
    const resident = await open(at(HOME))
    await fillPin(resident.page, 'culture', 'Buy cheap watches at example dot com', 'keyboard')
    const pinnedResponse = resident.page.waitForResponse((r) => r.url().endsWith('/rest/v1/rpc/pin_need'))
    await resident.page.getByRole('button', { name: needsText.pin.submit }).click()
    const spam = (await (await pinnedResponse).json()) as { id: string }

    const reporter = await open(at(HOME))
    await reporter.page.getByRole('tab', { name: /List/ }).click()
    await reporter.page.locator(`[data-item="needs/${spam.id}"]`).click()
    await reporter.page.getByRole('button', { name: needsText.need.report }).click()
    await reporter.page.getByLabel(needsText.need.reportReason).fill('Advertising, not a need')
    await reporter.page.getByRole('button', { name: needsText.need.reportSend }).click()
    await reporter.page.waitForSelector(`.form-ok:text("${needsText.need.reported}")`)

    // The moderator: an e-mail account with the role, as `npm run admin -- create-user` makes it.
    const hash = await hashPassword('moderate-me-please')
    await server.db.transaction((tx) => createConfirmedAccount(tx, 'mod@example.org', hash, ['moderator']))
    const mod = await open(at(HOME))
    await mod.page.getByRole('button', { name: needsText.account.menu }).click()
    await mod.page.getByLabel(needsText.account.email).fill('mod@example.org')
    await mod.page.getByLabel(needsText.account.password).fill('wrong password')
    await mod.page.getByRole('button', { name: needsText.account.signIn }).click()
    await mod.page.waitForSelector(`.form-error:text("${needsText.account.badLogin}")`)
    await mod.page.getByLabel(needsText.account.password).fill('moderate-me-please')
    await mod.page.getByRole('button', { name: needsText.account.signIn }).click()
    await mod.page.getByRole('button', { name: 'mod@example.org' }).click()
    await mod.page.getByRole('button', { name: needsText.account.reports }).click()
    await mod.page.waitForSelector(`[data-reported-id="${spam.id}"]`)
    await shot(mod.page, 'moderation-desktop')
    await mod.page.locator(`[data-reported-id="${spam.id}"] button`).click()
    await mod.page.waitForSelector(`[data-need-page="${spam.id}"] [data-need-status]`, { timeout: 30_000 })
    await mod.page.getByRole('button', { name: needsText.need.hide }).click()
    await mod.page.getByLabel(needsText.need.hideReason).fill('Advertising')
    await mod.page.getByRole('button', { name: needsText.need.hideSend }).click()
    await mod.page.waitForSelector(`.form-ok:text("${needsText.need.hidden}")`)

    const [row] = await sql<{ hidden: boolean; note: string }>(
      `select n.hidden_at is not null as hidden, (select note from public.need_events e where e.need_id = n.id order by e.id desc limit 1) as note
       from public.needs n where n.id = $1`, [spam.id])
    expect(row).toEqual({ hidden: true, note: 'Hidden: Advertising' })
    // Gone for everyone else: a fresh visitor's map does not carry it.
    const visitor = await open(at(HOME))
    await visitor.page.waitForSelector('.map-canvas[data-idle="true"]')
    expect(visitor.bodies.join('\n')).not.toContain(spam.id)
    for (const o of [resident, reporter, mod, visitor]) await o.context.close()
  })

  it('adopt, "marked met — waiting for you", and the author confirms: the need counts until then', async () => {
    const resident = await open(at(HOME))
    await fillPin(resident.page, 'food', 'No food bank within walking distance of here', 'keyboard')
    const pinnedResponse = resident.page.waitForResponse((r) => r.url().endsWith('/rest/v1/rpc/pin_need'))
    await resident.page.getByRole('button', { name: needsText.pin.submit }).click()
    const need = (await (await pinnedResponse).json()) as { id: string }

    // A resident signed in anonymously is not offered adopting.
    const visitor = await open(at(HOME))
    await visitor.page.getByRole('tab', { name: /List/ }).click()
    await visitor.page.locator(`[data-item="needs/${need.id}"]`).click()
    await visitor.page.waitForSelector(`[data-need-page="${need.id}"] [data-need-status]`)
    await visitor.page.waitForSelector(`[data-need-page="${need.id}"] .history li`)
    expect(await visitor.page.getByRole('button', { name: lifecycleText.adopt }).count()).toBe(0)

    // A confirmed account (the mailed link opened) adopts it and marks it met.
    const hash = await hashPassword('helping-out-here')
    await server.db.transaction((tx) => createConfirmedAccount(tx, 'helper@example.org', hash, []))
    const helper = await open(at(HOME))
    await helper.page.getByRole('button', { name: needsText.account.menu }).click()
    await helper.page.getByLabel(needsText.account.email).fill('helper@example.org')
    await helper.page.getByLabel(needsText.account.password).fill('helping-out-here')
    await helper.page.getByRole('button', { name: needsText.account.signIn }).click()
    await helper.page.getByRole('button', { name: 'helper@example.org' }).waitFor()
    await helper.page.getByRole('tab', { name: /List/ }).click()
    await helper.page.locator(`[data-item="needs/${need.id}"]`).click()
    await helper.page.getByRole('button', { name: lifecycleText.adopt }).click()
    await helper.page.waitForSelector(`.form-ok:text("${lifecycleText.adopted}")`)
    await helper.page.getByRole('button', { name: lifecycleText.markMet }).click()
    await helper.page.waitForSelector(`[data-need-page="${need.id}"] [data-lifecycle="waiting-for-resident"]`)
    await shot(helper.page, 'need-marked-met-desktop')

    // Still in the demand: adopted, with the claim on it, and on the unmet layer.
    const [row] = await sql<{ status: string; claimed: boolean }>(
      'select status, met_claimed_at is not null as claimed from public.needs where id = $1', [need.id])
    expect(row).toEqual({ status: 'adopted', claimed: true })

    // The author: a notice, and the question on the need's page.
    await resident.page.reload()
    await resident.page.waitForSelector('.map-canvas[data-ready="true"]', { timeout: 60_000 })
    await resident.page.waitForSelector('.notices-count[data-unread="1"]')
    await resident.page.getByRole('button', { name: new RegExp(lifecycleText.notices.button) }).click()
    await resident.page.waitForSelector('[data-notice="met_claimed"]')
    await shot(resident.page, 'notices-desktop')
    await resident.page.keyboard.press('Escape')
    await resident.page.getByRole('tab', { name: /List/ }).click()
    await resident.page.locator(`[data-item="needs/${need.id}"]`).click()
    await resident.page.waitForSelector(`[data-need-page="${need.id}"] [data-lifecycle="waiting-for-you"]`)
    await shot(resident.page, 'need-waiting-for-you-desktop')
    await resident.page.setViewportSize(PHONE)
    await resident.page.locator('[data-lifecycle="waiting-for-you"]').scrollIntoViewIfNeeded()
    await shot(resident.page, 'need-waiting-for-you-phone')
    await resident.page.getByRole('button', { name: lifecycleText.confirmMet }).click()
    await resident.page.waitForSelector(`[data-need-page="${need.id}"] [data-lifecycle="met"]`)
    const [after] = await sql<{ status: string; met_confirmed_by: string }>(
      'select status, met_confirmed_by from public.needs where id = $1', [need.id])
    expect(after).toEqual({ status: 'met', met_confirmed_by: 'author' })
    for (const o of [resident, visitor, helper]) await o.context.close()
  })

  it('has a phone layout for the pin flow and the need page', async () => {
    const { page, context } = await open(at(HOME), PHONE)
    await page.locator('[data-pin-launch]').click()
    await shot(page, 'pin-start-phone')
    await tapMapCentre(page)
    await page.waitForSelector('.place-status.chosen')
    await page.locator('[data-category="safety"]').click()
    await page.waitForSelector('[data-similar]')
    await page.locator('[data-similar]').scrollIntoViewIfNeeded()
    await shot(page, 'similar-phone')
    await page.getByRole('button', { name: needsText.pin.close }).click()
    await page.getByRole('tab', { name: /List/ }).click()
    await page.locator('[data-item^="needs/"]').first().click()
    await page.waitForSelector('[data-need-page] [data-need-status]')
    await page.waitForSelector('.history li')
    await shot(page, 'need-page-phone')
    await context.close()
    await author.context.close()
  })
})
