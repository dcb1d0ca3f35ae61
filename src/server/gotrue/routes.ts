/**
 * The GoTrue endpoints supabase-js calls (read from @supabase/auth-js):
 *   POST /auth/v1/signup                          e-mail + password, or anonymous (no e-mail)
 *   POST /auth/v1/token?grant_type=password       sign in
 *   POST /auth/v1/token?grant_type=refresh_token  rotate the refresh token
 *   GET  /auth/v1/user                            the signed-in user
 *   PUT  /auth/v1/user                            e-mail, password, metadata (makes an anonymous user permanent)
 *   POST /auth/v1/logout?scope=global|local|others
 *   GET  /auth/v1/settings, /auth/v1/health
 * E-mail addresses are confirmed at once: the embedded backend sends no mail.
 */
import type { Database } from '../../db/database.ts'
import { DatabaseBusyError } from '../../db/database.ts'
import type { RequestContext } from '../http.ts'
import { PayloadTooLargeError, readBody, sendJson } from '../http.ts'
import { verifyJwt, JwtError } from '../jwt.ts'
import { CallerError, resolveCaller } from '../keys.ts'
import type { Logger } from '../log.ts'
import type { RateLimits } from '../config.ts'
import { RateLimiter } from '../rate-limit.ts'
import { AuthError, rateLimited, sendAuthError, versionHeaders } from './errors.ts'
import { endSessions, refreshSession, sessionExists, startSession, type TokenSettings } from './sessions.ts'
import {
  checkAgainstNobody,
  checkPassword,
  createUser,
  findUserByEmail,
  findUserById,
  hashPassword,
  isValidEmail,
  MAX_PASSWORD_BYTES,
  normaliseEmail,
  updateUser,
  userJson,
} from './users.ts'

export interface AuthDeps {
  db: Database
  jwtSecret: string
  bodyLimitBytes: number
  jwtExpirySeconds: number
  refreshTokenReuseIntervalSeconds: number
  passwordMinLength: number
  rateLimits: RateLimits
  log: Logger
}

type Body = Record<string, unknown>

