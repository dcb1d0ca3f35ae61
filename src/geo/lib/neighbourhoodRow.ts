/** A neighbourhood's row from its stats. Shared by neighbourhoodGaps and whatIf. */
import type { NeighbourhoodStats } from '../buildGapModel.ts'
import type { NeighbourhoodGap } from '../gapTypes.ts'
import { compareText } from './scores.ts'

/** The three categories with the most uncovered demand (ties by category). */
export function topUnmet(unmet: ReadonlyMap<string, number>): { category: string; demand: number }[] {
  return [...unmet]
    .map(([category, demand]) => ({ category, demand }))
    .sort((a, b) => b.demand - a.demand || compareText(a.category, b.category))
    .slice(0, 3)
}

export function neighbourhoodRow(
  id: string,
  code: string | null,
  name: string | null,
  s: NeighbourhoodStats | undefined,
): NeighbourhoodGap {
  const open = s?.openNeeds ?? 0
  return {
    neighbourhood_id: id,
    code,
    name,
    open_needs: open,
    demand: s?.demand ?? 0,
    covered_needs: s?.coveredNeeds ?? 0,
    coverage: open > 0 ? (s?.coveredNeeds ?? 0) / open : null,
    gap: s?.gap ?? 0,
    top_unmet: s ? topUnmet(s.unmet) : [],
  }
}
