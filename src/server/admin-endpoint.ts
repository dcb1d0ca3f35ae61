/**
 * Lets `npm run admin` work while the server runs. PGlite allows one process per data
 * folder, so the running server does the work: it writes where it listens to
 * `<data folder>/server.json`, and answers POST /_admin only from loopback, only with the
 * service_role key (which only the data folder's owner can derive), and only for the
 * commands that change accounts. The local mailbox page /_mail is loopback-only too.
 */
import { existsSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { RequestContext } from './http.ts'
import { readBody, sendJson } from './http.ts'
import { parseBoundedJson } from './input-bounds.ts'
import { verifyJwt } from './jwt.ts'
import { readMailbox } from './mail/mailbox.ts'

export interface ServerInfo {
  pid: number
  port: number
}

const infoFile = (dataDir: string) => path.join(dataDir, 'server.json')

export async function writeServerInfo(dataDir: string, port: number): Promise<() => Promise<void>> {
  await writeFile(infoFile(dataDir), JSON.stringify({ pid: process.pid, port } satisfies ServerInfo) + '\n', { mode: 0o600 })
  return async () => {
    await rm(infoFile(dataDir), { force: true })
  }
}

export async function readServerInfo(dataDir: string): Promise<ServerInfo | null> {
  if (!existsSync(infoFile(dataDir))) return null
  try {
    const info = JSON.parse(await readFile(infoFile(dataDir), 'utf8')) as ServerInfo
    return Number.isInteger(info.port) && Number.isInteger(info.pid) ? info : null
  } catch {
    return null
  }
}

/** A request from this machine itself, not relayed by a proxy on it. */
export function fromLoopback(ctx: RequestContext): boolean {
  const peer = ctx.req.socket.remoteAddress ?? ''
  const loopback = peer === '127.0.0.1' || peer === '::1' || peer === '::ffff:127.0.0.1'
  return loopback && ctx.req.headers['x-forwarded-for'] === undefined && ctx.req.headers.forwarded === undefined
}

export type AdminExecutor = (command: string, values: Record<string, unknown>) => Promise<string>

export function createAdminEndpoint(jwtSecret: string, execute: AdminExecutor) {
  return async function handleAdmin(ctx: RequestContext): Promise<void> {
    if (!fromLoopback(ctx) || ctx.req.method !== 'POST') return sendJson(ctx.res, 404, { message: 'Not found' })
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '')
    let role: unknown
    try {
      role = match ? verifyJwt(match[1], jwtSecret).role : undefined
    } catch {
      role = undefined
    }
    if (role !== 'service_role') return sendJson(ctx.res, 401, { message: 'The admin endpoint takes the service_role key.' })
    let request: { command?: unknown; values?: unknown }
    try {
      request = parseBoundedJson((await readBody(ctx.req, 16 * 1024)).toString('utf8')) as typeof request
    } catch {
      return sendJson(ctx.res, 400, { message: 'Send {"command", "values"} as JSON.' })
    }
    if (typeof request?.command !== 'string' || typeof request.values !== 'object' || request.values === null) {
      return sendJson(ctx.res, 400, { message: 'Send {"command", "values"} as JSON.' })
    }
    try {
      return sendJson(ctx.res, 200, { output: await execute(request.command, request.values as Record<string, unknown>) })
    } catch (error) {
      return sendJson(ctx.res, 400, { message: error instanceof Error ? error.message : String(error) })
    }
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** GET /_mail: the local mailbox as a page, newest first (like Inbucket/Mailpit). */
export function createMailPage(dataDir: string) {
  return async function handleMailPage(ctx: RequestContext): Promise<void> {
    if (!fromLoopback(ctx) || (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD')) {
      return sendJson(ctx.res, 404, { message: 'Not found' })
    }
    const to = ctx.url.searchParams.get('to') ?? undefined
    const mails = await readMailbox(dataDir, { to, limit: 200 })
    if (ctx.url.searchParams.get('format') === 'json') return sendJson(ctx.res, 200, mails, { 'Cache-Control': 'no-store' })
    const items = mails
      .map(
        (m) =>
          `<article><h2>${escapeHtml(m.subject)}</h2><p class="meta">To ${escapeHtml(m.to)} · ${escapeHtml(m.sentAt)}</p>` +
          (m.link ? `<p><a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a></p>` : '') +
          `<pre>${escapeHtml(m.text)}</pre></article>`,
      )
      .join('\n')
    const page =
      '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<title>Street Level mailbox</title>' +
      '<body><h1>Mail sent by this Street Level server</h1>' +
      `<p>Kept in the data folder because no SMTP_URL is set; only this machine can see this page. ${mails.length} mail${mails.length === 1 ? '' : 's'}.</p>` +
      (items || '<p>No mail yet.</p>') +
      '</body></html>'
    ctx.res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(page) })
    ctx.res.end(ctx.req.method === 'HEAD' ? undefined : page)
  }
}
