/**
 * The planner view's pure logic: the server's ranked rows with a hypothetical provider
 * applied, what the gap layer and the choropleth colour, and neighbourhood coverage after a
 * what-if. The SQL (street_gaps, neighbourhood_gaps) stays the source of truth: a what-if
 * only adds one provider to the server's own supply figures, on the streets and needs
 * that src/geo's whatIf finds within reach.
 */
import type { LineString } from 'geojson'
import type { CategoryGapRow, NeighbourhoodGapRow, RankedStreetRow } from '../../data/gaps.ts'
import type { WhatIfResult } from '../../geo/whatIf.ts'
import type { GapSegment } from '../../map/layers/streetGaps.ts'

export const RADII = [200, 400, 800] as const
export type Shade = 'coverage' | 'demand'

/** A table row (a street as people know it): the server's, or after the hypothetical provider (with the gap before). */
export interface TableRow extends RankedStreetRow {
  /** The gap before the hypothetical provider, when it changes this street. */
  gap_before: number | null
}

// The server's order: gap, then label, settlement and id (ranked_streets), so ties never move.
const byGap = (a: RankedStreetRow, b: RankedStreetRow) =>
  b.gap - a.gap || cmp(a.label, b.label) || cmp(a.settlement ?? '\uffff', b.settlement ?? '\uffff') || cmp(a.street_id, b.street_id)
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Rows with one more provider of `categories` counted in the supply of each street with
 * a segment in `affected` (segments within R of it: a street's supply counts each
 * provider once), gaps recomputed as demand / (1 + supply) and the rows re-ranked.
 * Without a what-if, the server's rows as they are.
 */
export function applyWhatIf(rows: readonly RankedStreetRow[], affected: ReadonlySet<string> | null, categories: readonly string[]): TableRow[] {
  if (!affected || affected.size === 0) return rows.map((r) => ({ ...r, gap_before: null }))
  const provided = new Set(categories)
  const out = rows.map((r): TableRow => {
    const reached = r.segment_ids.some((id) => affected.has(id))
    if (!reached || !r.by_category.some((c) => provided.has(c.category))) return { ...r, gap_before: null }
    const by_category: CategoryGapRow[] = r.by_category
      .map((c) => (provided.has(c.category) ? { ...c, supply: c.supply + 1, gap: c.demand / (2 + c.supply) } : c))
      .sort((a, b) => b.gap - a.gap || a.category.localeCompare(b.category))
    const sum = (k: 'demand' | 'supply' | 'gap') => by_category.reduce((s, c) => s + c[k], 0)
    return { ...r, by_category, supply: sum('supply'), gap: sum('gap'), gap_before: r.gap }
  })
  return out.sort(byGap)
}

/** The gap layer's segments: every segment of each row, with the street's gap and whether a what-if changed it. */
export function gapSegments(rows: readonly TableRow[]): GapSegment[] {
  return rows.flatMap((r) => r.segment_ids.map((id) => ({ id, gap: r.gap, changed: r.gap_before !== null })))
}

/** The row of the street a segment (or the street itself) belongs to. */
export const rowOf = (rows: readonly TableRow[], id: string | null) =>
  id ? rows.find((r) => r.street_id === id || r.segment_ids.includes(id)) : undefined

/** A neighbourhood row with coverage after a what-if (covered_needs grows by the newly covered needs). */
export function neighbourhoodsAfter(rows: readonly NeighbourhoodGapRow[], result: WhatIfResult | null): NeighbourhoodGapRow[] {
  if (!result) return [...rows]
  const delta = new Map<string, { covered: number; gap: number }>()
  for (const n of result.neighbourhoods) {
    delta.set(n.after.neighbourhood_id, {
      covered: n.after.covered_needs - n.before.covered_needs,
      gap: n.after.gap - n.before.gap,
    })
  }
  return rows.map((r) => {
    const d = delta.get(r.neighbourhood_id)
    if (!d) return r
    const covered = Math.min(r.open_needs, r.covered_needs + d.covered)
    return { ...r, covered_needs: covered, coverage: r.open_needs > 0 ? covered / r.open_needs : null, gap: Math.max(0, r.gap + d.gap) }
  })
}

/** The choropleth's shades: neighbourhood id → 0–1 (coverage, or demand over the largest demand); none without open needs. */
export function choroplethShades(rows: readonly NeighbourhoodGapRow[], shade: Shade): Map<string, number> {
  const maxDemand = Math.max(1, ...rows.map((r) => r.demand))
  const out = new Map<string, number>()
  for (const r of rows) {
    const value = shade === 'coverage' ? r.coverage : r.demand / maxDemand
    if (value !== null) out.set(r.neighbourhood_id, value)
  }
  return out
}

/** The largest demand of the rows (the choropleth's top when shading by demand). */
export const maxDemand = (rows: readonly NeighbourhoodGapRow[]) => Math.max(0, ...rows.map((r) => r.demand))

/** A point on a line about halfway along it (by vertices), to place a provider "at this street". */
export function midpoint(line: LineString): [number, number] {
  const c = line.coordinates
  if (c.length === 0) throw new RangeError('midpoint: empty line')
  if (c.length % 2 === 1) return [c[(c.length - 1) / 2][0], c[(c.length - 1) / 2][1]]
  const a = c[c.length / 2 - 1]
  const b = c[c.length / 2]
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]
}
