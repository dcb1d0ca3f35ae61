import type { Geometry } from 'geojson'
import type { BBox } from '../data/types.ts'

/**
 * Whether a geometry touches a box: a point inside it, or a line or polygon whose own
 * bounding box overlaps it (cheap, and what "in view" means for a list).
 *
 * @example
 * inBBox({ type: 'Point', coordinates: [-3.4, 54.1] }, [-3.5, 54, -3.3, 54.2]) // true
 */
export function inBBox(geometry: Geometry | null | undefined, bbox: BBox): boolean {
  if (!geometry) return false
  if (geometry.type === 'Point') {
    const [x, y] = geometry.coordinates
    return x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3]
  }
  const b = bboxOf(geometry)
  return b !== null && b[0] <= bbox[2] && b[2] >= bbox[0] && b[1] <= bbox[3] && b[3] >= bbox[1]
}

/** The bounding box of any geometry, or null for an empty one. */
export function bboxOf(geometry: Geometry): BBox | null {
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[]
      if (x < w) w = x
      if (x > e) e = x
      if (y < s) s = y
      if (y > n) n = y
    } else for (const inner of c as unknown[]) visit(inner)
  }
  if (geometry.type === 'GeometryCollection') {
    for (const g of geometry.geometries) {
      const b = bboxOf(g)
      if (b) visit([[b[0], b[1]], [b[2], b[3]]])
    }
  } else visit(geometry.coordinates)
  return w === Infinity ? null : [w, s, e, n]
}
