/** Pins this device holds that the server does not have yet: waiting, or refused with a reason. */
import { For, Show } from 'solid-js'
import { needsText } from '../../i18n/needs.ts'
import type { OutboxItem } from './outboxStore.ts'
import { useResidents } from './residents.ts'
import './needs.css'

const o = needsText.outbox

export function OutboxTray(props: { onFix(item: OutboxItem): void }) {
  const r = useResidents()!
  const items = () => r.outbox.items()
  return (
    <Show when={items().length > 0}>
      <section class="outbox" aria-labelledby="outbox-title" data-outbox>
        <h2 id="outbox-title" class="outbox-title">{o.heading}</h2>
        <ul class="outbox-list" role="list">
          <For each={items()}>
            {(item) => (
              <li class="outbox-item" data-outbox-state={item.state} data-outbox-id={item.id}>
                <span class="outbox-state" classList={{ failed: item.state === 'failed' }}>
                  {item.state === 'failed' ? o.failed : o.waiting}
                </span>
                <p class="outbox-body">{item.body}</p>
                <p class="outbox-meta" role={item.state === 'failed' ? 'alert' : undefined}>
                  {item.message ?? [item.street, o.waitingHelp].filter(Boolean).join(' · ')}
                </p>
                <div class="action-row">
                  <Show when={item.state === 'failed'} fallback={<button type="button" class="link-button" onClick={() => void r.outbox.flush()}>{o.retry}</button>}>
                    <button type="button" class="button small" onClick={() => props.onFix(item)}>{o.fix}</button>
                  </Show>
                  <button type="button" class="link-button danger" onClick={() => void r.outbox.discard(item.id)}>{o.discard}</button>
                </div>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  )
}
