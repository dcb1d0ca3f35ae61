/**
 * The planner view's pure helpers: export of exactly what the table shows (CSV and
 * GeoJSON), the chart scales, and the what-if applied to the server's rows.
 */
import { describe, expect, it } from 'vitest'
import type { LineString, MultiLineString } from 'geojson'
import type { NeighbourhoodGapRow, RankedStreetRow } from '../../src/data/gaps.ts'
import { linearScale, monthBars, niceMax } from '../../src/features/gaps/chart.ts'
import { CSV_COLUMNS, csvField, rowsToCsv, rowsToGeoJson } from '../../src/features/gaps/export.ts'
import { applyWhatIf, choroplethShades, gapSegments, midpoint, neighbourhoodsAfter } from '../../src/features/gaps/planner.ts'
import type { WhatIfResult } from '../../src/geo/whatIf.ts'

/** A street (id) of two segments (id-a, id-b); unnamed ones carry a label from context. */
const row = (id: string, name: string | null, cats: [string, number, number][]): RankedStreetRow => {
  const by_category = cats.map(([category, demand, supply]) => ({ category, demand, supply, gap: demand / (1 + supply) }))
  return {
    street_id: id, street_name: name, label: name ?? 'footpath off Heron Close', settlement: 'Wenlow', segments: 2,
    segment_ids: [`${id}-a`, `${id}-b`], bbox: [0, 0, 1, 1], geometry: null, total_count: 3,
    highway: 'residential', neighbourhood_id: 'nb-1', neighbourhood_name: 'Grange Estate',
    demand: by_category.reduce((s, c) => s + c.demand, 0), supply: by_category.reduce((s, c) => s + c.supply, 0),
    gap: by_category.reduce((s, c) => s + c.gap, 0), by_category: by_category.sort((a, b) => b.gap - a.gap),
  }
}
const rows = [
  row('s1', 'Heron Close', [['food', 12, 0], ['youth', 3, 1]]),
  row('s2', 'Mill Lane, "the old one"', [['food', 6, 0]]),
  row('s3', null, [['health', 2, 1]]),
]
const label = (slug: string) => ({ food: 'Food', youth: 'Youth', health: 'Health' })[slug] ?? slug

describe('rowsToCsv', () => {
  it('writes a header and one line per row shown, in table order, with ranks', () => {
    const shown = applyWhatIf(rows, null, [])
    const lines = rowsToCsv(shown, label).split('\r\n')
    expect(lines[0]).toBe(CSV_COLUMNS.join(','))
    expect(lines).toHaveLength(shown.length + 2) // header, rows, and the final line end
    expect(lines[1]).toBe('1,Heron Close,Wenlow,Grange Estate,15,1,13.5,Food; Youth,s1')
    expect(lines[2]).toBe('2,"Mill Lane, ""the old one""",Wenlow,Grange Estate,6,0,6,Food,s2')
    expect(lines[3]).toBe('3,footpath off Heron Close,Wenlow,Grange Estate,2,1,1,Health,s3')
    expect(lines[4]).toBe('')
  })

  it('exports the rows as the what-if shows them, re-ranked', () => {
    const shown = applyWhatIf(rows, new Set(['s1-b']), ['food'])
    const lines = rowsToCsv(shown, label).split('\r\n')
    expect(lines[1]).toBe('1,Heron Close,Wenlow,Grange Estate,15,2,7.5,Food; Youth,s1')
  })

  it('defuses spreadsheet formulas and quotes what needs quoting', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField('-1 Street')).toBe("'-1 Street")
    expect(csvField(-1)).toBe('-1')
    expect(csvField('a\nb')).toBe('"a\nb"')
    expect(csvField(null)).toBe('')
  })
})

describe('rowsToGeoJson', () => {
  const line: LineString = { type: 'LineString', coordinates: [[-3.4, 54.1], [-3.39, 54.1]] }
  it("gives one feature per row, in order, each with its street's lines", () => {
    const multi: MultiLineString = { type: 'MultiLineString', coordinates: [line.coordinates, [[-3.39, 54.1], [-3.38, 54.11]]] }
    const shapes = new Map<string, LineString | MultiLineString>([['s1', multi], ['s2', line], ['s3', line]])
    const fc = rowsToGeoJson(applyWhatIf(rows, null, []), (id) => shapes.get(id), { radius_m: 400, categories: null, hypothetical: false })
    expect(fc.features.map((f) => f.id)).toEqual(['s1', 's2', 's3'])
    expect(fc.features[0].geometry).toEqual(multi)
    expect(fc.features.every((f) => f.geometry !== null)).toBe(true)
    expect(fc.features[0].properties).toMatchObject({ rank: 1, street: 'Heron Close', settlement: 'Wenlow', segments: ['s1-a', 's1-b'], gap: 13.5, radius_m: 400, hypothetical: false })
  })
})

