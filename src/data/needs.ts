import { callRpc } from './rpc.ts'
import type { NeedDetail } from './types.ts'

/** One need with its status history; the exact point only when the caller may see it. */
export const needDetail = (needId: string, signal?: AbortSignal) =>
  callRpc<NeedDetail | null>('need_detail', { need_id: needId }, signal)

/** A need as the write functions, my_needs and similar_needs return it (need_json). */
export interface NeedRecord {
  id: string
  category: string
  body: string
  status: string
  street_id: string
  street_name: string | null
  neighbourhood_id: string | null
  public_point: [number, number]
  /** Only for the author and moderators; null for everyone else. */
  exact_point: [number, number] | null
  is_mine: boolean
  supported_by_me: boolean
  supporters: number
  hidden: boolean
  created_at: string
  status_changed_at: string
}
export interface SimilarNeed extends NeedRecord {
  distance_m: number
}
export interface ReportedNeed extends NeedRecord {
  reports: number
  reasons: string[]
}

export interface PinRequest {
  /** Made by the client (crypto.randomUUID()), so a retry never duplicates. */
  id: string
  category: string
  body: string
  lon: number
  lat: number
}

/** Pins a need; pinning the same id again returns the first result. */
export const pinNeed = (pin: PinRequest) => callRpc<NeedRecord>('pin_need', { ...pin })
export const supportNeed = (needId: string) => callRpc<NeedRecord>('support_need', { need_id: needId })
export const unsupportNeed = (needId: string) => callRpc<NeedRecord>('unsupport_need', { need_id: needId })
export const editNeed = (needId: string, body: string, category?: string) =>
  callRpc<NeedRecord>('edit_need', { need_id: needId, body, category: category ?? null })
export const withdrawNeed = (needId: string, reason?: string) =>
  callRpc<NeedRecord>('withdraw_need', { need_id: needId, reason: reason ?? null })
export const myNeeds = (signal?: AbortSignal) => callRpc<NeedRecord[]>('my_needs', {}, signal)
export const similarNeeds = (lon: number, lat: number, category: string, signal?: AbortSignal) =>
  callRpc<SimilarNeed[]>('similar_needs', { lon, lat, category, radius_m: 150 }, signal)
export const reportNeed = (needId: string, reason: string) =>
  callRpc<{ need_id: string; reported: boolean }>('report_need', { need_id: needId, reason })
export const hideNeed = (needId: string, reason: string) => callRpc<NeedRecord>('hide_need', { need_id: needId, reason })
export const restoreNeed = (needId: string, reason: string) => callRpc<NeedRecord>('restore_need', { need_id: needId, reason })
export const reportedNeeds = (signal?: AbortSignal) => callRpc<ReportedNeed[]>('reported_needs', {}, signal)
