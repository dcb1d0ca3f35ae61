/**
 * Projects, end to end: young people find projects near them by walking distance and
 * filters, open one, say they are interested and withdraw; enterprise owners sign up,
 * list an enterprise, add an opportunity young people then find, and see the interests
 * in their own opportunities only. The built app on the real embedded backend (PGlite +
 * PostGIS with the demo town) in Debian's headless Chromium; nothing is mocked.
 * Screenshots (desktop 1280×800, phone 390×844) land in test-artifacts/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { ensureAppBuilt } from '../../src/server/build.ts'
import { repoRoot } from '../../src/db/migrations.ts'
import { engineAvailable } from '../helpers/engines.ts'
import { startTestServer, supabaseFor, type TestServer } from '../helpers/server.ts'
import { readMailbox } from '../../src/server/mail/mailbox.ts'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = engineAvailable('end-to-end projects tests', existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium)`)
const artifacts = path.join(repoRoot, 'test-artifacts')
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
/** The middle of the demo town, with the projects tab open. */
const PROJECTS = '?map=15.5/54.1/-3.4&tab=projects'
/** A point in the demo town the owner's enterprise is listed at (the map's centre). */
const OWNER_CAMERA = '?map=17/54.1012/-3.4013&tab=projects'

let server: TestServer
let browser: Browser
const password = 'correct horse battery'
const ownerEmail = `owner-${Date.now()}@example.test`
const otherEmail = `other-${Date.now()}@example.test`
const enterpriseName = 'Wenlow Youth Radio'
const opportunityTitle = 'Junior radio presenter'

async function open(url: string, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('page error:', e.message))
  await page.goto(new URL(url, server.url).href)
  await page.waitForSelector('.map-canvas[data-ready="true"]', { timeout: 60_000 })
  return page
}

/** The cards in the list once it has loaded. */
async function cards(page: Page) {
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-results-count]')
    return el && document.querySelector('.pj-results')?.getAttribute('aria-busy') === 'false'
  }, undefined, { timeout: 30_000 })
  return page.locator('.pj-card').evaluateAll((els) =>
    els.map((e) => ({
      id: e.getAttribute('data-opportunity')!,
      enterprise: e.getAttribute('data-enterprise')!,
      distance: Number(e.getAttribute('data-distance')),
      paid: e.getAttribute('data-paid') === 'true',
      commitment: e.getAttribute('data-commitment')!,
      text: (e as HTMLElement).innerText,
    })),
  )
}

/** Serious or critical accessibility problems axe-core finds on the page. */
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

/**
 * The map's enterprise source holds exactly the places of the listed results: the same
 * enterprises, one feature each (whether or not all of them are in view at first).
 */
