/** Calls a Postgres function through supabase-js, turning its error shape into one Error. */
import { clientAnonKey, getSupabase } from './supabase.ts'
import { READ_HEADER } from './retry.ts'

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
  let supabase
  try {
    supabase = await getSupabase()
  } catch (cause) {
    throw new ApiError('The Street Level server could not be reached.', { unreachable: true, cause })
  }
  let query = supabase.rpc(fn, args)
  if (signal) query = query.abortSignal(signal).setHeader(READ_HEADER, '1')
  const key = options.public ? clientAnonKey() : undefined
  if (key) query = query.setHeader('Authorization', `Bearer ${key}`)
  const response = await query
  const { error, status } = response
  if (error) {
    const unreachable = status === 0 || status === 502 || status === 503 || status === 504
    throw new ApiError(error.message || 'The request failed.', { code: error.code, unreachable, status })
  }
  return response.data as T
}
