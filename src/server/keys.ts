/**
 * The API keys (long-lived JWTs for the roles anon and service_role, derived from the
 * secret as Supabase derives a project's keys) and who is calling: the JWT in
 * `Authorization: Bearer`, else the `apikey` header, as Supabase's gateway passes them on.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { Secrets } from '../db/data-folder.ts'
import { signJwt, verifyJwt, JwtError, type JwtClaims } from './jwt.ts'

export interface ApiKeys {
  anonKey: string
  serviceRoleKey: string
}

const TEN_YEARS = 10 * 365 * 24 * 3600

export function deriveApiKeys(secrets: Secrets): ApiKeys {
  const key = (role: string) =>
    signJwt({ iss: 'supabase', ref: 'streetlevel', role, iat: secrets.createdAt, exp: secrets.createdAt + TEN_YEARS }, secrets.jwtSecret)
  return { anonKey: key('anon'), serviceRoleKey: key('service_role') }
}

/** The database roles a JWT may name; anything else is refused before touching the database. */
export const apiRoles = ['anon', 'authenticated', 'service_role'] as const
export type ApiRole = (typeof apiRoles)[number]

export interface Caller {
  role: string
  claims: JwtClaims
  /** The verified token itself (GoTrue needs it to find the session). */
  token: string
  /** Whether the token came from Authorization rather than only the apikey header. */
  fromAuthorization: boolean
}

export class CallerError extends Error {
  constructor(
    message: string,
    readonly kind: 'missing' | 'invalid-apikey' | 'invalid-jwt',
    readonly hint: string | null = null,
    readonly jwtReason?: JwtError['reason'],
  ) {
    super(message)
  }
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization
  if (value === undefined) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value)
  if (!match) throw new CallerError('Authorization header must be "Bearer <JWT>".', 'invalid-jwt')
  return match[1]
}

/** Verifies the apikey (when given) and the bearer token; throws CallerError. */
export function resolveCaller(headers: IncomingHttpHeaders, secret: string): Caller {
  const apikey = typeof headers.apikey === 'string' ? headers.apikey : undefined
  if (apikey !== undefined) {
    try {
      verifyJwt(apikey, secret)
    } catch {
      throw new CallerError('Invalid API key', 'invalid-apikey', 'Double check the `apikey` request header: it is not a key of this server.')
    }
  }
  const fromHeader = bearer(headers)
  const token = fromHeader ?? apikey
  if (!token) {
    throw new CallerError('No API key found in request', 'missing', 'No `apikey` request header or `Authorization: Bearer` was found.')
  }
  try {
    const claims = verifyJwt(token, secret)
    return { role: typeof claims.role === 'string' ? claims.role : 'anon', claims, token, fromAuthorization: fromHeader !== undefined }
  } catch (error) {
    if (error instanceof JwtError) throw new CallerError(error.message, 'invalid-jwt', null, error.reason)
    throw error
  }
}
