/**
 * The side panel (a bottom sheet on phones): two tabs, the map key and the list of
 * what is in view. Tabs follow the ARIA pattern: ←/→ move between them.
 */
import { createSignal, Show, type JSX } from 'solid-js'
import type { Category, LayerId } from '../../data/types.ts'
import { LAYER_IDS } from '../../data/types.ts'
import { t } from '../../i18n/en.ts'
import { projectsText } from '../../i18n/projects.ts'
import type { Selection, Tab } from '../../state/urlState.ts'
import type { LegendCounts } from './countInView.ts'
import type { InView } from './filter.ts'
import { KeyPanel } from './KeyPanel.tsx'
import { ListView } from './ListView.tsx'

export interface SidePanelProps {
  tab: Tab
  onTab(tab: Tab): void
  categories: Category[]
  layers: LayerId[]
  topics: string[] | null
  counts: LegendCounts
  inView: InView
  selected: Selection | null
  onToggleLayer(id: LayerId, on: boolean): void
  onTopics(topics: string[] | null): void
  onSelect(selection: Selection): void
  /** The projects tab's content (src/features/projects). */
  projects?: JSX.Element
}

const TABS: Tab[] = ['key', 'list', 'projects']

export function SidePanel(props: SidePanelProps) {
  // On phones the sheet starts folded down to its tabs, so the map gets the screen.
  const [open, setOpen] = createSignal(false)
  const tabs: HTMLButtonElement[] = []
  const total = () => props.inView.assets.length + props.inView.enterprises.length + props.inView.needs.length
  const choose = (tab: Tab) => {
    props.onTab(tab)
    setOpen(true)
  }
  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.indexOf(props.tab)
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : -1
    if (next < 0) return
    e.preventDefault()
    choose(TABS[next])
    tabs[next]?.focus()
  }

  return (
    <aside class="panel" classList={{ open: open() }} aria-label={t.tabs.label}>
      <div class="panel-tabs">
        <div role="tablist" aria-label={t.tabs.label} class="tablist" onKeyDown={onKeyDown}>
          <button
            ref={(el) => (tabs[0] = el)}
            type="button"
            role="tab"
            id="tab-key"
            aria-selected={props.tab === 'key'}
            aria-controls="panel-key"
            tabindex={props.tab === 'key' ? 0 : -1}
            onClick={() => choose('key')}
          >
            {t.tabs.key}
          </button>
          <button
            ref={(el) => (tabs[1] = el)}
            type="button"
            role="tab"
            id="tab-list"
            aria-selected={props.tab === 'list'}
            aria-controls="panel-list"
            tabindex={props.tab === 'list' ? 0 : -1}
            onClick={() => choose('list')}
          >
            {t.tabs.list} <span class="count">{total()}</span>
          </button>
          <button
            ref={(el) => (tabs[2] = el)}
            type="button"
            role="tab"
            id="tab-projects"
            aria-selected={props.tab === 'projects'}
            aria-controls="panel-projects"
            tabindex={props.tab === 'projects' ? 0 : -1}
            onClick={() => choose('projects')}
          >
            {projectsText.tab}
          </button>
        </div>
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
      <div class="panel-body">
        <div role="tabpanel" id="panel-key" aria-labelledby="tab-key" hidden={props.tab !== 'key'}>
          <KeyPanel
            categories={props.categories}
            layers={props.layers}
            topics={props.topics}
            counts={props.counts}
            truncated={props.inView.truncated}
            onToggleLayer={props.onToggleLayer}
            onTopics={props.onTopics}
          />
        </div>
        <div role="tabpanel" id="panel-list" aria-labelledby="tab-list" hidden={props.tab !== 'list'}>
          <Show when={props.tab === 'list'}>
            <ListView
              inView={props.inView}
              categories={props.categories}
              selected={props.selected}
              hiddenLayers={LAYER_IDS.some((id) => !props.layers.includes(id))}
              onSelect={props.onSelect}
            />
          </Show>
        </div>
        <div role="tabpanel" id="panel-projects" aria-labelledby="tab-projects" hidden={props.tab !== 'projects'}>
          <Show when={props.tab === 'projects'}>{props.projects}</Show>
        </div>
      </div>
    </aside>
  )
}
