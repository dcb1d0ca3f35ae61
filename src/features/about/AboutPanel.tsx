/**
 * The About panel (a view): what Street Level is, each data source present with its
 * licence, notice, link and row counts, the map library's credit and the privacy
 * promise. A modal dialog: it takes focus when it opens, Escape or the close button
 * closes it, and focus goes back to whatever opened it.
 */
import { For, onCleanup, onMount, Show } from 'solid-js'
import { attributionFor } from '../../data/attribution.ts'
import type { DataSource } from '../../data/sources.ts'
import { aboutText as a } from '../../i18n/about.ts'

export function AboutPanel(props: { sources: DataSource[] | undefined; loading?: boolean; error?: boolean; onClose: () => void }) {
  let dialog!: HTMLDivElement
  let closeButton!: HTMLButtonElement
  const opener = document.activeElement as HTMLElement | null
  onMount(() => closeButton.focus())
  onCleanup(() => opener?.focus?.())
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation()
      props.onClose()
    } else if (e.key === 'Tab') {
      // Keep focus inside the dialog while it is open (aria-modal promises that).
      const focusable = [...dialog.querySelectorAll<HTMLElement>('a[href], button:not([disabled])')]
      const first = focusable[0]
      const last = focusable[focusable.length - 1]
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault()
        last.focus()
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault()
        first.focus()
      }
    }
  }
  return (
    <div class="about-backdrop" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <div ref={dialog} class="about-panel" role="dialog" aria-modal="true" aria-labelledby="about-heading" data-about onKeyDown={onKeyDown}>
        <div class="about-head">
          <h2 id="about-heading">{a.heading}</h2>
          <button ref={closeButton} type="button" class="link-button" aria-label={a.closeLabel} onClick={() => props.onClose()}>
            {a.close}
          </button>
        </div>
        <p>{a.intro}</p>

        <h3>{a.sourcesHeading}</h3>
        <Show when={!props.error} fallback={<p role="alert">{a.sourcesFailed}</p>}>
          <Show when={props.sources} fallback={<p role="status">{a.sourcesLoading}</p>}>
            {(sources) => (
              <Show when={sources().length > 0} fallback={<p>{a.noSources}</p>}>
                <ul class="about-sources">
                  <For each={sources()}>
                    {(s) => {
                      const credit = attributionFor(s.source)
                      return (
                        <li data-source={s.source}>
                          <h4>{a.sourceName(s.source)}</h4>
                          <p class="about-counts">{s.layers.map((l) => a.layerRows(l.layer, l.rows)).join(' · ')}</p>
                          <Show when={credit} fallback={<p>{a.localSource}</p>}>
                            {(c) => (
                              <>
                                <p class="about-credit">{c().text}</p>
                                <p>{c().notice}</p>
                                <p>
                                  {a.licence}: {c().licence}
                                  <Show when={c().url}>
                                    {(url) => (
                                      <>
                                        {' · '}
                                        <a href={url()} rel="noopener noreferrer" target="_blank">{a.link}</a>
                                      </>
                                    )}
                                  </Show>
                                </p>
                              </>
                            )}
                          </Show>
                        </li>
                      )
                    }}
                  </For>
                </ul>
              </Show>
            )}
          </Show>
        </Show>

        <h3>{a.mapHeading}</h3>
        <p>
          {a.maplibre} <a href="https://maplibre.org/" rel="noopener noreferrer" target="_blank">{a.maplibreLink}</a>
        </p>

        <h3>{a.privacyHeading}</h3>
        <p data-privacy>{a.privacy}</p>
      </div>
    </div>
  )
}
