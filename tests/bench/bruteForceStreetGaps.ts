/**
 * The naive baseline for the gaps benchmark: every street with demand against every
 * provider, with turf.pointToLineDistance (great circle, metres), no index and no
 * early rejection. Same rules as the SQL (and src/geo/streetGaps.ts) otherwise. It lives
 * here, not in src/geo: nobody should ship it.
 */
import { pointToLineDistance } from '@turf/turf'
import type { GapInput, StreetGap } from '../../src/geo/gapTypes.ts'
import { UNMET_STATUSES } from '../../src/geo/gapTypes.ts'

const list = (v: any) => (Array.isArray(v) ? v : (v?.features ?? []))

export function bruteForceStreetGaps(input: GapInput): StreetGap[] {
  const radiusM = input.radiusM ?? 400
  const only = input.categories ? new Set(input.categories) : null
  const streets = new Map(list(input.streets).map((s: any) => [s.properties.id, s]))
  const demand = new Map<string, Map<string, number>>()
  for (const n of list(input.needs)) {
    const p = n.properties
    if (p.hidden || !UNMET_STATUSES.includes(p.status) || (only && !only.has(p.category)) || !streets.has(p.street_id)) continue
    let m = demand.get(p.street_id)
    if (!m) demand.set(p.street_id, (m = new Map()))
    m.set(p.category, (m.get(p.category) ?? 0) + 1 + p.supporters)
  }
  const providers = [
    ...list(input.assets),
    ...list(input.enterprises).filter((e: any) => e.properties.status === 'active'),
  ]
  const rows: StreetGap[] = []
  for (const [id, byCat] of demand) {
    const street: any = streets.get(id)
    const supply = new Map<string, number>([...byCat.keys()].map((c) => [c, 0]))
    for (const p of providers) {
      const d = pointToLineDistance(p.geometry.coordinates, street.geometry, { units: 'meters' })
      if (d > radiusM) continue
      for (const c of p.properties.categories) if (supply.has(c)) supply.set(c, supply.get(c)! + 1)
    }
    const by_category = [...byCat].map(([category, dem]) => {
      const sup = supply.get(category)!
      return { category, demand: dem, supply: sup, gap: dem / (1 + sup) }
    })
    rows.push({
      street_id: id,
      street_name: street.properties.name ?? null,
      neighbourhood_id: street.properties.neighbourhood_id ?? null,
      demand: by_category.reduce((a, c) => a + c.demand, 0),
      supply: by_category.reduce((a, c) => a + c.supply, 0),
      gap: by_category.reduce((a, c) => a + c.gap, 0),
      by_category,
    })
  }
  return rows.sort((a, b) => b.gap - a.gap)
}
