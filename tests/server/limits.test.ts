import { describe, expect, it } from 'vitest'
import { RateLimiter } from '../../src/server/rate-limit.ts'
import { ClientGoneError, SerialQueue, DatabaseBusyError } from '../../src/db/database.ts'
import { loadConfig } from '../../src/server/config.ts'
import { contentType } from '../../src/server/static.ts'

describe('RateLimiter', () => {
  it('allows `limit` hits per window and key, then says when to retry', () => {
    const limiter = new RateLimiter(3, 60_000)
    for (let i = 0; i < 3; i++) expect(limiter.take('1.2.3.4', 1000 + i).allowed).toBe(true)
    expect(limiter.take('1.2.3.4', 2000)).toEqual({ allowed: false, retryAfterSeconds: 59 })
    expect(limiter.take('5.6.7.8', 2000).allowed).toBe(true)
    expect(limiter.take('1.2.3.4', 61_001).allowed).toBe(true)
  })

  it('forgets the oldest addresses beyond its size bound', () => {
    const limiter = new RateLimiter(1, 60_000, 2)
    limiter.take('a', 0)
    limiter.take('b', 0)
    limiter.take('c', 0)
    expect(limiter.take('a', 1).allowed).toBe(true)
    expect(limiter.take('c', 1).allowed).toBe(false)
  })
})

describe('SerialQueue', () => {
  it('runs tasks one at a time, in order', async () => {
    const queue = new SerialQueue(10)
    const log: string[] = []
    const task = (name: string, ms: number) => queue.run(async () => {
      log.push(`start ${name}`)
      await new Promise((r) => setTimeout(r, ms))
      log.push(`end ${name}`)
    })
    await Promise.all([task('a', 20), task('b', 1), task('c', 1)])
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c'])
  })

  it('refuses new tasks when too many wait, and carries on after a failure', async () => {
    const queue = new SerialQueue(1)
    const slow = queue.run(() => new Promise((r) => setTimeout(r, 20)))
    await expect(queue.run(async () => 1)).rejects.toBeInstanceOf(DatabaseBusyError)
    await slow
    await expect(queue.run(async () => { throw new Error('boom') })).rejects.toThrow('boom')
    await expect(queue.run(async () => 2)).resolves.toBe(2)
  })
})

describe('SerialQueue and clients that left', () => {
  it('drops a waiting task whose client has gone, and runs the rest', async () => {
    const queue = new SerialQueue(10)
    const ran: string[] = []
    const gone = new AbortController()
    const first = queue.run(() => new Promise((r) => setTimeout(() => r(ran.push('first')), 20)))
    const dropped = queue.run(async () => ran.push('dropped'), gone.signal)
    const last = queue.run(async () => ran.push('last'), new AbortController().signal)
    gone.abort()
    await first
    await expect(dropped).rejects.toBeInstanceOf(ClientGoneError)
    await last
    expect(ran).toEqual(['first', 'last'])
  })
})

describe('loadConfig', () => {
  it('reads PORT, STREETLEVEL_DATA, DATABASE_URL and the limits from the environment', () => {
    const config = loadConfig({ PORT: '5000', STREETLEVEL_DATA: '/tmp/x', DATABASE_URL: 'postgres://h/db', STREETLEVEL_ANON_SIGNINS_PER_HOUR: '5', STREETLEVEL_SEED: 'none' })
    expect(config).toMatchObject({ port: 5000, dataDir: '/tmp/x', databaseUrl: 'postgres://h/db', seedFile: null })
    expect(config.rateLimits.anonymousSignInsPerHour).toBe(5)
  })

  it('defaults to port 4173, .streetlevel/ and 64 KiB bodies', () => {
    const config = loadConfig({})
    expect(config.port).toBe(4173)
    expect(config.dataDir.endsWith('.streetlevel')).toBe(true)
    expect(config.bodyLimitBytes).toBe(65536)
    expect(config.maxRows).toBe(1000)
  })

  it('refuses a PORT that is not a number', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/)
  })
})

describe('contentType', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'], ['app.js', 'text/javascript; charset=utf-8'],
    ['style.css', 'text/css; charset=utf-8'], ['font.woff2', 'font/woff2'], ['0-255.pbf', 'application/x-protobuf'],
    ['icon.svg', 'image/svg+xml'], ['manifest.webmanifest', 'application/manifest+json; charset=utf-8'], ['blob', 'application/octet-stream'],
  ])('%s is %s', (file, type) => {
    expect(contentType(file)).toBe(type)
  })
})

describe('respondStarting', () => {
  it('answers 503 with Retry-After: JSON for the API, a self-reloading page for people', async () => {
    const { createServer } = await import('node:http')
    const { respondStarting } = await import('../../src/server/starting.ts')
    const server = createServer((req, res) => void respondStarting(req, res, { 'X-Content-Type-Options': 'nosniff' }))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    try {
      const api = await fetch(`${base}/rest/v1/rpc/map_needs`, { method: 'POST' })
      expect(api.status).toBe(503)
      expect(api.headers.get('retry-after')).toBe('5')
      expect(await api.json()).toMatchObject({ code: 'PGRST002' })
      const page = await fetch(`${base}/`)
      expect(page.status).toBe(503)
      expect(page.headers.get('x-content-type-options')).toBe('nosniff')
      expect(await page.text()).toContain('http-equiv="refresh"')
    } finally {
      server.close()
    }
  })
})
