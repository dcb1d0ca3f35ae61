/**
 * The built app from dist/: files with their content types (text gzipped once and kept
 * in memory), hashed assets cached for a year, everything else revalidated by ETag,
 * and the SPA fallback (a path without a
 * file extension gets index.html, so deep links work). With no build yet, a plain
 * placeholder page says so.
 */
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { acceptsGzip, GzipCache, isCompressible, MIN_COMPRESS_BYTES } from './compress.ts'
import { addVary, type RequestContext } from './http.ts'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pbf': 'application/x-protobuf',
  '.wasm': 'application/wasm',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
}

export const contentType = (file: string) => TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'

function placeholderPage(apiUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Street Level — the app is not built yet</title></head>
<body>
<main>
<h1>Street Level</h1>
<p>The API is running at <code>${apiUrl}</code>, but the app has not been built yet, so there is no map to show.</p>
<p>Build it with <code>npm run build</code> and reload this page (or restart with <code>npm start</code>, which builds it when it can).</p>
</main>
</body>
</html>
`
}

async function fileAt(file: string) {
  try {
    const info = await stat(file)
    return info.isFile() ? info : null
  } catch {
    return null
  }
}

export function createStaticHandler(staticDir: string) {
  const root = path.resolve(staticDir)

  const gzipped = new GzipCache()

  async function send(ctx: RequestContext, file: string, info: { size: number; mtimeMs: number }, cache: string) {
    const type = contentType(file)
    const version = `${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}`
    const compressible = isCompressible(type) && info.size >= MIN_COMPRESS_BYTES
    const compress = compressible && acceptsGzip(ctx.req)
    // The gzip variant has its own ETag, so a cache never mixes the two up.
    const etag = `W/"${version}${compress ? '-gz' : ''}"`
    if (compressible) addVary(ctx.res, 'Accept-Encoding')
    const headers = { 'Content-Type': type, 'Cache-Control': cache, ETag: etag }
    if (ctx.req.headers['if-none-match'] === etag) {
      ctx.res.writeHead(304, headers).end()
      return
    }
    if (compress) {
      const body = await gzipped.get(file, version, () => readFile(file))
      ctx.res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length })
      ctx.res.end(ctx.req.method === 'HEAD' ? undefined : body)
      return
    }
    ctx.res.writeHead(200, { ...headers, 'Content-Length': info.size })
    if (ctx.req.method === 'HEAD') {
      ctx.res.end()
      return
    }
    await new Promise<void>((resolve) => {
      const stream = createReadStream(file)
      stream.on('error', () => {
        ctx.res.destroy()
        resolve()
      })
      stream.on('end', resolve)
      stream.pipe(ctx.res)
    })
  }

  const plain = (ctx: RequestContext, status: number, message: string, headers: Record<string, string> = {}) => {
    ctx.res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(ctx.req.method === 'HEAD' ? undefined : message)
  }

  return async function handleStatic(ctx: RequestContext): Promise<void> {
    if (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD') return plain(ctx, 405, 'Method not allowed', { Allow: 'GET, HEAD' })
    let relative: string
    try {
      relative = decodeURIComponent(ctx.url.pathname)
    } catch {
      return plain(ctx, 400, 'Bad path')
    }
    if (relative.includes('\0')) return plain(ctx, 400, 'Bad path')
    const file = path.resolve(root, '.' + path.posix.normalize('/' + relative))
    if (file !== root && !file.startsWith(root + path.sep)) return plain(ctx, 404, 'Not found')

    const direct = (await fileAt(file)) ? file : (await fileAt(path.join(file, 'index.html'))) ? path.join(file, 'index.html') : null
    if (direct) {
      // Everything outside assets/ (index.html, sw.js, manifest.webmanifest) revalidates on every
      // load: a long-cached sw.js would hide new versions; the worker precaches by revision anyway.
      const cache = relative.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'
      return send(ctx, direct, (await fileAt(direct))!, cache)
    }
    // A path with a file extension that is not there is a real 404, not an app route.
    if (path.extname(relative) && path.extname(relative) !== '.html') return plain(ctx, 404, 'Not found')
    const index = path.join(root, 'index.html')
    const info = await fileAt(index)
    if (info) return send(ctx, index, info, 'no-cache')
    const page = placeholderPage(ctx.origin)
    ctx.res
      .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(page) })
      .end(ctx.req.method === 'HEAD' ? undefined : page)
  }
}
