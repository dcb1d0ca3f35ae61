/**
 * The service worker (built by vite-plugin-pwa, injectManifest). It precaches the app
 * shell, fonts, glyphs and icons, so the app opens with no signal; it keeps the last
 * public API answers (network first, the cache when the network fails or is too slow),
 * so the map shows as last seen; and it waits to be told before taking over, so a new
 * version is applied whole on a reload the person chose ("Reload for the new version").
 * IndexedDB (the outbox) is never touched here, so waiting pins survive any update.
 */
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { NetworkFirst } from 'workbox-strategies'
import { ExpirationPlugin } from 'workbox-expiration'
import { clientsClaim, type WorkboxPlugin } from 'workbox-core'
import { cacheKeyFor, isPublicRead, mayStore } from './publicReads.ts'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] }

/** The data cache's name; kept across versions, so an update never forgets the last map. */
export const PUBLIC_READS_CACHE = 'streetlevel-public-reads'
/** On poor signal, how long to wait for the network before showing the kept answer. */
const NETWORK_TIMEOUT_S = 6

precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()
// The first install takes the open page at once, so the map it goes on to load is kept
// (the page asks again for what it loaded before). An update still waits for the
// person's reload: claiming only happens on activation, which an update reaches then.
clientsClaim()

// Any app route opens the precached shell; the API and auth are never answered with it.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), {
  denylist: [/\/rest\/v1\//, /\/auth\/v1\//],
}))

/**
 * Tells every open window whether the last public read came from the network or, with
 * the network failing, from the cache, so the app can say it shows the map as last seen
 * even where the browser believes it is online (a dead signal, a server that is down).
 */
const announce = (source: 'network' | 'cache') => {
  void self.clients.matchAll({ type: 'window' }).then((windows) => {
    for (const w of windows) w.postMessage({ type: 'streetlevel:data-source', source })
  })
}
const announcing: WorkboxPlugin = {
  fetchDidSucceed: ({ response }) => {
    announce('network')
    return Promise.resolve(response)
  },
  cachedResponseWillBeUsed: ({ cachedResponse }) => {
    if (cachedResponse) announce('cache')
    return Promise.resolve(cachedResponse)
  },
}

const expiration = new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true })
const onlyStorable: WorkboxPlugin = {
  cacheWillUpdate: ({ response }) => Promise.resolve(mayStore(response) ? response : null),
}

// The client config (where the API is, the anon key) is public; without it nothing loads
// offline. The server marks it no-store so no HTTP cache serves a stale one; network first
// means it is still always fresh when there is a network.
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname.endsWith('/streetlevel-config.json'),
  new NetworkFirst({
    cacheName: PUBLIC_READS_CACHE,
    networkTimeoutSeconds: NETWORK_TIMEOUT_S,
    plugins: [{ cacheWillUpdate: ({ response }) => Promise.resolve(response.ok ? response : null) }],
  }),
)

/** Public reads, GET or POST: one strategy per request, so the POST body's key is fixed before the body is sent. */
const publicRead = async ({ request, event }: { request: Request; event: ExtendableEvent }) => {
  const key = await cacheKeyFor(request)
  const strategy = new NetworkFirst({
    cacheName: PUBLIC_READS_CACHE,
    networkTimeoutSeconds: NETWORK_TIMEOUT_S,
    plugins: [onlyStorable, expiration, announcing, { cacheKeyWillBeUsed: () => Promise.resolve(key) }],
  })
  return strategy.handle({ request, event })
}
const matchPublicRead = ({ request, url }: { request: Request; url: URL }) => isPublicRead(request.method, url, request.headers)
registerRoute(matchPublicRead, publicRead, 'GET')
registerRoute(matchPublicRead, publicRead, 'POST')

// The page asks for the new version only when the person chose to reload.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting()
})
