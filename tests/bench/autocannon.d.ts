/** The little of autocannon 9 that server.bench.ts uses (it ships no types). */
declare module 'autocannon' {
  interface Options {
    url: string
    connections?: number
    duration?: number
    /** Stop after this many requests (instead of duration). */
    amount?: number
    requests?: Array<{ setupRequest?: (request: Record<string, unknown>) => Record<string, unknown> }>
  }
  interface Result {
    requests: { total: number; average: number }
    errors: number
    timeouts: number
    non2xx: number
  }
  interface Instance extends PromiseLike<Result> {
    on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): this
  }
  export default function autocannon(options: Options): Instance
}
