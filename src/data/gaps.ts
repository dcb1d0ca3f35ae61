/**
 * Typed wrappers for the planners' functions: gaps by street and by neighbourhood
 * (supabase/migrations/*_api_gaps.sql) and outcomes (supabase/migrations/*_outcomes.sql).
 * Every figure here is an aggregate; no exact location of a need is ever returned.
 */
import type { LineString, MultiLineString } from 'geojson'
import { callRpc } from './rpc.ts'

export interface CategoryGapRow {
  category: string
  demand: number
  supply: number
  gap: number
}

/** One row of public.street_gaps. */
export interface StreetGapRow {
  street_id: string
  street_name: string | null
  highway: string
  neighbourhood_id: string | null
  neighbourhood_name: string | null
  demand: number
  supply: number
  gap: number
  by_category: CategoryGapRow[]
}

/** One row of public.ranked_streets: a street as people know it (its segments together). */
export interface RankedStreetRow extends StreetGapRow {
  /** The street's name, or for an unnamed one its label from context ("footpath off High Street"). */
  label: string
  settlement: string | null
  segments: number
  segment_ids: string[]
  /** [west, south, east, north] of the street's segments. */
  bbox: [number, number, number, number]
  geometry: MultiLineString | null
  /** How many streets have a gap in all (the table says "of N"). */
  total_count: number
}

/** One need on a street page, at its public point. */
export interface StreetPageNeed {
  id: string
  category: string
  body: string
  status: string
  supporters: number
  street_id: string
  public_point: [number, number]
  created_at: string
}

/** public.street_page: everything a street's page shows, for that street alone. */
export interface StreetPageData {
  id: string
  name: string | null
  label: string
  settlement: string | null
  highway: string
  neighbourhood: { id: string; name: string; code: string } | null
  length_m: number
  radius_m: number
  bbox: [number, number, number, number]
  segments: { id: string; highway: string; length_m: number; neighbourhood_id: string | null; geometry: LineString }[]
  gap: { demand: number; supply: number; gap: number; by_category: CategoryGapRow[] }
  needs: StreetPageNeed[]
  providers: { layer: 'assets' | 'enterprises'; id: string; name: string; categories: string[]; distance_m: number; point: [number, number] }[]
  trend: OutcomeMonth[]
}

/** One row of public.neighbourhood_gaps. */
export interface NeighbourhoodGapRow {
  neighbourhood_id: string
  code: string
  name: string
  open_needs: number
  demand: number
  covered_needs: number
  coverage: number | null
  gap: number
  top_unmet: { category: string; demand: number }[]
  needs_raised: number
  needs_met: number
  share_met: number | null
  median_days_to_met: number | null
}

export interface OutcomeMonth {
  /** YYYY-MM */
  month: string
  raised: number
  adopted: number
  met: number
}

/** What neighbourhood_outcomes and street_outcomes share. */
export interface Outcomes {
  needs_raised: number
  needs_adopted: number
  needs_met: number
  /** How each met was confirmed: by the person who raised it, or unchallenged 14 days after they were told. */
  needs_met_confirmed_by_author: number
  needs_met_unchallenged: number
  share_met_confirmed_by_author: number | null
  share_met_unchallenged: number | null
  /** Marked met by an adopter, waiting for the person who raised it (still unmet). */
  needs_awaiting_confirmation: number
  /** Claims of "met" that the person who raised the need said were not. */
  needs_disputed: number
  needs_still_met: number
  needs_unmet: number
  share_met: number | null
  median_days_to_adoption: number | null
  median_days_to_met: number | null
  by_month: OutcomeMonth[]
}

export interface GapQuery {
  radiusM: number
  categories: string[] | null
  neighbourhood: string | null
}

const cats = (categories: string[] | null) => (categories && categories.length > 0 ? { categories } : {})

/** Streets ranked by gap, largest first (the server's cap: 500 rows). */
export const fetchStreetGaps = (q: GapQuery, signal?: AbortSignal) =>
  callRpc<StreetGapRow[]>(
    'street_gaps',
    { radius_m: q.radiusM, ...cats(q.categories), ...(q.neighbourhood ? { neighbourhood: q.neighbourhood } : {}) },
    signal,
  )

/** The most streets the table loads at once (the server's cap); the table pages through them. */
export const RANKED_STREETS_CAP = 5000

/** Streets as people know them, ranked by gap (all of them up to the cap, with the total). */
export const fetchRankedStreets = (q: GapQuery, opts: { withGeometry?: boolean } = {}, signal?: AbortSignal) =>
  callRpc<RankedStreetRow[]>(
    'ranked_streets',
    {
      radius_m: q.radiusM, ...cats(q.categories), ...(q.neighbourhood ? { neighbourhood: q.neighbourhood } : {}),
      max_results: RANKED_STREETS_CAP, ...(opts.withGeometry ? { with_geometry: true } : {}),
    },
    signal,
  )

/** A street's page (by the street's id or any of its segments' ids). */
export const fetchStreetPage = (street: string, radiusM: number, categories: string[] | null, signal?: AbortSignal) =>
  callRpc<StreetPageData>('street_page', { street, radius_m: radiusM, ...cats(categories) }, signal)

/** Every neighbourhood's demand, coverage, gap and top unmet categories. */
export const fetchNeighbourhoodGaps = (q: Pick<GapQuery, 'radiusM' | 'categories'>, signal?: AbortSignal) =>
  callRpc<NeighbourhoodGapRow[]>('neighbourhood_gaps', { radius_m: q.radiusM, ...cats(q.categories) }, signal)

/** Outcomes of one neighbourhood's needs, or (null) of the whole town's. */
export const fetchNeighbourhoodOutcomes = (neighbourhood: string | null, signal?: AbortSignal) =>
  callRpc<Outcomes & { neighbourhood_id: string | null; name: string | null }>(
    'neighbourhood_outcomes',
    neighbourhood ? { neighbourhood } : {},
    signal,
  )

/** Outcomes of one street segment's needs. */
export const fetchStreetOutcomes = (streetId: string, signal?: AbortSignal) =>
  callRpc<Outcomes & { street_id: string; street_name: string | null }>('street_outcomes', { street_id: streetId }, signal)
