/** The served area's extent (public.area_extent): where the map opens when the link names no position. */
import { callRpc } from './rpc.ts'
import type { FeatureCollection } from 'geojson'
import type { BBox } from './types.ts'

/** [west, south, east, north] of the whole served area, or of one neighbourhood; null when there is no data. */
export const fetchAreaExtent = (neighbourhood: string | null = null, signal?: AbortSignal) =>
  callRpc<BBox | null>('area_extent', neighbourhood ? { neighbourhood } : {}, signal)

/** Water, woods, parks, railways and landmarks in a box, simplified for the zoom (public.map_context). */
export const fetchContext = (bbox: BBox, zoom: number, signal?: AbortSignal) =>
  callRpc<FeatureCollection>('map_context', { min_lon: bbox[0], min_lat: bbox[1], max_lon: bbox[2], max_lat: bbox[3], zoom }, signal, { public: true })
