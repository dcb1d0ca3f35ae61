/**
 * The embedded backend for tests: in-process (fast, and the test can reach its
 * database to arrange data), as a child process (for kill -9 and restarts), or against
 * a fresh database on the local Postgres server. Plus a supabase-js client that keeps
 * its session in memory, and a fetch that connects from a chosen loopback address
 * (the server rate-limits by client address).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { startServer, type StreetLevelServer } from '../../src/server/app.ts'
import { defaultConfig, type ServerConfig } from '../../src/server/config.ts'
import { repoRoot } from '../../src/db/migrations.ts'
import { createLogger } from '../../src/server/log.ts'
import { pgConfig } from './engines.ts'

export interface TestServer extends StreetLevelServer {
  dataDir: string
  staticDir: string
  /** Closes the server and deletes its temporary folders. */
  stop(): Promise<void>
}

/** A tiny built app: enough to check content types, caching and the SPA fallback. */
async function writeStaticFixture(dir: string) {
  await mkdir(path.join(dir, 'assets'), { recursive: true })
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Street Level test app</title><script type="module" src="./assets/app-1a2b3c.js"></script>')
  await writeFile(path.join(dir, 'assets', 'app-1a2b3c.js'), 'console.log("street level")\n')
  await writeFile(path.join(dir, 'assets', 'style-4d5e6f.css'), 'body { margin: 0 }\n')
  await writeFile(path.join(dir, 'assets', 'big-7a8b9c.js'), `export const words = ${JSON.stringify(Array.from({ length: 800 }, (_, i) => `street-${i}`))}\n`)
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'streetlevel-test-'))
  const staticDir = path.join(dataDir, 'dist')
  await writeStaticFixture(staticDir)
  const config = defaultConfig({
    port: 0,
    dataDir: path.join(dataDir, 'data'),
    staticDir,
    build: false,
    quiet: true,
    // Reuse is then detected at once (GoTrue's default tolerates 10 s).
    refreshTokenReuseIntervalSeconds: 0,
    ...overrides,
  })
  const server = await startServer(config, createLogger({ quiet: true }))
  return {
    ...server,
    dataDir,
    staticDir: config.staticDir,
    stop: async () => {
      await server.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** A new, empty database on the local Postgres server, and a way to drop it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `streetlevel_server_${process.pid}_${Date.now()}`
  const admin = new pg.Client(pgConfig)
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = `postgres://${pgConfig.user}@${pgConfig.host}:${pgConfig.port}/${name}`
  return {
    url,
    drop: async () => {
      const client = new pg.Client(pgConfig)
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    },
  }
}

/** supabase-js as the app uses it, with its session in memory and no timers. */
export function supabaseFor(url: string, key: string, options: { fetch?: typeof fetch } = {}): SupabaseClient {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: options.fetch ? { fetch: options.fetch } : undefined,
    // Node 20 has no WebSocket; Realtime is never used (the embedded backend has none).
    realtime: { transport: class NoWebSocket {} as never },
  })
}

/**
 * A fetch whose connections come from `localAddress` (any 127.x.y.z works on Linux),
 * so a test can be "another client" to the per-address rate limits.
 */
export function fetchFrom(localAddress: string): typeof fetch {
  return (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const headers = new Headers(init.headers)
    // supabase-js sends JSON text; anything else would go out as "[object …]".
    if (init.body != null && typeof init.body !== 'string') throw new TypeError('fetchFrom sends text bodies only.')
    const body = init.body ?? undefined
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method: init.method ?? 'GET', localAddress, headers: Object.fromEntries(headers) },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c) => chunks.push(c))
          res.on('end', () => {
            const responseHeaders = new Headers()
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) responseHeaders.set(k, Array.isArray(v) ? v.join(', ') : v)
            const status = res.statusCode ?? 500
            resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: responseHeaders }))
          })
        },
      )
      req.on('error', reject)
      if (body !== undefined) req.write(body)
      req.end()
    })
  })
}

export interface ChildServer {
  url: string
  anonKey: string
  child: ChildProcess
  output(): string
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>
}

/** `npm start`'s process, on a free port, for tests that kill or restart it. */
export async function spawnServer(env: Record<string, string>, timeoutMs = 400_000): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/server/main.ts')], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', STREETLEVEL_SKIP_BUILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (c) => (output += c))
  child.stderr.on('data', (c) => (output += c))
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')))
  const ready = await new Promise<{ url: string; anonKey: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start in ${timeoutMs / 1000} s:\n${output}`)), timeoutMs)
    const check = () => {
      const url = /API URL: (\S+)/.exec(output)?.[1]
      const anonKey = /anon key: (\S+)/.exec(output)?.[1]
      if (url && anonKey && output.includes('Stop with Ctrl+C')) {
        clearTimeout(timer)
        resolve({ url, anonKey })
      }
    }
    child.stdout.on('data', check)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`The server exited (${code}) before it was ready:\n${output}`))
    })
  })
  return { ...ready, child, output: () => output, exited }
}

/** A bounding box around the demo town (Wenlow Bay, data/demo). */
export const demoBbox = { min_lon: -3.45, min_lat: 54.07, max_lon: -3.35, max_lat: 54.13 }
