/**
 * Great-circle geometry on PostGIS's sphere: the shared kernel of the gap verbs
 * (streetGaps, neighbourhoodGaps, whatIf). Not a verb itself.
 *
 * Why our own kernel and not turf.pointToLineDistance for every test: Turf 7's geodesic
 * point-to-line distance is the same great-circle maths (nearest point on each arc), but
 * it allocates a Feature per segment and calls trigonometry per vertex; the gap verbs ask
 * "within R?" hundreds of thousands of times. Here every vertex is turned into a unit
 * vector once, and the test is a handful of dot products compared against sin(R/Earth) —
 * the same decision PostGIS makes in `st_dwithin(geography, geography, R, false)`, which
 * computes the distance from a point to each edge as a great-circle arc on a sphere.
 * tests/geo/sphere.test.ts checks this kernel against turf.pointToLineDistance and
 * against PostGIS's st_distance(…, false).
 */
import type { Position } from 'geojson'

/**
 * The sphere PostGIS uses for geography when use_spheroid is false: the WGS84 mean
 * radius (2a + b) / 3 (liblwgeom's `spheroid_init`). Turf's `earthRadius` is the same
 * figure rounded to 6371008.8 m; the 0.03 m difference moves a 400 m distance by 2 µm.
 */
export const EARTH_RADIUS_M = (2 * 6378137 + 6356752.314245179) / 3

const RAD = Math.PI / 180

/** A distance threshold expressed in the forms the within-tests compare against. */
export interface SphereLimit {
  /** The catchment in metres. */
  radiusM: number
  /** sin(R / Earth radius): the largest |p·n| of a point within R of a great circle. */
  sinAngle: number
  /** The squared chord between two unit vectors R apart: (2 sin(θ/2))². */
  chord2: number
  /** R in degrees of latitude (a safe north–south margin for bounding boxes). */
  dLat: number
}

export function sphereLimit(radiusM: number): SphereLimit {
  const angle = radiusM / EARTH_RADIUS_M
  const half = Math.sin(angle / 2)
  return { radiusM, sinAngle: Math.sin(angle), chord2: 4 * half * half, dLat: angle / RAD }
}

/**
 * The east–west margin, in degrees, that contains every point within `limit` of anything
 * inside a box whose most poleward latitude is `maxAbsLat`: the longitude half-width of a
 * spherical cap, asin(sin θ / cos φ), taken at the most poleward latitude the cap can
 * reach, plus a hair for rounding. Returns 360 near the poles (no east–west bound).
 */
export function lonMargin(limit: SphereLimit, maxAbsLat: number): number {
  const phi = (maxAbsLat + limit.dLat) * RAD
  if (phi >= Math.PI / 2 - 1e-6) return 360
  const s = limit.sinAngle / Math.cos(phi)
  if (s >= 1) return 360
  return Math.asin(s) / RAD + 1e-9
}

/** The box [w, s, e, n] grown by the catchment on every side, conservatively on the sphere. */
export function growBox(box: readonly number[], limit: SphereLimit): [number, number, number, number] {
  const dLon = lonMargin(limit, Math.max(Math.abs(box[1]), Math.abs(box[3])))
  const dLat = limit.dLat + 1e-9
  return [box[0] - dLon, box[1] - dLat, box[2] + dLon, box[3] + dLat]
}

/** Writes the unit vector of [lon, lat] (degrees) into out at offset. */
export function setUnitVector(lon: number, lat: number, out: Float64Array, offset: number): void {
  const phi = lat * RAD
  const lambda = lon * RAD
  const c = Math.cos(phi)
  out[offset] = c * Math.cos(lambda)
  out[offset + 1] = c * Math.sin(lambda)
  out[offset + 2] = Math.sin(phi)
}

/**
 * A line prepared for repeated distance tests: vertices as unit vectors and, per
 * segment, the unit normal n of its great circle and the two "lune" vectors n × a and
 * b × n. A point p projects inside the arc a→b exactly when p·(n × a) ≥ 0 and
 * p·(b × n) ≥ 0; there its distance to the arc is asin(|p·n|); elsewhere the nearest
 * point of that arc is a vertex. Zero-length segments get a zero normal and are
 * covered by their vertices.
 */
export interface PreparedLine {
  /** 3 numbers per vertex. */
  vertices: Float64Array
  /** 9 numbers per segment: n, n × a, b × n. */
  segments: Float64Array
  /** [west, south, east, north] in degrees, holding every point of every arc. */
  bbox: [number, number, number, number]
}

