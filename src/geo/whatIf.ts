import type { GapCell, GapModel, NeighbourhoodStats } from './buildGapModel.ts'
import { isGapModel } from './buildGapModel.ts'
import type { HypotheticalProvider, NeighbourhoodGap, StreetGap } from './gapTypes.ts'
import { growBox, lineDistanceM, lineWithin, setUnitVector } from './lib/sphere.ts'
import { neighbourhoodRow } from './lib/neighbourhoodRow.ts'
import { compareText, streetRow } from './lib/scores.ts'
import { categoriesProp, checkCategories, checkPosition } from './lib/validate.ts'

export interface StreetGapChange {
  /** Great-circle distance from the new provider to the street, in metres (≤ R). */
  distance_m: number
  before: StreetGap
  after: StreetGap
}

/** A neighbourhood before and after (code and name are null: the model holds ids only). */
export interface NeighbourhoodGapChange {
  before: NeighbourhoodGap
  after: NeighbourhoodGap
}

export interface WhatIfResult {
  provider: HypotheticalProvider
  /** Streets whose gap falls, largest fall first. */
  streets: StreetGapChange[]
  /** Neighbourhoods whose coverage or gap changes, largest gap fall first. */
  neighbourhoods: NeighbourhoodGapChange[]
  /** Ids of unmet needs that the new provider would cover. */
  newly_covered_needs: string[]
  total_gap_before: number
  total_gap_after: number
}

/**
 * "What if a provider of these categories opened here?" The streets whose gap would
 * change, and each affected neighbourhood's coverage and gap, before and after — without
 * rescoring the town: one box query on the index of streets with demand (boxes grown by
 * R) and one on the index of unmet needs, then the exact distance test on those alone.
 * The model is not changed. The result equals rebuilding the model with the provider
 * added (tests/geo/whatIf.test.ts), and the database once the asset is inserted
 * (tests/geo/gapAgreement.demo.test.ts).
 *
 * @example
 * const model = buildGapModel({ streets, needs, assets, enterprises })
 * const r = whatIf(model, { coordinates: [-3.371, 54.081], categories: ['food'] })
 * r.streets.map((s) => [s.after.street_name, s.before.gap, s.after.gap])
 * // → [['Heron Close', 12, 6], …]
 * r.neighbourhoods[0].after.coverage // → 0.42 (from 0.01)
 */
export function whatIf(model: GapModel, provider: HypotheticalProvider): WhatIfResult {
  const fn = 'whatIf'
  if (!isGapModel(model)) throw new TypeError(`${fn}: pass a model from buildGapModel first.`)
  if (!provider || typeof provider !== 'object') throw new TypeError(`${fn}: pass { coordinates, categories }.`)
  const position = checkPosition(fn, 'the provider', provider.coordinates)
  checkCategories(fn, categoriesProp(fn, 'the provider', provider as unknown as Record<string, unknown>), false)
  const cats = new Set(provider.categories)
  const [lon, lat] = position
  const p = new Float64Array(3)
  setUnitVector(lon, lat, p, 0)
  const { limit } = model
  const box = growBox([lon, lat, lon, lat], limit)

  // Streets: those with demand in a provided category whose line is within R.
  const streets: StreetGapChange[] = []
  const gapDelta = new Map<string, number>()
  const totalBefore = model.totalGap
  let totalDelta = 0
  const candidates = model.demandStreetIndex ? model.demandStreetIndex.search(box[0], box[1], box[2], box[3]) : []
  for (const k of candidates) {
    const s = model.demandStreets[k]
    const byCat = model.cells.get(s)!
    let serves = false
    for (const c of cats) if (byCat.has(c)) serves = true
    if (!serves) continue
    const street = model.streets[s]
    if (!lineWithin(street.line, p[0], p[1], p[2], limit)) continue
    const after = new Map<string, GapCell>()
    for (const [c, cell] of byCat) after.set(c, cats.has(c) ? { demand: cell.demand, supply: cell.supply + 1 } : cell)
    const change = {
      distance_m: lineDistanceM(street.line, p[0], p[1], p[2]),
      before: streetRow(street, byCat),
      after: streetRow(street, after),
    }
    const delta = change.after.gap - change.before.gap
    totalDelta += delta
    if (street.neighbourhoodId) gapDelta.set(street.neighbourhoodId, (gapDelta.get(street.neighbourhoodId) ?? 0) + delta)
    streets.push(change)
  }
  streets.sort(
    (a, b) =>
      a.after.gap - a.before.gap - (b.after.gap - b.before.gap) ||
      compareText(a.after.street_name, b.after.street_name) ||
      compareText(a.after.street_id, b.after.street_id),
  )

  // Needs: unmet, not yet covered, of a provided category, within R of the point.
  const newlyCovered: string[] = []
  const coveredBy = new Map<string, { count: number; unmet: Map<string, number> }>()
  const near = model.needIndex ? model.needIndex.range(box[0], box[1], box[2], box[3]) : []
  for (const i of near) {
    const need = model.needs[i]
    if (need.covered || !cats.has(need.category)) continue
    const o = i * 3
    const dx = model.needVectors[o] - p[0]
    const dy = model.needVectors[o + 1] - p[1]
    const dz = model.needVectors[o + 2] - p[2]
    if (dx * dx + dy * dy + dz * dz > limit.chord2) continue
    newlyCovered.push(need.id)
    if (!need.neighbourhoodId) continue
    let c = coveredBy.get(need.neighbourhoodId)
    if (!c) coveredBy.set(need.neighbourhoodId, (c = { count: 0, unmet: new Map() }))
    c.count += 1
    c.unmet.set(need.category, (c.unmet.get(need.category) ?? 0) + need.weight)
  }
  newlyCovered.sort()

  // Neighbourhoods touched by either change.
  const neighbourhoods: NeighbourhoodGapChange[] = []
  for (const id of new Set([...gapDelta.keys(), ...coveredBy.keys()])) {
    const s = model.neighbourhoods.get(id)
    const covered = coveredBy.get(id)
    const unmet = new Map(s?.unmet)
    for (const [c, d] of covered?.unmet ?? []) {
      const left = (unmet.get(c) ?? 0) - d
      if (left > 0) unmet.set(c, left)
      else unmet.delete(c)
    }
    const after: NeighbourhoodStats = {
      openNeeds: s?.openNeeds ?? 0,
      demand: s?.demand ?? 0,
      coveredNeeds: (s?.coveredNeeds ?? 0) + (covered?.count ?? 0),
      gap: (s?.gap ?? 0) + (gapDelta.get(id) ?? 0),
      unmet,
    }
    neighbourhoods.push({ before: neighbourhoodRow(id, null, null, s), after: neighbourhoodRow(id, null, null, after) })
  }
  neighbourhoods.sort(
    (a, b) =>
      a.after.gap - a.before.gap - (b.after.gap - b.before.gap) ||
      compareText(a.after.neighbourhood_id, b.after.neighbourhood_id),
  )

  return {
    provider: { coordinates: position, categories: [...provider.categories] },
    streets,
    neighbourhoods,
    newly_covered_needs: newlyCovered,
    total_gap_before: totalBefore,
    total_gap_after: totalBefore + totalDelta,
  }
}
