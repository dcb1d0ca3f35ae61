/**
 * Compares the Turf gap verbs with the SQL source of truth on the same database.
 *
 * The tolerance, and why: both sides compute the same great-circle distance on the same
 * sphere, so with the coordinates the database holds they differ only by rounding
 * (micrometres). A provider's count can therefore differ only when it lies within a
 * band b of the catchment boundary R: b = 1 mm for exact coordinates, and b = 0.5 m for
 * the map layers, whose coordinates st_asgeojson rounds to 6 decimals (≤ 0.06 m of
 * latitude, so a point-to-line distance moves by at most about 0.13 m). Demand counts
 * must be identical; a supply or coverage count may differ by at most the number of
 * providers (or needs) inside that band, which SQL finds for us; gaps built from equal
 * counts must agree to 1e-9.
 */
import type { GapInput, NeighbourhoodGap, StreetGap } from '../../../src/geo/gapTypes.ts'
import { buildGapModel } from '../../../src/geo/buildGapModel.ts'
import { neighbourhoodGaps } from '../../../src/geo/neighbourhoodGaps.ts'
import { streetGaps } from '../../../src/geo/streetGaps.ts'
import type { SqlClient } from '../../../src/db/migrations.ts'
import type { GapLayers } from './layers.ts'

export const EXACT_BAND_M = 0.001
export const MAP_BAND_M = 0.5
export const GAP_TOLERANCE = 1e-9

export interface Agreement {
  streets: number
  cells: number
  neighbourhoods: number
  /** (street, category) cells whose supply differed, each explained by providers in the band. */
  excusedCells: number
  /** Needs whose coverage could differ (a provider of their category in the band). */
  bandNeeds: number
  /** Cells with a provider in the band (whether or not the two sides differed there). */
  bandCells: number
  problems: string[]
}

const PROVIDERS = `
  select a.geom, c from public.assets a, unnest(a.categories) c
  union all
  select e.geom, c from public.enterprises e, unnest(e.categories) c where e.status = 'active'`

/** Providers within the band of R of each (street, category), and needs with one of their category in it. */
async function band(db: SqlClient, radiusM: number, bandM: number) {
  const cells = await db.query<{ street_id: string; category: string; n: number }>(
    `with p as (${PROVIDERS})
     select s.id as street_id, p.c as category, count(*)::int as n
     from public.streets s join p
       on extensions.st_dwithin(p.geom, s.geom, $1::float8 + $2::float8, false)
      and not extensions.st_dwithin(p.geom, s.geom, $1::float8 - $2::float8, false)
     group by 1, 2`,
    [radiusM, bandM],
  )
  const needs = await db.query<{ id: string; neighbourhood_id: string | null }>(
    `with p as (${PROVIDERS})
     select n.id, n.neighbourhood_id from public.needs n
     where exists (select 1 from p where p.c = n.category
                     and extensions.st_dwithin(p.geom, n.public_geom, $1::float8 + $2::float8, false)
                     and not extensions.st_dwithin(p.geom, n.public_geom, $1::float8 - $2::float8, false))`,
    [radiusM, bandM],
  )
  return {
    cells: new Map(cells.rows.map((r) => [`${r.street_id}|${r.category}`, r.n])),
    needs: needs.rows,
  }
}

type SqlStreetRow = StreetGap & { by_category: { category: string; demand: number; supply: number; gap: number }[] }

export async function sqlStreetGaps(db: SqlClient, radiusM: number, categories: string[] | null): Promise<SqlStreetRow[]> {
  return (
    await db.query<SqlStreetRow>(
      'select street_id, street_name, neighbourhood_id, demand, supply, gap, by_category from public.street_gaps($1, $2, null, 5000)',
      [radiusM, categories],
    )
  ).rows
}

export async function sqlNeighbourhoodGaps(db: SqlClient, radiusM: number, categories: string[] | null): Promise<NeighbourhoodGap[]> {
  return (
    await db.query<NeighbourhoodGap>(
      'select neighbourhood_id, code, name, open_needs, demand, covered_needs, coverage, gap, top_unmet from public.neighbourhood_gaps($1, $2)',
      [radiusM, categories],
    )
  ).rows
}

