/**
 * The gap metric of DESIGN.md ("Gaps") computed in the browser, exactly as the SQL
 * source of truth does it (private.street_category_gaps and public.neighbourhood_gaps in
 * supabase/migrations/20261127000900_api_gaps.sql), and kept in indexed form so that a
 * what-if only touches what a new provider can reach.
 *
 * For street segment s and category c, with catchment R:
 *   demand(s,c) = Σ (1 + supporters) over needs of c on s whose status is open,
 *                 acknowledged or adopted and that are not hidden;
 *   supply(s,c) = assets, plus enterprises whose status is 'active', serving c and
 *                 within R of the segment (great-circle distance from the point to the
 *                 line on PostGIS's sphere: st_dwithin(…, R, false));
 *   gap(s,c)    = demand / (1 + supply).
 * A need is covered when a provider of its category is within R of its public point.
 *
 * How it stays fast: providers go in a KDBush index; each street with demand asks it for
 * the providers in its bounding box grown by R (a conservative box on the sphere), skips
 * those serving none of its demand categories, and only then runs the exact distance
 * test. Streets with demand go in a Flatbush index of R-grown boxes, and unmet needs in
 * a KDBush index, so whatIf finds what a new point can reach with one box query each.
 */
import Flatbush from 'flatbush'
import KDBush from 'kdbush'
import type { Position } from 'geojson'
import { DEFAULT_RADIUS_M, UNMET_STATUSES, type GapInput } from './gapTypes.ts'
import { growBox, lineWithin, prepareLine, setUnitVector, sphereLimit, type PreparedLine, type SphereLimit } from './lib/sphere.ts'
import {
  categoriesProp,
  checkCategories,
  checkRadius,
  featureList,
  lineOf,
  pointOf,
  stringProp,
} from './lib/validate.ts'

export interface ModelStreet {
  id: string
  name: string | null
  neighbourhoodId: string | null
  line: PreparedLine
}

/** One (street, category) pair with demand. */
export interface GapCell {
  demand: number
  supply: number
}

/** An unmet need in the category filter. */
export interface ModelNeed {
  id: string
  category: string
  weight: number
  /** Index into streets, or −1 when its street is not in the input. */
  street: number
  neighbourhoodId: string | null
  position: Position
  covered: boolean
}

export interface ModelProvider {
  id: string
  kind: 'asset' | 'enterprise'
  categories: readonly string[]
  position: Position
}

/** Per neighbourhood: what public.neighbourhood_gaps reports about space. */
export interface NeighbourhoodStats {
  openNeeds: number
  demand: number
  coveredNeeds: number
  gap: number
  /** Uncovered demand by category. */
  unmet: Map<string, number>
}

const MODEL = Symbol('GapModel')

export interface GapModel {
  readonly [MODEL]: true
  readonly radiusM: number
  readonly categories: readonly string[] | null
  readonly limit: SphereLimit
  readonly streets: readonly ModelStreet[]
  readonly streetIndexById: ReadonlyMap<string, number>
  /** Street index → category → cell, for streets with demand only. */
  readonly cells: ReadonlyMap<number, ReadonlyMap<string, GapCell>>
  readonly needs: readonly ModelNeed[]
  readonly providers: readonly ModelProvider[]
  /** Unit vectors (3 per item) of needs and providers, in the order of those arrays. */
  readonly needVectors: Float64Array
  readonly providerVectors: Float64Array
  readonly providerIndex: KDBush | null
  /** Streets with demand, in the order they were added to demandStreetIndex. */
  readonly demandStreets: readonly number[]
  readonly demandStreetIndex: Flatbush | null
  readonly needIndex: KDBush | null
  readonly neighbourhoods: ReadonlyMap<string, NeighbourhoodStats>
  /** Σ of every street's gap. */
  readonly totalGap: number
}

export function isGapModel(value: unknown): value is GapModel {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MODEL] === true
}

function kdIndex(positions: readonly Position[]): KDBush | null {
  if (positions.length === 0) return null
  const index = new KDBush(positions.length, 32, Float64Array)
  for (const [lon, lat] of positions) index.add(lon, lat)
  return index.finish()
}

