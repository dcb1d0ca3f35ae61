/**
 * How much of the map the panels over it cover, as fitBounds padding, so that a point
 * the app moves to (a new pin, a chosen street, the projects found) lands in the part
 * of the map a person can see: above a phone's bottom sheet, left of the details card.
 * Measured from the layout, so it follows the CSS (sheet height, card width) as it is.
 */
export interface Padding { top: number; right: number; bottom: number; left: number }

/** Panels that float over the map area. */
const OVERLAYS = ['.panel', '.details', '.pin-sheet', '.planner-panel']
const MARGIN = 48

export function clearOfPanels(mapArea: Element | null, doc: Document = document): Padding {
  const pad: Padding = { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN }
  if (!mapArea) return pad
  const map = mapArea.getBoundingClientRect()
  for (const selector of OVERLAYS) {
    for (const el of doc.querySelectorAll(selector)) {
      const r = el.getBoundingClientRect()
      const overlapX = Math.min(r.right, map.right) - Math.max(r.left, map.left)
      const overlapY = Math.min(r.bottom, map.bottom) - Math.max(r.top, map.top)
      if (r.width === 0 || r.height === 0 || overlapX <= 0 || overlapY <= 0) continue
      // A sheet across the bottom covers from its top edge down; a card on the right, from its left edge.
      if (overlapX >= map.width * 0.8) pad.bottom = Math.max(pad.bottom, map.bottom - r.top + MARGIN / 2)
      else if (r.left > map.left + map.width / 3) pad.right = Math.max(pad.right, map.right - r.left + MARGIN / 2)
      else pad.left = Math.max(pad.left, r.right - map.left + MARGIN / 2)
    }
  }
  // Never pad away the whole map: keep a strip of at least 96 px where the point can show.
  const cap = (n: number, size: number) => Math.max(MARGIN, Math.min(n, size - MARGIN - 96))
  return { top: pad.top, right: cap(pad.right, map.width), bottom: cap(pad.bottom, map.height), left: cap(pad.left, map.width) }
}
