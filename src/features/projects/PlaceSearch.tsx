/**
 * A street or place, found with the server's place search (search_places): an ARIA 1.2
 * combobox. Type, move with ↑/↓, choose with Enter or a click, leave with Escape.
 */
import { createResource, createSignal, createUniqueId, For, Show } from 'solid-js'
import { searchPlaces, type PlaceHit } from '../../data/search.ts'
import { projectsText as t } from '../../i18n/projects.ts'
import { createDebounced } from '../../state/debounced.ts'

export interface ChosenPlace {
  lon: number
  lat: number
  label: string
}

export function PlaceSearch(props: { label: string; onChoose(place: ChosenPlace): void }) {
  const id = createUniqueId()
  const [query, setQuery] = createSignal('')
  const [open, setOpen] = createSignal(false)
  const [active, setActive] = createSignal(-1)
  const settled = createDebounced(() => query().trim(), 250)
  const [hits] = createResource(
    () => (settled().length >= 2 ? settled() : false),
    (q) => searchPlaces(q, 6).catch(() => [] as PlaceHit[]),
  )
  const results = () => (open() && settled().length >= 2 ? (hits.latest ?? []) : [])

  const choose = (hit: PlaceHit | undefined) => {
    if (!hit) return
    setQuery(hit.name)
    setOpen(false)
    setActive(-1)
    props.onChoose({ lon: hit.point[0], lat: hit.point[1], label: hit.name })
  }
  const onKeyDown = (e: KeyboardEvent) => {
    const n = results().length
    if (e.key === 'ArrowDown' && n > 0) {
      e.preventDefault()
      setActive((i) => (i + 1) % n)
    } else if (e.key === 'ArrowUp' && n > 0) {
      e.preventDefault()
      setActive((i) => (i <= 0 ? n - 1 : i - 1))
    } else if (e.key === 'Enter') {
      e.preventDefault()
      choose(results()[Math.max(0, active())])
    } else if (e.key === 'Escape') {
      setOpen(false)
      setActive(-1)
    }
  }

  return (
    <div class="pj-place">
      <label for={`${id}-input`} class="pj-label">{props.label}</label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        aria-expanded={results().length > 0}
        aria-controls={`${id}-list`}
        aria-activedescendant={active() >= 0 ? `${id}-opt-${active()}` : undefined}
        placeholder={t.find.searchPlaceholder}
        value={query()}
        onInput={(e) => {
          setQuery(e.currentTarget.value)
          setOpen(true)
          setActive(-1)
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      <ul id={`${id}-list`} role="listbox" class="pj-place-list" aria-label={props.label} hidden={results().length === 0}>
        <For each={results()}>
          {(hit, i) => (
            <li
              id={`${id}-opt-${i()}`}
              role="option"
              aria-selected={active() === i()}
              class="pj-place-option"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(hit)}
            >
              <span class="pj-place-name">{hit.name}</span>
              <Show when={hit.context}><span class="pj-place-context">{hit.context}</span></Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={open() && settled().length >= 2 && hits.state === 'ready' && (hits() ?? []).length === 0}>
        <p class="pj-hint" role="status">{t.find.noPlaces}</p>
      </Show>
    </div>
  )
}
