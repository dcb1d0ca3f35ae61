/**
 * What residents add over the map: the "Pin a need" launcher, the pin sheet with its
 * crosshair and hint, the outbox tray, the moderators' list and short confirmations.
 * The map screen mounts it once inside the map area.
 */
import { createMemo, createSignal, Show } from 'solid-js'
import type { BBox, Category } from '../../data/types.ts'
import { needsText } from '../../i18n/needs.ts'
import type { MapApi } from '../../map/MapView.tsx'
import type { MapState } from '../../state/mapState.ts'
import { ModerationPanel } from './ModerationPanel.tsx'
import { MyNeeds } from './MyNeeds.tsx'
import { nearestStreet } from './nearestStreet.ts'
import { OutboxTray } from './OutboxTray.tsx'
import { PinSheet } from './PinSheet.tsx'
import { emptyDraft, useResidents } from './residents.ts'
import './needs.css'

export function ResidentsOverlay(props: {
  categories: Category[]
  state: MapState
  api: MapApi | undefined
  /** Moves the map so the point is clear of the panels (the need's page, the phone's sheet). */
  showPoint(lon: number, lat: number, zoom?: number): void
}) {
  const r = useResidents()!
  const [toast, setToast] = createSignal<string | null>(null)
  let toastTimer: ReturnType<typeof setTimeout> | undefined
  const say = (text: string) => {
    setToast(text)
    clearTimeout(toastTimer)
    toastTimer = setTimeout(() => setToast(null), 6000)
  }
  const data = () => props.state.loaded.data()
  // Neighbourhoods in view, as boxes, for the form's served-area check (null: not known, the
  // layer is off or some of the view's tiles could not be fetched; the database decides).
  const areas = createMemo<BBox[] | null>(() => {
    const { loaded } = props.state
    if (!props.state.layers().includes('neighbourhoods') || loaded.loading() || loaded.partial()) return null
    return data().neighbourhoods.features.map((f) => {
      const b: BBox = [Infinity, Infinity, -Infinity, -Infinity]
      for (const poly of f.geometry.coordinates) for (const [x, y] of poly[0]) {
        b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y); b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y)
      }
      return b
    })
  })
  const streetName = createMemo(() => {
    const p = r.draft().point
    return p ? (nearestStreet(data().streets, p.lon, p.lat)?.name ?? null) : null
  })

  const start = () => {
    props.state.setSelected(null)
    r.setModerating(false)
    r.setListingMine(false)
    r.setPinning(true)
  }
  const close = () => {
    r.setPinning(false)
    r.setDraft(emptyDraft())
  }
  const select = (id: string) => props.state.setSelected({ layer: 'needs', id })

  return (
    <>
      <Show when={!r.pinning()}>
        <button type="button" class="pin-launch" id="pin-a-need" onClick={start} data-pin-launch>
          <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true"><path d="M11 20s-6.5-6.2-6.5-11a6.5 6.5 0 0 1 13 0c0 4.8-6.5 11-6.5 11z" fill="#fff" /><path d="M11 6v6M8 9h6" stroke="#c2410c" stroke-width="2.2" stroke-linecap="round" /></svg>
          {needsText.pin.open}
        </button>
      </Show>
      <Show when={!r.pinning() && !r.listingMine() && (r.mine() ?? []).length > 0}>
        <button type="button" class="my-needs-launch" onClick={() => { r.setModerating(false); props.state.setSelected(null); r.setListingMine(true) }} data-my-needs-launch>
          {needsText.mine.launch((r.mine() ?? []).length)}
        </button>
      </Show>
      <Show when={r.listingMine() && !r.pinning()}>
        <MyNeeds onClose={() => r.setListingMine(false)} onOpen={(need) => {
          r.setListingMine(false)
          select(need.id)
          const [lon, lat] = need.exact_point ?? need.public_point
          props.showPoint(lon, lat, 17)
        }} />
      </Show>
      <Show when={r.pinning()}>
        <Show when={!r.draft().point}>
          <p class="pin-hint" aria-hidden="true">{needsText.pin.placeHint.split('.')[0]}.</p>
        </Show>
        <svg class="crosshair" viewBox="0 0 34 34" aria-hidden="true"><path d="M17 3v9M17 22v9M3 17h9M22 17h9" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" /></svg>
        <PinSheet
          categories={props.categories}
          areas={areas()}
          streetName={streetName()}
          onUseCentre={() => r.setPoint(props.state.camera().lon, props.state.camera().lat)}
          onClose={close}
          onDone={(result) => {
            close()
            if ('need' in result) {
              say(needsText.pin.done)
              select(result.need.id)
              // The new pin, at its public point (what everyone sees), not under its own page.
              props.showPoint(result.need.public_point[0], result.need.public_point[1])
            } else if ('supported' in result) {
              say(needsText.need.supporters(result.supported.supporters))
              select(result.supported.id)
            } else say(result.message ? `${result.message} ${needsText.pin.queuedLater}` : needsText.pin.queued)
          }}
        />
      </Show>
      <OutboxTray onFix={(item) => {
        r.setDraft({ point: { lon: item.lon, lat: item.lat }, category: item.category, body: item.body, outboxId: item.id })
        props.state.setSelected(null)
        r.setPinning(true)
        props.api?.flyTo(item.lon, item.lat)
      }} />
      <Show when={r.moderating() && !r.pinning()}>
        <ModerationPanel onClose={() => r.setModerating(false)} onOpen={(id, [lon, lat]) => {
          r.setModerating(false)
          props.api?.flyTo(lon, lat, 17)
          select(id)
        }} />
      </Show>
      <Show when={toast()}>
        <div class="needs-toast" role="status" data-toast>
          <span>{toast()}</span>
          <button type="button" class="link-button" onClick={() => setToast(null)}>OK</button>
        </div>
      </Show>
    </>
  )
}
