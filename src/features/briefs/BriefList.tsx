/**
 * The planners' briefs: ranked by demand or by how long unmet, filtered by topic and
 * neighbourhood, exported as CSV or GeoJSON; and per neighbourhood, briefs open,
 * projects started and needs they met.
 */
import { createResource, createSignal, For, Show } from 'solid-js'
import { briefOutcomesByNeighbourhood, listBriefs, type BriefListItem } from '../../data/briefs.ts'
import type { Category } from '../../data/types.ts'
import { briefsText as b } from '../../i18n/briefs.ts'
import { briefsToCsv, briefsToGeoJson, download } from './export.ts'
import { latestOf } from './resource.ts'
import { briefsHref } from './route.ts'

export const briefTitle = (x: { category_label: string; streets: string[] }) => b.list.title(x.category_label, x.streets[0])

export function BriefList(props: { categories: Category[] }) {
  const [category, setCategory] = createSignal<string | null>(null)
  const [neighbourhood, setNeighbourhood] = createSignal<string | null>(null)
  const [sort, setSort] = createSignal<'demand' | 'unmet'>('demand')
  const [areas] = createResource(() => briefOutcomesByNeighbourhood())
  const [briefs, { refetch }] = createResource(
    () => ({ category: category(), neighbourhood: neighbourhood(), sort: sort() }),
    (q) => listBriefs(q),
  )
  const rows = (): BriefListItem[] => latestOf(briefs) ?? []

  return (
    <section class="brief-list" aria-labelledby="briefs-heading">
      <h1 id="briefs-heading">{b.list.heading}</h1>
      <p class="lead">{b.list.intro}</p>
      <form class="brief-filters no-print" onSubmit={(e) => e.preventDefault()}>
        <label>{b.list.category}
          <select data-filter="category" onChange={(e) => setCategory(e.currentTarget.value || null)}>
            <option value="">{b.list.anyCategory}</option>
            <For each={props.categories}>{(c) => <option value={c.slug}>{c.label}</option>}</For>
          </select>
        </label>
        <label>{b.list.neighbourhood}
          <select data-filter="neighbourhood" onChange={(e) => setNeighbourhood(e.currentTarget.value || null)}>
            <option value="">{b.list.anyNeighbourhood}</option>
            <For each={latestOf(areas) ?? []}>{(n) => <option value={n.neighbourhood_id}>{n.name}</option>}</For>
          </select>
        </label>
        <label>{b.list.sort}
          <select data-filter="sort" onChange={(e) => setSort(e.currentTarget.value === 'unmet' ? 'unmet' : 'demand')}>
            <option value="demand">{b.list.byDemand}</option>
            <option value="unmet">{b.list.byUnmet}</option>
          </select>
        </label>
        <div class="brief-export">
          <button type="button" class="button small secondary" disabled={rows().length === 0}
            onClick={() => download('briefs.csv', briefsToCsv(rows()), 'text/csv')}>{b.list.exportCsv}</button>
          <button type="button" class="button small secondary" disabled={rows().length === 0}
            onClick={() => download('briefs.geojson', JSON.stringify(briefsToGeoJson(rows())), 'application/geo+json')}>{b.list.exportGeojson}</button>
        </div>
      </form>
      <Show when={briefs.state === 'errored'}>
        <p class="form-error" role="alert">{b.failed} <button type="button" class="link-button" onClick={() => void refetch()}>{b.retry}</button></p>
      </Show>
      <p class="brief-count" role="status" aria-busy={briefs.loading} data-brief-count={rows().length}>{b.list.count(rows().length)}</p>
      <Show when={briefs.state === 'ready' && rows().length === 0}><p class="note">{b.list.none}</p></Show>
      <Show when={rows().length > 0}>
        <table class="brief-table">
          <thead>
            <tr>
              <th scope="col">{b.list.columns.brief}</th><th scope="col" class="num">{b.list.columns.demand}</th>
              <th scope="col" class="num">{b.list.columns.needs}</th><th scope="col">{b.list.columns.unmet}</th>
              <th scope="col">{b.list.columns.projects}</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(x) => (
                <tr data-brief={x.brief_id}>
                  <th scope="row">
                    <a href={briefsHref({ page: 'brief', id: x.brief_id })}>{briefTitle(x)}</a>
                    <span class="muted block">{x.neighbourhoods.map((n) => n.name).join(', ')}</span>
                  </th>
                  <td class="num" data-label={b.list.columns.demand}>{x.demand}</td>
                  <td class="num" data-label={b.list.columns.needs}>{x.needs}</td>
                  <td data-label={b.list.columns.unmet}>{b.list.days(x.days_unmet)}</td>
                  <td classList={{ empty: x.projects.length === 0 }}><For each={x.projects}>{(p) => <a class="pill" href={briefsHref({ page: 'project', id: p.project_id })}>{p.name} · {b.brief.stage[p.stage]}</a>}</For></td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <h2>{b.list.outcomesHeading}</h2>
      <p class="note">{b.list.outcomesIntro}</p>
      <table class="brief-table" data-neighbourhood-outcomes>
        <thead>
          <tr>
            <th scope="col">{b.list.outcomeColumns.name}</th><th scope="col" class="num">{b.list.outcomeColumns.open}</th>
            <th scope="col" class="num">{b.list.outcomeColumns.started}</th><th scope="col" class="num">{b.list.outcomeColumns.met}</th>
          </tr>
        </thead>
        <tbody>
          <For each={latestOf(areas) ?? []}>
            {(n) => (
              <tr data-neighbourhood={n.code}>
                <th scope="row">{n.name}</th><td class="num" data-label={b.list.outcomeColumns.open}>{n.briefs_open}</td>
                <td class="num" data-label={b.list.outcomeColumns.started}>{n.projects_started}</td>
                <td class="num" data-label={b.list.outcomeColumns.met}>{n.needs_met_by_projects}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  )
}
