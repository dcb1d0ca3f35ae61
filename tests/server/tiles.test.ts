/**
 * Vector tiles (map_tile) as the app reads them, on the embedded backend over PGlite
 * (tiles encoded in JS) and over Postgres (ST_AsMVT, as on hosted Supabase): decoded
 * with @mapbox/vector-tile, layer by layer; needs only at public points and counted at
 * low zoom; ETags, 304s and staleness after a pin or a moderation change; bad input.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { createPostgresDatabase, startTestServer, supabaseFor, type TestServer } from '../helpers/server.ts'
import { engineAvailable, postgresWithPostgis } from '../helpers/engines.ts'
import type { Queryable } from '../../src/db/database.ts'
import { createTileService, engineHasMvt, type TileResponse } from '../../src/server/tiles/tile-service.ts'

const withPostgres = engineAvailable('vector tiles on Postgres', await postgresWithPostgis(), 'no Postgres with PostGIS on 127.0.0.1:5432')

type Tile = [z: number, x: number, y: number]
const CENTRE: [number, number] = [-3.4, 54.1] // the demo town
const LAYERS = ['streets', 'neighbourhoods', 'assets', 'enterprises', 'needs', 'places'] as const

function tileOf(lon: number, lat: number, z: number): Tile {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return [z, Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.asinh(Math.tan(r)) / Math.PI) / 2) * n)]
}

/** A point in tile pixels (extent 4096) back to lon/lat. */
function lonLat([z, x, y]: Tile, px: number, py: number): [number, number] {
  const n = 2 ** z
  const lon = ((x + px / 4096) / n) * 360 - 180
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + py / 4096)) / n))) * 180) / Math.PI
  return [lon, lat]
}

/** Metres per tile pixel at this zoom and latitude. */
const pixelMetres = (z: number, lat: number) => (40075016.686 * Math.cos((lat * Math.PI) / 180)) / 2 ** z / 4096

function metres(a: [number, number], b: [number, number]): number {
  const k = Math.cos((a[1] * Math.PI) / 180)
  return Math.hypot((a[0] - b[0]) * 111320 * k, (a[1] - b[1]) * 110574)
}

interface Engine {
  name: string
  server: TestServer
  base: string
  get: (layer: string, tile: Tile, extra?: string, headers?: Record<string, string>) => Promise<Response>
  decode: (layer: string, tile: Tile, extra?: string) => Promise<VectorTileLayer | undefined>
}

function engineFor(name: string, server: TestServer): Engine {
  const base = server.url.replace('localhost', '127.0.0.1')
  const get = (layer: string, [z, x, y]: Tile, extra = '', headers: Record<string, string> = {}) =>
    fetch(`${base}/rest/v1/rpc/map_tile?layer=${layer}&z=${z}&x=${x}&y=${y}${extra}`, {
      headers: { apikey: server.keys.anonKey, Accept: 'application/vnd.mapbox-vector-tile', ...headers },
    })
  const decode = async (layer: string, tile: Tile, extra = '') => {
    const response = await get(layer, tile, extra)
    expect(response.status).toBe(200)
    return new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer()))).layers[layer]
  }
  return { name, server, base, get, decode }
}

/** A decoded layer as plain data, in a stable order, to compare two engines' tiles. */
function plain(layer: VectorTileLayer | undefined) {
  if (!layer) return []
  return Array.from({ length: layer.length }, (_, i) => {
    const f = layer.feature(i)
    return { id: f.id, type: f.type, properties: f.properties, geometry: f.loadGeometry().map((ring) => ring.map((p) => [p.x, p.y])) }
  }).sort((a, b) => JSON.stringify([a.id, a.properties]).localeCompare(JSON.stringify([b.id, b.properties])))
}

