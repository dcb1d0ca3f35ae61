/**
 * Search over streets, neighbourhoods, places, enterprises and needs that are loaded,
 * as an ARIA 1.2 combobox: type, move with ↑/↓, choose with Enter, leave with Escape.
 */
import { createMemo, createResource, createSignal, createUniqueId, For, Show } from 'solid-js'
import { searchPlaces } from '../../data/search.ts'
import { t } from '../../i18n/en.ts'
import { createDebounced } from '../../state/debounced.ts'
import { fromPlaceHit, mergeResults, search, type SearchItem } from './search.ts'

export function SearchBox(props: { items: SearchItem[]; onChoose(item: SearchItem): void }) {
  const id = createUniqueId()
  const [query, setQuery] = createSignal('')
  const [open, setOpen] = createSignal(false)
  const [active, setActive] = createSignal(-1)
  // The server searches the whole town; what is loaded answers at once meanwhile.
  const settled = createDebounced(() => query().trim(), 250)
  const [remote] = createResource(
    () => (settled().length >= 2 ? settled() : false),
    async (q) => (await searchPlaces(q, 8).catch(() => [])).map(fromPlaceHit),
  )
  const results = createMemo(() =>
    mergeResults(search(props.items, query()), remote.state === 'ready' && settled() === query().trim() ? (remote() ?? []) : []),
  )
  const expanded = () => open() && query().trim().length > 0

  const choose = (item: SearchItem | undefined) => {
    if (!item) return
    setQuery(item.label)
    setOpen(false)
    setActive(-1)
    props.onChoose(item)
  }
  const onKeyDown = (e: KeyboardEvent) => {
    const n = results().length
    if (e.key === 'ArrowDown' && n > 0) {
      e.preventDefault()
      setOpen(true)
      setActive((i) => (i + 1) % n)
    } else if (e.key === 'ArrowUp' && n > 0) {
      e.preventDefault()
      setOpen(true)
      setActive((i) => (i <= 0 ? n - 1 : i - 1))
    } else if (e.key === 'Enter') {
      e.preventDefault()
      choose(results()[active() >= 0 ? active() : 0])
    } else if (e.key === 'Escape') {
      if (expanded()) setOpen(false)
      else setQuery('')
      setActive(-1)
    }
  }

  return (
    <div class="search" role="search">
      <label for={`${id}-input`} class="visually-hidden">{t.search.label}</label>
      <svg class="search-icon" width="18" height="18" viewBox="0 0 20 20" aria-hidden="true">
        <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2" />
        <path d="m13 13 4.5 4.5" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
      </svg>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        autocomplete="off"
        spellcheck={false}
        placeholder={t.search.placeholder}
        aria-autocomplete="list"
        aria-expanded={expanded()}
        aria-controls={`${id}-list`}
        aria-activedescendant={expanded() && active() >= 0 ? `${id}-opt-${active()}` : undefined}
        value={query()}
        onInput={(e) => {
          setQuery(e.currentTarget.value)
          setOpen(true)
          setActive(-1)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      <div class="search-popup" hidden={!expanded()}>
        <ul id={`${id}-list`} role="listbox" aria-label={t.search.label} class="search-results">
          <For each={results()}>
            {(item, i) => (
              <li
                id={`${id}-opt-${i()}`}
                role="option"
                aria-selected={active() === i()}
                class="search-option"
                data-search-kind={item.kind}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(item)}
              >
                <span class="search-kind">{t.search.kinds[item.kind]}</span>
                <span class="search-label">{item.label}</span>
                <Show when={item.detail}><span class="search-detail">{item.detail}</span></Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={results().length === 0}>
          <p class="search-empty" role="status">{t.search.noResults}</p>
        </Show>
      </div>
    </div>
  )
}
