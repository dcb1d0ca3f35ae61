/**
 * The planner view's side panel (a bottom sheet on phones): filters, what-if, the ranked
 * table with its export, and the outcomes of the chosen neighbourhood or of the town.
 */
import { createEffect, createMemo, createResource, createSignal, on, onCleanup, Show } from 'solid-js'
import { fetchNeighbourhoodOutcomes, fetchRankedStreets } from '../../data/gaps.ts'
import type { Category } from '../../data/types.ts'
import { gapsText as g } from '../../i18n/gaps.ts'
import { t } from '../../i18n/en.ts'
import { download, rowsToCsv, rowsToGeoJson } from './export.ts'
import { GapFilters } from './GapFilters.tsx'
import { GapTable } from './GapTable.tsx'
import { OutcomesSection } from './OutcomesPanel.tsx'
import { rowOf } from './planner.ts'
import type { Planner } from './plannerState.ts'
import { WhatIfPanel } from './WhatIfPanel.tsx'
import './gaps.css'

/** Streets per page of the ranked table. */
export const PAGE_SIZE = 50

export interface PlannerPanelProps {
  planner: Planner
  categories: Category[]
  selectedStreet: string | null
}

export function PlannerPanel(props: PlannerPanelProps) {
  // eslint-disable-next-line solid/reactivity -- the map screen makes the planner once and never replaces it
  const p = props.planner
  const [open, setOpen] = createSignal(false)
  // Esc cancels placing a hypothetical provider, wherever the focus is.
  const onKey = (e: KeyboardEvent) => e.key === 'Escape' && p.placing() && p.setPlacing(false)
  window.addEventListener('keydown', onKey)
  onCleanup(() => window.removeEventListener('keydown', onKey))
  const label = (slug: string) => props.categories.find((c) => c.slug === slug)?.label ?? slug
  const [outcomes] = createResource(
    () => (p.active() ? { nb: p.filters().neighbourhood } : false),
    (k) => fetchNeighbourhoodOutcomes(k.nb),
  )
  const nbName = () => p.neighbourhoods().find((n) => n.neighbourhood_id === p.filters().neighbourhood)?.name
  const affected = createMemo(() => {
    const changed = p.rows().filter((r) => r.gap_before !== null)
    return {
      count: changed.length,
      before: changed.reduce((s, r) => s + (r.gap_before ?? 0), 0),
      after: changed.reduce((s, r) => s + r.gap, 0),
    }
  })
  const stamp = () => {
    const f = p.filters()
    return ['street-gaps', `${f.radius}m`, f.category ?? 'all', p.provider() ? 'what-if' : ''].filter(Boolean).join('-')
  }
  // The table pages through every street with a gap; exports take all of them, in table order.
  const [page, setPage] = createSignal(0)
  createEffect(on(() => p.streetRows.latest, () => setPage(0), { defer: true }))
  const pages = () => Math.max(1, Math.ceil(p.rows().length / PAGE_SIZE))
  const pageRows = createMemo(() => p.rows().slice(page() * PAGE_SIZE, (page() + 1) * PAGE_SIZE))
  const total = () => p.rows()[0]?.total_count ?? p.rows().length
  // A street can take the provider when one of its segments is on the map.
  const canPlace = () => {
    const id = props.selectedStreet
    if (id === null) return false
    return p.lines().has(id) || (rowOf(p.rows(), id)?.segment_ids.some((s) => p.lines().has(s)) ?? false)
  }
  const [exporting, setExporting] = createSignal(false)
  const exportCsv = () => download(`${stamp()}.csv`, rowsToCsv(p.rows(), label), 'text/csv;charset=utf-8')
  const exportGeoJson = async () => {
    const f = p.filters()
    const q = p.query()
    if (!q) return
    setExporting(true)
    try {
      // Every street's lines, loaded or not, from the same query as the table.
      const shapes = new Map((await fetchRankedStreets(q, { withGeometry: true })).map((r) => [r.street_id, r.geometry]))
      const fc = rowsToGeoJson(p.rows(), (id) => shapes.get(id) ?? undefined, {
        radius_m: f.radius, categories: f.category ? [f.category] : null, hypothetical: p.provider() !== null,
      })
      download(`${stamp()}.geojson`, JSON.stringify(fc, null, 1), 'application/geo+json')
    } finally {
      setExporting(false)
    }
  }

  return (
    <aside class="panel planner" classList={{ open: open() }} aria-label={g.panel.label}>
      <div class="panel-tabs planner-head">
        <h2 class="planner-title">{g.panel.heading}</h2>
        <button
          type="button"
          class="icon-button sheet-toggle"
          aria-expanded={open()}
          aria-label={open() ? t.controls.collapse : t.controls.expand}
          onClick={() => setOpen((o) => !o)}
        >
          <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><path d="m5 12 5-5 5 5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" /></svg>
        </button>
      </div>
      <div class="panel-body planner-body">
        <p class="note">{g.panel.intro}</p>
        <GapFilters
          filters={p.filters()}
          categories={props.categories}
          neighbourhoods={p.nbRows.latest ?? []}
          onChange={(patch) => p.setFilters(patch)}
        />
        <WhatIfPanel
          categories={props.categories}
          offer={p.offer()}
          onOffer={p.setOffer}
          placing={p.placing()}
          onPlacing={p.setPlacing}
          canPlaceAtStreet={canPlace()}
          onPlaceAtStreet={p.placeAtSelected}
          provider={p.provider()}
          result={p.result()}
          affected={affected()}
          before={p.nbRows.latest ?? []}
          after={p.neighbourhoods()}
          onReset={p.reset}
        />
        <section class="ranked" aria-labelledby="ranked-title">
          <div class="section-head">
            <h3 id="ranked-title" class="section-title">{g.table.heading(total())}</h3>
          </div>
          <Show when={p.streetRows.state === 'errored'}><p class="note warn" role="alert">{g.table.failed}</p></Show>
          <Show when={p.streetRows.loading}><p class="note" role="status">{g.table.loading}</p></Show>
          <Show
            when={p.rows().length > 0}
            fallback={<Show when={p.streetRows.state === 'ready'}><p class="empty">{g.table.empty}</p></Show>}
          >
            <GapTable
              rows={pageRows()}
              offset={page() * PAGE_SIZE}
              categories={props.categories}
              selectedId={props.selectedStreet}
              onChoose={(id) => void p.focusStreet(id)}
              onHover={p.setHovered}
            />
            <nav class="pager" aria-label={g.table.pages}>
              <button type="button" class="button secondary" data-page="prev" disabled={page() === 0} onClick={() => setPage((n) => n - 1)}>{g.table.prev}</button>
              <span class="note" aria-live="polite" data-range>{g.table.range(page() * PAGE_SIZE + 1, page() * PAGE_SIZE + pageRows().length, total())}</span>
              <button type="button" class="button secondary" data-page="next" disabled={page() >= pages() - 1} onClick={() => setPage((n) => n + 1)}>{g.table.next}</button>
            </nav>
            <Show when={total() > p.rows().length}><p class="note warn">{g.table.capped(p.rows().length, total())}</p></Show>
          </Show>
          <div class="export" role="group" aria-label={g.export.heading}>
            <span class="note">{g.export.note(p.rows().length)}</span>
            <button type="button" class="button secondary" data-export="csv" disabled={p.rows().length === 0} onClick={exportCsv}>{g.export.csv}</button>
            <button type="button" class="button secondary" data-export="geojson" disabled={p.rows().length === 0 || exporting()} onClick={() => void exportGeoJson()}>{g.export.geojson}</button>
          </div>
        </section>
        <OutcomesSection
          heading={nbName() ? g.outcomes.heading(nbName() as string) : g.outcomes.townHeading}
          outcomes={outcomes.latest}
          state={outcomes.state}
        />
      </div>
    </aside>
  )
}
