/**
 * Who is signed in. Residents sign in silently (anonymous sign-in) on their first write;
 * staff (moderators) sign in with e-mail and password. supabase.auth only. An e-mail
 * address counts once the link mailed to it is opened: the link comes back to the app
 * with the outcome in the URL fragment (GoTrue's /verify redirect), read here.
 */
import type { Session } from '@supabase/supabase-js'
import { ApiError } from './rpc.ts'
import { getSupabase } from './supabase.ts'

export interface Account {
  userId: string
  email: string | null
  anonymous: boolean
}

const toAccount = (session: Session | null): Account | null =>
  session ? { userId: session.user.id, email: session.user.email || null, anonymous: session.user.is_anonymous ?? !session.user.email } : null

/** An auth failure as an ApiError: no answer at all (status 0) is "unreachable". */
function authError(error: { message: string; status?: number; code?: string }): ApiError {
  const status = error.status ?? 0
  return new ApiError(error.message, { status, code: error.code, unreachable: status === 0 || status >= 502 })
}

/** What a mailed link that opened this page did, read once before supabase-js clears the URL. */
export interface AuthLanding {
  /** signup, invite, email_change, magiclink… when the link signed the person in. */
  type: string | null
  /** GoTrue's message when only the first of two e-mail change links was opened. */
  message: string | null
  /** error_description when the link had expired or was used already. */
  error: string | null
}

function readLanding(): AuthLanding | null {
  if (typeof location === 'undefined' || !location.hash.includes('sb')) return null
  const f = new URLSearchParams(location.hash.slice(1))
  if (!f.has('sb')) return null
  const landing = { type: f.get('access_token') ? f.get('type') : null, message: f.get('message'), error: f.get('error_description') }
  // A message-only fragment is not for supabase-js: clear it ourselves.
  if (!f.get('access_token') && !f.get('error_description')) history.replaceState(history.state, '', location.pathname + location.search)
  return landing
}

let landing: AuthLanding | null = readLanding()

/** The mailed link this page was opened from, once (null afterwards or when none). */
export function takeAuthLanding(): AuthLanding | null {
  const value = landing
  landing = null
  return value
}

/** Where a mailed link should bring the person back to: this page, with its view. */
export const returnUrl = () => `${location.origin}${location.pathname}${location.search}`

/** The invited person (or anyone signed in) chooses a password. */
export async function choosePassword(password: string): Promise<void> {
  const supabase = await getSupabase()
  const { error } = await supabase.auth.updateUser({ password })
  if (error) throw authError(error)
}

/** The sign-up link again (GoTrue answers the same whether or not there is such an account). */
export async function resendConfirmation(email: string): Promise<void> {
  const supabase = await getSupabase()
  const { error } = await supabase.auth.resend({ type: 'signup', email, options: { emailRedirectTo: returnUrl() } })
  if (error) throw authError(error)
}

export async function currentAccount(): Promise<Account | null> {
  const supabase = await getSupabase()
  const { data } = await supabase.auth.getSession()
  return toAccount(data.session)
}

/** Signs in anonymously unless someone already is; the session is kept by supabase-js. */
export async function ensureSignedIn(): Promise<Account> {
  let supabase
  try {
    supabase = await getSupabase()
  } catch (cause) {
    throw new ApiError('The Street Level server could not be reached.', { unreachable: true, status: 0, cause })
  }
  const { data } = await supabase.auth.getSession()
  if (data.session) return toAccount(data.session)!
  const { data: signed, error } = await supabase.auth.signInAnonymously()
  if (error || !signed.session) throw authError(error ?? { message: 'Signing in failed.', status: 500 })
  return toAccount(signed.session)!
}

export async function signInStaff(email: string, password: string): Promise<Account> {
  const supabase = await getSupabase()
  const { data, error } = await supabase.auth.signInWithPassword({ email, password })
  if (error || !data.session) throw authError(error ?? { message: 'Signing in failed.', status: 500 })
  return toAccount(data.session)!
}

export async function signOut(): Promise<void> {
  const supabase = await getSupabase()
  await supabase.auth.signOut()
}

/** Calls back with the account whenever it changes; returns the unsubscribe. */
export async function onAccountChange(fn: (account: Account | null) => void): Promise<() => void> {
  const supabase = await getSupabase()
  const { data } = supabase.auth.onAuthStateChange((_event, session) => fn(toAccount(session)))
  return () => data.subscription.unsubscribe()
}
