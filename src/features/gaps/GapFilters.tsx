/** The planner's filters: one topic, one neighbourhood, the catchment R, and the choropleth's measure. */
import { For } from 'solid-js'
import type { NeighbourhoodGapRow } from '../../data/gaps.ts'
import type { Category } from '../../data/types.ts'
import { gapsText as g } from '../../i18n/gaps.ts'
import type { PlannerUrl } from '../../state/urlState.ts'
import { RADII } from './planner.ts'
import { compareText } from '../../i18n/format.ts'

export interface GapFiltersProps {
  filters: PlannerUrl
  categories: Category[]
  neighbourhoods: NeighbourhoodGapRow[]
  onChange(patch: Partial<PlannerUrl>): void
}

export function GapFilters(props: GapFiltersProps) {
  const sorted = () => [...props.neighbourhoods].sort((a, b) => compareText(a.name, b.name))
  return (
    <fieldset class="gap-filters">
      <legend class="visually-hidden">{g.filters.heading}</legend>
      <div class="field-label">
        <label for="gap-category">{g.filters.category}</label>
        <select
          id="gap-category"
          name="category"
          value={props.filters.category ?? ''}
          onChange={(e) => props.onChange({ category: e.currentTarget.value || null })}
        >
          <option value="">{g.filters.allCategories}</option>
          <For each={props.categories}>{(c) => <option value={c.slug}>{c.label}</option>}</For>
        </select>
      </div>
      <div class="field-label">
        <label for="gap-neighbourhood">{g.filters.neighbourhood}</label>
        <select
          id="gap-neighbourhood"
          name="neighbourhood"
          value={props.filters.neighbourhood ?? ''}
          onChange={(e) => props.onChange({ neighbourhood: e.currentTarget.value || null })}
        >
          <option value="">{g.filters.allNeighbourhoods}</option>
          <For each={sorted()}>
            {(n) => <option value={n.neighbourhood_id} selected={n.neighbourhood_id === props.filters.neighbourhood}>{n.name}</option>}
          </For>
        </select>
      </div>
      <div class="radio-group" role="radiogroup" aria-label={g.filters.radius}>
        <span class="group-label" aria-hidden="true">{g.filters.radius}</span>
        <div class="segmented">
          <For each={RADII}>
            {(r) => (
              <label class="segment" title={g.filters.radiusHint(r)}>
                <input type="radio" name="radius" value={r} checked={props.filters.radius === r} onChange={() => props.onChange({ radius: r })} />
                <span>{g.filters.radiusOption(r)}</span>
              </label>
            )}
          </For>
        </div>
      </div>
      <div class="radio-group" role="radiogroup" aria-label={g.filters.shade}>
        <span class="group-label" aria-hidden="true">{g.filters.shade}</span>
        <div class="segmented">
          <For each={['coverage', 'demand'] as const}>
            {(s) => (
              <label class="segment">
                <input type="radio" name="shade" value={s} checked={props.filters.shade === s} onChange={() => props.onChange({ shade: s })} />
                <span>{g.filters[s]}</span>
              </label>
            )}
          </For>
        </div>
      </div>
    </fieldset>
  )
}
