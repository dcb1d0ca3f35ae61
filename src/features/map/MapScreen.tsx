/**
 * The map screen: wires the state, the data and the views. MapLibre arrives in its own
 * chunk (lazy), while the data for the first view is already loading.
 */
import { createEffect, createMemo, createResource, createSignal, lazy, on, Show, Suspense } from 'solid-js'
import type { Category, LayerId } from '../../data/types.ts'
import { t } from '../../i18n/en.ts'
import type { LocationFix, MapApi } from '../../map/MapView.tsx'
import type { MapState } from '../../state/mapState.ts'
import type { Selection } from '../../state/urlState.ts'
import { Attribution } from './Attribution.tsx'
import { clearOfPanels } from './clearOfPanels.ts'
import { firstDraw } from '../../pwa/firstDraw.ts'
import { countInView } from './countInView.ts'
import { DetailsPanel, type SelectedFeature } from './DetailsPanel.tsx'
import { pointsInView } from '../../state/filter.ts'
import { MapControls } from './MapControls.tsx'
import { SidePanel } from './SidePanel.tsx'
import { buildSearchIndex, type SearchItem } from './search.ts'
import { SearchBox } from './SearchBox.tsx'
import { StatusBanner } from './StatusBanner.tsx'
import { AboutButton } from '../about/AboutButton.tsx'
import { AccountMenu } from '../needs/AccountMenu.tsx'
import { Notices } from '../needs/Notices.tsx'
import { pointOnStreet } from '../needs/nearestStreet.ts'
import { createResidents, ResidentsContext } from '../needs/residents.ts'
import { ResidentsOverlay } from '../needs/ResidentsOverlay.tsx'
import { PickCrosshair } from '../projects/PickCrosshair.tsx'
import { ProjectsPanel } from '../projects/ProjectsPanel.tsx'
import { createProjectsState } from '../projects/state.ts'
import { resultPlaces } from '../projects/resultPlaces.ts'
import { GapLegend } from '../gaps/GapLegend.tsx'
import { ModeSwitch } from '../gaps/ModeSwitch.tsx'
import { maxDemand } from '../gaps/planner.ts'
import { PlannerPanel } from '../gaps/PlannerPanel.tsx'
import { createPlanner } from '../gaps/plannerState.ts'
import { StreetPage } from '../gaps/StreetPage.tsx'
import { fetchAreaExtent, fetchContext } from '../../data/area.ts'
import { needDetail } from '../../data/needs.ts'
import { contextQuery, type ContextQuery } from './contextQuery.ts'
import { rowOf } from '../gaps/planner.ts'

const MapView = lazy(() => import('../../map/MapView.tsx'))
// Start fetching the map chunk at once, alongside the taxonomy and the first data.
void MapView.preload()

