/**
 * OpenStreetMap import on the real Oakham extract (../shared/data/osm-rutland-oakham):
 * the four readers agree, known streets keep their OSM geometry, segments run from
 * junction to junction, and imports into PGlite are idempotent and all-or-nothing.
 * Then exports from the same database (the demo town plus what was imported): public
 * layers as GeoJSON and CSV, gap tables straight from the SQL functions, and the privacy
 * line — needs leave only at their public street-level point, hidden needs not at all.
 */
import { createReadStream } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inspectInput, newHash } from '../../src/import/input.ts'
import { loadMapping } from '../../src/import/mapping.ts'
import { ImportError, type AssetFeature, type FileFormat, type ImportItem, type Position, type StreetFeature } from '../../src/import/model.ts'
import { readOsm } from '../../src/import/osm/index.ts'
import { runExport, type ExportOptions } from '../../src/import/export/run.ts'
import { xmlReader } from '../../src/import/osm/xml.ts'
import { silentProgress } from '../../src/import/progress.ts'
import { runImport } from '../../src/import/run.ts'
import { createTestDatabase } from '../helpers/pglite.ts'
import { haveSharedData, sharedData } from './shared-data.ts'

const dir = `${sharedData}/osm-rutland-oakham`
const pbf = `${dir}/oakham.osm.pbf`
const xml = `${dir}/oakham.osm`
const highways = `${dir}/oakham-highways.geojson`

const mapping = loadMapping()
const ready = haveSharedData('OSM import and export tests')
let tmp: string
let db: PGlite

async function read(file: string, format: FileFormat): Promise<ImportItem[]> {
  return [...(await readOsm(await inspectInput(file), format, mapping, silentProgress, newHash()))]
}
const streetsOf = (items: ImportItem[]) =>
  new Map(items.filter((i): i is StreetFeature => i.type === 'street').map((s) => [s.sourceId, s]))
const assetsOf = (items: ImportItem[]) =>
  new Map(items.filter((i): i is AssetFeature => i.type === 'asset').map((a) => [a.sourceId, a]))

/** The segments of one way, in order ('way/1' alone, or 'way/1/1', 'way/1/2'…). */
function segmentsOf(streets: Map<string, StreetFeature>, wayId: number): StreetFeature[] {
  const whole = streets.get(`way/${wayId}`)
  if (whole) return [whole]
  const parts: StreetFeature[] = []
  for (let n = 1; streets.has(`way/${wayId}/${n}`); n++) parts.push(streets.get(`way/${wayId}/${n}`)!)
  return parts
}

/** Segments joined back into the way's line (each cut point appears once). */
const rejoin = (parts: StreetFeature[]): Position[] => parts.flatMap((p, i) => (i === 0 ? p.coordinates : p.coordinates.slice(1)))

/** An Overpass `[out:json]` result made from the OSM XML (ways first, as `out body; >; out skel` gives them). */
async function overpassFromXml(target: string): Promise<void> {
  const ways: unknown[] = []
  const nodes: unknown[] = []
  const relations: unknown[] = []
  const file = await inspectInput(xml)
  const visitor = {
    way: (id: number, refs: ArrayLike<number>, tags: Record<string, string> | null) =>
      ways.push({ type: 'way', id, nodes: Array.from(refs), ...(tags ? { tags } : {}) }),
    relation: (id: number, tags: Record<string, string> | null) => relations.push({ type: 'relation', id, members: [], ...(tags ? { tags } : {}) }),
    node: (id: number, lon: number, lat: number, tags: Record<string, string> | null) =>
      nodes.push({ type: 'node', id, lat, lon, ...(tags ? { tags } : {}) }),
    point: () => {},
    skip: () => {},
  }
  await xmlReader.scan(file, 'ways', visitor, silentProgress)
  await xmlReader.scan(file, 'nodes', visitor, silentProgress)
  await writeFile(target, JSON.stringify({ version: 0.6, generator: 'test', elements: [...ways, ...relations, ...nodes] }))
}

