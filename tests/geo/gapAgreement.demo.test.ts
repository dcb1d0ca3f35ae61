/**
 * The Turf gap verbs agree with the SQL source of truth (public.street_gaps and
 * public.neighbourhood_gaps) on the demo town in PGlite + PostGIS: with the coordinates
 * as stored and with the map layers as the browser gets them, for several catchments and
 * category filters, with providers planted a hair either side of the catchment, and for
 * what-ifs checked against actually inserting the provider. The tolerance is explained in
 * helpers/compare.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PGlite } from '@electric-sql/pglite'
import { buildGapModel } from '../../src/geo/buildGapModel.ts'
import { lineDistanceM, prepareLine, setUnitVector } from '../../src/geo/lib/sphere.ts'
import { whatIf } from '../../src/geo/whatIf.ts'
import { createTestDatabase, rolledBack } from '../helpers/pglite.ts'
import { plantBoundaryProviders } from './helpers/boundary.ts'
import { compareGaps, EXACT_BAND_M, MAP_BAND_M, sqlNeighbourhoodGaps, sqlStreetGaps } from './helpers/compare.ts'
import { readExactLayers, readMapLayers, type GapLayers } from './helpers/layers.ts'
import { destination, makeRng } from './helpers/prng.ts'

let db: PGlite
let exact: GapLayers
let map: GapLayers

beforeAll(async () => {
  db = await createTestDatabase({ demo: true })
  // A moderator has hidden a few needs: they must count nowhere, on either side.
  await db.exec(`update public.needs set hidden_at = now(), hidden_reason = 'Test'
                 where id in (select id from public.needs where status = 'open' order by id limit 6)`)
  exact = await readExactLayers(db)
  map = await readMapLayers(db)
})

afterAll(async () => {
  await db?.close()
})

const CONFIGS: [number, string[] | null][] = [
  [400, null],
  [250, null],
  [400, ['food', 'youth', 'loneliness', 'digital']],
  [1200, ['mental-health']],
]

describe('gap agreement on the demo town', () => {
  it('reads every layer, including hidden and met needs for the exact comparison', () => {
    expect(exact.streets.length).toBeGreaterThan(400)
    expect(exact.needs.filter((n) => n.properties.hidden)).toHaveLength(6)
    expect(exact.needs.length).toBeGreaterThan(map.needs.length)
    expect(map.streets.length).toBe(exact.streets.length)
  })

  it.each(CONFIGS)('agrees exactly with stored coordinates (R = %s m, categories %j)', async (radiusM, categories) => {
    const r = await compareGaps(db, exact, radiusM, categories, EXACT_BAND_M)
    expect(r.problems).toEqual([])
    expect(r.excusedCells).toBe(0)
    expect(r.streets).toBeGreaterThanOrEqual(10)
    console.info(`demo exact R=${radiusM} ${JSON.stringify(categories)}: ${JSON.stringify({ ...r, problems: undefined })}`)
  })

  it.each(CONFIGS)('agrees within 0.5 m of R with the map layers (R = %s m, categories %j)', async (radiusM, categories) => {
    const r = await compareGaps(db, map, radiusM, categories, MAP_BAND_M)
    expect(r.problems).toEqual([])
    console.info(`demo map R=${radiusM} ${JSON.stringify(categories)}: ${JSON.stringify({ ...r, problems: undefined })}`)
  })

  it('agrees on providers planted 2 mm and 5 cm either side of R', async () => {
    await rolledBack(db, async () => {
      const planted = await plantBoundaryProviders(db, 400, 16)
      // PostGIS sees them where they were put: a hair inside or outside the catchment.
      for (const p of planted) expect(p.sql_distance_m - 400).toBeCloseTo(p.offset, 5)
      const layers = await readExactLayers(db)
      const r = await compareGaps(db, layers, 400, null, EXACT_BAND_M)
      expect(r.problems).toEqual([])
      expect(r.excusedCells).toBe(0)
      // The inside ones count and the outside ones do not, on both sides.
      const sql = new Map((await sqlStreetGaps(db, 400, null)).map((s) => [s.street_id, s]))
      await db.exec(`savepoint unplanted; delete from public.assets where source = 'test-boundary'`)
      const before = new Map((await sqlStreetGaps(db, 400, null)).map((s) => [s.street_id, s]))
      await db.exec('rollback to savepoint unplanted')
      for (const p of planted) {
        const cat = (row: any) => row.by_category.find((c: any) => c.category === p.category).supply
        expect(cat(sql.get(p.street_id)) - cat(before.get(p.street_id))).toBe(p.offset < 0 ? 1 : 0)
      }
    })
  }, 120_000)

  it('measures point-to-line distances as PostGIS does on its sphere, to a micrometre', async () => {
    const rng = makeRng(4)
    const cases = Array.from({ length: 300 }, () => {
      const street = rng.pick(exact.streets)
      const from = rng.pick(street.geometry.coordinates)
      const lat = rng.pick([0, 54.1, 70])
      const shift = lat - 54.1 // the same shapes moved north and south
      const line = street.geometry.coordinates.map(([x, y]) => [x, y + shift])
      const p = destination([from[0], from[1] + shift], rng.float(0, 800), rng.float(0, 360), 6371008.77)
      return { line, p }
    })
    const { rows } = await db.query<{ d: number }>(
      `select extensions.st_distance(
                extensions.st_setsrid(extensions.st_geomfromgeojson(c ->> 'line'), 4326)::extensions.geography,
                extensions.st_setsrid(extensions.st_geomfromgeojson(c ->> 'p'), 4326)::extensions.geography, false) as d
       from jsonb_array_elements($1::jsonb) with ordinality as t(c, i) order by i`,
      [JSON.stringify(cases.map((c) => ({
        line: JSON.stringify({ type: 'LineString', coordinates: c.line }),
        p: JSON.stringify({ type: 'Point', coordinates: c.p }),
      })))],
    )
    const v = new Float64Array(3)
    let worst = 0
    cases.forEach((c, i) => {
      setUnitVector(c.p[0], c.p[1], v, 0)
      worst = Math.max(worst, Math.abs(lineDistanceM(prepareLine(c.line), v[0], v[1], v[2]) - rows[i].d))
    })
    expect(worst).toBeLessThan(1e-6)
  })

  it('predicts with whatIf what the database says once the provider exists', async () => {
    const model = buildGapModel({ ...exact, radiusM: 400 })
    const sqlBefore = new Map((await sqlStreetGaps(db, 400, null)).map((s) => [s.street_id, s]))
    // Next to the three streets with the largest gaps, offering their top categories.
    const targets = [...sqlBefore.values()].sort((a, b) => b.gap - a.gap).slice(0, 3)
    for (const target of targets) {
      const street = exact.streets.find((s) => s.properties.id === target.street_id)!
      const coordinates = destination(street.geometry.coordinates[0], 150, 45, 6371008.77)
      const categories = target.by_category.slice(0, 2).map((c) => c.category)
      const r = whatIf(model, { coordinates, categories })
      expect(r.streets.length).toBeGreaterThan(0)
      await rolledBack(db, async () => {
        await db.query(
          `insert into public.assets (name, categories, geom)
           values ('What-if pantry', $1, extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326)::extensions.geography)`,
          [categories, coordinates[0], coordinates[1]],
        )
        const sqlAfter = new Map((await sqlStreetGaps(db, 400, null)).map((s) => [s.street_id, s]))
        const changed = new Map(r.streets.map((s) => [s.after.street_id, s.after]))
        for (const [id, row] of sqlAfter) {
          const predicted = changed.get(id) ?? sqlBefore.get(id)!
          expect([id, predicted.demand, predicted.supply]).toEqual([id, row.demand, row.supply])
          expect(predicted.gap).toBeCloseTo(row.gap, 9)
        }
        const nbAfter = await sqlNeighbourhoodGaps(db, 400, null)
        for (const change of r.neighbourhoods) {
          const row = nbAfter.find((n) => n.neighbourhood_id === change.after.neighbourhood_id)!
          expect([change.after.covered_needs, change.after.top_unmet]).toEqual([row.covered_needs, row.top_unmet])
          expect(change.after.gap).toBeCloseTo(row.gap, 9)
        }
      })
    }
  }, 120_000)
})
