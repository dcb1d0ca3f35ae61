/**
 * The side panel (a bottom sheet on phones): tabs for the map key, the list of what is
 * in view and projects to join. Tabs follow the ARIA pattern: ←/→ move between them.
 */
import { createSignal, For, Show, type JSX } from 'solid-js'
import type { Category, LayerId } from '../../data/types.ts'
import { LAYER_IDS } from '../../data/types.ts'
import { briefsText } from '../../i18n/briefs.ts'
import { t } from '../../i18n/en.ts'
import { projectsText } from '../../i18n/projects.ts'
import type { Selection, Tab } from '../../state/urlState.ts'
import type { LegendCounts } from './countInView.ts'
import type { InView } from '../../state/filter.ts'
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
  onToggleLayer: (id: LayerId, on: boolean) => void
  onTopics: (topics: string[] | null) => void
  onSelect: (selection: Selection) => void
  /** The projects tab's content (src/features/projects). */
  projects?: JSX.Element
}

const TABS: Tab[] = ['key', 'list', 'projects']

export function SidePanel(props: SidePanelProps) {
  // On phones the sheet starts folded down to its tabs, so the map gets the screen.
  const [open, setOpen] = createSignal(false)
  const tabs: HTMLButtonElement[] = []
  const total = () => props.inView.assets.length + props.inView.enterprises.length + props.inView.needs.length
  const tabLabel = (tab: Tab): JSX.Element =>
    tab === 'key' ? t.tabs.key : tab === 'list' ? <>{t.tabs.list} <span class="count">{total()}</span></> : projectsText.tab
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
    <aside class="panel" id="side-panel" tabindex="-1" classList={{ open: open() }} aria-label={t.tabs.label}>
      <div class="panel-tabs">
        <div role="tablist" aria-label={t.tabs.label} class="tablist" onKeyDown={onKeyDown}>
          <For each={TABS}>
            {(tab, i) => (
              <button
                ref={(el) => (tabs[i()] = el)}
                type="button"
                role="tab"
                id={`tab-${tab}`}
                aria-selected={props.tab === tab}
                aria-controls={`panel-${tab}`}
                tabindex={props.tab === tab ? 0 : -1}
                onClick={() => choose(tab)}
              >
                {tabLabel(tab)}
              </button>
            )}
          </For>
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
      {/* Whatever takes focus in the sheet (a form's answer, a keyboard user) unfolds it. */}
      <div class="panel-body" onFocusIn={() => setOpen(true)}>
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
      <a class="briefs-link" href="#/briefs">{briefsText.link}</a>
    </aside>
  )
}
