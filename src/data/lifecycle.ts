/**
 * A need's lifecycle (supabase/migrations/20261201001600_trusted_outcomes.sql): the need
 * page's data with what the caller may do, adopting, marking met (a claim the author
 * answers), undoing an adoption, and the caller's notifications.
 */
import { callRpc } from './rpc.ts'
import type { NeedDetail } from './types.ts'

/** What the caller may do with the need, as the database decides it. */
export interface NeedMay {
  adopt: boolean
  /** Active enterprises the caller owns and may adopt for. */
  adopt_for: { id: string; name: string }[]
  mark_met: boolean
  /** The author is asked: is it met, as the adopter says? */
  answer_claim: boolean
  undo_adoption: boolean
  confirmed_account: boolean
}

/** need_page: need_detail, where the need stands in the lifecycle, and `may`. */
export interface NeedPageData extends NeedDetail {
  hidden: boolean
  exact_point: [number, number] | null
  adopted_by_enterprise: { id: string; name: string } | null
  adopted_by_me: boolean
  adopted_at: string | null
  met_at: string | null
  met_confirmed_at: string | null
  met_confirmed_by: 'author' | 'unchallenged' | null
  met_claimed_at: string | null
  /** Marked met by its adopter, waiting for the person who raised it. */
  awaiting_confirmation: boolean
  /** When the claim counts as met without an answer (seen by the author). */
  auto_confirms_at: string | null
  may: NeedMay
}

export const needPage = (needId: string, signal?: AbortSignal) =>
  callRpc<NeedPageData | null>('need_page', { need_id: needId }, signal)

/** The lifecycle writes return the need as need_outcome_json shows it (no history, no `may`). */
export type NeedOutcome = Omit<NeedPageData, 'history' | 'may'>

export const adoptNeed = (needId: string, enterpriseId: string | null) =>
  callRpc<NeedOutcome>('adopt_need', { need_id: needId, enterprise_id: enterpriseId })
export const markNeedMet = (needId: string) => callRpc<NeedOutcome>('mark_need_met', { need_id: needId })
/** The author's answer: met (true) or not met (false, which reopens it). */
export const confirmNeedMet = (needId: string, met: boolean) =>
  callRpc<NeedOutcome>('confirm_need_met', { need_id: needId, still_met: met })
export const undoAdoption = (needId: string) => callRpc<NeedOutcome>('undo_adoption', { need_id: needId })

export interface Notice {
  id: number
  need_id: string | null
  kind: 'met_claimed' | 'met_confirmed' | 'met_disputed' | 'adoption_undone'
  body: string
  created_at: string
  read: boolean
}
export const myNotifications = (signal?: AbortSignal) =>
  callRpc<{ unread: number; items: Notice[] }>('my_notifications', {}, signal)
export const markNotificationsRead = () => callRpc<number>('mark_notifications_read')
