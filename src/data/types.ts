/** The shapes the map API returns (see supabase/migrations/*_api_map.sql). */
import type { Feature, LineString, MultiPolygon, Point } from 'geojson'

/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number]

export type LayerId = 'streets' | 'neighbourhoods' | 'assets' | 'enterprises' | 'needs'
export const LAYER_IDS: readonly LayerId[] = ['neighbourhoods', 'streets', 'assets', 'enterprises', 'needs']
/** The point layers: the ones with categories, listed and counted in the legend. */
export type PointLayerId = 'assets' | 'enterprises' | 'needs'
export const POINT_LAYERS: readonly PointLayerId[] = ['assets', 'enterprises', 'needs']

export interface Category {
  slug: string
  label: string
  icon: string
  colour: string
  sort_order: number
}

export interface StreetProps {
  id: string
  name: string | null
  highway: string
  neighbourhood_id: string | null
  source: string
}
export interface NeighbourhoodProps {
  id: string
  code: string
  name: string
  kind: string
}
export interface AssetProps {
  id: string
  name: string
  categories: string[]
  category: string
  address: string | null
  opening_hours: string | null
  contact: string | null
  website: string | null
  source: string
  verified: boolean
}
export interface EnterpriseProps {
  id: string
  name: string
  social_goal: string
  categories: string[]
  category: string
  status: 'active' | 'paused' | 'closed'
  contact: string | null
  website: string | null
  open_opportunities: number
}
export interface NeedProps {
  id: string
  category: string
  body: string
  status: string
  street_id: string
  street_name: string | null
  supporters: number
  created_at: string
}

export interface LayerCollection<G extends LineString | MultiPolygon | Point, P> {
  type: 'FeatureCollection'
  features: Feature<G, P>[]
  /** The server's cap cut the answer short: there is more in view than was sent. */
  truncated: boolean
}

export type StreetCollection = LayerCollection<LineString, StreetProps>
export type NeighbourhoodCollection = LayerCollection<MultiPolygon, NeighbourhoodProps>
export type AssetCollection = LayerCollection<Point, AssetProps>
export type EnterpriseCollection = LayerCollection<Point, EnterpriseProps>
export type NeedCollection = LayerCollection<Point, NeedProps>

export interface LayerData {
  streets: StreetCollection
  neighbourhoods: NeighbourhoodCollection
  assets: AssetCollection
  enterprises: EnterpriseCollection
  needs: NeedCollection
}

export interface NeedEvent {
  from: string | null
  to: string
  by: string
  note: string | null
  at: string
}
export interface NeedDetail {
  id: string
  category: string
  body: string
  status: string
  street_id: string
  street_name: string | null
  neighbourhood_id: string | null
  public_point: [number, number]
  supporters: number
  supported_by_me: boolean
  is_mine: boolean
  created_at: string
  status_changed_at: string
  history: NeedEvent[]
}

export const emptyCollection = <C extends LayerCollection<never, never>>(): C =>
  ({ type: 'FeatureCollection', features: [], truncated: false }) as unknown as C
