/**
 * Places and enterprises within R of a street line, nearest first: for the street page.
 * Distances on the sphere (Turf), as the gap functions measure them.
 */
import { pointToLineDistance } from '@turf/turf'
import type { Feature, LineString, Point } from 'geojson'

export interface Nearby<P> {
  props: P
  distance_m: number
}

export function nearbyOf<P>(line: LineString, points: readonly Feature<Point, P>[], radiusM: number): Nearby<P>[] {
  if (line.coordinates.length < 2) return []
  const out: Nearby<P>[] = []
  for (const f of points) {
    const d = pointToLineDistance(f.geometry.coordinates, line, { units: 'meters', method: 'geodesic' })
    if (d <= radiusM) out.push({ props: f.properties, distance_m: d })
  }
  return out.sort((a, b) => a.distance_m - b.distance_m)
}
