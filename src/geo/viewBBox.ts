import type { BBox } from '../data/types.ts'
import { latOfMercatorY, lonOfMercatorX, mercatorX, mercatorY } from './mercator.ts'

const TILE = 512 // MapLibre's tile size: at zoom z the world is 512·2^z pixels wide

/**
 * The box a Web Mercator map of `width`×`height` CSS pixels shows around a centre at a
 * zoom (north up). Lets data start loading before the map library has even arrived.
 *
 * @example
 * viewBBox(-3.4, 54.1, 15, 1280, 800) // ≈ [-3.4137, 54.0947, -3.3863, 54.1053]
 */
export function viewBBox(lon: number, lat: number, zoom: number, width: number, height: number): BBox {
  if (![lon, lat, zoom, width, height].every(Number.isFinite) || width <= 0 || height <= 0) {
    throw new RangeError('viewBBox: centre, zoom and a positive size are required')
  }
  const world = TILE * 2 ** zoom
  const x = mercatorX(lon) * world
  const y = mercatorY(lat) * world
  const toLon = (px: number) => lonOfMercatorX(px / world)
  const toLat = (py: number) => latOfMercatorY(py / world)
  return [toLon(x - width / 2), toLat(y + height / 2), toLon(x + width / 2), toLat(y - height / 2)]
}
