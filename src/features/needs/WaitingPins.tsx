/**
 * The pins waiting on this device, read straight from the outbox's storage, for screens
 * shown before the map (the server cannot be reached yet): the resident sees their pin
 * is safe. Sending happens once the map screen's outbox runs.
 */
import { createResource, For, Show } from 'solid-js'
import { needsText } from '../../i18n/needs.ts'
import { outboxStore } from './outboxStore.ts'

const o = needsText.outbox

export function WaitingPins() {
  const [items] = createResource(() => outboxStore.all().catch(() => []), { initialValue: [] })
  return (
    <Show when={items().length > 0}>
      <section class="waiting-pins" aria-labelledby="waiting-pins-title" data-waiting-pins>
        <h2 id="waiting-pins-title" class="outbox-title">{o.heading}</h2>
        <ul role="list">
          <For each={items()}>
            {(item) => (
              <li data-outbox-id={item.id}>
                <span class="outbox-state">{item.state === 'failed' ? o.failed : o.waiting}</span>
                <p class="outbox-body">{item.body}</p>
                <Show when={item.street}><p class="outbox-meta">{item.street}</p></Show>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  )
}
