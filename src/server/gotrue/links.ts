/**
 * The one-time links GoTrue mails, kept as GoTrue keeps them in auth.users:
 *   signup / invite   confirmation_token, confirmation_sent_at (invite: invited_at too)
 *   magiclink         recovery_token, recovery_sent_at
 *   email_change      email_change (the new address), email_change_token_new and, when the
 *                     account already has an address, email_change_token_current: secure
 *                     e-mail change, both addresses must confirm (GoTrue's default)
 * Only a SHA-256 of each token is stored, so a copy of the database holds no usable link.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Queryable } from '../../db/database.ts'
import { AuthError } from './errors.ts'
import { hashPassword, normaliseUserRow, USER_COLUMNS, type UserRow } from './users.ts'

export type LinkType = 'signup' | 'invite' | 'magiclink' | 'email_change'
export const LINK_TYPES: readonly LinkType[] = ['signup', 'invite', 'magiclink', 'email_change']

export interface LinkSettings {
  expirySeconds: number
  minIntervalSeconds: number
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')
const newToken = () => randomBytes(28).toString('hex') // as long as GoTrue's sha224 token hash

/** GoTrue's answer when a mail of this kind went out less than the interval ago. */
function tooSoon(sentAt: Date | null, settings: LinkSettings): void {
  if (!sentAt) return
  const wait = Math.ceil((sentAt.getTime() + settings.minIntervalSeconds * 1000 - Date.now()) / 1000)
  if (wait > 0) {
    throw new AuthError(429, 'over_email_send_rate_limit', `For security purposes, you can only request this after ${wait} seconds.`)
  }
}

/** A fresh signup or invite link for an unconfirmed e-mail account. */
export async function issueConfirmation(tx: Queryable, user: UserRow, kind: 'signup' | 'invite', settings: LinkSettings): Promise<string> {
  if (kind === 'signup') tooSoon(user.confirmation_sent_at, settings)
  const token = newToken()
  await tx.query(
    `update auth.users set confirmation_token = $2, confirmation_sent_at = now(),
            invited_at = case when $3 then now() else invited_at end, updated_at = now()
     where id = $1::uuid`,
    [user.id, hashToken(token), kind === 'invite'],
  )
  return token
}

export async function issueMagicLink(tx: Queryable, user: UserRow, settings: LinkSettings): Promise<string> {
  const { rows } = await tx.query<{ recovery_sent_at: Date | null }>('select recovery_sent_at from auth.users where id = $1::uuid', [user.id])
  tooSoon(rows[0]?.recovery_sent_at ? new Date(rows[0].recovery_sent_at) : null, settings)
  const token = newToken()
  await tx.query('update auth.users set recovery_token = $2, recovery_sent_at = now() where id = $1::uuid', [user.id, hashToken(token)])
  return token
}

/** Starts an e-mail change: a link for the new address, and one for the current address if any. */
export async function issueEmailChange(
  tx: Queryable,
  user: UserRow,
  newEmail: string,
  settings: LinkSettings,
): Promise<{ newToken: string; currentToken: string | null }> {
  tooSoon(user.email_change_sent_at, settings)
  const next = newToken()
  const current = user.email ? newToken() : null
  await tx.query(
    `update auth.users set email_change = $2, email_change_token_new = $3, email_change_token_current = $4,
            email_change_sent_at = now(), email_change_confirm_status = 0, updated_at = now()
     where id = $1::uuid`,
    [user.id, newEmail, hashToken(next), current ? hashToken(current) : ''],
  )
  return { newToken: next, currentToken: current }
}

const expired = (sentAt: Date | null, settings: LinkSettings) => !sentAt || Date.now() > new Date(sentAt).getTime() + settings.expirySeconds * 1000

