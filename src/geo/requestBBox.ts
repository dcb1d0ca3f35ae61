import type { BBox } from '../data/types.ts'

/** The map API refuses boxes wider or taller than this (see private.bbox in the migrations). */
export const MAX_SPAN_DEG = 0.5

/**
 * The box to ask the server for, given the box in view: padded by `pad` of its size on
 * every side (so small pans need no new request), snapped outwards to a grid (so the
 * same area gives the same key), and cut to at most MAX_SPAN_DEG around its centre.
 *
 * @example
 * requestBBox([-3.41, 54.09, -3.39, 54.11]) // → a slightly larger, grid-aligned box
 */
export function requestBBox(view: BBox, pad = 0.5): BBox {
  const [w, s, e, n] = view
  if (![w, s, e, n].every(Number.isFinite) || w >= e || s >= n) {
    throw new RangeError('requestBBox: the box must be finite with west < east and south < north')
  }
  const dx = (e - w) * pad
  const dy = (n - s) * pad
  // A grid step about a quarter of the view, as a power of two of degrees, so keys repeat.
  const step = 2 ** Math.floor(Math.log2(Math.max(e - w, n - s) / 4))
  let box: BBox = [
    Math.floor((w - dx) / step) * step,
    Math.floor((s - dy) / step) * step,
    Math.ceil((e + dx) / step) * step,
    Math.ceil((n + dy) / step) * step,
  ]
  const cx = (w + e) / 2
  const cy = (s + n) / 2
  const half = MAX_SPAN_DEG / 2 - 1e-9
  if (box[2] - box[0] > MAX_SPAN_DEG) box = [cx - half, box[1], cx + half, box[3]]
  if (box[3] - box[1] > MAX_SPAN_DEG) box = [box[0], cy - half, box[2], cy + half]
  return [
    Math.max(-180, box[0]), Math.max(-90, box[1]), Math.min(180, box[2]), Math.min(90, box[3]),
  ].map((v) => Number(v.toFixed(6))) as BBox
}

/** Whether one box lies wholly inside another. */
export function containsBBox(outer: BBox, inner: BBox): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3]
}
