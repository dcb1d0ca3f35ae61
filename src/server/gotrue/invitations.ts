/**
 * Staff invitations (GoTrue's invite, plus the roles waiting for it): an unconfirmed
 * account for the address, a one-time invite link mailed to it, and a row per role in
 * private.staff_invitations. Opening the link confirms the address; the database then
 * grants the roles (trigger accept_staff_invitations), and the person sets a password.
 */
import type { Queryable } from '../../db/database.ts'
import type { Mail } from '../mail/mailbox.ts'
import { authMail } from '../mail/templates.ts'
import { AuthError } from './errors.ts'
import { issueConfirmation, verifyLink, type LinkSettings } from './links.ts'
import { createUser, findUserByEmail, findUserById, normaliseEmail, type UserRow } from './users.ts'

export interface Invitation {
  email: string
  roles: string[]
  data?: Record<string, unknown>
  /** The origin the link points at (the server as browsers reach it). */
  origin: string
  redirectTo: string
  links: LinkSettings
}

export async function inviteByEmail(tx: Queryable, invitation: Invitation): Promise<{ user: UserRow; mail: Mail; link: string }> {
  const email = normaliseEmail(invitation.email)
  const existing = await findUserByEmail(tx, email)
  if (existing?.email_confirmed_at) {
    throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered')
  }
  const user = existing ?? (await createUser(tx, { email, isAnonymous: false, userMetadata: invitation.data ?? {} }))
  for (const role of invitation.roles) {
    await tx.query(
      `insert into private.staff_invitations (email, role, invited_at, expires_at)
       values ($1, $2, now(), now() + make_interval(secs => $3))
       on conflict (email, role) do update
         set invited_at = now(), expires_at = excluded.expires_at, accepted_at = null, accepted_by = null`,
      [email, role, invitation.links.expirySeconds],
    )
  }
  // An invitation is not throttled like a repeated sign-up: the admin asked for it.
  const token = await issueConfirmation(tx, user, 'invite', { ...invitation.links, minIntervalSeconds: 0 })
  const link = verifyLink(invitation.origin, token, 'invite', invitation.redirectTo)
  const mail = authMail('invite', email, link, invitation.links.expirySeconds, { role: invitation.roles.join(', ') || undefined })
  return { user: (await findUserById(tx, user.id))!, mail, link }
}
