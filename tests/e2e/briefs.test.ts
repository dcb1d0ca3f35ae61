/**
 * Spin-out briefs, end to end: a resident pins a need where a cluster of unmet need
 * already is; a planner opens the briefs, ranked, and that brief's page; another resident
 * with an e-mail account starts a project from it; the need's author sees "a project is
 * starting for this"; the project adopts the brief's needs and marks the author's need
 * met; the author confirms; the brief's outcome figures change. The built app on the real
 * embedded backend (PGlite + PostGIS with the demo town) in Debian's headless Chromium.
 * Screenshots (desktop 1280×800, phone 390×844) land in test-artifacts/.
 */
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { briefsText } from '../../src/i18n/briefs.ts'
import { needsText } from '../../src/i18n/needs.ts'
import { projectsText } from '../../src/i18n/projects.ts'
import { ensureAppBuilt } from '../../src/server/build.ts'
import { readMailbox } from '../../src/server/mail/mailbox.ts'
import { repoRoot } from '../../src/db/migrations.ts'
import { engineAvailable } from '../helpers/engines.ts'
import { startTestServer, type TestServer } from '../helpers/server.ts'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = engineAvailable('end-to-end briefs tests', existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium)`)
const artifacts = path.join(repoRoot, 'test-artifacts')
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
/** Just off the middle of the demo town's biggest brief (food, around Baycroft Gardens). */
const CLUSTER = '?map=17.5/54.08272/-3.38301'
const NEED_TEXT = 'No food shop or pantry within walking distance of Baycroft Gardens.'
const PROJECT = 'Baycroft Pantry'

let server: TestServer
let browser: Browser
const password = 'correct horse battery'
const founderEmail = `founder-${Date.now()}@example.test`

async function newPage(viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('page error:', e.message))
  return page
}

async function openMap(page: Page, url: string) {
  await page.goto(new URL(url, server.url).href)
  await page.waitForSelector('.map-canvas[data-ready="true"]', { timeout: 60_000 })
}

async function openBrief(page: Page, briefId: string) {
  await page.goto(new URL(`./#/briefs/${briefId}`, server.url).href)
  await page.waitForSelector(`[data-brief-page="${briefId}"] h1`, { timeout: 60_000 })
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true })
const outcome = (page: Page, key: string) => page.locator(`[data-brief-page] [data-outcome="${key}"]`).first().innerText()

