/**
 * The embedded engine under failure, over HTTP: thousands of refused calls in a row no
 * longer wedge it (issue 17: the 2,972nd used to get 54001, then everything failed), and
 * an engine broken on purpose is replaced in-process without losing an acknowledged
 * write, with 503 + Retry-After only while it is being replaced and static files served
 * throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupervisedDatabase } from '../../src/db/supervised-pglite.ts'
import type { BreakHow } from '../../src/db/pglite-worker.ts'
import { demoBbox, startTestServer, type TestServer } from '../helpers/server.ts'

let server: TestServer
let base: string
let db: SupervisedDatabase
const WATCHDOG_MS = 8000

beforeAll(async () => {
  server = await startTestServer({ seedFile: null, engineTestHooks: true, queryWatchdogMs: WATCHDOG_MS })
  base = server.url.replace('localhost', '127.0.0.1')
  db = server.db as SupervisedDatabase
}, 600_000) // PGlite + PostGIS and the migrations: minutes on a busy 2-core machine

afterAll(async () => {
  await server?.stop()
})

const headers = () => ({ apikey: server.keys.anonKey, 'Content-Type': 'application/json' })
/** Every call is bounded on the client side too: a hang fails the test instead of stalling it. */
const rpc = (fn: string, args: object) =>
  fetch(`${base}/rest/v1/rpc/${fn}`, { method: 'POST', headers: headers(), body: JSON.stringify(args), signal: AbortSignal.timeout(WATCHDOG_MS + 20_000) })
const badBbox = { ...demoBbox, min_lon: demoBbox.max_lon }

async function signUp(): Promise<string> {
  const response = await fetch(`${base}/auth/v1/signup`, { method: 'POST', headers: headers(), body: '{}' })
  expect(response.status).toBe(200)
  return ((await response.json()) as { user: { id: string } }).user.id
}

async function userExists(id: string): Promise<boolean> {
  const { rows } = await db.transaction((tx) => tx.query('select 1 from auth.users where id = $1', [id]), { readOnly: true })
  return rows.length === 1
}

describe('the embedded engine after thousands of refused calls', () => {
  it('answers every later call (4,000 bad-bbox 400s; the old engine failed at ~2,970)', async () => {
    for (let i = 0; i < 4000; i++) {
      const response = await rpc('map_needs', badBbox)
      if (response.status !== 400) throw new Error(`call ${i}: ${response.status} ${await response.text()}`)
      await response.arrayBuffer()
    }
    for (let i = 0; i < 20; i++) {
      const response = await rpc('map_needs', demoBbox)
      expect(response.status).toBe(200)
      await response.arrayBuffer()
    }
    expect(await signUp()).toMatch(/^[0-9a-f-]{36}$/)
    expect(db.status()).toMatchObject({ serving: true, recoveries: 0 })
  }, 600_000)

  it('a session left inside a transaction is rolled back before the next request', async () => {
    await db.session((conn) => conn.exec('begin; create temporary table left_open (x int)'))
    const response = await rpc('map_needs', demoBbox)
    expect(response.status).toBe(200)
    const { rows } = await db.session((conn) => conn.query("select to_regclass('pg_temp.left_open') is null as gone"))
    expect(rows).toEqual([{ gone: true }])
    expect(db.status().recoveries).toBe(0)
  }, 60_000)
})

describe('an engine broken on purpose', () => {
  it.each<BreakHow>(['exit', 'throw', 'stack', 'hang'])('is replaced after "%s": 503s only meanwhile, no acknowledged write lost', async (how) => {
    await db.whenServing()
    const before = db.status().recoveries
    const acknowledged = await signUp()

    const broken = db.breakEngine(how)
    const seen: Array<{ status: number; retryAfter: string | null; serving: boolean }> = []
    let staticFailures = 0
    const deadline = Date.now() + 300_000
    // Call until the engine has been replaced and has answered a few calls since.
    let okAfterRecovery = 0
    while (okAfterRecovery < 5 && Date.now() < deadline) {
      // Static files are served from this thread while the engine is away: never blocked.
      const page = fetch(`${base}/`, { signal: AbortSignal.timeout(10_000) }).then(async (r) => (await r.arrayBuffer(), r.status))
      const api = await rpc('map_needs', demoBbox)
      await api.arrayBuffer()
      if ((await page) !== 200) staticFailures++
      const serving = db.status().serving
      seen.push({ status: api.status, retryAfter: api.headers.get('retry-after'), serving })
      if (api.status === 200 && db.status().recoveries > before) okAfterRecovery++
      if (api.status === 503) await new Promise((r) => setTimeout(r, 200))
    }
    await broken

    expect(db.status().recoveries).toBe(before + 1)
    expect(db.status().lastFailure?.recoveryMs).toBeGreaterThan(0)
    expect(seen.filter((s) => s.status !== 200 && s.status !== 503)).toEqual([])
    expect(seen.filter((s) => s.status === 503).length).toBeGreaterThan(0)
    expect(seen.filter((s) => s.status === 503 && !s.retryAfter)).toEqual([])
    // Once serving again, nothing but 200.
    const firstOkAfter = seen.findIndex((s, i) => s.status === 200 && seen.slice(0, i).some((p) => p.status === 503))
    expect(seen.slice(firstOkAfter).map((s) => s.status).every((s) => s === 200)).toBe(true)
    expect(staticFailures).toBe(0)
    expect(await userExists(acknowledged)).toBe(true)
    const health = await fetch(`${base}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok', serving: true, recoveries: before + 1 })
  }, 400_000)
})
