/** Moderators: needs with open reports, most reported first; open one to hide it with a reason. */
import { createResource, For, Show } from 'solid-js'
import { reportedNeeds } from '../../data/needs.ts'
import { needsText } from '../../i18n/needs.ts'
import { humanMessage } from './errors.ts'
import { useResidents } from './residents.ts'
import './needs.css'

const m = needsText.moderation

export function ModerationPanel(props: { onOpen(id: string, point: [number, number]): void; onClose(): void }) {
  const r = useResidents()!
  const [list] = createResource(() => ({ user: r.account()?.userId, v: r.mine() }), () => reportedNeeds())
  return (
    <section class="moderation" role="region" aria-labelledby="moderation-title" data-moderation onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <header class="details-head">
        <div class="details-titles"><h2 id="moderation-title">{m.heading}</h2></div>
        <button type="button" class="icon-button" aria-label={m.close} onClick={() => props.onClose()}>
          <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><path d="M5 5l10 10M15 5 5 15" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></svg>
        </button>
      </header>
      <div class="details-body">
        <Show when={list.state === 'errored'}><p class="form-error" role="alert">{humanMessage(list.error)}</p></Show>
        <Show when={list.state === 'ready' && list().length === 0}><p class="note">{m.empty}</p></Show>
        <ul class="similar-list" role="list">
          <For each={list.latest ?? []}>
            {(need) => (
              <li class="similar-item" data-reported-id={need.id}>
                <div class="similar-text">
                  <p class="similar-body">{need.body}</p>
                  <p class="similar-meta">{[need.street_name, m.reports(need.reports)].filter(Boolean).join(' · ')}</p>
                  <For each={need.reasons}>{(reason) => <p class="report-reason">“{reason}”</p>}</For>
                </div>
                <button type="button" class="button small" onClick={() => props.onOpen(need.id, need.public_point)}>{m.open}</button>
              </li>
            )}
          </For>
        </ul>
      </div>
    </section>
  )
}
