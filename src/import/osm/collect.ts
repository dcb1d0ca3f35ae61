/**
 * Turns OSM elements into Street Level features in two passes (see elements.ts):
 *
 * 1. ways: keep the ways the mapping says are streets and the closed ways that are
 *    assets, remembering their node ids in one flat Float64Array;
 * 2. nodes: store coordinates only for those node ids (sorted, deduplicated, found
 *    by a merge cursor or binary search), and pick up tagged nodes that are assets.
 *
 * Memory is bounded by what is imported (the kept ways' node ids and coordinates),
 * not by the size of the file. Then each street way is cut at every node it shares
 * with another kept street way (or with itself), so a segment runs from junction to
 * junction, and each asset area becomes its centroid.
 */
import type { ContextMatch, OsmMapping, Tags } from '../mapping.ts'
import {
  placeKinds, type AssetFeature, type ContextFeature, type ImportItem, type PlaceFeature, type PlaceKind, type Position, type StreetFeature,
} from '../model.ts'
import { round7, type OsmVisitor, type RelationMember } from './elements.ts'
import { inRing, joinRings, polygonsOf } from './rings.ts'

export { inRing }

/** A Float64Array that grows by doubling. */
class GrowableF64 {
  data = new Float64Array(1024)
  length = 0
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2)
      next.set(this.data)
      this.data = next
    }
    this.data[this.length++] = value
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length)
  }
}

interface KeptWay {
  id: number
  /** Range of this way's node ids in `refs`. */
  start: number
  end: number
  name: string | null
  highway: string
}

interface KeptArea {
  id: number
  start: number
  end: number
  tags: Tags
}

/** A context way (water, wood, railway…): an area (closed) or a line. */
interface KeptContext extends KeptArea {
  match: ContextMatch
  closed: boolean
}

/** A multipolygon relation that is context: its member ways' ids by role. */
interface KeptRelation {
  id: number
  tags: Tags
  match: ContextMatch
  outer: number[]
  inner: number[]
}

/** Asset fields every reader derives the same way from OSM tags. */
export function assetFromTags(
  sourceId: string,
  lon: number,
  lat: number,
  tags: Tags,
  match: { categories: string[]; label: string },
): { asset: AssetFeature; named: boolean } {
  const name = tags.name?.trim() || tags['name:en']?.trim() || ''
  // "Oakham Library, 12 Catmos Street, Oakham, LE15 6HW", from whichever parts are tagged.
  const street = [tags['addr:housenumber'], tags['addr:street'] ?? tags['addr:place']].filter(Boolean).join(' ')
  const address =
    tags['addr:full'] ??
    ([tags['addr:housename'], street, tags['addr:city'], tags['addr:postcode']].filter(Boolean).join(', ') || null)
  const website = tags.website ?? tags['contact:website'] ?? tags.url ?? null
  return {
    named: name !== '',
    asset: {
      type: 'asset',
      sourceId,
      name: name || match.label,
      categories: match.categories,
      lon,
      lat,
      address,
      openingHours: tags.opening_hours ?? null,
      contact: tags.phone ?? tags['contact:phone'] ?? tags.email ?? tags['contact:email'] ?? null,
      website,
    },
  }
}

/** Area-weighted centroid of a closed ring (planar; exact under any affine projection). */
export function ringCentroid(ring: Position[]): Position {
  let area = 0
  let cx = 0
  let cy = 0
  const [x0, y0] = ring[0]
  for (let i = 0; i < ring.length - 1; i++) {
    // Relative to the first vertex, to keep the products small and precise.
    const xa = ring[i][0] - x0
    const ya = ring[i][1] - y0
    const xb = ring[i + 1][0] - x0
    const yb = ring[i + 1][1] - y0
    const cross = xa * yb - xb * ya
    area += cross
    cx += (xa + xb) * cross
    cy += (ya + yb) * cross
  }
  if (Math.abs(area) < 1e-18) {
    // Degenerate ring (all points in a line): the mean of its distinct vertices.
    const pts = ring.slice(0, -1)
    return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length]
  }
  return [x0 + cx / (3 * area), y0 + cy / (3 * area)]
}