describe('applyWhatIf', () => {
  it('adds one provider to the supply of the provided topics on the streets with a segment within reach only', () => {
    const out = applyWhatIf(rows, new Set(['s1-a', 's1-b', 's3-b']), ['food'])
    const s1 = out.find((r) => r.street_id === 's1')!
    expect(s1.gap).toBeCloseTo(12 / 2 + 3 / 2)
    expect(s1.gap_before).toBeCloseTo(13.5)
    expect(s1.supply).toBe(2)
    // s3 is within reach, but has no food demand: unchanged.
    expect(out.find((r) => r.street_id === 's3')!.gap_before).toBeNull()
    expect(out.find((r) => r.street_id === 's2')!.gap).toBe(6)
  })

  it('re-ranks by the new gap', () => {
    const out = applyWhatIf([row('a', 'A', [['food', 10, 0]]), row('b', 'B', [['youth', 8, 0]])], new Set(['a-a']), ['food'])
    expect(out.map((r) => r.street_id)).toEqual(['b', 'a'])
  })

  it('keeps the server order untouched without a what-if', () => {
    expect(applyWhatIf(rows, null, ['food']).map((r) => r.street_id)).toEqual(['s1', 's2', 's3'])
  })
})

describe('map features for the planner', () => {
  it("colours every segment of each street (loaded or not) with the street's gap and the what-if mark", () => {
    const out = gapSegments(applyWhatIf(rows, new Set(['s1-b']), ['food']))
    expect(out.length).toBe(rows.reduce((n, r) => n + r.segment_ids.length, 0))
    expect(out.find((s) => s.id === 's1-b')).toEqual({ id: 's1-b', gap: 7.5, changed: true })
    expect(out.filter((s) => s.changed).map((s) => s.id).sort()).toEqual(rows.find((r) => r.street_id === 's1')!.segment_ids.slice().sort())
  })

  it('shades neighbourhoods by coverage or by share of the largest demand, skipping those without open needs', () => {
    const nb = (id: string, demand: number, open: number, covered: number): NeighbourhoodGapRow => ({
      neighbourhood_id: id, code: id, name: id, open_needs: open, demand, covered_needs: covered,
      coverage: open > 0 ? covered / open : null, gap: 0, top_unmet: [], needs_raised: 0, needs_met: 0, share_met: null, median_days_to_met: null,
    })
    const nbs = [nb('a', 40, 10, 5), nb('b', 10, 4, 4), nb('c', 0, 0, 0)]
    expect([...choroplethShades(nbs, 'coverage')]).toEqual([['a', 0.5], ['b', 1]])
    expect([...choroplethShades(nbs, 'demand')]).toEqual([['a', 1], ['b', 0.25], ['c', 0]])
  })

  it('raises a neighbourhood\'s coverage by the needs a what-if newly covers', () => {
    const before: NeighbourhoodGapRow = {
      neighbourhood_id: 'a', code: 'A', name: 'A', open_needs: 10, demand: 20, covered_needs: 2, coverage: 0.2, gap: 12,
      top_unmet: [], needs_raised: 0, needs_met: 0, share_met: null, median_days_to_met: null,
    }
    const change = (covered: number, gap: number) => ({ neighbourhood_id: 'a', covered_needs: covered, gap }) as never
    const result = { neighbourhoods: [{ before: change(1, 10), after: change(4, 7) }] } as unknown as WhatIfResult
    expect(neighbourhoodsAfter([before], result)[0]).toMatchObject({ covered_needs: 5, coverage: 0.5, gap: 9 })
    expect(neighbourhoodsAfter([before], null)[0]).toBe(before)
  })

  it('finds a street\'s middle to place a provider at', () => {
    expect(midpoint({ type: 'LineString', coordinates: [[0, 0], [1, 0], [2, 0]] })).toEqual([1, 0])
    expect(midpoint({ type: 'LineString', coordinates: [[0, 0], [2, 2]] })).toEqual([1, 1])
  })
})

describe('chart scales', () => {
  it('maps a domain onto a range, inverted for SVG\'s downward y', () => {
    const y = linearScale([0, 10], [100, 0])
    expect(y(0)).toBe(100)
    expect(y(5)).toBe(50)
    expect(y(10)).toBe(0)
    expect(linearScale([3, 3], [0, 50])(3)).toBe(0)
  })

  it('rounds the top of an axis up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 11, 24, 26, 140, 999].map(niceMax)).toEqual([1, 1, 5, 10, 20, 25, 50, 200, 1000])
  })

  it('lays out grouped bars: one group per month, heights on the shared scale', () => {
    const months = [
      { month: '2026-10', raised: 8, adopted: 2, met: 1 },
      { month: '2026-11', raised: 4, adopted: 0, met: 3 },
    ]
    const { bars, top, group } = monthBars(months, { width: 200, height: 100 })
    expect(top).toBe(10)
    expect(group).toBe(100)
    expect(bars).toHaveLength(6)
    const raisedOct = bars.find((b) => b.month === '2026-10' && b.series === 'raised')!
    expect(raisedOct.height).toBeCloseTo(80)
    expect(raisedOct.y).toBeCloseTo(20)
    expect(bars.find((b) => b.month === '2026-11' && b.series === 'adopted')!.height).toBe(0)
    for (const b of bars) expect(b.x + b.width).toBeLessThanOrEqual(200)
  })
})
