/**
 * "What if a provider opened here?": choose what it offers, place it (a map click, or at
 * the chosen street from the keyboard), see the change at once, and remove it.
 */
import { createSignal, For, Show } from 'solid-js'
import type { NeighbourhoodGapRow } from '../../data/gaps.ts'
import type { Category } from '../../data/types.ts'
import type { WhatIfResult } from '../../geo/whatIf.ts'
import { gapsText as g } from '../../i18n/gaps.ts'
import type { Provider } from './plannerState.ts'

export interface WhatIfPanelProps {
  categories: Category[]
  offer: string[]
  onOffer(cats: string[]): void
  placing: boolean
  onPlacing(on: boolean): void
  canPlaceAtStreet: boolean
  onPlaceAtStreet(): void
  provider: Provider | null
  result: WhatIfResult | null
  /** The table's streets the provider changes: how many, and their total gap before and after. */
  affected: { count: number; before: number; after: number }
  /** Neighbourhood rows before and after, for the coverage change. */
  before: NeighbourhoodGapRow[]
  after: NeighbourhoodGapRow[]
  onReset(): void
}

export function WhatIfPanel(props: WhatIfPanelProps) {
  // Open once the planner opens it, and while a provider is placed or being placed.
  const [expanded, setExpanded] = createSignal(false)
  const toggle = (slug: string, on: boolean) =>
    props.onOffer(on ? [...new Set([...props.offer, slug])] : props.offer.filter((s) => s !== slug))
  const changes = () => {
    const r = props.result
    if (!r) return []
    const ids = new Set(r.neighbourhoods.map((n) => n.after.neighbourhood_id))
    return props.after
      .filter((a) => ids.has(a.neighbourhood_id))
      .map((a) => ({ after: a, before: props.before.find((b) => b.neighbourhood_id === a.neighbourhood_id) }))
      .filter((c) => c.before && c.before.coverage !== c.after.coverage)
  }
  return (
    <details class="what-if" classList={{ active: props.provider !== null }} open={expanded() || props.provider !== null || props.placing}
      onToggle={(e) => setExpanded(e.currentTarget.open)}>
      <summary class="section-head">
        <h3 id="what-if-title" class="section-title">{g.whatIf.heading}</h3>
        <Show when={props.provider} fallback={<span class="what-if-hint">{g.whatIf.hint}</span>}>
          <span class="hypo-badge">{g.whatIf.badge}</span>
        </Show>
      </summary>
      <p class="note">{g.whatIf.intro}</p>
      <fieldset class="offer">
        <legend class="field-caption">{g.whatIf.categories}</legend>
        <div class="offer-list">
          <For each={props.categories}>
            {(c) => (
              <label class="offer-chip" classList={{ on: props.offer.includes(c.slug) }}>
                <input type="checkbox" checked={props.offer.includes(c.slug)} onChange={(e) => toggle(c.slug, e.currentTarget.checked)} />
                <span class="swatch" style={{ 'background-color': c.colour }} aria-hidden="true" />
                {c.label}
              </label>
            )}
          </For>
        </div>
      </fieldset>
      <div class="what-if-actions">
        <Show
          when={!props.placing}
          fallback={<button type="button" class="button secondary" onClick={() => props.onPlacing(false)}>{g.whatIf.cancel}</button>}
        >
          <button type="button" class="button" disabled={props.offer.length === 0} onClick={() => props.onPlacing(true)}>{g.whatIf.place}</button>
        </Show>
        <button type="button" class="button secondary" disabled={props.offer.length === 0 || !props.canPlaceAtStreet} onClick={() => props.onPlaceAtStreet()}>
          {g.whatIf.placeAtStreet}
        </button>
      </div>
      <p class="note" role="status">
        {props.placing ? g.whatIf.placing : props.offer.length === 0 ? g.whatIf.chooseFirst : ''}
      </p>
      <Show when={props.result}>
        {(r) => (
          <div class="what-if-result" role="status" aria-live="polite">
            <p class="what-if-summary">{g.whatIf.summary(props.affected.count, g.gap(props.affected.before), g.gap(props.affected.after))}</p>
            <Show when={r().newly_covered_needs.length > 0}>
              <p class="note">{g.whatIf.newlyCovered(r().newly_covered_needs.length)}</p>
            </Show>
            <ul class="coverage-changes" role="list">
              <For each={changes()}>
                {(c) => <li data-coverage-change={c.after.neighbourhood_id}>{g.whatIf.coverage(c.after.name, g.pct(c.before?.coverage ?? null), g.pct(c.after.coverage))}</li>}
              </For>
            </ul>
            <button type="button" class="link-button" onClick={() => props.onReset()}>{g.whatIf.reset}</button>
          </div>
        )}
      </Show>
    </details>
  )
}
