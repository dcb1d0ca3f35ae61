/**
 * Turning gap cells into the rows the SQL returns. Shared by streetGaps and whatIf.
 */
import type { CategoryGap, StreetGap } from '../gapTypes.ts'
import type { GapCell, ModelStreet } from '../buildGapModel.ts'

/** Code-point order with nulls last, as `order by … asc` puts them. */
export function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a < b ? -1 : 1
}

/** A street's row: per-category scores (largest gap first) and their sums. */
export function streetRow(street: ModelStreet, byCat: ReadonlyMap<string, GapCell>): StreetGap {
  const byCategory: CategoryGap[] = []
  let demand = 0
  let supply = 0
  let gap = 0
  for (const [category, cell] of byCat) {
    const g = cell.demand / (1 + cell.supply)
    byCategory.push({ category, demand: cell.demand, supply: cell.supply, gap: g })
    demand += cell.demand
    supply += cell.supply
    gap += g
  }
  byCategory.sort((a, b) => b.gap - a.gap || compareText(a.category, b.category))
  return {
    street_id: street.id,
    street_name: street.name,
    neighbourhood_id: street.neighbourhoodId,
    demand,
    supply,
    gap,
    by_category: byCategory,
  }
}

/** public.street_gaps' order: largest gap first, then by name, then by id. */
export function compareStreetRows(a: StreetGap, b: StreetGap): number {
  return b.gap - a.gap || compareText(a.street_name, b.street_name) || compareText(a.street_id, b.street_id)
}
