/**
 * A streaming reader for OpenStreetMap data exported as GeoJSON (osmium export,
 * overpass turbo, QGIS): each feature's OSM type and id come from its `id`
 * ('way/123', 'w123') or its `@id` / `osm_type` + `osm_id` properties, and its other
 * properties are the OSM tags.
 *
 * GeoJSON has no node ids, so the vertices of lines are given ids of their own (one
 * per distinct coordinate, negative so they never collide with real node ids):
 * streets that share a vertex meet there, and the same junction splitting applies as
 * for PBF and XML.
 */
import type { Hash } from 'node:crypto'
import { openInput, type InputFile } from '../input.ts'
import { jsonArrayElements } from '../json-stream.ts'
import { ImportError, type Position } from '../model.ts'
import type { Progress } from '../progress.ts'
import type { Tags } from '../mapping.ts'
import { ringCentroid } from './collect.ts'
import { round7, type OsmReader, type OsmVisitor, type Pass } from './elements.ts'

interface Feature {
  type?: string
  id?: string | number
  properties?: Record<string, unknown> | null
  geometry?: { type: string; coordinates: unknown } | null
}

type OsmType = 'node' | 'way' | 'relation'
const typeLetters: Record<string, OsmType> = { n: 'node', w: 'way', r: 'relation', a: 'way' }

/** The OSM type and id a feature stands for, from the conventions exporters use. */
export function osmIdentity(f: Feature): { type: OsmType; id: number } | null {
  const props = f.properties ?? {}
  for (const candidate of [f.id, props['@id'], props.id]) {
    if (typeof candidate !== 'string') continue
    const long = /^(node|way|relation)\/(\d+)$/.exec(candidate)
    if (long) return { type: long[1] as OsmType, id: Number(long[2]) }
    const short = /^([nwr])(\d+)$/.exec(candidate)
    if (short) return { type: typeLetters[short[1]], id: Number(short[2]) }
  }
  const type = props.osm_type ?? props['@type'] ?? props.type
  const id = Number(props.osm_id ?? props['@osm_id'])
  if (typeof type === 'string' && Number.isSafeInteger(id)) {
    const t = type.length === 1 ? typeLetters[type] : (type as OsmType)
    if (t === 'node' || t === 'way' || t === 'relation') return { type: t, id }
  }
  return null
}

/** Metadata properties exporters add; everything else is an OSM tag. */
const metadata = new Set(['id', 'osm_id', 'osm_type', 'geometry_from', 'category_key', 'category'])

/** The OSM tags of a feature, with string values only. */
export function tagsOf(props: Record<string, unknown>): Tags {
  const tags: Tags = {}
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith('@') || metadata.has(k)) continue
    if (typeof v === 'string') tags[k] = v
    else if (typeof v === 'number' || typeof v === 'boolean') tags[k] = String(v)
  }
  // Some cut-down exports keep the deciding tag as {category_key: 'amenity', category: 'library'}.
  const key = props.category_key
  const value = props.category
  if (typeof key === 'string' && typeof value === 'string' && tags[key] === undefined) tags[key] = value
  return tags
}

function position(c: unknown, where: string): Position {
  if (!Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number' || Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90) {
    throw new ImportError(`${where} has a coordinate that is not a WGS84 [longitude, latitude]: ${JSON.stringify(c)}.`)
  }
  return [round7(c[0]), round7(c[1])]
}

function ringArea(ring: Position[]): number {
  let a = 0
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
  return Math.abs(a / 2)
}

export function createGeojsonReader(): OsmReader {
  const vertexIds = new Map<string, number>()
  const vertexId = (p: Position) => {
    const key = `${p[0]},${p[1]}`
    let id = vertexIds.get(key)
    if (id === undefined) {
      id = -(vertexIds.size + 1)
      vertexIds.set(key, id)
    }
    return id
  }

  function visit(f: Feature, index: number, pass: Pass, visitor: OsmVisitor) {
    const where = `Feature ${index} of the GeoJSON`
    const identity = osmIdentity(f)
    const geometry = f.geometry
    if (!identity) {
      if (pass === 'ways') visitor.skip('feature without an OSM id (node/…, way/…)', `feature ${index}`)
      return
    }
    if (!geometry) return
    const tags = tagsOf(f.properties ?? {})
    const hasTags = Object.keys(tags).length > 0
    const sourceId = `${identity.type}/${identity.id}`

    if (geometry.type === 'Point') {
      if (pass !== 'nodes' || !hasTags) return
      const [lon, lat] = position(geometry.coordinates, where)
      if (identity.type === 'node') visitor.node(identity.id, lon, lat, tags)
      else visitor.point(sourceId, lon, lat, tags)
    } else if ((geometry.type === 'LineString' || geometry.type === 'Polygon') && identity.type === 'way') {
      const line = (geometry.type === 'Polygon' ? (geometry.coordinates as unknown[])[0] : geometry.coordinates) as unknown[]
      if (!Array.isArray(line)) throw new ImportError(`${where} has a ${geometry.type} without coordinates.`)
      const positions = line.map((c) => position(c, where))
      if (pass === 'ways') visitor.way(identity.id, positions.map(vertexId), hasTags ? tags : null)
      else for (const p of positions) visitor.node(vertexIds.get(`${p[0]},${p[1]}`)!, p[0], p[1], null)
    } else if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') {
      // An area drawn as a relation: its centroid (of the largest outer ring), like an area way.
      if (pass !== 'nodes' || !hasTags) return
      const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as unknown[][]
      let best: Position[] | null = null
      let bestArea = -1
      for (const polygon of polygons) {
        const ring = (polygon[0] as unknown[]).map((c) => position(c, where))
        const area = ringArea(ring)
        if (area > bestArea) [best, bestArea] = [ring, area]
      }
      if (best && best.length >= 4) {
        const [lon, lat] = ringCentroid(best)
        visitor.point(sourceId, round7(lon), round7(lat), tags)
      }
    } else if (pass === 'ways') {
      visitor.skip(`${geometry.type} features are not imported from OSM GeoJSON`, sourceId)
    }
  }

  return {
    format: 'geojson',
    async scan(file: InputFile, pass: Pass, visitor: OsmVisitor, progress: Progress, hash?: Hash) {
      const stream = openInput(file, progress, pass === 'ways' ? 'reading ways' : 'reading nodes', hash)
      let index = 0
      for await (const f of jsonArrayElements(stream, 'features', 'GeoJSON')) {
        index++
        if (!f || typeof f !== 'object' || (f as Feature).type !== 'Feature') {
          throw new ImportError(`Feature ${index} of the GeoJSON is not a GeoJSON Feature.`)
        }
        visit(f, index, pass, visitor)
      }
      if (index === 0) throw new ImportError('The GeoJSON has no features (or no "features" array).')
    },
  }
}
