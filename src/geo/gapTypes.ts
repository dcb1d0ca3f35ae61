/**
 * The shapes the gap verbs (streetGaps, neighbourhoodGaps, whatIf) take and give.
 *
 * Inputs are what the map layers return (map_streets, map_needs, map_assets,
 * map_enterprises in supabase/migrations/*_api_map.sql): a FeatureCollection or a plain
 * array of features, with only the properties listed here required. Outputs use the
 * field names of the SQL functions public.street_gaps and public.neighbourhood_gaps
 * (supabase/migrations/*_api_gaps.sql), so a view can show either.
 */
import type { Feature, LineString, Point, Position } from 'geojson'

/** DESIGN.md's default catchment: about five minutes' walk. */
export const DEFAULT_RADIUS_M = 400
/** The catchment the SQL accepts (private.check_gap_params); the verbs accept the same. */
export const MIN_RADIUS_M = 50
export const MAX_RADIUS_M = 5000
/** Needs that count as demand: not yet met, and (checked separately) not hidden. */
export const UNMET_STATUSES: readonly string[] = ['open', 'acknowledged', 'adopted']

export interface GapStreetProps {
  id: string
  name?: string | null
  neighbourhood_id?: string | null
}
export interface GapNeedProps {
  id: string
  category: string
  status: string
  street_id: string
  /** "Me too"s; each need counts 1 + supporters. */
  supporters: number
  /** map_needs never sends hidden needs; data from elsewhere may mark them. */
  hidden?: boolean
  /** Defaults to the neighbourhood of the need's street (as the database snaps it). */
  neighbourhood_id?: string | null
}
export interface GapAssetProps {
  id: string
  categories: string[]
}
export interface GapEnterpriseProps {
  id: string
  categories: string[]
  /** Only 'active' enterprises count as supply. */
  status: string
}
export interface GapNeighbourhoodProps {
  id: string
  code?: string | null
  name?: string | null
}

/** A FeatureCollection (as the map API returns it) or a plain array of features. */
export type FeaturesOf<G extends LineString | Point, P> = { features: Feature<G, P>[] } | Feature<G, P>[]

export interface GapInput {
  streets: FeaturesOf<LineString, GapStreetProps>
  /** Needs at their PUBLIC street-level point (map_needs). */
  needs: FeaturesOf<Point, GapNeedProps>
  assets?: FeaturesOf<Point, GapAssetProps>
  enterprises?: FeaturesOf<Point, GapEnterpriseProps>
  /** Catchment distance R in metres, 50–5000; default 400. */
  radiusM?: number
  /** Only these categories (null or absent: all). */
  categories?: readonly string[] | null
}

export interface CategoryGap {
  category: string
  demand: number
  supply: number
  gap: number
}

/** One street segment's scores, as a row of public.street_gaps. */
export interface StreetGap {
  street_id: string
  street_name: string | null
  neighbourhood_id: string | null
  /** Σ over categories of (1 + supporters) of the street's unmet needs. */
  demand: number
  /** Σ over the street's demand categories of the providers within R (as the SQL sums it). */
  supply: number
  /** Σ over categories of demand / (1 + supply). */
  gap: number
  /** Largest gap first, then by category. */
  by_category: CategoryGap[]
}

/** One neighbourhood's gap figures, as the spatial columns of public.neighbourhood_gaps. */
export interface NeighbourhoodGap {
  neighbourhood_id: string
  code: string | null
  name: string | null
  open_needs: number
  demand: number
  covered_needs: number
  /** Share of open needs with a provider of their category within R; null with no open needs. */
  coverage: number | null
  gap: number
  /** Up to three categories by uncovered demand, largest first, then by category. */
  top_unmet: { category: string; demand: number }[]
}

/** A provider that does not exist yet: "what if a food pantry opened here?" */
export interface HypotheticalProvider {
  coordinates: Position
  categories: readonly string[]
}
