/**
 * Everything the embedded backend can be told, with the defaults that make
 * `npm start` work on a fresh clone. Read once from the environment at start.
 */
import path from 'node:path'
import { repoRoot, demoSeedFile } from '../db/migrations.ts'

export interface RateLimits {
  /** GoTrue's default for anonymous sign-ins: 30 per hour per IP address. */
  anonymousSignInsPerHour: number
  /** Password sign-ins and sign-ups per IP address per 5 minutes (hosted Supabase: 30). */
  passwordAttemptsPer5Min: number
  /** Token refreshes per IP address per 5 minutes (hosted Supabase: 150). */
  refreshesPer5Min: number
  /** Auth mails (confirmations, invitations, links) per IP address per hour (hosted Supabase: 2 without custom SMTP, 30 with). */
  mailsPerHour: number
  /** Calls of writing API functions per user per minute; an IP address (shared wifi) gets 5 times as many. */
  writesPerMinute: number
  /** Calls of heavy reads (gaps, outcome figures) per user per minute; an IP address gets 5 times as many. */
  heavyReadsPerMinute: number
}

export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  /** A real Postgres + PostGIS; when unset, PGlite in dataDir. */
  databaseUrl?: string
  /** supabase/migrations unless overridden (tests add migrations to a copy). */
  migrationsDir?: string
  /** Loaded on the first start only; null for none. */
  seedFile: string | null
  /** The built app (vite build output). */
  staticDir: string
  /** The URL the browser uses, when it differs from http://<Host header> (behind a proxy). */
  publicUrl?: string
  /** Origins besides the serving one that may call the API from a browser. */
  corsOrigins: string[]
  /** Take the client address from X-Forwarded-For (only behind a reverse proxy you run). */
  trustProxy: boolean
  /** PostgREST and GoTrue take small JSON bodies; anything larger is refused with 413. */
  bodyLimitBytes: number
  /** PostgREST's db-max-rows: the most rows a set-returning function sends back. */
  maxRows: number
  /** For roles without their own statement_timeout (Supabase sets anon 3s, authenticated 8s). */
  defaultStatementTimeout: string
  /** Requests waiting for the single PGlite connection before new ones get 503. */
  maxQueuedRequests: number
  /** PGlite: a request's statement running longer than this is taken as hung and the engine replaced. */
  queryWatchdogMs: number
  /** Lets tests and the soak bench break the engine on purpose (never in production). */
  engineTestHooks: boolean
  jwtExpirySeconds: number
  /** GoTrue's GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL (default 10 s). */
  refreshTokenReuseIntervalSeconds: number
  passwordMinLength: number
  rateLimits: RateLimits
  /** SMTP server for auth mail (smtp://user:pass@host:587, smtps://…); unset: the local mailbox. */
  smtpUrl?: string
  /** The From of auth mail. */
  mailFrom: string
  /** How long a mailed link works (GoTrue's GOTRUE_MAILER_OTP_EXP, default 86400 s). */
  mailLinkExpirySeconds: number
  /** The least time between two mails of one kind to one account (GoTrue's SMTP_MAX_FREQUENCY, 60 s). */
  mailMinIntervalSeconds: number
  /** Build the app with vite before serving it, when the build is missing or stale. */
  build: boolean
  quiet: boolean
}

export const defaultRateLimits: RateLimits = {
  anonymousSignInsPerHour: 30,
  passwordAttemptsPer5Min: 30,
  refreshesPer5Min: 150,
  mailsPerHour: 30,
  writesPerMinute: 60,
  heavyReadsPerMinute: 30,
}

