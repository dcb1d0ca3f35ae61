/**
 * Multipolygon assembly: an OSM multipolygon relation's outer (and inner) ways, each a
 * list of node ids, joined end to end into closed rings (a lake's shore is often drawn
 * as several ways), then each inner ring put in the outer ring that holds it.
 */
import type { Position } from '../model.ts'

/**
 * Joins ways into closed rings of node ids by shared end nodes (reversing a way where
 * needed). Ways already closed are rings of their own. Returns the rings, and how many
 * ways could not be closed into one (a member missing from the extract, a broken ring).
 */
export function joinRings(ways: number[][]): { rings: number[][]; open: number } {
  const remaining = ways.filter((w) => w.length >= 2)
  const rings: number[][] = []
  let open = 0
  while (remaining.length) {
    const ring = remaining.shift()!.slice()
    let used = 1
    while (ring[0] !== ring[ring.length - 1]) {
      const last = ring[ring.length - 1]
      const i = remaining.findIndex((w) => w[0] === last || w[w.length - 1] === last)
      if (i < 0) break
      const [w] = remaining.splice(i, 1)
      const next = w[0] === last ? w : w.slice().reverse()
      for (let k = 1; k < next.length; k++) ring.push(next[k])
      used++
    }
    if (ring.length >= 4 && ring[0] === ring[ring.length - 1]) rings.push(ring)
    else open += used
  }
  return { rings, open }
}

/** Outer rings with the inner rings that lie inside them (by an inner ring's first vertex). */
export function polygonsOf(outers: Position[][], inners: Position[][]): Position[][][] {
  const polygons: Position[][][] = outers.map((o) => [o])
  for (const inner of inners) {
    const holder = polygons.find((p) => inRing(inner[0], p[0]))
    if (holder) holder.push(inner)
  }
  return polygons
}

/** Whether a point lies inside a closed ring (even-odd rule). */
export function inRing(p: Position, ring: Position[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}
