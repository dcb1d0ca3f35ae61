/**
 * Street Level's embedded backend, assembled: the data folder and its keys, the
 * database brought up to date, and one HTTP server for the app, the PostgREST subset
 * (/rest/v1/rpc), the GoTrue subset (/auth/v1) and the client config. main.ts runs it
 * for `npm start`; the tests start it in-process.
 */
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ServerConfig } from './config.ts'
import { claimDataFolder, ensureDataFolder, initialisedMarker, loadOrCreateSecrets, markInitialised, pgDataDir } from '../db/data-folder.ts'
import { openPostgres, type Database } from '../db/database.ts'
import { openSupervisedPglite } from '../db/supervised-pglite.ts'
import { prepareDatabase, type PrepareResult } from '../db/setup.ts'
import { startJobs } from './jobs.ts'
import { createAuthHandler } from './gotrue/routes.ts'
import { clientIp, corsHeaders, securityHeaders, sendJson, servingOrigin, type RequestContext } from './http.ts'
import { deriveApiKeys, type ApiKeys } from './keys.ts'
import { createLogger, seconds, type Logger } from './log.ts'
import { pgrstError } from './postgrest/errors.ts'
import { createRpcHandler } from './postgrest/rpc.ts'
import { SchemaCache } from './postgrest/schema-cache.ts'
import { createStaticHandler } from './static.ts'
import { respondStarting } from './starting.ts'
import { createAdminEndpoint, createMailPage, writeServerInfo } from './admin-endpoint.ts'
import { ACCOUNT_COMMANDS, executeAccountCommand } from './admin.ts'
import { createMailer, type Mailer } from './mail/mailer.ts'
import type { OutboxRun } from './mail/outbox.ts'
import { createRequestLimits } from './request-limits.ts'
import { createTileService, engineHasMvt } from './tiles/tile-service.ts'
import { withWriteEpoch } from './tiles/write-epoch.ts'

export interface StreetLevelServer {
  /** http://localhost:<port>: the app and the API share it. */
  url: string
  port: number
  keys: ApiKeys
  engine: Database['engine']
  prepared: PrepareResult
  /** The database itself (tests arrange data through it; the admin command uses its own). */
  db: Database
  /** Where auth mail goes (SMTP or the local mailbox), for the start banner. */
  mailer: Mailer
  /** Sends the mail queued in private.mail_outbox now (the server does every minute by itself). */
  drainMailOutbox: () => Promise<OutboxRun>
  /** Re-reads the functions from pg_catalog, as PostgREST's `NOTIFY pgrst, 'reload schema'`. */
  reloadSchema(): Promise<void>
  /** Stops accepting, finishes requests in flight, closes the database cleanly. */
  close(): Promise<void>
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])
const isLoopback = (host: string) => ['127.0.0.1', 'localhost', '::1'].includes(host)

async function openDatabase(config: ServerConfig, log: Logger): Promise<{ db: Database; markInitialised: () => Promise<void> }> {
  if (config.databaseUrl) {
    log.info(`Connecting to Postgres at ${new URL(config.databaseUrl).host} (DATABASE_URL)…`)
    return { db: await openPostgres(config.databaseUrl), markInitialised: async () => {} }
  }
  const dir = pgDataDir(config.dataDir)
  const marker = initialisedMarker(config.dataDir)
  if (existsSync(dir) && !existsSync(marker)) {
    // Killed during its first start: nothing anyone made can be in there yet.
    log.warn('The first start did not finish last time; creating the database afresh.')
    await rm(dir, { recursive: true, force: true })
  }
  const started = performance.now()
  log.info(`${existsSync(dir) ? 'Opening' : 'Creating'} the database (PGlite + PostGIS) in ${dir}…`)
  const db = await openSupervisedPglite(dir, {
    maxQueued: config.maxQueuedRequests,
    queryTimeoutMs: config.queryWatchdogMs,
    testHooks: config.engineTestHooks,
    log,
  })
  log.info(`Database open in ${seconds(started)}.`)
  return { db, markInitialised: () => markInitialised(config.dataDir) }
}

