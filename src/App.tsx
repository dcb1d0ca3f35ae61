/**
 * The app shell: loads the category taxonomy (colours and labels drive every layer,
 * the legend and the list), then the map screen. A server that cannot be reached gets
 * a clear message, retries by itself with backoff (2 s doubling to a minute, as the
 * outbox does), and still shows the pins waiting on this device.
 */
import { createResource, createSignal, Match, onCleanup, Show, Switch } from 'solid-js'
import { takeCategories } from './boot.ts'
import { listCategories } from './data/categories.ts'
import { ApiError } from './data/rpc.ts'
import { BriefsScreen } from './features/briefs/BriefsScreen.tsx'
import { parseBriefsRoute } from './features/briefs/route.ts'
import { MapScreen } from './features/map/MapScreen.tsx'
import { WaitingPins } from './features/needs/WaitingPins.tsx'
import { backoffMs } from './features/needs/outbox.ts'
import { t } from './i18n/en.ts'
import { AppStatus } from './pwa/AppStatus.tsx'
import { createMapState } from './state/mapState.ts'

export function App() {
  const [failures, setFailures] = createSignal(0)
  const [nextTry, setNextTry] = createSignal<number | null>(null)
  const [now, setNow] = createSignal(Date.now())
  let timer: ReturnType<typeof setTimeout> | undefined
  const tick = setInterval(() => setNow(Date.now()), 1000)
  onCleanup(() => {
    clearTimeout(timer)
    clearInterval(tick)
  })

  const state = createMapState()
  // Briefs pages live in the hash (#/briefs…), so the map's query string stays its own.
  const [briefsRoute, setBriefsRoute] = createSignal(parseBriefsRoute(location.hash))
  const onHash = () => setBriefsRoute(parseBriefsRoute(location.hash))
  window.addEventListener('hashchange', onHash)
  onCleanup(() => window.removeEventListener('hashchange', onHash))
  const retry = () => {
    clearTimeout(timer)
    setNextTry(null)
    void refetch()
    state.loaded.retry()
  }
  const [categories, { refetch }] = createResource(async () => {
    try {
      const list = await takeCategories()
      setFailures(0)
      return list
    } catch (error) {
      // Unreachable, or the server asks to wait (503 during recovery): try again by itself.
      if (error instanceof ApiError && (error.unreachable || (error.status ?? 0) >= 500)) {
        const n = failures() + 1
        setFailures(n)
        const delay = backoffMs(n)
        setNextTry(Date.now() + delay)
        clearTimeout(timer)
        timer = setTimeout(retry, delay)
      }
      throw error
    }
  })
  const unreachable = () => categories.error instanceof ApiError && categories.error.unreachable
  const secondsLeft = () => {
    const at = nextTry()
    return at === null ? null : Math.max(0, Math.ceil((at - now()) / 1000))
  }
  return (
    <>
      <AppStatus onFirstControl={() => {
        // Ask again for what loaded before the worker took the page, so it is kept for offline.
        void fetch('/streetlevel-config.json', { cache: 'no-store' }).catch(() => {})
        void listCategories().catch(() => {})
        state.loaded.retry()
      }} />
      <Switch>
        <Match when={categories.state === 'errored' || (categories.loading && failures() > 0)}>
          <main class="splash" data-status="error">
            <div class="splash-card" role="alert">
              <h1>{t.appName}</h1>
              <p class="banner-title">{unreachable() || failures() > 0 ? t.status.unreachable : t.status.failed}</p>
              <p>{unreachable() || failures() > 0 ? t.status.unreachableHelp : (categories.error as Error)?.message}</p>
              <Show when={failures() > 0}>
                <p class="note" data-retrying>{categories.loading || secondsLeft() === 0 ? t.status.retryingNow : t.status.retrying(secondsLeft() ?? 0)}</p>
              </Show>
              <button type="button" class="button" onClick={retry}>{t.status.retry}</button>
            </div>
            <WaitingPins />
          </main>
        </Match>
        <Match when={categories.state === 'ready' && briefsRoute() && categories()}>
          {(list) => <BriefsScreen route={briefsRoute()!} categories={list()} />}
        </Match>
        <Match when={categories.state === 'ready' && categories()}>
          {(list) => <MapScreen categories={list()} state={state} />}
        </Match>
        <Match when={true}>
          <main class="splash" data-status="loading">
            <div class="splash-card" role="status">
              <h1>{t.appName}</h1>
              <p>{t.status.loading}</p>
            </div>
          </main>
        </Match>
      </Switch>
    </>
  )
}
