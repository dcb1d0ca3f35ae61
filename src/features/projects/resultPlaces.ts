/**
 * The projects' results as the map's enterprise layer: one marker per place, exactly
 * the places of the opportunities listed (not every enterprise in view), each marked
 * as a result with its rank and how many of the listed roles it has.
 */
import type { NearbyOpportunity } from '../../data/projects.ts'
import type { EnterpriseCollection } from '../../data/types.ts'

export function resultPlaces(list: NearbyOpportunity[]): EnterpriseCollection {
  const places = new Map<string, { first: NearbyOpportunity; roles: number; rank: number }>()
  for (const o of list) {
    const place = places.get(o.enterprise_id)
    if (place) place.roles++
    else places.set(o.enterprise_id, { first: o, roles: 1, rank: places.size + 1 })
  }
  return {
    type: 'FeatureCollection',
    truncated: false,
    features: [...places.values()].map(({ first: o, roles, rank }) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [o.lon, o.lat] },
      properties: {
        id: o.enterprise_id, name: o.enterprise_name, social_goal: o.social_goal, categories: o.categories,
        category: o.categories[0] ?? 'other', status: 'active', contact: o.contact, website: o.website,
        open_opportunities: roles, result_rank: rank,
      },
    })),
  }
}
