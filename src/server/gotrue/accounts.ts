/**
 * Staff accounts: planners, moderators and enterprise owners are ordinary e-mail users
 * with rows in public.user_roles, which only the service role or this code may write,
 * and only for a confirmed account (staff come by invitation: invitations.ts).
 */
import type { Queryable } from '../../db/database.ts'
import { createUser, findUserByEmail, hashPassword, isValidEmail, MAX_PASSWORD_BYTES, normaliseEmail, type UserRow } from './users.ts'

export const STAFF_ROLES = ['planner', 'moderator', 'enterprise_owner'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

/** Accepts `enterprise-owner` as well as `enterprise_owner`. */
export function parseStaffRole(value: string): StaffRole {
  const role = value.trim().toLowerCase().replace(/-/g, '_')
  if (!(STAFF_ROLES as readonly string[]).includes(role)) {
    throw new Error(`Unknown role "${value}"; use one of: planner, moderator, enterprise-owner.`)
  }
  return role as StaffRole
}

export interface AccountRequest {
  email: string
  password: string
}

export function checkAccountRequest(request: AccountRequest, passwordMinLength: number): void {
  if (!isValidEmail(normaliseEmail(request.email))) throw new Error(`"${request.email}" is not a valid e-mail address.`)
  if (request.password.length < passwordMinLength) throw new Error(`The password must be at least ${passwordMinLength} characters.`)
  if (Buffer.byteLength(request.password) > MAX_PASSWORD_BYTES) throw new Error(`The password must be at most ${MAX_PASSWORD_BYTES} bytes.`)
}

/** Hash first (slow), then call this inside one transaction. The address is confirmed by its link. */
export async function createAccount(tx: Queryable, email: string, passwordHash: string): Promise<UserRow> {
  if (await findUserByEmail(tx, email)) throw new Error(`There is already an account for ${normaliseEmail(email)}.`)
  return createUser(tx, { email, passwordHash, isAnonymous: false })
}

/** Why this account may not hold a role, or null (the database's trigger says the same). */
export function roleRefusal(user: UserRow): string | null {
  if (user.is_anonymous || !user.email) return 'it is an anonymous sign-in'
  if (!user.email_confirmed_at) return `${user.email} has not confirmed the address yet (the link mailed at sign-up was never opened)`
  return null
}

export async function grantRole(tx: Queryable, user: UserRow, role: StaffRole): Promise<void> {
  const refusal = roleRefusal(user)
  if (refusal) {
    throw new Error(
      `Refused: a role goes only to a confirmed account, and ${refusal}. ` +
        `Invite the person instead: npm run admin -- invite --email ${user.email ?? 'E'} --role ${role.replace('_', '-')} ` +
        '(the role is granted when they open the link).',
    )
  }
  await tx.query('insert into public.user_roles (user_id, role) values ($1::uuid, $2) on conflict do nothing', [user.id, role])
}

export async function revokeRole(tx: Queryable, userId: string, role: StaffRole): Promise<void> {
  await tx.query('delete from public.user_roles where user_id = $1::uuid and role = $2', [userId, role])
  await tx.query(
    'delete from private.staff_invitations where role = $2 and accepted_at is null and email = (select lower(email) from auth.users where id = $1::uuid)',
    [userId, role],
  )
}

export async function listStaff(db: Queryable): Promise<Array<{ email: string; roles: string[] }>> {
  const { rows } = await db.query<{ email: string; roles: string[] | string }>(
    `select u.email, array_agg(r.role order by r.role) as roles
     from public.user_roles r join auth.users u on u.id = r.user_id
     group by u.email order by u.email`,
  )
  return rows.map((r) => ({ email: r.email, roles: Array.isArray(r.roles) ? r.roles : String(r.roles).replace(/[{}]/g, '').split(',') }))
}

export { hashPassword }
