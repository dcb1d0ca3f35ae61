/**
 * The GoTrue endpoints supabase-js calls (read from @supabase/auth-js), with GoTrue's
 * semantics when "Confirm email" is on (hosted Supabase's default):
 *   POST /auth/v1/signup                          e-mail + password (user, no session, a link mailed), or anonymous
 *   POST /auth/v1/token?grant_type=password       sign in (an unconfirmed address: 400 email_not_confirmed)
 *   POST /auth/v1/token?grant_type=refresh_token  rotate the refresh token
 *   GET  /auth/v1/user                            the signed-in user
 *   PUT  /auth/v1/user                            password, metadata; a new e-mail waits for its link (new_email)
 *   GET  /auth/v1/verify?token&type&redirect_to   a mailed link: 303 to redirect_to#access_token=… (or #error=…)
 *   POST /auth/v1/verify {type, token_hash}       the same for verifyOtp: a session
 *   POST /auth/v1/resend {type, email}            signup / email_change link again
 *   POST /auth/v1/otp {email}                     a magic link for an existing account
 *   POST /auth/v1/invite {email, data}            service_role only: an invitation link
 *   POST /auth/v1/logout?scope=global|local|others
 *   GET  /auth/v1/settings, /auth/v1/health
 */
import type { Database, Queryable } from '../../db/database.ts'
import { DatabaseBusyError } from '../../db/database.ts'
import type { RequestContext } from '../http.ts'
import { PayloadTooLargeError, readBody, sendJson } from '../http.ts'
import { badText, InputError, parseBoundedJson } from '../input-bounds.ts'
import { verifyJwt, JwtError } from '../jwt.ts'
import { CallerError, resolveCaller } from '../keys.ts'
import type { Logger } from '../log.ts'
import type { RateLimits } from '../config.ts'
import type { Mail } from '../mail/mailbox.ts'
import type { Mailer } from '../mail/mailer.ts'
import { authMail } from '../mail/templates.ts'
import { RateLimiter } from '../rate-limit.ts'
import { AuthError, rateLimited, sendAuthError, versionHeaders } from './errors.ts'
import { inviteByEmail } from './invitations.ts'
import {
  confirmEmailChange,
  confirmMagicLink,
  confirmSignup,
  findByLink,
  issueConfirmation,
  issueEmailChange,
  issueMagicLink,
  verifyLink,
  type LinkSettings,
  type LinkType,
} from './links.ts'
import { endSessions, refreshSession, sessionExists, startSession, type TokenResponse, type TokenSettings } from './sessions.ts'
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
  type UserRow,
} from './users.ts'

export interface AuthDeps {
  db: Database
  jwtSecret: string
  bodyLimitBytes: number
  jwtExpirySeconds: number
  refreshTokenReuseIntervalSeconds: number
  passwordMinLength: number
  rateLimits: RateLimits
  mailLinkExpirySeconds: number
  mailMinIntervalSeconds: number
  /** Origins besides the serving one that a mailed link may send the browser back to. */
  corsOrigins: string[]
  mailer: Mailer
  log: Logger
}

type Body = Record<string, unknown>

