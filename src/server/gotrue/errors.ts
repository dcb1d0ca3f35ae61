/**
 * GoTrue's error responses. A client that sends `X-Supabase-Api-Version: 2024-01-01`
 * (auth-js always does) gets {code: "<error_code>", message} and the header echoed;
 * others get the original {code: <status>, error_code, msg}. auth-js reads both.
 */
import type { RequestContext } from '../http.ts'
import { sendJson } from '../http.ts'

export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

export const API_VERSION = '2024-01-01'

/** Whether the client asked for the 2024-01-01 API (or later). */
export function wantsVersionedApi(ctx: RequestContext): boolean {
  const asked = ctx.req.headers['x-supabase-api-version']
  return typeof asked === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(asked) && asked >= API_VERSION
}

export function versionHeaders(ctx: RequestContext): Record<string, string> {
  return wantsVersionedApi(ctx) ? { 'X-Supabase-Api-Version': API_VERSION } : {}
}

export function sendAuthError(ctx: RequestContext, error: AuthError): Promise<void> {
  const body = wantsVersionedApi(ctx)
    ? { code: error.errorCode, message: error.message, ...error.extra }
    : { code: error.status, error_code: error.errorCode, msg: error.message, ...error.extra }
  return sendJson(ctx.res, error.status, body, { ...versionHeaders(ctx), ...error.headers })
}

export const rateLimited = (retryAfterSeconds: number) =>
  new AuthError(429, 'over_request_rate_limit', 'Request rate limit reached', {}, { 'Retry-After': String(retryAfterSeconds) })
