/**
 * Signed-distance-field images for point shapes, drawn in code (no sprite sheet to
 * fetch). Encoded as MapLibre's text SDFs are: 8 px of distance per 255/8 levels,
 * the edge at 0.75, so `icon-color` fills the shape and `icon-halo-*` draws its edge.
 */
import { DIAMOND } from './layers/enterprises.ts'

export interface SdfImage {
  width: number
  height: number
  data: Uint8Array
  pixelRatio: number
}

const RADIUS = 8
const CUTOFF = 0.25

/**
 * A diamond (a square on its point) of half-diagonal `r` pixels in a `size`² image.
 *
 * @example
 * diamond(40, 14).data.length // 40 * 40 * 4
 */
export function diamond(size = 40, r = 14): SdfImage {
  if (!(size > 0 && r > 0 && r < size / 2)) throw new RangeError('diamond: need 0 < r < size / 2')
  const data = new Uint8Array(size * size * 4)
  const c = size / 2
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = Math.abs(x + 0.5 - c)
      const dy = Math.abs(y + 0.5 - c)
      const d = (dx + dy - r) / Math.SQRT2 // signed distance to the nearest edge, positive outside
      const v = Math.max(0, Math.min(255, Math.round(255 - 255 * (d / RADIUS + CUTOFF))))
      data.set([v, v, v, v], (y * size + x) * 4)
    }
  }
  return { width: size, height: size, data, pixelRatio: 2 }
}

export const images: Record<string, () => SdfImage> = {
  [DIAMOND]: () => diamond(),
}