async function readJson(ctx: RequestContext, limit: number): Promise<Body> {
  const raw = (await readBody(ctx.req, limit)).toString('utf8').trim()
  if (raw === '') return {}
  let parsed: unknown
  try {
    parsed = parseBoundedJson(raw)
  } catch (error) {
    const e = error as InputError
    throw new AuthError(400, 'bad_json', `Could not parse request body as JSON: ${e.details}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AuthError(400, 'bad_json', 'Could not parse request body as JSON: expected an object')
  }
  return parsed as Body
}

/** A text field: absent or null is '', anything but a string is GoTrue's 400 bad_json. */
function text(body: Body, field: string): string {
  const value = body[field]
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') {
    throw new AuthError(400, 'bad_json', `Could not parse request body as JSON: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go struct field .${field} of type string`)
  }
  return value
}

/** An e-mail address field, refused (400) when it could never be one. */
function emailField(body: Body, field = 'email'): string {
  const raw = text(body, field)
  if (!raw) return ''
  const email = normaliseEmail(raw)
  // eslint-disable-next-line no-control-regex -- control characters are what it rejects
  if (badText(email) || /[\u0000-\u001f\u007f]/.test(email) || !isValidEmail(email)) {
    throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format')
  }
  return email
}

function metadata(body: Body): Body | undefined {
  const data = body.data
  if (data === undefined || data === null) return undefined
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new AuthError(400, 'bad_json', 'Could not parse request body as JSON: data must be an object')
  }
  return data as Body
}

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

function bearerClaims(ctx: RequestContext, secret: string) {
  const header = ctx.req.headers.authorization
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
  if (!match) throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token')
  try {
    return verifyJwt(match[1], secret)
  } catch (error) {
    const reason = error instanceof JwtError ? error.message : 'invalid token'
    throw new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${reason}`)
  }
}