/** A named place, or null: place=* with one of our kinds and a name. */
export function placeFromTags(sourceId: string, lon: number, lat: number, tags: Tags): PlaceFeature | null {
  const kind = tags.place as PlaceKind
  const name = tags.name?.trim()
  if (!name || !placeKinds.includes(kind)) return null
  return { type: 'place', sourceId, name, kind, lon, lat }
}

export class OsmCollector {
  /** Node ids of kept street ways, then (in areaRefs) of asset areas. */
  private refs = new GrowableF64()
  private areaRefs = new GrowableF64()
  private streetRefCount = 0
  private ways: KeptWay[] = []
  private areas: KeptArea[] = []
  private placeAreas: KeptArea[] = []
  private pointAssets: AssetFeature[] = []
  private pointPlaces: PlaceFeature[] = []
  private contextWays: KeptContext[] = []
  private contextPoints: ContextFeature[] = []
  private relations: KeptRelation[] = []
  /** Member ways of context relations: their node-id ranges in areaRefs (filled by membersPass). */
  private members = new Map<number, { start: number; end: number } | null>()
  private pending: ImportItem[] = []

  // Built by index(), between the two passes.
  private ids = new Float64Array(0)
  private junction = new Uint8Array(0)
  private lon = new Float64Array(0)
  private lat = new Float64Array(0)
  private cursor = 0

  constructor(private readonly mapping: OsmMapping) {}

  /** Visitor for the first pass. */
  readonly waysPass: OsmVisitor = {
    way: (id, refs, tags) => {
      if (!tags) return
      const street = this.mapping.street(tags)
      if (street?.keep) {
        const start = this.refs.length
        for (let i = 0; i < refs.length; i++) this.refs.push(refs[i])
        this.streetRefCount = this.refs.length
        const name = tags.name?.trim() || tags.ref?.trim() || null
        this.ways.push({ id, start, end: this.refs.length, name, highway: street.highway })
      } else if (street) {
        this.skip(street.reason)
      }
      if (street?.keep) return
      const context = this.mapping.context(tags)
      if (context) this.contextWay(id, refs, tags, context)
      const closedRing = refs.length >= 4 && refs[0] === refs[refs.length - 1]
      if (closedRing && placeFromTags('', 0, 0, tags)) {
        const start = this.areaRefs.length
        for (let i = 0; i < refs.length; i++) this.areaRefs.push(refs[i])
        this.placeAreas.push({ id, start, end: this.areaRefs.length, tags })
      }
      const asset = this.mapping.asset(tags)
      if (!asset) return
      const closed = refs.length >= 4 && refs[0] === refs[refs.length - 1]
      if (!closed) {
        this.skip('asset tags on a way that is not a closed area', `way/${id}`)
        return
      }
      const start = this.areaRefs.length
      for (let i = 0; i < refs.length; i++) this.areaRefs.push(refs[i])
      this.areas.push({ id, start, end: this.areaRefs.length, tags })
    },
    relation: (id, tags, members) => {
      if (tags && tags.type === 'multipolygon' && this.mapping.asset(tags)) {
        this.skip('asset drawn as a multipolygon relation (not imported yet)', `relation/${id}`)
      }
      if (tags && tags.type === 'multipolygon') this.contextRelation(id, tags, members)
    },
    node: () => {},
    point: () => {},
    skip: (reason, item) => this.skip(reason, item),
  }

  /**
   * Visitor for a second scan of the ways, needed only when the file has context
   * multipolygons: files list relations after the ways they use, so their member ways
   * are picked up here, before the nodes are read.
   */
  readonly membersPass: OsmVisitor = {
    way: (id, refs) => {
      if (!this.members.has(id) || this.members.get(id)) return
      const start = this.areaRefs.length
      for (let i = 0; i < refs.length; i++) this.areaRefs.push(refs[i])
      this.members.set(id, { start, end: this.areaRefs.length })
    },
    relation: () => {},
    node: () => {},
    point: () => {},
    skip: () => {},
  }

