/**
 * The non-map path: everything the map shows in view, with the same layers and
 * topics, as lists of buttons. Choosing one selects it, exactly as a click on the map.
 */
import { For, Show } from 'solid-js'
import type { Category, PointLayerId } from '../../data/types.ts'
import { t } from '../../i18n/en.ts'
import type { Selection } from '../../state/urlState.ts'
import type { InView } from '../../state/filter.ts'
import { Shape } from './Shape.tsx'
import { compareText } from '../../i18n/format.ts'

const LIMIT = 100

export interface ListViewProps {
  inView: InView
  categories: Category[]
  selected: Selection | null
  hiddenLayers: boolean
  onSelect(selection: Selection): void
}

interface Row {
  id: string
  title: string
  meta: string
  colour: string
}

export function ListView(props: ListViewProps) {
  const cat = (slug: string) => props.categories.find((c) => c.slug === slug)
  const label = (slugs: string[]) => slugs.map((s) => cat(s)?.label ?? s).join(', ')
  const byName = (a: Row, b: Row) => compareText(a.title, b.title)

  const sections = (): { layer: PointLayerId; rows: Row[] }[] => [
    {
      layer: 'needs',
      rows: [...props.inView.needs]
        .sort((a, b) => b.properties.supporters - a.properties.supporters || (a.properties.body ?? '').localeCompare(b.properties.body ?? '') || a.properties.id.localeCompare(b.properties.id))
        .map((f) => ({
          id: f.properties.id,
          // From tiles a need may come without its text: its topic names it then.
          title: f.properties.body ?? cat(f.properties.category)?.label ?? f.properties.category,
          meta: [cat(f.properties.category)?.label, f.properties.street_name, t.list.supporters(f.properties.supporters)].filter(Boolean).join(' · '),
          colour: cat(f.properties.category)?.colour ?? '#6f6f6f',
        })),
    },
    {
      layer: 'assets',
      rows: props.inView.assets
        .map((f) => ({
          id: f.properties.id,
          title: f.properties.name,
          meta: [label(f.properties.categories), f.properties.address].filter(Boolean).join(' · '),
          colour: cat(f.properties.category)?.colour ?? '#6f6f6f',
        }))
        .sort(byName),
    },
    {
      layer: 'enterprises',
      rows: props.inView.enterprises
        .map((f) => ({
          id: f.properties.id,
          title: f.properties.name,
          meta: [label(f.properties.categories), f.properties.social_goal].filter(Boolean).join(' · '),
          colour: cat(f.properties.category)?.colour ?? '#6f6f6f',
        }))
        .sort(byName),
    },
  ]
  const total = () => props.inView.assets.length + props.inView.enterprises.length + props.inView.needs.length

  return (
    <div class="list-view" id="places-list" tabindex="-1">
      <h2 class="visually-hidden">{t.list.heading}</h2>
      <p class="note" role="status" data-list-summary>
        {t.list.summary(props.inView.assets.length, props.inView.enterprises.length, props.inView.needs.length)}
      </p>
      <Show when={total() === 0}>
        <p class="empty">{t.list.empty}</p>
      </Show>
      <Show when={props.inView.aggregatedNeeds}>
        {(n) => <p class="note" data-list-aggregated>{t.list.zoomForNeeds(n())}</p>}
      </Show>
      <Show when={props.hiddenLayers}>
        <p class="note">{t.list.hiddenLayers}</p>
      </Show>
      <For each={sections().filter((s) => s.rows.length > 0)}>
        {(section) => (
          <section class="list-section" aria-labelledby={`list-${section.layer}`}>
            <h3 id={`list-${section.layer}`} class="list-title">
              {t.list.sections[section.layer]} <span class="count">{section.rows.length}</span>
            </h3>
            <ul role="list" class="items">
              <For each={section.rows.slice(0, LIMIT)}>
                {(row) => (
                  <li>
                    <button
                      type="button"
                      class="item"
                      aria-pressed={props.selected?.layer === section.layer && props.selected.id === row.id}
                      data-item={`${section.layer}/${row.id}`}
                      onClick={() => props.onSelect({ layer: section.layer, id: row.id })}
                    >
                      <Shape layer={section.layer} colour={row.colour} size={20} />
                      <span class="item-text">
                        <span class="item-title">{row.title}</span>
                        <span class="item-meta">{row.meta}</span>
                      </span>
                    </button>
                  </li>
                )}
              </For>
            </ul>
            <Show when={section.rows.length > LIMIT}>
              <p class="note">{t.list.more(section.rows.length - LIMIT)}</p>
            </Show>
          </section>
        )}
      </For>
    </div>
  )
}
