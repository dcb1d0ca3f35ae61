/**
 * The signed-in person's notices (my_notifications): "your need was marked met — is it?",
 * "the resident says it is not met", "your adoption was undone". A button in the top bar
 * with the unread count; opening the list marks them read. Text is rendered as text.
 */
import { createResource, createSignal, For, onCleanup, onMount, Show } from 'solid-js'
import { markNotificationsRead, myNotifications } from '../../data/lifecycle.ts'
import { lifecycleText } from '../../i18n/lifecycle.ts'
import { useResidents } from './residents.ts'
import './lifecycle.css'
import './needs.css'

const n = lifecycleText.notices

export function Notices() {
  const r = useResidents()
  const [open, setOpen] = createSignal(false)
  const [notices, { refetch }] = createResource(
    () => r?.account()?.userId ?? false,
    () => myNotifications().catch(() => ({ unread: 0, items: [] })),
  )
  let root!: HTMLDivElement
  const outside = (e: MouseEvent) => open() && !root.contains(e.target as Node) && setOpen(false)
  onMount(() => document.addEventListener('click', outside))
  onCleanup(() => document.removeEventListener('click', outside))

  const toggle = async () => {
    const opening = !open()
    setOpen(opening)
    if (opening && (notices()?.unread ?? 0) > 0) {
      await markNotificationsRead().catch(() => 0)
      void refetch()
    }
  }

  return (
    <Show when={(notices()?.items.length ?? 0) > 0}>
      <div class="notices" ref={root} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
        <button type="button" class="account-button" aria-expanded={open()} aria-controls="notices-list" onClick={() => void toggle()}>
          <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><path d="M10 3a4.5 4.5 0 0 0-4.5 4.5c0 3.5-1.5 5-2 5.5h13c-.5-.5-2-2-2-5.5A4.5 4.5 0 0 0 10 3zM8 16a2 2 0 0 0 4 0" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" /></svg>
          {/* Hidden on phones like the account label (needs.css); it stays the button's name. */}
          <span class="account-label">{n.button}</span>
          <Show when={(notices()?.unread ?? 0) > 0}>
            <span class="notices-count" data-unread={notices()!.unread}>
              <span aria-hidden="true">{notices()!.unread}</span>
              <span class="visually-hidden">{n.unread(notices()!.unread)}</span>
            </span>
          </Show>
        </button>
        <Show when={open()}>
          <div class="notices-list" id="notices-list" role="group" aria-label={n.heading}>
            <h2>{n.heading}</h2>
            <ol>
              <For each={notices()?.items ?? []} fallback={<li>{n.empty}</li>}>
                {(item) => (
                  <li classList={{ unread: !item.read }} data-notice={item.kind}>
                    {item.body}
                    <span class="notices-when">{n.when(item.created_at)}</span>
                  </li>
                )}
              </For>
            </ol>
            <button type="button" class="link-button" onClick={() => setOpen(false)}>{n.close}</button>
          </div>
        </Show>
      </div>
    </Show>
  )
}