describe.runIf(hasChromium)('spin-out briefs, end to end', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    const build = await ensureAppBuilt(repoRoot, path.join(repoRoot, 'dist'), () => console.log('Building the app for the end-to-end tests…'))
    if (build.status === 'unavailable') throw new Error(`The app could not be built: ${build.reason}`)
    server = await startTestServer({ staticDir: path.join(repoRoot, 'dist') })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  }, 600_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  let needId: string
  let briefId: string
  let author: Page
  let founder: Page
  let projectUrl: string

  it('a resident pins a need in a cluster of unmet need; a planner finds its brief ranked and opens it', async () => {
    author = await newPage()
    await openMap(author, CLUSTER)
    await author.waitForSelector('html[data-pins-drawn="true"]', { timeout: 60_000 })
    await author.locator('[data-pin-launch]').click()
    await author.getByRole('button', { name: needsText.pin.useCentre }).click()
    await author.waitForSelector('.place-status.chosen')
    await author.locator('[data-category="food"]').click()
    await author.getByLabel(/Describe the need/).fill(NEED_TEXT)
    const response = author.waitForResponse((r) => r.url().endsWith('/rest/v1/rpc/pin_need'))
    await author.getByRole('button', { name: needsText.pin.submit }).click()
    const pinned = (await (await response).json()) as { id: string; exact_point: [number, number] }
    needId = pinned.id

    const planner = await newPage()
    await planner.goto(new URL('./#/briefs', server.url).href)
    await planner.waitForSelector('[data-brief]', { timeout: 60_000 })
    const demands = await planner.locator('[data-brief] td.num:nth-of-type(1)').allInnerTexts()
    expect(demands.length).toBeGreaterThan(3)
    expect(demands.map(Number)).toEqual([...demands.map(Number)].sort((a, b) => b - a))
    await shot(planner, 'briefs-list-desktop')
    // Ranked by how long unmet instead, and filtered to one topic.
    await planner.locator('[data-filter="category"]').selectOption('food')
    await planner.waitForFunction(() => document.querySelector('[data-brief-count]')?.getAttribute('aria-busy') === 'false')
    const foodRows = await planner.locator('[data-brief]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-brief')!))
    expect(foodRows.length).toBeGreaterThan(0)
    expect(foodRows.every((id) => id.startsWith('food-'))).toBe(true)

    // The brief holding the new need is the town's biggest food brief.
    const details = await Promise.all(foodRows.map((id) => server.db.transaction(async (tx) =>
      (await tx.query<{ d: { asked: { id: string }[] } }>('select public.brief_detail($1) as d', [id])).rows[0].d)))
    briefId = foodRows[details.findIndex((d) => d.asked.some((n) => n.id === needId))]
    expect(briefId).toBe(foodRows[0])

    const bodies: string[] = []
    planner.on('response', async (r) => { if (r.url().includes('/rest/v1/rpc/brief_detail')) bodies.push(await r.text()) })
    await planner.locator(`[data-brief="${briefId}"] a`).first().click()
    await planner.waitForSelector(`[data-brief-page="${briefId}"] h1`)
    // The first needs on screen, then all of them.
    await expect(planner.locator('[data-brief-page]').innerText()).resolves.not.toContain(NEED_TEXT)
    await planner.getByRole('button', { name: /^Show all \d+$/ }).click()
    await expect(planner.locator('[data-brief-page]').innerText()).resolves.toContain(NEED_TEXT)
    await expect(planner.locator('[data-brief-page] h1').innerText()).resolves.toMatch(/^Food near /)
    await expect(planner.locator('[data-young-people]').getAttribute('data-young-people')).resolves.toBe('withheld')
    // Privacy: the brief never carries the author's exact point.
    await planner.waitForFunction(() => true)
    expect(bodies.length).toBeGreaterThan(0)
    for (const body of bodies) {
      expect(body).not.toContain(String(pinned.exact_point[0]))
      expect(body).not.toContain(String(pinned.exact_point[1]))
      expect(body).not.toContain(pinned.exact_point[0].toFixed(5))
    }
    await shot(planner, 'brief-page-desktop')
    await planner.emulateMedia({ media: 'print' })
    await expect(planner.locator('.briefs-header').isVisible()).resolves.toBe(false)
    await planner.pdf({ path: path.join(artifacts, 'brief-page-print.pdf') }).catch(() => {})
    await planner.emulateMedia({ media: 'screen' })
    const phone = await newPage(PHONE)
    await openBrief(phone, briefId)
    await shot(phone, 'brief-page-phone')
    await planner.context().close()
    await phone.context().close()
  })

  it('a resident with an e-mail account starts a project from the brief; it is on the map, starting', async () => {
    founder = await newPage()
    await openBrief(founder, briefId)
    await founder.getByRole('button', { name: 'I need an account' }).click()
    await founder.getByLabel('Email').fill(founderEmail)
    await founder.getByLabel('Password').fill(password)
    await founder.getByRole('button', { name: 'Create an account' }).click()
    // Starting a project takes a confirmed address: open the link mailed to it, then the brief again.
    await founder.getByText(/Check your e-mail/).first().waitFor()
    const [mail] = await readMailbox(path.join(server.dataDir, 'data'), { to: founderEmail, limit: 1 })
    await founder.goto(mail.link!)
    // The app takes the session from the link's fragment first; only then go back to the brief.
    await founder.waitForFunction(() => !location.hash.includes('access_token'))
    await openBrief(founder, briefId)
    await founder.getByLabel(briefsText.start.name).fill(PROJECT)
    await founder.getByLabel(briefsText.start.goal).fill('A weekly pantry and shared meals in the church hall.')
    await founder.getByLabel(briefsText.start.contact).fill('pantry@example.test')
    await founder.getByRole('button', { name: briefsText.start.submit }).click()
    await founder.waitForSelector('[data-project-page] h1', { timeout: 30_000 })
    projectUrl = founder.url()
    await expect(founder.locator('[data-project-page] h1').innerText()).resolves.toBe(PROJECT)
    await expect(founder.locator('[data-stage]').getAttribute('data-stage')).resolves.toBe('starting')
    const onMap = await server.db.transaction(async (tx) => (await tx.query<{ status: string }>(
      `select f -> 'properties' ->> 'status' as status
       from jsonb_array_elements(public.map_enterprises(-3.39, 54.078, -3.378, 54.088) -> 'features') f
       where f -> 'properties' ->> 'name' = $1`, [PROJECT])).rows)
    expect(onMap).toEqual([{ status: 'starting' }])
  })

  it('the need’s author sees a project is starting for it', async () => {
    await openMap(author, `${CLUSTER}&sel=needs/${needId}`)
    await author.waitForSelector(`[data-need-page="${needId}"] [data-need-projects]`, { timeout: 30_000 })
    await expect(author.locator('[data-need-projects]').innerText()).resolves.toContain(briefsText.need.starting(PROJECT))
  })

  it('the project adopts the brief’s needs and marks the author’s need met', async () => {
    // A person adopts a few needs a day, so the project picks the author's need first, then the rest.
    const need = founder.locator(`[data-project-page] li[data-need="${needId}"]`)
    await need.getByRole('button', { name: briefsText.project.adoptOne }).click()
    await founder.waitForSelector('.project-page .form-ok')
    await expect(founder.locator('.project-page .form-ok').innerText()).resolves.toMatch(/^1 need adopted/)
    await founder.getByRole('button', { name: briefsText.project.adoptAll }).click()
    await expect(founder.locator('.project-page .form-ok').innerText()).resolves.toMatch(/needs? adopted/)
    await expect(need.getAttribute('data-status')).resolves.toBe('adopted')
    await shot(founder, 'project-started-desktop')
    await need.getByRole('button', { name: briefsText.project.markMet }).click()
    await founder.waitForSelector(`[data-project-page] li[data-need="${needId}"][data-awaiting="true"]`)
    const phone = await newPage(PHONE)
    await phone.goto(projectUrl)
    await phone.waitForSelector('[data-project-page] h1', { timeout: 60_000 })
    await shot(phone, 'project-started-phone')
    await phone.context().close()
  })

  it('the author is told the project adopted their need; young people find its new role while it is starting', async () => {
    // Told in the app (the author has no address, so no mail): the notice names the project.
    await openMap(author, `${CLUSTER}&sel=needs/${needId}`)
    await author.getByRole('button', { name: /Notices/ }).click()
    const told = author.locator('[data-notice="adopted"]').first()
    await told.waitFor({ timeout: 30_000 })
    await expect(told.innerText()).resolves.toContain(`${PROJECT}, a project started for needs like yours, has adopted the need you raised`)
    await author.keyboard.press('Escape')

    // The founder adds a role; a young person finds it at once, marked as a project just starting.
    await founder.getByRole('button', { name: briefsText.project.addRole }).click()
    await founder.getByLabel(projectsText.opportunityForm.title).fill('Pantry shelf stacker')
    await founder.getByLabel(projectsText.opportunityForm.description).fill('Help sort and shelve the Saturday deliveries.')
    await founder.getByRole('button', { name: projectsText.opportunityForm.submit }).click()
    await founder.locator('[data-project-page] [data-opportunity]', { hasText: 'Pantry shelf stacker' }).waitFor()
    const young = await newPage()
    await openMap(young, `${CLUSTER}&tab=projects`)
    const card = young.locator('.pj-card', { hasText: 'Pantry shelf stacker' })
    await card.waitFor({ timeout: 30_000 })
    await expect(card.locator('[data-starting]').innerText()).resolves.toBe(projectsText.card.starting)
    await card.click()
    await young.locator('.pj-page [data-starting]').waitFor()
    await young.getByRole('button', { name: projectsText.detail.interested }).waitFor()
    await young.context().close()
  })

  it('the author confirms, and the brief’s outcome figures change', async () => {
    const viewer = await newPage()
    await openBrief(viewer, briefId)
    await expect(outcome(viewer, 'needs_met')).resolves.toMatch(/^0/)
    await expect(outcome(viewer, 'awaiting')).resolves.toBe('1')

    // The author follows "see the project" from their need, and answers the project's claim there.
    await author.locator('[data-need-projects] a').first().click()
    const mine = author.locator(`[data-project-page] li[data-need="${needId}"]`)
    await mine.waitFor({ timeout: 30_000 })
    await expect(mine.innerText()).resolves.toContain(briefsText.need.confirmQuestion)
    await shot(author, 'brief-need-author-desktop')
    await mine.getByRole('button', { name: briefsText.need.yes }).click()
    await author.waitForSelector(`[data-project-page] li[data-need="${needId}"][data-awaiting="false"]`)

    await viewer.reload()
    await viewer.waitForSelector(`[data-brief-page="${briefId}"] [data-outcome]`, { timeout: 60_000 })
    await expect(outcome(viewer, 'needs_met')).resolves.toMatch(/^1 \(1 of them by the project\)/)
    await expect(outcome(viewer, 'awaiting')).resolves.toBe('0')
    const [then, now] = (await outcome(viewer, 'demand')).split(' → ').map(Number)
    expect(now).toBe(then - 1)
    await shot(viewer, 'brief-outcomes-desktop')
  })
})
