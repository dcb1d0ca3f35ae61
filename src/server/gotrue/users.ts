/**
 * Users in auth.users, as GoTrue keeps them, and the user JSON GoTrue sends. Used by
 * the auth routes and by the admin command (which makes planners and moderators).
 */
import { randomUUID } from 'node:crypto'
import bcrypt from 'bcryptjs'
import type { Queryable } from '../../db/database.ts'

export interface UserRow {
  id: string
  aud: string | null
  role: string | null
  email: string | null
  encrypted_password: string | null
  email_confirmed_at: Date | null
  last_sign_in_at: Date | null
  raw_app_meta_data: Record<string, unknown>
  raw_user_meta_data: Record<string, unknown>
  is_anonymous: boolean
  created_at: Date
  updated_at: Date
  confirmation_sent_at: Date | null
  invited_at: Date | null
  /** GoTrue's email_change: the new address waiting for its link (new_email in JSON). */
  email_change: string | null
  email_change_sent_at: Date | null
  /** 0 until one of the two links of a secure e-mail change is used, then 1. */
  email_change_confirm_status: number
}

const COLUMNS = `id::text, aud, role, email, encrypted_password, email_confirmed_at, last_sign_in_at,
  raw_app_meta_data, raw_user_meta_data, is_anonymous, created_at, updated_at,
  confirmation_sent_at, invited_at, nullif(email_change, '') as email_change, email_change_sent_at,
  coalesce(email_change_confirm_status, 0)::int as email_change_confirm_status`

/** GoTrue hashes with bcrypt at cost 10; bcrypt reads at most 72 bytes of a password. */
export const BCRYPT_COST = 10
export const MAX_PASSWORD_BYTES = 72

export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_COST)
export const checkPassword = (password: string, hash: string) => bcrypt.compare(password, hash)

let dummyHash: Promise<string> | undefined
/** Spends as long as a real check when there is no such user, so timing does not tell. */
export async function checkAgainstNobody(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomUUID())
  await bcrypt.compare(password, await dummyHash)
  return false
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase()

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
export const isValidEmail = (email: string) => email.length <= 255 && EMAIL.test(email)

const parseJson = (value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as Record<string, unknown>) : (value as Record<string, unknown>) ?? {})
const asDate = (value: unknown) => (value === null || value === undefined ? null : value instanceof Date ? value : new Date(value as string | number))

function normalise(row: UserRow): UserRow {
  return {
    ...row,
    raw_app_meta_data: parseJson(row.raw_app_meta_data),
    raw_user_meta_data: parseJson(row.raw_user_meta_data),
    email_confirmed_at: asDate(row.email_confirmed_at),
    last_sign_in_at: asDate(row.last_sign_in_at),
    confirmation_sent_at: asDate(row.confirmation_sent_at),
    invited_at: asDate(row.invited_at),
    email_change_sent_at: asDate(row.email_change_sent_at),
    email_change_confirm_status: Number(row.email_change_confirm_status ?? 0),
    created_at: asDate(row.created_at) as Date,
    updated_at: asDate(row.updated_at) as Date,
  }
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${COLUMNS} from auth.users where id = $1::uuid and deleted_at is null`, [id])
  return rows[0] ? normalise(rows[0]) : null
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(
    `select ${COLUMNS} from auth.users where lower(email) = $1 and deleted_at is null and not is_anonymous`,
    [normaliseEmail(email)],
  )
  return rows[0] ? normalise(rows[0]) : null
}

export interface NewUser {
  email?: string
  passwordHash?: string
  isAnonymous: boolean
  userMetadata?: Record<string, unknown>
  /** Only for data made by hand (tests): an e-mail address is otherwise confirmed by its link. */
  confirmed?: boolean
}

/** Inserts a user; an e-mail address stays unconfirmed until its link is used (see links.ts). */
export async function createUser(db: Queryable, user: NewUser): Promise<UserRow> {
  const provider = user.isAnonymous ? 'anonymous' : 'email'
  const { rows } = await db.query<UserRow>(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                             raw_app_meta_data, raw_user_meta_data, is_anonymous, created_at, updated_at)
     values ('00000000-0000-0000-0000-000000000000', $1::uuid, 'authenticated', 'authenticated', $2::text, $3::text,
             case when $2::text is not null and $7::boolean then now() end, $4::jsonb, $5::jsonb, $6::boolean, now(), now())
     returning ${COLUMNS}`,
    [
      randomUUID(),
      user.email ? normaliseEmail(user.email) : null,
      user.passwordHash ?? null,
      JSON.stringify({ provider, providers: [provider] }),
      JSON.stringify(user.userMetadata ?? {}),
      user.isAnonymous,
      user.confirmed ?? false,
    ],
  )
  return normalise(rows[0])
}

export interface UserChanges {
  passwordHash?: string
  userMetadata?: Record<string, unknown>
}

/**
 * GoTrue's PUT /user for the password and user_metadata (keys merged, as GoTrue merges
 * them). A new e-mail address is not set here: it waits for its link (links.ts).
 */
export async function updateUser(db: Queryable, id: string, changes: UserChanges): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `update auth.users set
       encrypted_password = coalesce($2::text, encrypted_password),
       raw_user_meta_data = raw_user_meta_data || $3::jsonb,
       updated_at = now()
     where id = $1::uuid and deleted_at is null
     returning ${COLUMNS}`,
    [id, changes.passwordHash ?? null, JSON.stringify(changes.userMetadata ?? {})],
  )
  return normalise(rows[0])
}

export { COLUMNS as USER_COLUMNS, normalise as normaliseUserRow }

const iso = (d: Date | null) => (d ? d.toISOString() : undefined)

/** The user object GoTrue sends (models.User's JSON). */
export function userJson(user: UserRow): Record<string, unknown> {
  const identities = user.is_anonymous
    ? []
    : [
        {
          identity_id: user.id,
          id: user.id,
          user_id: user.id,
          identity_data: { email: user.email, email_verified: !!user.email_confirmed_at, phone_verified: false, sub: user.id },
          provider: 'email',
          last_sign_in_at: iso(user.last_sign_in_at),
          created_at: iso(user.created_at),
          updated_at: iso(user.updated_at),
          email: user.email,
        },
      ]
  return {
    id: user.id,
    aud: user.aud ?? 'authenticated',
    role: user.role ?? 'authenticated',
    email: user.email ?? '',
    email_confirmed_at: iso(user.email_confirmed_at),
    invited_at: iso(user.invited_at),
    phone: '',
    confirmation_sent_at: iso(user.confirmation_sent_at),
    confirmed_at: iso(user.email_confirmed_at),
    new_email: user.email_change ?? undefined,
    email_change_sent_at: iso(user.email_change_sent_at),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data,
    user_metadata: user.raw_user_meta_data,
    identities,
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
    is_anonymous: user.is_anonymous,
  }
}
