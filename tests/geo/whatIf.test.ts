/**
 * whatIf is incremental: it must give exactly what rescoring the whole town with the new
 * provider added gives. Checked on the demo town for providers all over it, near and far
 * from needs, of one to three categories.
 */
import { describe, expect, it } from 'vitest'
import { buildGapModel } from '../../src/geo/buildGapModel.ts'
import { CATEGORY_SLUGS } from '../../data/demo/generate.mjs'
import type { GapInput } from '../../src/geo/gapTypes.ts'
import { neighbourhoodGaps } from '../../src/geo/neighbourhoodGaps.ts'
import { streetGaps } from '../../src/geo/streetGaps.ts'
import { whatIf } from '../../src/geo/whatIf.ts'
import { demoLayers } from './helpers/demo.ts'
import { makeRng } from './helpers/prng.ts'

const layers = demoLayers()

function rescored(input: GapInput, coordinates: number[], categories: string[]) {
  const withProvider: GapInput = {
    ...input,
    assets: [
      ...(input.assets as any[]),
      { type: 'Feature', geometry: { type: 'Point', coordinates }, properties: { id: 'what-if', categories } },
    ],
  }
  const model = buildGapModel(withProvider)
  return {
    model,
    streets: new Map(streetGaps(model).map((r) => [r.street_id, r])),
    neighbourhoods: new Map(neighbourhoodGaps(model, layers.neighbourhoods).map((r) => [r.neighbourhood_id, r])),
  }
}

describe('whatIf', () => {
  for (const [radiusM, filter] of [[400, null], [250, ['food', 'youth', 'loneliness']]] as const) {
    it(`equals rescoring the town with the provider added (R = ${radiusM} m, ${filter ? 'some' : 'all'} categories)`, () => {
      const input: GapInput = { ...layers, radiusM, categories: filter ? [...filter] : null }
      const model = buildGapModel(input)
      const before = new Map(streetGaps(model).map((r) => [r.street_id, r]))
      const nbBefore = new Map(neighbourhoodGaps(model, layers.neighbourhoods).map((r) => [r.neighbourhood_id, r]))
      const rng = makeRng(radiusM)
      // Half the providers right beside a need (so something changes), half anywhere in town.
      const needs = layers.needs.filter(
        (n) =>
          ['open', 'acknowledged', 'adopted'].includes(n.properties.status) &&
          (!filter || (filter as readonly string[]).includes(n.properties.category)),
      )
      let changedStreets = 0
      for (let i = 0; i < 40; i++) {
        const near = i % 2 === 0 ? rng.pick(needs) : null
        const coordinates = near
          ? [near.geometry.coordinates[0] + rng.float(-0.003, 0.003), near.geometry.coordinates[1] + rng.float(-0.002, 0.002)]
          : [rng.float(-3.44, -3.36), rng.float(54.075, 54.125)]
        const categories = [...new Set([near?.properties.category ?? rng.pick(CATEGORY_SLUGS), rng.pick(CATEGORY_SLUGS)])]
        const r = whatIf(model, { coordinates, categories })
        const truth = rescored(input, coordinates, categories)

        const changed = new Map(r.streets.map((s) => [s.after.street_id, s]))
        changedStreets += changed.size
        expect(truth.streets.size).toBe(before.size)
        for (const [id, row] of truth.streets) {
          const c = changed.get(id)
          expect(c ? c.after : before.get(id)).toEqual(row)
          if (c) expect(c.before).toEqual(before.get(id))
          if (c) expect(c.after.gap).toBeLessThan(c.before.gap)
        }
        const nbChanged = new Map(r.neighbourhoods.map((n) => [n.after.neighbourhood_id, n]))
        for (const [id, row] of truth.neighbourhoods) {
          const c = nbChanged.get(id)
          const expected = { ...row, code: null, name: null, gap: expect.closeTo(row.gap, 9) }
          if (c) expect(c.after).toEqual(expected)
          else expect(nbBefore.get(id)).toEqual(row)
        }
        const coveredNow = new Set(truth.model.needs.filter((n) => n.covered).map((n) => n.id))
        const coveredBefore = new Set(model.needs.filter((n) => n.covered).map((n) => n.id))
        expect(r.newly_covered_needs).toEqual([...coveredNow].filter((id) => !coveredBefore.has(id)).sort())
        expect(r.total_gap_after).toBeCloseTo(truth.model.totalGap, 9)
      }
      // The sample must have exercised real changes, or this test proves little.
      expect(changedStreets).toBeGreaterThan(20)
    })
  }

  it('looks only at streets the provider can reach', () => {
    const model = buildGapModel({ ...layers, radiusM: 400 })
    const r = whatIf(model, { coordinates: [-3.4, 54.1], categories: [...CATEGORY_SLUGS] })
    expect(r.streets.length).toBeGreaterThan(0)
    for (const s of r.streets) expect(s.distance_m).toBeLessThanOrEqual(400)
    expect(r.streets.length).toBeLessThan(model.cells.size)
  })
})
