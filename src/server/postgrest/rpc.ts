/**
 * `POST /rest/v1/rpc/:fn` (and GET/HEAD for reads) with PostgREST's semantics: named
 * JSON arguments, the caller's JWT role and claims set per transaction (`role`,
 * `request.jwt.claims`, the role's statement_timeout), GET in a read-only transaction,
 * results as PostgREST sends them, errors as {code, message, details, hint}.
 */
import type { Database } from '../../db/database.ts'
import { ClientGoneError, DatabaseBusyError, DatabaseUnavailableError } from '../../db/database.ts'
import type { RequestContext } from '../http.ts'
import { addVary, PayloadTooLargeError, readBody, sendJson } from '../http.ts'
import { apiRoles, CallerError, resolveCaller, type Caller } from '../keys.ts'
import type { Logger } from '../log.ts'
import { badArgument, badValue, InputError, parseBoundedJson } from '../input-bounds.ts'
import { buildCallSql, matchFunction } from './call.ts'
import { fromDatabaseError, isDatabaseError, pgrstError, PostgrestError } from './errors.ts'
import type { RpcFunction, SchemaCache } from './schema-cache.ts'
import type { Queryable } from '../../db/database.ts'
import { TILE_FUNCTION, etagMatches, type TileService } from '../tiles/tile-service.ts'
import { acceptsGzip } from '../compress.ts'
import { createHash } from 'node:crypto'

export interface RpcDeps {
  db: Database
  cache: SchemaCache
  jwtSecret: string
  bodyLimitBytes: number
  maxRows: number
  defaultStatementTimeout: string
  log: Logger
  /** Serves map_tile with its cache (tiles/tile-service.ts); without it map_tile is a plain rpc. */
  tiles?: TileService
}

/** Query parameters that PostgREST reads itself, never as function arguments. */
const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'columns', 'on_conflict', 'apikey'])
const ACCEPTABLE = new Set(['*/*', 'application/*', 'application/json', 'application/vnd.pgrst.object+json', 'application/vnd.pgrst.array+json'])

function authenticate(ctx: RequestContext, secret: string): Caller {
  try {
    const caller = resolveCaller(ctx.req.headers, secret)
    if (!(apiRoles as readonly string[]).includes(caller.role)) {
      throw pgrstError(403, '42501', `permission denied to set role "${caller.role}"`)
    }
    return caller
  } catch (error) {
    if (!(error instanceof CallerError)) throw error
    const description = error.message.replace(/"/g, "'")
    throw pgrstError(401, 'PGRST301', error.message, null, error.hint, {
      'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"`,
    })
  }
}

/** The media types the client accepts, in its order (PostgREST ignores q-values too). */
function acceptedTypes(ctx: RequestContext): string[] {
  return (ctx.req.headers.accept ?? '*/*').split(',').map((t) => t.split(';')[0].trim().toLowerCase())
}

function checkProfile(ctx: RequestContext): void {
  const method = ctx.req.method ?? 'GET'
  const profile = ctx.req.headers[method === 'POST' ? 'content-profile' : 'accept-profile']
  if (profile !== undefined && profile !== 'public') {
    throw pgrstError(406, 'PGRST106', 'The schema must be one of the following: public', null, null)
  }
}

/**
 * Content negotiation: a media type handler answers its own type (or a wildcard that
 * covers it); everything else answers JSON.
 */
function negotiate(accept: string[], fn: RpcFunction): { wantsObject: boolean } {
  const acceptable = fn.mediaType
    ? new Set(['*/*', `${fn.mediaType.split('/')[0]}/*`, fn.mediaType])
    : ACCEPTABLE
  if (!accept.some((t) => acceptable.has(t))) {
    throw pgrstError(406, 'PGRST107', `None of these media types are available: ${accept.join(', ')}`)
  }
  return { wantsObject: !fn.mediaType && accept[0] === 'application/vnd.pgrst.object+json' }
}

/** PostgREST's response.headers GUC: a JSON array of one-key objects; anything else is a 500. */
function gucHeaders(text: string | null | undefined): Record<string, string> {
  if (!text) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = null
  }
  if (!Array.isArray(parsed) || parsed.some((h) => typeof h !== 'object' || h === null || Object.values(h as object).some((v) => typeof v !== 'string'))) {
    throw pgrstError(500, 'PGRST111', 'response.headers guc must be a JSON array composed of objects with a single key and a string value')
  }
  return Object.assign({}, ...(parsed as Array<Record<string, string>>)) as Record<string, string>
}

/** 304 when the request's If-None-Match names the response's ETag, else 200. */
function notModified(ctx: RequestContext, headers: Record<string, string>): 200 | 304 {
  const etag = Object.entries(headers).find(([k]) => k.toLowerCase() === 'etag')?.[1]
  return etag && etagMatches(ctx.req.headers['if-none-match'], etag) ? 304 : 200
}

