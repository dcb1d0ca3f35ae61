import { buildGapModel, isGapModel, type GapModel } from './buildGapModel.ts'
import type { GapInput, GapNeighbourhoodProps, NeighbourhoodGap } from './gapTypes.ts'
import { neighbourhoodRow } from './lib/neighbourhoodRow.ts'
import { compareText } from './lib/scores.ts'

/** Neighbourhoods as map_neighbourhoods returns them, or just their properties. */
export type NeighbourhoodList =
  | { features: { properties: GapNeighbourhoodProps }[] }
  | ({ properties: GapNeighbourhoodProps } | GapNeighbourhoodProps)[]

/**
 * Per neighbourhood: open needs, demand, covered needs and coverage (the share of open
 * needs with a provider of their category within R of the need's public point), the sum
 * of its streets' gaps, and the top three categories by uncovered demand — the spatial
 * columns of `public.neighbourhood_gaps(radius_m, categories)`. The outcome columns
 * (needs raised and met, days to met) come from the need history, which the map layers
 * do not carry; ask the database for those.
 *
 * A need belongs to the neighbourhood of its street (as the database snaps it) unless it
 * carries its own neighbourhood_id. With a neighbourhood list, exactly those rows are
 * returned, with codes and names; without, one row per neighbourhood id seen.
 * Order: largest gap first, then by name, then by id.
 *
 * @example
 * neighbourhoodGaps({ streets, needs, assets, enterprises }, neighbourhoods)
 * // → [{ neighbourhood_id: '…', name: 'Grange Estate', open_needs: 87, demand: 252,
 * //      covered_needs: 1, coverage: 0.0115, gap: 251,
 * //      top_unmet: [{ category: 'food', demand: 102 }, …] }, …]
 */
export function neighbourhoodGaps(input: GapInput | GapModel, neighbourhoods?: NeighbourhoodList): NeighbourhoodGap[] {
  const model = isGapModel(input) ? input : buildGapModel(input)
  let rows: NeighbourhoodGap[]
  if (neighbourhoods === undefined) {
    rows = [...model.neighbourhoods].map(([id, s]) => neighbourhoodRow(id, null, null, s))
  } else {
    const list = Array.isArray(neighbourhoods) ? neighbourhoods : neighbourhoods?.features
    if (!Array.isArray(list)) {
      throw new TypeError('neighbourhoodGaps: neighbourhoods must be a FeatureCollection or an array.')
    }
    rows = list.map((item, i) => {
      const p = 'properties' in item ? item.properties : item
      if (!p || typeof p.id !== 'string' || p.id.length === 0) {
        throw new TypeError(`neighbourhoodGaps: neighbourhood ${i} has no id.`)
      }
      return neighbourhoodRow(p.id, p.code ?? null, p.name ?? null, model.neighbourhoods.get(p.id))
    })
  }
  return rows.sort(
    (a, b) => b.gap - a.gap || compareText(a.name, b.name) || compareText(a.neighbourhood_id, b.neighbourhood_id),
  )
}
