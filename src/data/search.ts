/** Place search on the server (search_places): the whole town, not only what is loaded. */
import { callRpc } from './rpc.ts'
import type { BBox } from './types.ts'

export interface PlaceHit {
  kind: 'street' | 'neighbourhood' | 'asset' | 'enterprise'
  id: string
  name: string
  context: string | null
  point: [number, number]
  bbox: BBox | null
}

export const searchPlaces = (query: string, maxResults = 10, signal?: AbortSignal) =>
  callRpc<PlaceHit[]>('search_places', { query, max_results: maxResults }, signal, { public: true })
