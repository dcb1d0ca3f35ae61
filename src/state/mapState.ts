/**
 * The map screen's state: camera, view box, layers, topics, selection and tab. It is
 * read from the URL once and written back to it (replaceState), so a link reopens
 * the same view. Layer data and the chosen topics live here too, composed in one place.
 */
import { createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js'
import { LAYER_IDS, type BBox, type LayerId } from '../data/types.ts'
import { cameraInLink, guessView } from './mapArea.ts'
import { debounce } from '../lib/debounce.ts'
import { shownData } from './filter.ts'
import { createMapData } from './mapData.ts'
import { emptyHeld, type TileHeld } from '../data/tiles.ts'
import {
  defaultPlanner, parseUrlState, serialiseUrlState, type Camera, type Mode, type PlannerUrl, type Selection, type Tab, type UrlState,
} from './urlState.ts'

export function createMapState(search = location.search) {
  const initial = parseUrlState(search)
  const [camera, setCamera] = createSignal<Camera>(initial.camera)
  // Before the map library arrives, guess the view from the layout, so data and tiles load in parallel.
  const [view, setView] = createSignal<BBox | null>(guessView(initial.camera))
  const [layers, setLayers] = createSignal<LayerId[]>(initial.layers)
  const [topics, setTopics] = createSignal<string[] | null>(initial.topics)
  const [selected, setSelected] = createSignal<Selection | null>(initial.selected)
  const [tab, setTab] = createSignal<Tab>(initial.tab)
  const [mode, setMode] = createSignal<Mode>(initial.mode ?? 'map')
  const [planner, setPlanner] = createSignal<PlannerUrl>(initial.planner ?? defaultPlanner)

  // The planner view scores gaps from every layer and every topic, whatever the map key shows.
  const gaps = () => mode() === 'gaps'
  // What the map's tiles hold (streets, needs), reported by the map each time it settles.
  const [held, setHeld] = createSignal<TileHeld>(emptyHeld(), { equals: sameHeld })
  const heldData = createMemo(() => {
    const h = held()
    const of = <F,>(features: F[]) => ({ type: 'FeatureCollection' as const, features, truncated: false })
    return { streets: of(h.streets), neighbourhoods: of(h.neighbourhoods), assets: of(h.assets), enterprises: of(h.enterprises), needs: of(h.needs) }
  })
  const loaded = createMapData({
    view, layers: () => (gaps() ? [...LAYER_IDS] : layers()), topics: () => (gaps() ? null : topics()), held: heldData, partial: () => held().partial,
  })
  const shown = createMemo(() => shownData(loaded.data(), topics()))

  const urlState = (): UrlState => ({
    camera: camera(), layers: layers(), topics: topics(), selected: selected(), tab: tab(), mode: mode(), planner: planner(),
  })
  const writeUrl = debounce((state: UrlState) => {
    const next = serialiseUrlState(state)
    if (next !== location.search) history.replaceState(history.state, '', next + location.hash)
  }, 200)
  createEffect(on(urlState, (state) => writeUrl(state), { defer: true }))
  onCleanup(writeUrl.flush)

  const toggleLayer = (id: LayerId, on: boolean) =>
    setLayers((now) => (on ? [...new Set([...now, id])] : now.filter((l) => l !== id)))

  return {
    initial,
    cameraInLink: cameraInLink(search),
    camera,
    setCamera,
    view,
    setView,
    layers,
    toggleLayer,
    topics,
    setTopics,
    selected,
    setSelected,
    tab,
    setTab,
    /** 'gaps': the planner view (src/features/gaps), with its filters. */
    mode,
    setMode,
    planner,
    setPlanner,
    /** What is loaded for the view, before the topic filter (for tiled layers: what the tiles hold). */
    loaded,
    /** The tiles' content: MapView reports it; needs cells (below z14) are read from here. */
    held,
    setHeld,
    /** What the map, legend and list show: loaded data with the topic filter applied. */
    shown,
  }
}

/** Same content (ids, and what the panels show of them): no new data, so no recomputing everything that reads it. */
function sameHeld(a: TileHeld, b: TileHeld): boolean {
  const key = (h: TileHeld) =>
    `${h.partial}|${h.streets.length}|${h.streets.map((f) => f.properties.id).join()}|${h.needs.map((f) => `${f.properties.id}:${f.properties.supporters}:${f.properties.status}`).join()}|${h.cells.map((c) => `${c.id}:${c.count}`).join()}` +
    `|${h.neighbourhoods.map((f) => `${f.properties.id}:${f.geometry.coordinates.length}`).join()}|${[...h.assets, ...h.enterprises].map((f) => JSON.stringify(f.properties)).join()}`
  return a === b || key(a) === key(b)
}

export type MapState = ReturnType<typeof createMapState>
