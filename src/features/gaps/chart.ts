/**
 * Scales for the small inline charts (no chart library): a linear scale, a "nice"
 * maximum so axes end on round numbers, and the bar geometry of a month chart.
 */
import type { OutcomeMonth } from '../../data/gaps.ts'

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps everything to r0. */
export function linearScale(domain: [number, number], range: [number, number]) {
  const [d0, d1] = domain
  const [r0, r1] = range
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0)
  return (v: number) => r0 + (v - d0) * k
}

/** The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `max` (at least 1). */
export function niceMax(max: number): number {
  if (!(max > 1)) return 1
  const p = 10 ** Math.floor(Math.log10(max))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p
  return 10 * p
}

export type Series = 'raised' | 'adopted' | 'met'
export const SERIES: readonly Series[] = ['raised', 'adopted', 'met']

export interface Bar {
  month: string
  series: Series
  x: number
  y: number
  width: number
  height: number
  value: number
}

/** Grouped bars: one group per month, one bar per series, heights on a shared nice scale. */
export function monthBars(months: readonly OutcomeMonth[], size: { width: number; height: number }, series: readonly Series[] = SERIES) {
  const top = niceMax(Math.max(0, ...months.flatMap((m) => series.map((s) => m[s]))))
  const y = linearScale([0, top], [size.height, 0])
  const group = months.length > 0 ? size.width / months.length : size.width
  const barWidth = Math.max(1, (group * 0.8) / series.length)
  const bars: Bar[] = []
  months.forEach((m, i) => {
    series.forEach((s, j) => {
      const v = m[s]
      bars.push({ month: m.month, series: s, x: i * group + group * 0.1 + j * barWidth, y: y(v), width: barWidth, height: size.height - y(v), value: v })
    })
  })
  return { bars, top, group }
}
