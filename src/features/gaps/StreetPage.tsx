/**
 * A street's page in the planner view: its gap by topic, the needs raised on it (as the
 * public sees them: on the street, never at a home), the places and enterprises within R,
 * and its outcomes with the trend by month.
 */
import { createMemo, createResource, For, onMount, Show } from 'solid-js'
import { fetchStreetOutcomes } from '../../data/gaps.ts'
import type { Category, LayerData } from '../../data/types.ts'
import { gapsText as g } from '../../i18n/gaps.ts'
import { t } from '../../i18n/en.ts'
import { GAP_COLOURS, gapClass } from '../../map/layers/streetGaps.ts'
import { Shape } from '../map/Shape.tsx'
import { nearbyOf } from './nearby.ts'
import { OutcomesSection } from './OutcomesPanel.tsx'
import type { TableRow } from './planner.ts'

export interface StreetPageProps {
  streetId: string
  row: TableRow | undefined
  data: LayerData
  radiusM: number
  categories: Category[]
  neighbourhoodName(id: string | null): string | null
  onClose(): void
}

export function StreetPage(props: StreetPageProps) {
  let heading!: HTMLHeadingElement
  onMount(() => heading.focus({ preventScroll: true }))
  const cat = (slug: string) => props.categories.find((c) => c.slug === slug)
  const street = createMemo(() => props.data.streets.features.find((f) => f.properties.id === props.streetId))
  const name = () => street()?.properties.name ?? props.row?.street_name ?? t.details.unnamedStreet
  const nbId = () => street()?.properties.neighbourhood_id ?? props.row?.neighbourhood_id ?? null
  const needs = createMemo(() => props.data.needs.features.filter((f) => f.properties.street_id === props.streetId).map((f) => f.properties))
  const nearby = createMemo(() => {
    const line = street()?.geometry
    if (!line) return []
    return [
      ...nearbyOf(line, props.data.assets.features, props.radiusM).map((n) => ({ ...n, layer: 'assets' as const })),
      ...nearbyOf(line, props.data.enterprises.features.filter((f) => f.properties.status === 'active'), props.radiusM)
        .map((n) => ({ ...n, layer: 'enterprises' as const })),
    ].sort((a, b) => a.distance_m - b.distance_m)
  })
  const maxGap = () => Math.max(1, ...(props.row?.by_category.map((c) => c.gap) ?? []))
  const [outcomes] = createResource(() => props.streetId, (id) => fetchStreetOutcomes(id))

  return (
    <section class="details street-page" role="region" aria-labelledby="details-title" data-details="streets"
      onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <header class="details-head">
        <Shape layer="streets" size={24} />
        <div class="details-titles">
          <p class="kicker">{g.street.kicker}<Show when={props.neighbourhoodName(nbId())}>{(n) => <> · {n()}</>}</Show></p>
          <h2 id="details-title" ref={heading} tabindex="-1">{name()}</h2>
        </div>
        <button type="button" class="icon-button" onClick={() => props.onClose()} aria-label={t.details.close}>
          <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><path d="M5 5l10 10M15 5 5 15" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></svg>
        </button>
      </header>
      <div class="details-body">
        <Show when={props.row} fallback={<p class="note">{g.street.noGap}</p>}>
          {(r) => (
            <section aria-labelledby="street-gap-title">
              <div class="section-head">
                <h3 id="street-gap-title" class="sub-title">{g.street.gapHeading}</h3>
                <span class="gap-pill" style={{ 'background-color': GAP_COLOURS[gapClass(r().gap)], color: gapClass(r().gap) >= 3 ? '#fff' : '#1d1b18' }}>
                  {g.street.gapTotal(g.gap(r().gap))}
                </span>
              </div>
              <Show when={r().gap_before !== null}>
                <p class="note hypo-note"><span class="hypo-badge">{g.whatIf.badge}</span> {g.table.was(g.gap(r().gap_before as number))}</p>
              </Show>
              <ul class="cat-bars" role="list">
                <For each={r().by_category}>
                  {(c) => (
                    <li data-category={c.category}>
                      <span class="cat-name"><span class="swatch" style={{ 'background-color': cat(c.category)?.colour ?? '#6f6f6f' }} aria-hidden="true" />{cat(c.category)?.label ?? c.category}</span>
                      <span class="cat-bar" aria-hidden="true"><span style={{ width: `${(c.gap / maxGap()) * 100}%`, 'background-color': GAP_COLOURS[gapClass(c.gap)] }} /></span>
                      <span class="cat-figures">{g.gap(c.gap)} <span class="muted">({c.demand} {g.table.demand.toLowerCase()}, {c.supply} {g.table.supply.toLowerCase()})</span></span>
                    </li>
                  )}
                </For>
              </ul>
            </section>
          )}
        </Show>

        <section aria-labelledby="street-needs-title">
          <h3 id="street-needs-title" class="sub-title">{g.street.needsHeading}</h3>
          <Show when={needs().length > 0} fallback={<p class="note">{g.street.noNeeds}</p>}>
            <ul class="street-needs" role="list">
              <For each={needs()}>
                {(n) => (
                  <li>
                    <Shape layer="needs" colour={cat(n.category)?.colour} size={16} />
                    <div>
                      <p class="item-title">{cat(n.category)?.label ?? n.category} · <span class="muted">{t.needStatus[n.status] ?? n.status}</span></p>
                      <p class="item-meta">{n.body}</p>
                      <p class="item-meta">{t.details.supporters(n.supporters)}</p>
                    </div>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <p class="note">{t.details.location}</p>
        </section>

        <section aria-labelledby="street-nearby-title">
          <h3 id="street-nearby-title" class="sub-title">{g.street.nearbyHeading(props.radiusM)}</h3>
          <Show when={nearby().length > 0} fallback={<p class="note">{g.street.nearbyNone}</p>}>
            <ul class="street-nearby" role="list">
              <For each={nearby().slice(0, 12)}>
                {(n) => (
                  <li>
                    <Shape layer={n.layer} colour={cat(n.props.category)?.colour} size={16} />
                    <span class="item-title">{n.props.name}</span>
                    <span class="item-meta">{g.street.placeMeta(n.distance_m)}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>

        <OutcomesSection heading={g.street.outcomesHeading} outcomes={outcomes.latest} state={outcomes.state} />
      </div>
    </section>
  )
}
