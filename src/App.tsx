/**
 * The app shell: loads the category taxonomy (colours and labels drive every layer,
 * the legend and the list), then the map screen. A server that cannot be reached
 * gets a clear message and a retry, never a blank page.
 */
import { createResource, createSignal, Match, onCleanup, Switch } from 'solid-js'
import { listCategories } from './data/categories.ts'
import { ApiError } from './data/rpc.ts'
import { BriefsScreen } from './features/briefs/BriefsScreen.tsx'
import { parseBriefsRoute } from './features/briefs/route.ts'
import { MapScreen } from './features/map/MapScreen.tsx'
import { t } from './i18n/en.ts'
import { createMapState } from './state/mapState.ts'

export function App() {
  const [categories, { refetch }] = createResource(listCategories)
  const state = createMapState()
  // Briefs pages live in the hash (#/briefs…), so the map's query string stays its own.
  const [briefsRoute, setBriefsRoute] = createSignal(parseBriefsRoute(location.hash))
  const onHash = () => setBriefsRoute(parseBriefsRoute(location.hash))
  window.addEventListener('hashchange', onHash)
  onCleanup(() => window.removeEventListener('hashchange', onHash))
  const unreachable = () => categories.error instanceof ApiError && categories.error.unreachable
  return (
    <Switch>
      <Match when={categories.state === 'errored'}>
        <main class="splash" data-status="error">
          <div class="splash-card" role="alert">
            <h1>{t.appName}</h1>
            <p class="banner-title">{unreachable() ? t.status.unreachable : t.status.failed}</p>
            <p>{unreachable() ? t.status.unreachableHelp : (categories.error as Error)?.message}</p>
            <button type="button" class="button" onClick={() => { void refetch(); state.loaded.retry() }}>{t.status.retry}</button>
          </div>
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
  )
}
