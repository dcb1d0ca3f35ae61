/**
 * Calls a Postgres function, turning PostgREST's error shape into one Error: through
 * supabase-js (the person's session), or for a public read straight with the anon key.
 */
import { getClientConfig, getSupabase } from './supabase.ts'
import { READ_HEADER, retryingFetch } from './retry.ts'

export class ApiError extends Error {
  /** True when the server could not be reached at all (offline, down, proxy error). */
  readonly unreachable: boolean
  readonly code?: string
  /** The HTTP status (0 when nothing answered). */
  readonly status?: number
  constructor(message: string, options: { code?: string; unreachable?: boolean; status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = 'ApiError'
    this.code = options.code
    this.status = options.status
    this.unreachable = options.unreachable ?? false
  }
}

export interface RpcOptions {
  /**
   * A public read: sent with the anonymous key even when someone is signed in, so it
   * runs as `anon` and answers only what any visitor may see. The service worker keeps
   * such answers for offline use (src/pwa/publicReads.ts); anything personal must not set this.
   */
  public?: boolean
}

/**
 * Calls fn. A call with a signal is a read (every read the app makes can be cancelled;
 * writes never are): a 503 on it, the server restarting its engine, is retried after the
 * server's Retry-After (src/data/retry.ts). Writes are not retried here: pins go through
 * the outbox, which keeps them waiting on a 503.
 */
export async function callRpc<T>(fn: string, args: Record<string, unknown> = {}, signal?: AbortSignal, options: RpcOptions = {}): Promise<T> {
  if (options.public) return publicRpc<T>(fn, args, signal)
  let supabase
  try {
    supabase = await getSupabase()
  } catch (cause) {
    throw unreachable(cause)
  }
  let query = supabase.rpc(fn, args)
  if (signal) query = query.abortSignal(signal).setHeader(READ_HEADER, '1')
  const response = await query
  const { error, status } = response
  if (error) throw failed(status, error)
  return response.data as T
}

const unreachable = (cause: unknown) => new ApiError('The Street Level server could not be reached.', { unreachable: true, status: 0, cause })
const failed = (status: number, error: { message?: string; code?: string } | null) =>
  new ApiError(error?.message || 'The request failed.', { code: error?.code, unreachable: status === 0 || status === 502 || status === 503 || status === 504, status })

const publicFetch = retryingFetch()

/**
 * A public read, as PostgREST's POST /rpc/<fn> with the anon key alone: it needs no session,
 * so it does not wait for supabase-js to load and read one (the first map waits for the taxonomy).
 */
async function publicRpc<T>(fn: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  let response: Response
  try {
    const { supabaseUrl, anonKey } = await getClientConfig()
    const headers: Record<string, string> = { apikey: anonKey, Authorization: `Bearer ${anonKey}`, 'Content-Type': 'application/json', Accept: 'application/json' }
    if (signal) headers[READ_HEADER] = '1'
    response = await publicFetch(`${supabaseUrl}/rest/v1/rpc/${fn}`, { method: 'POST', headers, body: JSON.stringify(args), signal })
  } catch (cause) {
    throw unreachable(cause)
  }
  const text = await response.text().catch(() => '')
  let body: unknown = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    if (response.ok) throw new ApiError('The server answered something that is not JSON.', { status: response.status })
  }
  if (!response.ok) throw failed(response.status, body as { message?: string; code?: string } | null)
  return body as T
}
