/**
 * Typed wrappers for spin-out briefs and the projects started from them
 * (supabase/migrations/20261201004000_briefs.sql, 20261201004100_brief_projects.sql).
 * Briefs carry public facts only: public texts, street names, counts, and the middle of
 * the needs' public points; never an exact point, never a young person's identity.
 */
import { callRpc } from './rpc.ts'

export interface BriefSummary {
  brief_id: string
  category: string
  category_label: string
  needs: number
  supporters: number
  demand: number
  first_raised_at: string
  last_raised_at: string
  days_unmet: number
  raised_last_30_days: number
  raised_previous_30_days: number
  /** [lon, lat] of the middle of the needs' public (street-level) points. */
  centre: [number, number]
  streets: string[]
  neighbourhoods: { id: string; name: string }[]
}

export interface BriefListItem extends BriefSummary {
  projects: { project_id: string; name: string; stage: ProjectStage }[]
}

export type ProjectStage = 'starting' | 'active' | 'abandoned'

/** Outcome figures: only what the people who raised the needs confirmed. */
export interface ProjectOutcomes {
  projects: number
  needs_at_start: number
  needs_adopted_by_projects: number
  needs_met: number
  needs_met_by_projects: number
  needs_awaiting_confirmation: number
  needs_still_met: number
  needs_due_90_day_check: number
  median_days_to_first_met: number | null
  demand_at_start: number | null
  demand_now: number
}

export interface BriefDetail extends BriefSummary {
  open: boolean
  current_brief_id: string | null
  asked: { id: string; body: string; street_name: string | null; supporters: number; status: string; created_at: string }[]
  by_street: { street_name: string; needs: number; demand: number }[]
  by_month: { month: string; raised: number }[]
  hosts: { id: string; name: string; address: string | null; categories: string[]; distance_m: number }[]
  models: { id: string; name: string; social_goal: string; distance_m: number }[]
  /** null when fewer than young_people_threshold (the count could point at someone). */
  young_people_interested: number | null
  young_people_threshold: number
  projects: { project_id: string; name: string; stage: ProjectStage; started_at: string; outcomes: ProjectOutcomes }[]
  outcomes: ProjectOutcomes | null
}

export interface ProjectNeed {
  id: string
  body: string
  status: string
  street_name: string | null
  supporters: number
  adopted_by_project: boolean
  awaiting_confirmation: boolean
  is_mine: boolean
}

export interface ProjectDetail {
  project_id: string
  name: string
  social_goal: string
  contact: string | null
  categories: string[]
  status: string
  stage: ProjectStage
  brief_id: string
  category: string
  started_at: string
  lon: number
  lat: number
  cofounders: number
  is_founder: boolean
  is_member: boolean
  opportunities: { opportunity_id: string; title: string; min_age: number; max_age: number; commitment: string }[]
  needs: ProjectNeed[]
  outcomes: ProjectOutcomes
}

export interface NeighbourhoodBriefOutcomes {
  neighbourhood_id: string
  code: string
  name: string
  briefs_open: number
  projects_started: number
  needs_met_by_projects: number
}

export interface NeedProject {
  project_id: string
  name: string
  stage: ProjectStage
  brief_id: string
  adopted_this: boolean
  /** The caller raised this need, the project marked it met, and it waits for their answer. */
  awaiting_my_confirmation: boolean
}

export interface BriefQuery {
  category?: string | null
  neighbourhood?: string | null
  sort?: 'demand' | 'unmet'
}

export const listBriefs = (q: BriefQuery = {}, signal?: AbortSignal) =>
  callRpc<BriefListItem[]>('list_briefs', { category: q.category ?? null, neighbourhood: q.neighbourhood ?? null, sort: q.sort ?? 'demand' }, signal)
export const briefDetail = (briefId: string, signal?: AbortSignal) =>
  callRpc<BriefDetail | null>('brief_detail', { brief_id: briefId }, signal)
export const briefOutcomesByNeighbourhood = (signal?: AbortSignal) =>
  callRpc<NeighbourhoodBriefOutcomes[]>('brief_outcomes_by_neighbourhood', {}, signal)
export const startProject = (briefId: string, name: string, socialGoal: string, contact: string) =>
  callRpc<ProjectDetail>('start_project_from_brief', { brief_id: briefId, name, social_goal: socialGoal, contact })
export const projectDetail = (projectId: string, signal?: AbortSignal) =>
  callRpc<ProjectDetail | null>('project_detail', { project_id: projectId }, signal)
/** Adopts the brief's open needs, or only those named (adopting has a daily limit, so a project picks). */
export const adoptBriefNeeds = (projectId: string, needIds?: string[]) =>
  callRpc<{ adopted: string[]; skipped: { need_id: string; reason: string }[]; project: ProjectDetail }>('adopt_brief_needs', { project_id: projectId, need_ids: needIds ?? null })
export const inviteCofounder = (projectId: string) =>
  callRpc<{ token: string; expires_at: string }>('invite_cofounder', { project_id: projectId })
export const joinProject = (token: string) => callRpc<ProjectDetail>('join_project', { token })
export const setProjectStage = (projectId: string, stage: 'active' | 'abandoned') =>
  callRpc<ProjectDetail>('set_project_stage', { project_id: projectId, stage })
export const needProjects = (needId: string, signal?: AbortSignal) =>
  callRpc<NeedProject[]>('need_projects', { need_id: needId }, signal)
/** The outcome lifecycle (supabase/migrations/*_outcomes.sql), as the project page uses it. */
export const markNeedMet = (needId: string) => callRpc<unknown>('mark_need_met', { need_id: needId })
export const confirmNeedMet = (needId: string, stillMet: boolean) =>
  callRpc<unknown>('confirm_need_met', { need_id: needId, still_met: stillMet })
