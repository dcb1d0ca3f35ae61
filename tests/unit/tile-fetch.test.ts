// @vitest-environment jsdom
/**
 * The page's tile fetching (src/map/tileFetch.ts) against a real HTTP server that counts
 * what it is asked: a view fetched ahead is fetched once and MapLibre's asks take it;
 * asks of one tile share a fetch; a tile that fails answers empty and is missing.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tilesCovering, tileAt, viaTileProtocol } from '../../src/data/tiles.ts'
import { askTile, fetchViewAhead, tilesArrived, tilesMissing } from '../../src/map/tileFetch.ts'

let server: Server
let base = ''
const asked: string[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    asked.push(req.url!)
    // A tile's bytes are its address, so a test can tell which tile it was given.
    if (req.url!.includes('fail')) res.writeHead(500).end()
    else setTimeout(() => res.writeHead(200).end(req.url), 20)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const text = (bytes: ArrayBuffer) => new TextDecoder().decode(bytes)
const never = () => new AbortController().signal

describe('tile fetching on the page', () => {
  it('fetches a view ahead once; the map\'s asks take those bytes', async () => {
    const template = viaTileProtocol(`${base}/ahead?z={z}&x={x}&y={y}`)
    const view: [number, number, number, number] = [-3.41, 54.09, -3.39, 54.11]
    const tiles = tilesCovering(view, 15).map((tile) => tileAt(template, tile))
    expect(tiles).toHaveLength(4)
    fetchViewAhead(view, 15, template, {})
    fetchViewAhead(view, 15, template, {})
    const answers = await Promise.all(tiles.flatMap((url) => [askTile(url, {}, never()), askTile(url, {}, never())]))
    expect(asked.filter((u) => u.startsWith('/ahead'))).toHaveLength(4)
    expect(answers.map(text)).toEqual(tiles.flatMap((url) => [url, url].map((u) => u.replace(viaTileProtocol(base), ''))))
    expect(tilesArrived(template)).toBe(4)
  })

  it('leaves a view of more than 16 tiles to the map', () => {
    const before = asked.length
    fetchViewAhead([-3.6, 54.0, -3.2, 54.2], 14, viaTileProtocol(`${base}/wide?z={z}&x={x}&y={y}`), {})
    expect(asked.length).toBe(before)
  })

  it('shares one fetch between asks of a tile on its way', async () => {
    const url = viaTileProtocol(`${base}/shared?z=14&x=1&y=2`)
    const [a, b] = await Promise.all([askTile(url, {}, never()), askTile(url, {}, never())])
    expect(text(a)).toBe('/shared?z=14&x=1&y=2')
    expect(text(b)).toBe(text(a))
    expect(asked.filter((u) => u.startsWith('/shared'))).toHaveLength(1)
  })

  it('answers a tile that failed, never fetched before, empty, and counts it missing', async () => {
    expect(tilesMissing()).toBe(false)
    const bytes = await askTile(viaTileProtocol(`${base}/fail?z=14&x=1&y=2`), {}, never())
    expect(bytes.byteLength).toBe(0)
    expect(tilesMissing()).toBe(true)
  })
})
