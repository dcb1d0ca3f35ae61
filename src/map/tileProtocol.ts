/**
 * MapLibre's tiles of our source come through this protocol (TILE_PROTOCOL): fetched on the
 * page's thread by src/map/tileFetch.ts, which shares, falls back and fetches ahead.
 */
import * as maplibregl from 'maplibre-gl'
import { TILE_PROTOCOL } from '../data/tiles.ts'
import { askTile } from './tileFetch.ts'

maplibregl.addProtocol(TILE_PROTOCOL, async (params, abort) => ({
  data: await askTile(params.url, params.headers as HeadersInit, abort.signal),
}))
