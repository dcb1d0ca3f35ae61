/**
 * The adapter: the only code that touches the MapLibre instance. It adds the layer
 * modules' sources and layers once on load, pushes data with setData, toggles layer
 * visibility, shows hover and selection with feature-state (promoteId: 'id'), and
 * reports the camera and picks back through props. Everything else is data.
 */
import * as maplibregl from 'maplibre-gl'
import type { GeoJSONSource, MapGeoJSONFeature } from 'maplibre-gl'
import type { FeatureCollection, Point as GeoPoint } from 'geojson'
import 'maplibre-gl/dist/maplibre-gl.css'
// The worker as a file of our own (served from our origin), not a blob from elsewhere.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { createEffect, createSignal, on, onCleanup, onMount } from 'solid-js'
import type { StyleSpecification } from '@maplibre/maplibre-gl-style-spec'
import type { BBox, Category, LayerData, LayerId } from '../data/types.ts'
import { LAYER_IDS } from '../data/types.ts'
import { t } from '../i18n/en.ts'
import type { Camera, Selection } from '../state/urlState.ts'
import { MAX_ZOOM, MIN_ZOOM } from '../state/urlState.ts'
import { FONTS, glyphsUrl } from './fonts.ts'
import { images } from './icons.ts'
import {
  contextLayer, hypotheticalLayer, layerModules, locationLayer, mineLayer, moduleFor, neighbourhoodChoroplethLayer, placesLayer, streetGapsLayer,
} from './layers/index.ts'
import { palette } from './layers/paint.ts'
import { overlay } from './style.ts'

maplibregl.setWorkerUrl(workerUrl)

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
  /** Context: place names from the imported OSM file (public.map_places). */
  places?: FeatureCollection
  /** Context: water, woods, parks, railways and landmarks from the OSM file (public.map_context). */
  context?: FeatureCollection
  /** A street segment highlighted from outside the map (the planner's table row under the pointer). */
  highlight?: string | null
}

export interface PlannerOverlays {
  streetGaps: FeatureCollection
  choropleth: FeatureCollection
  hypothetical: FeatureCollection
}

const interactive = layerModules.flatMap((m) => m.interactiveLayers)
const layerOfSource = new Map(layerModules.filter((m) => m.id).map((m) => [m.sourceId, m.id as LayerId]))

