/**
 * Turns the database's refusals into sentences for residents, and decides whether a
 * failed send is worth retrying (no answer, 401, 408, 429, 5xx) or needs the person.
 */
import { ApiError } from '../../data/rpc.ts'
import { needsText } from '../../i18n/needs.ts'

const e = needsText.errors

/** A human message for any error from the API. */
export function humanMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return e.unknown(error instanceof Error ? error.message : String(error))
  if (error.unreachable) return e.unreachable
  const m = error.message
  // Three different limits answer 429: tell them apart, never blame pins for a busy network.
  if (error.code === 'over_request_rate_limit') return e.signInBusy
  if (error.code === 'over_email_send_rate_limit') return e.mailBusy
  if (error.code === 'PT429' && /pinned \d+ needs/i.test(m)) return e.rateLimited
  if (error.code === 'PT429' && /^Too many (changes|heavy reads)/.test(m)) return e.tooFast
  if (error.code === 'PT429') return m // the database's own sentence (adoptions, enterprises)
  if (error.status === 429) return e.tooFast
  if (error.code === 'email_not_confirmed' || /Confirm your e-mail address/i.test(m)) return e.confirmEmail
  if (/outside the area/i.test(m)) return e.outside
  if (/150 m from any street/i.test(m)) return e.farFromStreet
  if (/at least \d+ characters/i.test(m)) return e.tooShort
  if (/at most \d+ characters/i.test(m)) return e.tooLong
  if (/HTML tags/i.test(m)) return e.html
  if (/Unknown category/i.test(m)) return e.category
  if (/id is already in use/i.test(m)) return e.idTaken
  if (/no longer open|Only open needs|already (withdrawn|met|closed)/i.test(m)) return e.notOpen
  if (/your voice is already counted/i.test(m)) return e.ownNeed
  if (/Only the person who raised/i.test(m)) return e.notAuthor
  if (/Only moderators/i.test(m)) return e.notModerator
  if (/does not exist|removed/i.test(m)) return e.gone
  if (/Sign in first/i.test(m)) return e.signIn
  return e.unknown(m)
}

/** Whether sending again later may succeed without the person changing anything. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true // a thrown fetch or storage hiccup: try again
  if (error.unreachable) return true
  const status = error.status ?? 0
  return status === 0 || status === 401 || status === 408 || status === 429 || status >= 500
}
