/**
 * The map's view before it is laid out, from styles.css: the window less the header and
 * what the side panel takes beside the map (none on phones, where it is a sheet over it).
 * Never larger than the map, so what is fetched for this box is all drawn (the map asks
 * for the rest once it is made).
 */
import type { BBox } from '../data/types.ts'
import { viewBBox } from '../geo/viewBBox.ts'
import type { Camera } from './urlState.ts'

export function guessView(camera: Camera): BBox {
  const css = getComputedStyle(document.documentElement)
  const px = (name: string) => parseFloat(css.getPropertyValue(name)) || 0
  const width = Math.max(1, (window.innerWidth || 1024) - px('--panel-beside-map'))
  const height = Math.max(1, (window.innerHeight || 768) - px('--header-height'))
  return viewBBox(camera.lon, camera.lat, camera.zoom, width, height)
}

/** The link names a place on the map (?map=…); without it the map opens on the data's extent. */
export const cameraInLink = (search: string) => new URLSearchParams(search).has('map')
