/**
 * gzip for text responses, as the gateway in front of PostgREST and GoTrue does on
 * hosted Supabase: a map layer of the demo town is ~170 KB of JSON and ~25 KB gzipped,
 * which matters on a phone on the street. Compression runs on libuv's thread pool
 * (zlib's async API), not on the thread that serves requests. Browsers offer only
 * gzip/deflate over plain http, so brotli would rarely be used.
 */
import type { IncomingMessage } from 'node:http'
import { promisify } from 'node:util'
import { gzip as gzipCallback, constants } from 'node:zlib'

const gzipAsync = promisify(gzipCallback)

/** Below this, gzip's header and the CPU cost outweigh what it saves. */
export const MIN_COMPRESS_BYTES = 1024

export function acceptsGzip(req: IncomingMessage | undefined): boolean {
  const header = req?.headers['accept-encoding']
  if (typeof header !== 'string') return false
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0)
  })
}

export function isCompressible(contentType: string): boolean {
  return /^(text\/|application\/(json|javascript|xml|manifest\+json|geo\+json)|image\/svg\+xml)/.test(contentType)
}

/** Level 6 (zlib's default) for responses made per request; level 9 for cached files. */
export const gzip = (body: Buffer | string, level = constants.Z_DEFAULT_COMPRESSION) => gzipAsync(body, { level })

/** Compressed static files, kept while their size and mtime stay the same (bounded in bytes). */
export class GzipCache {
  private entries = new Map<string, { key: string; data: Buffer }>()
  private bytes = 0

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  async get(file: string, version: string, read: () => Promise<Buffer>): Promise<Buffer> {
    const hit = this.entries.get(file)
    if (hit && hit.key === version) return hit.data
    const data = await gzip(await read(), constants.Z_BEST_COMPRESSION)
    if (hit) this.bytes -= hit.data.length
    this.entries.delete(file)
    this.entries.set(file, { key: version, data })
    this.bytes += data.length
    for (const [name, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(name)
      this.bytes -= entry.data.length
    }
    return data
  }
}
