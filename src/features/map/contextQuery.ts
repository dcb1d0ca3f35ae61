/**
 * Which context (public.map_context) to ask for: the view with a margin, at the whole
 * zoom. A query that still covers the view at the same zoom is kept, so panning a
 * little or zooming within one level asks nothing again.
 */
import type { BBox } from '../../data/types.ts'

export interface ContextQuery {
  bbox: BBox
  zoom: number
}

/** The function refuses boxes over 4° a side. */
const MAX_SIDE = 4

const covers = (outer: BBox, inner: BBox) => outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3]

export function contextQuery(view: BBox | null, zoom: number, previous: ContextQuery | null): ContextQuery | null {
  if (!view) return previous
  const z = Math.max(0, Math.min(22, Math.floor(zoom)))
  if (previous && previous.zoom === z && covers(previous.bbox, view)) return previous
  // Half the view's size again on every side, capped so the box stays within the limit.
  const w = Math.min(view[2] - view[0], MAX_SIDE / 2)
  const h = Math.min(view[3] - view[1], MAX_SIDE / 2)
  const cx = (view[0] + view[2]) / 2
  const cy = (view[1] + view[3]) / 2
  const round = (n: number) => Math.round(n * 1e5) / 1e5
  const bbox: BBox = [
    round(Math.max(-180, cx - w)), round(Math.max(-85, cy - h)), round(Math.min(180, cx + w)), round(Math.min(85, cy + h)),
  ]
  return { bbox, zoom: z }
}
