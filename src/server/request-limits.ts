/**
 * Rate limits on the API functions, per user and per client address, in addition to
 * the database's own (pins per hour, adoptions per day) and GoTrue's sign-in limits:
 * writes (volatile functions) and heavy reads (the gaps and outcome figures) each get a
 * sliding window per minute. Both windows must have room: a user cannot dodge the limit
 * by changing address, and one address cannot flood with many anonymous users.
 */
import type { RateLimits } from './config.ts'
import type { RequestContext } from './http.ts'
import { verifyJwt } from './jwt.ts'
import type { SchemaCache } from './postgrest/schema-cache.ts'
import { RateLimiter } from './rate-limit.ts'

/** Reads that scan the whole town; everything else that only reads is cheap. */
export const isHeavyRead = (name: string) => /gaps$|_outcomes$/.test(name)

export interface Refusal {
  status: number
  body: Record<string, unknown>
  headers: Record<string, string>
}

export function createRequestLimits(limits: RateLimits, jwtSecret: string, cache: Pick<SchemaCache, 'find'>) {
  // Many people may share one address (a school, a library): it gets five people's worth.
  const ADDRESS_SHARE = 5
  const writes = { user: new RateLimiter(limits.writesPerMinute, 60_000), address: new RateLimiter(limits.writesPerMinute * ADDRESS_SHARE, 60_000) }
  const heavy = { user: new RateLimiter(limits.heavyReadsPerMinute, 60_000), address: new RateLimiter(limits.heavyReadsPerMinute * ADDRESS_SHARE, 60_000) }

  /** The verified caller's user id, if any (a bad token is the RPC handler's 401 to give). */
  function userOf(ctx: RequestContext): string | null {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(ctx.req.headers.authorization ?? '')
    if (!match) return null
    try {
      const sub = verifyJwt(match[1], jwtSecret).sub
      return typeof sub === 'string' ? sub : null
    } catch {
      return null
    }
  }

  return {
    /** null when the call may go on; otherwise PostgREST's shape for a 429. */
    async check(ctx: RequestContext, name: string): Promise<Refusal | null> {
      let limiter: { user: RateLimiter; address: RateLimiter }
      let what: string
      if (isHeavyRead(name)) {
        limiter = heavy
        what = 'heavy reads'
      } else {
        const overloads = await cache.find(name)
        if (!overloads.some((fn) => fn.volatility === 'v')) return null
        limiter = writes
        what = 'changes'
      }
      const user = userOf(ctx)
      const checks: Array<[RateLimiter, string]> = [[limiter.address, `ip:${ctx.ip}`], ...(user ? [[limiter.user, `user:${user}`] as [RateLimiter, string]] : [])]
      for (const [window, key] of checks) {
        const { allowed, retryAfterSeconds } = window.take(key)
        if (!allowed) {
          return {
            status: 429,
            body: {
              code: 'PT429',
              message: `Too many ${what} from ${key.startsWith('user:') ? 'this account' : 'this address'}: try again in ${retryAfterSeconds} s.`,
              details: `request_rate_limit: ${what}`,
              hint: null,
            },
            headers: { 'Retry-After': String(retryAfterSeconds) },
          }
        }
      }
      return null
    },
  }
}