export async function startServer(
  config: ServerConfig,
  log: Logger = createLogger({ quiet: config.quiet }),
  onListening?: (url: string) => void,
): Promise<StreetLevelServer> {
  const { created } = await ensureDataFolder(config.dataDir)
  if (created) log.info(`Created the data folder ${config.dataDir}.`)
  const release = config.databaseUrl ? async () => {} : await claimDataFolder(config.dataDir)
  const security = securityHeaders()

  // Listen first: a port in use is reported at once, and while the database starts (a
  // minute on a first start) browsers get a page that says so and reloads itself.
  let dispatch: (req: IncomingMessage, res: ServerResponse) => Promise<void> = (req, res) => respondStarting(req, res, security)
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 20_000, keepAliveTimeout: 5_000 }, (req, res) => {
    void dispatch(req, res)
  })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(config.port, config.host, () => resolve())
    })
  } catch (error) {
    await release()
    throw error
  }
  const port = (server.address() as AddressInfo).port
  const url = config.publicUrl ?? `http://${isLoopback(config.host) ? 'localhost' : config.host}:${port}`
  const fallbackOrigin = `http://localhost:${port}`
  onListening?.(url)

  let db: Database | undefined
  try {
    const { secrets, created: newKeys } = await loadOrCreateSecrets(config.dataDir)
    if (newKeys) log.info('Generated a new JWT secret (kept in secrets.json, readable only by you).')
    const keys = deriveApiKeys(secrets)
    const opened = await openDatabase(config, log)
    // Every write through this process is counted, so the tile cache knows when to ask again.
    const counted = withWriteEpoch(opened.db)
    db = counted.db
    const prepared = await prepareDatabase(db, { migrationsDir: config.migrationsDir, seedFile: config.seedFile, log })
    await opened.markInitialised()
    const cache = new SchemaCache(db)
    await cache.load()
    const tiles = createTileService({
      epoch: counted.epoch,
      soleWriter: !config.databaseUrl,
      hasMvt: await db.transaction(engineHasMvt, { readOnly: true }),
    })
    const mailer = createMailer(config)
    const jobs = startJobs(db, log, { mailer, origin: config.publicUrl ?? fallbackOrigin })

    const handleRpc = createRpcHandler({
      db,
      cache,
      jwtSecret: secrets.jwtSecret,
      bodyLimitBytes: config.bodyLimitBytes,
      maxRows: config.maxRows,
      defaultStatementTimeout: config.defaultStatementTimeout,
      log,
      tiles,
    })
    const handleAuth = createAuthHandler({ ...config, db, jwtSecret: secrets.jwtSecret, mailer, log })
    const database0 = db
    const handleAdmin = createAdminEndpoint(secrets.jwtSecret, (command, values) => {
      if (!(ACCOUNT_COMMANDS as readonly string[]).includes(command)) throw new Error(`The server runs only account commands, not "${command}".`)
      return executeAccountCommand(command, values, { db: database0, mailer, origin: config.publicUrl ?? fallbackOrigin, config })
    })
    const handleMailPage = createMailPage(config.dataDir)
    const limits = createRequestLimits(config.rateLimits, secrets.jwtSecret, cache)
    const forgetServerInfo = config.databaseUrl ? async () => {} : await writeServerInfo(config.dataDir, port)
    const handleStatic = createStaticHandler(config.staticDir)
    const publicHost = config.publicUrl ? new URL(config.publicUrl).host : undefined

    const route = async (ctx: RequestContext) => {
      const { pathname } = ctx.url
      if (pathname.startsWith('/rest/v1/rpc/')) {
        let name = ''
        try {
          name = decodeURIComponent(pathname.slice('/rest/v1/rpc/'.length))
        } catch {
          // a malformed escape is simply not a function name
        }
        if (/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
          const refused = await limits.check(ctx, name)
          if (refused) return sendJson(ctx.res, refused.status, refused.body, refused.headers)
          return handleRpc(ctx, name)
        }
        const error = pgrstError(404, 'PGRST202', `Could not find the function public.${name || '?'} in the schema cache`)
        return sendJson(ctx.res, error.status, error.body)
      }
      if (pathname === '/rest/v1' || pathname.startsWith('/rest/v1/')) {
        const table = pathname.slice('/rest/v1/'.length)
        const error = pgrstError(
          404,
          'PGRST205',
          `Could not find the table 'public.${table}' in the schema cache`,
          null,
          'Street Level’s API is its functions: call them at /rest/v1/rpc/<function>.',
        )
        return sendJson(ctx.res, error.status, error.body)
      }
      if (pathname.startsWith('/auth/v1/')) return handleAuth(ctx, pathname.slice('/auth/v1'.length))
      if (pathname === '/streetlevel-config.json' && (ctx.req.method === 'GET' || ctx.req.method === 'HEAD')) {
        return sendJson(ctx.res, 200, { supabaseUrl: ctx.origin, anonKey: keys.anonKey }, { 'Cache-Control': 'no-store' })
      }
      if (pathname === '/_admin') return handleAdmin(ctx)
      if (pathname === '/_mail') return handleMailPage(ctx)
      if (pathname === '/healthz') {
        // 503 while the engine is being replaced, so a load balancer or a watcher can tell.
        const status = db!.status()
        const headers: Record<string, string> = { 'Cache-Control': 'no-store', ...(status.serving ? {} : { 'Retry-After': '2' }) }
        return sendJson(ctx.res, status.serving ? 200 : 503, { status: status.serving ? 'ok' : status.state, engine: db!.engine, ...status }, headers)
      }
      return handleStatic(ctx)
    }

    const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
      try {
        for (const [name, value] of Object.entries(security)) res.setHeader(name, value)
        // Refuse Host names we do not serve when bound to loopback (DNS rebinding).
        const host = (req.headers.host ?? '').replace(/:\d+$/, '')
        if (isLoopback(config.host) && !LOOPBACK_HOSTS.has(host) && host !== publicHost?.replace(/:\d+$/, '')) {
          return sendJson(res, 421, { message: `This server answers to localhost, not ${host || 'an empty Host header'}.` })
        }
        const origin = servingOrigin(req, config.publicUrl, fallbackOrigin)
        const cors = corsHeaders(req, new Set([origin, ...config.corsOrigins]))
        for (const [name, value] of Object.entries(cors)) res.setHeader(name, value)
        if (req.method === 'OPTIONS') {
          res.writeHead(204).end()
          return
        }
        const url = new URL(req.url ?? '/', 'http://localhost')
        await route({ req, res, url, origin, ip: clientIp(req, config.trustProxy) })
      } catch (error) {
        log.error(`${req.method} ${req.url} failed`, error)
        if (!res.headersSent) await sendJson(res, 500, { message: 'Internal server error' })
        else res.destroy()
      }
    }

    dispatch = onRequest
    const database = db

    let closing: Promise<void> | undefined
    const close = () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeIdleConnections()
        // Requests in flight get 10 s to finish; then their connections are cut.
        const timer = setTimeout(() => server.closeAllConnections(), 10_000)
        await stopped
        clearTimeout(timer)
        await jobs.stop()
        await database.close()
        await forgetServerInfo()
        await release()
      })())

    return { url, port, keys, engine: database.engine, prepared, db: database, mailer, drainMailOutbox: jobs.drainMailOutbox, reloadSchema: () => cache.load(), close }
  } catch (error) {
    await new Promise((resolve) => server.close(resolve))
    await db?.close().catch(() => undefined)
    await release()
    throw error
  }
}
