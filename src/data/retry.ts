/**
 * A fetch for supabase-js that retries reads answered 503 with Retry-After (the embedded
 * server replacing its database engine, or hosted Supabase briefly unavailable). Reads are
 * marked by callRpc with READ_HEADER, which is taken off before the request leaves, so no
 * server ever sees it (and no CORS preflight asks about it).
 */
export const READ_HEADER = 'x-streetlevel-read'

export interface RetryOptions {
  /** Retries after the first answer (default 3). */
  attempts?: number
  /** Longest wait honoured, in seconds (default 10). */
  maxWaitSeconds?: number
  sleep?: (ms: number, signal?: AbortSignal | null) => Promise<void>
}

const abortableSleep = (ms: number, signal?: AbortSignal | null) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error)
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason as Error)), { once: true })
  })

/** Seconds to wait from a Retry-After header (seconds or an HTTP date), or null. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (!value) return null
  if (/^\d+$/.test(value.trim())) return Number(value)
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000))
}

export function retryingFetch(inner: typeof fetch = (...args) => fetch(...args), options: RetryOptions = {}): typeof fetch {
  const attempts = options.attempts ?? 3
  const maxWait = options.maxWaitSeconds ?? 10
  const sleep = options.sleep ?? abortableSleep
  return async (input, init = {}) => {
    const headers = new Headers(init.headers)
    const isRead = headers.has(READ_HEADER)
    headers.delete(READ_HEADER)
    const request = { ...init, headers }
    let response = await inner(input, request)
    for (let attempt = 0; isRead && attempt < attempts && response.status === 503; attempt++) {
      const wait = retryAfterSeconds(response.headers.get('retry-after'))
      if (wait === null || wait > maxWait) break
      await response.body?.cancel()
      await sleep(wait * 1000, init.signal)
      response = await inner(input, request)
    }
    return response
  }
}
