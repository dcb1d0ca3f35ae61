/**
 * The "Near …" words while pinning name the street the database will snap the pin to:
 * a named street within 40 m wins over a nearer unnamed footpath (private.snap_to_street).
 */
import { describe, expect, it } from 'vitest'
import type { StreetCollection } from '../../src/data/types.ts'
import { nearestStreet } from '../../src/features/needs/nearestStreet.ts'

const line = (id: string, name: string | null, lat: number) => ({
  type: 'Feature' as const,
  geometry: { type: 'LineString' as const, coordinates: [[-0.73, lat], [-0.72, lat]] },
  properties: { id, name, highway: name ? 'residential' : 'footway', neighbourhood_id: null },
})
// A footpath at the pin's latitude; High Street 33 m north; Mill Lane 89 m south.
const streets = {
  type: 'FeatureCollection',
  features: [line('path', null, 52.67), line('high', 'High Street', 52.6703), line('mill', 'Mill Lane', 52.6692)],
} as unknown as StreetCollection

describe('nearestStreet', () => {
  it('prefers a named street within 40 m to a nearer unnamed path', () => {
    expect(nearestStreet(streets, -0.725, 52.67)).toMatchObject({ id: 'high', name: 'High Street' })
  })

  it('takes the nearest street, named or not, when no named one is within 40 m', () => {
    const far = { ...streets, features: [streets.features[0], streets.features[2]] } as StreetCollection
    expect(nearestStreet(far, -0.725, 52.67)).toMatchObject({ id: 'path', name: null })
  })

  it('finds nothing beyond the limit', () => {
    expect(nearestStreet(streets, -0.725, 52.68)).toBeNull()
  })
})