async function tableState() {
  const { rows } = await db.query<{ streets: number; assets: number; runs: number; digest: string }>(`
    select (select count(*)::int from public.streets) as streets,
           (select count(*)::int from public.assets) as assets,
           (select count(*)::int from public.import_runs) as runs,
           (select md5(coalesce(string_agg(id::text || source_id || extensions.st_astext(geom), ',' order by id), ''))
              from public.streets) as digest`)
  return rows[0]
}

beforeAll(async () => {
  if (!ready) return
  tmp = await mkdtemp(path.join(os.tmpdir(), 'streetlevel-import-osm-'))
  // The demo town too, for the export tests at the end (one PGlite per file: it is slow to start).
  db = await createTestDatabase({ demo: true })
})

afterAll(async () => {
  await db?.close()
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

describe.runIf(ready)('OSM readers on the Oakham extract', () => {
  let fromPbf: ImportItem[]
  beforeAll(async () => {
    fromPbf = await read(pbf, 'osm-pbf')
  })

  it('give the same streets and assets from PBF and from XML', async () => {
    const fromXml = await read(xml, 'osm-xml')
    expect(streetsOf(fromPbf).size).toBeGreaterThan(1000)
    expect(streetsOf(fromXml)).toEqual(streetsOf(fromPbf))
    expect(assetsOf(fromXml)).toEqual(assetsOf(fromPbf))
  })

  it('give the same streets and assets from Overpass JSON of the same data', async () => {
    const file = path.join(tmp, 'oakham-overpass.json')
    await overpassFromXml(file)
    const fromOverpass = await read(file, 'overpass-json')
    expect(streetsOf(fromOverpass)).toEqual(streetsOf(fromPbf))
    expect(assetsOf(fromOverpass)).toEqual(assetsOf(fromPbf))
  })

  it('give the same segments from the GeoJSON export, which lacks only the pedestrian areas osmium wrote as polygons', async () => {
    const fromGeojson = streetsOf(await read(highways, 'geojson'))
    const fromPbfStreets = streetsOf(fromPbf)
    for (const [id, street] of fromGeojson) expect(fromPbfStreets.get(id), id).toEqual(street)
    const onlyPbf = [...fromPbfStreets.keys()].filter((id) => !fromGeojson.has(id))
    // way/90146143 "School House Quad" and way/203511457: highway=pedestrian + area=yes.
    expect(onlyPbf.sort()).toEqual(['way/203511457', 'way/90146143'])
  })

  it('keep High Street, Catmos Street and Burley Road with their OSM names, classes and geometry', async () => {
    const geojson = JSON.parse(await readFile(highways, 'utf8')) as {
      features: { id: string; properties: { name?: string; highway: string; osm_id: number }; geometry: { coordinates: Position[] } }[]
    }
    const streets = streetsOf(fromPbf)
    const known = geojson.features.filter((f) => ['High Street', 'Catmos Street', 'Burley Road'].includes(f.properties.name ?? ''))
    expect(new Set(known.map((f) => f.properties.name))).toEqual(new Set(['High Street', 'Catmos Street', 'Burley Road']))
    expect(known.length).toBeGreaterThanOrEqual(10)
    for (const f of known) {
      const parts = segmentsOf(streets, f.properties.osm_id)
      expect(parts.length, f.id).toBeGreaterThan(0)
      for (const p of parts) expect(p).toMatchObject({ name: f.properties.name, highway: f.properties.highway })
      expect(rejoin(parts), f.id).toEqual(f.geometry.coordinates)
    }
  })

  it('cut ways only where they meet another kept way, so each segment runs between junctions', () => {
    const streets = [...streetsOf(fromPbf).values()]
    const ways = new Map<string, StreetFeature[]>()
    for (const s of streets) {
      const way = s.sourceId.split('/').slice(0, 2).join('/')
      ways.set(way, [...(ways.get(way) ?? []), s])
    }
    // How many times each position occurs along all kept ways.
    const uses = new Map<string, number>()
    for (const parts of ways.values()) for (const p of rejoin(parts)) uses.set(p.join(), (uses.get(p.join()) ?? 0) + 1)
    let cuts = 0
    for (const parts of ways.values()) {
      for (const [i, part] of parts.entries()) {
        const inner = part.coordinates.slice(1, -1)
        for (const p of inner) expect(uses.get(p.join()), `${part.sourceId} passes a junction at ${p.join()}`).toBe(1)
        if (i > 0) {
          cuts++
          expect(uses.get(part.coordinates[0].join()), `${part.sourceId} starts at a junction`).toBeGreaterThanOrEqual(2)
        }
      }
    }
    expect(cuts).toBeGreaterThan(300)
  })

  it('place closed-way assets at their centroid, as the published asset list does', async () => {
    const library = assetsOf(fromPbf).get('way/101326490')
    expect(library).toMatchObject({ name: 'Rutland County Library', categories: expect.arrayContaining(['culture']) })
    expect(library?.address).toBe('Oakham Library, Catmos Street, Oakham, LE15 6HW')
    // rutland-community-assets.geojson places it at (-0.7258602, 52.6693721).
    expect(library?.lon).toBeCloseTo(-0.7258602, 6)
    expect(library?.lat).toBeCloseTo(52.6693721, 6)
  })
})

describe.runIf(ready)('importing OpenStreetMap into PGlite', () => {
  it('imports streets it cannot place in any neighbourhood, with a null neighbourhood', async () => {
    const boundaries = await runImport(db, `${sharedData}/ons-boundaries-2011/blackpool_lsoa2011.geojson`)
    expect(boundaries.neighbourhoods.inserted).toBe(94)
    const summary = await runImport(db, pbf)
    expect(summary.streets.inserted).toBe(streetsOf(await read(pbf, 'osm-pbf')).size)
    const { rows } = await db.query<{ n: number; placed: number }>(
      `select count(*)::int as n, count(neighbourhood_id)::int as placed from public.streets where source = 'osm'`,
    )
    expect(rows[0]).toEqual({ n: summary.streets.inserted, placed: 0 })
  })

  it('stores streets with OSM ids, names, classes and line geometry', async () => {
    const { rows } = await db.query<{ source_id: string; name: string; highway: string; geojson: string }>(
      `select source_id, name, highway, extensions.st_asgeojson(geom) as geojson from public.streets
       where source = 'osm' and (source_id = 'way/3062065' or source_id like 'way/3062065/%') order by source_id`,
    )
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => r.name === 'High Street' && r.highway === 'secondary')).toBe(true)
    expect(JSON.parse(rows[0].geojson).type).toBe('LineString')
  })

  it('imports Rutland County Library as an asset, with categories from the declared mapping', async () => {
    const { rows } = await db.query<{ name: string; categories: string[]; address: string; opening_hours: string; lon: number; lat: number }>(
      `select name, categories, address, opening_hours,
              extensions.st_x(geom::extensions.geometry) as lon, extensions.st_y(geom::extensions.geometry) as lat
       from public.assets where source = 'osm' and source_id = 'way/101326490'`,
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ name: 'Rutland County Library', address: 'Oakham Library, Catmos Street, Oakham, LE15 6HW', opening_hours: 'Mo-Fr 09:30-17:00' })
    expect(rows[0].categories).toEqual(mapping.asset({ amenity: 'library' })!.categories)
  })

  it('updates in place on re-import: same counts, same row ids, nothing changed', async () => {
    const ids = async () =>
      (await db.query<{ source_id: string; id: string }>(
        `select source_id, id from public.streets where source = 'osm' union all
         select source_id, id from public.assets where source = 'osm' order by 1, 2`,
      )).rows
    const before = await ids()
    const { rows } = await db.query<{ streets: number; assets: number }>(
      `select (select count(*)::int from public.streets where source = 'osm') as streets,
              (select count(*)::int from public.assets where source = 'osm') as assets`,
    )
    const again = await runImport(db, pbf)
    expect(again.streets).toEqual({ inserted: 0, updated: 0, unchanged: rows[0].streets })
    expect(again.assets).toEqual({ inserted: 0, updated: 0, unchanged: rows[0].assets })
    expect(await ids()).toEqual(before)
  })

  it('builds the gap caches right after each import commits: nothing left noted, and the caches a rebuild from scratch gives', async () => {
    // Noted during the import, committed with the data, built by the import after its commit.
    const summary = await runImport(db, pbf)
    expect(summary.gapCachesMs).toEqual(expect.any(Number))
    const pending = await db.query<{ n: number }>('select count(*)::int as n from private.gap_cache_pending')
    expect(pending.rows).toEqual([{ n: 0 }])
    const snapshot = async () =>
      (await db.query<{ r: string }>(`
        select 'supply ' || radius_m || ' ' || street_id || ' ' || category || ' ' || supply as r from private.segment_supply
        union all select 'group ' || radius_m || ' ' || group_id || ' ' || category || ' ' || supply from private.group_supply
        union all select 'demand ' || street_id || ' ' || category || ' ' || demand || ' ' || open_needs from private.segment_demand
        union all select 'coverage ' || radius_m || ' ' || need_id || ' ' || providers from private.need_coverage
        union all select 'street ' || radius_m || ' ' || street_id || ' ' || demand || ' ' || supply || ' ' || by_category::text
                  from private.street_gap_rows
        order by 1`)).rows.map((r) => r.r)
    const kept = await snapshot()
    expect(kept.some((r) => r.startsWith('group '))).toBe(true)
    await db.exec('begin')
    try {
      await db.query('select private.refresh_gap_caches()')
      expect(await snapshot()).toEqual(kept)
    } finally {
      await db.exec('rollback')
    }
    // A dry run notes nothing that outlives it.
    await runImport(db, pbf, { dryRun: true })
    expect((await db.query('select count(*)::int as n from private.gap_cache_pending')).rows).toEqual([{ n: 0 }])
  })

  it('finds nothing to change when the same extract comes as XML', async () => {
    const fromXml = await runImport(db, xml)
    expect(fromXml.streets.inserted + fromXml.streets.updated).toBe(0)
    expect(fromXml.assets.inserted + fromXml.assets.updated).toBe(0)
    expect(fromXml.streets.unchanged).toBeGreaterThan(1000)
  })

  it('records each import with its file hash, attribution and summary', async () => {
    const { rows } = await db.query<{ kind: string; file_name: string; file_sha256: string; attribution: string; summary: { streets: { unchanged: number } } }>(
      `select kind, file_name, file_sha256, attribution, summary from public.import_runs where kind = 'osm' order by id`,
    )
    expect(rows.map((r) => r.file_name)).toEqual(['oakham.osm.pbf', 'oakham.osm.pbf', 'oakham.osm.pbf', 'oakham.osm'])
    expect(rows[0].file_sha256).toBe(rows[1].file_sha256)
    expect(rows[0].file_sha256).not.toBe(rows[3].file_sha256)
    expect(rows[0].attribution).toBe('© OpenStreetMap contributors')
    expect(rows[1].summary.streets.unchanged).toBeGreaterThan(1000)
  })

  it('fails cleanly on a truncated PBF and leaves the database exactly as it was', async () => {
    // Half of the whole-Rutland extract: it would add thousands of streets if it were read.
    const source = `${dir}/rutland-latest.osm.pbf`
    const truncated = path.join(tmp, 'rutland-truncated.osm.pbf')
    const { bytes } = await inspectInput(source)
    const chunks: Buffer[] = []
    for await (const chunk of createReadStream(source, { start: 0, end: Math.floor(bytes / 2) - 1 })) chunks.push(chunk as Buffer)
    await writeFile(truncated, Buffer.concat(chunks))

    const before = await tableState()
    const error = await runImport(db, truncated).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ImportError)
    expect((error as Error).message).toMatch(/truncated/)
    expect(await tableState()).toEqual(before)
  })

  it('fails cleanly on truncated XML too', async () => {
    const truncated = path.join(tmp, 'oakham-truncated.osm')
    const text = await readFile(xml, 'utf8')
    await writeFile(truncated, text.slice(0, Math.floor(text.length * 0.7)))
    const before = await tableState()
    await expect(runImport(db, truncated)).rejects.toThrow(/truncated|not well-formed/)
    expect(await tableState()).toEqual(before)
  })

  it('refuses a file that is not OSM at all, naming what it expected', async () => {
    const junk = path.join(tmp, 'junk.osm.pbf')
    await writeFile(junk, Buffer.from([0, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]))
    await expect(runImport(db, junk)).rejects.toThrow(ImportError)
  })

  it('places every street once Rutland boundaries arrive, by the midpoint rule', async () => {
    const summary = await runImport(db, `${sharedData}/ons-boundaries-2011/rutland_lsoa2011.geojson`)
    expect(summary.neighbourhoods.inserted).toBe(23)
    const { rows } = await db.query<{ n: number; placed: number }>(
      `select count(*)::int as n, count(neighbourhood_id)::int as placed from public.streets where source = 'osm'`,
    )
    expect(summary.reassigned.streets).toBe(rows[0].n)
    expect(rows[0].placed).toBe(rows[0].n)
    // Central Oakham: High Street and the library's street lie in Rutland's LSOAs, not Blackpool's.
    const { rows: named } = await db.query<{ code: string }>(
      `select distinct n.code from public.streets s join public.neighbourhoods n on n.id = s.neighbourhood_id
       where s.name in ('High Street', 'Catmos Street') and s.source = 'osm'`,
    )
    expect(named.length).toBeGreaterThan(0)
    expect(named.every((r) => r.code >= 'E01013787' && r.code <= 'E01013809')).toBe(true)
  })

  it('agrees, street by street, with an independent midpoint-in-polygon test of the ONS file', async () => {
    const lsoas = JSON.parse(await readFile(`${sharedData}/ons-boundaries-2011/rutland_lsoa2011.geojson`, 'utf8')) as {
      features: { properties: { LSOA11CD: string }; geometry: { type: string; coordinates: unknown } }[]
    }
    const polygons = lsoas.features.map((f) => ({
      code: f.properties.LSOA11CD,
      rings: (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : (f.geometry.coordinates as unknown[])).flat() as Position[][],
    }))
    // Even-odd ray casting over every ring (holes included).
    const inside = (rings: Position[][], [x, y]: Position) => {
      let odd = false
      for (const ring of rings)
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i]
          const [xj, yj] = ring[j]
          if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd
        }
      return odd
    }
    // The point halfway along the line, as ST_LineInterpolatePoint measures it (planar).
    const midpoint = (line: Position[]): Position => {
      const lengths = line.slice(1).map((p, i) => Math.hypot(p[0] - line[i][0], p[1] - line[i][1]))
      let left = lengths.reduce((a, b) => a + b, 0) / 2
      for (const [i, l] of lengths.entries()) {
        if (left <= l) return [line[i][0] + ((line[i + 1][0] - line[i][0]) * left) / l, line[i][1] + ((line[i + 1][1] - line[i][1]) * left) / l]
        left -= l
      }
      return line[line.length - 1]
    }
    const { rows } = await db.query<{ source_id: string; code: string | null; geojson: string }>(
      `select s.source_id, n.code, extensions.st_asgeojson(s.geom) as geojson
       from public.streets s left join public.neighbourhoods n on n.id = s.neighbourhood_id where s.source = 'osm'`,
    )
    const disagreements = rows.filter((r) => {
      const mid = midpoint((JSON.parse(r.geojson) as { coordinates: Position[] }).coordinates)
      return (polygons.find((p) => inside(p.rings, mid))?.code ?? null) !== r.code
    })
    expect(rows.length).toBeGreaterThan(1000)
    expect(disagreements.map((r) => r.source_id)).toEqual([])
  })

  it('imports the whole-Rutland asset list from GeoJSON, relations placed at their published points', async () => {
    const summary = await runImport(db, `${dir}/rutland-community-assets.geojson`)
    // 204 features; toilets, post offices, fire stations, the town hall and private gardens are not community assets here.
    expect(summary.assets.inserted + summary.assets.updated + summary.assets.unchanged).toBe(184)
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from public.assets where source_id like 'relation/%'`)
    expect(rows[0].n).toBeGreaterThan(0)
  })
})

// Exports, from the demo town plus everything imported above.
interface FeatureCollection {
  type: string
  features: { id: string; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[]
  attribution: string[]
}

async function exported(what: string, options: ExportOptions = {}): Promise<string> {
  let out = ''
  await runExport(db, what, { write: async (t) => void (out += t) }, options)
  return out
}

/** RFC 4180 rows (quoted cells may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  return rows
}

const countRows = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0].n
let hiddenNeed: string

describe.runIf(ready)('exporting', () => {
  beforeAll(async () => {
    const { rows } = await db.query<{ id: string }>(
      `update public.needs set hidden_at = now(), hidden_reason = 'Test: hidden by a moderator.'
       where id = (select id from public.needs order by id limit 1) returning id`,
    )
    hiddenNeed = rows[0].id
  })

  describe('exporting needs', () => {
    it('gives each visible need at its public street-level point, never its exact point, and leaves hidden ones out', async () => {
      const fc = JSON.parse(await exported('needs')) as FeatureCollection
      expect(fc.features).toHaveLength(await countRows('select count(*)::int as n from public.needs where hidden_at is null'))
      expect(fc.features.some((f) => f.id === hiddenNeed)).toBe(false)

      const { rows } = await db.query<{ id: string; public: string; exact: string }>(
        `select n.id, extensions.st_asgeojson(n.public_geom, 7) as public, extensions.st_asgeojson(p.exact_geom, 7) as exact
         from public.needs n join public.need_private p on p.need_id = n.id`,
      )
      const points = new Map(rows.map((r) => [r.id, { public: JSON.parse(r.public).coordinates, exact: JSON.parse(r.exact).coordinates }]))
      for (const f of fc.features) {
        const known = points.get(f.id)!
        expect(f.geometry.coordinates).toEqual(known.public)
        expect(f.geometry.coordinates).not.toEqual(known.exact)
      }
      expect(Object.keys(fc.features[0].properties).sort()).toEqual(
        ['body', 'category', 'created_at', 'id', 'neighbourhood_id', 'status', 'status_changed_at', 'street_id', 'street_name', 'supporters'].sort(),
      )
    })

    it('writes the same needs as CSV, with the public point in lon/lat columns', async () => {
      const rows = parseCsv(await exported('needs', { format: 'csv' }))
      expect(rows[0].slice(-2)).toEqual(['lon', 'lat'])
      expect(rows).toHaveLength(1 + (await countRows('select count(*)::int as n from public.needs where hidden_at is null')))
      expect(rows.flat().some((cell) => cell.includes('author'))).toBe(false)
    })
  })

  describe('exporting public layers', () => {
    it('gives every street as GeoJSON, with OpenStreetMap’s attribution because OSM streets are in it', async () => {
      const fc = JSON.parse(await exported('streets')) as FeatureCollection
      expect(fc.features).toHaveLength(await countRows('select count(*)::int as n from public.streets'))
      expect(fc.attribution.some((a) => a.includes('© OpenStreetMap contributors'))).toBe(true)
      const high = fc.features.find((f) => f.properties.source_id === 'way/39438868')!
      expect(high.properties).toMatchObject({ name: 'High Street', highway: 'secondary', source: 'osm' })
      expect(high.geometry.type).toBe('LineString')
    })

    it('gives assets as CSV, one row per asset, points as lon/lat', async () => {
      const rows = parseCsv(await exported('assets', { format: 'csv' }))
      const header = rows[0]
      expect(header).toEqual(['id', 'name', 'categories', 'address', 'opening_hours', 'contact', 'website', 'source', 'source_id', 'verified', 'updated_at', 'lon', 'lat'])
      expect(rows).toHaveLength(1 + (await countRows('select count(*)::int as n from public.assets')))
      const library = rows.find((r) => r[header.indexOf('source_id')] === 'way/101326490')!
      expect(library[header.indexOf('name')]).toBe('Rutland County Library')
      expect(Number(library[header.indexOf('lat')])).toBeCloseTo(52.66937, 4)
    })

    it('gives enterprises without saying who owns the account', async () => {
      const fc = JSON.parse(await exported('enterprises')) as FeatureCollection
      expect(fc.features).toHaveLength(await countRows('select count(*)::int as n from public.enterprises'))
      expect(fc.features.every((f) => !('owner_id' in f.properties))).toBe(true)
    })

    it('gives neighbourhoods with their boundaries as WKT in CSV', async () => {
      const rows = parseCsv(await exported('neighbourhoods', { format: 'csv' }))
      expect(rows[0]).toEqual(['id', 'code', 'name', 'kind', 'source', 'wkt'])
      expect(rows.slice(1).every((r) => r[5].startsWith('MULTIPOLYGON('))).toBe(true)
    })
  })

  describe('exporting gap tables', () => {
    it('lists the same streets, in the same order, as public.street_gaps()', async () => {
      const rows = parseCsv(await exported('street-gaps', { format: 'csv', radius: 400 }))
      const { rows: expected } = await db.query<{ street_id: string; gap: number }>('select street_id, gap from public.street_gaps(400)')
      expect(expected.length).toBeGreaterThan(5)
      expect(rows.slice(1).map((r) => r[0])).toEqual(expected.map((r) => r.street_id))
      expect(rows.slice(1).map((r) => Number(r[rows[0].indexOf('gap')]))).toEqual(expected.map((r) => r.gap))
      expect(JSON.parse(rows[1][rows[0].indexOf('by_category')])).toBeInstanceOf(Array)
    })

    it('narrows street gaps to a neighbourhood (by code) and to categories', async () => {
      const { rows: nb } = await db.query<{ id: string; code: string }>(
        `select n.id, n.code from public.neighbourhoods n join public.needs x on x.neighbourhood_id = n.id group by n.id limit 1`,
      )
      const fc = JSON.parse(await exported('street-gaps', { neighbourhoodCode: nb[0].code, categories: ['food', 'youth'] })) as FeatureCollection
      const { rows: expected } = await db.query<{ street_id: string }>(
        `select street_id from public.street_gaps(400, array['food', 'youth'], $1::uuid)`,
        [nb[0].id],
      )
      expect(fc.features.map((f) => f.properties.street_id)).toEqual(expected.map((r) => r.street_id))
      expect(fc.features.every((f) => f.geometry.type === 'LineString')).toBe(true)
    })

    it('gives one feature per neighbourhood from public.neighbourhood_gaps()', async () => {
      const fc = JSON.parse(await exported('neighbourhood-gaps', { radius: 800 })) as FeatureCollection
      expect(fc.features).toHaveLength(await countRows('select count(*)::int as n from public.neighbourhood_gaps(800)'))
      expect(fc.features[0].properties).toHaveProperty('coverage')
    })
  })

  describe('refusing exports that make no sense', () => {
    it('explains unknown layers, Open Referral UK for non-assets, unknown neighbourhoods and bad radii', async () => {
      await expect(exported('need_private')).rejects.toThrow(/choose one of/)
      await expect(exported('needs', { format: 'oruk' })).rejects.toThrow(/Only assets/)
      await expect(exported('street-gaps', { neighbourhoodCode: 'nowhere' })).rejects.toThrow(/No neighbourhood/)
      const error = await exported('street-gaps', { radius: 10 }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ImportError)
      expect((error as Error).message).toMatch(/catchment distance/)
    })
  })
})
