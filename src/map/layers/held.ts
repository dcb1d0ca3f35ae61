/**
 * What the loaded tiles of the visible tiled layers hold, each feature once, as the
 * GeoJSON layers had it (src/data/tiles.ts fromTileProps): read by the legend, the list,
 * the details panel and search, so they show exactly what the tiles hold.
 */
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { Feature, Geometry, MultiPolygon, Point as GeoPoint } from 'geojson'
import { emptyHeld, fromTileProps, type NeedCell, type TileHeld } from '../../data/tiles.ts'
import type { LayerId } from '../../data/types.ts'
import { moduleFor } from './index.ts'

/** A cell's key: its id if the tile gives one, else its tile-space position (stable per zoom). */
export function cellId(f: { properties: Record<string, unknown>; geometry: Geometry }): string {
  const id = f.properties.id
  if (typeof id === 'string' || typeof id === 'number') return String(id)
  const [lon, lat] = (f.geometry as GeoPoint).coordinates
  return `${lon.toFixed(5)},${lat.toFixed(5)}`
}

/** Whether the loaded tiles hold a point of a shown point layer: a cheap first look, before readHeld's full one. */
export function holdsPoints(m: MapLibreMap, shown: (id: LayerId) => boolean): boolean {
  return (['assets', 'enterprises', 'needs'] as const).some((id) => shown(id) && m.querySourceFeatures(moduleFor(id).sourceId, { sourceLayer: id }).length > 0)
}

/** `shown`: whether a tiled layer is on (toggled on, and not hidden for want of topics: it holds nothing then). */
export function readHeld(m: MapLibreMap, shown: (id: LayerId) => boolean): TileHeld {
  const held = emptyHeld()
  const features = (id: LayerId) => m.querySourceFeatures(moduleFor(id).sourceId, { sourceLayer: id })

  if (shown('streets')) {
    const seen = new Set<string>()
    for (const f of features('streets')) {
      const g = f.geometry
      const parts = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : []
      for (const coordinates of parts) {
        const key = `${String(f.properties.id)}|${coordinates[0]?.join()}`
        if (seen.has(key) || coordinates.length < 2) continue
        seen.add(key)
        held.streets.push({ type: 'Feature', geometry: { type: 'LineString', coordinates }, properties: f.properties as TileHeld['streets'][number]['properties'] })
      }
    }
  }

  if (shown('neighbourhoods')) {
    // Every piece of a neighbourhood, once (a piece is cut by its tile): together they cover what the loaded tiles show of it.
    const byId = new Map<string, { props: TileHeld['neighbourhoods'][number]['properties']; polygons: MultiPolygon['coordinates']; seen: Set<string> }>()
    for (const f of features('neighbourhoods')) {
      const id = String(f.properties.id)
      let entry = byId.get(id)
      if (!entry) {
        const props = { ...f.properties }
        delete props.label
        byId.set(id, (entry = { props: props as TileHeld['neighbourhoods'][number]['properties'], polygons: [], seen: new Set() }))
      }
      const g = f.geometry
      for (const polygon of g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : []) {
        const key = JSON.stringify(polygon[0]?.slice(0, 3))
        if (entry.seen.has(key)) continue
        entry.seen.add(key)
        entry.polygons.push(polygon)
      }
    }
    for (const { props, polygons } of byId.values()) {
      held.neighbourhoods.push({ type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: polygons }, properties: props })
    }
  }

  for (const id of ['assets', 'enterprises'] as const) {
    if (!shown(id)) continue
    const byId = new Map<string, Feature<GeoPoint, never>>()
    for (const f of features(id)) {
      if (f.geometry.type !== 'Point' || byId.has(String(f.properties.id))) continue
      byId.set(String(f.properties.id), { type: 'Feature', geometry: f.geometry, properties: fromTileProps(f.properties) })
    }
    held[id] = [...byId.values()]
  }

  if (shown('needs')) {
    const needs = new Map<string, TileHeld['needs'][number]>()
    const cells = new Map<string, NeedCell>()
    for (const f of features('needs')) {
      if (f.geometry.type !== 'Point') continue
      if (f.properties.count !== undefined) {
        const [lon, lat] = f.geometry.coordinates
        const id = cellId(f)
        cells.set(id, { id, lon, lat, count: Number(f.properties.count) })
      } else {
        needs.set(String(f.properties.id), { type: 'Feature', geometry: f.geometry, properties: fromTileProps(f.properties) })
      }
    }
    held.needs = [...needs.values()]
    held.cells = [...cells.values()]
  }
  return held
}
