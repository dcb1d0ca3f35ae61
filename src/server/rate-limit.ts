/**
 * A sliding-window limit per key (an IP address): at most `limit` hits in `windowMs`.
 * In memory, like GoTrue's own limiter: a restart forgets it. A limit of 0 disables it.
 */
export class RateLimiter {
  private hits = new Map<string, number[]>()

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    /** Bounds memory under a flood of distinct addresses; the oldest keys go first. */
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts a hit for key; refuses it (without counting) when the window is full. */
  take(key: string, now = Date.now()): { allowed: boolean; retryAfterSeconds: number } {
    if (this.limit <= 0) return { allowed: true, retryAfterSeconds: 0 }
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs)
    if (recent.length >= this.limit) {
      this.hits.set(key, recent)
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000)) }
    }
    recent.push(now)
    this.hits.delete(key) // re-insert: Map order is then least recently used first
    this.hits.set(key, recent)
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value as string)
    return { allowed: true, retryAfterSeconds: 0 }
  }
}