export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 4173,
    host: '127.0.0.1',
    dataDir: path.join(repoRoot, '.streetlevel'),
    seedFile: demoSeedFile,
    staticDir: path.join(repoRoot, 'dist'),
    corsOrigins: [],
    trustProxy: false,
    bodyLimitBytes: 64 * 1024,
    maxRows: 1000,
    defaultStatementTimeout: '8s',
    maxQueuedRequests: 256,
    queryWatchdogMs: 30_000,
    engineTestHooks: false,
    jwtExpirySeconds: 3600,
    refreshTokenReuseIntervalSeconds: 10,
    passwordMinLength: 8,
    rateLimits: { ...defaultRateLimits },
    mailFrom: 'Street Level <no-reply@streetlevel.invalid>',
    mailLinkExpirySeconds: 86400,
    mailMinIntervalSeconds: 60,
    build: true,
    quiet: false,
    ...overrides,
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}; got "${raw}".`)
  return value
}

const flag = (value: string | undefined) => value !== undefined && /^(1|true|yes|on)$/i.test(value)

/** Reads the environment (see README, "Running Street Level"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const base = defaultConfig()
  const seed = env.STREETLEVEL_SEED
  return defaultConfig({
    port: integer(env, 'PORT', base.port),
    host: env.HOST || base.host,
    dataDir: path.resolve(env.STREETLEVEL_DATA || base.dataDir),
    databaseUrl: env.DATABASE_URL || undefined,
    migrationsDir: env.STREETLEVEL_MIGRATIONS_DIR ? path.resolve(env.STREETLEVEL_MIGRATIONS_DIR) : undefined,
    seedFile: seed === 'none' ? null : seed ? path.resolve(seed) : base.seedFile,
    staticDir: env.STREETLEVEL_STATIC ? path.resolve(env.STREETLEVEL_STATIC) : base.staticDir,
    publicUrl: env.STREETLEVEL_PUBLIC_URL?.replace(/\/$/, '') || undefined,
    corsOrigins: (env.STREETLEVEL_CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/$/, ''))
      .filter(Boolean),
    trustProxy: flag(env.STREETLEVEL_TRUST_PROXY),
    queryWatchdogMs: integer(env, 'STREETLEVEL_QUERY_WATCHDOG_MS', base.queryWatchdogMs, 100),
    engineTestHooks: flag(env.STREETLEVEL_ENGINE_TEST_HOOKS),
    jwtExpirySeconds: integer(env, 'STREETLEVEL_JWT_EXPIRY', base.jwtExpirySeconds, 60),
    refreshTokenReuseIntervalSeconds: integer(env, 'STREETLEVEL_REFRESH_REUSE_INTERVAL', base.refreshTokenReuseIntervalSeconds),
    rateLimits: {
      anonymousSignInsPerHour: integer(env, 'STREETLEVEL_ANON_SIGNINS_PER_HOUR', base.rateLimits.anonymousSignInsPerHour),
      passwordAttemptsPer5Min: integer(env, 'STREETLEVEL_PASSWORD_ATTEMPTS_PER_5MIN', base.rateLimits.passwordAttemptsPer5Min),
      refreshesPer5Min: integer(env, 'STREETLEVEL_REFRESHES_PER_5MIN', base.rateLimits.refreshesPer5Min),
      mailsPerHour: integer(env, 'STREETLEVEL_MAILS_PER_HOUR', base.rateLimits.mailsPerHour),
      writesPerMinute: integer(env, 'STREETLEVEL_WRITES_PER_MIN', base.rateLimits.writesPerMinute),
      heavyReadsPerMinute: integer(env, 'STREETLEVEL_HEAVY_READS_PER_MIN', base.rateLimits.heavyReadsPerMinute),
    },
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.SMTP_FROM || base.mailFrom,
    mailLinkExpirySeconds: integer(env, 'STREETLEVEL_MAIL_LINK_EXPIRY', base.mailLinkExpirySeconds, 60),
    mailMinIntervalSeconds: integer(env, 'STREETLEVEL_MAIL_MIN_INTERVAL', base.mailMinIntervalSeconds),
    build: !flag(env.STREETLEVEL_SKIP_BUILD),
    quiet: env.STREETLEVEL_LOG === 'quiet',
  })
}
