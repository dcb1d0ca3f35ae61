/**
 * Who is signed in. Residents sign in silently (anonymous sign-in) on their first write;
 * staff (moderators) sign in with e-mail and password. supabase.auth only.
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
