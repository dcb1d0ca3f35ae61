/**
 * Typed wrappers for the map layer functions: each returns the features in a bounding
 * box as a GeoJSON FeatureCollection that says whether the server's cap cut it short.
 */
import { callRpc } from './rpc.ts'
import type {
  AssetCollection, BBox, EnterpriseCollection, LayerData, LayerId, NeedCollection,
  NeighbourhoodCollection, StreetCollection,
} from './types.ts'

/** Map layers are public: read as anon, so the service worker may keep the last map seen. */
const pub = { public: true }
const box = ([min_lon, min_lat, max_lon, max_lat]: BBox) => ({ min_lon, min_lat, max_lon, max_lat })
/** null (all categories) is left out, so the function's default applies. */
const cats = (categories: string[] | null) => (categories ? { categories } : {})

export const mapStreets = (bbox: BBox, signal?: AbortSignal) =>
  callRpc<StreetCollection>('map_streets', box(bbox), signal, pub)

export const mapNeighbourhoods = (bbox: BBox, signal?: AbortSignal) =>
  callRpc<NeighbourhoodCollection>('map_neighbourhoods', box(bbox), signal, pub)

export const mapAssets = (bbox: BBox, categories: string[] | null, signal?: AbortSignal) =>
  callRpc<AssetCollection>('map_assets', { ...box(bbox), ...cats(categories) }, signal, pub)

export const mapEnterprises = (bbox: BBox, categories: string[] | null, signal?: AbortSignal) =>
  callRpc<EnterpriseCollection>('map_enterprises', { ...box(bbox), ...cats(categories) }, signal, pub)

/** Unmet needs (open, acknowledged, adopted) at their public street-level points. */
export const mapNeeds = (bbox: BBox, categories: string[] | null, signal?: AbortSignal) =>
  callRpc<NeedCollection>('map_needs', { ...box(bbox), ...cats(categories) }, signal, pub)

/** One loader per layer, for code that handles layers generically. */
export const layerLoaders: {
  [K in LayerId]: (bbox: BBox, categories: string[] | null, signal?: AbortSignal) => Promise<LayerData[K]>
} = {
  streets: (bbox, _c, signal) => mapStreets(bbox, signal),
  neighbourhoods: (bbox, _c, signal) => mapNeighbourhoods(bbox, signal),
  assets: mapAssets,
  enterprises: mapEnterprises,
  needs: mapNeeds,
}
