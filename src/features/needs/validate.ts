/**
 * The pin form's checks, mirroring the database's (private.clean_text, record_need),
 * so a resident hears about a problem before sending. The database stays the judge.
 */
import type { BBox } from '../../data/types.ts'
import { needsText } from '../../i18n/needs.ts'

export const BODY_MIN = 3
export const BODY_MAX = 500
/** The database's served area: within 200 m of a neighbourhood (private.in_served_area). */
export const SERVED_MARGIN_M = 200

export interface PinDraft {
  category: string | null
  body: string
  point: { lon: number; lat: number } | null
}
export type PinErrors = Partial<Record<'category' | 'body' | 'point', string>>

/** Trimmed the way the database trims (spaces, tabs, line breaks). */
export const trimBody = (text: string) => text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '')

/** The same patterns as private.clean_text. */
const HTML_TAG = /<\s*\/?\s*[a-zA-Z!]/
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]/

export function checkBody(text: string): string | undefined {
  const v = trimBody(text)
  const length = [...v].length
  if (length < BODY_MIN) return needsText.validation.tooShort(BODY_MIN)
  if (length > BODY_MAX) return needsText.validation.tooLong(BODY_MAX)
  if (HTML_TAG.test(v)) return needsText.validation.html
  if (CONTROL.test(v)) return needsText.validation.control
  return undefined
}

/**
 * Whether a point is inside one of the areas' boxes, grown by the served margin. `null`
 * areas means "not known here" (the database decides); an empty list means none in view.
 */
export function inServedArea(point: { lon: number; lat: number }, areas: BBox[] | null): boolean {
  if (!Number.isFinite(point.lon) || !Number.isFinite(point.lat)) return false
  if (Math.abs(point.lon) > 180 || Math.abs(point.lat) > 90) return false
  if (!areas) return true // not known yet (layer not loaded): the database decides
  const dLat = SERVED_MARGIN_M / 111_320
  const dLon = dLat / Math.max(0.01, Math.cos((point.lat * Math.PI) / 180))
  return areas.some(([w, s, e, n]) => point.lon >= w - dLon && point.lon <= e + dLon && point.lat >= s - dLat && point.lat <= n + dLat)
}

/** Every problem with a draft, by field; empty when it may be sent. */
export function validatePin(draft: PinDraft, areas: BBox[] | null = null): PinErrors {
  const errors: PinErrors = {}
  if (!draft.point) errors.point = needsText.validation.place
  else if (!inServedArea(draft.point, areas)) errors.point = needsText.validation.outside
  if (!draft.category) errors.category = needsText.validation.category
  const body = checkBody(draft.body)
  if (body) errors.body = body
  return errors
}
