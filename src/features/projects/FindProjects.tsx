/**
 * "Find projects": where from (my location, a street, or the middle of the map), four
 * filters, and the opportunities nearest first, each with distance and walking time.
 * The cards of the enterprise selected on the map are marked and scrolled into view.
 */
import { createEffect, createSignal, For, on, Show } from 'solid-js'
import type { NearbyOpportunity } from '../../data/projects.ts'
import type { Category } from '../../data/types.ts'
import { projectsText as t } from '../../i18n/projects.ts'
import { OpportunityCard } from './OpportunityCard.tsx'
import { ProjectFiltersForm } from './ProjectFiltersForm.tsx'
import { PlaceSearch } from './PlaceSearch.tsx'
import type { Origin, ProjectsState } from './state.ts'

export interface FindProjectsProps {
  state: ProjectsState
  categories: Category[]
  selectedEnterprise: string | null
  onOpen(item: NearbyOpportunity): void
  onOrigin(origin: Origin): void
}

export function FindProjects(props: FindProjectsProps) {
  const [locating, setLocating] = createSignal(false)
  const [notice, setNotice] = createSignal<string | null>(null)
  // eslint-disable-next-line solid/reactivity -- the map screen makes this state once and never replaces it
  const results = props.state.results
  // eslint-disable-next-line solid/reactivity -- the map screen makes this state once and never replaces it
  const list = props.state.list

  const choose = (origin: Origin) => {
    setNotice(null)
    props.state.setOrigin(origin)
    props.onOrigin(origin)
  }
  const locate = () => {
    if (!('geolocation' in navigator)) return setNotice(t.find.locateFailed)
    setLocating(true)
    navigator.geolocation.getCurrentPosition(
      // eslint-disable-next-line solid/reactivity -- the fix arrives later; it reads the current state at that moment on purpose
      (pos) => {
        setLocating(false)
        choose({ lon: pos.coords.longitude, lat: pos.coords.latitude, kind: 'location', label: null })
      },
      (err) => {
        setLocating(false)
        setNotice(err.code === err.PERMISSION_DENIED ? t.find.locateDenied : t.find.locateFailed)
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    )
  }

  // Selecting an enterprise on the map brings its cards into view.
  const cards = new Map<string, HTMLElement>()
  createEffect(
    on(
      () => props.selectedEnterprise,
      (id) => {
        const first = id ? list().find((o) => o.enterprise_id === id) : undefined
        if (first) cards.get(first.opportunity_id)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
      },
      { defer: true },
    ),
  )

  const originLabel = () => {
    const o = props.state.origin()
    if (!o || o.kind === 'centre') return t.find.nearCentre
    return o.kind === 'location' ? t.find.nearMe : (o.label ?? t.find.nearCentre)
  }

  return (
    <section class="pj-find" aria-labelledby="pj-find-title">
      <h2 id="pj-find-title" class="pj-title">{t.find.heading}</h2>
      <p class="pj-intro">{t.find.intro}</p>

      <div class="pj-origin">
        <div class="pj-near-row">
          <p class="pj-near">
            {t.find.near} <strong data-origin>{originLabel()}</strong>
          </p>
          <button type="button" class="pj-button secondary small" onClick={locate} disabled={locating()}>
            <svg width="16" height="16" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="3.2" fill="currentColor" /><circle cx="10" cy="10" r="7" fill="none" stroke="currentColor" stroke-width="1.8" /></svg>
            {locating() ? t.find.locating : t.find.useLocation}
          </button>
        </div>
        <PlaceSearch label={t.find.searchLabel} onChoose={(p) => choose({ ...p, kind: 'place', label: p.label })} />
        <Show when={notice()}><p class="pj-notice" role="status">{notice()}</p></Show>
      </div>

      <ProjectFiltersForm categories={props.categories} filters={props.state.filters()} onChange={props.state.setFilters} />

      <div class="pj-results" aria-busy={results.loading}>
        <p class="pj-count" role="status" data-results-count={list().length} data-results-places={props.state.places().length}>
          {results.loading && !results.latest ? t.find.loading : results.error ? t.find.failed : t.find.results(list().length, props.state.places().length)}
        </p>
        <Show when={Boolean(results.error)}>
          <button type="button" class="pj-button secondary" onClick={() => props.state.retry()}>{t.find.retry}</button>
        </Show>
        <Show when={!results.loading && !results.error && list().length === 0}>
          <p class="pj-empty">{t.find.empty}</p>
        </Show>
        <ul class="pj-cards" role="list">
          <For each={list()}>
            {(item) => (
              <li ref={(el) => cards.set(item.opportunity_id, el)}>
                <OpportunityCard
                  item={item}
                  categories={props.categories}
                  selected={props.selectedEnterprise === item.enterprise_id}
                  onOpen={() => props.onOpen(item)}
                />
              </li>
            )}
          </For>
        </ul>
      </div>
    </section>
  )
}
