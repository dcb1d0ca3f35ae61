/**
 * Layer data for the viewport: one resource per GeoJSON layer, keyed on the debounced
 * view (padded and snapped, so small pans reuse what is loaded) and, for point layers, on
 * the topics. A hidden layer is not fetched. Old data stays drawn while new loads.
 * The tiled layers (all of them: src/data/tiles.ts) are what the map's tiles hold
 * (`held`), never fetched as GeoJSON (the planner colours the tiles; its what-if reads its own data).
 */
import { createMemo, createResource, createSignal, type Accessor } from 'solid-js'
import { layerLoaders } from '../data/map.ts'
import { ApiError } from '../data/rpc.ts'
import { isTiled } from '../data/tiles.ts'
import { emptyCollection, LAYER_IDS, type BBox, type LayerData, type LayerId } from '../data/types.ts'
import { containsBBox, requestBBox } from '../geo/requestBBox.ts'
import { createDebounced } from './debounced.ts'

/** How long the view must be still before data is asked for. */
export const VIEW_DEBOUNCE_MS = 250

interface Key {
  bbox: BBox
  topics: string[] | null
  /** Bumped by retry(), so the same view and topics load again. */
  attempt: number
}
const sameKey = (a: Key | false | undefined, b: Key | false | undefined) =>
  a === b || (!!a && !!b && a.attempt === b.attempt && a.bbox.join() === b.bbox.join() && JSON.stringify(a.topics) === JSON.stringify(b.topics))

export interface MapData {
  data: Accessor<LayerData>
  loading: Accessor<boolean>
  /** Some of the view's tiles could not be fetched: the data is less than the view. */
  partial: Accessor<boolean>
  /** The first error among the layers, if any. */
  error: Accessor<ApiError | Error | null>
  retry: () => void
  /** Bumped by retry(): the map asks for its tiles again. */
  attempt: Accessor<number>
}

/** What the map's tiles hold for the tiled layers. */
export type HeldData = Pick<LayerData, 'streets' | 'neighbourhoods' | 'assets' | 'enterprises' | 'needs'>

export function createMapData(opts: {
  view: Accessor<BBox | null>
  layers: Accessor<LayerId[]>
  topics: Accessor<string[] | null>
  held: Accessor<HeldData>
  /** Whether some tile of the view could not be fetched (what the map holds is less than its view). */
  partial: Accessor<boolean>
}): MapData {
  const [attempt, setAttempt] = createSignal(0)
  const debounced = createDebounced(opts.view, VIEW_DEBOUNCE_MS)
  // A view inside the box already asked for needs no new request, unless that box has
  // become far larger than the view (zoomed right in), where a fresh, smaller one is better.
  const area = (b: BBox) => (b[2] - b[0]) * (b[3] - b[1])
  const request = createMemo<BBox | null>(
    (prev) => {
      const v = debounced()
      if (!v) return null
      const next = requestBBox(v)
      return prev && containsBBox(prev, v) && area(prev) <= 16 * area(next) ? prev : next
    },
    null,
    { equals: (a, b) => a?.join() === b?.join() },
  )

  const perLayer = LAYER_IDS.map((id) => {
    const hasTopics = id === 'assets' || id === 'enterprises' || id === 'needs'
    const key = createMemo<Key | false>(
      () => {
        const bbox = request()
        if (!bbox || !opts.layers().includes(id) || isTiled(id)) return false
        const topics = hasTopics ? opts.topics() : null
        if (topics && topics.length === 0) return false // nothing chosen: nothing to ask for
        return { bbox, topics, attempt: attempt() }
      },
      false,
      { equals: sameKey },
    )
    let controller: AbortController | undefined
    const [resource] = createResource<LayerData[typeof id], Key>(key, (k) => {
      controller?.abort()
      controller = new AbortController()
      return layerLoaders[id](k.bbox, k.topics, controller.signal)
    })
    const latest = createMemo<LayerData[typeof id]>(
      (prev) => (resource.state === 'ready' || resource.state === 'refreshing' ? (resource.latest ?? prev) : prev),
      emptyCollection(),
    )
    return { id, resource, latest }
  })

  const data = createMemo(() => {
    const held = opts.held()
    return Object.fromEntries(perLayer.map((l) => [l.id, isTiled(l.id) ? held[l.id] : l.latest()])) as unknown as LayerData
  })
  return {
    data,
    loading: () => perLayer.some((l) => l.resource.loading),
    partial: opts.partial,
    error: () => {
      for (const l of perLayer) if (l.resource.state === 'errored') return l.resource.error as Error
      return null
    },
    retry: () => setAttempt((n) => n + 1),
    attempt,
  }
}
