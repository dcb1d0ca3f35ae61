/**
 * Typed wrappers for the projects API (young people find and join; enterprise owners
 * list, add and close): supabase.rpc for data, supabase.auth for the owners' accounts.
 */
import { ApiError, callRpc } from './rpc.ts'
import { getSupabase } from './supabase.ts'
import { returnUrl } from './auth.ts'

export type Commitment = 'one-off' | 'flexible' | 'weekly' | 'part-time'
export const COMMITMENTS: Commitment[] = ['one-off', 'flexible', 'weekly', 'part-time']
export type ReplyVia = 'email' | 'phone' | 'in-person'

/** What an opportunity says about itself (opportunity_json in the API). */
export interface OpportunityBase {
  opportunity_id: string
  title: string
  description: string
  skills: string[]
  min_age: number
  max_age: number
  commitment: Commitment
  paid: boolean
}

/** One row of nearby_opportunities: the opportunity, its enterprise, and how far. */
export interface NearbyOpportunity extends OpportunityBase {
  enterprise_id: string
  enterprise_name: string
  social_goal: string
  categories: string[]
  contact: string | null
  website: string | null
  lon: number
  lat: number
  /** Along the streets (route 'streets'), or the straight line where no route was found ('crow'). */
  distance_m: number
  straight_m: number
  route: 'streets' | 'crow'
  walking_minutes: number
  /** Only on a project started from a brief that is not yet running. */
  project_starting?: true
}

export interface OpportunityDetail extends OpportunityBase {
  schedule: string | null
  status: 'open' | 'closed'
  /** Takes interest now: open, at an active enterprise or a project just starting. */
  open: boolean
  enterprise_id: string
  enterprise_name: string
  social_goal: string
  categories: string[]
  contact: string | null
  website: string | null
  enterprise_status: string
  lon: number
  lat: number
  street_name: string | null
  neighbourhood_name: string | null
  my_interest: { id: string; created_at: string } | null
}

export interface NearbyQuery {
  lon: number
  lat: number
  categories: string[] | null
  paid: boolean | null
  commitment: Commitment | null
  age: number | null
}

/** Within 5 km (about an hour's walk), nearest first, at most 50. */
export const nearbyOpportunities = (q: NearbyQuery, signal?: AbortSignal) =>
  callRpc<NearbyOpportunity[]>(
    'nearby_opportunities',
    {
      lon: q.lon,
      lat: q.lat,
      radius_m: 5000,
      max_results: 50,
      ...(q.categories ? { categories: q.categories } : {}),
      ...(q.paid !== null ? { paid: q.paid } : {}),
      ...(q.commitment ? { commitment: q.commitment } : {}),
      ...(q.age !== null ? { age: q.age } : {}),
    },
    signal,
    { public: true },
  )

export const opportunityDetail = (opportunityId: string, signal?: AbortSignal) =>
  callRpc<OpportunityDetail | null>('opportunity_detail', { opportunity_id: opportunityId }, signal)

export interface InterestRequest {
  opportunity_id: string
  display_name: string
  reply_via: ReplyVia
  reply_to: string | null
  age: number
  message: string | null
}
export interface InterestRecord {
  id: string
  opportunity_id: string
  display_name: string
  reply_via: ReplyVia
  reply_to: string | null
  age: number
  message: string | null
  created_at: string
}
export interface MyInterest extends InterestRecord {
  title: string
  enterprise_name: string
}
export interface EnterpriseInterest extends MyInterest {
  enterprise_id: string
}

export const expressInterest = (req: InterestRequest) => callRpc<InterestRecord>('express_interest', { ...req })
export const withdrawInterest = (interestId: string) =>
  callRpc<{ id: string; withdrawn: boolean }>('withdraw_interest', { interest_id: interestId })
export const myInterests = (signal?: AbortSignal) => callRpc<MyInterest[]>('my_interests', {}, signal)
export const enterpriseInterests = (signal?: AbortSignal) => callRpc<EnterpriseInterest[]>('enterprise_interests', {}, signal)

/** An opportunity as its owner sees it: with its status and how many are interested. */
export interface OwnedOpportunity extends OpportunityBase {
  schedule: string | null
  status: 'open' | 'closed'
  interests: number
  created_at: string
}
export interface OwnedEnterprise {
  id: string
  name: string
  social_goal: string
  categories: string[]
  contact: string | null
  website: string | null
  status: 'active' | 'paused' | 'closed'
  lon: number
  lat: number
  opportunities: OwnedOpportunity[]
}
export interface EnterpriseListing {
  name: string
  social_goal: string
  categories: string[]
  lon: number
  lat: number
  contact: string
  website: string | null
}
export interface OpportunityRequest {
  enterprise_id: string
  title: string
  description: string
  min_age: number
  max_age: number
  commitment: Commitment
  paid: boolean
  skills: string[]
  schedule: string | null
}

export const myEnterprises = (signal?: AbortSignal) => callRpc<OwnedEnterprise[]>('my_enterprises', {}, signal)
export const listEnterprise = (listing: EnterpriseListing) => callRpc<OwnedEnterprise>('list_enterprise', { ...listing })
export const updateEnterprise = (enterpriseId: string, changes: Partial<EnterpriseListing> & { status?: OwnedEnterprise['status'] }) =>
  callRpc<OwnedEnterprise>('update_enterprise', { enterprise_id: enterpriseId, ...changes })
export const addOpportunity = (req: OpportunityRequest) => callRpc<OwnedOpportunity>('add_opportunity', { ...req })
export const setOpportunityStatus = (opportunityId: string, status: 'open' | 'closed') =>
  callRpc<OwnedOpportunity>('set_opportunity_status', { opportunity_id: opportunityId, status })

/**
 * Creates an enterprise owner's account (e-mail + password). With "Confirm email" on
 * (GoTrue's default, and the embedded backend's) there is no session yet: 'confirm'
 * means a link went to the address. 'signed-in' where confirmation is off.
 */
export async function signUpOwner(email: string, password: string): Promise<'confirm' | 'signed-in'> {
  const supabase = await getSupabase()
  const { data, error } = await supabase.auth.signUp({ email, password, options: { emailRedirectTo: returnUrl() } })
  if (error) throw new ApiError(error.message, { code: error.code, status: error.status })
  return data.session ? 'signed-in' : 'confirm'
}
