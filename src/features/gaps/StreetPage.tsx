/**
 * A street's page in the planner view, from its own database function (street_page), so
 * it is right for a street that is not in view: what the street is (its segments
 * together, in its settlement), its gap by topic, the needs raised on it (as the public
 * sees them: on the street, never at a home), the places and enterprises within R, and
 * the trend by month. A what-if row, when there is one, replaces the server's gap.
 */
import { createMemo, createResource, For, onMount, Show } from 'solid-js'
import { fetchStreetPage } from '../../data/gaps.ts'
import type { Category } from '../../data/types.ts'
import { gapsText as g } from '../../i18n/gaps.ts'
import { t } from '../../i18n/en.ts'
import { GAP_COLOURS, gapClass } from '../../map/layers/streetGaps.ts'
import { Shape } from '../map/Shape.tsx'
import { MonthChart } from './MonthChart.tsx'
import type { TableRow } from './planner.ts'

export interface StreetPageProps {
  /** The street's id, or one of its segments' (a street picked on the map). */
  streetId: string
  row: TableRow | undefined
  radiusM: number
  category: string | null
  categories: Category[]
  /** Bring the street into view once its page is loaded. */
  onLoaded?(bbox: [number, number, number, number], segmentIds: string[]): void
  onClose(): void
}

export function StreetPage(props: StreetPageProps) {
  let heading!: HTMLHeadingElement
  onMount(() => heading.focus({ preventScroll: true }))
  const cat = (slug: string) => props.categories.find((c) => c.slug === slug)
  const [page] = createResource(
    () => ({ id: props.streetId, r: props.radiusM, c: props.category }),
    // eslint-disable-next-line solid/reactivity -- onLoaded is a callback; the fetcher calls the current one when the page arrives
    async (k) => {
      const data = await fetchStreetPage(k.id, k.r, k.c ? [k.c] : null)
      props.onLoaded?.(data.bbox, data.segments.map((s) => s.id))
      return data
    },
  )
  const p = () => page.latest
  const gap = createMemo(() => {
    const r = props.row
    if (r && r.gap_before !== null) return { gap: r.gap, gap_before: r.gap_before, by_category: r.by_category }
    const s = p()?.gap
    return s && s.by_category.length > 0 ? { gap: s.gap, gap_before: null, by_category: s.by_category } : null
  })
  const maxGap = () => Math.max(1, ...(gap()?.by_category.map((c) => c.gap) ?? []))
  const title = () => p()?.label ?? props.row?.label ?? t.details.unnamedStreet
  const context = () => [p()?.settlement, p()?.neighbourhood?.name].filter(Boolean).join(' · ')

  return (
    <section class="details street-page" role="region" aria-labelledby="details-title" data-details="streets" data-street-page={p()?.id}
      onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <header class="details-head">
        <Shape layer="streets" size={24} />
        <div class="details-titles">
          <p class="kicker">{g.street.kicker}<Show when={context()}>{(c) => <> · {c()}</>}</Show></p>
          <h2 id="details-title" ref={heading} tabindex="-1">{title()}</h2>
        </div>
        <button type="button" class="icon-button" onClick={() => props.onClose()} aria-label={t.details.close}>
          <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><path d="M5 5l10 10M15 5 5 15" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></svg>
        </button>
      </header>
      <div class="details-body">
        <Show when={page.state === 'errored'}><p class="note warn" role="alert">{g.street.failed}</p></Show>
        <Show when={page.loading && !p()}><p class="note" role="status">{g.street.loading}</p></Show>
        <Show when={p()}>
          {(s) => (
            <>
              <Show when={gap()} fallback={<p class="note">{g.street.noGap}</p>}>
                {(r) => (
                  <section aria-labelledby="street-gap-title">
                    <div class="section-head">
                      <h3 id="street-gap-title" class="sub-title">{g.street.gapHeading}</h3>
                      <span class="gap-pill" data-gap={r().gap} style={{ 'background-color': GAP_COLOURS[gapClass(r().gap)], color: gapClass(r().gap) >= 3 ? '#fff' : '#1d1b18' }}>
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
                <Show when={s().needs.length > 0} fallback={<p class="note">{g.street.noNeeds}</p>}>
                  <ul class="street-needs" role="list">
                    <For each={s().needs}>
                      {(n) => (
                        <li data-need={n.id}>
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
                <h3 id="street-nearby-title" class="sub-title">{g.street.nearbyHeading(s().radius_m)}</h3>
                <Show when={s().providers.length > 0} fallback={<p class="note">{g.street.nearbyNone}</p>}>
                  <ul class="street-nearby" role="list">
                    <For each={s().providers.slice(0, 12)}>
                      {(n) => (
                        <li>
                          <Shape layer={n.layer} colour={cat(n.categories[0])?.colour} size={16} />
                          <span class="item-title">{n.name}</span>
                          <span class="item-meta">{g.street.placeMeta(n.distance_m)}</span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </section>

              <section aria-labelledby="street-trend-title">
                <h3 id="street-trend-title" class="sub-title">{g.street.trendLast12}</h3>
                <MonthChart months={s().trend} />
              </section>

              <section aria-labelledby="street-segments-title">
                <h3 id="street-segments-title" class="sub-title">{g.street.segmentsHeading(s().segments.length, s().length_m)}</h3>
                <ul class="street-segments" role="list">
                  <For each={s().segments}>
                    {(seg) => <li data-segment={seg.id} class="muted">{g.street.segment(seg.highway, seg.length_m)}</li>}
                  </For>
                </ul>
              </section>
            </>
          )}
        </Show>
      </div>
    </section>
  )
}
