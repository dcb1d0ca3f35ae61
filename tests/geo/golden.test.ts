/**
 * Golden tests of the gap verbs on tiny hand-made fixtures (tests/fixtures/geo/): each
 * result must equal the committed output, and the figures each fixture's description
 * works out by hand are asserted here too, so a regenerated output cannot quietly
 * enshrine a wrong answer.
 */
import { describe, expect, it } from 'vitest'
import { buildGapModel } from '../../src/geo/buildGapModel.ts'
import { neighbourhoodGaps } from '../../src/geo/neighbourhoodGaps.ts'
import { streetGaps } from '../../src/geo/streetGaps.ts'
import { whatIf } from '../../src/geo/whatIf.ts'
import { golden, goldenCases } from './helpers/fixtures.ts'

const byName = <T extends { name: string }>(cases: T[], name: string): T => {
  const c = cases.find((x) => x.name === name)
  if (!c) throw new Error(`no fixture ${name}`)
  return c
}

describe('streetGaps (golden)', () => {
  const cases = goldenCases('streetGaps')
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const actual = streetGaps(c.input)
    expect(actual).toEqual(golden(c, actual))
  })

  it('scores the equator street as worked by hand', () => {
    const [row] = streetGaps(byName(cases, 'equator-basics').input)
    expect(row).toMatchObject({ street_id: 'equator', demand: 6, supply: 4, gap: 1.75 })
    expect(row.by_category).toEqual([
      { category: 'food', demand: 5, supply: 3, gap: 1.25 },
      { category: 'youth', demand: 1, supply: 1, gap: 0.5 },
    ])
    expect(streetGaps(byName(cases, 'category-filter').input)[0].by_category).toEqual([
      { category: 'youth', demand: 1, supply: 1, gap: 0.5 },
    ])
    expect(streetGaps(byName(cases, 'radius-250').input)[0].gap).toBe(3)
  })

  it('orders equal gaps by name with nameless streets last, and skips streets not in view', () => {
    const rows = streetGaps(byName(cases, 'tie-order').input)
    expect(rows.map((r) => [r.street_name, r.gap])).toEqual([['Alder Way', 2], ['Beech Road', 1], [null, 1]])
  })

  it('measures to the great circle, not the parallel, at 60°N', () => {
    expect(streetGaps(byName(cases, 'great-circle-60n').input)[0]).toMatchObject({ supply: 1, gap: 0.5 })
  })

  it('filters by neighbourhood and caps the number of rows', () => {
    const c = goldenCases('neighbourhoodGaps')[0]
    expect(streetGaps(c.input, { neighbourhood: 'nb-b' }).map((r) => r.street_id)).toEqual(['B1'])
    expect(streetGaps(c.input, { maxResults: 1 }).map((r) => r.street_id)).toEqual(['A1'])
  })
})

describe('neighbourhoodGaps (golden)', () => {
  const cases = goldenCases('neighbourhoodGaps')
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const actual = neighbourhoodGaps(c.input, c.options.neighbourhoods)
    expect(actual).toEqual(golden(c, actual))
  })

  it('works out Alpha, Beta and Calm as by hand', () => {
    const c = byName(cases, 'two-neighbourhoods')
    expect(neighbourhoodGaps(c.input, c.options.neighbourhoods)).toEqual([
      {
        neighbourhood_id: 'nb-a', code: 'T-A', name: 'Alpha', open_needs: 6, demand: 9, covered_needs: 2,
        coverage: 2 / 6, gap: 7,
        top_unmet: [{ category: 'safety', demand: 3 }, { category: 'culture', demand: 1 }, { category: 'digital', demand: 1 }],
      },
      {
        neighbourhood_id: 'nb-b', code: 'T-B', name: 'Beta', open_needs: 1, demand: 1, covered_needs: 0,
        coverage: 0, gap: 1, top_unmet: [{ category: 'housing', demand: 1 }],
      },
      {
        neighbourhood_id: 'nb-c', code: 'T-C', name: 'Calm', open_needs: 0, demand: 0, covered_needs: 0,
        coverage: null, gap: 0, top_unmet: [],
      },
    ])
  })
})

describe('whatIf (golden)', () => {
  const cases = goldenCases('whatIf')
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const actual = whatIf(buildGapModel(c.input), c.options.provider)
    expect(actual).toEqual(golden(c, actual))
  })

  it('works out the pantry as by hand', () => {
    const c = byName(cases, 'pantry')
    const r = whatIf(buildGapModel(c.input), c.options.provider)
    expect(r.streets.map((s) => [s.after.street_id, s.before.gap, s.after.gap])).toEqual([['A1', 7, 5]])
    expect(r.streets[0].distance_m).toBeCloseTo(0.002 * (Math.PI / 180) * 6371008.7714, 3)
    expect(r.newly_covered_needs).toEqual(['a-food-2', 'a-safety'])
    expect(r.neighbourhoods).toHaveLength(1)
    expect(r.neighbourhoods[0].after).toMatchObject({
      neighbourhood_id: 'nb-a', covered_needs: 4, coverage: 4 / 6, gap: 5,
      top_unmet: [{ category: 'culture', demand: 1 }, { category: 'digital', demand: 1 }],
    })
    expect([r.total_gap_before, r.total_gap_after]).toEqual([8, 6])
  })

  it('changes nothing for a provider out of reach or of a category nobody asked for', () => {
    for (const name of ['out-of-reach', 'other-category']) {
      const c = byName(cases, name)
      const r = whatIf(buildGapModel(c.input), c.options.provider)
      expect([r.streets, r.neighbourhoods, r.newly_covered_needs, r.total_gap_after]).toEqual([[], [], [], 8])
    }
  })
})
