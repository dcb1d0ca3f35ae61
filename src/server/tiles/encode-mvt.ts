/**
 * A Mapbox Vector Tile encoder (spec 2.1) for one layer, for engines whose PostGIS has no
 * ST_AsMVT (PGlite's is built without protobuf-c). Its input is what
 * private.tile_features returns: geometry already in tile space (whole pixels, clipped,
 * polygons wound as MVT wants), so this only writes the protobuf, as ST_AsMVT would.
 */
import { PbfWriter } from 'pbf'

/** GeoJSON geometry in tile coordinates (integers). */
export type TileGeometry =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'MultiPoint'; coordinates: number[][] }
  | { type: 'LineString'; coordinates: number[][] }
  | { type: 'MultiLineString'; coordinates: number[][][] }
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] }

export type TileValue = string | number | boolean

export interface TileFeature {
  id: number
  geometry: TileGeometry
  /** Null values are left out, as ST_AsMVT does with JSON nulls. */
  properties: Record<string, TileValue | null>
}

const GEOM_TYPE = { Point: 1, MultiPoint: 1, LineString: 2, MultiLineString: 2, Polygon: 3, MultiPolygon: 3 } as const
const MOVE_TO = 1
const LINE_TO = 2
const CLOSE_PATH = 7
const command = (id: number, count: number) => (count << 3) | id
const zigzag = (n: number) => (n << 1) ^ (n >> 31)

/** Geometry commands: MoveTo / LineTo / ClosePath with zigzag-encoded deltas. */
function geometryCommands(g: TileGeometry): number[] {
  const out: number[] = []
  let cx = 0
  let cy = 0
  const point = (p: number[]) => {
    const x = Math.round(p[0])
    const y = Math.round(p[1])
    out.push(zigzag(x - cx), zigzag(y - cy))
    cx = x
    cy = y
  }
  // A path; a ring drops its closing point (ClosePath goes back to the start).
  const path = (points: number[][], ring: boolean) => {
    const pts = ring ? points.slice(0, -1) : points
    out.push(command(MOVE_TO, 1))
    point(pts[0])
    if (pts.length > 1) {
      out.push(command(LINE_TO, pts.length - 1))
      for (const p of pts.slice(1)) point(p)
    }
    if (ring) out.push(command(CLOSE_PATH, 1))
  }
  switch (g.type) {
    case 'Point':
      out.push(command(MOVE_TO, 1))
      point(g.coordinates)
      break
    case 'MultiPoint':
      out.push(command(MOVE_TO, g.coordinates.length))
      for (const p of g.coordinates) point(p)
      break
    case 'LineString':
      path(g.coordinates, false)
      break
    case 'MultiLineString':
      for (const line of g.coordinates) path(line, false)
      break
    case 'Polygon':
      for (const ring of g.coordinates) path(ring, true)
      break
    case 'MultiPolygon':
      for (const polygon of g.coordinates) for (const ring of polygon) path(ring, true)
      break
  }
  return out
}

/** Writes one Value message: strings, booleans, integers (uint / sint) or doubles. */
function writeValue(value: TileValue, pbf: PbfWriter) {
  if (typeof value === 'string') pbf.writeStringField(1, value)
  else if (typeof value === 'boolean') pbf.writeBooleanField(7, value)
  else if (Number.isInteger(value)) {
    if (value >= 0) pbf.writeVarintField(5, value)
    else pbf.writeSVarintField(6, value)
  } else pbf.writeDoubleField(3, value)
}

/** One layer as a whole tile (a tile of several layers is their concatenation). */
export function encodeLayer(name: string, features: TileFeature[], extent = 4096): Uint8Array {
  if (features.length === 0) return new Uint8Array(0) // as ST_AsMVT of no rows
  const keys: string[] = []
  const keyIndex = new Map<string, number>()
  const values: TileValue[] = []
  const valueIndex = new Map<string, number>()
  const tagsOf = (properties: TileFeature['properties']) => {
    const tags: number[] = []
    for (const [key, value] of Object.entries(properties)) {
      if (value === null || value === undefined) continue
      let k = keyIndex.get(key)
      if (k === undefined) {
        k = keys.push(key) - 1
        keyIndex.set(key, k)
      }
      const vkey = `${typeof value}:${String(value)}`
      let v = valueIndex.get(vkey)
      if (v === undefined) {
        v = values.push(value) - 1
        valueIndex.set(vkey, v)
      }
      tags.push(k, v)
    }
    return tags
  }
  const encoded = features.map((f) => ({ id: f.id, type: GEOM_TYPE[f.geometry.type], tags: tagsOf(f.properties), geometry: geometryCommands(f.geometry) }))

  const pbf = new PbfWriter()
  pbf.writeMessage(3, (_: unknown, layer: PbfWriter) => {
    layer.writeVarintField(15, 2) // version
    layer.writeStringField(1, name)
    for (const f of encoded) {
      layer.writeMessage(2, (_x: unknown, out: PbfWriter) => {
        out.writeVarintField(1, f.id)
        if (f.tags.length) out.writePackedVarint(2, f.tags)
        out.writeVarintField(3, f.type)
        out.writePackedVarint(4, f.geometry)
      }, null)
    }
    for (const key of keys) layer.writeStringField(3, key)
    for (const value of values) layer.writeMessage(4, (_v: unknown, out: PbfWriter) => writeValue(value, out), null)
    layer.writeVarintField(5, extent)
  }, null)
  return pbf.finish()
}