/** Runs both implementations on the same data and lists every disagreement beyond the tolerance. */
export async function compareGaps(
  db: SqlClient,
  layers: GapLayers,
  radiusM: number,
  categories: string[] | null,
  bandM: number,
): Promise<Agreement> {
  const input: GapInput = { ...layers, radiusM, categories }
  const model = buildGapModel(input)
  const turfStreets = new Map(streetGaps(model).map((r) => [r.street_id, r]))
  const turfNbs = new Map(neighbourhoodGaps(model, layers.neighbourhoods).map((r) => [r.neighbourhood_id, r]))
  const sqlStreets = await sqlStreetGaps(db, radiusM, categories)
  const sqlNbs = await sqlNeighbourhoodGaps(db, radiusM, categories)
  const inBand = await band(db, radiusM, bandM)
  const problems: string[] = []
  let cells = 0
  let excusedCells = 0
  const nbWithBandCells = new Set<string>()

  if (sqlStreets.length !== turfStreets.size) {
    problems.push(`SQL lists ${sqlStreets.length} streets with demand, Turf ${turfStreets.size}`)
  }
  for (const s of sqlStreets) {
    const t = turfStreets.get(s.street_id)
    if (!t) {
      problems.push(`street ${s.street_id} (${s.street_name}) is missing from Turf`)
      continue
    }
    if (t.demand !== s.demand) problems.push(`street ${s.street_name}: demand SQL ${s.demand}, Turf ${t.demand}`)
    const tCats = new Map(t.by_category.map((c) => [c.category, c]))
    if (tCats.size !== s.by_category.length) problems.push(`street ${s.street_name}: categories differ`)
    let excusedHere = false
    for (const c of s.by_category) {
      cells++
      const tc = tCats.get(c.category)
      const key = `${s.street_id}|${c.category}`
      const slack = inBand.cells.get(key) ?? 0
      if (slack > 0 && s.neighbourhood_id) nbWithBandCells.add(s.neighbourhood_id)
      if (!tc) {
        problems.push(`street ${s.street_name}: ${c.category} missing from Turf`)
        continue
      }
      if (tc.demand !== c.demand) problems.push(`street ${s.street_name} ${c.category}: demand SQL ${c.demand}, Turf ${tc.demand}`)
      if (tc.supply !== c.supply) {
        if (Math.abs(tc.supply - c.supply) <= slack) {
          excusedCells++
          excusedHere = true
        } else {
          problems.push(`street ${s.street_name} ${c.category}: supply SQL ${c.supply}, Turf ${tc.supply} (providers in band: ${slack})`)
        }
      } else if (Math.abs(tc.gap - c.gap) > GAP_TOLERANCE) {
        problems.push(`street ${s.street_name} ${c.category}: gap SQL ${c.gap}, Turf ${tc.gap}`)
      }
    }
    if (!excusedHere && Math.abs(t.gap - s.gap) > GAP_TOLERANCE) problems.push(`street ${s.street_name}: gap SQL ${s.gap}, Turf ${t.gap}`)
    if (!excusedHere && t.supply !== s.supply) problems.push(`street ${s.street_name}: supply SQL ${s.supply}, Turf ${t.supply}`)
  }

  const bandNeedsByNb = new Map<string, number>()
  for (const n of inBand.needs) if (n.neighbourhood_id) bandNeedsByNb.set(n.neighbourhood_id, (bandNeedsByNb.get(n.neighbourhood_id) ?? 0) + 1)
  if (sqlNbs.length !== turfNbs.size) problems.push(`SQL lists ${sqlNbs.length} neighbourhoods, Turf ${turfNbs.size}`)
  for (const s of sqlNbs) {
    const t = turfNbs.get(s.neighbourhood_id)
    if (!t) {
      problems.push(`neighbourhood ${s.name} is missing from Turf`)
      continue
    }
    const slack = bandNeedsByNb.get(s.neighbourhood_id) ?? 0
    if (t.open_needs !== s.open_needs) problems.push(`${s.name}: open needs SQL ${s.open_needs}, Turf ${t.open_needs}`)
    if (t.demand !== s.demand) problems.push(`${s.name}: demand SQL ${s.demand}, Turf ${t.demand}`)
    if (Math.abs(t.covered_needs - s.covered_needs) > slack) {
      problems.push(`${s.name}: covered needs SQL ${s.covered_needs}, Turf ${t.covered_needs} (needs in band: ${slack})`)
    }
    if (t.covered_needs === s.covered_needs) {
      if ((t.coverage === null) !== (s.coverage === null) || Math.abs((t.coverage ?? 0) - (s.coverage ?? 0)) > GAP_TOLERANCE) {
        problems.push(`${s.name}: coverage SQL ${s.coverage}, Turf ${t.coverage}`)
      }
    }
    if (slack === 0 && JSON.stringify(t.top_unmet) !== JSON.stringify(s.top_unmet.map((u) => ({ category: u.category, demand: u.demand })))) {
      problems.push(`${s.name}: top unmet SQL ${JSON.stringify(s.top_unmet)}, Turf ${JSON.stringify(t.top_unmet)}`)
    }
    if (!nbWithBandCells.has(s.neighbourhood_id) && Math.abs(t.gap - s.gap) > GAP_TOLERANCE) {
      problems.push(`${s.name}: gap SQL ${s.gap}, Turf ${t.gap}`)
    }
  }
  return {
    streets: sqlStreets.length,
    cells,
    neighbourhoods: sqlNbs.length,
    excusedCells,
    bandNeeds: inBand.needs.length,
    bandCells: inBand.cells.size,
    problems,
  }
}
