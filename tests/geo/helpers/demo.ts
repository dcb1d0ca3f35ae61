/**
 * The demo town (data/demo/generate.mjs) as gap layers, without a database: needs at
 * their exact points, with the status of their last change and one supporter per
 * "me too". Streets belong to the neighbourhood holding their middle vertex. Good for
 * tests of the TypeScript alone; the agreement tests read the seeded database instead.
 */
import { booleanPointInPolygon } from '@turf/turf'
import type { Feature, LineString, Point } from 'geojson'
import { generateDemoTown, type DemoTown } from '../../../data/demo/generate.mjs'
import type { GapAssetProps, GapEnterpriseProps, GapNeedProps, GapStreetProps } from '../../../src/geo/gapTypes.ts'
import type { GapLayers } from './layers.ts'

export function demoLayers(town: DemoTown = generateDemoTown()): GapLayers {
  const polygons = town.neighbourhoods.map((n) => ({
    id: n.id,
    polygon: { type: 'Polygon' as const, coordinates: [n.polygon] },
  }))
  const status = new Map<string, string>()
  for (const c of town.needStatusChanges) status.set(c.needId, c.status)
  const supporters = new Map<string, number>()
  for (const s of town.needSupports) supporters.set(s.needId, (supporters.get(s.needId) ?? 0) + 1)
  const point = <P>(coordinates: number[], properties: P): Feature<Point, P> => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates },
    properties,
  })
  const streets: Feature<LineString, GapStreetProps>[] = town.streets.map((s) => {
    const mid = s.coordinates[Math.floor(s.coordinates.length / 2)]
    const nb = polygons.find((p) => booleanPointInPolygon(mid, p.polygon))
    return {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: s.coordinates },
      properties: { id: s.id, name: s.name, neighbourhood_id: nb?.id ?? null },
    }
  })
  return {
    streets,
    needs: town.needs.map((n) =>
      point<GapNeedProps>(n.location, {
        id: n.id,
        category: n.category,
        status: status.get(n.id) ?? 'open',
        street_id: n.streetId,
        supporters: supporters.get(n.id) ?? 0,
      }),
    ),
    assets: town.assets.map((a) => point<GapAssetProps>(a.location, { id: a.id, categories: a.categories })),
    enterprises: town.enterprises.map((e) =>
      point<GapEnterpriseProps>(e.location, { id: e.id, categories: e.categories, status: e.status }),
    ),
    neighbourhoods: town.neighbourhoods.map((n) => ({ id: n.id, code: n.code, name: n.name })),
  }
}
