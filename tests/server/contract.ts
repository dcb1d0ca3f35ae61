/**
 * The embedded backend's contract, checked with the real supabase-js client against a
 * running server: every API function's happy path, each error class PostgREST and
 * GoTrue would answer with, the auth flows, RLS through JWT roles, limits and headers.
 * contract.pglite.test.ts and contract.postgres.test.ts run it on both engines.
 */
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { signJwt } from '../../src/server/jwt.ts'
import { hashPassword } from '../../src/server/gotrue/accounts.ts'
import { createConfirmedAccount } from '../helpers/accounts.ts'
import { readMailbox } from '../../src/server/mail/mailbox.ts'
import { demoBbox, fetchFrom, supabaseFor, type TestServer } from '../helpers/server.ts'

/** Every function in schema public that this suite calls on its happy path. */
const COVERED = [
  'list_categories', 'map_streets', 'map_neighbourhoods', 'map_assets', 'map_enterprises', 'map_needs',
  'pin_need', 'support_need', 'unsupport_need', 'edit_need', 'withdraw_need', 'need_detail', 'my_needs',
  'nearby_opportunities', 'express_interest', 'withdraw_interest', 'my_interests', 'enterprise_interests',
  'street_gaps', 'neighbourhood_gaps', 'report_need', 'hide_need', 'restore_need', 'reported_needs',
  'similar_needs', 'search_places', 'adopt_need', 'mark_need_met', 'confirm_need_met', 'reopen_need',
  'close_need', 'auto_confirm_met_needs', 'needs_due_recheck', 'neighbourhood_outcomes', 'street_outcomes',
  'list_enterprise', 'update_enterprise', 'add_opportunity', 'set_opportunity_status', 'my_enterprises',
  'opportunity_detail', 'street_name_gaps', 'data_sources', 'ranked_streets', 'street_page', 'area_extent', 'map_places',
  'need_page', 'undo_adoption', 'my_notifications', 'mark_notifications_read', 'disputed_adopters',
  'list_briefs', 'brief_detail', 'brief_outcomes_by_neighbourhood', 'start_project_from_brief', 'adopt_brief_needs',
  'invite_cofounder', 'join_project', 'set_project_stage', 'project_detail', 'need_projects', 'my_roles',
  'map_tile', 'map_context', 'map_layer_page',
]

type Point = [number, number]

