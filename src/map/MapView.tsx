/**
 * The adapter: the only code that touches the MapLibre instance. It adds the layer
 * modules' sources and layers once on load, pushes data with setData (GeoJSON layers)
 * or tile URLs (the tiled layers: src/data/tiles.ts), toggles layer visibility, shows
 * hover and selection with feature-state (promoteId: 'id'), and reports the camera,
 * picks and what the tiles hold back through props. Everything else is data.
 */
import * as maplibregl from 'maplibre-gl'
import type { GeoJSONSource, MapGeoJSONFeature, VectorTileSource } from 'maplibre-gl'
import type { FeatureCollection, Point as GeoPoint } from 'geojson'
import 'maplibre-gl/dist/maplibre-gl.css'
// The worker as a file of our own (served from our origin), not a blob from elsewhere.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { createEffect, createMemo, createSignal, on, onCleanup, onMount } from 'solid-js'
import type { LayerSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec'
import type { BBox, Category, EnterpriseCollection, LayerData, LayerId } from '../data/types.ts'
import { LAYER_IDS } from '../data/types.ts'
import { getClientConfig, type ClientConfig } from '../data/supabase.ts'
import {
  emptyHeld, fromTileProtocol, isTiled, isTileRequest, mapTileTemplate, NEED_POINTS_ZOOM, TILES_SOURCE, tileHeaders, TOPIC_LAYERS, type TileHeld,
} from '../data/tiles.ts'
import { t } from '../i18n/en.ts'
import type { Camera, Selection } from '../state/urlState.ts'
import { MAX_ZOOM, MIN_ZOOM } from '../state/urlState.ts'
import { FONTS, glyphsUrl } from './fonts.ts'
import { images } from './icons.ts'
import {
  contextLayer, hypotheticalLayer, layerModules, locationLayer, mineLayer, moduleFor, resultsLayer, streetGapsLayer,
  streetsLayer,
} from './layers/index.ts'
import { cellId, holdsPoints, readHeld } from './layers/held.ts'
import { palette } from './layers/paint.ts'
import { groupOf, type LayerModule } from './layers/types.ts'
import { noShades, type ChoroplethStyle } from './layers/neighbourhoodChoropleth.ts'
import { highlightOpacity } from './layers/streets.ts'
import { noGaps, type GapStyle } from './layers/streetGaps.ts'
import { overlay } from './style.ts'
import { fetchViewAhead, onAskAgain, tilesArrived, tilesMissing } from './tileFetch.ts'
import './tileProtocol.ts'

maplibregl.setWorkerUrl(workerUrl)
// The worker starts now, as this chunk arrives (alongside the taxonomy), not when the map is made.
maplibregl.prewarm()

export interface MapApi {
  zoomIn(): void
  zoomOut(): void
  resetView(): void
  flyTo(lon: number, lat: number, zoom?: number): void
  /** Padding (pixels) keeps the bounds clear of panels over the map; maxZoom caps the zoom. */
  fitBounds(bbox: BBox, options?: { padding?: { top: number; right: number; bottom: number; left: number }; maxZoom?: number }): void
}

export interface LocationFix {
  lon: number
  lat: number
  accuracy: number
}

export interface MapViewProps {
  categories: Category[]
  data: LayerData
  visibleLayers: LayerId[]
  selected: Selection | null
  initialCamera: Camera
  /**
   * Where the map opens instead of initialCamera (the data's extent, clear of the panels):
   * made there, so its first tiles are the ones it shows, not those of a camera it then leaves.
   */
  openOn?: { bbox: BBox; padding: { top: number; right: number; bottom: number; left: number }; maxZoom: number } | null
  location: LocationFix | null
  /** A basemap style URL (VITE_BASEMAP_STYLE); our layers go on top of it. */
  basemap?: string
  onMove(camera: Camera, view: BBox): void
  onSelect(selection: Selection | null): void
  onReady(api: MapApi): void
  /** The map could not start (no WebGL) or its style failed. */
  onFailure(message: string): void
  /** The first time data is drawn on the map (for the benchmark and tests). */
  onDrawn?(): void
  /** Choosing a place (pinning a need): a click reports its point instead of picking. */
  picking?: boolean
  onPick?(lon: number, lat: number): void
  /** The resident's own marks (exact spots of their needs, the draft pin). */
  marks?: FeatureCollection
  /** The planner view's overlays (src/features/gaps); absent or empty, nothing is drawn. */
  overlays?: PlannerOverlays
  /** Context: water, woods, parks, railways and landmarks from the OSM file (public.map_context). */
  context?: FeatureCollection
  /** A street segment highlighted from outside the map (the planner's table row under the pointer). */
  highlight?: string | null
  /** The chosen topics (null: all): the needs tiles are asked for these, so cell counts match. */
  topics: string[] | null
  /** Bumped to ask for the tiles again (data changed, or the service worker now keeps them). */
  reload: number
  /** What the tiles hold, each time the map settles. */
  onHeld?(held: TileHeld): void
  /** The projects tab's results: drawn instead of the enterprises' tiles while set. */
  results?: EnterpriseCollection | null
}

export interface PlannerOverlays {
  /** Expressions on the streets' and neighbourhoods' tiles (src/map/layers/streetGaps.ts, neighbourhoodChoropleth.ts). */
  streetGaps: GapStyle
  choropleth: ChoroplethStyle
  /** A street's segments (the table row under the pointer lights them all). */
  segmentsOf(street: string): string[]
  hypothetical: FeatureCollection
}

/** If no pins are drawn by then (none in view, none at all), the rest of the map shows anyway. */
const DETAIL_AT_LATEST_MS = 10_000
/**
 * Besides the names: what the first view does without, and comes with them. Each layer
 * shown costs its layout in every tile and a draw in every frame, and a frame is 0.1–0.2 s
 * on a phone without a GPU; areas, the needs' dark halos (the rings read without them, a
 * little paler) and the lines a finger taps or a selection lights follow.
 */
const AFTER_FIRST_PINS = new Set(['needs-halo', 'neighbourhoods-fill', 'neighbourhoods-outline', 'streets-casing', 'streets-path', 'streets-hit', 'streets-highlight'])
/** Drawn only while the planner colours the map. */
const PLANNER_LAYERS = new Set([...streetGapsLayer.layers({ categories: [], fonts: FONTS }).map((l) => l.id), 'neighbourhood-choropleth-fill'])
const interactive = layerModules.flatMap((m) => m.interactiveLayers)
const moduleOfLayer = new Map(layerModules.flatMap((mod) => mod.layers({ categories: [], fonts: FONTS }).map((l) => [l.id, mod] as const)))

export default function MapView(props: MapViewProps) {
  let container!: HTMLDivElement
  let map: maplibregl.Map | undefined
  const [ready, setReady] = createSignal(false)
  // Names (streets, places, areas: the 'label' group) and AFTER_FIRST_PINS wait for the first
  // pins: the first view needs no glyphs and no label placement, and the rest follows a moment later.
  const [detailOn, setDetailOn] = createSignal(false)
  const planning = () => !!props.overlays && (props.overlays.streetGaps !== noGaps || props.overlays.choropleth !== noShades)
  const shown = (mod: LayerModule | undefined, layer: LayerSpecification): boolean => {
    if ((groupOf(layer) === 'label' || AFTER_FIRST_PINS.has(layer.id)) && !detailOn()) return false
    if (PLANNER_LAYERS.has(layer.id) && !planning()) return false
    return !mod?.id || layerOn(mod.id)
  }
  const layerOn = (id: LayerId): boolean => {
    // With no topic chosen the point layers are hidden (their tiles would hold every topic);
    // on the projects tab its results stand in for the enterprises.
    const noTopics = props.topics !== null && props.topics.length === 0
    const off = (TOPIC_LAYERS.includes(id) && noTopics) || (id === 'enterprises' && !!props.results)
    return props.visibleLayers.includes(id) && !off
  }

  let held: TileHeld = emptyHeld()
  const [heldNow, setHeldNow] = createSignal<TileHeld>(held)
  let config: ClientConfig | undefined
  const tiles = (): string => mapTileTemplate(config?.supabaseUrl ?? location.origin, props.topics)

  onMount(() => {
    // The tile URLs and their apikey come from the client config (asked for once, already in hand by now).
    // eslint-disable-next-line solid/reactivity -- the map starts once; its handlers read the current props on purpose
    void getClientConfig().then(start, (error: unknown) => {
      props.onFailure(t.status.mapUnavailable)
      console.error(error)
    })
  })
  onCleanup(() => map?.remove())

  const start = (cfg: ClientConfig) => {
    config = cfg
    const ctx = { categories: props.categories, fonts: FONTS, tileUrl: tiles() }
    // Added with their visibility set: setting it afterwards (from unset) would have every source parsed again.
    const ours = (fonts: typeof FONTS) => {
      const { sources, layers } = overlay({ ...ctx, fonts })
      return { sources, layers: layers.map((l): LayerSpecification => ({ ...l, layout: { ...l.layout, visibility: shown(moduleOfLayer.get(l.id), l) ? 'visible' : 'none' } })) }
    }
    // Our layers are in the style the map is made with (not added on 'load', after a first
    // frame): its first frame already asks for their tiles.
    const own: StyleSpecification | null = props.basemap ? null : (() => {
      const { sources, layers } = ours(FONTS)
      return {
        version: 8,
        glyphs: glyphsUrl(document.baseURI),
        sources,
        layers: [{ id: 'background', type: 'background', paint: { 'background-color': palette.sea } }, ...layers],
      }
    })()
    const cam = props.initialCamera
    try {
      map = new maplibregl.Map({
        container,
        style: own ?? props.basemap!,
        center: [cam.lon, cam.lat],
        zoom: cam.zoom,
        ...(props.openOn ? { bounds: props.openOn.bbox, fitBoundsOptions: { padding: props.openOn.padding, maxZoom: props.openOn.maxZoom } } : {}),
        bearing: cam.bearing,
        pitch: cam.pitch,
        minZoom: MIN_ZOOM,
        maxZoom: MAX_ZOOM,
        maxPitch: 60,
        // Our own attribution line credits the data; a basemap brings its own credits.
        attributionControl: props.basemap ? { compact: true } : false,
        fadeDuration: 150,
        // The style is our own code, validated by tests/unit/map-style.test.ts; not again on every load.
        validateStyle: false,
        // Our tiles need the anon key and the MVT media type; a basemap's requests go untouched.
        transformRequest: (url) => (isTileRequest(cfg.supabaseUrl, fromTileProtocol(url) ?? '') ? { url, headers: tileHeaders(cfg.anonKey) } : undefined),
      })
    } catch (error) {
      props.onFailure(t.status.mapUnavailable)
      console.error(error)
      return
    }
    const m = map
    // The first view's tiles are fetched now, while the worker is still taking the style in
    // (those asked for already, from the link's view, are on their way: src/map/firstTiles.ts).
    if (m.getPitch() === 0) {
      const b = m.getBounds()
      fetchViewAhead([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], m.getZoom(), tiles(), tileHeaders(cfg.anonKey))
    }
    m.getCanvas().setAttribute('aria-label', t.mapLabel)
    m.on('error', (e) => console.error('Map error:', e.error?.message ?? e))

    // 'style.load' comes before the first frame ('load' only after it, and after every first tile).
    // eslint-disable-next-line solid/reactivity -- map events fire later; the handler reads the current props on purpose
    m.once('style.load', () => {
      // The icons are in place before any tile is laid out (tiles are asked for in the first frame).
      for (const name of layerModules.flatMap((mod) => mod.images ?? [])) {
        if (!m.hasImage(name)) {
          const img = images[name]()
          m.addImage(name, { width: img.width, height: img.height, data: img.data }, { sdf: true, pixelRatio: img.pixelRatio })
        }
      }
      // On a basemap, ours go on top of its layers, in its fonts.
      if (!own) {
        const { sources, layers } = ours(basemapFonts(m))
        for (const [id, spec] of Object.entries(sources)) m.addSource(id, spec)
        for (const layer of layers) m.addLayer(layer)
      }
      // What the tiles were first asked for with (a reload asked for before this needs nothing more).
      tilesNow = urlFor(props.reload)
      setReady(true)
      // A map with no pins to draw still gets its names.
      const late = setTimeout(() => setDetailOn(true), DETAIL_AT_LATEST_MS)
      m.once('remove', () => clearTimeout(late))
      report()
    })

    const report = () => {
      const c = m.getCenter()
      const b = m.getBounds()
      props.onMove(
        { lon: c.lng, lat: c.lat, zoom: m.getZoom(), bearing: m.getBearing(), pitch: m.getPitch() },
        [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
      )
    }
    m.on('moveend', report)

    // What is drawn, per layer, once the map settles: read by the end-to-end tests and the
    // benchmark (a cheap query, run only when the map goes idle).
    // data-idle: "false" from a data change or a move until the map has drawn it.
    const busy = () => (container.dataset.idle = 'false')
    m.on('sourcedata', busy)
    m.on('movestart', busy)
    let drawnOnce = false
    // eslint-disable-next-line solid/reactivity -- map events fire later; the handler reads the current props on purpose
    m.on('idle', () => {
      // MapLibre may settle once on the tiles it had, re-laid, before the new URL's arrive.
      if (!ready() || (awaited && tilesArrived(awaited.template) <= awaited.before)) return
      awaited = null
      // "Drawn" the first time the map settles with points' data in it (drawn in view or not):
      // marked before the panels take in what the tiles hold (streets and areas too), which is not drawing.
      const firstDrawn = !drawnOnce && ((props.results?.features.length ?? 0) > 0 || holdsPoints(m, layerOn))
      if (firstDrawn) {
        drawnOnce = true
        props.onDrawn?.()
      }
      held = { ...readHeld(m, layerOn), partial: tilesMissing() }
      setHeldNow(held)
      props.onHeld?.(held)
      for (const id of ['streets', 'neighbourhoods', 'assets', 'enterprises'] as const) sourced[id] = held[id].map((f) => f.properties.id)
      if (props.results) sourced.enterprises = props.results.features.map((f) => f.properties.id)
      sourced.needs = [...held.needs.map((f) => f.properties.id), ...held.cells.map((c) => `cell:${c.id}`)]
      container.dataset.sourced = JSON.stringify(sourced)
      const drawn: Record<string, string[]> = {}
      for (const mod of layerModules) {
        if (!mod.id) continue
        const layers = [...mod.interactiveLayers, ...(mod.id === 'enterprises' ? resultsLayer.interactiveLayers : [])].filter((id) => m.getLayer(id))
        const ids = new Set<string>()
        for (const f of m.queryRenderedFeatures({ layers })) {
          ids.add(f.properties.count !== undefined ? `cell:${cellId(f)}` : String(f.properties.id))
        }
        drawn[mod.id] = [...ids]
      }
      const gapLayers = streetGapsLayer.interactiveLayers.filter((id) => m.getLayer(id))
      drawn.gaps = [...new Set(m.queryRenderedFeatures({ layers: gapLayers }).map((f) => String(f.properties.id)))]
      drawn.changed = [...new Set(m.queryRenderedFeatures({ layers: ['street-gaps-changed'] }).map((f) => String(f.properties.id)))]
      drawn.shading = [...new Set(m.queryRenderedFeatures({ layers: ['neighbourhood-choropleth-fill'] }).map((f) => String(f.properties.id)))]
      container.dataset.drawn = JSON.stringify(drawn)
      container.dataset.idle = 'true'
      if (firstDrawn) setDetailOn(true)
    })

    // Hover: feature-state on the top feature under the pointer.
    let hovered: { source: string; sourceLayer?: string; id: string | number } | null = null
    const setHover = (next: typeof hovered) => {
      if (hovered && (!next || hovered.source !== next.source || hovered.id !== next.id)) {
        m.setFeatureState(hovered, { hover: false })
      }
      if (next) m.setFeatureState(next, { hover: true })
      hovered = next
      m.getCanvas().style.cursor = props.picking ? 'crosshair' : next ? 'pointer' : ''
    }
    const pick = (point: maplibregl.Point): MapGeoJSONFeature | undefined => {
      // A few pixels of slack, so a finger finds a small pin.
      const r = 6
      const found = m.queryRenderedFeatures(
        [[point.x - r, point.y - r], [point.x + r, point.y + r]],
        { layers: interactive.filter((id) => m.getLayer(id)) },
      )
      // Points beat streets, streets beat neighbourhoods.
      const rank = (f: MapGeoJSONFeature) =>
        f.sourceLayer === 'neighbourhoods' ? 3 : f.sourceLayer === 'streets' ? 2 : 0
      return found.sort((a, b) => rank(a) - rank(b))[0]
    }
    // eslint-disable-next-line solid/reactivity -- map events fire later; the handler reads the current props on purpose
    m.on('mousemove', (e) => {
      if (!ready()) return
      const f = pick(e.point)
      setHover(f && f.id !== undefined && f.sourceLayer !== 'neighbourhoods' ? { source: f.source, sourceLayer: f.sourceLayer, id: f.id } : null)
    })
    m.getCanvas().addEventListener('mouseleave', () => setHover(null))
    // eslint-disable-next-line solid/reactivity -- map events fire later; the handler reads the current props on purpose
    m.on('click', (e) => {
      if (!ready()) return
      if (props.picking) return props.onPick?.(e.lngLat.lng, e.lngLat.lat)
      const f = pick(e.point)
      if (!f) return props.onSelect(null)
      if (f.sourceLayer === 'needs' && f.properties.count !== undefined) {
        // A cell: zoom in on it, to points once close enough.
        const [lon, lat] = (f.geometry as GeoPoint).coordinates
        const z = m.getZoom() + 2
        m.easeTo({ center: [lon, lat], zoom: z >= NEED_POINTS_ZOOM - 0.5 ? Math.max(z, NEED_POINTS_ZOOM + 0.2) : z })
        return
      }
      // A gap line is drawn on the streets' tiles: picking it selects the street.
      const layer = f.source === resultsLayer.sourceId ? 'enterprises' : (f.sourceLayer as LayerId | undefined)
      const id = f.properties.id as string | undefined
      if (!layer || !id) return
      const same = props.selected?.layer === layer && props.selected.id === id
      props.onSelect(same ? null : { layer, id })
    })

    const observer = new ResizeObserver(() => m.resize())
    observer.observe(container)
    m.once('remove', () => observer.disconnect())

    props.onReady({
      zoomIn: () => m.zoomIn(),
      zoomOut: () => m.zoomOut(),
      resetView: () => m.easeTo({ bearing: 0, pitch: 0 }),
      flyTo: (lon, lat, zoom) => m.flyTo({ center: [lon, lat], zoom: zoom ?? Math.max(m.getZoom(), 16), essential: true }),
      fitBounds: (b, o) => m.fitBounds(b, { padding: o?.padding ?? 64, maxZoom: o?.maxZoom ?? 17.5, essential: true }),
    })
  }

  // What each GeoJSON source holds (all start empty): an empty collection for an empty source is
  // not sent again (each setData is a round trip through the worker and another frame).
  const filled = new Set<string>()
  const put = (sourceId: string, collection: FeatureCollection) => {
    if (collection.features.length === 0 && !filled.has(sourceId)) return
    if (collection.features.length > 0) filled.add(sourceId)
    else filled.delete(sourceId)
    void map?.getSource<GeoJSONSource>(sourceId)?.setData(collection)
  }

  // Data: one setData per GeoJSON layer whose collection changed. data-sourced lists the ids
  // each source holds (drawn or not, in view or not; for tiles, what the loaded tiles hold):
  // read by the end-to-end tests.
  const sourced: Record<string, string[]> = {}
  for (const id of LAYER_IDS.filter((l) => !isTiled(l))) {
    createEffect(
      on([ready, () => props.data[id]], ([isReady, collection]) => {
        if (!isReady || !map) return
        const mod = moduleFor(id)
        put(mod.sourceId, collection)
        sourced[id] = collection.features.map((f) => String(f.properties?.id))
        container.dataset.sourced = JSON.stringify(sourced)
        if (mod.derived) put(mod.derived.sourceId, mod.derived.from(collection))
        applySelection(props.selected)
      }),
    )
  }

  const none: FeatureCollection = { type: 'FeatureCollection', features: [] }
  createEffect(on([ready, () => props.context ?? none], ([isReady, context]) => {
    if (!isReady || !map) return
    put(contextLayer.sourceId, context)
    // Kinds held, for the end-to-end tests: {"water": 12, "railway": 3, …}.
    const kinds: Record<string, number> = {}
    for (const f of context.features) kinds[String(f.properties?.kind)] = (kinds[String(f.properties?.kind)] ?? 0) + 1
    container.dataset.context = JSON.stringify(kinds)
  }))

  createEffect(on([ready, () => props.results ?? none], ([isReady, results]) => {
    if (!isReady || !map) return
    put(resultsLayer.sourceId, results)
    sourced.enterprises = results.features.map((f) => String(f.properties?.id))
    container.dataset.sourced = JSON.stringify(sourced)
    applySelection(props.selected)
  }))

  // The planner's overlays: the gap lines and shading as expressions on the streets' and
  // neighbourhoods' tiles (a filter or layout change re-lays the loaded tiles; later tiles
  // come with it), the hypothetical provider as GeoJSON.
  createEffect(on([ready, () => props.overlays?.streetGaps ?? noGaps], ([isReady, s]) => {
    if (!isReady || !map) return
    for (const id of ['street-gaps-casing', 'street-gaps-line']) {
      map.setFilter(id, s.filter)
      map.setLayoutProperty(id, 'line-sort-key', s.sortKey)
    }
    map.setPaintProperty('street-gaps-line', 'line-color', s.colour)
    map.setFilter('street-gaps-changed', s.changed)
  }))
  createEffect(on([ready, () => props.overlays?.choropleth ?? noShades], ([isReady, s]) => {
    if (!isReady || !map) return
    map.setFilter('neighbourhood-choropleth-fill', s.filter)
    map.setPaintProperty('neighbourhood-choropleth-fill', 'fill-color', s.colour)
  }))
  createEffect(on([ready, () => props.overlays?.hypothetical ?? none], ([isReady, collection]) => {
    if (isReady && map) put(hypotheticalLayer.sourceId, collection)
  }))
  // The table row under the pointer lights its street's segments (feature state holds for tiles not loaded yet).
  let highlighted: string[] = []
  createEffect(() => {
    const next = props.highlight ? props.overlays?.segmentsOf(props.highlight) ?? [] : []
    if (!ready() || !map) return
    const streets = { source: streetsLayer.sourceId, sourceLayer: 'streets' }
    for (const id of highlighted) map.setFeatureState({ ...streets, id }, { hover: false })
    for (const id of next) map.setFeatureState({ ...streets, id }, { hover: true })
    highlighted = next
  })

  // The tiles are asked for the chosen topics (the needs cells' counts are of those only);
  // with no topic chosen the point layers are simply hidden. On `reload` the tiles are asked
  // for again under a new fragment (#v<n>): MapLibre keeps what it fetched per URL
  // (refreshTiles and even a re-added source drew the old tiles), while the network, the
  // ETag (304 where nothing changed) and the service worker's cache ignore fragments.
  // Tiles that could not be fetched (answered with their old bytes, or empty) are asked for again.
  const [refetched, setRefetched] = createSignal(0)
  onCleanup(onAskAgain(() => setRefetched((n) => n + 1)))
  const urlFor = (reload: number) => tiles() + (reload + refetched() > 0 ? `#v${reload + refetched()}` : '')
  let tilesNow: string | null = null
  let awaited: { template: string; before: number } | null = null
  createEffect(() => {
    if (!ready() || !map) return
    const next = urlFor(props.reload)
    const was = tilesNow
    tilesNow = next
    if (!was || next === was) return
    const m = map
    const go = () => {
      // Still busy: the idle that ran this (deferred below) was not yet of these tiles.
      container.dataset.idle = 'false'
      // A layer changed in the same turn (a topic shows the point layers again) holds the
      // source's reloads until the next frame, and MapLibre then re-lays the tiles it has
      // instead of fetching the new URL's: set it once that frame has been drawn.
      m.once('render', () => {
        if (tilesNow !== next) return
        awaited = { template: next, before: tilesArrived(next) }
        m.getSource<VectorTileSource>(TILES_SOURCE)?.setTiles([next])
      })
      m.triggerRepaint()
    }
    // A tile still loading would only be parsed again from what it fetched: ask once it has come.
    if (m.isSourceLoaded(TILES_SOURCE)) go()
    else m.once('idle', go)
  })
  createEffect(() => {
    if (!ready() || !map) return
    for (const mod of layerModules) {
      for (const layer of mod.layers({ categories: [], fonts: FONTS })) {
        if (map.getLayer(layer.id)) map.setLayoutProperty(layer.id, 'visibility', shown(mod, layer) ? 'visible' : 'none')
      }
    }
  })

  // A street is highlighted whole: its street group (as people know it), in every tile, by a
  // style expression on group_id; the planner's gap lines mark the group's held segments.
  const selectedGroup = createMemo(() => {
    const sel = props.selected
    if (sel?.layer !== 'streets') return null
    // A segment's group, or the group itself (the planner selects streets by their group's id).
    const streets = heldNow().streets
    return streets.find((f) => f.properties.id === sel.id)?.properties.group_id ?? (streets.some((f) => f.properties.group_id === sel.id) ? sel.id : null)
  })
  createEffect(() => {
    const group = selectedGroup()
    if (ready() && map?.getLayer('streets-highlight')) map.setPaintProperty('streets-highlight', 'line-opacity', highlightOpacity(group))
  })
  let selectedNow: { targets: { source: string; sourceLayer?: string }[]; ids: string[] } | null = null
  const idsFor = (sel: Selection, group: string | null): string[] => {
    if (sel.layer !== 'streets' || !group) return [sel.id]
    return [...new Set([sel.id, ...heldNow().streets.filter((f) => f.properties.group_id === group).map((f) => f.properties.id)])]
  }
  const targetOf = (layer: LayerId) => {
    if (layer === 'enterprises' && props.results) return { source: resultsLayer.sourceId }
    const mod = moduleFor(layer)
    return mod.tiled ? { source: mod.sourceId, sourceLayer: layer } : { source: mod.sourceId }
  }
  const applySelection = (next: Selection | null) => {
    if (!map) return
    const mark = (on: boolean) => {
      if (!selectedNow || !map) return
      for (const target of selectedNow.targets) for (const id of selectedNow.ids) map.setFeatureState({ ...target, id }, { selected: on })
    }
    mark(false)
    // (The planner's gap lines are drawn on the streets' tiles: marked with them.)
    const targets = next ? [targetOf(next.layer)] : []
    selectedNow = next ? { targets, ids: idsFor(next, selectedGroup()) } : null
    mark(true)
  }
  createEffect(() => {
    const next = props.selected
    selectedGroup()
    if (ready()) applySelection(next)
  })

  createEffect(() => {
    if (!ready() || !map) return
    put(mineLayer.sourceId, props.marks ?? none)
    map.getCanvas().style.cursor = props.picking ? 'crosshair' : ''
  })

  createEffect(() => {
    if (!ready() || !map) return
    const fix = props.location
    put(locationLayer.sourceId, {
      type: 'FeatureCollection',
      features: fix
        ? [{
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [fix.lon, fix.lat] },
            properties: { accuracy: fix.accuracy, cos_lat: Math.cos((fix.lat * Math.PI) / 180) },
          }]
        : [],
    })
  })

  return <div ref={container} class="map-canvas" data-ready={ready() ? 'true' : 'false'} />
}

/** With a basemap, label with its own fonts: its glyph server has no DejaVu. */
function basemapFonts(m: maplibregl.Map): { regular: string[]; bold: string[] } {
  for (const layer of m.getStyle().layers) {
    const font = layer.type === 'symbol' ? layer.layout?.['text-font'] : undefined
    if (Array.isArray(font) && font.every((f) => typeof f === 'string')) {
      return { regular: font as string[], bold: font as string[] }
    }
  }
  return FONTS
}
