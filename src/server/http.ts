/**
 * HTTP plumbing shared by every route: the client address, request bodies with a size
 * limit, JSON responses, security headers on everything, and CORS for the serving
 * origin only (plus origins named in STREETLEVEL_CORS_ORIGINS).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { acceptsGzip, gzip, MIN_COMPRESS_BYTES } from './compress.ts'

export interface RequestContext {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  /** The client's address (X-Forwarded-For's last hop only when trustProxy is on). */
  ip: string
  /** This server's origin as the browser sees it, e.g. http://localhost:4173. */
  origin: string
}

export type Handler = (ctx: RequestContext) => Promise<void>

/** The request body is larger than the limit. */
export class PayloadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${Math.round(limit / 1024)} KiB.`)
  }
}

export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for']
    const hops = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded ?? '').split(',').map((h) => h.trim()).filter(Boolean)
    if (hops.length) return hops[hops.length - 1]
  }
  return req.socket.remoteAddress ?? 'unknown'
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/

/** The origin the browser used, from the configured public URL or a well-formed Host header. */
export function servingOrigin(req: IncomingMessage, publicUrl: string | undefined, fallback: string): string {
  if (publicUrl) return new URL(publicUrl).origin
  const host = req.headers.host
  return host && HOST.test(host) ? `http://${host}` : fallback
}

/** Reads the whole body, refusing (without buffering it) anything over `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new PayloadTooLargeError(limit))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.off('data', onData)
        req.resume() // drain and discard the rest
        reject(new PayloadTooLargeError(limit))
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Adds a token to the Vary header without losing what CORS put there. */
export function addVary(res: ServerResponse, token: string): void {
  const current = String(res.getHeader('vary') ?? '')
  if (!current.split(',').map((v) => v.trim().toLowerCase()).includes(token.toLowerCase())) {
    res.setHeader('Vary', current ? `${current}, ${token}` : token)
  }
}

/**
 * Sends JSON; `body` may already be serialised JSON text (straight from Postgres).
 * Large bodies are gzipped when the client accepts it (see compress.ts).
 */
export async function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  options: { raw?: boolean; head?: boolean } = {},
): Promise<void> {
  const text = options.raw ? (body as string) : JSON.stringify(body)
  let payload: Buffer = Buffer.from(text)
  const extra: Record<string, string> = {}
  if (payload.length >= MIN_COMPRESS_BYTES) {
    addVary(res, 'Accept-Encoding')
    if (acceptsGzip(res.req)) {
      payload = await gzip(payload)
      extra['Content-Encoding'] = 'gzip'
    }
  }
  if (res.destroyed) return
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': payload.length,
    ...extra,
    ...headers,
  })
  res.end(options.head ? undefined : payload)
}

/**
 * Headers for every response. The CSP allows only this origin: scripts, styles, fonts
 * and API calls come from here; images also from data: and blob: URLs (MapLibre's
 * control icons are data: SVGs in its CSS) and workers from blob: (MapLibre starts its
 * tile workers from a blob URL).
 */
export function securityHeaders(extraConnectSrc: string[] = []): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${["'self'", ...extraConnectSrc].join(' ')}`,
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // "Near me" uses the browser's location; nothing else is needed.
    'Permissions-Policy': 'geolocation=(self), camera=(), microphone=(), payment=(), usb=()',
  }
}

const ALLOWED_REQUEST_HEADERS = [
  'accept',
  'accept-profile',
  'apikey',
  'authorization',
  'content-profile',
  'content-type',
  'if-none-match',
  'prefer',
  'range',
  'x-client-info',
  'x-supabase-api-version',
]

/** CORS headers when the request's Origin is allowed; none otherwise (the browser then blocks). */
export function corsHeaders(req: IncomingMessage, allowedOrigins: Set<string>): Record<string, string> {
  const origin = req.headers.origin
  if (!origin || !allowedOrigins.has(origin)) return {}
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': origin,
    Vary: 'Origin',
    'Access-Control-Expose-Headers': 'Content-Range, Content-Location, X-Supabase-Api-Version, Retry-After, ETag',
  }
  if (req.method === 'OPTIONS') {
    const asked = String(req.headers['access-control-request-headers'] ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => ALLOWED_REQUEST_HEADERS.includes(h))
    headers['Access-Control-Allow-Methods'] = 'GET, POST, HEAD, OPTIONS'
    headers['Access-Control-Allow-Headers'] = (asked.length ? asked : ALLOWED_REQUEST_HEADERS).join(', ')
    headers['Access-Control-Max-Age'] = '600'
  }
  return headers
}
