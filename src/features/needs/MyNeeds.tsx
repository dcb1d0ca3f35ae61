/**
 * "My needs": the needs this person pinned (my_needs), newest first, each with its
 * status; open one to edit, withdraw or confirm it met (its page has those actions),
 * or see its exact spot, which only its author (and moderators) ever receive.
 */
import { For, Show } from 'solid-js'
import type { NeedRecord } from '../../data/needs.ts'
import { needsText } from '../../i18n/needs.ts'
import { statusLabel } from './history.ts'
import { useResidents } from './residents.ts'
import './needs.css'

const m = needsText.mine

export function MyNeeds(props: { onOpen(need: NeedRecord): void; onClose(): void }) {
  const r = useResidents()!
  return (
    <section class="moderation my-needs" role="region" aria-labelledby="my-needs-title" data-my-needs onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <header class="details-head">
        <div class="details-titles"><h2 id="my-needs-title">{m.heading}</h2></div>
        <button type="button" class="icon-button" aria-label={m.close} onClick={() => props.onClose()}>
          <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><path d="M5 5l10 10M15 5 5 15" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></svg>
        </button>
      </header>
      <div class="details-body">
        <Show when={(r.mine() ?? []).length === 0}><p class="note">{m.empty}</p></Show>
        <ul class="similar-list" role="list">
          <For each={r.mine() ?? []}>
            {(need) => (
              <li class="similar-item" data-my-need={need.id} data-status={need.status}>
                <div class="similar-text">
                  <p class="similar-body">{need.body}</p>
                  <p class="similar-meta">
                    <span class="my-need-status">{statusLabel(need.status, need.hidden)}</span>
                    {need.street_name ? ` · ${need.street_name}` : ''}
                  </p>
                  <Show when={need.exact_point}>
                    {(p) => <p class="similar-meta" data-exact-point>{m.exact(p()[1], p()[0])}</p>}
                  </Show>
                </div>
                <button type="button" class="button small" onClick={() => props.onOpen(need)}>{m.open}</button>
              </li>
            )}
          </For>
        </ul>
      </div>
    </section>
  )
}