/**
 * Validates the map layers and scores every street and neighbourhood once, keeping the
 * indexes for fast what-ifs. streetGaps, neighbourhoodGaps and whatIf take the result.
 *
 * @example
 * const model = buildGapModel({ streets, needs, assets, enterprises, radiusM: 400 })
 * streetGaps(model)[0]          // the street with the largest gap
 * whatIf(model, { coordinates: [-3.4, 54.1], categories: ['food'] })
 */
export function buildGapModel(input: GapInput): GapModel {
  const fn = 'buildGapModel'
  if (!input || typeof input !== 'object') throw new TypeError(`${fn}: pass { streets, needs, assets, enterprises }.`)
  const radiusM = checkRadius(fn, input.radiusM ?? DEFAULT_RADIUS_M)
  const categories = checkCategories(fn, input.categories, true)
  const inFilter = categories ? new Set(categories) : null
  const limit = sphereLimit(radiusM)

  // Streets.
  const streets: ModelStreet[] = []
  const streetIndexById = new Map<string, number>()
  featureList(fn, 'streets', input.streets, false).forEach((f, i) => {
    const what = `street ${i}`
    const props = f?.properties as unknown as Record<string, unknown> | null
    const id = stringProp(fn, what, props, 'id')
    const coords = lineOf(fn, `street ${id}`, f)
    if (streetIndexById.has(id)) throw new TypeError(`${fn}: street ${id} is listed twice.`)
    streetIndexById.set(id, streets.length)
    const name = props?.name
    const nb = props?.neighbourhood_id
    streets.push({
      id,
      name: typeof name === 'string' ? name : null,
      neighbourhoodId: typeof nb === 'string' ? nb : null,
      line: prepareLine(coords),
    })
  })

  // Unmet needs → demand cells.
  const needs: ModelNeed[] = []
  const cells = new Map<number, Map<string, GapCell>>()
  const seenNeeds = new Set<string>()
  featureList(fn, 'needs', input.needs, false).forEach((f, i) => {
    const props = f?.properties as unknown as Record<string, unknown> | null
    const id = stringProp(fn, `need ${i}`, props, 'id')
    const what = `need ${id}`
    const position = pointOf(fn, what, f)
    const category = stringProp(fn, what, props, 'category')
    const status = stringProp(fn, what, props, 'status')
    const streetId = stringProp(fn, what, props, 'street_id')
    const supporters = props?.supporters ?? 0
    if (typeof supporters !== 'number' || !Number.isInteger(supporters) || supporters < 0) {
      throw new TypeError(`${fn}: ${what} has a supporters count that is not a whole number ≥ 0.`)
    }
    if (seenNeeds.has(id)) throw new TypeError(`${fn}: ${what} is listed twice.`)
    seenNeeds.add(id)
    if (props?.hidden === true || !UNMET_STATUSES.includes(status)) return
    if (inFilter && !inFilter.has(category)) return
    const street = streetIndexById.get(streetId) ?? -1
    const ownNb = props?.neighbourhood_id
    const weight = 1 + supporters
    needs.push({
      id,
      category,
      weight,
      street,
      neighbourhoodId: typeof ownNb === 'string' ? ownNb : street >= 0 ? streets[street].neighbourhoodId : null,
      position,
      covered: false,
    })
    // As the SQL joins demand to streets: a need whose street is not in view scores nowhere.
    if (street < 0) return
    let byCat = cells.get(street)
    if (!byCat) cells.set(street, (byCat = new Map<string, GapCell>()))
    const cell = byCat.get(category)
    if (cell) cell.demand += weight
    else byCat.set(category, { demand: weight, supply: 0 })
  })

  // Providers: every asset, and enterprises that are active.
  const providers: ModelProvider[] = []
  featureList(fn, 'assets', input.assets, true).forEach((f, i) => {
    const props = f?.properties as unknown as Record<string, unknown> | null
    const id = stringProp(fn, `asset ${i}`, props, 'id')
    providers.push({ id, kind: 'asset', categories: categoriesProp(fn, `asset ${id}`, props), position: pointOf(fn, `asset ${id}`, f) })
  })
  featureList(fn, 'enterprises', input.enterprises, true).forEach((f, i) => {
    const props = f?.properties as unknown as Record<string, unknown> | null
    const id = stringProp(fn, `enterprise ${i}`, props, 'id')
    const what = `enterprise ${id}`
    const status = stringProp(fn, what, props, 'status')
    const cats = categoriesProp(fn, what, props)
    const position = pointOf(fn, what, f)
    if (status === 'active') providers.push({ id, kind: 'enterprise', categories: cats, position })
  })

  const providerVectors = new Float64Array(providers.length * 3)
  providers.forEach((p, i) => setUnitVector(p.position[0], p.position[1], providerVectors, i * 3))
  const providerIndex = kdIndex(providers.map((p) => p.position))

  // Supply: for each street with demand, the providers in its grown box, then the exact test.
  const demandStreets = [...cells.keys()]
  if (providerIndex) {
    for (const s of demandStreets) {
      const byCat = cells.get(s)!
      const line = streets[s].line
      const box = growBox(line.bbox, limit)
      for (const p of providerIndex.range(box[0], box[1], box[2], box[3])) {
        const cats = providers[p].categories
        let serves = false
        for (const c of cats) if (byCat.has(c)) serves = true
        if (!serves) continue
        const o = p * 3
        if (!lineWithin(line, providerVectors[o], providerVectors[o + 1], providerVectors[o + 2], limit)) continue
        for (const c of cats) {
          const cell = byCat.get(c)
          if (cell) cell.supply += 1
        }
      }
    }
  }

  // Coverage: a provider of the need's category within R of its public point.
  const needVectors = new Float64Array(needs.length * 3)
  needs.forEach((n, i) => setUnitVector(n.position[0], n.position[1], needVectors, i * 3))
  if (providerIndex) {
    needs.forEach((need, i) => {
      const box = growBox([need.position[0], need.position[1], need.position[0], need.position[1]], limit)
      const o = i * 3
      for (const p of providerIndex.range(box[0], box[1], box[2], box[3])) {
        if (!providers[p].categories.includes(need.category)) continue
        const q = p * 3
        const dx = needVectors[o] - providerVectors[q]
        const dy = needVectors[o + 1] - providerVectors[q + 1]
        const dz = needVectors[o + 2] - providerVectors[q + 2]
        if (dx * dx + dy * dy + dz * dz <= limit.chord2) {
          need.covered = true
          break
        }
      }
    })
  }

  // Per neighbourhood: open needs, demand, coverage, uncovered demand, and street gaps.
  const neighbourhoods = new Map<string, NeighbourhoodStats>()
  const statsOf = (id: string): NeighbourhoodStats => {
    let s = neighbourhoods.get(id)
    if (!s) neighbourhoods.set(id, (s = { openNeeds: 0, demand: 0, coveredNeeds: 0, gap: 0, unmet: new Map() }))
    return s
  }
  for (const s of streets) if (s.neighbourhoodId) statsOf(s.neighbourhoodId)
  for (const need of needs) {
    if (!need.neighbourhoodId) continue
    const s = statsOf(need.neighbourhoodId)
    s.openNeeds += 1
    s.demand += need.weight
    if (need.covered) s.coveredNeeds += 1
    else s.unmet.set(need.category, (s.unmet.get(need.category) ?? 0) + need.weight)
  }
  let totalGap = 0
  for (const [street, byCat] of cells) {
    const nb = streets[street].neighbourhoodId
    let gap = 0
    for (const cell of byCat.values()) gap += cell.demand / (1 + cell.supply)
    totalGap += gap
    if (nb) statsOf(nb).gap += gap
  }

  // Indexes for whatIf: streets with demand (boxes grown by R) and unmet needs.
  let demandStreetIndex: Flatbush | null = null
  if (demandStreets.length > 0) {
    demandStreetIndex = new Flatbush(demandStreets.length)
    for (const s of demandStreets) {
      const box = growBox(streets[s].line.bbox, limit)
      demandStreetIndex.add(box[0], box[1], box[2], box[3])
    }
    demandStreetIndex.finish()
  }
  const needIndex = kdIndex(needs.map((n) => n.position))

  return {
    [MODEL]: true,
    radiusM,
    categories,
    limit,
    streets,
    streetIndexById,
    cells,
    needs,
    providers,
    needVectors,
    providerVectors,
    providerIndex,
    demandStreets,
    demandStreetIndex,
    needIndex,
    neighbourhoods,
    totalGap,
  }
}