describe('vector tiles', () => {
  const engines: Engine[] = []
  let dropPostgres: (() => Promise<void>) | undefined

  beforeAll(async () => {
    engines.push(engineFor('PGlite', await startTestServer()))
    if (withPostgres) {
      const database = await createPostgresDatabase()
      dropPostgres = () => database.drop()
      engines.push(engineFor('Postgres', await startTestServer({ databaseUrl: database.url })))
    }
  }, 600_000)

  afterAll(async () => {
    for (const e of engines) await e.server.stop()
    await dropPostgres?.()
  })

  // First, before any test writes: both engines hold the same demo town.
  it.skipIf(!withPostgres)('PGlite (JS encoder) serves the same tiles as Postgres (ST_AsMVT)', async () => {
    const [pglite, postgres] = engines
    expect(pglite.server.engine).toBe('pglite')
    for (const z of [10, 12, 14, 16]) {
      const tile = tileOf(...CENTRE, z)
      for (const layer of LAYERS) {
        const [a, b] = [await pglite.decode(layer, tile), await postgres.decode(layer, tile)]
        expect(plain(a), `${layer} ${tile.join('/')}`).toEqual(plain(b))
        if (a) expect([a.version, a.extent, a.name]).toEqual([b!.version, b!.extent, b!.name])
      }
    }
  }, 120_000)

  // Which encoder serves is decided from this at start: PGlite's PostGIS has no protobuf-c, Debian's has.
  it('tells which PostGIS can write vector tiles itself', async () => {
    const has = (e: Engine) => e.server.db.transaction(engineHasMvt, { readOnly: true })
    expect(await has(engines[0])).toBe(false)
    if (withPostgres) expect(await has(engines[1])).toBe(true)
  })

  const each = (title: string, fn: (e: Engine) => Promise<void>, timeout = 60_000) => {
    it(`${title} (PGlite)`, () => fn(engines[0]), timeout)
    it.skipIf(!withPostgres)(`${title} (Postgres)`, () => fn(engines[1]), timeout)
  }

  each('every layer decodes with its documented properties', async (e) => {
    const tile = tileOf(...CENTRE, 14)
    const keys: Record<string, { type: number; required: string[]; optional?: string[] }> = {
      streets: { type: 2, required: ['id', 'highway', 'group_id', 'source'], optional: ['name', 'neighbourhood_id'] },
      neighbourhoods: { type: 3, required: ['id', 'name', 'code', 'kind'], optional: ['label'] },
      assets: { type: 1, required: ['id', 'name', 'category', 'categories', 'verified', 'source'], optional: ['address', 'opening_hours', 'contact', 'website'] },
      enterprises: { type: 1, required: ['id', 'name', 'category', 'categories', 'status', 'social_goal', 'open_opportunities'], optional: ['contact', 'website'] },
      needs: { type: 1, required: ['id', 'category', 'status', 'supporters', 'street_id', 'body', 'created_at'], optional: ['street_name'] },
    }
    for (const [layer, spec] of Object.entries(keys)) {
      const decoded = await e.decode(layer, tile)
      expect(decoded?.length, layer).toBeGreaterThan(0)
      expect(decoded!.extent).toBe(4096)
      for (let i = 0; i < decoded!.length; i++) {
        const f = decoded!.feature(i)
        // A neighbourhood's label point (label = true) rides along with its polygons.
        expect(f.type, layer).toBe(f.properties.label === true ? 1 : spec.type)
        expect(typeof f.id).toBe('number')
        expect(Object.keys(f.properties).filter((k) => !spec.optional?.includes(k)).sort(), layer).toEqual([...spec.required].sort())
      }
    }
    const needs = await e.decode('needs', tile)
    for (let i = 0; i < needs!.length; i++) {
      const p = needs!.feature(i).properties
      expect(['open', 'acknowledged', 'adopted']).toContain(p.status)
      expect(String(p.body).length).toBeLessThanOrEqual(140)
      expect(String(p.created_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    }
    const nbs = await e.decode('neighbourhoods', tile)
    const labels = Array.from({ length: nbs!.length }, (_, i) => nbs!.feature(i)).filter((f) => f.properties.label === true)
    expect(labels.length, 'label points').toBeGreaterThan(0)
    expect(new Set(labels.map((f) => f.properties.id)).size, 'one label point per neighbourhood').toBe(labels.length)
    const enterprises = await e.decode('enterprises', tile)
    for (let i = 0; i < enterprises!.length; i++) expect(enterprises!.feature(i).properties.status).not.toBe('closed')
  })

  each('categories filter assets, enterprises and needs', async (e) => {
    const tile = tileOf(...CENTRE, 12)
    const all = await e.decode('assets', tile)
    const food = await e.decode('assets', tile, '&categories={food}')
    expect(food!.length).toBeGreaterThan(0)
    expect(food!.length).toBeLessThan(all!.length)
    for (let i = 0; i < food!.length; i++) expect(String(food!.feature(i).properties.categories).split(',')).toContain('food')
    const needs = await e.decode('needs', tileOf(...CENTRE, 14), '&categories={food}')
    for (let i = 0; i < (needs?.length ?? 0); i++) expect(needs!.feature(i).properties.category).toBe('food')
  })

  each('needs at street zoom sit at their public points, never the exact ones', async (e) => {
    const tile = tileOf(...CENTRE, 14)
    const needs = await e.decode('needs', tile)
    expect(needs!.length).toBeGreaterThan(0)
    const ids = Array.from({ length: needs!.length }, (_, i) => String(needs!.feature(i).properties.id))
    const { rows } = await e.server.db.transaction((tx) =>
      tx.query<{ id: string; pub: [number, number]; exact: [number, number] }>(
        `select n.id, array[extensions.st_x(n.public_geom::extensions.geometry), extensions.st_y(n.public_geom::extensions.geometry)] as pub,
                array[extensions.st_x(p.exact_geom::extensions.geometry), extensions.st_y(p.exact_geom::extensions.geometry)] as exact
         from public.needs n join public.need_private p on p.need_id = n.id where n.id = any ($1::uuid[])`,
        [ids],
      ),
    )
    const byId = new Map(rows.map((r) => [r.id, r]))
    const pixel = pixelMetres(14, CENTRE[1])
    let apart = 0
    for (let i = 0; i < needs!.length; i++) {
      const f = needs!.feature(i)
      const p = f.loadGeometry()[0][0]
      const at = lonLat(tile, p.x, p.y)
      const need = byId.get(String(f.properties.id))!
      expect(metres(at, need.pub)).toBeLessThanOrEqual(pixel * 1.5)
      if (metres(need.pub, need.exact) > pixel * 4) {
        apart++
        expect(metres(at, need.exact)).toBeGreaterThan(pixel * 2)
      }
    }
    expect(apart, 'some demo needs were pinned away from their public point').toBeGreaterThan(0)
    // The same needs as the GeoJSON layer shows in the tile (map_needs: public points).
    const [west, north] = lonLat(tile, 0, 0)
    const [east, south] = lonLat(tile, 4096, 4096)
    const { data } = await supabaseFor(e.base, e.server.keys.anonKey).rpc('map_needs', { min_lon: west, min_lat: south, max_lon: east, max_lat: north })
    const geojson = (data as { features: Array<{ id: string }> }).features.map((f) => f.id)
    expect(geojson.length).toBeGreaterThan(0)
    expect(ids).toEqual(expect.arrayContaining(geojson)) // the tile also holds its buffer
    const inside = ids.filter((_, i) => {
      const p = needs!.feature(i).loadGeometry()[0][0]
      return p.x >= 2 && p.x <= 4094 && p.y >= 2 && p.y <= 4094
    })
    expect(geojson).toEqual(expect.arrayContaining(inside))
  })

  each('below street zoom needs are counted per cell, and the counts add up to the needs in the tile', async (e) => {
    for (const z of [10, 12, 13]) {
      const tile = tileOf(...CENTRE, z)
      const cells = await e.decode('needs', tile)
      let count = 0
      let supporters = 0
      for (let i = 0; i < cells!.length; i++) {
        const p = cells!.feature(i).properties
        expect(p.id).toBeUndefined()
        expect(p.demand).toBe(Number(p.count) + Number(p.supporters))
        count += Number(p.count)
        supporters += Number(p.supporters)
      }
      const { rows } = await e.server.db.transaction((tx) =>
        tx.query<{ n: number; s: number }>(
          `select count(*)::int as n, coalesce(sum(supporters_count), 0)::int as s from public.needs
           where hidden_at is null and status in ('open', 'acknowledged', 'adopted')
             and extensions.st_intersects(extensions.st_transform(public_geom::extensions.geometry, 3857), extensions.st_tileenvelope($1, $2, $3))`,
          tile,
        ),
      )
      expect(count, `z${z}`).toBe(rows[0].n)
      expect(supporters).toBe(rows[0].s)
      expect(count).toBeGreaterThan(0)
    }
  })

  each('tiles carry an ETag, are revalidated, and answer 304 to If-None-Match', async (e) => {
    const tile = tileOf(...CENTRE, 14)
    const first = await e.get('streets', tile)
    const etag = first.headers.get('etag')
    expect(etag).toMatch(/^"t1\.[0-9a-f]+\.\d+"$/)
    expect(first.headers.get('cache-control')).toBe('public, no-cache')
    expect(first.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
    const again = await e.get('streets', tile, '', { 'If-None-Match': etag! })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    expect((await again.arrayBuffer()).byteLength).toBe(0)
    expect((await e.get('streets', tile, '', { 'If-None-Match': '"something else"' })).status).toBe(200)
    // POST (supabase-js's rpc) gives the same tile, and writes nothing (the ETag stays).
    const posted = await fetch(`${e.base}/rest/v1/rpc/map_tile`, {
      method: 'POST',
      headers: { apikey: e.server.keys.anonKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ layer: 'streets', z: tile[0], x: tile[1], y: tile[2] }),
    })
    expect(posted.status).toBe(200)
    expect(posted.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
    expect(posted.headers.get('etag')).toBe(etag)
    // supabase-js sends the key as both apikey and Bearer; a signed-in caller gets the same public tile.
    const { client, session } = await (async () => {
      const c = supabaseFor(e.base, e.server.keys.anonKey)
      const { data } = await c.auth.signInAnonymously()
      return { client: c, session: data.session! }
    })()
    expect(client).toBeTruthy()
    const signedIn = await e.get('streets', tile, '', { Authorization: `Bearer ${session.access_token}`, 'X-Client-Info': 'supabase-js-node/2' })
    expect(signedIn.headers.get('etag')).toBe(etag)
    expect(Buffer.from(await signedIn.arrayBuffer()).equals(Buffer.from(await (await e.get('streets', tile)).arrayBuffer()))).toBe(true)
  })

  each('a pin makes only the tiles around it stale', async (e) => {
    // Two street-zoom tiles with streets, two tiles apart (so no buffer reaches across).
    const here = tileOf(...CENTRE, 14)
    const far: Tile = [14, here[1] - 2, here[2]]
    const before = {
      here: (await e.get('needs', here)).headers.get('etag'),
      far: (await e.get('needs', far)).headers.get('etag'),
      streets: (await e.get('streets', here)).headers.get('etag'),
      low: (await e.get('needs', tileOf(...CENTRE, 12))).headers.get('etag'),
    }
    const streets = await e.decode('streets', here)
    const line = streets!.feature(0).loadGeometry()[0]
    const point = lonLat(here, line[0].x, line[0].y)
    const client = supabaseFor(e.base, e.server.keys.anonKey)
    await client.auth.signInAnonymously()
    const id = randomUUID()
    const { error } = await client.rpc('pin_need', { id, category: 'food', body: 'A tile test need on this street.', lon: point[0], lat: point[1] })
    expect(error).toBeNull()

    const after = await e.get('needs', here)
    expect(after.headers.get('etag')).not.toBe(before.here)
    expect((await e.get('needs', here, '', { 'If-None-Match': before.here! })).status).toBe(200)
    const decoded = new VectorTile(new PbfReader(new Uint8Array(await after.arrayBuffer()))).layers.needs
    expect(Array.from({ length: decoded.length }, (_, i) => decoded.feature(i).properties.id)).toContain(id)
    expect((await e.get('needs', tileOf(...CENTRE, 12))).headers.get('etag')).not.toBe(before.low)
    expect((await e.get('needs', far)).headers.get('etag')).toBe(before.far)
    expect((await e.get('streets', here)).headers.get('etag')).toBe(before.streets)

    // A moderator hiding it: stale again, and gone from the tile.
    const shown = (await e.get('needs', here)).headers.get('etag')
    await e.server.db.transaction((tx) => tx.query(`update public.needs set hidden_at = now(), hidden_reason = 'test' where id = $1`, [id]))
    const hidden = await e.get('needs', here)
    expect(hidden.headers.get('etag')).not.toBe(shown)
    const gone = new VectorTile(new PbfReader(new Uint8Array(await hidden.arrayBuffer()))).layers.needs
    expect(Array.from({ length: gone.length }, (_, i) => gone.feature(i).properties.id)).not.toContain(id)
  })

  each('new tiles asked together are made in one statement, each as it is made alone', async (e) => {
    // The JS encoder's path on both engines: services of their own, so nothing is cached yet.
    const statements: string[] = []
    const run = <T>(work: (tx: Queryable) => Promise<T>) =>
      e.server.db.transaction(async (tx) => {
        await tx.query(`select set_config('role', 'anon', true), set_config('request.headers', '{}', true)`)
        return work({ query: (sql, params) => (statements.push(sql), tx.query(sql, params)), exec: (sql) => tx.exec(sql) })
      }, { readOnly: true })
    const service = (batch: boolean) => createTileService({ epoch: { value: 0 }, soleWriter: true, hasMvt: false, batch })
    type Ask = [layer: string, tile: Tile, categories?: string]
    const ask = (s: ReturnType<typeof service>, [layer, [z, x, y], categories]: Ask) =>
      s.serve({ layer, z, x, y, ...(categories ? { categories } : {}) }, undefined, false, run)
    const together = (asks: Ask[]) => {
      const s = service(true)
      return Promise.allSettled(asks.map((a) => ask(s, a)))
    }
    const alone = async (asks: Ask[]) => {
      const s = service(false)
      const out: TileResponse[] = []
      for (const a of asks) out.push(await ask(s, a))
      return out
    }
    const same = (t: TileResponse) => [t.status, t.headers, t.body.toString('hex')]
    const centre = tileOf(...CENTRE, 16)
    // Street zoom and below (made alone: a tile of zoom < 14 can hold a whole town), categories too.
    const asks: Ask[] = [['needs', tileOf(...CENTRE, 12)], ['neighbourhoods', tileOf(...CENTRE, 14)], ['assets', tileOf(...CENTRE, 14), '{food}']]
    // z16 tiles three apart (a z15 cell is two across), so a pin in the centre leaves the others as they were.
    for (const dx of [-3, 0, 3]) {
      for (const dy of [-3, 0, 3]) for (const layer of ['streets', 'needs', 'assets']) asks.push([layer, [16, centre[1] + dx, centre[2] + dy]])
    }
    const check = async () => {
      statements.length = 0
      const made = await together(asks)
      expect(statements.filter((sql) => sql.includes('json_array_elements')).length).toBe(1)
      const one = await alone(asks)
      expect(made.map((t) => (t.status === 'fulfilled' ? same(t.value) : t.reason))).toEqual(one.map(same))
      expect(one.filter((t) => t.body.length > 0).length).toBeGreaterThan(10)
      return one
    }
    const before = await check()

    // A pin in the centre tile: made together again, each still as alone; only tiles around it changed.
    const streets = await e.decode('streets', centre)
    const line = streets!.feature(0).loadGeometry()[0]
    const point = lonLat(centre, line[0].x, line[0].y)
    const client = supabaseFor(e.base, e.server.keys.anonKey)
    await client.auth.signInAnonymously()
    const id = randomUUID()
    expect((await client.rpc('pin_need', { id, category: 'food', body: 'A batched tile test need.', lon: point[0], lat: point[1] })).error).toBeNull()
    const after = await check()
    const changed = asks.filter((_, i) => after[i].headers.ETag !== before[i].headers.ETag).map(([layer, tile]) => `${layer} ${tile.join('/')}`)
    expect(changed).toContain(`needs ${centre.join('/')}`)
    expect(changed).toContain(`needs ${tileOf(...CENTRE, 12).join('/')}`)
    expect(changed.every((t) => t.startsWith('needs'))).toBe(true)
    expect(changed.length).toBeLessThan(asks.filter(([layer]) => layer === 'needs').length)
    const pinned = new VectorTile(new PbfReader(new Uint8Array(after[asks.findIndex(([l, t]) => l === 'needs' && t.join() === centre.join())].body)))
    expect(Array.from({ length: pinned.layers.needs.length }, (_, i) => pinned.layers.needs.feature(i).properties.id)).toContain(id)

    // A bad tile among them gets its own error; the others their tiles.
    const mixed = await together([['needs', [99, 0, 0]], ...asks.slice(0, 4)])
    expect(mixed[0]).toMatchObject({ status: 'rejected', reason: { code: '22023' } })
    expect(mixed.slice(1).map((t) => (t.status === 'fulfilled' ? same(t.value) : t.reason))).toEqual(after.slice(0, 4).map(same))
  })

  each("an enterprise's new opportunity makes its tiles stale, with the new count of open roles", async (e) => {
    const tile = tileOf(...CENTRE, 12)
    const before = await e.decode('enterprises', tile)
    const f = before!.feature(0)
    const id = String(f.properties.id)
    const roles = Number(f.properties.open_opportunities)
    const etag = (await e.get('enterprises', tile)).headers.get('etag')
    const streets = (await e.get('streets', tile)).headers.get('etag')
    await e.server.db.transaction((tx) => tx.query(
      `insert into public.opportunities (enterprise_id, title, description, commitment) values ($1, 'Tile test role', 'A role to test tiles.', 'flexible')`, [id]))
    const after = await e.get('enterprises', tile)
    expect(after.headers.get('etag')).not.toBe(etag)
    const layer = new VectorTile(new PbfReader(new Uint8Array(await after.arrayBuffer()))).layers.enterprises
    const again = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((g) => g.properties.id === id)
    expect(again?.properties.open_opportunities).toBe(roles + 1)
    expect((await e.get('streets', tile)).headers.get('etag')).toBe(streets)
  })

  // The map's one source: its five layers in one tile (map_tile's list form).
  const FIVE = 'neighbourhoods,streets,assets,enterprises,needs'
  const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer())
  const unquote = (etag: string | null) => String(etag).replace(/^"|"$/g, '')
  /** public.map_tile and its headers called in SQL, as anon (ST_AsMVT: Postgres only). */
  const sqlTile = (e: Engine, layer: string, [z, x, y]: Tile, categories: string[] | null = null) =>
    e.server.db.transaction(async (tx) => {
      await tx.query(`select set_config('role', 'anon', true), set_config('request.headers', '{}', true)`)
      const { rows } = await tx.query<{ tile: Uint8Array; etag: string; headers: string }>(
        `select public.map_tile($1, $2, $3, $4, $5)::bytea as tile, current_setting('response.headers') as headers`, [layer, z, x, y, categories])
      return { tile: Buffer.from(rows[0].tile), headers: JSON.parse(rows[0].headers) as Array<Record<string, string>> }
    }, { readOnly: true })
  const sqlEtag = (e: Engine, layer: string, [z, x, y]: Tile) =>
    e.server.db.transaction(async (tx) => {
      await tx.query(`select set_config('role', 'anon', true), set_config('request.headers', '{}', true)`)
      const { rows } = await tx.query<{ etag: string }>(`select private.tile_etag($1, $2, $3, $4, null) as etag`, [layer, z, x, y])
      return rows[0].etag
    }, { readOnly: true })

  each('several layers in one tile: the single-layer tiles one after the other, with one ETag', async (e) => {
    const cases: Array<[string, Tile, string]> = [
      [FIVE, tileOf(...CENTRE, 14), ''],
      [FIVE, tileOf(...CENTRE, 12), ''],
      [FIVE, tileOf(...CENTRE, 16), '&categories={food}'],
      ['needs,streets,places', tileOf(...CENTRE, 10), ''],
    ]
    let nonEmpty = 0
    for (const [list, tile, extra] of cases) {
      const what = `${list} ${tile.join('/')}${extra}`
      const layers = list.split(',')
      const combined = await e.get(list, tile, extra)
      expect(combined.status, what).toBe(200)
      expect(combined.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
      expect(combined.headers.get('cache-control')).toBe('public, no-cache')
      const body = await bytesOf(combined)
      const singles = await Promise.all(layers.map((l) => e.get(l, tile, extra)))
      const parts = await Promise.all(singles.map(bytesOf))
      expect(body.equals(Buffer.concat(parts)), `${what}: the bytes of its layers' tiles`).toBe(true)
      expect(combined.headers.get('etag'), what).toBe(`"${singles.map((r) => unquote(r.headers.get('etag'))).join('+')}"`)
      expect(combined.headers.get('etag')).toBe(await sqlEtag(e, list, tile))
      // Decoded: each layer as its own tile has it, in the order asked (empty ones absent).
      const decoded = new VectorTile(new PbfReader(new Uint8Array(body))).layers
      expect(Object.keys(decoded), what).toEqual(layers.filter((_, i) => parts[i].length > 0))
      for (const [i, layer] of layers.entries()) {
        const alone = new VectorTile(new PbfReader(new Uint8Array(parts[i]))).layers[layer]
        expect(plain(decoded[layer]), `${what}: ${layer}`).toEqual(plain(alone))
        if (alone) nonEmpty++
      }
      if (e.server.engine === 'postgres') {
        const categories = extra ? ['food'] : null
        const sql = await sqlTile(e, list, tile, categories)
        expect(sql.tile.equals(body), `${what}: as public.map_tile makes it`).toBe(true)
        expect(sql.headers).toEqual([{ ETag: combined.headers.get('etag') }, { 'Cache-Control': 'public, no-cache' }])
      }
      const again = await e.get(list, tile, extra, { 'If-None-Match': combined.headers.get('etag')! })
      expect(again.status, what).toBe(304)
      expect(again.headers.get('etag')).toBe(combined.headers.get('etag'))
      expect((await again.arrayBuffer()).byteLength).toBe(0)
      // One layer's ETag is not the list's; gzip gives the same bytes.
      expect((await e.get(list, tile, extra, { 'If-None-Match': singles[0].headers.get('etag')! })).status).toBe(200)
      const zipped = await e.get(list, tile, extra, { 'Accept-Encoding': 'gzip' })
      expect((await bytesOf(zipped)).equals(body)).toBe(true)
    }
    expect(nonEmpty, 'the cases hold features').toBeGreaterThan(8)
    // supabase-js's POST gives the same tile.
    const tile = tileOf(...CENTRE, 14)
    const posted = await fetch(`${e.base}/rest/v1/rpc/map_tile`, {
      method: 'POST',
      headers: { apikey: e.server.keys.anonKey, 'Content-Type': 'application/json', Accept: 'application/vnd.mapbox-vector-tile' },
      body: JSON.stringify({ layer: FIVE, z: tile[0], x: tile[1], y: tile[2] }),
    })
    expect(posted.status).toBe(200)
    expect((await bytesOf(posted)).equals(await bytesOf(await e.get(FIVE, tile)))).toBe(true)
  })

  each('a pin makes only the needs part of a several-layer tile stale', async (e) => {
    const tile = tileOf(...CENTRE, 16)
    const first = await e.get(FIVE, tile)
    const before = { etag: first.headers.get('etag')!, layers: new VectorTile(new PbfReader(new Uint8Array(await first.arrayBuffer()))).layers }
    const streets = await e.decode('streets', tile)
    const line = streets!.feature(0).loadGeometry()[0]
    const point = lonLat(tile, line[0].x, line[0].y)
    const client = supabaseFor(e.base, e.server.keys.anonKey)
    await client.auth.signInAnonymously()
    const id = randomUUID()
    expect((await client.rpc('pin_need', { id, category: 'food', body: 'A combined tile test need.', lon: point[0], lat: point[1] })).error).toBeNull()

    const after = await e.get(FIVE, tile, '', { 'If-None-Match': before.etag })
    expect(after.status).toBe(200)
    const etag = after.headers.get('etag')!
    expect(etag).not.toBe(before.etag)
    const [was, now] = [unquote(before.etag).split('+'), unquote(etag).split('+')]
    expect(now.map((part, i) => part === was[i])).toEqual([true, true, true, true, false])
    const layers = new VectorTile(new PbfReader(new Uint8Array(await after.arrayBuffer()))).layers
    for (const layer of ['neighbourhoods', 'streets', 'assets', 'enterprises']) expect(plain(layers[layer]), layer).toEqual(plain(before.layers[layer]))
    expect(Array.from({ length: layers.needs.length }, (_, i) => layers.needs.feature(i).properties.id)).toContain(id)
    expect(etag).toBe(await sqlEtag(e, FIVE, tile))
    if (e.server.engine === 'postgres') expect((await sqlTile(e, FIVE, tile)).tile.equals(await bytesOf(await e.get(FIVE, tile)))).toBe(true)
  })

  each('several layers: the parts come from the per-layer cache, new ones made in one statement', async (e) => {
    const statements: string[] = []
    const run = <T>(work: (tx: Queryable) => Promise<T>) =>
      e.server.db.transaction(async (tx) => {
        await tx.query(`select set_config('role', 'anon', true), set_config('request.headers', '{}', true)`)
        return work({ query: (sql, params) => (statements.push(sql), tx.query(sql, params)), exec: (sql) => tx.exec(sql) })
      }, { readOnly: true })
    const epoch = { value: 0 }
    const service = createTileService({ epoch, soleWriter: true, hasMvt: false, batch: true })
    const [z, x, y] = tileOf(...CENTRE, 16)
    const ask = (layer: string) => service.serve({ layer, z, x, y }, undefined, false, run)
    // Two clients at once: one statement makes the five parts for both.
    const [a, b] = await Promise.all([ask(FIVE), ask(FIVE)])
    expect(statements.length).toBe(1)
    expect(statements[0]).toContain('json_array_elements')
    expect(b).toEqual(a)
    expect(a.headers.ETag).toBe(await sqlEtag(e, FIVE, [z, x, y]))
    // This service encodes in JS: on PGlite as the server does, on Postgres the same features as ST_AsMVT.
    const served = new VectorTile(new PbfReader(new Uint8Array(await bytesOf(await e.get(FIVE, [z, x, y]))))).layers
    const made = new VectorTile(new PbfReader(new Uint8Array(a.body))).layers
    expect(Object.keys(made)).toEqual(Object.keys(served))
    for (const layer of Object.keys(served)) expect(plain(made[layer]), layer).toEqual(plain(served[layer]))
    if (e.server.engine === 'pglite') expect(a.body.equals(await bytesOf(await e.get(FIVE, [z, x, y])))).toBe(true)
    // Cached: no database work, and the parts answer single-layer requests too.
    statements.length = 0
    expect(await ask(FIVE)).toEqual(a)
    const singles = await Promise.all(FIVE.split(',').map(ask))
    expect(a.body.equals(Buffer.concat(singles.map((t) => t.body)))).toBe(true)
    const needs = singles[4]
    expect(statements).toEqual([])
    expect(a.headers.ETag.endsWith(`+${unquote(needs.headers.ETag)}"`)).toBe(true)
    // A write elsewhere: the parts are checked by their ETags, together in one statement, and none is made again.
    epoch.value++
    expect(await ask(FIVE)).toEqual(a)
    expect(statements.length).toBe(1)
    expect(statements[0]).toContain('known')
    const checked = await Promise.all(FIVE.split(',').map(ask))
    checked.forEach((t, i) => expect(t.body).toBe(singles[i].body))
    // A part already cached is not made again: only the missing ones, together.
    statements.length = 0
    const mixed = await ask('needs,places,streets')
    expect(statements.filter((sql) => sql.includes('tile_features')).length).toBe(1)
    expect(mixed.body.equals(Buffer.concat([singles[4].body, (await ask('places')).body, singles[1].body]))).toBe(true)
  })

  each('bad lists of layers are 400s with 22023, never 5xx', async (e) => {
    const lists = ['streets,,needs', 'streets,streets', 'streets,x', ',', 'streets,', ',needs', 'streets, needs', 'Streets,needs',
      'streets,neighbourhoods,assets,enterprises,needs,places,streets', 'streets,needs,' + 'x'.repeat(5000), `${FIVE},needs`]
    for (const list of lists) {
      const response = await e.get(encodeURIComponent(list), [14, 8000, 5000])
      expect(response.status, list).toBe(400)
      const body = (await response.json()) as Record<string, unknown>
      expect(body, list).toMatchObject({ code: '22023' })
      expect(String(body.message)).toMatch(/layer/i)
      expect(Object.keys(body).sort()).toEqual(['code', 'details', 'hint', 'message'])
    }
    // A good list with a bad tile or category: the tile's own errors.
    for (const [tile, extra, message] of [[[99, 0, 0], '', 'The zoom must be between 0 and 22.'], [[3, 0, 0], '&categories={nope}', 'Unknown category: nope.']] as const) {
      const response = await e.get(FIVE, tile as unknown as Tile, extra)
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({ code: '22023', message })
    }
    // The same refusals in SQL (hosted Supabase).
    for (const list of lists) {
      await expect(e.server.db.transaction((tx) => tx.query(`select private.tile_etag($1, 14, 8000, 5000, null)`, [list]), { readOnly: true }), list)
        .rejects.toMatchObject({ code: '22023' })
    }
  })

  each('bad tiles are 400s with PostgREST errors', async (e) => {
    const cases: Array<[string, Tile, string, string]> = [
      ['needs', [99, 0, 0], '', '22023'],
      ['x', [1, 0, 0], '', '22023'],
      ['needs', [3, 8, 0], '', '22023'],
      ['needs', [3, 0, 0], '&categories={nope}', '22023'],
    ]
    for (const [layer, tile, extra, code] of cases) {
      const response = await e.get(layer, tile, extra)
      expect(response.status, `${layer} ${tile.join('/')}${extra}`).toBe(400)
      const body = (await response.json()) as Record<string, unknown>
      expect(body).toMatchObject({ code })
      expect(Object.keys(body).sort()).toEqual(['code', 'details', 'hint', 'message'])
    }
    const typo = await fetch(`${e.base}/rest/v1/rpc/map_tile?layer=needs&z=abc&x=0&y=0`, { headers: { apikey: e.server.keys.anonKey } })
    expect(typo.status).toBe(400)
    const wrongType = await e.get('needs', [3, 0, 0], '', { Accept: 'application/json' })
    expect(wrongType.status).toBe(406)
  })

  each('private answers are not stored; public JSON reads are revalidated by ETag', async (e) => {
    const anonRead = await fetch(`${e.base}/rest/v1/rpc/list_categories`, { headers: { apikey: e.server.keys.anonKey } })
    expect(anonRead.headers.get('cache-control')).toBe('no-cache')
    const etag = anonRead.headers.get('etag')!
    expect(etag).toBeTruthy()
    expect((await fetch(`${e.base}/rest/v1/rpc/list_categories`, { headers: { apikey: e.server.keys.anonKey, 'If-None-Match': etag } })).status).toBe(304)
    const client = supabaseFor(e.base, e.server.keys.anonKey)
    const { data } = await client.auth.signInAnonymously()
    const mine = await fetch(`${e.base}/rest/v1/rpc/my_needs`, { headers: { apikey: e.server.keys.anonKey, Authorization: `Bearer ${data.session!.access_token}` } })
    expect(mine.status).toBe(200)
    expect(mine.headers.get('cache-control')).toBe('no-store')
    expect(mine.headers.get('etag')).toBeNull()
    // An anonymous POST is public too, left for the app's service worker to keep for offline use.
    const posted = await fetch(`${e.base}/rest/v1/rpc/list_categories`, { method: 'POST', headers: { apikey: e.server.keys.anonKey, 'Content-Type': 'application/json' }, body: '{}' })
    expect(posted.headers.get('cache-control')).toBeNull()
    const signedInPost = await fetch(`${e.base}/rest/v1/rpc/my_needs`, { method: 'POST', headers: { apikey: e.server.keys.anonKey, Authorization: `Bearer ${data.session!.access_token}`, 'Content-Type': 'application/json' }, body: '{}' })
    expect(signedInPost.headers.get('cache-control')).toBe('no-store')
  })

  each('any function may set response headers and status, and a media type domain is sent raw', async (e) => {
    await e.server.db.transaction(async (tx) => {
      await tx.exec(`
        create domain public."text/csv" as text;
        create function public.test_csv(n int) returns public."text/csv" language plpgsql stable set search_path = '' as $fn$
        begin
          perform set_config('response.headers', '[{"X-Test": "yes"}, {"Cache-Control": "max-age=60"}]', true);
          if n = 0 then perform set_config('response.status', '202', true); end if;
          return 'a,b' || chr(10) || n || ',\\x';
        end $fn$;
        create function public.test_status() returns jsonb language sql stable set search_path = '' as $fn$
          select jsonb_build_object('ok', set_config('response.status', '201', true) = '201')
        $fn$;
        grant execute on function public.test_csv(int), public.test_status() to anon;`)
    })
    await e.server.reloadSchema()
    const key = e.server.keys.anonKey
    const csv = await fetch(`${e.base}/rest/v1/rpc/test_csv?n=1`, { headers: { apikey: key, Accept: 'text/csv' } })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv')
    expect(csv.headers.get('x-test')).toBe('yes')
    expect(csv.headers.get('cache-control')).toBe('max-age=60')
    expect(await csv.text()).toBe('a,b\n1,\\x')
    expect((await fetch(`${e.base}/rest/v1/rpc/test_csv?n=0`, { headers: { apikey: key } })).status).toBe(202)
    expect((await fetch(`${e.base}/rest/v1/rpc/test_csv?n=1`, { headers: { apikey: key, Accept: 'application/json' } })).status).toBe(406)
    const json = await fetch(`${e.base}/rest/v1/rpc/test_status`, { headers: { apikey: key } })
    expect(json.status).toBe(201)
    expect(await json.json()).toEqual({ ok: true })
  })
})
