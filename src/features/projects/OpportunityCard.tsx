/** One opportunity in the list: title, enterprise, distance and walking time, who it suits. */
import { For, Show } from 'solid-js'
import type { NearbyOpportunity } from '../../data/projects.ts'
import type { Category } from '../../data/types.ts'
import { projectsText as t } from '../../i18n/projects.ts'

export function OpportunityCard(props: {
  item: NearbyOpportunity
  categories: Category[]
  selected: boolean
  onOpen(): void
}) {
  const cat = (slug: string) => props.categories.find((c) => c.slug === slug)
  const distance = () => t.card.away(props.item.distance_m)
  return (
    <button
      type="button"
      class="pj-card"
      aria-current={props.selected ? 'true' : undefined}
      data-opportunity={props.item.opportunity_id}
      data-enterprise={props.item.enterprise_id}
      data-distance={props.item.distance_m}
      data-route={props.item.route}
      data-paid={String(props.item.paid)}
      data-commitment={props.item.commitment}
      onClick={() => props.onOpen()}
    >
      <span class="pj-card-title">{props.item.title}</span>
      <span class="pj-card-org">{props.item.enterprise_name}</span>
      <Show when={props.item.project_starting}>
        <span class="pj-tag pj-starting" data-starting="true">{t.card.starting}</span>
      </Show>
      <span class="pj-card-tags">
        <span class="pj-walk">
          <svg width="14" height="14" viewBox="0 0 20 20" aria-hidden="true">
            <circle cx="11" cy="3.5" r="2" fill="currentColor" />
            <path d="M10 7 7 11l3 1.5-1 5.5M10 7l1.5 4.5 3 1M10 7 6.5 8.5 5.5 11.5" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round" />
          </svg>
          <Show when={props.item.walking_minutes > 0} fallback={<span>{t.card.here}</span>}>
            <span>{distance()}</span>
            <Show when={props.item.route === 'crow'} fallback={<span class="pj-walk-min">{t.card.walk(props.item.walking_minutes)}</span>}>
              <span class="pj-walk-min" data-route="crow">{t.card.crow} · {t.card.crowWalk(props.item.walking_minutes)}</span>
            </Show>
          </Show>
        </span>
        <span class="pj-tag" classList={{ paid: props.item.paid }}>{props.item.paid ? t.card.paid : t.card.volunteer}</span>
        <span class="pj-tag">{t.commitment[props.item.commitment] ?? props.item.commitment}</span>
        <span class="pj-tag">{t.card.ages(props.item.min_age, props.item.max_age)}</span>
        <For each={props.item.categories.slice(0, 2)}>
          {(slug) => (
            <span class="pj-tag pj-cat">
              <span class="pj-dot" style={{ background: cat(slug)?.colour ?? '#6f6f6f' }} />
              {cat(slug)?.label ?? slug}
            </span>
          )}
        </For>
      </span>
    </button>
  )
}