  /** Whether membersPass has anything to collect. */
  get needsMembers(): boolean {
    return this.members.size > 0
  }

  private contextWay(id: number, refs: ArrayLike<number>, tags: Tags, match: ContextMatch): void {
    const closed = refs.length >= 4 && refs[0] === refs[refs.length - 1]
    if (match.geometry === 'area' && !closed) {
      // Old-style multipolygons tag their outer ways; the relation brings them together.
      return this.skip(`${match.kind} area on a way that is not closed`, `way/${id}`)
    }
    if (match.kind === 'landmark' && !tags.name?.trim()) return
    if (match.geometry === 'any' && !closed) return this.skip('landmark on a way that is not closed', `way/${id}`)
    const start = this.areaRefs.length
    for (let i = 0; i < refs.length; i++) this.areaRefs.push(refs[i])
    this.contextWays.push({ id, start, end: this.areaRefs.length, tags, match, closed })
  }

  private contextRelation(id: number, tags: Tags, members: RelationMember[]): void {
    const match = this.mapping.context(tags)
    if (!match || match.geometry === 'line') return
    if (match.kind === 'landmark' && !tags.name?.trim()) return
    const outer: number[] = []
    const inner: number[] = []
    for (const m of members) {
      if (m.type !== 'way') continue
      ;(m.role === 'inner' ? inner : outer).push(m.ref)
      this.members.set(m.ref, this.members.get(m.ref) ?? null)
    }
    if (!outer.length) return this.skip('multipolygon with no outer way', `relation/${id}`)
    this.relations.push({ id, tags, match, outer, inner })
  }

  /** Visitor for the second pass. */
  readonly nodesPass: OsmVisitor = {
    way: () => {},
    relation: () => {},
    node: (id, lon, lat, tags) => {
      const i = this.find(id)
      if (i >= 0) {
        this.lon[i] = lon
        this.lat[i] = lat
      }
      if (tags) this.point(`node/${id}`, lon, lat, tags)
    },
    point: (sourceId, lon, lat, tags) => this.point(sourceId, lon, lat, tags),
    skip: (reason, item) => this.skip(reason, item),
  }

  private skip(reason: string, item?: string): void {
    this.pending.push({ type: 'skip', reason, item })
  }

  private point(sourceId: string, lon: number, lat: number, tags: Tags): void {
    const place = placeFromTags(sourceId, lon, lat, tags)
    if (place) this.pointPlaces.push(place)
    const context = this.mapping.context(tags)
    const name = tags.name?.trim()
    if (context?.kind === 'landmark' && name) {
      this.contextPoints.push({ type: 'context', sourceId, kind: 'landmark', name, geometry: { type: 'Point', coordinates: [lon, lat] } })
    }
    const match = this.mapping.asset(tags)
    if (!match) return
    const { asset, named } = assetFromTags(sourceId, lon, lat, tags, match)
    if (!named) this.pending.push({ type: 'note', note: 'assets named after their kind (no name tag)' })
    this.pointAssets.push(asset)
  }

