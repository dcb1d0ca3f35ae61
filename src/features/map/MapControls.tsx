/** Zoom, reset rotation and "where am I": real buttons with names, over the map. */
import { Show } from 'solid-js'
import { t } from '../../i18n/en.ts'

export interface MapControlsProps {
  disabled: boolean
  locating: boolean
  onZoomIn(): void
  onZoomOut(): void
  onReset(): void
  onLocate(): void
}

export function MapControls(props: MapControlsProps) {
  return (
    <div class="map-controls" role="group" aria-label="Map controls">
      <button type="button" class="map-button" onClick={() => props.onZoomIn()} disabled={props.disabled} aria-label={t.controls.zoomIn} title={t.controls.zoomIn}>
        <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><path d="M10 4v12M4 10h12" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" /></svg>
      </button>
      <button type="button" class="map-button" onClick={() => props.onZoomOut()} disabled={props.disabled} aria-label={t.controls.zoomOut} title={t.controls.zoomOut}>
        <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><path d="M4 10h12" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" /></svg>
      </button>
      <button type="button" class="map-button" onClick={() => props.onReset()} disabled={props.disabled} aria-label={t.controls.resetView} title={t.controls.resetView}>
        <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
          <path d="M10 2.5 13.5 10h-7Z" fill="#c0392b" />
          <path d="M10 17.5 6.5 10h7Z" fill="currentColor" opacity=".45" />
        </svg>
      </button>
      <button type="button" class="map-button" onClick={() => props.onLocate()} disabled={props.disabled} aria-label={t.controls.locate} title={t.controls.locate} aria-busy={props.locating}>
        <Show
          when={!props.locating}
          fallback={<svg class="spin" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><path d="M10 3a7 7 0 1 1-7 7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></svg>}
        >
          <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
            <circle cx="10" cy="10" r="5" fill="none" stroke="currentColor" stroke-width="2" />
            <circle cx="10" cy="10" r="1.8" fill="currentColor" />
            <path d="M10 1.5v3M10 15.5v3M1.5 10h3M15.5 10h3" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
          </svg>
        </Show>
      </button>
    </div>
  )
}
