/**
 * Which API answers the service worker may keep for offline use, decided by the request
 * alone so that it holds for whatever the app reads (GeoJSON today, tiles tomorrow):
 * a call of a database function (`/rest/v1/rpc/<fn>`, GET or POST) made with the
 * anonymous key only. Such a call runs as the `anon` role, so its answer is what any
 * visitor may see. A call carrying a person's token may answer with private data
 * (their needs, their exact points), and auth is never an RPC: neither is ever kept.
 * The server can still opt out of any answer with `Cache-Control: no-store` or `private`.
 */

/** True for a request whose answer is public and may be cached. */
export function isPublicRead(method: string, url: URL, headers: Headers): boolean {
  if (method !== 'GET' && method !== 'POST') return false
  if (!/\/rest\/v1\/rpc\/[A-Za-z0-9_]+$/.test(url.pathname)) return false
  const apikey = headers.get('apikey')
  const authorization = headers.get('authorization')
  if (!apikey) return false
  return authorization === null || authorization === `Bearer ${apikey}`
}

/** True unless the server said the answer must not be stored. */
export function mayStore(response: Response): boolean {
  if (!response.ok) return false
  const cacheControl = (response.headers.get('cache-control') ?? '').toLowerCase()
  return !/\b(no-store|private)\b/.test(cacheControl)
}

/**
 * The Cache API keys on GET requests only; a POST read is kept under a GET key made of
 * its URL and a digest of its body, so two different bounding boxes are two entries.
 */
export async function cacheKeyFor(request: Request): Promise<Request> {
  if (request.method === 'GET') return new Request(request.url)
  const body = await request.clone().arrayBuffer()
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body))
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
  const url = new URL(request.url)
  url.searchParams.set('__post_body_sha256', hex)
  return new Request(url.href)
}
