import { buildGapModel, isGapModel, type GapModel } from './buildGapModel.ts'
import type { GapInput, StreetGap } from './gapTypes.ts'
import { compareStreetRows, streetRow } from './lib/scores.ts'

export interface StreetGapOptions {
  /** Only streets of this neighbourhood (as public.street_gaps' `neighbourhood`). */
  neighbourhood?: string | null
  /** At most this many rows (public.street_gaps caps at 500 by default; here: all). */
  maxResults?: number
}

/**
 * Streets ranked by gap, largest first, with their per-category breakdown: the browser's
 * twin of `public.street_gaps(radius_m, categories, neighbourhood, max_results)`, which
 * stays the source of truth. Only streets with unmet demand are listed. Pass the map
 * layers (validated here) or a model from buildGapModel to reuse its work.
 *
 * Ties in gap are ordered by name in code-point order; the database orders names by
 * its collation, so rows with equal gaps may come in another order there.
 *
 * @example
 * streetGaps({ streets, needs, assets, enterprises, radiusM: 400, categories: ['food'] })
 * // → [{ street_id: '…', street_name: 'Heron Close', demand: 12, supply: 0, gap: 12,
 * //      by_category: [{ category: 'food', demand: 12, supply: 0, gap: 12 }], … }, …]
 */
export function streetGaps(input: GapInput | GapModel, options: StreetGapOptions = {}): StreetGap[] {
  const model = isGapModel(input) ? input : buildGapModel(input)
  const max = options.maxResults ?? Infinity
  if (!(typeof max === 'number' && max >= 1)) {
    throw new RangeError('streetGaps: maxResults must be a number of at least 1.')
  }
  const only = options.neighbourhood ?? null
  const rows: StreetGap[] = []
  for (const [s, byCat] of model.cells) {
    const street = model.streets[s]
    if (only !== null && street.neighbourhoodId !== only) continue
    rows.push(streetRow(street, byCat))
  }
  rows.sort(compareStreetRows)
  return rows.length > max ? rows.slice(0, Math.floor(max)) : rows
}
