/**
 * What a link carries: map position, layers shown, topic filter, the selected feature
 * and the open tab. Pure parse and serialise, so a link reopens the same view and the
 * round trip is testable. Unknown or malformed parts fall back to the defaults.
 *
 * ?map=15.5/54.10012/-3.40020/30/0&layers=streets,assets&topics=food,youth&sel=assets/<id>&tab=list
 */
import { LAYER_IDS, type LayerId } from '../data/types.ts'

export interface Camera {
  lon: number
  lat: number
  zoom: number
  bearing: number
  pitch: number
}
export interface Selection {
  layer: LayerId
  id: string
}
export type Tab = 'key' | 'list'

export interface UrlState {
  camera: Camera
  layers: LayerId[]
  /** null: every topic; []: none. */
  topics: string[] | null
  selected: Selection | null
  tab: Tab
}

export const MIN_ZOOM = 11
export const MAX_ZOOM = 19

/** The demo town's centre; a deployment's own town is found by the first search or link. */
export const defaultState: UrlState = {
  camera: { lon: -3.4, lat: 54.1, zoom: 14, bearing: 0, pitch: 0 },
  layers: [...LAYER_IDS],
  topics: null,
  selected: null,
  tab: 'key',
}

const SLUG = /^[a-z][a-z-]{1,30}$/
const ID = /^[0-9a-zA-Z-]{1,64}$/

const round = (v: number, digits: number) => Number(v.toFixed(digits))

function parseCamera(value: string | null, fallback: Camera): Camera {
  if (!value) return fallback
  const parts = value.split('/').map(Number)
  const [zoom, lat, lon, bearing = 0, pitch = 0] = parts
  if (parts.length < 3 || parts.length > 5 || !parts.every(Number.isFinite)) return fallback
  if (lat < -85 || lat > 85 || lon < -180 || lon > 180) return fallback
  return {
    zoom: round(Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom)), 2),
    lat: round(lat, 5),
    lon: round(lon, 5),
    bearing: round((((bearing % 360) + 540) % 360) - 180, 1),
    pitch: round(Math.min(60, Math.max(0, pitch)), 0),
  }
}

export function parseUrlState(search: string, defaults: UrlState = defaultState): UrlState {
  const params = new URLSearchParams(search)
  const layersParam = params.get('layers')
  const layers =
    layersParam === null
      ? [...defaults.layers]
      : LAYER_IDS.filter((id) => layersParam.split(',').includes(id))
  const topicsParam = params.get('topics')
  let topics: string[] | null = defaults.topics
  if (topicsParam === 'none') topics = []
  else if (topicsParam) {
    const slugs = [...new Set(topicsParam.split(',').filter((s) => SLUG.test(s)))]
    topics = slugs.length > 0 ? slugs.sort() : defaults.topics
  }
  let selected: Selection | null = null
  const sel = params.get('sel')
  if (sel) {
    const [layer, id, ...rest] = sel.split('/')
    if (rest.length === 0 && (LAYER_IDS as readonly string[]).includes(layer) && ID.test(id ?? '')) {
      selected = { layer: layer as LayerId, id }
    }
  }
  const tab: Tab = params.get('tab') === 'list' ? 'list' : defaults.tab
  return { camera: parseCamera(params.get('map'), defaults.camera), layers, topics, selected, tab }
}

export function serialiseUrlState(state: UrlState, defaults: UrlState = defaultState): string {
  const params = new URLSearchParams()
  const c = state.camera
  const cam = [c.zoom.toFixed(2), c.lat.toFixed(5), c.lon.toFixed(5)]
  if (round(c.bearing, 1) !== 0 || round(c.pitch, 0) !== 0) cam.push(String(round(c.bearing, 1)), String(round(c.pitch, 0)))
  params.set('map', cam.map((v) => (v.includes('.') ? v.replace(/\.?0+$/, '') : v) || '0').join('/'))
  const layers = LAYER_IDS.filter((id) => state.layers.includes(id))
  if (layers.join(',') !== LAYER_IDS.filter((id) => defaults.layers.includes(id)).join(',')) {
    params.set('layers', layers.join(','))
  }
  if (state.topics !== null) params.set('topics', state.topics.length === 0 ? 'none' : [...state.topics].sort().join(','))
  if (state.selected) params.set('sel', `${state.selected.layer}/${state.selected.id}`)
  if (state.tab !== defaults.tab) params.set('tab', state.tab)
  // Commas and slashes read better unescaped, and are safe in a query string.
  return '?' + params.toString().replace(/%2C/g, ',').replace(/%2F/g, '/')
}
