/**
 * Search over what is loaded: streets (one entry per name, however many segments),
 * neighbourhoods, community places, enterprises and needs. No external geocoder.
 * Ranking: whole name, then name start, then a word start, then anywhere; then by kind.
 */
import type { Geometry } from 'geojson'
import { bboxOf } from '../../geo/inBBox.ts'
import type { BBox, LayerData, LayerId } from '../../data/types.ts'
import { compareText } from '../../i18n/format.ts'

export type SearchKind = 'street' | 'neighbourhood' | 'asset' | 'enterprise' | 'need'
const KIND_ORDER: SearchKind[] = ['street', 'neighbourhood', 'asset', 'enterprise', 'need']
const LAYER_OF: Record<SearchKind, LayerId> = {
  street: 'streets', neighbourhood: 'neighbourhoods', asset: 'assets', enterprise: 'enterprises', need: 'needs',
}

export interface SearchItem {
  kind: SearchKind
  layer: LayerId
  /** The feature to select (for a street: its first segment). */
  id: string
  label: string
  detail: string | null
  bbox: BBox
  /** Normalised text to match the label and the detail against. */
  key: string
  detailKey: string
}

/** Lower case, accents off, punctuation to spaces: "St. Anne’s" → "st anne s". */
export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

const union = (a: BBox, b: BBox): BBox => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]

export function buildSearchIndex(data: LayerData, neighbourhoodName: (id: string | null) => string | null = () => null): SearchItem[] {
  const items: SearchItem[] = []
  const add = (kind: SearchKind, id: string, label: string | null, detail: string | null, geometry: Geometry) => {
    const bbox = bboxOf(geometry)
    if (!label || !bbox) return
    items.push({ kind, layer: LAYER_OF[kind], id, label, detail, bbox, key: normalise(label), detailKey: normalise(detail ?? '') })
  }
  const streets = new Map<string, SearchItem>()
  for (const f of data.streets.features) {
    const name = f.properties.name
    const bbox = bboxOf(f.geometry)
    if (!name || !bbox) continue
    const k = normalise(name)
    const existing = streets.get(k)
    if (existing) existing.bbox = union(existing.bbox, bbox)
    else {
      const detail = neighbourhoodName(f.properties.neighbourhood_id)
      streets.set(k, { kind: 'street', layer: 'streets', id: f.properties.id, label: name, detail, bbox, key: k, detailKey: normalise(detail ?? '') })
    }
  }
  items.push(...streets.values())
  for (const f of data.neighbourhoods.features) add('neighbourhood', f.properties.id, f.properties.name, f.properties.code, f.geometry)
  for (const f of data.assets.features) add('asset', f.properties.id, f.properties.name, f.properties.address, f.geometry)
  for (const f of data.enterprises.features) add('enterprise', f.properties.id, f.properties.name, f.properties.social_goal, f.geometry)
  for (const f of data.needs.features) add('need', f.properties.id, f.properties.body, f.properties.street_name, f.geometry)
  return items
}

function score(item: SearchItem, q: string, words: string[]): number | null {
  if (item.key === q) return 0
  if (item.key.startsWith(q)) return 1
  if (item.key.split(' ').some((w) => w.startsWith(q))) return 2
  if (item.key.includes(q)) return 3
  const all = `${item.key} ${item.detailKey}`
  const tokens = all.split(' ')
  if (words.every((w) => tokens.some((t) => t.startsWith(w)))) return 4
  if (item.detailKey.includes(q)) return 5
  return null
}

/** The best matches for a query, at most `limit`; an empty query finds nothing. */
export function search(items: SearchItem[], query: string, limit = 8): SearchItem[] {
  const q = normalise(query)
  if (q.length === 0) return []
  const words = q.split(' ')
  return items
    .map((item) => ({ item, s: score(item, q, words) }))
    .filter((x): x is { item: SearchItem; s: number } => x.s !== null)
    .sort((a, b) => a.s - b.s || KIND_ORDER.indexOf(a.item.kind) - KIND_ORDER.indexOf(b.item.kind) || compareText(a.item.label, b.item.label))
    .slice(0, limit)
    .map((x) => x.item)
}

import type { PlaceHit } from '../../data/search.ts'

/** A server hit as a search item. */
export function fromPlaceHit(hit: PlaceHit): SearchItem {
  const [x, y] = hit.point
  return {
    kind: hit.kind, layer: LAYER_OF[hit.kind], id: hit.id, label: hit.name, detail: hit.context,
    bbox: hit.bbox ?? [x, y, x, y], key: normalise(hit.name), detailKey: normalise(hit.context ?? ''),
  }
}

/**
 * Local matches first (instant), then server matches that are not already listed. The
 * server knows streets as people know them (one hit per street, with its settlement and
 * whole extent), what is loaded only knows segments by name: once the server has
 * answered for a street name, its hits replace the local one.
 */
export function mergeResults(local: SearchItem[], remote: SearchItem[], limit = 8): SearchItem[] {
  const remoteStreets = new Set(remote.filter((i) => i.kind === 'street').map((i) => i.key))
  const kept = local.filter((i) => i.kind !== 'street' || !remoteStreets.has(i.key))
  const seen = new Set(kept.map((i) => (i.kind === 'street' ? `street:${i.key}` : `${i.kind}:${i.id}`)))
  const extra = remote.filter((i) => i.kind === 'street' || !seen.has(`${i.kind}:${i.id}`))
  // Streets first where they were: a replaced local street's place goes to the server's.
  const firstStreet = local.findIndex((i) => i.kind === 'street' && remoteStreets.has(i.key))
  if (firstStreet < 0) return [...kept, ...extra].slice(0, limit)
  const at = local.slice(0, firstStreet).filter((i) => kept.includes(i)).length
  const streets = extra.filter((i) => i.kind === 'street')
  const others = extra.filter((i) => i.kind !== 'street')
  return [...kept.slice(0, at), ...streets, ...kept.slice(at), ...others].slice(0, limit)
}
