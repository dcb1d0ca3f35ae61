/**
 * The planner view's state: the server's gaps for the chosen filters (ranked_streets:
 * streets as people know them; neighbourhood_gaps), the hypothetical provider and its what-if (src/geo,
 * computed in the browser on what lies around it, read whole), and the overlays the map draws.
 * Nothing is fetched until the view is in gaps mode.
 */
import { createEffect, createMemo, createResource, createSignal, on, type Accessor } from 'solid-js'
import { fetchAreaExtent } from '../../data/area.ts'
import { fetchNeighbourhoodGaps, fetchRankedStreets, type GapQuery } from '../../data/gaps.ts'
import type { BBox } from '../../data/types.ts'
import { buildGapModel } from '../../geo/buildGapModel.ts'
import { whatIf, type WhatIfResult } from '../../geo/whatIf.ts'
import { whatIfInputs } from '../../data/whatIfInputs.ts'
import { gapsText } from '../../i18n/gaps.ts'
import type { MapApi, PlannerOverlays } from '../../map/MapView.tsx'
import type { MapState } from '../../state/mapState.ts'
import type { PlannerUrl } from '../../state/urlState.ts'
import { choroplethStyle, noShades } from '../../map/layers/neighbourhoodChoropleth.ts'
import { gapStyle, noGaps } from '../../map/layers/streetGaps.ts'
import { applyWhatIf, choroplethShades, gapSegments, midpoint, neighbourhoodsAfter, rowOf, type TableRow } from './planner.ts'

export interface Provider {
  coordinates: [number, number]
  categories: string[]
}

