import type { MultiPolygon, Polygon, Position } from 'geojson'

/**
 * Where to write a polygon's name: a point well inside it, far from its edges (an
 * approximate pole of inaccessibility, by a coarse grid refined three times). One
 * point per area, unlike placing labels on tiled polygons, which repeats them.
 *
 * @example
 * labelPoint({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]] }) // ≈ [2, 1]
 */
export function labelPoint(geometry: Polygon | MultiPolygon): Position | null {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  // Label the largest part.
  let best: Position[][] | null = null
  let bestArea = 0
  for (const p of polygons) {
    const a = p[0] ? Math.abs(ringArea(p[0])) : 0
    if (a > bestArea) {
      bestArea = a
      best = p
    }
  }
  if (!best || bestArea === 0) return null
  const rings = best
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of rings[0]) {
    w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y)
  }
  // Longitude degrees are shorter than latitude degrees away from the equator.
  const kx = Math.cos((((s + n) / 2) * Math.PI) / 180)
  let found: Position | null = null
  let foundDist = -Infinity
  let cx = (w + e) / 2
  let cy = (s + n) / 2
  let hw = (e - w) / 2
  let hh = (n - s) / 2
  for (let round = 0; round < 4; round++) {
    const steps = 12
    for (let i = 0; i <= steps; i++) {
      for (let j = 0; j <= steps; j++) {
        const x = cx - hw + (2 * hw * i) / steps
        const y = cy - hh + (2 * hh * j) / steps
        if (!inside(x, y, rings)) continue
        const d = edgeDistance(x, y, rings, kx)
        if (d > foundDist) {
          foundDist = d
          found = [x, y]
        }
      }
    }
    if (!found) return rings[0][0]
    ;[cx, cy] = found
    hw /= 4
    hh /= 4
  }
  return found && [Number(found[0].toFixed(6)), Number(found[1].toFixed(6))]
}

function ringArea(ring: Position[]): number {
  let a = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1])
  return a / 2
}

function inside(x: number, y: number, rings: Position[][]): boolean {
  let odd = false
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]
      const [xj, yj] = ring[j]
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd
    }
  }
  return odd
}

function edgeDistance(x: number, y: number, rings: Position[][], kx: number): number {
  let min = Infinity
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const ax = ring[j][0] * kx, ay = ring[j][1]
      const bx = ring[i][0] * kx, by = ring[i][1]
      const px = x * kx
      const dx = bx - ax, dy = by - ay
      const len = dx * dx + dy * dy
      const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (y - ay) * dy) / len))
      min = Math.min(min, Math.hypot(ax + t * dx - px, ay + t * dy - y))
    }
  }
  return min
}
