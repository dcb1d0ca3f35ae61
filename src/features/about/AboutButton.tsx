/**
 * The header's About button (a container): opens the About panel and loads the data
 * sources the first time it opens (refetched on each opening, as imports change them).
 */
import { createMemo, createResource, createSignal, Show } from 'solid-js'
import { groupSources, listDataSources } from '../../data/sources.ts'
import { aboutText as a } from '../../i18n/about.ts'
import { AboutPanel } from './AboutPanel.tsx'

export function AboutButton() {
  const [open, setOpen] = createSignal(false)
  // Keyed on `open`: a resource whose source is false does not fetch.
  const [rows] = createResource(open, () => listDataSources())
  const sources = createMemo(() => (rows.state === 'ready' ? groupSources(rows()) : undefined))
  return (
    <>
      <button type="button" class="link-button about-button" aria-label={a.openLabel} aria-haspopup="dialog" aria-expanded={open()}
        onClick={() => setOpen(true)}>
        {a.open}
      </button>
      <Show when={open()}>
        <AboutPanel sources={sources()} error={rows.state === 'errored'} onClose={() => setOpen(false)} />
      </Show>
    </>
  )
}