export function createPlanner(opts: { state: MapState; api: Accessor<MapApi | undefined> }) {
  const { state } = opts
  const active = () => state.mode() === 'gaps'
  const filters = () => state.planner()
  const setFilters = (patch: Partial<PlannerUrl>) => state.setPlanner((p) => ({ ...p, ...patch }))

  const query = createMemo<GapQuery | false>(
    () => active() && {
      radiusM: filters().radius,
      categories: filters().category ? [filters().category as string] : null,
      neighbourhood: filters().neighbourhood,
    },
    false,
    { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  )
  const nbQuery = createMemo(
    () => {
      const q = query()
      return q && { radiusM: q.radiusM, categories: q.categories }
    },
    false,
    { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  )
  const [streetRows] = createResource(query, (q) => fetchRankedStreets(q))
  const [nbRows] = createResource(nbQuery, (q) => fetchNeighbourhoodGaps(q))

  // The hypothetical provider: what it offers, whether the next map click places it, where it is.
  const [offer, setOffer] = createSignal<string[]>(filters().category ? [filters().category as string] : [])
  const [placing, setPlacing] = createSignal(false)
  const [provider, setProvider] = createSignal<Provider | null>(null)
  const [hovered, setHovered] = createSignal<string | null>(null)

  /** Street lines the map's tiles hold, by segment id (a piece per tile: enough to place a provider on). */
  const lines = createMemo(() => new Map(state.loaded.data().streets.features.map((f) => [f.properties.id, f.geometry])))

  // The what-if runs on everything around the provider that can change (the streets within
  // R, their needs and the providers near them: src/data/whatIfInputs.ts), read whole from
  // the server for its position, not on what the map happens to hold; with the same
  // catchment and topic as the table. Choosing what it offers needs no new read.
  const around = createMemo<{ lon: number; lat: number; radiusM: number } | false>(
    () => {
      const p = provider()
      const q = query()
      return !!p && !!q && { lon: p.coordinates[0], lat: p.coordinates[1], radiusM: q.radiusM }
    },
    false,
    { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  )
  let controller: AbortController | undefined
  const [inputs] = createResource(around, (k) => {
    controller?.abort()
    controller = new AbortController()
    return whatIfInputs(k.lon, k.lat, k.radiusM, controller.signal).then((data) => ({ key: k, data }))
  })
  const result = createMemo<WhatIfResult | null>(() => {
    const p = provider()
    const q = query()
    const got = inputs.state === 'ready' ? inputs() : undefined
    const k = around()
    if (!p || !q || !k || !got || JSON.stringify(got.key) !== JSON.stringify(k)) return null
    const model = buildGapModel({ ...got.data, radiusM: q.radiusM, categories: q.categories })
    return whatIf(model, { coordinates: p.coordinates, categories: p.categories })
  })

  const rows = createMemo<TableRow[]>(() => {
    const server = streetRows.latest ?? []
    const r = result()
    const p = provider()
    return applyWhatIf(server, r ? new Set(r.streets.map((s) => s.after.street_id)) : null, p?.categories ?? [])
  })
  const neighbourhoods = createMemo(() => neighbourhoodsAfter(nbRows.latest ?? [], result()))

  // What the map colours, as expressions on the streets' and neighbourhoods' tiles: every
  // segment and neighbourhood with a result, whatever the view holds (none cut short).
  const streetGaps = createMemo(() => (active() ? gapStyle(gapSegments(rows())) : noGaps))
  const choropleth = createMemo(() => (active() ? choroplethStyle(choroplethShades(neighbourhoods(), filters().shade)) : noShades))
  const segmentsOf = (street: string) => rowOf(rows(), street)?.segment_ids ?? []
  const overlays = createMemo<PlannerOverlays>(() => {
    const p = provider()
    const none = { type: 'FeatureCollection' as const, features: [] }
    return {
      streetGaps: streetGaps(),
      choropleth: choropleth(),
      segmentsOf,
      hypothetical: p && active()
        ? {
            type: 'FeatureCollection',
            features: [{
              type: 'Feature',
              geometry: { type: 'Point', coordinates: p.coordinates },
              properties: { radius_m: filters().radius, cos_lat: Math.cos((p.coordinates[1] * Math.PI) / 180), label: gapsText.whatIf.badge },
            }],
          }
        : none,
    }
  })

  /** Bring a street into view beside the street page (right on wide screens, above it on phones). */
  const fit = (bbox: BBox) => {
    const phone = window.innerWidth < 800
    const padding = phone
      ? { top: 40, right: 40, bottom: Math.round(window.innerHeight * 0.72), left: 40 }
      : { top: 60, right: 500, bottom: 60, left: 60 }
    opts.api()?.fitBounds(bbox, { padding, maxZoom: 16.5 })
  }

  /**
   * Select a street (from the table) and bring it into view, loaded or not: its row
   * carries its extent. The street page answers for a street's id or any segment's.
   */
  const focusStreet = (id: string) => {
    const row = rowOf(rows(), id)
    if (!row) return
    state.setSelected({ layer: 'streets', id: row.street_id })
    fit(row.bbox)
  }

  // Choosing a neighbourhood moves the map to it (and clearing it, to the whole area).
  createEffect(on(() => (active() ? filters().neighbourhood : undefined), (nb, prev) => {
    if (nb === undefined || prev === undefined) return
    void fetchAreaExtent(nb).then((b) => b && fit(b), () => {})
  }, { defer: true }))

  const place = (lon: number, lat: number) => {
    if (offer().length === 0) return
    setProvider({ coordinates: [lon, lat], categories: [...offer()] })
    setPlacing(false)
  }
  /** Place the provider halfway along the selected street (the keyboard's way to place it). */
  const placeAtSelected = () => {
    const sel = state.selected()
    const row = sel?.layer === 'streets' ? rowOf(rows(), sel.id) : undefined
    const line = sel?.layer === 'streets' ? lines().get(sel.id) ?? row?.segment_ids.map((id) => lines().get(id)).find(Boolean) : undefined
    if (line) place(...midpoint(line))
  }
  const reset = () => {
    setProvider(null)
    setPlacing(false)
  }
  const setOfferAndUpdate = (cats: string[]) => {
    setOffer(cats)
    setProvider((p) => (p && cats.length > 0 ? { ...p, categories: cats } : cats.length === 0 ? null : p))
  }

  return {
    active,
    filters,
    setFilters,
    streetRows,
    nbRows,
    rows,
    neighbourhoods,
    lines,
    offer,
    setOffer: setOfferAndUpdate,
    placing,
    setPlacing,
    provider,
    result,
    place,
    placeAtSelected,
    reset,
    hovered,
    setHovered,
    overlays,
    focusStreet,
    fit,
    query,
  }
}

export type Planner = ReturnType<typeof createPlanner>
