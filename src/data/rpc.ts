/** Calls a Postgres function through supabase-js, turning its error shape into one Error. */
import { getSupabase } from './supabase.ts'
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

/**
 * Calls fn. A call with a signal is a read (every read the app makes can be cancelled;
 * writes never are): a 503 on it, the server restarting its engine, is retried after the
 * server's Retry-After (src/data/retry.ts). Writes are not retried here: pins go through
 * the outbox, which keeps them waiting on a 503.
 */
export async function callRpc<T>(fn: string, args: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
  let supabase
  try {
    supabase = await getSupabase()
  } catch (cause) {
    throw new ApiError('The Street Level server could not be reached.', { unreachable: true, cause })
  }
  let query = supabase.rpc(fn, args)
  if (signal) query = query.abortSignal(signal).setHeader(READ_HEADER, '1')
  const response = await query
  const { error, status } = response
  if (error) {
    const unreachable = status === 0 || status === 502 || status === 503 || status === 504
    throw new ApiError(error.message || 'The request failed.', { code: error.code, unreachable, status })
  }
  return response.data as T
}
