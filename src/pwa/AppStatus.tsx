/**
 * What the app says about itself, above every screen: "Offline" while the browser has
 * no network, and "Reload for the new version" when a new service worker has installed
 * the whole of a new version (it waits until the person chooses, so nothing is ever
 * half-applied; the outbox lives in IndexedDB and survives the reload).
 */
import { createSignal, onCleanup, onMount, Show } from 'solid-js'
import { registerSW } from 'virtual:pwa-register'
import { t } from '../i18n/en.ts'
import { firstDraw } from './firstDraw.ts'
import './pwa.css'

export function useOnline() {
  const [online, setOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine)
  onMount(() => {
    const on = () => setOnline(true)
    const off = () => setOnline(false)
    window.addEventListener('online', on)
    window.addEventListener('offline', off)
    onCleanup(() => {
      window.removeEventListener('online', on)
      window.removeEventListener('offline', off)
    })
  })
  return online
}

/**
 * onFirstControl: the service worker has just taken this page on its first install;
 * public reads made before it did were not kept, so the page should ask again.
 */
/** Whether the map data shown came from the worker's cache because the network failed. */
function useFromCache() {
  const [fromCache, setFromCache] = createSignal(false)
  onMount(() => {
    const sw = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined
    if (!sw) return
    const heard = (e: MessageEvent) => {
      const data = e.data as { type?: string; source?: string } | null
      if (data?.type === 'streetlevel:data-source') setFromCache(data.source === 'cache')
    }
    sw.addEventListener('message', heard)
    sw.startMessages()
    onCleanup(() => sw.removeEventListener('message', heard))
  })
  return fromCache
}

export function AppStatus(props: { onFirstControl?(): void }) {
  const browserOnline = useOnline()
  const fromCache = useFromCache()
  const online = () => browserOnline() && !fromCache()
  onMount(() => {
    const sw = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined
    if (!sw || sw.controller) return
    const taken = () => props.onFirstControl?.()
    sw.addEventListener('controllerchange', taken, { once: true })
    onCleanup(() => sw.removeEventListener('controllerchange', taken))
  })
  // Registered once the first view is drawn (see firstDraw), then checked for updates as before.
  const [needRefresh, setNeedRefresh] = createSignal(false)
  let updateServiceWorker: ((reload?: boolean) => Promise<void>) | undefined
  onMount(() => {
    let live = true
    onCleanup(() => (live = false))
    void firstDraw().then(() => {
      if (live) updateServiceWorker = registerSW({ immediate: true, onNeedRefresh: () => setNeedRefresh(true) })
    })
  })
  // The new worker takes over only when asked, and this page reloads the moment it does:
  // never the old page under the new worker (workbox-window's own reload did not fire
  // after an update check in tests/e2e/offline.test.ts, so this page does it itself).
  const reloadForUpdate = () => {
    navigator.serviceWorker?.addEventListener('controllerchange', () => window.location.reload(), { once: true })
    void updateServiceWorker?.(true)
  }
  return (
    <Show when={!online() || needRefresh()}>
      <aside class="app-status" aria-label={t.status.appStatus}>
        <Show when={!online()}>
          <p class="offline-chip" role="status" data-offline="true" title={t.status.offlineHelp}>
            <span class="offline-dot" aria-hidden="true" />
            <span>{t.status.offline}</span>
            <span class="visually-hidden">{t.status.offlineHelp}</span>
          </p>
        </Show>
        <Show when={needRefresh()}>
          <div class="update-prompt" role="status" data-update-ready="true">
            <span>{t.status.updateReady}</span>
            <button type="button" class="button small" onClick={reloadForUpdate}>{t.status.updateReload}</button>
            <button type="button" class="link-button" onClick={() => setNeedRefresh(false)}>{t.status.updateLater}</button>
          </div>
        </Show>
      </aside>
    </Show>
  )
}
