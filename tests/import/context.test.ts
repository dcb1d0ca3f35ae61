/**
 * A map a local person can read, on the real Rutland files (../shared/data; © OpenStreetMap
 * contributors, ODbL; ONS boundaries, OGL): context from the OSM file (water, woods,
 * parks, railways, landmarks; Rutland Water is a multipolygon relation), map_context by
 * box and zoom, wards naming the LSOAs in them, and search by street as people know it.
 */
import { writeFile, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inspectInput, newHash } from '../../src/import/input.ts'
import { loadMapping } from '../../src/import/mapping.ts'
import type { ContextFeature, FileFormat, ImportItem } from '../../src/import/model.ts'
import { readOsm } from '../../src/import/osm/index.ts'
import { xmlReader } from '../../src/import/osm/xml.ts'
import { silentProgress } from '../../src/import/progress.ts'
import { runImport } from '../../src/import/run.ts'
import { joinRings } from '../../src/import/osm/rings.ts'
import { actAs, anon, createTestDatabase, rolledBack } from '../helpers/pglite.ts'
import { haveSharedData, sharedData } from './shared-data.ts'

const ready = haveSharedData('context, wards and search on Rutland')
const osmDir = `${sharedData}/osm-rutland-oakham`
const rutland = `${osmDir}/rutland-latest.osm.pbf`
const lsoas = `${sharedData}/ons-boundaries-2011/rutland_lsoa2011.geojson`
const wards = `${sharedData}/ons-boundaries-2011/rutland_wards2013.geojson`
const mapping = loadMapping()

async function contextOf(file: string, format: FileFormat): Promise<ContextFeature[]> {
  const items: ImportItem[] = [...(await readOsm(await inspectInput(file), format, mapping, silentProgress, newHash()))]
  return items.filter((i): i is ContextFeature => i.type === 'context').sort((a, b) => a.sourceId.localeCompare(b.sourceId))
}

/** An Overpass `[out:json]` result made from the OSM XML, relations with their members. */
async function overpassFromXml(xml: string, target: string): Promise<void> {
  const elements: unknown[] = []
  const file = await inspectInput(xml)
  const visitor = {
    way: (id: number, refs: ArrayLike<number>, tags: Record<string, string> | null) =>
      elements.push({ type: 'way', id, nodes: Array.from(refs), ...(tags ? { tags } : {}) }),
    relation: (id: number, tags: Record<string, string> | null, members: unknown[]) =>
      elements.push({ type: 'relation', id, members, ...(tags ? { tags } : {}) }),
    node: (id: number, lon: number, lat: number, tags: Record<string, string> | null) =>
      elements.push({ type: 'node', id, lat, lon, ...(tags ? { tags } : {}) }),
    point: () => {},
    skip: () => {},
  }
  await xmlReader.scan(file, 'ways', visitor, silentProgress)
  await xmlReader.scan(file, 'nodes', visitor, silentProgress)
  await writeFile(target, JSON.stringify({ version: 0.6, generator: 'test', elements }))
}

describe('joining multipolygon ways into rings', () => {
  it('joins ways end to end, reversing where needed, and counts what does not close', () => {
    expect(joinRings([[1, 2, 3], [5, 4, 3], [5, 6, 1]])).toEqual({ rings: [[1, 2, 3, 4, 5, 6, 1]], open: 0 })
    expect(joinRings([[7, 8, 9, 7]]).rings).toEqual([[7, 8, 9, 7]])
    expect(joinRings([[1, 2, 3], [3, 4]])).toEqual({ rings: [], open: 2 })
  })
})

