/**
 * What the planner's what-if needs around a hypothetical provider, read page by page from
 * public.map_layer_page (never cut short, whatever the map has loaded):
 *   - the street segments within R of it (a bounding box of R around it holds them all);
 *   - the needs on those streets and within R of it, and the providers within R of any of
 *     those streets or needs: all inside the streets' extent and that box, grown by R.
 * With these the what-if's changes (src/geo/whatIf.ts) are the same as on the whole town.
 */
import type { Feature, LineString, Position } from 'geojson'
import { callRpc } from './rpc.ts'
import type { AssetCollection, BBox, EnterpriseCollection, LayerData, LayerId, NeedCollection, StreetCollection } from './types.ts'

/** The largest page the function gives. */
const PAGE_SIZE = 5000
/** Metres per degree of latitude (a sphere of the mean radius, as the gap model uses), with room to spare. */
const M_PER_DEG = 111_195
const SLACK = 1.05

/** One page of public.map_layer_page: its features, and the id to go on after (null: the last). */
export interface LayerPage {
  features: unknown[]
  next: string | null
}
/** Asks for one page (the app's supabase client by default; a test passes its own). */
export type PageCall = (args: Record<string, unknown>, signal?: AbortSignal) => Promise<LayerPage>
const rpcPage: PageCall = (args, signal) => callRpc<LayerPage>('map_layer_page', args, signal, { public: true })

/** Every feature of a layer in a box, page after page. */
export async function layerInBox<K extends LayerId>(
  layer: K, bbox: BBox, signal?: AbortSignal, call: PageCall = rpcPage, pageSize = PAGE_SIZE,
): Promise<LayerData[K]> {
  const [min_lon, min_lat, max_lon, max_lat] = bbox
  const features: unknown[] = []
  let after: string | null = null
  do {
    const page: LayerPage = await call({ layer, min_lon, min_lat, max_lon, max_lat, after, page_size: pageSize }, signal)
    features.push(...page.features)
    after = page.next
  } while (after)
  return { type: 'FeatureCollection', features, truncated: false } as unknown as LayerData[K]
}

/** A box grown by `metres` on every side (longitude degrees shrink with latitude). */
export function growBy([w, s, e, n]: BBox, metres: number): BBox {
  const dLat = (metres * SLACK) / M_PER_DEG
  const cos = Math.cos((Math.max(Math.abs(s), Math.abs(n)) * Math.PI) / 180)
  const dLon = (metres * SLACK) / (M_PER_DEG * Math.max(cos, 0.01))
  return [w - dLon, s - dLat, e + dLon, n + dLat]
}

/** The box of some lines and a box. */
export function extentOf(lines: readonly Feature<LineString>[], start: BBox): BBox {
  const b: BBox = [...start]
  const add = ([x, y]: Position) => {
    b[0] = Math.min(b[0], x)
    b[1] = Math.min(b[1], y)
    b[2] = Math.max(b[2], x)
    b[3] = Math.max(b[3], y)
  }
  for (const f of lines) for (const p of f.geometry.coordinates) add(p)
  return b
}

export interface WhatIfInputs {
  streets: StreetCollection
  needs: NeedCollection
  assets: AssetCollection
  enterprises: EnterpriseCollection
}

export async function whatIfInputs(
  lon: number, lat: number, radiusM: number, signal?: AbortSignal, call: PageCall = rpcPage, pageSize = PAGE_SIZE,
): Promise<WhatIfInputs> {
  const near = growBy([lon, lat, lon, lat], radiusM)
  const streets = await layerInBox('streets', near, signal, call, pageSize)
  const around = growBy(extentOf(streets.features, near), radiusM)
  const [needs, assets, enterprises] = await Promise.all([
    layerInBox('needs', around, signal, call, pageSize),
    layerInBox('assets', around, signal, call, pageSize),
    layerInBox('enterprises', around, signal, call, pageSize),
  ])
  return { streets, needs, assets, enterprises }
}