async function expectMapMatchesList(page: Page, list: { enterprise: string }[]) {
  const places = [...new Set(list.map((c) => c.enterprise))].sort()
  await expect.poll(async () => {
    const held = await page.evaluate(() => {
      const canvas = document.querySelector('.map-canvas')
      if (canvas?.getAttribute('data-idle') !== 'true') return null
      return (JSON.parse(canvas.getAttribute('data-sourced') ?? '{}') as { enterprises?: string[] }).enterprises ?? []
    })
    return held ? [...held].sort() : null
  }, { timeout: 30_000 }).toEqual(places)
  await expect(page.locator('[data-projects-map-count]').getAttribute('data-projects-map-count')).resolves.toBe(String(places.length))
  await expect(page.locator('[data-results-places]').getAttribute('data-results-places')).resolves.toBe(String(places.length))
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`) })

async function signUp(page: Page, email: string) {
  await page.getByRole('button', { name: 'For enterprises' }).click()
  await page.getByRole('button', { name: 'I need an account' }).click()
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Create an account' }).click()
  // Confirm email is on: the app says to check the mail, and the mailed link signs in.
  await page.getByText(`Check your e-mail: we sent a link to ${email}.`).waitFor()
  if (email === ownerEmail) {
    await shot(page, 'projects-check-email-desktop')
    await page.setViewportSize(PHONE)
    // On a phone the message is in view, not under the folded bottom sheet.
    const onTop = await page.getByText(`Check your e-mail: we sent a link to ${email}.`).evaluate((el) => {
      const r = el.getBoundingClientRect()
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
      return r.top >= 0 && r.bottom <= innerHeight && !!top && (el === top || el.contains(top))
    })
    expect(onTop).toBe(true)
    await shot(page, 'projects-check-email-phone')
    await page.setViewportSize(DESKTOP)
  }
  const [mail] = await readMailbox(path.join(server.dataDir, 'data'), { to: email, limit: 1 })
  await page.goto(mail.link!)
  await page.waitForSelector('.map-canvas[data-ready="true"]', { timeout: 60_000 })
  await page.getByText('Your e-mail address is confirmed. You are signed in.').waitFor()
  if (email === ownerEmail) await shot(page, 'account-confirmed-desktop')
  await page.locator('.account-button').click() // closes the account menu the link opened
  await page.getByRole('button', { name: 'For enterprises' }).click()
  await page.getByRole('heading', { name: 'Your enterprises' }).waitFor()
}

describe.runIf(hasChromium)('projects for young people, end to end', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    const build = await ensureAppBuilt(repoRoot, path.join(repoRoot, 'dist'), () => console.log('Building the app for the end-to-end tests…'))
    if (build.status === 'unavailable') throw new Error(`The app could not be built: ${build.reason}`)
    server = await startTestServer({ staticDir: path.join(repoRoot, 'dist') })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('finds projects nearest first, with walking time, and narrows them with filters', async () => {
    const page = await open(PROJECTS)
    const all = await cards(page)
    expect(all.length).toBeGreaterThan(3)
    const distances = all.map((c) => c.distance)
    expect(distances).toEqual([...distances].sort((a, b) => a - b))
    expect(all[0].text).toMatch(/\d+ (m|km)/)
    expect(all[0].text).toMatch(/\d+ min walk|as the crow flies/)
    await expectMapMatchesList(page, all)
    await page.waitForTimeout(300)
    await shot(page, 'projects-find-desktop')
    expect(await axeViolations(page)).toEqual([])

    await page.getByRole('button', { name: 'Filters' }).click()
    await page.locator('[data-filter="paid"]').selectOption('volunteer')
    const volunteer = await cards(page)
    expect(volunteer.length).toBeGreaterThan(0)
    expect(volunteer.every((c) => !c.paid)).toBe(true)
    await expectMapMatchesList(page, volunteer)
    await page.locator('[data-filter="commitment"]').selectOption('weekly')
    const weekly = await cards(page)
    expect(weekly.length).toBeGreaterThan(0)
    expect(weekly.every((c) => !c.paid && c.commitment === 'weekly')).toBe(true)
    expect(weekly.length).toBeLessThanOrEqual(volunteer.length)
    await expectMapMatchesList(page, weekly)
    await shot(page, 'projects-filtered-desktop')
    await expect(page.getByRole('button', { name: 'Filters (2)' }).count()).resolves.toBe(1)
    await page.getByRole('button', { name: 'Clear filters' }).click()
    const cleared = await cards(page)
    expect(cleared.length).toBe(all.length)
    await expectMapMatchesList(page, cleared)

    // A street chosen in search: distances are measured from there instead.
    await page.getByRole('combobox', { name: 'Or search for your street' }).fill('Whitfield')
    await page.locator('.pj-place-option').first().click()
    await expect(page.locator('[data-origin]').innerText()).resolves.toBe('Whitfield Place')
    const fromStreet = await cards(page)
    expect(fromStreet.map((c) => c.distance)).not.toEqual(distances)
    expect(fromStreet.map((c) => c.distance)).toEqual(fromStreet.map((c) => c.distance).sort((a, b) => a - b))
    await page.context().close()
  })

  it('keeps the list and the map in step: a card highlights its enterprise, a click on the map selects in the list', async () => {
    const page = await open(PROJECTS)
    const [first] = await cards(page)
    await page.locator(`[data-opportunity="${first.id}"]`).click()
    await page.waitForFunction((id) => location.search.includes(`sel=enterprises/${id}`), first.enterprise)
    await page.getByRole('button', { name: 'Back to the list' }).click()
    await expect(page.locator(`[data-opportunity="${first.id}"]`).getAttribute('aria-current')).resolves.toBe('true')

    // The map flew to the enterprise: clicking the middle of the map picks it (off, then on again).
    await page.waitForSelector('.map-canvas[data-idle="true"]')
    const box = (await page.locator('.map-canvas').boundingBox())!
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    await page.mouse.click(centre.x, centre.y)
    await page.waitForFunction(() => !location.search.includes('sel=enterprises/'))
    await expect(page.locator(`[data-opportunity="${first.id}"]`).getAttribute('aria-current')).resolves.toBeNull()
    await page.mouse.click(centre.x, centre.y)
    await page.waitForFunction((id) => location.search.includes(`sel=enterprises/${id}`), first.enterprise)
    await expect(page.locator(`[data-opportunity="${first.id}"]`).getAttribute('aria-current')).resolves.toBe('true')
    await page.context().close()
  })

  it('lets an owner sign up, list an enterprise and add an opportunity that young people then find', async () => {
    const page = await open(OWNER_CAMERA)
    await signUp(page, ownerEmail)
    const form = page.locator('[data-form="enterprise"]')
    await form.getByLabel('Name').fill(enterpriseName)
    await form.getByLabel('Social goal').fill('Young people make radio about their own streets.')
    await form.getByRole('checkbox', { name: 'Youth' }).check()
    await form.getByRole('checkbox', { name: 'Culture' }).check()
    await form.getByLabel('How young people get involved').fill('Drop in Tuesdays 4–6pm, or radio@example.test')
    // Refused first: markup is not allowed, and the server says so in a sentence.
    await form.getByLabel('Website (optional)').fill('javascript:alert(1)')
    await form.locator('[data-use-map]').click()
    await form.getByRole('button', { name: 'List it' }).click()
    await expect(form.getByRole('alert').innerText()).resolves.toContain('http:// or https://')
    await form.getByLabel('Website (optional)').fill('https://radio.example.test')
    await form.getByRole('button', { name: 'List it' }).click()
    await page.getByRole('heading', { name: enterpriseName }).waitFor()

    await page.getByRole('button', { name: '+ Add an opportunity' }).click()
    const opp = page.locator('[data-form="opportunity"]')
    await opp.getByLabel('Title').fill(opportunityTitle)
    await opp.getByLabel('What they would do').fill('Present the Saturday show, choose the music and interview neighbours.')
    await opp.getByLabel('Skills (optional, separated by commas)').fill('speaking, editing')
    await opp.getByLabel('When (optional)').fill('Saturdays 10:00–12:00')
    await opp.getByLabel('Youngest age').fill('14')
    await opp.getByLabel('Oldest age').fill('19')
    await opp.getByLabel('Time commitment').selectOption('weekly')
    await opp.getByRole('button', { name: 'Add it' }).click()
    await page.locator('[data-owned]', { hasText: opportunityTitle }).waitFor()
    await expect(page.locator('.pj-success').innerText()).resolves.toContain('Young people nearby can find it now')
    await page.context().close()

    // A young person at the same place finds it first in the list.
    const young = await open(OWNER_CAMERA)
    const [nearest] = await cards(young)
    expect(nearest.text).toContain(opportunityTitle)
    expect(nearest.text).toContain(enterpriseName)
    expect(nearest.distance).toBeLessThan(20)
    await young.context().close()
  })

  it('lets a young person open an opportunity, be refused outside its ages, say they are interested and withdraw', async () => {
    const page = await open(OWNER_CAMERA)
    const [nearest] = await cards(page)
    await page.locator(`[data-opportunity="${nearest.id}"]`).click()
    await page.getByRole('heading', { name: opportunityTitle }).waitFor()
    const text = await page.locator('.pj-page').innerText()
    for (const part of [enterpriseName, 'Young people make radio', 'Saturdays 10:00–12:00', 'Ages 14–19', 'Drop in Tuesdays']) {
      expect(text).toContain(part)
    }
    await shot(page, 'projects-opportunity-desktop')

    await page.getByRole('button', { name: "I'm interested" }).click()
    await page.getByLabel('First name or nickname').fill('Sam')
    await page.getByLabel('Your age').fill('15')
    await page.getByLabel('Your email address').fill('sam@example.test')
    await page.getByLabel('A message (optional)').fill('I run the school podcast. <b>Can I join?</b>')
    await shot(page, 'projects-interest-desktop')
    expect(await axeViolations(page)).toEqual([])
    await page.getByLabel('Your age').fill('21')
    await page.getByRole('button', { name: 'Send' }).click()
    await expect(page.locator('.pj-interest [role="alert"]').innerText()).resolves.toBe('This opportunity is for ages 14 to 19.')
    await page.getByLabel('Your age').fill('15')
    await page.getByRole('button', { name: 'Send' }).click()
    // The message carries markup, which the database refuses: the sentence reaches the screen.
    await expect(page.locator('.pj-interest [role="alert"]').innerText()).resolves.toBe('The message cannot contain HTML tags.')
    await page.getByLabel('A message (optional)').fill('I run the school podcast. Can I join?')
    await page.getByRole('button', { name: 'Send' }).click()
    await expect(page.locator('.pj-success').innerText()).resolves.toContain('Sent')
    await page.getByText('You told them you are interested.').waitFor()

    // Signed in silently: an anonymous session, kept by supabase-js.
    const anonymous = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.endsWith('-auth-token'))
      return key ? JSON.parse(localStorage.getItem(key)!).user.is_anonymous : null
    })
    expect(anonymous).toBe(true)

    await page.getByRole('button', { name: 'My interests' }).click()
    await page.locator('.pj-interest-row', { hasText: opportunityTitle }).waitFor()

    // Withdraw, then say it again so the owner has something to see.
    await page.getByRole('button', { name: `Withdraw your interest in ${opportunityTitle}` }).click()
    await expect(page.locator('.pj-interest-row').count()).resolves.toBe(0)
    await page.reload()
    await page.getByRole('button', { name: 'My interests' }).click()
    await page.getByText("You haven't said you're interested in anything yet.").waitFor()
    await page.getByRole('button', { name: 'Find projects' }).click()
    await page.locator(`[data-opportunity="${nearest.id}"]`).click()
    await page.getByRole('button', { name: "I'm interested" }).click()
    await page.getByLabel('First name or nickname').fill('Sam')
    await page.getByLabel('Your age').fill('15')
    await page.getByLabel("I'll drop in or call them myself").check()
    await page.getByLabel('A message (optional)').fill('See you on Tuesday!')
    await page.getByRole('button', { name: 'Send' }).click()
    await page.getByText('You told them you are interested.').waitFor()

    // Nothing of Sam's is in any public answer.
    const anon = supabaseFor(server.url, server.keys.anonKey)
    const publicText = JSON.stringify([
      (await anon.rpc('opportunity_detail', { opportunity_id: nearest.id })).data,
      (await anon.rpc('nearby_opportunities', { lon: -3.4013, lat: 54.1012 })).data,
      (await anon.rpc('map_enterprises', { min_lon: -3.42, min_lat: 54.09, max_lon: -3.38, max_lat: 54.11 })).data,
    ])
    expect(publicText).toContain(opportunityTitle)
    expect(publicText).not.toContain('Sam')
    expect(publicText).not.toContain('See you on Tuesday')
    await page.context().close()
  })

  it('shows the interest to the owner of that enterprise, and to no other owner', async () => {
    const page = await open(OWNER_CAMERA)
    await page.getByRole('button', { name: 'For enterprises' }).click()
    await page.getByLabel('Email').fill(ownerEmail)
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    const received = page.locator('[data-received]', { hasText: 'Sam' })
    await received.waitFor()
    await expect(received.innerText()).resolves.toContain('See you on Tuesday!')
    await expect(received.innerText()).resolves.toContain('age 15')
    await expect(page.locator('[data-owned]', { hasText: opportunityTitle }).innerText()).resolves.toContain('1 interested')
    await page.locator('[data-owned]').first().scrollIntoViewIfNeeded()
    await shot(page, 'projects-owner-desktop')
    expect(await axeViolations(page)).toEqual([])

    // Close the opportunity: it leaves the young people's list.
    await page.getByRole('button', { name: `Close ${opportunityTitle}` }).click()
    await page.locator('[data-owned][data-status="closed"]', { hasText: opportunityTitle }).waitFor()
    await page.getByRole('button', { name: 'Find projects' }).click()
    expect((await cards(page)).some((c) => c.text.includes(opportunityTitle))).toBe(false)
    await page.getByRole('button', { name: 'For enterprises' }).click()
    await page.getByRole('button', { name: `Reopen ${opportunityTitle}` }).click()
    await page.locator('[data-owned][data-status="open"]', { hasText: opportunityTitle }).waitFor()

    // Pausing the enterprise hides its opportunities from young people until it is active again.
    const anon = supabaseFor(server.url, server.keys.anonKey)
    const titlesNear = async () =>
      ((await anon.rpc('nearby_opportunities', { lon: -3.4013, lat: 54.1012, radius_m: 200 })).data as { title: string }[]).map((o) => o.title)
    const status = page.getByLabel(`Status of ${enterpriseName}`)
    await status.selectOption('paused')
    await expect.poll(titlesNear).not.toContain(opportunityTitle)
    await status.selectOption('active')
    await expect.poll(titlesNear).toContain(opportunityTitle)
    await page.context().close()

    // Another owner, with an enterprise of their own, sees none of it.
    const other = await open(OWNER_CAMERA)
    await signUp(other, otherEmail)
    const form = other.locator('[data-form="enterprise"]')
    await form.getByLabel('Name').fill('Bay Fix-it Café')
    await form.getByLabel('Social goal').fill('Repair things and teach repair skills.')
    await form.getByRole('checkbox', { name: 'Skills & work' }).check()
    await form.getByLabel('How young people get involved').fill('hello@fixit.example.test')
    await form.locator('[data-use-map]').click()
    await form.getByRole('button', { name: 'List it' }).click()
    await other.getByRole('heading', { name: 'Bay Fix-it Café' }).waitFor()
    await other.getByText('Nobody yet. Interests appear here, and only here.').waitFor()
    expect(await other.locator('[data-received]').count()).toBe(0)
    expect(await other.locator('.pj-owner').innerText()).not.toContain('Sam')
    await other.context().close()
  })

  it('works on a phone: find, an opportunity, the interest form and the owner dashboard', async () => {
    const page = await open(OWNER_CAMERA, PHONE)
    await page.getByRole("button", { name: "Show panel" }).click()
    const found = await cards(page)
    await expectMapMatchesList(page, found)
    await shot(page, 'projects-find-phone')
    await page.locator('.pj-card').first().click()
    await page.getByRole('heading', { name: opportunityTitle }).waitFor()
    await shot(page, 'projects-opportunity-phone')
    await page.getByRole('button', { name: "I'm interested" }).click()
    await page.getByLabel('First name or nickname').fill('Alex')
    await shot(page, 'projects-interest-phone')
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByRole('button', { name: 'For enterprises' }).click()
    await page.getByLabel('Email').fill(ownerEmail)
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.locator('[data-received]', { hasText: 'Sam' }).waitFor()
    await page.locator('[data-received]').first().scrollIntoViewIfNeeded()
    await shot(page, 'projects-owner-phone')
    await page.context().close()
  })
})