/** The user a link belongs to, or GoTrue's 403 otp_expired (unknown, used or too old). */
export async function findByLink(tx: Queryable, type: LinkType, token: string, settings: LinkSettings): Promise<UserRow> {
  const hash = hashToken(token)
  const where =
    type === 'email_change'
      ? '(email_change_token_new = $1 or email_change_token_current = $1)'
      : type === 'magiclink'
        ? 'recovery_token = $1'
        : 'confirmation_token = $1'
  const sentAt = type === 'email_change' ? 'email_change_sent_at' : type === 'magiclink' ? 'recovery_sent_at' : 'confirmation_sent_at'
  const { rows } = await tx.query<UserRow & { link_sent_at: Date | null }>(
    `select ${USER_COLUMNS}, ${sentAt} as link_sent_at from auth.users where ${where} and deleted_at is null for update`,
    [hash],
  )
  const row = rows[0]
  if (!row || expired(row.link_sent_at, settings)) {
    throw new AuthError(403, 'otp_expired', 'Email link is invalid or has expired')
  }
  return normaliseUserRow(row)
}

async function reload(tx: Queryable, id: string): Promise<UserRow> {
  const { rows } = await tx.query<UserRow>(`select ${USER_COLUMNS} from auth.users where id = $1::uuid`, [id])
  return normaliseUserRow(rows[0])
}

/**
 * GoTrue's signupVerify (signup and invite): the address is confirmed. An invited person
 * gets a random password they never see, and sets their own after the link signs them in;
 * any password set before the invitation (by whoever signed up with the address) is gone.
 */
export async function confirmSignup(tx: Queryable, user: UserRow, type: 'signup' | 'invite'): Promise<UserRow> {
  const passwordHash = type === 'invite' || user.invited_at ? await hashPassword(newToken()) : null
  await tx.query(
    `update auth.users set confirmation_token = '', email_confirmed_at = coalesce(email_confirmed_at, now()),
            encrypted_password = coalesce($2::text, encrypted_password),
            raw_user_meta_data = raw_user_meta_data || '{"email_verified": true}'::jsonb, updated_at = now()
     where id = $1::uuid`,
    [user.id, passwordHash],
  )
  return reload(tx, user.id)
}

/** GoTrue's recoverVerify for a magic link: signs in, and confirms an unconfirmed address. */
export async function confirmMagicLink(tx: Queryable, user: UserRow): Promise<UserRow> {
  await tx.query(
    `update auth.users set recovery_token = '', email_confirmed_at = coalesce(email_confirmed_at, now()), updated_at = now()
     where id = $1::uuid`,
    [user.id],
  )
  return reload(tx, user.id)
}

/**
 * GoTrue's emailChangeVerify with secure e-mail change: the first of the two links only
 * counts (null: "now open the other one"); the second (or the only one, for an account
 * without an address yet) moves the address, confirms it and makes an anonymous account
 * permanent (same id, so its needs stay its own).
 */
export async function confirmEmailChange(tx: Queryable, user: UserRow, token: string): Promise<UserRow | null> {
  const hash = hashToken(token)
  const { rows } = await tx.query<{ current: string | null; next: string | null }>(
    'select nullif(email_change_token_current, \'\') as current, nullif(email_change_token_new, \'\') as next from auth.users where id = $1::uuid',
    [user.id],
  )
  const { current, next } = rows[0]
  if (user.email && user.email_change_confirm_status === 0 && current && next) {
    await tx.query(
      `update auth.users set email_change_confirm_status = 1,
              email_change_token_current = case when email_change_token_current = $2 then '' else email_change_token_current end,
              email_change_token_new = case when email_change_token_new = $2 then '' else email_change_token_new end
       where id = $1::uuid`,
      [user.id, hash],
    )
    return null
  }
  await tx.query(
    `update auth.users set
       email = email_change, email_change = '', email_change_token_new = '', email_change_token_current = '',
       email_change_confirm_status = 0, email_confirmed_at = now(), is_anonymous = false,
       raw_app_meta_data = case when is_anonymous
                                then raw_app_meta_data || '{"provider": "email", "providers": ["email"]}'::jsonb
                                else raw_app_meta_data end,
       raw_user_meta_data = raw_user_meta_data || '{"email_verified": true}'::jsonb,
       updated_at = now()
     where id = $1::uuid`,
    [user.id],
  )
  return reload(tx, user.id)
}

/** The verify link GoTrue mails: {{ .ConfirmationURL }}. */
export function verifyLink(origin: string, token: string, type: LinkType, redirectTo: string): string {
  const query = new URLSearchParams({ token, type, redirect_to: redirectTo })
  return `${origin}/auth/v1/verify?${query.toString()}`
}