describe.runIf(ready)('context from the Rutland OSM file', () => {
  let context: ContextFeature[]
  beforeAll(async () => {
    context = await contextOf(rutland, 'osm-pbf')
  }, 120_000)

  it('has Rutland Water as water with its name: a multipolygon relation, its outer shore and its island', () => {
    const water = context.find((c) => c.name === 'Rutland Water')
    expect(water).toMatchObject({ kind: 'water', sourceId: 'relation/4027582', geometry: { type: 'MultiPolygon' } })
    const polygons = water!.geometry.coordinates as number[][][][]
    expect(polygons).toHaveLength(1)
    expect(polygons[0].length).toBe(2) // the shore and one inner ring
    // Its shore spans Rutland Water's known extent (Whitwell to Manton, Empingham dam).
    const lons = polygons[0][0].map((p) => p[0])
    expect(Math.min(...lons)).toBeLessThan(-0.68)
    expect(Math.max(...lons)).toBeGreaterThan(-0.61)
  })

  it('has railway lines (the Birmingham to Peterborough line through Oakham), woods, parks, rivers and named landmarks', () => {
    const byKind = (k: string) => context.filter((c) => c.kind === k)
    expect(byKind('railway').some((r) => r.name === 'Birmingham to Peterborough Line' && r.geometry.type === 'LineString')).toBe(true)
    expect(byKind('wood').length).toBeGreaterThan(50)
    expect(byKind('wood').every((w) => w.geometry.type === 'Polygon' || w.geometry.type === 'MultiPolygon')).toBe(true)
    expect(byKind('park').length).toBeGreaterThan(5)
    expect(byKind('waterway').length).toBeGreaterThan(10)
    expect(byKind('landmark').length).toBeGreaterThan(20)
    expect(byKind('landmark').every((l) => l.name && l.geometry.type === 'Point')).toBe(true)
    // Sidings and yards are no running line.
    expect(byKind('railway').length).toBeLessThan(200)
  })

  it('gives the same context from PBF, XML and Overpass JSON of the Oakham extract', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'sl-context-'))
    try {
      const overpass = path.join(tmp, 'oakham.json')
      await overpassFromXml(`${osmDir}/oakham.osm`, overpass)
      const fromPbf = await contextOf(`${osmDir}/oakham.osm.pbf`, 'osm-pbf')
      expect(fromPbf.length).toBeGreaterThan(10)
      expect(fromPbf.some((c) => c.kind === 'railway')).toBe(true)
      expect(await contextOf(`${osmDir}/oakham.osm`, 'osm-xml')).toEqual(fromPbf)
      expect(await contextOf(overpass, 'overpass-json')).toEqual(fromPbf)
    } finally {
      await rm(tmp, { recursive: true, force: true })
    }
  }, 120_000)
})

