/** The map key: layer toggles and the topic filter, each with its count in view (the legend). */
import { For, Show } from 'solid-js'
import type { Category, LayerId } from '../../data/types.ts'
import { t } from '../../i18n/en.ts'
import type { LegendCounts } from './countInView.ts'
import { Shape } from './Shape.tsx'

/** Points first: they are what people come for. */
export const LAYER_ORDER: LayerId[] = ['needs', 'assets', 'enterprises', 'streets', 'neighbourhoods']

export interface KeyPanelProps {
  categories: Category[]
  layers: LayerId[]
  topics: string[] | null
  counts: LegendCounts
  truncated: boolean
  onToggleLayer(id: LayerId, on: boolean): void
  onTopics(topics: string[] | null): void
}

export function KeyPanel(props: KeyPanelProps) {
  const chosen = (slug: string) => props.topics === null || props.topics.includes(slug)
  const toggleTopic = (slug: string, on: boolean) => {
    const all = props.categories.map((c) => c.slug)
    const now = props.topics ?? all
    const next = on ? [...new Set([...now, slug])] : now.filter((s) => s !== slug)
    props.onTopics(next.length === all.length ? null : next)
  }
  const count = (id: LayerId) => (id === 'assets' || id === 'enterprises' || id === 'needs' ? props.counts.layers[id] : null)
  const shownTopics = () => (props.topics === null ? props.categories.length : props.topics.length)

  return (
    <div class="key">
      <section aria-labelledby="layers-heading" class="key-section">
        <h2 id="layers-heading" class="section-title">{t.layers.heading}</h2>
        <ul class="toggle-list" role="list">
          <For each={LAYER_ORDER}>
            {(id) => (
              <li>
                <label class="toggle">
                  <input
                    type="checkbox"
                    checked={props.layers.includes(id)}
                    onChange={(e) => props.onToggleLayer(id, e.currentTarget.checked)}
                    data-layer={id}
                  />
                  <Shape layer={id} size={20} />
                  <span class="toggle-text">
                    <span class="toggle-label">{t.layers[id]}</span>
                    <span class="toggle-hint">{t.layerHints[id]}</span>
                  </span>
                  <Show when={count(id) !== null && props.layers.includes(id)}>
                    <span class="count" data-count-layer={id}>
                      {t.legend.layerCount(count(id) ?? 0)}
                      <span class="visually-hidden"> in view</span>
                    </span>
                  </Show>
                </label>
              </li>
            )}
          </For>
        </ul>
        <Show when={props.truncated}>
          <p class="note warn" role="status">{t.legend.truncated}</p>
        </Show>
      </section>

      <section aria-labelledby="topics-heading" class="key-section">
        <div class="section-head">
          <h2 id="topics-heading" class="section-title">{t.categories.heading}</h2>
          <div class="chip-actions">
            <button type="button" class="link-button" onClick={() => props.onTopics(null)} disabled={props.topics === null}>
              {t.categories.all}
            </button>
            <button type="button" class="link-button" onClick={() => props.onTopics([])} disabled={props.topics?.length === 0}>
              {t.categories.none}
            </button>
          </div>
        </div>
        <p class="note" aria-live="polite">{t.categories.filterNote(shownTopics(), props.categories.length)}</p>
        <ul class="topic-list" role="list">
          <For each={props.categories}>
            {(c) => (
              <li>
                <label class="topic">
                  <input
                    type="checkbox"
                    checked={chosen(c.slug)}
                    onChange={(e) => toggleTopic(c.slug, e.currentTarget.checked)}
                    data-topic={c.slug}
                  />
                  <span class="swatch" style={{ 'background-color': c.colour }} aria-hidden="true" />
                  <span class="topic-label">{c.label}</span>
                  <Show when={chosen(c.slug)}>
                    <span class="count" data-count-topic={c.slug}>
                      {t.legend.countOf(props.counts.topics[c.slug]?.total ?? 0)}
                      <span class="visually-hidden"> in view</span>
                    </span>
                  </Show>
                </label>
              </li>
            )}
          </For>
        </ul>
      </section>
    </div>
  )
}
