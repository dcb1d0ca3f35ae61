/** A crosshair at the map's centre while an owner chooses where their enterprise is. */
import { Show } from 'solid-js'

export function PickCrosshair(props: { on: boolean }) {
  return (
    <Show when={props.on}>
      <div class="pj-crosshair" aria-hidden="true" data-crosshair>
        <svg width="44" height="44" viewBox="0 0 44 44">
          <circle cx="22" cy="22" r="9" fill="none" stroke="#fff" stroke-width="5" />
          <circle cx="22" cy="22" r="9" fill="none" stroke="#1f5fbf" stroke-width="2.5" />
          <path d="M22 2v11M22 31v11M2 22h11M31 22h11" stroke="#fff" stroke-width="5" stroke-linecap="round" />
          <path d="M22 2v11M22 31v11M2 22h11M31 22h11" stroke="#1f5fbf" stroke-width="2.5" stroke-linecap="round" />
        </svg>
      </div>
    </Show>
  )
}