export function defineContractSuite(engine: string, start: () => Promise<TestServer>) {
  describe(`embedded backend contract (${engine})`, () => {
    let server: TestServer
    let base: string
    let anonKey: string
    let jwtSecret: string
    /** Street points to pin on, one per test that pins (pins are rate-limited per user). */
    let streetPoints: Point[]
    const nextPoint = () => {
      const p = streetPoints.shift()
      if (!p) throw new Error('Ran out of demo street points')
      return p
    }

    const anonymousClient = async () => {
      const client = supabaseFor(base, anonKey)
      const { data, error } = await client.auth.signInAnonymously()
      expect(error).toBeNull()
      return { client, user: data.user!, session: data.session! }
    }

    /** A full (e-mail) account, with a staff role when given, signed in. */
    async function accountClient(role?: 'moderator' | 'enterprise_owner' | 'planner') {
      const email = `${role ?? 'member'}-${randomUUID()}@example.org`
      const password = 'account password 123'
      const hash = await hashPassword(password)
      const id = await server.db.transaction((tx) => createConfirmedAccount(tx, email, hash, role ? [role] : []))
      const client = supabaseFor(base, anonKey)
      expect((await client.auth.signInWithPassword({ email, password })).error).toBeNull()
      return { client, id }
    }
    const staffClient = accountClient

    /** Opens the newest link mailed to this address (the local mailbox), as the person would. */
    async function openMailedLink(email: string) {
      const [mail] = await readMailbox(path.join(server.dataDir, 'data'), { to: email, limit: 1 })
      expect(mail?.link).toBeTruthy()
      const response = await fetch(mail.link!, { redirect: 'manual' })
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toContain('access_token=')
      return response.headers.get('location')!
    }

    const rawRpc = (fn: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${base}/rest/v1/rpc/${fn}`, {
        method: 'POST',
        headers: { apikey: anonKey, 'Content-Type': 'application/json', ...headers },
        body,
      })

    async function pin(client: SupabaseClient, point: Point = nextPoint(), id = randomUUID()) {
      const { data, error } = await client.rpc('pin_need', { id, category: 'food', body: 'No food bank within walking distance.', lon: point[0], lat: point[1] })
      expect(error).toBeNull()
      return data as { id: string; exact_point: Point | null; is_mine: boolean; supporters: number; status: string }
    }

    beforeAll(async () => {
      server = await start()
      // Loopback by address: the server is bound to 127.0.0.1, and rate limits go by address.
      base = server.url.replace('localhost', '127.0.0.1')
      anonKey = server.keys.anonKey
      jwtSecret = JSON.parse(await readFile(path.join(server.dataDir, 'data', 'secrets.json'), 'utf8')).jwtSecret
      const { data } = await supabaseFor(base, anonKey).rpc('map_streets', demoBbox)
      const streets = (data as { features: Array<{ geometry: { coordinates: Point[] } }> }).features
      streetPoints = streets.filter((_, i) => i % 7 === 0).map((f) => f.geometry.coordinates[0])
    }, 400_000) // PGlite + PostGIS, migrations and the demo town: minutes on a busy 2-core machine

    afterAll(async () => {
      await server?.stop()
    })

    describe('serving', () => {
      it('gives the app its client config at /streetlevel-config.json', async () => {
        const response = await fetch(`${base}/streetlevel-config.json`)
        expect(response.status).toBe(200)
        expect(response.headers.get('cache-control')).toBe('no-store')
        expect(await response.json()).toEqual({ supabaseUrl: base, anonKey })
      })

      it('keeps the JWT secret readable only by its owner, and derives the keys from it', async () => {
        const { stat } = await import('node:fs/promises')
        expect((await stat(path.join(server.dataDir, 'data', 'secrets.json'))).mode & 0o777).toBe(0o600)
        expect((await stat(path.join(server.dataDir, 'data'))).mode & 0o777).toBe(0o700)
        const { verifyJwt } = await import('../../src/server/jwt.ts')
        expect(verifyJwt(anonKey, jwtSecret).role).toBe('anon')
        expect(verifyJwt(server.keys.serviceRoleKey, jwtSecret).role).toBe('service_role')
      })

      it('sends security headers that allow only its own origin', async () => {
        for (const url of [`${base}/`, `${base}/rest/v1/rpc/list_categories`]) {
          const response = await fetch(url, { headers: { apikey: anonKey } })
          const csp = response.headers.get('content-security-policy') ?? ''
          expect(csp).toContain("default-src 'self'")
          expect(csp).toContain("script-src 'self'")
          expect(csp).toContain("connect-src 'self'")
          expect(csp).toContain("worker-src 'self' blob:")
          expect(csp).toContain("frame-ancestors 'none'")
          expect(csp).not.toMatch(/unsafe-(inline|eval)/)
          expect(response.headers.get('x-content-type-options')).toBe('nosniff')
          expect(response.headers.get('referrer-policy')).toBe('same-origin')
        }
      })

      it('answers CORS for its own origin only', async () => {
        const own = await fetch(`${base}/rest/v1/rpc/list_categories`, { method: 'OPTIONS', headers: { Origin: base, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'apikey, authorization, content-type, x-client-info' } })
        expect(own.status).toBe(204)
        expect(own.headers.get('access-control-allow-origin')).toBe(base)
        expect(own.headers.get('access-control-allow-headers')).toContain('authorization')
        const foreign = await fetch(`${base}/rest/v1/rpc/list_categories`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } })
        expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
      })

      it('serves the built app with content types, long caching for hashed assets and an SPA fallback', async () => {
        const index = await fetch(`${base}/`)
        expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8')
        expect(index.headers.get('cache-control')).toBe('no-cache')
        expect(await index.text()).toContain('Street Level test app')
        const js = await fetch(`${base}/assets/app-1a2b3c.js`)
        expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
        expect(js.headers.get('cache-control')).toContain('immutable')
        expect((await fetch(`${base}/assets/style-4d5e6f.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8')
        const deep = await fetch(`${base}/streets/some-street/needs`)
        expect(deep.status).toBe(200)
        expect(await deep.text()).toContain('Street Level test app')
        expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404)
        const traversal = await fetch(`${base}/..%2F..%2F..%2F..%2Fetc%2Fpasswd`)
        expect(await traversal.text()).not.toContain('root:')
        const etag = js.headers.get('etag')!
        expect((await fetch(`${base}/assets/app-1a2b3c.js`, { headers: { 'If-None-Match': etag } })).status).toBe(304)
      })

      it('gzips large responses for clients that accept it, static and API alike', async () => {
        const layer = await fetch(`${base}/rest/v1/rpc/map_needs`, { method: 'POST', headers: { apikey: anonKey, 'Content-Type': 'application/json', 'Accept-Encoding': 'gzip' }, body: JSON.stringify(demoBbox) })
        expect(layer.headers.get('content-encoding')).toBe('gzip')
        expect(layer.headers.get('vary')).toContain('Accept-Encoding')
        expect((await layer.json()).type).toBe('FeatureCollection')
        const plain = await fetch(`${base}/rest/v1/rpc/map_needs`, { method: 'POST', headers: { apikey: anonKey, 'Content-Type': 'application/json', 'Accept-Encoding': 'identity' }, body: JSON.stringify(demoBbox) })
        expect(plain.headers.get('content-encoding')).toBeNull()
        expect(Number(plain.headers.get('content-length'))).toBeGreaterThan(Number(layer.headers.get('content-length')) * 3)

        const big = await fetch(`${base}/assets/big-7a8b9c.js`, { headers: { 'Accept-Encoding': 'gzip' } })
        expect(big.headers.get('content-encoding')).toBe('gzip')
        expect(await big.text()).toContain('street-799')
        const etag = big.headers.get('etag')!
        expect(etag).toMatch(/-gz"$/)
        expect((await fetch(`${base}/assets/big-7a8b9c.js`, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag } })).status).toBe(304)
        expect((await fetch(`${base}/assets/big-7a8b9c.js`, { headers: { 'Accept-Encoding': 'identity' } })).headers.get('content-encoding')).toBeNull()
      })

      it('refuses Host names it does not serve (DNS rebinding)', async () => {
        const { request } = await import('node:http')
        const status = await new Promise<number>((resolve, reject) => {
          const req = request(`${base}/streetlevel-config.json`, { headers: { Host: 'attacker.example' } }, (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          })
          req.on('error', reject)
          req.end()
        })
        expect(status).toBe(421)
      })
    })

    describe('reading the map as an anonymous visitor', () => {
      const visitor = () => supabaseFor(base, anonKey)

      it('lists categories (a set-returning function comes back as an array)', async () => {
        const { data, error } = await visitor().rpc('list_categories')
        expect(error).toBeNull()
        expect(Array.isArray(data)).toBe(true)
        expect(data.length).toBeGreaterThanOrEqual(17)
        expect(data[0]).toMatchObject({ slug: 'food', label: 'Food' })
      })

      it('map_tile returns a vector tile of the demo town (depth in tiles.test.ts)', async () => {
        // Tile 14/8037/5252 covers the middle of the demo town.
        const response = await fetch(`${base}/rest/v1/rpc/map_tile?layer=streets&z=14&x=8037&y=5252`, {
          headers: { apikey: anonKey, Accept: 'application/vnd.mapbox-vector-tile' },
        })
        expect(response.status).toBe(200)
        expect(response.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
        expect(response.headers.get('etag')).toBeTruthy()
        const streets = (await response.arrayBuffer()).byteLength
        expect(streets).toBeGreaterThan(100)
        // The map's one source: several layers in one tile, one ETag made of theirs.
        const all = await fetch(`${base}/rest/v1/rpc/map_tile?layer=neighbourhoods,streets,assets,enterprises,needs&z=14&x=8037&y=5252`, {
          headers: { apikey: anonKey, Accept: 'application/vnd.mapbox-vector-tile' },
        })
        expect(all.status).toBe(200)
        expect(all.headers.get('etag')).toMatch(/^"t1\.[^"+]+(\+t1\.[^"+]+){4}"$/)
        expect((await all.arrayBuffer()).byteLength).toBeGreaterThan(streets)
        const bad = await fetch(`${base}/rest/v1/rpc/map_tile?layer=streets,streets&z=14&x=8037&y=5252`, {
          headers: { apikey: anonKey, Accept: 'application/vnd.mapbox-vector-tile' },
        })
        expect(bad.status).toBe(400)
        expect(await bad.json()).toMatchObject({ code: '22023' })
      })

      it.each(['map_streets', 'map_neighbourhoods', 'map_assets', 'map_enterprises', 'map_needs'])('%s returns a FeatureCollection of the demo town', async (fn) => {
        const { data, error } = await visitor().rpc(fn, demoBbox)
        expect(error).toBeNull()
        expect(data.type).toBe('FeatureCollection')
        expect(data.features.length).toBeGreaterThan(0)
        expect(data.truncated).toBe(false)
      })

      it('filters a layer by category, and GET works for stable functions', async () => {
        const { data, error } = await visitor().rpc('map_needs', { ...demoBbox, categories: ['food'] }, { get: true })
        expect(error).toBeNull()
        expect(data.features.every((f: { properties: { category: string } }) => f.properties.category === 'food')).toBe(true)
      })

      it('shows a need at its street-level point, never the exact one', async () => {
        const { data: layer } = await visitor().rpc('map_needs', demoBbox)
        const id = layer.features[0].id
        const { data, error } = await visitor().rpc('need_detail', { need_id: id })
        expect(error).toBeNull()
        expect(data.id).toBe(id)
        expect(data.exact_point).toBeNull()
        expect(data.is_mine).toBe(false)
        expect(Array.isArray(data.history)).toBe(true)
      })

      it('finds opportunities near a point, gaps by street and by neighbourhood, similar needs and places', async () => {
        const c = visitor()
        const centre = { lon: -3.40, lat: 54.10 }
        const opportunities = await c.rpc('nearby_opportunities', { ...centre, radius_m: 5000 })
        expect(opportunities.error).toBeNull()
        expect(opportunities.data.length).toBeGreaterThan(0)
        expect(opportunities.data[0]).toHaveProperty('walking_minutes')

        const streets = await c.rpc('street_gaps', { radius_m: 400, max_results: 5 })
        expect(streets.error).toBeNull()
        expect(streets.data).toHaveLength(5)
        expect(streets.data[0]).toHaveProperty('gap')

        const names = await c.rpc('street_name_gaps', { radius_m: 400, max_results: 3 })
        expect(names.error).toBeNull()
        expect(names.data).toHaveLength(3)
        expect(names.data[0].gap).toBeGreaterThanOrEqual(names.data[1].gap)

        // Streets as people know them: one row per street, its page from any segment's id.
        const ranked = await c.rpc('ranked_streets', { radius_m: 400, max_results: 3 })
        expect(ranked.error).toBeNull()
        expect(ranked.data).toHaveLength(3)
        expect(ranked.data[0].total_count).toBeGreaterThanOrEqual(3)
        expect(ranked.data[0].gap).toBeGreaterThanOrEqual(ranked.data[1].gap)
        const streetPage = await c.rpc('street_page', { street: ranked.data[0].segment_ids[0], radius_m: 400 })
        expect(streetPage.error).toBeNull()
        expect(streetPage.data).toMatchObject({ id: ranked.data[0].street_id, label: ranked.data[0].label })
        const extent = await c.rpc('area_extent')
        expect(extent.error).toBeNull()
        expect(extent.data).toHaveLength(4)
        const placeNames = await c.rpc('map_places')
        expect(placeNames.error).toBeNull()
        expect(placeNames.data).toMatchObject({ type: 'FeatureCollection' })
        const context = await c.rpc('map_context', { ...demoBbox, zoom: 14 })
        expect(context.error).toBeNull()
        expect(context.data).toMatchObject({ type: 'FeatureCollection', features: expect.any(Array) })
        // Page by page, every need in the box once: the same ids as map_needs (which is under its cap here).
        const pagedIds: string[] = []
        for (let after: string | null = null, n = 0; n < 100; n++) {
          const page: { data: { features: { id: string }[]; next: string | null } | null; error: unknown } =
            await c.rpc('map_layer_page', { layer: 'needs', ...demoBbox, after, page_size: 7 })
          expect(page.error).toBeNull()
          pagedIds.push(...page.data!.features.map((f) => f.id))
          after = page.data!.next
          if (!after) break
        }
        const allNeeds = await c.rpc('map_needs', demoBbox)
        expect(allNeeds.data.truncated).toBe(false)
        expect(pagedIds.length).toBeGreaterThan(7)
        expect([...pagedIds].sort()).toEqual(allNeeds.data.features.map((f: { id: string }) => f.id).sort())
        expect((await c.rpc('map_layer_page', { layer: 'needs', ...demoBbox, page_size: 0 })).error).toMatchObject({ code: '22023' })

        const sources = await c.rpc('data_sources')
        expect(sources.error).toBeNull()
        expect(sources.data).toContainEqual({ source: 'demo', layer: 'streets', rows: expect.any(Number) })

        const hoods = await c.rpc('neighbourhood_gaps', { radius_m: 400 })
        expect(hoods.error).toBeNull()
        expect(hoods.data.length).toBeGreaterThan(0)
        expect(hoods.data[0]).toHaveProperty('coverage')

        const { data: layer } = await c.rpc('map_needs', demoBbox)
        const [lon, lat] = layer.features[0].geometry.coordinates
        const similar = await c.rpc('similar_needs', { lon, lat, category: layer.features[0].properties.category })
        expect(similar.error).toBeNull()
        expect(similar.data.length).toBeGreaterThan(0)

        const places = await c.rpc('search_places', { query: 'road' })
        expect(places.error).toBeNull()
        expect(places.data.length).toBeGreaterThan(0)
      })

      it('sends PostgREST’s Content-Range and honours a single-object Accept', async () => {
        const response = await fetch(`${base}/rest/v1/rpc/street_gaps?max_results=3`, { headers: { apikey: anonKey } })
        expect(response.headers.get('content-range')).toBe('0-2/*')
        const one = await fetch(`${base}/rest/v1/rpc/street_gaps?max_results=1`, { headers: { apikey: anonKey, Accept: 'application/vnd.pgrst.object+json' } })
        expect(one.status).toBe(200)
        expect(Array.isArray(await one.json())).toBe(false)
        const many = await fetch(`${base}/rest/v1/rpc/street_gaps?max_results=2`, { headers: { apikey: anonKey, Accept: 'application/vnd.pgrst.object+json' } })
        expect(many.status).toBe(406)
        expect((await many.json()).code).toBe('PGRST116')
      })

      it('caps set-returning functions at 1000 rows (max-rows)', async () => {
        await server.db.session(async (conn) => {
          await conn.exec(`create or replace function public.test_many_rows() returns setof int language sql stable as 'select generate_series(1, 2500)';
                           grant execute on function public.test_many_rows() to anon`)
        })
        await server.reloadSchema()
        try {
          const response = await fetch(`${base}/rest/v1/rpc/test_many_rows`, { headers: { apikey: anonKey } })
          const rows = await response.json()
          expect(rows).toHaveLength(1000)
          expect(rows[999]).toBe(1000)
          expect(response.headers.get('content-range')).toBe('0-999/*')
        } finally {
          await server.db.session((conn) => conn.exec('drop function public.test_many_rows()'))
          await server.reloadSchema()
        }
      })
    })

    describe('auth (GoTrue)', () => {
      it('signs in anonymously: a session for a new anonymous user', async () => {
        const { client, user, session } = await anonymousClient()
        expect(user.is_anonymous).toBe(true)
        expect(user.role).toBe('authenticated')
        expect(session.token_type).toBe('bearer')
        const claims = JSON.parse(Buffer.from(session.access_token.split('.')[1], 'base64url').toString())
        expect(claims).toMatchObject({ sub: user.id, role: 'authenticated', aud: 'authenticated', is_anonymous: true })
        expect(claims.session_id).toMatch(/^[0-9a-f-]{36}$/)
        expect(claims.exp - claims.iat).toBe(3600)
        const { data, error } = await client.auth.getUser()
        expect(error).toBeNull()
        expect(data.user!.id).toBe(user.id)
      })

      it('signs up with e-mail and password: no session until the mailed link confirms the address', async () => {
        const email = `resident-${randomUUID()}@example.org`
        const client = supabaseFor(base, anonKey)
        const signUp = await client.auth.signUp({ email, password: 'correct horse battery', options: { data: { display_name: 'Sam' } } })
        expect(signUp.error).toBeNull()
        expect(signUp.data.session).toBeNull()
        expect(signUp.data.user).toMatchObject({ email, is_anonymous: false, user_metadata: { display_name: 'Sam' } })
        expect(signUp.data.user!.email_confirmed_at).toBeUndefined()
        expect(signUp.data.user!.identities).toHaveLength(1)

        const again = supabaseFor(base, anonKey)
        const early = await again.auth.signInWithPassword({ email: email.toUpperCase(), password: 'correct horse battery' })
        expect(early.error).toMatchObject({ status: 400, code: 'email_not_confirmed' })
        await openMailedLink(email)
        const signIn = await again.auth.signInWithPassword({ email: email.toUpperCase(), password: 'correct horse battery' })
        expect(signIn.error).toBeNull()
        expect(signIn.data.user!.id).toBe(signUp.data.user!.id)
        expect((await again.auth.getUser()).data.user!.email).toBe(email)
      })

      it('refuses a wrong password, a weak password and a bad e-mail, and hides who has an account, as GoTrue does', async () => {
        const email = `dup-${randomUUID()}@example.org`
        const c = supabaseFor(base, anonKey)
        expect((await c.auth.signUp({ email, password: 'long enough pass' })).error).toBeNull()
        await openMailedLink(email)
        const wrong = await supabaseFor(base, anonKey).auth.signInWithPassword({ email, password: 'not the password' })
        expect(wrong.error).toMatchObject({ status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' })
        const nobody = await supabaseFor(base, anonKey).auth.signInWithPassword({ email: `nobody-${randomUUID()}@example.org`, password: 'whatever123' })
        expect(nobody.error).toMatchObject({ status: 400, code: 'invalid_credentials' })
        // With confirmation on, a repeated sign-up looks like a new one (a different id, no session).
        const duplicate = await supabaseFor(base, anonKey).auth.signUp({ email, password: 'long enough pass' })
        expect(duplicate.error).toBeNull()
        expect(duplicate.data.session).toBeNull()
        expect(duplicate.data.user!.identities).toEqual([])
        const weak = await supabaseFor(base, anonKey).auth.signUp({ email: `weak-${randomUUID()}@example.org`, password: 'short' })
        expect(weak.error).toMatchObject({ status: 422, code: 'weak_password' })
        const bad = await supabaseFor(base, anonKey).auth.signUp({ email: 'not-an-email', password: 'long enough pass' })
        expect(bad.error).toMatchObject({ status: 400, code: 'validation_failed' })
      })

      it('answers in GoTrue’s original shape to clients without the API version header', async () => {
        const response = await fetch(`${base}/auth/v1/token?grant_type=password`, {
          method: 'POST',
          headers: { apikey: anonKey, 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 'nobody@example.org', password: 'whatever123' }),
        })
        expect(response.status).toBe(400)
        expect(await response.json()).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' })
      })

      it('rotates refresh tokens, and ends the session when an old one is replayed', async () => {
        const { client, session } = await anonymousClient()
        const first = session.refresh_token
        const r1 = await client.auth.refreshSession({ refresh_token: first })
        expect(r1.error).toBeNull()
        const second = r1.data.session!.refresh_token
        expect(second).not.toBe(first)
        expect(r1.data.user!.id).toBe(session.user.id)

        const r2 = await client.auth.refreshSession({ refresh_token: second })
        expect(r2.error).toBeNull()
        const third = r2.data.session!

        // Replaying the first token, two rotations ago, is reuse: refused, and the session ends.
        const replay = await supabaseFor(base, anonKey).auth.refreshSession({ refresh_token: first })
        expect(replay.error).toMatchObject({ status: 400, code: 'refresh_token_already_used' })
        const after = await supabaseFor(base, anonKey).auth.refreshSession({ refresh_token: third.refresh_token })
        expect(after.error?.status).toBe(400)
        const user = await supabaseFor(base, anonKey).auth.getUser(third.access_token)
        expect(user.error?.name).toBe('AuthSessionMissingError')
      })

      it('lets a client that lost its last refresh answer retry with the previous token', async () => {
        const { session } = await anonymousClient()
        const first = session.refresh_token
        const lost = await supabaseFor(base, anonKey).auth.refreshSession({ refresh_token: first })
        expect(lost.error).toBeNull()
        const retry = await supabaseFor(base, anonKey).auth.refreshSession({ refresh_token: first })
        expect(retry.error).toBeNull()
        expect((await supabaseFor(base, anonKey).auth.refreshSession({ refresh_token: retry.data.session!.refresh_token })).error).toBeNull()
      })

      it('signs out: the session ends and its refresh token stops working', async () => {
        const { client, session } = await anonymousClient()
        expect((await client.auth.signOut()).error).toBeNull()
        const user = await supabaseFor(base, anonKey).auth.getUser(session.access_token)
        expect(user.error?.name).toBe('AuthSessionMissingError')
        const refresh = await supabaseFor(base, anonKey).auth.refreshSession({ refresh_token: session.refresh_token })
        expect(refresh.error?.status).toBe(400)
      })

      it('makes an anonymous resident permanent with an e-mail and password once the link is opened, keeping their needs', async () => {
        const { client, user } = await anonymousClient()
        const need = await pin(client)
        const email = `converted-${randomUUID()}@example.org`
        const updated = await client.auth.updateUser({ email, password: 'my new password', data: { display_name: 'Jo' } })
        expect(updated.error).toBeNull()
        // GoTrue: the address waits in new_email; the account stays anonymous until the link.
        expect(updated.data.user).toMatchObject({ id: user.id, email: '', new_email: email, is_anonymous: true, user_metadata: { display_name: 'Jo' } })
        const pending = JSON.parse(Buffer.from((await client.auth.refreshSession()).data.session!.access_token.split('.')[1], 'base64url').toString())
        expect(pending).toMatchObject({ sub: user.id, is_anonymous: true })
        await openMailedLink(email)
        const refreshed = await client.auth.refreshSession()
        expect(refreshed.error).toBeNull()
        const claims = JSON.parse(Buffer.from(refreshed.data.session!.access_token.split('.')[1], 'base64url').toString())
        expect(claims).toMatchObject({ sub: user.id, email, is_anonymous: false })
        const again = supabaseFor(base, anonKey)
        expect((await again.auth.signInWithPassword({ email, password: 'my new password' })).error).toBeNull()
        expect((await again.rpc('my_needs')).data.map((n: { id: string }) => n.id)).toEqual([need.id])

        const other = await anonymousClient()
        const taken = await other.client.auth.updateUser({ email, password: 'another password' })
        expect(taken.error).toMatchObject({ status: 422, code: 'email_exists' })
        const noEmail = await other.client.auth.updateUser({ password: 'another password' })
        expect(noEmail.error).toMatchObject({ status: 422 })
      })

      it('rejects GET /user without a user token', async () => {
        const missing = await fetch(`${base}/auth/v1/user`, { headers: { apikey: anonKey } })
        expect(missing.status).toBe(401)
        const withAnonKey = await fetch(`${base}/auth/v1/user`, { headers: { apikey: anonKey, Authorization: `Bearer ${anonKey}`, 'X-Supabase-Api-Version': '2024-01-01' } })
        expect(withAnonKey.status).toBe(403)
        expect(await withAnonKey.json()).toMatchObject({ code: 'bad_jwt' })
      })

      it('rate-limits anonymous sign-ins per address (30 an hour) with GoTrue’s 429', async () => {
        const client = () => supabaseFor(base, anonKey, { fetch: fetchFrom('127.0.0.77') })
        for (let i = 0; i < 30; i++) expect((await client().auth.signInAnonymously()).error).toBeNull()
        const over = await client().auth.signInAnonymously()
        expect(over.error).toMatchObject({ status: 429, code: 'over_request_rate_limit' })
        // Another address is not affected.
        expect((await supabaseFor(base, anonKey, { fetch: fetchFrom('127.0.0.78') }).auth.signInAnonymously()).error).toBeNull()
      })
    })

    describe('residents pin, support, edit and withdraw needs', () => {
      it('pins a need; a retry with the same id returns the same need', async () => {
        const { client } = await anonymousClient()
        const point = nextPoint()
        const id = randomUUID()
        const need = await pin(client, point, id)
        expect(need).toMatchObject({ id, is_mine: true, status: 'open', supporters: 0 })
        expect(need.exact_point).toEqual([Number(point[0].toFixed(6)), Number(point[1].toFixed(6))])
        expect(await pin(client, point, id)).toMatchObject({ id })
        const mine = await client.rpc('my_needs')
        expect(mine.error).toBeNull()
        expect(mine.data.map((n: { id: string }) => n.id)).toEqual([id])
      })

      it('supports a need once, and takes the support back', async () => {
        const author = await anonymousClient()
        const need = await pin(author.client)
        const { client } = await anonymousClient()
        const supported = await client.rpc('support_need', { need_id: need.id })
        expect(supported.error).toBeNull()
        expect(supported.data).toMatchObject({ supporters: 1, supported_by_me: true })
        expect((await client.rpc('support_need', { need_id: need.id })).data.supporters).toBe(1)
        const taken = await client.rpc('unsupport_need', { need_id: need.id })
        expect(taken.data).toMatchObject({ supporters: 0, supported_by_me: false })
      })

      it('lets the author edit and withdraw, and nobody else', async () => {
        const author = await anonymousClient()
        const need = await pin(author.client)
        const edited = await author.client.rpc('edit_need', { need_id: need.id, body: 'Still no food bank nearby.' })
        expect(edited.error).toBeNull()
        expect(edited.data.body).toBe('Still no food bank nearby.')

        const other = await anonymousClient()
        const denied = await other.client.rpc('edit_need', { need_id: need.id, body: 'Vandalised text' })
        expect(denied.status).toBe(403)
        expect(denied.error).toMatchObject({ code: '42501' })

        const withdrawn = await author.client.rpc('withdraw_need', { need_id: need.id, reason: 'Sorted now, thanks' })
        expect(withdrawn.error).toBeNull()
        expect(withdrawn.data.status).toBe('withdrawn')
      })

      it('keeps a need’s exact point from other residents and from anonymous visitors (RLS)', async () => {
        const author = await anonymousClient()
        const need = await pin(author.client)
        const other = await anonymousClient()
        const seen = await other.client.rpc('need_detail', { need_id: need.id })
        expect(seen.error).toBeNull()
        expect(seen.data).toMatchObject({ id: need.id, exact_point: null, is_mine: false })
        expect(seen.data.public_point).toHaveLength(2)
        expect((await other.client.rpc('my_needs')).data).toEqual([])
        const visitor = await supabaseFor(base, anonKey).rpc('need_detail', { need_id: need.id })
        expect(visitor.data.exact_point).toBeNull()
        const own = await author.client.rpc('need_detail', { need_id: need.id })
        expect(own.data.exact_point).toEqual(need.exact_point)
      })

      it('reports a need for moderation', async () => {
        const author = await anonymousClient()
        const need = await pin(author.client)
        const { client } = await anonymousClient()
        const report = await client.rpc('report_need', { need_id: need.id, reason: 'This looks like spam' })
        expect(report.error).toBeNull()
        expect(report.data).toEqual({ need_id: need.id, reported: true })
      })
    })

    describe('moderators and enterprise owners (accounts made by the admin command)', () => {
      it('lets a moderator see exact points, review reports, hide and restore; a resident may not', async () => {
        const author = await anonymousClient()
        const need = await pin(author.client)
        const reporter = await anonymousClient()
        await reporter.client.rpc('report_need', { need_id: need.id, reason: 'Not a real need' })
        const moderator = await staffClient('moderator')

        const detail = await moderator.client.rpc('need_detail', { need_id: need.id })
        expect(detail.data.exact_point).toEqual(need.exact_point)
        const reported = await moderator.client.rpc('reported_needs')
        expect(reported.error).toBeNull()
        expect(reported.data.map((n: { id: string }) => n.id)).toContain(need.id)
        expect((await reporter.client.rpc('reported_needs')).data).toEqual([])

        const resident = await reporter.client.rpc('hide_need', { need_id: need.id, reason: 'I do not like it' })
        expect(resident.status).toBe(403)
        expect(resident.error).toMatchObject({ code: '42501', message: 'Only moderators can hide or restore needs.' })

        const hidden = await moderator.client.rpc('hide_need', { need_id: need.id, reason: 'Spam, reported twice' })
        expect(hidden.error).toBeNull()
        expect(hidden.data.hidden).toBe(true)
        const gone = await supabaseFor(base, anonKey).rpc('need_detail', { need_id: need.id })
        expect(gone.data).toBeNull()
        const restored = await moderator.client.rpc('restore_need', { need_id: need.id, reason: 'Checked: it is real' })
        expect(restored.data.hidden).toBe(false)
      })

      it('lets a young person say "I’d like to join", and only the enterprise’s owner see it', async () => {
        const owner = await staffClient('enterprise_owner')
        const { data: opportunities } = await supabaseFor(base, anonKey).rpc('nearby_opportunities', { lon: -3.40, lat: 54.10, radius_m: 5000 })
        const opportunity = opportunities[0]
        await server.db.transaction((tx) => tx.query('update public.enterprises set owner_id = $1::uuid where id = $2::uuid', [owner.id, opportunity.enterprise_id]))

        const young = await anonymousClient()
        const interest = await young.client.rpc('express_interest', {
          opportunity_id: opportunity.opportunity_id,
          display_name: 'Ali',
          reply_via: 'in-person',
          age: Math.max(opportunity.min_age, 16),
        })
        expect(interest.error).toBeNull()
        expect(interest.data).toMatchObject({ opportunity_id: opportunity.opportunity_id, display_name: 'Ali' })

        const mine = await young.client.rpc('my_interests')
        expect(mine.error).toBeNull()
        expect(mine.data.map((i: { id: string }) => i.id)).toEqual([interest.data.id])

        const seenByOwner = await owner.client.rpc('enterprise_interests')
        expect(seenByOwner.error).toBeNull()
        expect(seenByOwner.data.map((i: { id: string }) => i.id)).toContain(interest.data.id)
        expect((await (await anonymousClient()).client.rpc('enterprise_interests')).data).toEqual([])

        const withdrawn = await young.client.rpc('withdraw_interest', { interest_id: interest.data.id })
        expect(withdrawn.data).toEqual({ id: interest.data.id, withdrawn: true })
      })
    })

    describe('enterprises list themselves and offer opportunities', () => {
      it('lets a full account list an enterprise, update it, add and close an opportunity; anonymous sign-ins may not', async () => {
        const [lon, lat] = nextPoint()
        const listing = { name: 'Bay Fix-it Café', social_goal: 'Repair things and teach repair skills', categories: ['skills-work'], lon, lat, contact: 'hello@example.org' }
        const anonymous = await anonymousClient()
        const refused = await anonymous.client.rpc('list_enterprise', listing)
        expect(refused.status).toBe(403)

        const owner = await accountClient()
        const listed = await owner.client.rpc('list_enterprise', listing)
        expect(listed.error).toBeNull()
        expect(listed.data).toMatchObject({ name: 'Bay Fix-it Café', status: 'active', opportunities: [] })
        const updated = await owner.client.rpc('update_enterprise', { enterprise_id: listed.data.id, website: 'https://example.org/fixit' })
        expect(updated.error).toBeNull()
        expect(updated.data.website).toBe('https://example.org/fixit')

        const added = await owner.client.rpc('add_opportunity', {
          enterprise_id: listed.data.id, title: 'Saturday repair helper', description: 'Help fix bikes and kettles.',
          min_age: 14, max_age: 25, commitment: 'weekly', skills: ['tools'], schedule: 'Saturdays 10–12',
        })
        expect(added.error).toBeNull()
        expect(added.data).toMatchObject({ title: 'Saturday repair helper', status: 'open', interests: 0 })

        const page = await supabaseFor(base, anonKey).rpc('opportunity_detail', { opportunity_id: added.data.opportunity_id })
        expect(page.error).toBeNull()
        expect(page.data).toMatchObject({ enterprise_name: 'Bay Fix-it Café', open: true, schedule: 'Saturdays 10–12', my_interest: null })

        const mine = await owner.client.rpc('my_enterprises')
        expect(mine.data.map((e: { id: string }) => e.id)).toEqual([listed.data.id])
        const closed = await owner.client.rpc('set_opportunity_status', { opportunity_id: added.data.opportunity_id, status: 'closed' })
        expect(closed.error).toBeNull()
        expect(closed.data.status).toBe('closed')

        const stranger = await accountClient()
        const notTheirs = await stranger.client.rpc('update_enterprise', { enterprise_id: listed.data.id, name: 'Taken over' })
        expect(notTheirs.status).toBe(403)
      })
    })

    describe('outcomes: adopted, met, confirmed, reopened, closed', () => {
      it('follows a need from open to met and confirmed, and back', async () => {
        const author = await anonymousClient()
        const need = await pin(author.client)

        const anonymousHelper = await anonymousClient()
        const refused = await anonymousHelper.client.rpc('adopt_need', { need_id: need.id })
        expect(refused.status).toBe(403)
        expect(refused.error?.message).toContain('email account')

        const helper = await accountClient()
        const adopted = await helper.client.rpc('adopt_need', { need_id: need.id, note: 'We can run a pantry here' })
        expect(adopted.error).toBeNull()
        expect(adopted.data.status).toBe('adopted')

        const met = await helper.client.rpc('mark_need_met', { need_id: need.id, note: 'Pantry open on Tuesdays' })
        expect(met.error).toBeNull()
        // A claim: still adopted (and in the demand) until the author confirms.
        expect(met.data).toMatchObject({ status: 'adopted', awaiting_confirmation: true })

        const due = await author.client.rpc('needs_due_recheck')
        expect(due.error).toBeNull()
        expect(due.data.find((n: { id: string }) => n.id === need.id)).toMatchObject({ prompt: 'confirm_met' })
        const page = await author.client.rpc('need_page', { need_id: need.id })
        expect(page.error).toBeNull()
        expect(page.data.may).toMatchObject({ answer_claim: true, adopt: false })
        const notices = await author.client.rpc('my_notifications')
        expect(notices.error).toBeNull()
        expect(notices.data.items[0]).toMatchObject({ need_id: need.id, kind: 'met_claimed', read: false })
        const read = await author.client.rpc('mark_notifications_read')
        expect(read.data).toBeGreaterThanOrEqual(1)

        const confirmed = await author.client.rpc('confirm_need_met', { need_id: need.id, still_met: true })
        expect(confirmed.error).toBeNull()
        expect(confirmed.data).toMatchObject({ status: 'met', met_confirmed_by: 'author' })
        expect((await author.client.rpc('needs_due_recheck')).data.map((n: { id: string }) => n.id)).not.toContain(need.id)

        const reopened = await author.client.rpc('reopen_need', { need_id: need.id, reason: 'The pantry closed again' })
        expect(reopened.error).toBeNull()
        expect(reopened.data.status).toBe('open')
      })

      it('lets the author undo an adoption, and only moderators read the disputed adopters', async () => {
        const author = await anonymousClient()
        const need = await pin(author.client)
        const helper = await accountClient()
        expect((await helper.client.rpc('adopt_need', { need_id: need.id })).error).toBeNull()
        const visitorPage = await supabaseFor(base, anonKey).rpc('need_page', { need_id: need.id })
        expect(visitorPage.error).toBeNull()
        expect(visitorPage.data.may).toMatchObject({ adopt: false, undo_adoption: false })
        const undone = await author.client.rpc('undo_adoption', { need_id: need.id, reason: 'Nobody came' })
        expect(undone.error).toBeNull()
        expect(undone.data.status).toBe('open')
        expect((await helper.client.rpc('my_notifications')).data.items[0]).toMatchObject({ kind: 'adoption_undone' })
        expect((await helper.client.rpc('disputed_adopters')).status).toBe(403)
        const moderator = await staffClient('moderator')
        const queue = await moderator.client.rpc('disputed_adopters')
        expect(queue.error).toBeNull()
        expect(Array.isArray(queue.data)).toBe(true)
      })

      it('lets only moderators close a need', async () => {
        const author = await anonymousClient()
        const need = await pin(author.client)
        const resident = await author.client.rpc('close_need', { need_id: need.id, reason: 'Duplicate of another' })
        expect(resident.status).toBe(403)
        const moderator = await staffClient('moderator')
        const closed = await moderator.client.rpc('close_need', { need_id: need.id, reason: 'Duplicate of another' })
        expect(closed.error).toBeNull()
        expect(closed.data.status).toBe('closed')
      })

      it('runs the daily auto-confirmation with the service_role key only', async () => {
        const service = await supabaseFor(base, server.keys.serviceRoleKey).rpc('auto_confirm_met_needs')
        expect(service.error).toBeNull()
        expect(typeof service.data).toBe('number')
        const visitor = await supabaseFor(base, anonKey).rpc('auto_confirm_met_needs')
        expect(visitor.status).toBe(401)
        const { client } = await anonymousClient()
        expect((await client.rpc('auto_confirm_met_needs')).status).toBe(403)
      })

      it('reports outcomes for the town, a neighbourhood and a street', async () => {
        const visitor = supabaseFor(base, anonKey)
        const town = await visitor.rpc('neighbourhood_outcomes')
        expect(town.error).toBeNull()
        expect(town.data).toHaveProperty('by_month')
        const { data: hoods } = await visitor.rpc('map_neighbourhoods', demoBbox)
        const one = await visitor.rpc('neighbourhood_outcomes', { neighbourhood: hoods.features[0].id })
        expect(one.error).toBeNull()
        expect(one.data.neighbourhood_id).toBe(hoods.features[0].id)
        const { data: layer } = await visitor.rpc('map_needs', demoBbox)
        const street = await visitor.rpc('street_outcomes', { street_id: layer.features[0].properties.street_id })
        expect(street.error).toBeNull()
        expect(street.data.street_id).toBe(layer.features[0].properties.street_id)
        const missing = await visitor.rpc('street_outcomes', { street_id: randomUUID() })
        expect(missing.status).toBe(404)
      })
    })

    describe('errors, as PostgREST answers them', () => {
      it('404 PGRST202 for an unknown function or argument set', async () => {
        const unknown = await supabaseFor(base, anonKey).rpc('no_such_function', { a: 1 })
        expect(unknown.status).toBe(404)
        expect(unknown.error).toMatchObject({ code: 'PGRST202' })
        const wrongArgs = await supabaseFor(base, anonKey).rpc('map_needs', { bbox: [1, 2, 3, 4] })
        expect(wrongArgs.status).toBe(404)
        expect(wrongArgs.error!.hint).toContain('public.map_needs(min_lon, min_lat, max_lon, max_lat')
        const privateHelper = await supabaseFor(base, anonKey).rpc('has_role', { p_role: 'moderator' })
        expect(privateHelper.status).toBe(404)
      })

      it('400 for arguments of the wrong type or out of range', async () => {
        const wrongType = await supabaseFor(base, anonKey).rpc('map_needs', { ...demoBbox, min_lon: 'west' })
        expect(wrongType.status).toBe(400)
        expect(wrongType.error).toMatchObject({ code: '22P02' })
        const inverted = await supabaseFor(base, anonKey).rpc('map_needs', { ...demoBbox, min_lon: demoBbox.max_lon, max_lon: demoBbox.min_lon })
        expect(inverted.status).toBe(400)
        expect(inverted.error).toMatchObject({ code: '22023', message: 'The bounding box must have min below max on both axes.' })
      })

      it('401 PGRST301 for a JWT that is forged, expired or malformed', async () => {
        const forged = signJwt({ role: 'service_role', iat: 0, exp: 4102444800 }, 'not-the-secret-not-the-secret-not-the-secret')
        const viaClient = await supabaseFor(base, forged).rpc('list_categories')
        expect(viaClient.status).toBe(401)
        expect(viaClient.error).toMatchObject({ code: 'PGRST301' })

        const expired = signJwt({ role: 'authenticated', sub: randomUUID(), exp: Math.floor(Date.now() / 1000) - 10 }, jwtSecret)
        const late = await rawRpc('list_categories', '{}', { Authorization: `Bearer ${expired}` })
        expect(late.status).toBe(401)
        expect(await late.json()).toMatchObject({ code: 'PGRST301', message: 'JWT expired' })
        expect(late.headers.get('www-authenticate')).toContain('invalid_token')

        expect((await rawRpc('list_categories', '{}', { Authorization: 'Bearer not.a.jwt' })).status).toBe(401)
        const none = await fetch(`${base}/rest/v1/rpc/list_categories`, { method: 'POST', body: '{}' })
        expect(none.status).toBe(401)
        const algNone = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"role":"service_role"}').toString('base64url')}.`
        expect((await rawRpc('list_categories', '{}', { Authorization: `Bearer ${algNone}` })).status).toBe(401)
      })

      it('401 for anonymous visitors and 403 for residents when privileges are missing (42501)', async () => {
        const visitor = await supabaseFor(base, anonKey).rpc('pin_need', { id: randomUUID(), category: 'food', body: 'Needs sign-in', lon: -3.4, lat: 54.1 })
        expect(visitor.status).toBe(401)
        expect(visitor.error).toMatchObject({ code: '42501' })
        const { client } = await anonymousClient()
        const resident = await client.rpc('hide_need', { need_id: randomUUID(), reason: 'Not allowed' })
        expect(resident.status).toBe(403)
      })

      it('409 for a need id already used by another user (23505)', async () => {
        const first = await anonymousClient()
        const need = await pin(first.client)
        const second = await anonymousClient()
        const point = nextPoint()
        const clash = await second.client.rpc('pin_need', { id: need.id, category: 'food', body: 'Same id, different person', lon: point[0], lat: point[1] })
        expect(clash.status).toBe(409)
        expect(clash.error).toMatchObject({ code: '23505', message: 'That need id is already in use.' })
      })

      it('turns PT404 and PT429 into HTTP 404 and 429', async () => {
        const { client } = await anonymousClient()
        const missing = await client.rpc('support_need', { need_id: randomUUID() })
        expect(missing.status).toBe(404)
        expect(missing.error).toMatchObject({ code: 'PT404' })
        // Anonymous residents may pin 10 needs an hour.
        const point = nextPoint()
        for (let i = 0; i < 10; i++) await pin(client, point)
        const over = await client.rpc('pin_need', { id: randomUUID(), category: 'food', body: 'One too many', lon: point[0], lat: point[1] })
        expect(over.status).toBe(429)
        expect(over.error).toMatchObject({ code: 'PT429' })
      })

      it('413 for a body over 64 KiB, 400 PGRST102 for malformed JSON', async () => {
        const big = await supabaseFor(base, anonKey).rpc('search_places', { query: 'x'.repeat(70 * 1024) })
        expect(big.status).toBe(413)
        const malformed = await rawRpc('list_categories', '{"oops": ')
        expect(malformed.status).toBe(400)
        expect(await malformed.json()).toMatchObject({ code: 'PGRST102', message: 'Empty or invalid json' })
        const notAnObject = await rawRpc('list_categories', '[1, 2]')
        expect(notAnObject.status).toBe(400)
        const authTooBig = await fetch(`${base}/auth/v1/signup`, { method: 'POST', headers: { apikey: anonKey, 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { x: 'y'.repeat(70 * 1024) } }) })
        expect(authTooBig.status).toBe(413)
      })

      it('runs GET in a read-only transaction (a write over GET is refused)', async () => {
        const { session } = await anonymousClient()
        const point = nextPoint()
        const params = new URLSearchParams({ id: randomUUID(), category: 'food', body: 'Pinned over GET', lon: String(point[0]), lat: String(point[1]) })
        const response = await fetch(`${base}/rest/v1/rpc/pin_need?${params}`, { headers: { apikey: anonKey, Authorization: `Bearer ${session.access_token}` } })
        expect(response.status).toBe(405)
        expect((await response.json()).code).toBe('25006')
      })

      it('runs a POST of a stable function read-only, as PostgREST does; a volatile one may write', async () => {
        await server.db.session(async (conn) => {
          // A stable function can still write through a volatile one it calls: only the transaction's mode stops it.
          await conn.exec(`create table public.test_writes (n int);
                           grant insert, select on public.test_writes to anon;
                           create function public.test_volatile_write() returns int language sql volatile as 'insert into public.test_writes values (1) returning n';
                           create function public.test_stable_write() returns int language sql stable as 'select public.test_volatile_write()';
                           grant execute on function public.test_volatile_write() to anon;
                           grant execute on function public.test_stable_write() to anon`)
        })
        await server.reloadSchema()
        try {
          const client = supabaseFor(base, anonKey)
          const stable = await client.rpc('test_stable_write')
          expect(stable.status).toBe(405)
          expect(stable.error).toMatchObject({ code: '25006' })
          const volatile = await client.rpc('test_volatile_write')
          expect(volatile).toMatchObject({ error: null, data: 1 })
          const written = await server.db.transaction((tx) => tx.query<{ n: number }>('select count(*)::int as n from public.test_writes'))
          expect(written.rows[0].n).toBe(1)
        } finally {
          await server.db.session((conn) => conn.exec('drop function public.test_stable_write(); drop function public.test_volatile_write(); drop table public.test_writes'))
          await server.reloadSchema()
        }
      })

      it("answers the caller's roles: none for a visitor, the granted one for staff", async () => {
        const visitor = await supabaseFor(base, anonKey).rpc('my_roles')
        expect(visitor).toMatchObject({ error: null, data: [] })
        const moderator = await staffClient('moderator')
        expect((await moderator.client.rpc('my_roles')).data).toEqual(['moderator'])
      })

      it('lists briefs and opens one; a project starts from it, adopts its needs, takes a co-founder and stops', async () => {
        const visitor = () => supabaseFor(base, anonKey)
        const briefs = await visitor().rpc('list_briefs', { category: 'food' })
        expect(briefs.error).toBeNull()
        expect(briefs.data.length).toBeGreaterThan(0)
        const briefId = briefs.data[0].brief_id as string
        const detail = await visitor().rpc('brief_detail', { brief_id: briefId })
        expect(detail.error).toBeNull()
        expect(detail.data.needs).toBe(briefs.data[0].needs)
        const areas = await visitor().rpc('brief_outcomes_by_neighbourhood')
        expect(areas.error).toBeNull()
        expect(areas.data.some((a: { briefs_open: number }) => a.briefs_open > 0)).toBe(true)

        const founder = await accountClient()
        const started = await founder.client.rpc('start_project_from_brief', { brief_id: briefId, name: 'Contract Pantry', social_goal: 'A pantry for these streets', contact: 'pantry@example.org' })
        expect(started.error).toBeNull()
        expect(started.data.stage).toBe('starting')
        const projectId = started.data.project_id as string
        const adopted = await founder.client.rpc('adopt_brief_needs', { project_id: projectId })
        expect(adopted.error).toBeNull()
        expect(adopted.data.adopted.length).toBeGreaterThan(0)
        const onNeed = await visitor().rpc('need_projects', { need_id: adopted.data.adopted[0] })
        expect(onNeed.data).toEqual([expect.objectContaining({ project_id: projectId, adopted_this: true })])
        const invite = await founder.client.rpc('invite_cofounder', { project_id: projectId })
        expect(invite.error).toBeNull()
        const cofounder = await accountClient()
        const joined = await cofounder.client.rpc('join_project', { token: invite.data.token })
        expect(joined.error).toBeNull()
        expect(joined.data.is_member).toBe(true)
        const page = await visitor().rpc('project_detail', { project_id: projectId })
        expect(page.data.cofounders).toBe(1)
        const stopped = await founder.client.rpc('set_project_stage', { project_id: projectId, stage: 'abandoned' })
        expect(stopped.error).toBeNull()
        expect(stopped.data.stage).toBe('abandoned')
        expect(stopped.data.needs.filter((n: { adopted_by_project: boolean }) => n.adopted_by_project)).toEqual([])
      })

      it('has a contract test for every function in schema public', async () => {
        const { rows } = await server.db.transaction((tx) =>
          tx.query<{ name: string }>(`select p.proname as name from pg_proc p where p.pronamespace = 'public'::regnamespace and p.prokind = 'f'
             and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')`),
        )
        const untested = rows.map((r) => r.name).filter((n) => !COVERED.includes(n))
        expect(untested, 'add a happy-path test to tests/server/contract.ts for these API functions').toEqual([])
      })
    })
  })
}
