/**
 * What the server answers while the database is still starting (a minute on a first
 * start): 503 with Retry-After, as JSON for the API and as a page that reloads itself
 * (a meta refresh: no script, so the CSP stays strict) for people.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJson } from './http.ts'

const PAGE =
  '<!doctype html><html lang="en"><meta charset="utf-8"><meta http-equiv="refresh" content="3">' +
  '<title>Street Level is starting</title>' +
  '<p>Street Level is starting (the first start takes a minute or two); this page reloads by itself.</p></html>'

export async function respondStarting(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  res.setHeader('Retry-After', '5')
  res.setHeader('Cache-Control', 'no-store')
  if (/^\/(rest|auth)\/|\.json(\?|$)/.test(req.url ?? '')) {
    await sendJson(res, 503, { code: 'PGRST002', message: 'Street Level is starting; try again in a few seconds.', details: null, hint: null })
    return
  }
  res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(PAGE) })
  res.end(req.method === 'HEAD' ? undefined : PAGE)
}