export function prepareLine(coordinates: readonly Position[]): PreparedLine {
  const count = coordinates.length
  const vertices = new Float64Array(count * 3)
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  for (let i = 0; i < count; i++) {
    const [lon, lat] = coordinates[i]
    setUnitVector(lon, lat, vertices, i * 3)
    if (lon < w) w = lon
    if (lon > e) e = lon
    if (lat < s) s = lat
    if (lat > n) n = lat
  }
  const segments = new Float64Array(Math.max(0, count - 1) * 9)
  for (let i = 0; i + 1 < count; i++) {
    const a = i * 3
    const b = a + 3
    const ax = vertices[a]
    const ay = vertices[a + 1]
    const az = vertices[a + 2]
    // a × (b − a) equals a × b, but the difference of two nearby unit vectors is exact,
    // so short segments keep an accurate normal.
    const dx = vertices[b] - ax
    const dy = vertices[b + 1] - ay
    const dz = vertices[b + 2] - az
    let nx = ay * dz - az * dy
    let ny = az * dx - ax * dz
    let nz = ax * dy - ay * dx
    const len = Math.hypot(nx, ny, nz)
    const o = i * 9
    if (len === 0 || !(len > 1e-15)) continue // zero-length or antipodal: vertices decide
    nx /= len
    ny /= len
    nz /= len
    const bx = vertices[b]
    const by = vertices[b + 1]
    const bz = vertices[b + 2]
    segments[o] = nx
    segments[o + 1] = ny
    segments[o + 2] = nz
    // n × a
    segments[o + 3] = ny * az - nz * ay
    segments[o + 4] = nz * ax - nx * az
    segments[o + 5] = nx * ay - ny * ax
    // b × n
    segments[o + 6] = by * nz - bz * ny
    segments[o + 7] = bz * nx - bx * nz
    segments[o + 8] = bx * ny - by * nx
    // A great-circle arc can reach further from the equator than either end (an
    // east–west line bows towards the pole: 11 cm for a 2 km segment at 54°N), so the box
    // takes the circle's most northern and southern points when the arc passes them.
    // Its longitude needs no such care: an arc that passes no pole is monotonic in longitude.
    const h = Math.sqrt(Math.max(0, 1 - nz * nz))
    if (h > 0) {
      const vx = (-nz * nx) / h
      const vy = (-nz * ny) / h
      const vz = h
      // v is in the arc's lune when both lune dots are ≥ 0; −v when both are ≤ 0.
      const d1 = vx * segments[o + 3] + vy * segments[o + 4] + vz * segments[o + 5]
      const d2 = vx * segments[o + 6] + vy * segments[o + 7] + vz * segments[o + 8]
      if (d1 >= 0 && d2 >= 0) n = Math.max(n, Math.asin(Math.min(1, vz)) / RAD)
      if (d1 <= 0 && d2 <= 0) s = Math.min(s, -Math.asin(Math.min(1, vz)) / RAD)
    }
  }
  return { vertices, segments, bbox: [w, s, e, n] }
}

/** Whether the unit vector (px, py, pz) is within limit of the line (on the sphere). */
export function lineWithin(line: PreparedLine, px: number, py: number, pz: number, limit: SphereLimit): boolean {
  const v = line.vertices
  const c2 = limit.chord2
  for (let i = 0; i < v.length; i += 3) {
    const dx = px - v[i]
    const dy = py - v[i + 1]
    const dz = pz - v[i + 2]
    if (dx * dx + dy * dy + dz * dz <= c2) return true
  }
  const g = line.segments
  const sinA = limit.sinAngle
  for (let o = 0; o < g.length; o += 9) {
    const nx = g[o]
    const ny = g[o + 1]
    const nz = g[o + 2]
    if (nx === 0 && ny === 0 && nz === 0) continue // zero-length segment: its vertices decided
    const d = px * nx + py * ny + pz * nz
    if (d > sinA || d < -sinA) continue
    if (px * g[o + 3] + py * g[o + 4] + pz * g[o + 5] >= 0 && px * g[o + 6] + py * g[o + 7] + pz * g[o + 8] >= 0) {
      return true
    }
  }
  return false
}

/** Angle (radians) between two unit vectors given their squared chord. */
function chordAngle(chord2: number): number {
  return 2 * Math.asin(Math.min(1, Math.sqrt(chord2) / 2))
}

/** Distance in metres from the unit vector p to the line, on PostGIS's sphere. */
export function lineDistanceM(line: PreparedLine, px: number, py: number, pz: number): number {
  const v = line.vertices
  let best = Infinity
  for (let i = 0; i < v.length; i += 3) {
    const dx = px - v[i]
    const dy = py - v[i + 1]
    const dz = pz - v[i + 2]
    const a = chordAngle(dx * dx + dy * dy + dz * dz)
    if (a < best) best = a
  }
  const g = line.segments
  for (let o = 0; o < g.length; o += 9) {
    if (g[o] === 0 && g[o + 1] === 0 && g[o + 2] === 0) continue
    if (px * g[o + 3] + py * g[o + 4] + pz * g[o + 5] >= 0 && px * g[o + 6] + py * g[o + 7] + pz * g[o + 8] >= 0) {
      const a = Math.asin(Math.min(1, Math.abs(px * g[o] + py * g[o + 1] + pz * g[o + 2])))
      if (a < best) best = a
    }
  }
  return best * EARTH_RADIUS_M
}

/** Distance in metres between two [lon, lat] positions on PostGIS's sphere. */
export function pointDistanceM(a: Position, b: Position): number {
  const va = new Float64Array(3)
  const vb = new Float64Array(3)
  setUnitVector(a[0], a[1], va, 0)
  setUnitVector(b[0], b[1], vb, 0)
  const dx = va[0] - vb[0]
  const dy = va[1] - vb[1]
  const dz = va[2] - vb[2]
  return chordAngle(dx * dx + dy * dy + dz * dz) * EARTH_RADIUS_M
}
