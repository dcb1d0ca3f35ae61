/**
 * What the first screen waits on, asked for as soon as the page's code starts, before the
 * rest of the app is evaluated (about 90 ms here, more on a phone): the taxonomy (the map is
 * made once it has come) and, for a link to a place on the map, that view's tiles.
 * Imported first by main.tsx, so it runs first.
 */
import { listCategories } from './data/categories.ts'
import type { Category } from './data/types.ts'
import { parseBriefsRoute } from './features/briefs/route.ts'
import { fetchFirstTiles } from './map/firstTiles.ts'
import { cameraInLink, guessView } from './state/mapArea.ts'
import { parseUrlState } from './state/urlState.ts'

let early: Promise<Category[]> | null = listCategories()
// A failure is reported by whoever takes it (the app shell), not as an unhandled rejection.
early.catch(() => {})

/** The taxonomy: the answer asked for at start the first time, a new ask after (a retry). */
export function takeCategories(): Promise<Category[]> {
  const answer = early ?? listCategories()
  early = null
  return answer
}

if (!parseBriefsRoute(location.hash) && cameraInLink(location.search)) {
  const { camera, topics } = parseUrlState(location.search)
  fetchFirstTiles(camera, guessView(camera), topics)
}