async function readJson(ctx: RequestContext, limit: number): Promise<Body> {
  const raw = (await readBody(ctx.req, limit)).toString('utf8').trim()
  if (raw === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch (error) {
    throw new AuthError(400, 'bad_json', `Could not parse request body as JSON: ${(error as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AuthError(400, 'bad_json', 'Could not parse request body as JSON: expected an object')
  }
  return parsed as Body
}

const text = (value: unknown) => (typeof value === 'string' ? value : '')

/** Kong, in front of GoTrue on hosted Supabase, wants a valid apikey (or bearer) first. */
function requireApiKey(ctx: RequestContext, secret: string): void {
  try {
    resolveCaller(ctx.req.headers, secret)
  } catch (error) {
    if (!(error instanceof CallerError)) throw error
    // An expired user token in Authorization is GoTrue's business (403 bad_jwt), not the gateway's.
    if (error.kind === 'invalid-jwt' && typeof ctx.req.headers.apikey === 'string') return
    throw new AuthError(401, 'no_authorization', error.message)
  }
}

/** GoTrue's requireAuthentication: the user's own access token, its user and its session. */
async function authenticatedUser(ctx: RequestContext, deps: AuthDeps) {
  const header = ctx.req.headers.authorization
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
  if (!match) throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token')
  let claims
  try {
    claims = verifyJwt(match[1], deps.jwtSecret)
  } catch (error) {
    const reason = error instanceof JwtError ? error.message : 'invalid token'
    throw new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${reason}`)
  }
  if (typeof claims.sub !== 'string' || !claims.sub) throw new AuthError(403, 'bad_jwt', 'invalid claim: missing sub claim')
  const sessionId = typeof claims.session_id === 'string' ? claims.session_id : null
  return deps.db.transaction(
    async (tx) => {
      const user = /^[0-9a-f-]{36}$/i.test(claims.sub as string) ? await findUserById(tx, claims.sub as string) : null
      if (!user) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist')
      if (sessionId && !(await sessionExists(tx, sessionId))) {
        throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist')
      }
      return { user, sessionId }
    },
    { readOnly: true },
  )
}

export function createAuthHandler(deps: AuthDeps) {
  const anonymousLimiter = new RateLimiter(deps.rateLimits.anonymousSignInsPerHour, 3600_000)
  const passwordLimiter = new RateLimiter(deps.rateLimits.passwordAttemptsPer5Min, 300_000)
  const refreshLimiter = new RateLimiter(deps.rateLimits.refreshesPer5Min, 300_000)

  const settings = (ctx: RequestContext): TokenSettings => ({
    jwtSecret: deps.jwtSecret,
    issuer: `${ctx.origin}/auth/v1`,
    expirySeconds: deps.jwtExpirySeconds,
    reuseIntervalSeconds: deps.refreshTokenReuseIntervalSeconds,
  })

  const limit = (limiter: RateLimiter, ctx: RequestContext) => {
    const { allowed, retryAfterSeconds } = limiter.take(ctx.ip)
    if (!allowed) throw rateLimited(retryAfterSeconds)
  }

  function checkPasswordRules(password: string) {
    if (!password) throw new AuthError(422, 'validation_failed', 'Signup requires a valid password')
    if (password.length < deps.passwordMinLength) {
      throw new AuthError(422, 'weak_password', `Password should be at least ${deps.passwordMinLength} characters.`, {
        weak_password: { reasons: ['length'] },
      })
    }
    if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) {
      throw new AuthError(422, 'validation_failed', `Password cannot be longer than ${MAX_PASSWORD_BYTES} bytes.`)
    }
  }

  async function signup(ctx: RequestContext) {
    const body = await readJson(ctx, deps.bodyLimitBytes)
    const email = text(body.email)
    const data = body.data && typeof body.data === 'object' && !Array.isArray(body.data) ? (body.data as Body) : {}
    if (text(body.phone)) throw new AuthError(400, 'phone_provider_disabled', 'Phone signups are disabled')
    if (!email) {
      // supabase.auth.signInAnonymously() is a sign-up with neither e-mail nor phone.
      limit(anonymousLimiter, ctx)
      return deps.db.transaction(async (tx) => startSession(tx, await createUser(tx, { isAnonymous: true, userMetadata: data }), settings(ctx)))
    }
    limit(passwordLimiter, ctx)
    const password = text(body.password)
    checkPasswordRules(password)
    if (!isValidEmail(normaliseEmail(email))) {
      throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format')
    }
    const passwordHash = await hashPassword(password) // outside the transaction: bcrypt takes ~100 ms
    return deps.db.transaction(async (tx) => {
      if (await findUserByEmail(tx, email)) throw new AuthError(422, 'user_already_exists', 'User already registered')
      const user = await createUser(tx, { email, passwordHash, isAnonymous: false, userMetadata: data })
      return startSession(tx, user, settings(ctx))
    })
  }

  async function passwordGrant(ctx: RequestContext, body: Body) {
    limit(passwordLimiter, ctx)
    const email = text(body.email)
    const password = text(body.password)
    if (!email || !password) {
      throw new AuthError(400, 'validation_failed', 'You must provide either an email or phone number and a password')
    }
    const user = await deps.db.transaction((tx) => findUserByEmail(tx, email), { readOnly: true })
    const ok = user?.encrypted_password ? await checkPassword(password, user.encrypted_password) : await checkAgainstNobody(password)
    if (!user || !ok) throw new AuthError(400, 'invalid_credentials', 'Invalid login credentials')
    return deps.db.transaction((tx) => startSession(tx, user, settings(ctx)))
  }

  async function changeUser(ctx: RequestContext) {
    const { user } = await authenticatedUser(ctx, deps)
    const body = await readJson(ctx, deps.bodyLimitBytes)
    const email = text(body.email) ? normaliseEmail(text(body.email)) : undefined
    const password = typeof body.password === 'string' ? body.password : undefined
    const data = body.data && typeof body.data === 'object' && !Array.isArray(body.data) ? (body.data as Body) : undefined
    if (text(body.phone)) throw new AuthError(400, 'phone_provider_disabled', 'Phone logins are disabled')
    if (email !== undefined && !isValidEmail(email)) {
      throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format')
    }
    if (password !== undefined) {
      limit(passwordLimiter, ctx)
      checkPasswordRules(password)
      if (user.is_anonymous && !email) {
        throw new AuthError(422, 'validation_failed', 'Updating password of an anonymous user requires an email address')
      }
    }
    const passwordHash = password === undefined ? undefined : await hashPassword(password)
    return deps.db.transaction(async (tx) => {
      if (email && email !== user.email && (await findUserByEmail(tx, email))) {
        throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered')
      }
      return userJson(await updateUser(tx, user.id, { email: email === user.email ? undefined : email, passwordHash, userMetadata: data }))
    })
  }

  async function refreshGrant(ctx: RequestContext, body: Body) {
    limit(refreshLimiter, ctx)
    const token = text(body.refresh_token)
    if (!token) throw new AuthError(400, 'validation_failed', 'refresh_token required')
    const result = await deps.db.transaction((tx) => refreshSession(tx, token, settings(ctx)))
    if (result instanceof AuthError) throw result
    return result
  }

  async function route(ctx: RequestContext, path: string): Promise<void> {
    const method = ctx.req.method ?? 'GET'
    const ok = (body: unknown) => sendJson(ctx.res, 200, body, versionHeaders(ctx))
    if (path === '/health' && method === 'GET') {
      return ok({ version: 'streetlevel-embedded', name: 'GoTrue', description: 'Street Level’s embedded subset of GoTrue' })
    }
    if (path === '/settings' && method === 'GET') {
      return ok({
        external: { anonymous_users: true, email: true, phone: false },
        disable_signup: false,
        mailer_autoconfirm: true,
        phone_autoconfirm: false,
        sms_provider: '',
        saml_enabled: false,
      })
    }
    requireApiKey(ctx, deps.jwtSecret)
    if (path === '/signup' && method === 'POST') return ok(await signup(ctx))
    if (path === '/token' && method === 'POST') {
      const grant = ctx.url.searchParams.get('grant_type')
      const body = await readJson(ctx, deps.bodyLimitBytes)
      if (grant === 'password') return ok(await passwordGrant(ctx, body))
      if (grant === 'refresh_token') return ok(await refreshGrant(ctx, body))
      throw new AuthError(400, 'validation_failed', 'unsupported_grant_type')
    }
    if (path === '/user' && method === 'GET') return ok(userJson((await authenticatedUser(ctx, deps)).user))
    if (path === '/user' && method === 'PUT') return ok(await changeUser(ctx))
    if (path === '/logout' && method === 'POST') {
      const scope = ctx.url.searchParams.get('scope') ?? 'global'
      if (scope !== 'global' && scope !== 'local' && scope !== 'others') {
        throw new AuthError(400, 'validation_failed', "Unsupported logout scope; use 'global', 'local' or 'others'")
      }
      const { user, sessionId } = await authenticatedUser(ctx, deps)
      await deps.db.transaction((tx) => endSessions(tx, user.id, sessionId, scope))
      ctx.res.writeHead(204, versionHeaders(ctx)).end()
      return
    }
    throw new AuthError(404, 'not_found', 'Not found: the embedded backend serves signup, token, user, logout, settings and health')
  }

  return async function handleAuth(ctx: RequestContext, path: string): Promise<void> {
    try {
      await route(ctx, path)
    } catch (error) {
      if (error instanceof AuthError) return sendAuthError(ctx, error)
      if (error instanceof PayloadTooLargeError) {
        return sendAuthError(ctx, new AuthError(413, 'request_too_large', error.message, {}, { Connection: 'close' }))
      }
      if (error instanceof DatabaseBusyError) {
        return sendAuthError(ctx, new AuthError(503, 'unexpected_failure', error.message, {}, { 'Retry-After': '1' }))
      }
      deps.log.error(`auth ${path} failed`, error)
      await sendAuthError(ctx, new AuthError(500, 'unexpected_failure', 'Unexpected failure, please check server logs for more information'))
    }
  }
}
