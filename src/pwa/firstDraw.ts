/**
 * When the first view is drawn: the moment MapScreen marks its first pins
 * (performance mark streetlevel:pins-drawn), or after `fallbackMs` if nothing ever is
 * (no data yet, the briefs pages, a map that cannot start). The service worker is
 * registered then: its first install downloads the whole precache (about 2 MB) and
 * its takeover makes the page ask again, which would otherwise compete with the first view.
 */
export const PINS_DRAWN = 'streetlevel:pins-drawn'

export function firstDraw(fallbackMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (typeof performance === 'undefined' || performance.getEntriesByName(PINS_DRAWN).length > 0) return resolve()
    const observer = typeof PerformanceObserver === 'undefined' ? undefined : new PerformanceObserver((list) => {
      if (list.getEntriesByName(PINS_DRAWN).length > 0) done()
    })
    const timer = setTimeout(() => done(), fallbackMs)
    const done = () => {
      observer?.disconnect()
      clearTimeout(timer)
      resolve()
    }
    observer?.observe({ type: 'mark' })
  })
}