describe.runIf(ready)('Rutland imported: context, wards and search', () => {
  let db: PGlite
  let osmSummary: Awaited<ReturnType<typeof runImport>>
  const q = async <T,>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows
  /** map_context as anon, as the map calls it. */
  const mapContext = (box: number[], zoom: number) =>
    rolledBack(db, async () => {
      await actAs(db, anon)
      const { rows } = await db.query<{ j: { features: { geometry: { type: string; coordinates: unknown }; properties: { kind: string; name: string | null; id: string } }[] } }>(
        'select public.map_context($1, $2, $3, $4, $5) as j', [...box, zoom])
      return rows[0].j.features
    })
  const vertices = (g: { coordinates: unknown }): number => JSON.stringify(g.coordinates).split('],[').length
  const county = [-0.9, 52.5, -0.4, 52.8]

  beforeAll(async () => {
    if (!ready) return
    db = await createTestDatabase()
    // Wards first, LSOAs after: the link is made whichever comes last.
    await runImport(db, wards, { wards: true })
    await runImport(db, lsoas, { nameProperty: 'LSOA11NM', codeProperty: 'LSOA11CD', kind: 'lsoa' })
    osmSummary = await runImport(db, rutland)
  }, 600_000)
  afterAll(async () => {
    await db?.close()
  })

  it('stores context with its OSM ids, counted in the summary, and finds nothing to change on re-import', async () => {
    const [{ n }] = await q<{ n: number }>('select count(*)::int as n from public.context_features')
    expect(osmSummary.context?.inserted).toBe(n)
    expect(await q(`select kind, name from public.context_features where source = 'osm' and source_id = 'relation/4027582'`))
      .toEqual([{ kind: 'water', name: 'Rutland Water' }])
    // About 12.5 km² of water (Anglian Water gives 12.6 km² at top water level).
    const [{ km2 }] = await q<{ km2: number }>(
      `select extensions.st_area(geom) / 1e6 as km2 from public.context_features where source_id = 'relation/4027582'`)
    expect(km2).toBeGreaterThan(10)
    expect(km2).toBeLessThan(13)
    const again = await runImport(db, rutland)
    expect(again.context).toEqual({ inserted: 0, updated: 0, unchanged: n })
  }, 300_000)

  it('draws the county at low zoom light and the detail at high zoom, without cutting anything that can be seen', async () => {
    const low = await mapContext(county, 9)
    const high = await mapContext(county, 14)
    const water = (fs: typeof low) => fs.find((f) => f.properties.name === 'Rutland Water' && f.properties.kind === 'water')!
    expect(vertices(water(low).geometry)).toBeLessThan(vertices(water(high).geometry) / 4)
    expect(JSON.stringify(low).length).toBeLessThan(JSON.stringify(high).length / 3)
    // Woods too small to see at zoom 9 (under 2×2 pixels) are left out there; at 14 only
    // those under 2×2 pixels of zoom 14 (about 55 m²) are; landmarks come from zoom 11.
    const woods = (fs: typeof low) => fs.filter((f) => f.properties.kind === 'wood').length
    const [{ all, tiny }] = await q<{ all: number; tiny: number }>(
      `select count(*)::int as "all", (count(*) filter (where extensions.st_area(geom::extensions.geometry) < 4 * (360.0 / (512 * 2 ^ 14)) ^ 2))::int as tiny
       from public.context_features where kind = 'wood'`)
    expect(woods(low)).toBeLessThan(all * 0.6)
    expect(woods(high)).toBe(all - tiny)
    expect(low.some((f) => f.properties.kind === 'landmark')).toBe(false)
    expect(high.filter((f) => f.properties.kind === 'landmark').length).toBeGreaterThan(20)
    // Named areas also come as one label point each.
    expect(low.filter((f) => f.properties.kind === 'water-label' && f.properties.name === 'Rutland Water')).toHaveLength(1)
    expect(low.some((f) => f.properties.kind === 'railway')).toBe(true)
  })

  it('clips areas to the box asked for', async () => {
    const oakham = [-0.75, 52.66, -0.71, 52.68]
    const features = await mapContext(oakham, 15)
    const coords = features.filter((f) => f.geometry.type !== 'Point' && f.properties.kind !== 'railway' && f.properties.kind !== 'waterway')
      .flatMap((f) => (JSON.stringify(f.geometry.coordinates).match(/-?\d+\.\d+,-?\d+\.\d+/g) ?? []).map((p) => p.split(',').map(Number)))
    expect(coords.length).toBeGreaterThan(0)
    for (const [lon, lat] of coords) {
      expect(lon).toBeGreaterThan(oakham[0] - 0.001)
      expect(lat).toBeLessThan(oakham[3] + 0.001)
    }
  })

  it('refuses a bad box or zoom with a clear message', async () => {
    const refused = (box: number[], zoom: number) => mapContext(box, zoom).then(() => null, (e: { code?: string; message: string }) => [e.code, e.message])
    expect(await refused([-0.4, 52.5, -0.9, 52.8], 10)).toEqual(['22023', 'The bounding box must have min below max on both axes.'])
    expect(await refused([-6, 50, 0, 56], 10)).toEqual(['22023', 'The bounding box is too large for context; zoom in (at most 4° on each side).'])
    expect((await refused(county, 30))?.[0]).toBe('22023')
    expect((await refused([-0.9, 52.5, 200, 52.8], 10))?.[0]).toBe('22023')
  })

  it('lets anon read context and wards but write neither', async () => {
    for (const sql of [
      `insert into public.context_features (kind, source_id, geom) values ('water', 'x', 'SRID=4326;POINT(0 52)')`,
      `update public.context_features set name = 'X'`,
      `delete from public.wards`,
    ]) {
      const error = await rolledBack(db, async () => {
        await actAs(db, anon)
        return db.query(sql).then(() => null, (e: { code?: string }) => e.code)
      })
      expect(error).toBe('42501')
    }
    const counts = await rolledBack(db, async () => {
      await actAs(db, anon)
      return (await db.query<{ c: number; w: number }>(
        'select (select count(*)::int from public.context_features) as c, (select count(*)::int from public.wards) as w')).rows[0]
    })
    expect(counts.c).toBeGreaterThan(1000)
    expect(counts.w).toBe(16)
  })

  it('names each LSOA after the ward it lies in, the ward first and the code after', async () => {
    const rows = await q<{ code: string; name: string; base_name: string }>(
      `select code, name, base_name from public.neighbourhoods where code in ('E01013800', 'E01013806') order by code`)
    expect(rows).toEqual([
      { code: 'E01013800', name: 'Oakham North West (Rutland 002B)', base_name: 'Rutland 002B' },
      { code: 'E01013806', name: 'Uppingham (Rutland 005D)', base_name: 'Rutland 005D' },
    ])
    const [{ unlinked }] = await q<{ unlinked: number }>(`select count(*)::int as unlinked from public.neighbourhoods where ward_id is null`)
    expect(unlinked).toBe(0)
    // The names every reader shows: the planner's table and the map's neighbourhoods.
    const ranked = await q<{ neighbourhood: string }>(
      `select distinct n.name as neighbourhood from public.street_groups g join public.neighbourhoods n on n.id = g.neighbourhood_id
       where g.name = 'High Street' and g.settlement = 'Oakham'`)
    expect(ranked.map((r) => r.neighbourhood).every((n) => /^Oakham .+ \(Rutland \d{3}[A-Z]\)$/.test(n))).toBe(true)
  })

  it('re-importing the LSOAs changes nothing and keeps the ward names', async () => {
    const again = await runImport(db, lsoas, { nameProperty: 'LSOA11NM', codeProperty: 'LSOA11CD', kind: 'lsoa' })
    expect(again.neighbourhoods).toEqual({ inserted: 0, updated: 0, unchanged: 23 })
    expect(again.wards?.linked).toBe(23)
    const [{ name }] = await q<{ name: string }>(`select name from public.neighbourhoods where code = 'E01013800'`)
    expect(name).toBe('Oakham North West (Rutland 002B)')
  })

  it('finds one row per street as people know it: two villages’ Main Streets are two rows, each with its settlement', async () => {
    const hits = await rolledBack(db, async () => {
      await actAs(db, anon)
      return (await db.query<{ j: { kind: string; id: string; name: string; context: string; bbox: number[] }[] }>(
        `select public.search_places('Main Street', 50) as j`)).rows[0].j
    })
    const streets = hits.filter((h) => h.kind === 'street' && h.name === 'Main Street')
    expect(streets.length).toBeGreaterThan(10)
    expect(new Set(streets.map((s) => s.context)).size).toBe(streets.length)
    // Each hit is one street group: its id is a segment of it, its bbox the group's.
    const [{ groups }] = await q<{ groups: number }>(
      `select count(distinct s.group_id)::int as groups from public.streets s where s.id = any($1::uuid[])`, [streets.map((s) => s.id)])
    expect(groups).toBe(streets.length)
    const high = await rolledBack(db, async () => {
      await actAs(db, anon)
      return (await db.query<{ j: { kind: string; name: string; context: string }[] }>(`select public.search_places('High Street', 50) as j`)).rows[0].j
    })
    const oakhamHigh = high.filter((h) => h.kind === 'street' && h.name === 'High Street' && h.context.startsWith('Oakham'))
    expect(oakhamHigh).toHaveLength(1)
  })
})
