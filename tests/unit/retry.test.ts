import { describe, expect, it } from 'vitest'
import { READ_HEADER, retryAfterSeconds, retryingFetch } from '../../src/data/retry.ts'

/** A server that answers with the given statuses in turn, recording what it was sent. */
function server(answers: Array<[number, Record<string, string>?]>) {
  const seen: Headers[] = []
  const answer: typeof globalThis.fetch = async (_input, init = {}) => {
    seen.push(new Headers(init.headers))
    const [status, headers] = answers.shift() ?? [200]
    return new Response(status === 200 ? '[]' : '{"code":"PGRST001"}', { status, headers })
  }
  return { fetch: answer, seen }
}

const slept: number[] = []
const sleep = async (ms: number) => void slept.push(ms)

describe('retryingFetch', () => {
  it('retries a read answered 503 after Retry-After, without sending the read marker', async () => {
    slept.length = 0
    const s = server([[503, { 'Retry-After': '2' }], [503, { 'Retry-After': '1' }], [200]])
    const response = await retryingFetch(s.fetch, { sleep })('https://x/rest/v1/rpc/map_needs', { method: 'POST', headers: { [READ_HEADER]: '1', apikey: 'k' } })
    expect(response.status).toBe(200)
    expect(slept).toEqual([2000, 1000])
    expect(s.seen).toHaveLength(3)
    expect(s.seen.every((h) => !h.has(READ_HEADER) && h.get('apikey') === 'k')).toBe(true)
  })

  it('never retries a write (the outbox decides), nor a 503 without Retry-After or asking too long', async () => {
    const cases: Array<[Record<string, string>, [number, Record<string, string>?]]> = [
      [{}, [503, { 'Retry-After': '1' }]],
      [{ [READ_HEADER]: '1' }, [503]],
      [{ [READ_HEADER]: '1' }, [503, { 'Retry-After': '120' }]],
    ]
    for (const [headers, answer] of cases) {
      const s = server([answer, [200]])
      const response = await retryingFetch(s.fetch, { sleep })('https://x/rest/v1/rpc/pin_need', { method: 'POST', headers })
      expect(response.status).toBe(503)
      expect(s.seen).toHaveLength(1)
    }
  })

  it('gives up after the set number of retries, with the last answer', async () => {
    const s = server([[503, { 'Retry-After': '0' }], [503, { 'Retry-After': '0' }], [503, { 'Retry-After': '0' }]])
    const response = await retryingFetch(s.fetch, { sleep, attempts: 2 })('https://x/', { headers: { [READ_HEADER]: '1' } })
    expect(response.status).toBe(503)
    expect(s.seen).toHaveLength(3)
  })

  it('stops waiting when the read is cancelled', async () => {
    const s = server([[503, { 'Retry-After': '5' }], [200]])
    const controller = new AbortController()
    const pending = retryingFetch(s.fetch)('https://x/', { headers: { [READ_HEADER]: '1' }, signal: controller.signal })
    setTimeout(() => controller.abort(new Error('left the page')), 20)
    await expect(pending).rejects.toThrow('left the page')
    expect(s.seen).toHaveLength(1)
  })
})

describe('retryAfterSeconds', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterSeconds('3')).toBe(3)
    expect(retryAfterSeconds(new Date(10_000).toUTCString(), 5_000)).toBe(5)
    expect(retryAfterSeconds(null)).toBeNull()
    expect(retryAfterSeconds('soon')).toBeNull()
  })
})
