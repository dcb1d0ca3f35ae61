/**
 * Sessions and refresh tokens in auth.sessions / auth.refresh_tokens, with GoTrue's
 * rotation: each refresh revokes the token used and issues its child. Reuse of a
 * revoked token is tolerated only as GoTrue tolerates it (the client lost the answer
 * to its last refresh, or within the reuse interval); otherwise the whole session is
 * ended. Tokens are stored as SHA-256 hashes, so a copy of the database holds none.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Queryable } from '../../db/database.ts'
import { signJwt } from '../jwt.ts'
import { AuthError } from './errors.ts'
import { findUserById, userJson, type UserRow } from './users.ts'

export interface TokenSettings {
  jwtSecret: string
  issuer: string
  expirySeconds: number
  reuseIntervalSeconds: number
}

export interface TokenResponse {
  access_token: string
  token_type: 'bearer'
  expires_in: number
  expires_at: number
  refresh_token: string
  user: Record<string, unknown>
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')
const newRefreshToken = () => randomBytes(24).toString('base64url')

export function accessToken(user: UserRow, sessionId: string, sessionCreatedAt: Date, settings: TokenSettings) {
  const now = Math.floor(Date.now() / 1000)
  const exp = now + settings.expirySeconds
  const token = signJwt(
    {
      iss: settings.issuer,
      sub: user.id,
      aud: user.aud ?? 'authenticated',
      exp,
      iat: now,
      email: user.email ?? '',
      phone: '',
      app_metadata: user.raw_app_meta_data,
      user_metadata: user.raw_user_meta_data,
      role: user.role ?? 'authenticated',
      aal: 'aal1',
      amr: [{ method: user.is_anonymous ? 'anonymous' : 'password', timestamp: Math.floor(sessionCreatedAt.getTime() / 1000) }],
      session_id: sessionId,
      is_anonymous: user.is_anonymous,
    },
    settings.jwtSecret,
  )
  return { token, exp }
}

function response(user: UserRow, sessionId: string, sessionCreatedAt: Date, refreshToken: string, settings: TokenSettings): TokenResponse {
  const { token, exp } = accessToken(user, sessionId, sessionCreatedAt, settings)
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: settings.expirySeconds,
    expires_at: exp,
    refresh_token: refreshToken,
    user: userJson(user),
  }
}

async function insertRefreshToken(tx: Queryable, userId: string, sessionId: string, parentHash: string | null): Promise<string> {
  const token = newRefreshToken()
  await tx.query(
    `insert into auth.refresh_tokens (token, user_id, session_id, parent, revoked, created_at, updated_at)
     values ($1, $2::uuid, $3::uuid, $4, false, now(), now())`,
    [hashToken(token), userId, sessionId, parentHash],
  )
  return token
}

/** A new session for a user who just signed in or up. */
export async function startSession(tx: Queryable, user: UserRow, settings: TokenSettings): Promise<TokenResponse> {
  const sessionId = randomUUID()
  const { rows } = await tx.query<{ created_at: Date }>(
    'insert into auth.sessions (id, user_id, created_at, updated_at) values ($1::uuid, $2::uuid, now(), now()) returning created_at',
    [sessionId, user.id],
  )
  const { rows: signedIn } = await tx.query<{ last_sign_in_at: Date }>(
    'update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1::uuid returning last_sign_in_at',
    [user.id],
  )
  const refreshToken = await insertRefreshToken(tx, user.id, sessionId, null)
  return response({ ...user, last_sign_in_at: new Date(signedIn[0].last_sign_in_at) }, sessionId, new Date(rows[0].created_at), refreshToken, settings)
}

interface TokenRow {
  id: string
  revoked: boolean
  updated_at: Date
  user_id: string
  session_id: string | null
  session_created_at: Date | null
}

/**
 * The refresh_token grant. Returns the new tokens, or an AuthError to send after the
 * transaction commits (ending a session on reuse must stick even though the call fails).
 */
export async function refreshSession(tx: Queryable, refreshToken: string, settings: TokenSettings): Promise<TokenResponse | AuthError> {
  const hash = hashToken(refreshToken)
  const { rows } = await tx.query<TokenRow>(
    `select rt.id::text as id, rt.revoked, rt.updated_at, rt.user_id::text, s.id::text as session_id, s.created_at as session_created_at
     from auth.refresh_tokens rt left join auth.sessions s on s.id = rt.session_id
     where rt.token = $1 for update of rt`,
    [hash],
  )
  const row = rows[0]
  if (!row) return new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
  if (!row.session_id || !row.session_created_at) {
    return new AuthError(400, 'session_not_found', 'Invalid Refresh Token: No Valid Session Found')
  }
  const user = await findUserById(tx, row.user_id)
  if (!user) return new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
  await tx.query('select 1 from auth.sessions where id = $1::uuid for update', [row.session_id])

  let parent = hash
  if (row.revoked) {
    const { rows: active } = await tx.query<{ id: string; token: string; parent: string | null }>(
      `select id::text as id, token, parent from auth.refresh_tokens
       where session_id = $1::uuid and not revoked order by id desc limit 1`,
      [row.session_id],
    )
    const revokedAt = new Date(row.updated_at).getTime()
    if (active[0]?.parent === hash) {
      // The client never stored the answer to its last refresh: that answer's token is
      // replaced by a new one (GoTrue hands back the same token; we keep only hashes).
      await tx.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1::bigint', [active[0].id])
      parent = active[0].token
    } else if (Date.now() > revokedAt + settings.reuseIntervalSeconds * 1000) {
      await tx.query('update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1::uuid', [row.session_id])
      await tx.query('delete from auth.sessions where id = $1::uuid', [row.session_id])
      return new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used')
    }
  } else {
    await tx.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1::bigint', [row.id])
  }
  await tx.query('update auth.sessions set updated_at = now() where id = $1::uuid', [row.session_id])
  const next = await insertRefreshToken(tx, user.id, row.session_id, parent)
  return response(user, row.session_id, new Date(row.session_created_at), next, settings)
}

export async function sessionExists(db: Queryable, sessionId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from auth.sessions where id = $1::uuid', [sessionId])
  return rows.length > 0
}

/** Ends sessions (their refresh tokens go with them, by the foreign key's cascade). */
export async function endSessions(tx: Queryable, userId: string, sessionId: string | null, scope: 'global' | 'local' | 'others') {
  if (scope === 'global' || !sessionId) {
    await tx.query('delete from auth.sessions where user_id = $1::uuid', [userId])
  } else if (scope === 'local') {
    await tx.query('delete from auth.sessions where id = $1::uuid and user_id = $2::uuid', [sessionId, userId])
  } else {
    await tx.query('delete from auth.sessions where user_id = $1::uuid and id <> $2::uuid', [userId, sessionId])
  }
}