/** GoTrue's requireAuthentication: the user's own access token, its user and its session. */
async function authenticatedUser(ctx: RequestContext, deps: AuthDeps) {
  const claims = bearerClaims(ctx, deps.jwtSecret)
  if (typeof claims.sub !== 'string' || !claims.sub) throw new AuthError(403, 'bad_jwt', 'invalid claim: missing sub claim')
  const sessionId = typeof claims.session_id === 'string' && /^[0-9a-f-]{36}$/i.test(claims.session_id) ? claims.session_id : null
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

/** GoTrue's sanitizeUser: what a repeated sign-up for a confirmed address gets (no enumeration). */
function obfuscatedUser(email: string, data: Body): Record<string, unknown> {
  const now = new Date().toISOString()
  return {
    id: crypto.randomUUID(),
    aud: 'authenticated',
    role: '',
    email,
    phone: '',
    confirmation_sent_at: now,
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: data,
    identities: [],
    created_at: now,
    updated_at: now,
    is_anonymous: false,
  }
}

export function createAuthHandler(deps: AuthDeps) {
  const anonymousLimiter = new RateLimiter(deps.rateLimits.anonymousSignInsPerHour, 3600_000)
  const passwordLimiter = new RateLimiter(deps.rateLimits.passwordAttemptsPer5Min, 300_000)
  const refreshLimiter = new RateLimiter(deps.rateLimits.refreshesPer5Min, 300_000)
  const mailLimiter = new RateLimiter(deps.rateLimits.mailsPerHour, 3600_000)
  const verifyLimiter = new RateLimiter(deps.rateLimits.passwordAttemptsPer5Min, 300_000)
  const links: LinkSettings = { expirySeconds: deps.mailLinkExpirySeconds, minIntervalSeconds: deps.mailMinIntervalSeconds }

  const settings = (ctx: RequestContext): TokenSettings => ({
    jwtSecret: deps.jwtSecret,
    issuer: `${ctx.origin}/auth/v1`,
    expirySeconds: deps.jwtExpirySeconds,
    reuseIntervalSeconds: deps.refreshTokenReuseIntervalSeconds,
  })

  const limit = (limiter: RateLimiter, key: string) => {
    const { allowed, retryAfterSeconds } = limiter.take(key)
    if (!allowed) throw rateLimited(retryAfterSeconds)
  }
  const limitMail = (ctx: RequestContext) => {
    const { allowed, retryAfterSeconds } = mailLimiter.take(ctx.ip)
    if (!allowed) {
      throw new AuthError(429, 'over_email_send_rate_limit', 'Email rate limit exceeded', {}, { 'Retry-After': String(retryAfterSeconds) })
    }
  }

  /** GoTrue's GetReferrer: redirect_to if it points back at this site (or an allowed origin), else the site. */
  function redirectTarget(ctx: RequestContext, asked: string | null): string {
    const site = `${ctx.origin}/`
    if (!asked || badText(asked)) return site
    try {
      const url = new URL(asked)
      const allowed = url.origin === ctx.origin || deps.corsOrigins.includes(url.origin)
      return allowed && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : site
    } catch {
      return site
    }
  }

  /** Sends mails made inside a transaction once it has committed. */
  async function deliver(mails: Mail[]): Promise<void> {
    for (const mail of mails) {
      try {
        await deps.mailer.send(mail)
      } catch (error) {
        deps.log.error(`sending "${mail.subject}" failed`, error)
        throw new AuthError(500, 'unexpected_failure', 'Error sending confirmation email')
      }
    }
  }

  const mailLink = (ctx: RequestContext, type: LinkType, token: string, redirectTo: string) => verifyLink(ctx.origin, token, type, redirectTo)

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
    const data = metadata(body) ?? {}
    if (text(body, 'phone')) throw new AuthError(400, 'phone_provider_disabled', 'Phone signups are disabled')
    const email = emailField(body)
    if (!email) {
      // supabase.auth.signInAnonymously() is a sign-up with neither e-mail nor phone.
      limit(anonymousLimiter, ctx.ip)
      return deps.db.transaction(async (tx) => startSession(tx, await createUser(tx, { isAnonymous: true, userMetadata: data }), settings(ctx)))
    }
    limit(passwordLimiter, ctx.ip)
    const password = text(body, 'password')
    checkPasswordRules(password)
    const redirectTo = redirectTarget(ctx, ctx.url.searchParams.get('redirect_to'))
    const passwordHash = await hashPassword(password) // outside the transaction: bcrypt takes ~100 ms
    const mails: Mail[] = []
    const result = await deps.db.transaction(async (tx) => {
      const existing = await findUserByEmail(tx, email)
      // A confirmed address: GoTrue answers as if it had signed up, so nobody learns who has an account.
      if (existing?.email_confirmed_at) return obfuscatedUser(email, data)
      // An unconfirmed one: the link again, never the password (who sent it is not known).
      const user = existing ?? (await createUser(tx, { email, passwordHash, isAnonymous: false, userMetadata: data }))
      limitMail(ctx)
      const token = await issueConfirmation(tx, user, 'signup', links)
      mails.push(authMail('signup', email, mailLink(ctx, 'signup', token, redirectTo), links.expirySeconds))
      return userJson((await findUserById(tx, user.id))!)
    })
    await deliver(mails)
    return result
  }

  async function passwordGrant(ctx: RequestContext, body: Body) {
    limit(passwordLimiter, ctx.ip)
    const email = emailField(body)
    const password = text(body, 'password')
    if (!email || !password) {
      throw new AuthError(400, 'validation_failed', 'You must provide either an email or phone number and a password')
    }
    const user = await deps.db.transaction((tx) => findUserByEmail(tx, email), { readOnly: true })
    const ok = user?.encrypted_password ? await checkPassword(password, user.encrypted_password) : await checkAgainstNobody(password)
    if (!user || !ok) throw new AuthError(400, 'invalid_credentials', 'Invalid login credentials')
    if (!user.email_confirmed_at) throw new AuthError(400, 'email_not_confirmed', 'Email not confirmed')
    return deps.db.transaction((tx) => startSession(tx, user, settings(ctx)))
  }

  async function changeUser(ctx: RequestContext) {
    const { user } = await authenticatedUser(ctx, deps)
    const body = await readJson(ctx, deps.bodyLimitBytes)
    const email = emailField(body)
    const password = body.password === undefined || body.password === null ? undefined : text(body, 'password')
    const data = metadata(body)
    if (text(body, 'phone')) throw new AuthError(400, 'phone_provider_disabled', 'Phone logins are disabled')
    if (password !== undefined) {
      limit(passwordLimiter, ctx.ip)
      checkPasswordRules(password)
      if (user.is_anonymous && !email && !user.email_change) {
        throw new AuthError(422, 'validation_failed', 'Updating password of an anonymous user without an email or phone is not allowed')
      }
    }
    const changesEmail = !!email && email !== user.email
    const redirectTo = redirectTarget(ctx, ctx.url.searchParams.get('redirect_to'))
    const passwordHash = password === undefined ? undefined : await hashPassword(password)
    const mails: Mail[] = []
    const result = await deps.db.transaction(async (tx) => {
      if (changesEmail && (await findUserByEmail(tx, email))) {
        throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered')
      }
      let updated = await updateUser(tx, user.id, { passwordHash, userMetadata: data })
      if (changesEmail) {
        limitMail(ctx)
        const { newToken, currentToken } = await issueEmailChange(tx, updated, email, links)
        mails.push(authMail('email_change', email, mailLink(ctx, 'email_change', newToken, redirectTo), links.expirySeconds, { newEmail: email }))
        if (currentToken && updated.email) {
          mails.push(authMail('email_change', updated.email, mailLink(ctx, 'email_change', currentToken, redirectTo), links.expirySeconds, { newEmail: email }))
        }
        updated = (await findUserById(tx, user.id))!
      }
      return userJson(updated)
    })
    await deliver(mails)
    return result
  }

  async function refreshGrant(ctx: RequestContext, body: Body) {
    limit(refreshLimiter, ctx.ip)
    const token = text(body, 'refresh_token')
    if (!token) throw new AuthError(400, 'validation_failed', 'refresh_token required')
    const result = await deps.db.transaction((tx) => refreshSession(tx, token, settings(ctx)))
    if (result instanceof AuthError) throw result
    return result
  }

  /**
   * One verification in one transaction: the link's user, the confirmation its type
   * means, and a session. null: the first of two e-mail change links (GoTrue's
   * "Confirmation link accepted…").
   */
  async function verifyToken(ctx: RequestContext, type: string, token: string): Promise<TokenResponse | null> {
    limit(verifyLimiter, ctx.ip)
    const linkType: LinkType | null =
      type === 'signup' || type === 'invite' || type === 'magiclink' || type === 'email_change' ? type : type === 'recovery' ? 'magiclink' : null
    if (!linkType && type !== 'email') throw new AuthError(400, 'validation_failed', 'Invalid email verification type')
    if (badText(token) || token.length > 200) throw new AuthError(403, 'otp_expired', 'Email link is invalid or has expired')
    return deps.db.transaction(async (tx: Queryable) => {
      let user: UserRow
      let kind: LinkType
      if (linkType) {
        user = await findByLink(tx, linkType, token, links)
        kind = linkType
      } else {
        // type "email": a signup link or a magic link, whichever this is.
        try {
          user = await findByLink(tx, 'signup', token, links)
          kind = 'signup'
        } catch {
          user = await findByLink(tx, 'magiclink', token, links)
          kind = 'magiclink'
        }
      }
      let done: UserRow | null
      if (kind === 'signup' || kind === 'invite') done = await confirmSignup(tx, user, kind)
      else if (kind === 'magiclink') done = await confirmMagicLink(tx, user)
      else {
        const taken = user.email_change ? await findUserByEmail(tx, user.email_change) : null
        if (taken && taken.id !== user.id) throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered')
        done = await confirmEmailChange(tx, user, token)
      }
      return done ? startSession(tx, done, settings(ctx)) : null
    })
  }

  const SINGLE_CONFIRMATION = 'Confirmation link accepted. Please proceed to confirm link sent to the other email'

  /** GET /verify: the mailed link. Always a 303 back to the app, with the outcome in the fragment. */
  async function verifyGet(ctx: RequestContext) {
    const token = ctx.url.searchParams.get('token') ?? ''
    const type = ctx.url.searchParams.get('type') ?? ''
    if (!type) throw new AuthError(400, 'validation_failed', 'Verify requires a verification type')
    if (!token) throw new AuthError(400, 'validation_failed', 'Verify requires a token or a token hash')
    const target = redirectTarget(ctx, ctx.url.searchParams.get('redirect_to'))
    const base = target.split('#')[0]
    let fragment: URLSearchParams
    try {
      const session = await verifyToken(ctx, type, token)
      fragment = session
        ? new URLSearchParams({
            access_token: session.access_token,
            expires_at: String(session.expires_at),
            expires_in: String(session.expires_in),
            refresh_token: session.refresh_token,
            sb: '',
            token_type: session.token_type,
            type,
          })
        : new URLSearchParams({ message: SINGLE_CONFIRMATION, sb: '' })
    } catch (error) {
      if (!(error instanceof AuthError)) throw error
      const oauth: Record<number, string> = { 400: 'invalid_request', 401: 'unauthorized_client', 403: 'access_denied', 500: 'server_error', 503: 'temporarily_unavailable' }
      fragment = new URLSearchParams()
      if (oauth[error.status]) fragment.set('error', oauth[error.status])
      fragment.set('error_code', error.errorCode)
      fragment.set('error_description', error.message)
      fragment.set('sb', '')
    }
    ctx.res.writeHead(303, { Location: `${base}#${fragment.toString()}`, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).end()
  }

  /** POST /verify: supabase-js verifyOtp({ type, token_hash }). */
  async function verifyPost(ctx: RequestContext) {
    const body = await readJson(ctx, deps.bodyLimitBytes)
    const type = text(body, 'type')
    const tokenHash = text(body, 'token_hash')
    const code = text(body, 'token')
    if (!type) throw new AuthError(400, 'validation_failed', 'Verify requires a verification type')
    if ((!code && !tokenHash) || (code && tokenHash)) throw new AuthError(400, 'validation_failed', 'Verify requires either a token or a token hash')
    if (code) {
      // This backend mails links only, never six-digit codes: no code can be right.
      limit(verifyLimiter, ctx.ip)
      throw new AuthError(403, 'otp_expired', 'Token has expired or is invalid')
    }
    if (text(body, 'email') || text(body, 'phone') || text(body, 'redirect_to')) {
      throw new AuthError(400, 'validation_failed', 'Only the token_hash and type should be provided')
    }
    const session = await verifyToken(ctx, type, tokenHash)
    return session ?? { msg: SINGLE_CONFIRMATION, code: '200' }
  }

  async function resend(ctx: RequestContext) {
    const body = await readJson(ctx, deps.bodyLimitBytes)
    const type = text(body, 'type')
    const email = emailField(body)
    if (type !== 'signup' && type !== 'email_change') {
      throw new AuthError(400, 'validation_failed', 'Missing one of these types: signup, email_change, sms, phone_change')
    }
    if (!email) throw new AuthError(400, 'validation_failed', 'Type provided requires an email address')
    const redirectTo = redirectTarget(ctx, ctx.url.searchParams.get('redirect_to'))
    const mails: Mail[] = []
    await deps.db.transaction(async (tx) => {
      const user = await findUserByEmail(tx, email)
      if (type === 'signup') {
        if (!user || user.email_confirmed_at) return
        limitMail(ctx)
        const token = await issueConfirmation(tx, user, 'signup', links)
        mails.push(authMail('signup', email, mailLink(ctx, 'signup', token, redirectTo), links.expirySeconds))
        return
      }
      // email_change: the address is the one the change is waiting for, or the account's own.
      const { rows } = await tx.query<{ id: string }>(
        "select id::text from auth.users where (lower(email) = $1 or email_change = $1) and coalesce(email_change, '') <> '' and deleted_at is null limit 1",
        [email],
      )
      const changing = rows[0] ? await findUserById(tx, rows[0].id) : null
      if (!changing?.email_change) return
      limitMail(ctx)
      const { newToken, currentToken } = await issueEmailChange(tx, changing, changing.email_change, links)
      mails.push(authMail('email_change', changing.email_change, mailLink(ctx, 'email_change', newToken, redirectTo), links.expirySeconds, { newEmail: changing.email_change }))
      if (currentToken && changing.email) {
        mails.push(authMail('email_change', changing.email, mailLink(ctx, 'email_change', currentToken, redirectTo), links.expirySeconds, { newEmail: changing.email_change }))
      }
    })
    await deliver(mails)
    return {}
  }

  /** POST /otp: a magic link to an existing account (new accounts sign up: create_user is not honoured). */
  async function otp(ctx: RequestContext) {
    const body = await readJson(ctx, deps.bodyLimitBytes)
    if (text(body, 'phone')) throw new AuthError(400, 'phone_provider_disabled', 'Unsupported phone provider')
    const email = emailField(body)
    if (!email) throw new AuthError(400, 'validation_failed', 'Only an email address or phone number should be provided')
    const redirectTo = redirectTarget(ctx, ctx.url.searchParams.get('redirect_to'))
    const mails: Mail[] = []
    await deps.db.transaction(async (tx) => {
      const user = await findUserByEmail(tx, email)
      if (!user) throw new AuthError(422, 'otp_disabled', 'Signups not allowed for otp')
      limitMail(ctx)
      const token = await issueMagicLink(tx, user, links)
      mails.push(authMail('magiclink', email, mailLink(ctx, 'magiclink', token, redirectTo), links.expirySeconds))
    })
    await deliver(mails)
    return {}
  }

  /** POST /invite: GoTrue's admin invite (service_role). Roles come by the admin command. */
  async function invite(ctx: RequestContext) {
    const claims = bearerClaims(ctx, deps.jwtSecret)
    if (claims.role !== 'service_role' && claims.role !== 'supabase_admin') throw new AuthError(403, 'not_admin', 'User not allowed')
    const body = await readJson(ctx, deps.bodyLimitBytes)
    const email = emailField(body)
    if (!email) throw new AuthError(400, 'validation_failed', 'An email address is required')
    const redirectTo = redirectTarget(ctx, ctx.url.searchParams.get('redirect_to'))
    const { user, mail } = await deps.db.transaction((tx) =>
      inviteByEmail(tx, { email, roles: [], data: metadata(body) ?? {}, origin: ctx.origin, redirectTo, links }),
    )
    await deliver([mail])
    return userJson(user)
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
        mailer_autoconfirm: false,
        phone_autoconfirm: false,
        sms_provider: '',
        saml_enabled: false,
      })
    }
    // The mailed link is opened by a browser without any key, as on hosted Supabase.
    if (path === '/verify' && method === 'GET') return verifyGet(ctx)
    requireApiKey(ctx, deps.jwtSecret)
    if (path === '/signup' && method === 'POST') return ok(await signup(ctx))
    if (path === '/token' && method === 'POST') {
      const grant = ctx.url.searchParams.get('grant_type')
      const body = await readJson(ctx, deps.bodyLimitBytes)
      if (grant === 'password') return ok(await passwordGrant(ctx, body))
      if (grant === 'refresh_token') return ok(await refreshGrant(ctx, body))
      throw new AuthError(400, 'validation_failed', 'unsupported_grant_type')
    }
    if (path === '/verify' && method === 'POST') return ok(await verifyPost(ctx))
    if (path === '/resend' && method === 'POST') return ok(await resend(ctx))
    if (path === '/otp' && method === 'POST') return ok(await otp(ctx))
    if (path === '/invite' && method === 'POST') return ok(await invite(ctx))
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
    throw new AuthError(404, 'not_found', 'Not found: the embedded backend serves signup, token, verify, resend, otp, invite, user, logout, settings and health')
  }

  return async function handleAuth(ctx: RequestContext, path: string): Promise<void> {
    try {
      await route(ctx, path)
    } catch (error) {
      if (error instanceof AuthError) {
        if (error.status >= 500) deps.log.error(`auth ${path}: ${error.message}`)
        return sendAuthError(ctx, error)
      }
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