export function MapScreen(props: { categories: Category[]; state: MapState }) {
  // The state is made by the shell, so the first view's data loads alongside the taxonomy.
  // eslint-disable-next-line solid/reactivity -- the shell makes this state once and never replaces it
  const state = props.state
  const [api, setApi] = createSignal<MapApi>()
  // No position in the link: the map opens on the data's extent (the imported town). Asked
  // first, and the map made once it is known, so the first tiles are those of that view.
  const [extent] = createResource(() => (state.cameraInLink ? null : fetchAreaExtent().catch(() => null)))
  const openOn = () => {
    const b = extent()
    return b ? { bbox: b, padding: clearOfPanels(document.querySelector('.map-area')), maxZoom: 16 } : null
  }
  // Context follows the first pins (or 10 s): on the embedded backend's one connection it
  // would otherwise be answered before the first view's tiles (place names come in the tiles).
  const [firstViewDrawn, setFirstViewDrawn] = createSignal(false)
  void firstDraw().then(() => setFirstViewDrawn(true))
  // Water, woods, railways and landmarks for the view, asked again only when it leaves the last box or the zoom level changes.
  const contextKey = createMemo<ContextQuery | null>((prev) => (firstViewDrawn() ? contextQuery(state.view(), state.camera().zoom, prev) : null), null)
  // Once more on failure: the first request after the server starts reads the table cold.
  const [context] = createResource(contextKey, (q) =>
    fetchContext(q.bbox, q.zoom).catch(() => fetchContext(q.bbox, q.zoom)).catch(() => undefined))
  const [mapFailure, setMapFailure] = createSignal<string | null>(null)
  const [location, setLocation] = createSignal<LocationFix | null>(null)
  const [locating, setLocating] = createSignal(false)
  const [notice, setNotice] = createSignal<string | null>(null)

  // Below street zoom the needs tiles hold counts per cell, not needs: the legend counts those.
  const cellsInView = createMemo(() => {
    const v = state.view()
    if (!v || !state.layers().includes('needs') || state.mode() === 'gaps') return null
    const cells = state.held().cells
    if (cells.length === 0) return null
    return cells.filter((c) => c.lon >= v[0] && c.lon <= v[2] && c.lat >= v[1] && c.lat <= v[3]).reduce((n, c) => n + c.count, 0)
  })
  const inView = createMemo(() => ({ ...pointsInView(state.shown(), state.view(), state.layers()), aggregatedNeeds: cellsInView() }))
  const counts = createMemo(() => {
    const c = countInView(inView())
    const cells = cellsInView()
    return cells === null ? c : { ...c, layers: { ...c.layers, needs: cells } }
  })
  const neighbourhoodName = (id: string | null) =>
    state.loaded.data().neighbourhoods.features.find((f) => f.properties.id === id)?.properties.name ?? null
  const searchItems = createMemo(() => buildSearchIndex(state.shown(), neighbourhoodName))
  // ODbL asks for the credit wherever OSM-derived data is drawn: streets and places alike.
  const osm = createMemo(() => {
    const fromOsm = (f: { properties: { source?: string } }) => (f.properties.source ?? '').split(':', 1)[0] === 'osm'
    return (state.layers().includes('streets') && state.loaded.data().streets.features.some(fromOsm)) ||
      (state.layers().includes('assets') && state.shown().assets.features.some(fromOsm))
  })

  // A selected need the tiles in view do not hold (just pinned, opened from a link or a list
  // of one's own, or off the tiles drawn): its public detail from the server.
  const heldIds = createMemo(() => new Set(state.loaded.data().needs.features.map((f) => f.properties.id)))
  const [needAsked] = createResource(
    () => {
      const sel = state.selected()
      return sel?.layer === 'needs' && !heldIds().has(sel.id) ? sel.id : false
    },
    (id) => needDetail(id).catch(() => null),
  )
  // The selected feature, from what is loaded; kept while it is briefly out of the data.
  const selectedFeature = createMemo<SelectedFeature | null>((prev) => {
    const sel = state.selected()
    if (!sel) return null
    const features = state.loaded.data()[sel.layer].features as { properties: { id: string } }[]
    const found = features.find((f) => f.properties.id === sel.id)
    if (found) return { layer: sel.layer, props: found.properties } as SelectedFeature
    const asked = sel.layer === 'needs' ? needAsked.latest : null
    if (asked && asked.id === sel.id) return { layer: 'needs', props: asked }
    return prev && prev.layer === sel.layer && prev.props.id === sel.id ? prev : null
  }, null)

  const select = (selection: Selection | null) => state.setSelected(selection)
  // Projects (src/features/projects): the tab's state, and the point distances are measured from.
  const projects = createProjectsState()
  const onProjects = () => state.tab() === 'projects'
  // On the projects tab an enterprise's selection is shown in the projects list, not in details.
  const showDetails = () => state.selected() !== null && !(onProjects() && state.selected()?.layer === 'enterprises')
  const shownLocation = (): LocationFix | null => {
    const o = projects.origin()
    return onProjects() && o && o.kind !== 'centre' ? { lon: o.lon, lat: o.lat, accuracy: 0 } : location()
  }
  // Residents: pinning, "me too", the outbox, staff sign-in (src/features/needs).
  const residents = createResidents({ onNeedsChanged: () => state.loaded.retry() })
  // Planners (src/features/gaps): gaps by street, what-if, street pages, outcomes.
  const planner = createPlanner({ state, api })
  const gapsMode = () => state.mode() === 'gaps'
  const streetPage = () => (gapsMode() && state.selected()?.layer === 'streets' ? state.selected()!.id : null)
  // Moves the map so a point shows in the part not covered by a panel or the phone's sheet;
  // after the next frame, so a panel that is just opening is measured too.
  const showAt = (bbox: [number, number, number, number], maxZoom?: number) =>
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const zoom = maxZoom ?? Math.max(state.camera().zoom, 16)
      api()?.fitBounds(bbox, { padding: clearOfPanels(document.querySelector('.map-area')), maxZoom: zoom })
    }))
  const showPoint = (lon: number, lat: number, zoom?: number) => showAt([lon, lat, lon, lat], zoom)
  // On the projects list the map draws exactly its results (one marker per place), nothing else.
  const projectsMap = () => onProjects() && projects.view().name === 'find' && projects.results.state !== 'errored' && !!projects.origin()
  const mapData = createMemo(() => (projectsMap() ? { ...state.shown(), enterprises: resultPlaces(projects.list()) } : state.shown()))
  const mapLayers = createMemo<LayerId[]>(() => {
    if (gapsMode()) return state.layers().filter((l) => l !== 'needs')
    if (projectsMap()) return [...state.layers().filter((l) => l === 'streets' || l === 'neighbourhoods'), 'enterprises']
    return state.layers()
  })
  // Results changed (a filter, another origin): bring their places and the origin into the visible part.
  // Only when the places themselves change: coming back from one opportunity keeps the view.
  let fitted = ''
  createEffect(on(() => (projectsMap() ? projects.places() : null), (places) => {
    if (!places || places.length === 0) return
    const key = places.map((p) => p.enterprise_id).join()
    // The first results come for the view the person already has: leave it where it is.
    const first = fitted === ''
    if (key === fitted) return
    fitted = key
    if (first) return
    const o = projects.origin()!
    const xs = [...places.map((p) => p.lon), o.lon]
    const ys = [...places.map((p) => p.lat), o.lat]
    showAt([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], 17)
  }, { defer: true }))

  const chooseSearch = (item: SearchItem) => {
    if (residents.pinning() && item.kind === 'street') {
      const [w, s, e, n] = item.bbox
      const p = pointOnStreet(state.loaded.data().streets, item.id) ?? { lon: (w + e) / 2, lat: (s + n) / 2 }
      residents.setPoint(p.lon, p.lat)
      return api()?.flyTo(p.lon, p.lat, 17)
    }
    if (!state.layers().includes(item.layer)) state.toggleLayer(item.layer, true)
    select({ layer: item.layer, id: item.id })
    const [w, s, e, n] = item.bbox
    if (w === e && s === n) api()?.flyTo(w, s, 17)
    // The whole street (as people know it) in the part of the map no panel covers.
    else showAt(item.bbox, 17.5)
  }

  const locate = () => {
    if (!('geolocation' in navigator)) return setNotice(t.controls.locateUnsupported)
    setLocating(true)
    setNotice(null)
    navigator.geolocation.getCurrentPosition(
      // eslint-disable-next-line solid/reactivity -- the fix arrives later; it reads the map API at that moment on purpose
      (pos) => {
        setLocating(false)
        const fix = { lon: pos.coords.longitude, lat: pos.coords.latitude, accuracy: pos.coords.accuracy }
        setLocation(fix)
        api()?.flyTo(fix.lon, fix.lat, 16.5)
      },
      (err) => {
        setLocating(false)
        setNotice(err.code === err.PERMISSION_DENIED ? t.controls.locateDenied : t.controls.locateFailed)
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    )
  }

  const onDrawn = () => {
    document.documentElement.dataset.pinsDrawn = 'true'
    performance.mark('streetlevel:pins-drawn')
  }

  return (
    <ResidentsContext.Provider value={residents}>
    <div class="app" classList={{ 'has-details': showDetails(), 'mode-gaps': gapsMode() }}>
      <a class="skip-link" href="#pin-a-need">{t.skipToPin}</a>
      <a class="skip-link" href="#side-panel" onClick={(e) => {
        // The list is rendered only on its tab: open it, then move focus into it.
        e.preventDefault()
        state.setTab('list')
        requestAnimationFrame(() => document.getElementById('places-list')?.focus())
      }}>{t.skipToList}</a>
      <header class="topbar">
        <div class="brand">
          <svg class="logo" width="34" height="34" viewBox="0 0 34 34" aria-hidden="true">
            <rect width="34" height="34" rx="9" fill="#1f5fbf" />
            <path d="M6 23c6-1 9-9 22-10" stroke="#fff" stroke-width="3.2" fill="none" stroke-linecap="round" />
            <circle cx="12" cy="12" r="3.4" fill="#ffd166" />
            <circle cx="23" cy="22" r="3.2" fill="none" stroke="#fff" stroke-width="2.2" />
          </svg>
          <div class="brand-text">
            <h1>{t.appName}</h1>
            <p class="tagline">{t.tagline}</p>
          </div>
        </div>
        <ModeSwitch mode={state.mode()} onMode={state.setMode} />
        <SearchBox items={searchItems()} onChoose={chooseSearch} />
        <AboutButton />
        <Notices />
        <AccountMenu onReports={() => residents.setModerating(true)} />
      </header>

      <div class="stage">
        <Show when={gapsMode()}>
          <PlannerPanel planner={planner} categories={props.categories} selectedStreet={streetPage()} />
        </Show>
        <SidePanel
          tab={state.tab()}
          onTab={state.setTab}
          categories={props.categories}
          layers={state.layers()}
          topics={state.topics()}
          counts={counts()}
          inView={inView()}
          selected={state.selected()}
          onToggleLayer={(id: LayerId, on: boolean) => state.toggleLayer(id, on)}
          onTopics={state.setTopics}
          onSelect={select}
          projects={
            <ProjectsPanel
              state={projects}
              categories={props.categories}
              selectedEnterprise={state.selected()?.layer === 'enterprises' ? state.selected()!.id : null}
              mapCentre={() => ({ lon: state.camera().lon, lat: state.camera().lat })}
              onHighlight={(id, lon, lat) => {
                state.toggleLayer('enterprises', true)
                select({ layer: 'enterprises', id })
                showPoint(lon, lat)
              }}
              onPlace={(lon, lat) => showPoint(lon, lat, 16)}
            />
          }
        />

        <main class="map-area" id="map" aria-label={t.mapLabel}>
          <Show
            when={!mapFailure()}
            fallback={<div class="map-fallback" role="status">{mapFailure()}</div>}
          >
            <Suspense fallback={<div class="map-loading" role="status">{t.status.loading}</div>}>
              <Show when={!extent.loading}>
                <MapView
                  categories={props.categories}
                  data={mapData()}
                  visibleLayers={mapLayers()}
                  selected={state.selected()}
                  initialCamera={state.initial.camera}
                  openOn={openOn()}
                  context={context.latest}
                  location={shownLocation()}
                  basemap={import.meta.env.VITE_BASEMAP_STYLE || undefined}
                  onMove={(camera, view) => {
                    state.setCamera(camera)
                    state.setView(view)
                  }}
                  onSelect={select}
                  onReady={setApi}
                  onFailure={setMapFailure}
                  topics={state.topics()}
                  results={projectsMap() ? mapData().enterprises : null}
                  reload={state.loaded.attempt()}
                  onHeld={state.setHeld}
                  onDrawn={onDrawn}
                  picking={residents.pinning() || planner.placing()}
                  onPick={(lon, lat) => (planner.placing() ? planner.place(lon, lat) : residents.setPoint(lon, lat))}
                  marks={residents.marks()}
                  overlays={planner.overlays()}
                  highlight={planner.hovered()}
                />
              </Show>
            </Suspense>
          </Show>
          <MapControls
            disabled={!api()}
            locating={locating()}
            onZoomIn={() => api()?.zoomIn()}
            onZoomOut={() => api()?.zoomOut()}
            onReset={() => api()?.resetView()}
            onLocate={locate}
          />
          <StatusBanner loading={state.loaded.loading()} error={state.loaded.error()} onRetry={state.loaded.retry} />
          <Show when={notice()}>
            <div class="toast" role="status">
              <span>{notice()}</span>
              <button type="button" class="link-button" onClick={() => setNotice(null)}>OK</button>
            </div>
          </Show>
          <ResidentsOverlay categories={props.categories} state={state} api={api()} showPoint={showPoint} />
          <Show when={projectsMap() && projects.results.state === 'ready'}>
            <p class="map-chip" role="status" data-projects-map-count={projects.places().length}>{t.projectsOnMap(projects.places().length)}</p>
          </Show>
          <PickCrosshair on={onProjects() && projects.picking()} />
          <Show when={gapsMode()}>
            <GapLegend shade={planner.filters().shade} maxDemand={maxDemand(planner.neighbourhoods())} hypothetical={planner.provider() !== null} />
          </Show>
          <Attribution osm={osm()} />
        </main>

        <Show when={streetPage()}>
          {(id) => (
            <StreetPage
              streetId={id()}
              row={rowOf(planner.rows(), id())}
              radiusM={planner.filters().radius}
              category={planner.filters().category}
              categories={props.categories}
              onLoaded={(bbox, segmentIds) => {
                // A street out of view (opened from a link, or far down the table) is brought into view.
                const loaded = new Set(state.loaded.data().streets.features.map((f) => f.properties.id))
                if (!segmentIds.some((s) => loaded.has(s))) planner.fit(bbox)
              }}
              onClose={() => select(null)}
            />
          )}
        </Show>
        <Show when={showDetails() && !streetPage() && state.selected()}>
          {(sel) => (
            <DetailsPanel
              layer={sel().layer}
              feature={selectedFeature()}
              categories={props.categories}
              neighbourhoodName={neighbourhoodName}
              needsOnStreet={(streetId) => state.shown().needs.features.filter((f) => f.properties.street_id === streetId).length}
              onClose={() => select(null)}
            />
          )}
        </Show>
      </div>
    </div>
    </ResidentsContext.Provider>
  )
}
