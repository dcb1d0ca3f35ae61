/**
 * The tiles of a view given in the link, asked for as soon as the client config is known:
 * alongside the taxonomy, before the map's code and the map itself (whose asks, once it
 * is made, take them). Flat, north-up views only; the map's own bounds cover the rest.
 */
import { getClientConfig } from '../data/supabase.ts'
import { mapTileTemplate, tileHeaders } from '../data/tiles.ts'
import type { BBox } from '../data/types.ts'
import type { Camera } from '../state/urlState.ts'
import { fetchViewAhead } from './tileFetch.ts'

export function fetchFirstTiles(camera: Camera, view: BBox, topics: string[] | null) {
  if (camera.pitch !== 0 || camera.bearing !== 0) return
  getClientConfig().then(
    (cfg) => fetchViewAhead(view, camera.zoom, mapTileTemplate(cfg.supabaseUrl, topics), tileHeaders(cfg.anonKey)),
    () => {}, // the map reports a config it cannot get
  )
}
