import { describe, expect, it } from 'vitest'
import { TILE_MAX_ZOOM, tileAt, tilesCovering } from '../../src/data/tiles.ts'

// A tile's north-west corner (the slippy-map formulas, inverted), to build boxes around tile edges.
const lonOf = (x: number, z: number) => (x / 2 ** z) * 360 - 180
const latOf = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI

describe('tilesCovering', () => {
  const z = 14
  const [x, y] = [8037, 5200]
  const eps = 1e-6

  it('gives the one tile a box inside it is drawn from', () => {
    const box: [number, number, number, number] = [lonOf(x, z) + eps, latOf(y + 1, z) + eps, lonOf(x + 1, z) - eps, latOf(y, z) - eps]
    expect(tilesCovering(box, 14.2)).toEqual([{ z, x, y }])
  })

  it('gives the four tiles around a corner, west to east and north to south', () => {
    const [lon, lat] = [lonOf(x + 1, z), latOf(y + 1, z)]
    expect(tilesCovering([lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001], 14)).toEqual([
      { z, x, y }, { z, x, y: y + 1 }, { z, x: x + 1, y }, { z, x: x + 1, y: y + 1 },
    ])
  })

  it('uses the floor of the zoom, and the deepest tiles beyond them (over-zoomed)', () => {
    const box: [number, number, number, number] = [lonOf(x, z) + eps, latOf(y + 1, z) + eps, lonOf(x + 1, z) - eps, latOf(y, z) - eps]
    expect(tilesCovering(box, 13.9).map((t) => t.z)).toEqual([13])
    expect(tilesCovering(box, 17.5)).toEqual([{ z: TILE_MAX_ZOOM, x, y }])
  })

  it('stays inside the world at its edges', () => {
    const all = tilesCovering([-200, -89, 200, 89], 1)
    expect(all).toHaveLength(4)
    expect(all.every((t) => t.x >= 0 && t.x <= 1 && t.y >= 0 && t.y <= 1)).toBe(true)
  })
})

describe('tileAt', () => {
  it('fills a URL template with a tile address', () => {
    expect(tileAt('sltile://h/rpc/map_tile?layer=a&z={z}&x={x}&y={y}', { z: 14, x: 8037, y: 5200 }))
      .toBe('sltile://h/rpc/map_tile?layer=a&z=14&x=8037&y=5200')
  })
})