export default function MapView(props: MapViewProps) {
  let container!: HTMLDivElement
  let map: maplibregl.Map | undefined
  const [ready, setReady] = createSignal(false)

  onMount(() => {
    const ctx = { categories: props.categories, fonts: FONTS }
    const own: StyleSpecification = {
      version: 8,
      glyphs: glyphsUrl(document.baseURI),
      sources: {},
      layers: [{ id: 'background', type: 'background', paint: { 'background-color': palette.sea } }],
    }
    const cam = props.initialCamera
    try {
      map = new maplibregl.Map({
        container,
        style: props.basemap ?? own,
        center: [cam.lon, cam.lat],
        zoom: cam.zoom,
        bearing: cam.bearing,
        pitch: cam.pitch,
        minZoom: MIN_ZOOM,
        maxZoom: MAX_ZOOM,
        maxPitch: 60,
        // Our own attribution line credits the data; a basemap brings its own credits.
        attributionControl: props.basemap ? { compact: true } : false,
        fadeDuration: 150,
      })
    } catch (error) {
      props.onFailure(t.status.mapUnavailable)
      console.error(error)
      return
    }
    const m = map
    m.getCanvas().setAttribute('aria-label', t.mapLabel)
    m.on('error', (e) => console.error('Map error:', e.error?.message ?? e))

    // eslint-disable-next-line solid/reactivity -- map events fire later; the handler reads the current props on purpose
    m.on('load', () => {
      for (const name of layerModules.flatMap((mod) => mod.images ?? [])) {
        if (!m.hasImage(name)) {
          const img = images[name]()
          m.addImage(name, { width: img.width, height: img.height, data: img.data }, { sdf: true, pixelRatio: img.pixelRatio })
        }
      }
      const fonts = props.basemap ? basemapFonts(m) : FONTS
      const { sources, layers } = overlay({ ...ctx, fonts })
      for (const [id, spec] of Object.entries(sources)) m.addSource(id, spec)
      for (const layer of layers) m.addLayer(layer)
      setReady(true)
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
    // eslint-disable-next-line solid/reactivity -- map events fire later; the handler reads the current props on purpose
    m.on('idle', () => {
      if (!ready()) return
      const drawn: Record<string, string[]> = {}
      for (const mod of layerModules) {
        if (!mod.id) continue
        const layers = mod.interactiveLayers.filter((id) => m.getLayer(id))
        const ids = new Set<string>()
        for (const f of m.queryRenderedFeatures({ layers })) {
          ids.add(f.properties.cluster ? `cluster:${f.properties.cluster_id}` : String(f.properties.id))
        }
        drawn[mod.id] = [...ids]
      }
      const gapLayers = streetGapsLayer.interactiveLayers.filter((id) => m.getLayer(id))
      drawn.gaps = [...new Set(m.queryRenderedFeatures({ layers: gapLayers }).map((f) => String(f.properties.id)))]
      container.dataset.drawn = JSON.stringify(drawn)
      container.dataset.idle = 'true'
    })

    // Hover: feature-state on the top feature under the pointer.
    let hovered: { source: string; id: string | number } | null = null
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
        f.source === 'sl-neighbourhoods' ? 3 : f.source === 'sl-streets' ? 2 : f.source === streetGapsLayer.sourceId ? 1 : 0
      return found.sort((a, b) => rank(a) - rank(b))[0]
    }
    // eslint-disable-next-line solid/reactivity -- map events fire later; the handler reads the current props on purpose
    m.on('mousemove', (e) => {
      if (!ready()) return
      const f = pick(e.point)
      setHover(f && f.id !== undefined && f.source !== 'sl-neighbourhoods' ? { source: f.source, id: f.id } : null)
    })
    m.getCanvas().addEventListener('mouseleave', () => setHover(null))
    // eslint-disable-next-line solid/reactivity -- map events fire later; the handler reads the current props on purpose
    m.on('click', (e) => {
      if (!ready()) return
      if (props.picking) return props.onPick?.(e.lngLat.lng, e.lngLat.lat)
      const f = pick(e.point)
      if (!f) return props.onSelect(null)
      if (f.source === 'sl-needs' && f.properties.cluster) {
        const [lon, lat] = (f.geometry as GeoPoint).coordinates
        const zoomIn = (zoom?: number) => m.easeTo({ center: [lon, lat], zoom: (zoom ?? m.getZoom() + 2) + 0.2 })
        // A cluster the data has since replaced has no expansion zoom: zoom in a step instead.
        const source = m.getSource<GeoJSONSource>('sl-needs')
        if (!source) return zoomIn()
        source.getClusterExpansionZoom(f.properties.cluster_id as number).then(zoomIn, () => zoomIn())
        return
      }
      // A gap line is its street: picking it selects the street.
      const layer = f.source === streetGapsLayer.sourceId ? 'streets' : layerOfSource.get(f.source)
      const id = f.properties.id as string | undefined
      if (!layer || !id) return
      const same = props.selected?.layer === layer && props.selected.id === id
      props.onSelect(same ? null : { layer, id })
    })

    const observer = new ResizeObserver(() => m.resize())
    observer.observe(container)
    onCleanup(() => {
      observer.disconnect()
      m.remove()
    })

    props.onReady({
      zoomIn: () => m.zoomIn(),
      zoomOut: () => m.zoomOut(),
      resetView: () => m.easeTo({ bearing: 0, pitch: 0 }),
      flyTo: (lon, lat, zoom) => m.flyTo({ center: [lon, lat], zoom: zoom ?? Math.max(m.getZoom(), 16), essential: true }),
      fitBounds: (b, o) => m.fitBounds(b, { padding: o?.padding ?? 64, maxZoom: o?.maxZoom ?? 17.5, essential: true }),
    })
  })

  // Data: one setData per layer whose collection changed. data-sourced lists the ids each
  // source holds (drawn or not, in view or not): read by the end-to-end tests.
  const sourced: Record<string, string[]> = {}
  for (const id of LAYER_IDS) {
    createEffect(
      on([ready, () => props.data[id]], ([isReady, collection]) => {
        if (!isReady || !map) return
        const mod = moduleFor(id)
        void map.getSource<GeoJSONSource>(mod.sourceId)?.setData(collection)
        sourced[id] = collection.features.map((f) => String(f.properties?.id))
        container.dataset.sourced = JSON.stringify(sourced)
        if (mod.derived) void map.getSource<GeoJSONSource>(mod.derived.sourceId)?.setData(mod.derived.from(collection))
        applySelection(props.selected)
      }),
    )
  }

  const none: FeatureCollection = { type: 'FeatureCollection', features: [] }
  createEffect(on([ready, () => props.places ?? none], ([isReady, places]) => {
    if (isReady && map) void map.getSource<GeoJSONSource>(placesLayer.sourceId)?.setData(places)
  }))
  createEffect(on([ready, () => props.context ?? none], ([isReady, context]) => {
    if (!isReady || !map) return
    void map.getSource<GeoJSONSource>(contextLayer.sourceId)?.setData(context)
    // Kinds held, for the end-to-end tests: {"water": 12, "railway": 3, …}.
    const kinds: Record<string, number> = {}
    for (const f of context.features) kinds[String(f.properties?.kind)] = (kinds[String(f.properties?.kind)] ?? 0) + 1
    container.dataset.context = JSON.stringify(kinds)
  }))

  // The planner's overlays: one setData each when their data changes.
  const overlaySources = [
    [streetGapsLayer.sourceId, 'streetGaps'],
    [neighbourhoodChoroplethLayer.sourceId, 'choropleth'],
    [hypotheticalLayer.sourceId, 'hypothetical'],
  ] as const
  for (const [sourceId, key] of overlaySources) {
    createEffect(
      on([ready, () => props.overlays?.[key] ?? none], ([isReady, collection]) => {
        if (!isReady || !map) return
        void map.getSource<GeoJSONSource>(sourceId)?.setData(collection)
        if (key === 'streetGaps') applySelection(props.selected)
      }),
    )
  }
  let highlighted: string | null = null
  createEffect(() => {
    const next = props.highlight ?? null
    if (!ready() || !map || next === highlighted) return
    if (highlighted) map.setFeatureState({ source: streetGapsLayer.sourceId, id: highlighted }, { hover: false })
    if (next) map.setFeatureState({ source: streetGapsLayer.sourceId, id: next }, { hover: true })
    highlighted = next
  })

  let drawnOnce = false
  createEffect(() => {
    if (!ready() || !map || drawnOnce) return
    if (props.data.assets.features.length + props.data.needs.features.length + props.data.enterprises.features.length === 0) return
    drawnOnce = true
    const m = map
    // "Drawn" once the map has rendered with the points' data in it.
    // eslint-disable-next-line solid/reactivity -- map events fire later; the handler reads the current props on purpose
    m.once('idle', () => props.onDrawn?.())
  })

  createEffect(() => {
    if (!ready() || !map) return
    const visible = props.visibleLayers
    for (const mod of layerModules) {
      if (!mod.id) continue
      const value = visible.includes(mod.id) ? 'visible' : 'none'
      for (const layer of mod.layers({ categories: [], fonts: FONTS })) {
        if (map.getLayer(layer.id)) map.setLayoutProperty(layer.id, 'visibility', value)
      }
    }
  })

  // Selected ids by source. A street is highlighted whole: every loaded segment of its name.
  let selectedNow: { sources: string[]; ids: string[] } | null = null
  const idsFor = (sel: Selection): string[] => {
    if (sel.layer !== 'streets') return [sel.id]
    const streets = props.data.streets.features
    const name = streets.find((f) => f.properties.id === sel.id)?.properties.name
    return name ? streets.filter((f) => f.properties.name === name).map((f) => f.properties.id) : [sel.id]
  }
  const applySelection = (next: Selection | null) => {
    if (!map) return
    const mark = (on: boolean) => {
      if (!selectedNow || !map) return
      for (const source of selectedNow.sources) for (const id of selectedNow.ids) map.setFeatureState({ source, id }, { selected: on })
    }
    mark(false)
    // A selected street is marked on the planner's gap layer too.
    const sources = !next ? [] : next.layer === 'streets' ? [moduleFor('streets').sourceId, streetGapsLayer.sourceId] : [moduleFor(next.layer).sourceId]
    selectedNow = next ? { sources, ids: idsFor(next) } : null
    mark(true)
  }
  createEffect(() => {
    const next = props.selected
    if (ready()) applySelection(next)
  })

  createEffect(() => {
    if (!ready() || !map) return
    void map.getSource<GeoJSONSource>(mineLayer.sourceId)?.setData(props.marks ?? { type: 'FeatureCollection', features: [] })
    map.getCanvas().style.cursor = props.picking ? 'crosshair' : ''
  })

  createEffect(() => {
    if (!ready() || !map) return
    const fix = props.location
    void map.getSource<GeoJSONSource>(locationLayer.sourceId)?.setData({
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