  /** Between the passes: the sorted set of node ids to keep, and which are junctions. */
  index(): void {
    const streetRefs = this.refs.view()
    const all = new Float64Array(streetRefs.length + this.areaRefs.length)
    all.set(streetRefs)
    all.set(this.areaRefs.view(), streetRefs.length)
    all.sort()
    let n = 0
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]
    this.ids = all.slice(0, n)
    this.junction = new Uint8Array(n)
    for (let i = 0; i < this.streetRefCount; i++) {
      const k = this.binarySearch(streetRefs[i])
      if (this.junction[k] < 255) this.junction[k]++
    }
    this.lon = new Float64Array(n).fill(Number.NaN)
    this.lat = new Float64Array(n).fill(Number.NaN)
    this.cursor = 0
  }

  private binarySearch(id: number): number {
    let lo = 0
    let hi = this.ids.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const v = this.ids[mid]
      if (v < id) lo = mid + 1
      else if (v > id) hi = mid - 1
      else return mid
    }
    return -1
  }

  /**
   * Index of a kept node id, or -1. Files list nodes in ascending id order, so the
   * search gallops forward from where the last one was found: one sweep in all.
   */
  private find(id: number): number {
    const ids = this.ids
    const c = this.cursor
    if (c > 0 && ids[c - 1] >= id) return this.binarySearch(id)
    let step = 1
    let hi = c
    while (hi < ids.length && ids[hi] < id) {
      hi = c + step
      step *= 2
    }
    let lo = Math.max(c, hi - (step >> 1))
    hi = Math.min(hi, ids.length)
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (ids[mid] < id) lo = mid + 1
      else hi = mid
    }
    this.cursor = lo
    return lo < ids.length && ids[lo] === id ? lo : -1
  }

  /** Streets (cut at junctions), area assets (centroids), point assets, and skips. */
  *features(): Generator<ImportItem> {
    yield* this.pending
    this.pending = []
    const refs = this.refs.view()
    for (const way of this.ways) {
      yield* this.segments(way, refs)
    }
    const areaRefs = this.areaRefs.view()
    for (const area of this.areas) {
      const ring: Position[] = []
      let missing = false
      for (let r = area.start; r < area.end; r++) {
        const k = this.binarySearch(areaRefs[r])
        if (k < 0 || Number.isNaN(this.lon[k])) {
          missing = true
          break
        }
        ring.push([this.lon[k], this.lat[k]])
      }
      if (missing) {
        yield { type: 'skip', reason: 'area with nodes missing from the file', item: `way/${area.id}` }
        continue
      }
      const [lon, lat] = ringCentroid(ring)
      const match = this.mapping.asset(area.tags)!
      const { asset, named } = assetFromTags(`way/${area.id}`, round7(lon), round7(lat), area.tags, match)
      if (!named) yield { type: 'note', note: 'assets named after their kind (no name tag)' }
      yield asset
    }
    yield* this.pointAssets
    yield* this.places(areaRefs)
    yield* this.context(areaRefs)
    yield* this.pending
  }

  /** Coordinates of a range of node ids, or null if a node is missing from the file. */
  private coords(refs: Float64Array, start: number, end: number): Position[] | null {
    const out: Position[] = []
    for (let r = start; r < end; r++) {
      const k = this.binarySearch(refs[r])
      if (k < 0 || Number.isNaN(this.lon[k])) return null
      out.push([this.lon[k], this.lat[k]])
    }
    return out
  }

  /** Water, woods, parks, railways and landmarks: ways, multipolygons and points. */
  private *context(areaRefs: Float64Array): Generator<ImportItem> {
    for (const way of this.contextWays) {
      const coords = this.coords(areaRefs, way.start, way.end)
      if (!coords) {
        yield { type: 'skip', reason: 'context with nodes missing from the file', item: `way/${way.id}` }
        continue
      }
      const name = way.tags.name?.trim() || null
      const sourceId = `way/${way.id}`
      const { kind, geometry } = way.match
      if (kind === 'landmark') {
        const [lon, lat] = ringCentroid(coords)
        yield { type: 'context', sourceId, kind, name, geometry: { type: 'Point', coordinates: [round7(lon), round7(lat)] } }
      } else if (geometry === 'line' || !way.closed) {
        yield { type: 'context', sourceId, kind, name, geometry: { type: 'LineString', coordinates: coords } }
      } else {
        yield { type: 'context', sourceId, kind, name, geometry: { type: 'Polygon', coordinates: [coords] } }
      }
    }
    yield* this.contextPoints
    for (const rel of this.relations) {
      const item = `relation/${rel.id}`
      const ringsOf = (ids: number[]): { rings: Position[][]; open: number; missing: number } => {
        const ways: number[][] = []
        let missing = 0
        for (const id of ids) {
          const range = this.members.get(id)
          if (range) ways.push(Array.from(areaRefs.subarray(range.start, range.end)))
          else missing++
        }
        const joined = joinRings(ways)
        const rings: Position[][] = []
        for (const ring of joined.rings) {
          const c = this.coords(Float64Array.from(ring), 0, ring.length)
          if (c) rings.push(c)
          else missing++
        }
        return { rings, open: joined.open, missing }
      }
      const outer = ringsOf(rel.outer)
      const inner = ringsOf(rel.inner)
      if (!outer.rings.length) {
        yield { type: 'skip', reason: 'multipolygon whose outer ways do not close (members missing from the file?)', item }
        continue
      }
      if (outer.open + outer.missing + inner.open + inner.missing > 0) {
        yield { type: 'note', note: 'multipolygons drawn without some of their ways (missing from the file, or not closing a ring)' }
      }
      const name = rel.tags.name?.trim() || null
      const { kind } = rel.match
      if (kind === 'landmark') {
        const [lon, lat] = ringCentroid(outer.rings[0])
        yield { type: 'context', sourceId: item, kind, name, geometry: { type: 'Point', coordinates: [round7(lon), round7(lat)] } }
        continue
      }
      yield { type: 'context', sourceId: item, kind, name, geometry: { type: 'MultiPolygon', coordinates: polygonsOf(outer.rings, inner.rings) } }
    }
  }

  /**
   * Place nodes, and places mapped only as areas (at their centroid). A place mapped
   * both as a node and as an area (the same name, the node inside) is one place: the
   * node, which mappers put where the name belongs.
   */
  private *places(areaRefs: Float64Array): Generator<ImportItem> {
    yield* this.pointPlaces
    for (const area of this.placeAreas) {
      const ring: Position[] = []
      for (let r = area.start; r < area.end; r++) {
        const k = this.binarySearch(areaRefs[r])
        if (k < 0 || Number.isNaN(this.lon[k])) break
        ring.push([this.lon[k], this.lat[k]])
      }
      if (ring.length !== area.end - area.start) {
        yield { type: 'skip', reason: 'place area with nodes missing from the file', item: `way/${area.id}` }
        continue
      }
      const [lon, lat] = ringCentroid(ring)
      const place = placeFromTags(`way/${area.id}`, round7(lon), round7(lat), area.tags)!
      const key = place.name.toLowerCase()
      if (this.pointPlaces.some((p) => p.name.toLowerCase() === key && inRing([p.lon, p.lat], ring))) {
        yield { type: 'note', note: 'places mapped both as a node and as an area, merged into one' }
        continue
      }
      yield place
    }
  }

  private *segments(way: KeptWay, refs: Float64Array): Generator<ImportItem> {
    const runs: Position[][] = []
    let run: Position[] = []
    let missing = false
    const last = way.end - 1
    for (let r = way.start; r <= last; r++) {
      const k = this.binarySearch(refs[r])
      if (Number.isNaN(this.lon[k])) {
        // A node outside the extract: end the run here rather than bridge the gap.
        missing = true
        if (run.length >= 2) runs.push(run)
        run = []
        continue
      }
      const p: Position = [this.lon[k], this.lat[k]]
      const prev = run[run.length - 1]
      if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) run.push(p)
      if (r > way.start && r < last && this.junction[k] >= 2 && run.length >= 2) {
        runs.push(run)
        run = [p]
      }
    }
    if (run.length >= 2) runs.push(run)
    if (missing) yield { type: 'note', note: 'streets cut short where their nodes are missing from the file' }
    if (!runs.length) {
      yield { type: 'skip', reason: 'street with fewer than two nodes in the file', item: `way/${way.id}` }
      return
    }
    for (let i = 0; i < runs.length; i++) {
      const street: StreetFeature = {
        type: 'street',
        sourceId: runs.length === 1 ? `way/${way.id}` : `way/${way.id}/${i + 1}`,
        name: way.name,
        highway: way.highway,
        coordinates: runs[i],
      }
      yield street
    }
  }
}
