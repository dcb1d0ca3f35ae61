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
export type Tab = 'key' | 'list' | 'projects'
export type Mode = 'map' | 'gaps'
/** The planner view's filters (mode=gaps): catchment R, one topic, one neighbourhood, the choropleth's measure. */
export interface PlannerUrl {
  radius: number
  category: string | null
  neighbourhood: string | null
  shade: 'coverage' | 'demand'
}
export const PLANNER_RADII = [200, 400, 800]
export const defaultPlanner: PlannerUrl = { radius: 400, category: null, neighbourhood: null, shade: 'coverage' }

export interface UrlState {
  camera: Camera
  layers: LayerId[]
  /** null: every topic; []: none. */
  topics: string[] | null
  selected: Selection | null
  tab: Tab
  /** Absent: the map. 'gaps': the planner view, with its filters in `planner`. */
  mode?: Mode
  planner?: PlannerUrl
}

// A county (all of Rutland) fits a phone at about 9, a desktop map at about 10.
export const MIN_ZOOM = 9
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
  const tabParam = params.get('tab')
  const tab: Tab = tabParam === 'list' || tabParam === 'projects' ? tabParam : defaults.tab
  const state: UrlState = { camera: parseCamera(params.get('map'), defaults.camera), layers, topics, selected, tab }
  if (params.get('mode') === 'gaps') {
    const r = Number(params.get('r'))
    const cat = params.get('cat')
    const nb = params.get('nb')
    state.mode = 'gaps'
    state.planner = {
      radius: PLANNER_RADII.includes(r) ? r : defaultPlanner.radius,
      category: cat && SLUG.test(cat) ? cat : null,
      neighbourhood: nb && ID.test(nb) ? nb : null,
      shade: params.get('shade') === 'demand' ? 'demand' : 'coverage',
    }
  }
  return state
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
  if (state.mode === 'gaps') {
    const p = state.planner ?? defaultPlanner
    params.set('mode', 'gaps')
    if (p.radius !== defaultPlanner.radius) params.set('r', String(p.radius))
    if (p.category) params.set('cat', p.category)
    if (p.neighbourhood) params.set('nb', p.neighbourhood)
    if (p.shade !== defaultPlanner.shade) params.set('shade', p.shade)
  }
  // Commas and slashes read better unescaped, and are safe in a query string.
  return '?' + params.toString().replace(/%2C/g, ',').replace(/%2F/g, '/')
}
