/**
 * How the map's tiles are fetched: on the page's thread (see TILE_PROTOCOL, src/map/tileProtocol.ts),
 * with the headers transformRequest gave; no MapLibre here, so the first view's tiles can be
 * asked for before the map library has arrived. What MapLibre does not do for us:
 * - MapLibre asks for a z14 tile once for each overzoomed tile it cuts from it (four at
 *   z15): those asked while it is on its way share one fetch, aborted only once every one
 *   of them gave up.
 * - A tile that cannot be fetched (no signal, the server down) answers with what it last
 *   brought, so a map asking again (the service worker took the page, "Try again", new
 *   data) keeps what it showed instead of going blank; a tile never fetched answers empty,
 *   never with an error: MapLibre 6 leaves a tile that errored "loading" for ever once the
 *   source's URL changes. Either way the tiles are to be asked for again (onAskAgain):
 *   when the browser is back online, or after a while.
 * - The first view's tiles can be asked for ahead (fetchViewAhead: as soon as the client
 *   config is known, and again as the map is made): MapLibre asks only once its worker has the
 *   style, and its asks take them.
 * - It counts, per URL template, the tiles that have come, so the map is not reported
 *   settled on new tiles before one has; and it knows whether a tile is missing (failed
 *   with nothing to show), so what the map holds is not taken for the whole view.
 */
import { fromTileProtocol, tileAt, tilesCovering } from '../data/tiles.ts'
import type { BBox } from '../data/types.ts'

/** How many tiles' last bytes are kept to fall back on (a few screens of a town). */
const KEPT_TILES = 160
/** After a failed tile, when to ask again if the browser never said it went offline (a server down). */
const ASK_AGAIN_MS = 30_000

const inFlight = new Map<string, { bytes: Promise<ArrayBuffer>; askers: number; controller: AbortController }>()
const arrived = new Map<string, number>()
/** The last bytes of each tile, by its URL without the fragment (the map's reload marker); oldest first. */
const lastGood = new Map<string, ArrayBuffer>()
/** Tiles that failed with nothing to fall back on, until one of them comes. */
const missing = new Set<string>()
const askAgain = new Set<() => void>()
/** Tiles fetched before MapLibre asked for them, for its asks of the next few seconds. */
const ahead = new Map<string, Promise<ArrayBuffer>>()
const AHEAD_KEPT_MS = 10_000
/** A view of more tiles than this (a huge screen) is left to MapLibre. */
const FETCHED_AHEAD_AT_MOST = 16
let askingAgain = false

const withoutFragment = (url: string) => url.split('#')[0]
const templateOf = (url: string) => url.replace(/z=\d+&x=\d+&y=\d+/, 'z={z}&x={x}&y={y}')

/** How many tiles of a URL template have come (or failed) so far. */
export const tilesArrived = (template: string) => arrived.get(template) ?? 0

/** True while some tile could not be fetched and has nothing to show: the map holds less than its view. */
export const tilesMissing = () => missing.size > 0

/** Calls fn when tiles that failed are to be asked for again; returns the unsubscribe. */
export function onAskAgain(fn: () => void): () => void {
  askAgain.add(fn)
  return () => askAgain.delete(fn)
}

function keep(key: string, bytes: ArrayBuffer) {
  lastGood.delete(key)
  lastGood.set(key, bytes)
  if (lastGood.size > KEPT_TILES) lastGood.delete(lastGood.keys().next().value!)
  missing.delete(key)
}

function askAgainSoon() {
  if (askingAgain) return
  askingAgain = true
  const now = () => {
    if (!navigator.onLine) return // the online event will come
    window.removeEventListener('online', now)
    clearTimeout(timer)
    askingAgain = false
    for (const fn of askAgain) fn()
  }
  window.addEventListener('online', now)
  const timer = setTimeout(now, ASK_AGAIN_MS)
}

function fetchShared(url: string, headers: HeadersInit) {
  const controller = new AbortController()
  const key = withoutFragment(url)
  const bytes = fetch(fromTileProtocol(url) ?? url, { headers, signal: controller.signal })
    .then((response) => {
      if (!response.ok) throw new Error(`A map tile answered ${response.status}.`)
      return response.arrayBuffer()
    })
    .then(
      (data) => {
        keep(key, data)
        return data
      },
      (error: unknown) => {
        if (controller.signal.aborted) throw error
        const old = lastGood.get(key)
        if (!old) missing.add(key)
        askAgainSoon()
        return old ?? new ArrayBuffer(0)
      },
    )
  const entry = { bytes, askers: 0, controller }
  const settle = () => {
    if (inFlight.get(url) === entry) inFlight.delete(url)
    arrived.set(templateOf(url), tilesArrived(templateOf(url)) + 1)
  }
  bytes.then(settle, settle)
  inFlight.set(url, entry)
  return entry
}

/**
 * Fetches the tiles of a URL template that a flat, north-up view of bbox at zoom is drawn
 * from, now, for MapLibre's asks of the next few seconds (a view it is about to draw).
 */
export function fetchViewAhead(bbox: BBox, zoom: number, template: string, headers: HeadersInit) {
  const tiles = tilesCovering(bbox, zoom)
  if (tiles.length > FETCHED_AHEAD_AT_MOST) return
  for (const url of tiles.map((tile) => tileAt(template, tile))) {
    if (ahead.has(url) || inFlight.has(url)) continue
    ahead.set(url, fetchShared(url, headers).bytes)
    setTimeout(() => ahead.delete(url), AHEAD_KEPT_MS)
  }
}

/** A tile MapLibre asks for (through TILE_PROTOCOL): one fetched ahead, one on its way, or a new fetch. */
export async function askTile(url: string, headers: HeadersInit, signal: AbortSignal): Promise<ArrayBuffer> {
  const early = ahead.get(url)
  if (early) return (await early).slice(0)
  const mine = inFlight.get(url) ?? fetchShared(url, headers)
  mine.askers++
  const giveUp = () => {
    if (--mine.askers > 0) return
    if (inFlight.get(url) === mine) inFlight.delete(url)
    mine.controller.abort()
  }
  signal.addEventListener('abort', giveUp, { once: true })
  try {
    // A copy each: MapLibre hands the buffer over to a worker (it is detached here after).
    return (await mine.bytes).slice(0)
  } finally {
    signal.removeEventListener('abort', giveUp)
  }
}
