/**
 * The loaded street nearest a point, for words like "Near Wasdale Road" while pinning
 * and a point on the street when one is picked from search. Equirectangular metres are
 * plenty at street scale; the database does the real snapping.
 */
import type { StreetCollection } from '../../data/types.ts'

export interface NearStreet {
  id: string
  name: string | null
  distance_m: number
}

/** A named street this near wins over a nearer unnamed path, as the database's snapping decides (private.snap_to_street). */
export const PREFER_NAMED_M = 40

/** The street a pin here snaps to: the nearest named one within 40 m, else the nearest within `maxM` metres, or null. */
export function nearestStreet(streets: StreetCollection, lon: number, lat: number, maxM = 150): NearStreet | null {
  const kx = 111_320 * Math.cos((lat * Math.PI) / 180)
  const ky = 110_574
  let best: NearStreet | null = null
  let named: NearStreet | null = null
  for (const f of streets.features) {
    const c = f.geometry.coordinates
    for (let i = 1; i < c.length; i++) {
      const ax = (c[i - 1][0] - lon) * kx, ay = (c[i - 1][1] - lat) * ky
      const bx = (c[i][0] - lon) * kx, by = (c[i][1] - lat) * ky
      const dx = bx - ax, dy = by - ay
      const len = dx * dx + dy * dy
      const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len))
      const d = Math.hypot(ax + t * dx, ay + t * dy)
      if (d <= maxM && (!best || d < best.distance_m)) best = { id: f.properties.id, name: f.properties.name, distance_m: d }
      if (f.properties.name && d <= PREFER_NAMED_M && (!named || d < named.distance_m)) named = { id: f.properties.id, name: f.properties.name, distance_m: d }
    }
  }
  return named ?? best
}

/** A point on a street: the middle vertex of its line. */
export function pointOnStreet(streets: StreetCollection, id: string): { lon: number; lat: number } | null {
  const f = streets.features.find((s) => s.properties.id === id)
  if (!f) return null
  const c = f.geometry.coordinates
  const mid = c.length >= 3 ? c[Math.floor(c.length / 2)] : [(c[0][0] + c[c.length - 1][0]) / 2, (c[0][1] + c[c.length - 1][1]) / 2]
  return { lon: mid[0], lat: mid[1] }
}