function gucStatus(text: string | null | undefined): number | undefined {
  if (!text) return undefined
  const status = Number(text)
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw pgrstError(500, 'PGRST112', 'response.status guc must be a valid status code')
  }
  return status
}

/**
 * Caching, when the function did not say (response.headers): a signed-in caller's
 * answers are private (no-store: they may carry exact points, one's own needs); an
 * anonymous GET reads only public data, so it gets an ETag of its body and no-cache (a
 * browser keeps it and asks again; an unchanged answer is a 304). An anonymous POST
 * (supabase-js's rpc) is public too and left as it was: the app's service worker keeps
 * such reads for offline use.
 */
function cachingHeaders(method: string, role: string, body: Buffer | string): Record<string, string> {
  if (role !== 'anon') return { 'Cache-Control': 'no-store' }
  if (method === 'POST') return {}
  return { ETag: `W/"${createHash('sha1').update(body).digest('base64url')}"`, 'Cache-Control': 'no-cache' }
}

async function readArguments(ctx: RequestContext, limit: number): Promise<Record<string, unknown>> {
  if (ctx.req.method !== 'POST') {
    const args: Record<string, unknown> = {}
    for (const key of new Set(ctx.url.searchParams.keys())) {
      if (RESERVED.has(key)) continue
      const values = ctx.url.searchParams.getAll(key)
      args[key] = values.length > 1 ? values : values[0]
    }
    return args
  }
  const type = (ctx.req.headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase()
  const body = await readBody(ctx.req, limit)
  if (type === 'application/x-www-form-urlencoded') {
    // PostgREST takes form fields as arguments too (values arrive as text).
    return Object.fromEntries(new URLSearchParams(body.toString('utf8')))
  }
  if (type !== 'application/json' && !type.endsWith('+json') && body.length > 0) {
    throw pgrstError(415, 'PGRST107', `Content-Type not acceptable: ${type}`)
  }
  const text = body.toString('utf8').trim()
  if (text === '') return {}
  let parsed: unknown
  try {
    parsed = parseBoundedJson(text) // depth, numbers and text bounded (input-bounds.ts)
  } catch (error) {
    const e = error as InputError
    throw pgrstError(400, e.message === 'Empty or invalid json' ? 'PGRST102' : '22P05', e.message, e.details)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw pgrstError(400, 'PGRST102', 'Empty or invalid json', 'The body must be a JSON object of named arguments.')
  }
  return parsed as Record<string, unknown>
}

function requestHeadersJson(ctx: RequestContext, without: string[] = []): string {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(ctx.req.headers)) {
    if (name === 'cookie' || value === undefined || without.includes(name)) continue
    headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return JSON.stringify(headers)
}

export function createRpcHandler(deps: RpcDeps) {
  return async function handleRpc(ctx: RequestContext, name: string): Promise<void> {
    const method = ctx.req.method ?? 'GET'
    const head = method === 'HEAD'
    let role = 'anon'
    // A client that hangs up before its turn at the database has its work dropped.
    const gone = new AbortController()
    ctx.res.once('close', () => {
      if (!ctx.res.writableFinished) gone.abort()
    })
    try {
      if (method !== 'GET' && method !== 'POST' && method !== 'HEAD') {
        throw pgrstError(405, 'PGRST101', `Cannot use the ${method} method on RPC`, null, null, { Allow: 'GET, POST, HEAD' })
      }
      const caller = authenticate(ctx, deps.jwtSecret)
      role = caller.role
      checkProfile(ctx)
      const accept = acceptedTypes(ctx)
      const args = await readArguments(ctx, deps.bodyLimitBytes)
      const bad = badValue(args) // query-string and form arguments too
      if (bad) throw pgrstError(400, bad.message === 'Empty or invalid json' ? 'PGRST102' : '22P05', bad.message, bad.details)
      const keys = Object.keys(args)
      const fn = matchFunction(name, await deps.cache.find(name), keys)
      const { wantsObject } = negotiate(accept, fn)
      for (const arg of fn.args) {
        const why = keys.includes(arg.name) ? badArgument(arg.name, arg.type, args[arg.name]) : null
        if (why) throw pgrstError(400, '22P02', 'malformed array literal', why)
      }
      /** Work in the caller's transaction: role, claims, timeout and the request GUCs, as PostgREST sets them. */
      const asCaller = <T>(
        work: (tx: Queryable) => Promise<T>,
        { requestHeaders = requestHeadersJson(ctx), abortable = true, readOnly = method !== 'POST' || fn.volatility !== 'v' } = {},
      ) =>
        deps.db.transaction(
          async (tx) => {
            await tx.query(
              `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
                      set_config('statement_timeout', $3, true), set_config('request.method', $4, true),
                      set_config('request.path', $5, true), set_config('request.headers', $6, true)`,
              [role, JSON.stringify(caller.claims), deps.cache.statementTimeout(role) ?? deps.defaultStatementTimeout, method, ctx.url.pathname, requestHeaders],
            )
            return work(tx)
          },
          // As in PostgREST, only a POST of a volatile function may write: anything else that
          // writes fails with 25006 → 405. (A read then counts as no write for the tile cache.)
          { readOnly, signal: abortable ? gone.signal : undefined },
        )

      if (deps.tiles && fn.name === TILE_FUNCTION && fn.mediaType) {
        // If-None-Match is answered by the tile cache, so the database never sees it; a
        // tile is made even if its first asker leaves, as others may wait for the same
        // one; and a POST of it (supabase-js's rpc) reads only, like a GET.
        const tile = await deps.tiles.serve(args, ctx.req.headers['if-none-match'], acceptsGzip(ctx.req), (work) =>
          asCaller(work, { requestHeaders: requestHeadersJson(ctx, ['if-none-match']), abortable: false, readOnly: true }),
        )
        if (tile.headers['Content-Encoding']) addVary(ctx.res, 'Accept-Encoding')
        ctx.res.writeHead(tile.status, { ...tile.headers, ...(tile.status === 200 ? { 'Content-Length': tile.body.length } : {}) })
        ctx.res.end(head || tile.status === 304 ? undefined : tile.body)
        return
      }

      const { sql, takesArgs } = buildCallSql(fn, keys, deps.maxRows)
      const row = await asCaller(async (tx) => {
        const { rows } = await tx.query<{ body: string | Uint8Array; n?: number; _headers: string | null; _status: string | null }>(sql, takesArgs ? [JSON.stringify(args)] : [])
        return rows[0]
      })
      const setHeaders = gucHeaders(row._headers)
      const setStatus = gucStatus(row._status)

      if (fn.returns === 'void') {
        ctx.res.writeHead(setStatus ?? 204, setHeaders).end()
        return
      }
      const headers: Record<string, string> = {}
      if (fn.mediaType) {
        const bytes = Buffer.from((row.body as Uint8Array | null) ?? new Uint8Array(0))
        const all: Record<string, string> = { 'Content-Type': fn.mediaType, ...cachingHeaders(method, role, bytes), ...setHeaders }
        const status = setStatus ?? notModified(ctx, all)
        ctx.res.writeHead(status, status === 304 ? all : { ...all, 'Content-Length': bytes.length })
        ctx.res.end(head || status === 304 ? undefined : bytes)
        return
      }
      let body = row.body as string
      if (fn.returnsSet) {
        const n = Number(row.n ?? 0)
        headers['Content-Range'] = n > 0 ? `0-${n - 1}/*` : '*/*'
        if (wantsObject) {
          if (n !== 1) {
            throw pgrstError(406, 'PGRST116', 'JSON object requested, multiple (or no) rows returned', `The result contains ${n} rows`)
          }
          body = JSON.stringify((JSON.parse(body) as unknown[])[0])
        }
      }
      Object.assign(headers, cachingHeaders(method, role, body), setHeaders)
      const status = setStatus ?? notModified(ctx, headers)
      if (status === 304) {
        ctx.res.writeHead(304, headers).end()
        return
      }
      await sendJson(ctx.res, status, body, headers, { raw: true, head })
    } catch (error) {
      if (error instanceof ClientGoneError) return
      const failure = asPostgrestError(error, role, deps.bodyLimitBytes)
      // 503s (busy, or the engine being replaced) are logged once by the database layer.
      if (failure.status >= 500 && failure.status !== 503) deps.log.error(`rpc ${name} failed`, error)
      await sendJson(ctx.res, failure.status, failure.body, failure.headers, { head })
    }
  }
}

export function asPostgrestError(error: unknown, role: string, bodyLimitBytes: number): PostgrestError {
  if (error instanceof PostgrestError) return error
  if (isDatabaseError(error)) return fromDatabaseError(error, role)
  if (error instanceof PayloadTooLargeError) {
    return pgrstError(413, '413', `The request body is larger than ${Math.round(bodyLimitBytes / 1024)} KiB.`, null, 'Send fewer or smaller arguments.', {
      Connection: 'close',
    })
  }
  if (error instanceof DatabaseUnavailableError) {
    return pgrstError(503, 'PGRST001', error.message, null, null, { 'Retry-After': String(error.retryAfterSeconds) })
  }
  if (error instanceof DatabaseBusyError) {
    return pgrstError(503, 'PGRST003', error.message, null, null, { 'Retry-After': '1' })
  }
  return pgrstError(500, 'PGRSTX00', 'Internal server error', null, null)
}
