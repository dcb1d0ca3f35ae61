/**
 * Map layers as vector tiles: public.map_tile(layer, z, x, y, categories) called through
 * PostgREST's GET /rest/v1/rpc/map_tile, from hosted Supabase and from the embedded
 * backend alike. The map asks for all its tiled layers in one tile (layer=a,b,c: one
 * source-layer per layer, as if their single tiles were put end to end), so a view costs
 * one request and one parse per tile, not one per layer. The answer is raw MVT bytes
 * (the media type below). Tiles are public: read with the anon key alone, so the service
 * worker may keep them (src/pwa/publicReads.ts) for opening the last map offline.
 */
import type { SourceSpecification } from '@maplibre/maplibre-gl-style-spec'
import type { Feature, LineString, MultiPolygon, Point } from 'geojson'
import { mercatorX, mercatorY } from '../geo/mercator.ts'
import type { AssetProps, BBox, EnterpriseProps, LayerId, NeedProps, NeighbourhoodProps, StreetProps } from './types.ts'

export const TILE_MEDIA_TYPE = 'application/vnd.mapbox-vector-tile'
/** The layers drawn from tiles: all of them (the planner colours these tiles; its what-if reads its own data). */
export const TILED_LAYERS: readonly LayerId[] = ['neighbourhoods', 'streets', 'assets', 'enterprises', 'needs']
/** The tiled layers the chosen topics filter (categories in the tile URL), so what they hold (and the legend's counts) follows the filter. */
export const TOPIC_LAYERS: readonly LayerId[] = ['assets', 'enterprises', 'needs']
export const isTiled = (id: LayerId) => TILED_LAYERS.includes(id)
/** What the map's tiles carry: the tiled layers, and the place names (context, drawn after the first pins). */
export const TILE_LAYERS = [...TILED_LAYERS, 'places'] as const
/** Below this zoom the needs layer holds counts per cell, not points (the server aggregates). */
export const NEED_POINTS_ZOOM = 14
/** The deepest tiles asked for; MapLibre over-zooms them beyond (z14 tiles hold every vertex to ~0.6 m). */
export const TILE_MAX_ZOOM = 14

/** The one vector source of every tiled layer (each reads the source-layer named after it). */
export const TILES_SOURCE = 'sl-tiles'
export const tiledSource: SourceSpecification = {
  type: 'vector',
  tiles: [`/rest/v1/rpc/map_tile?layer=${TILE_LAYERS.join(',')}&z={z}&x={x}&y={y}`],
  maxzoom: TILE_MAX_ZOOM,
  promoteId: 'id',
}

const endpoint = (supabaseUrl: string) => `${supabaseUrl.replace(/\/$/, '')}/rest/v1/rpc/map_tile`

/**
 * The tile URL template of TILE_LAYERS; categories (a Postgres array literal, sorted)
 * only when some are chosen: they filter the topic layers alone.
 */
export function tileUrl(supabaseUrl: string, categories: string[] | null = null): string {
  const cats = categories && categories.length > 0 ? `&categories=${encodeURIComponent(`{${[...categories].sort().join(',')}}`)}` : ''
  return `${endpoint(supabaseUrl)}?layer=${TILE_LAYERS.join(',')}&z={z}&x={x}&y={y}${cats}`
}

/**
 * The map asks for our tiles through this protocol (sltile://<the real URL>), whose handler
 * fetches them on the page's own thread: a MapLibre worker started before the service worker
 * took the page is not under it, and its tiles would never be kept for offline use.
 */
export const TILE_PROTOCOL = 'sltile'
export const viaTileProtocol = (url: string) => `${TILE_PROTOCOL}://${url}`
export const fromTileProtocol = (url: string) => (url.startsWith(`${TILE_PROTOCOL}://`) ? url.slice(TILE_PROTOCOL.length + 3) : null)
/** The template the map's source asks for, through the protocol: one spelling, so tiles fetched ahead are the ones it asks for. */
export const mapTileTemplate = (supabaseUrl: string, topics: string[] | null) => viaTileProtocol(tileUrl(supabaseUrl, topics))

/** True for our tile URLs (and nothing else: a basemap's tiles get no apikey). */
export const isTileRequest = (supabaseUrl: string, url: string) => url.startsWith(`${endpoint(supabaseUrl)}?`)

/** The headers PostgREST needs to answer a tile: the anon key, and the MVT media type. */
export const tileHeaders = (anonKey: string) => ({ apikey: anonKey, Accept: TILE_MEDIA_TYPE })

/** A tile address (z/x/y, XYZ scheme). */
export interface TileId {
  z: number
  x: number
  y: number
}

/**
 * The tiles of our source a north-up, flat view of bbox at zoom is drawn from, as MapLibre
 * picks them for a vector source of 512-pixel tiles (floor of the zoom, at most
 * TILE_MAX_ZOOM, over-zoomed beyond).
 * Example: tilesCovering([-3.41, 54.09, -3.39, 54.11], 15) → the four z14 tiles around 54.1 N, 3.4 W
 */
export function tilesCovering([west, south, east, north]: BBox, zoom: number): TileId[] {
  const z = Math.max(0, Math.min(TILE_MAX_ZOOM, Math.floor(zoom)))
  const n = 2 ** z
  const clamp = (v: number) => Math.max(0, Math.min(n - 1, Math.floor(v)))
  const column = (lon: number) => clamp(mercatorX(lon) * n)
  const row = (lat: number) => clamp(mercatorY(Math.max(-85.0511, Math.min(85.0511, lat))) * n)
  const out: TileId[] = []
  for (let x = column(west); x <= column(east); x++) {
    for (let y = row(north); y <= row(south); y++) out.push({ z, x, y })
  }
  return out
}

/** A URL template's tile: tileAt('…z={z}&x={x}&y={y}', { z: 14, x: 1, y: 2 }) → '…z=14&x=1&y=2'. */
export const tileAt = (template: string, { z, x, y }: TileId) =>
  template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y))

/** One cell of the needs layer below NEED_POINTS_ZOOM: how many needs (of the chosen topics) it holds. */
export interface NeedCell {
  id: string
  lon: number
  lat: number
  count: number
}

/**
 * What the tiled layers' loaded tiles hold (deduplicated; a street may come in pieces, one
 * per tile; a neighbourhood is the union of its pieces, as far as the loaded tiles reach).
 */
export interface TileHeld {
  streets: Feature<LineString, StreetProps & { group_id: string | null }>[]
  neighbourhoods: Feature<MultiPolygon, NeighbourhoodProps>[]
  assets: Feature<Point, AssetProps>[]
  enterprises: Feature<Point, EnterpriseProps>[]
  needs: Feature<Point, NeedProps>[]
  /** Below NEED_POINTS_ZOOM: the server's counts per cell, instead of points. */
  cells: NeedCell[]
  /** Some tile could not be fetched and had nothing to show: the map holds less than its view. */
  partial: boolean
}


export const emptyHeld = (): TileHeld => ({ streets: [], neighbourhoods: [], assets: [], enterprises: [], needs: [], cells: [], partial: false })

/**
 * A tile feature's properties as the GeoJSON layers had them: a tile carries categories as
 * one comma-separated string (MVT has no arrays) and leaves out what is null.
 * Example: fromTileProps({ id: 'a', categories: 'food,youth' }) → { id: 'a', categories: ['food', 'youth'] }
 */
export function fromTileProps<P>(properties: Record<string, unknown>): P {
  const out: Record<string, unknown> = { ...properties }
  if (typeof out.categories === 'string') out.categories = out.categories === '' ? [] : out.categories.split(',')
  return out as P
}
