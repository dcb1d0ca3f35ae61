/**
 * Export exactly what the planner sees: the rows of the ranked table, in its order and
 * with its columns, as CSV (RFC 4180) and as GeoJSON (the same rows with each street's
 * lines, from the server, so every row has its geometry). Pure functions; `download` is the one browser call.
 */
import type { Feature, FeatureCollection, LineString, MultiLineString } from 'geojson'
import type { TableRow } from './planner.ts'

export const CSV_COLUMNS = ['rank', 'street', 'settlement', 'neighbourhood', 'demand', 'supply', 'gap', 'top_unmet_categories', 'street_id'] as const

/** A CSV field: quoted when it holds a comma, a quote or a line break; a leading =, +, - or @ is defused. */
export function csvField(value: string | number | null): string {
  if (value === null) return ''
  let s = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Gap to two decimals, as the table shows it. */
export const roundGap = (gap: number) => Math.round(gap * 100) / 100

/** The table as CSV: a header line, then one line per row shown, CRLF line ends. */
export function rowsToCsv(rows: readonly TableRow[], label: (slug: string) => string): string {
  const lines = [CSV_COLUMNS.join(',')]
  rows.forEach((r, i) => {
    lines.push(
      [
        i + 1,
        r.label,
        r.settlement,
        r.neighbourhood_name,
        r.demand,
        r.supply,
        roundGap(r.gap),
        r.by_category.filter((c) => c.gap > 0).slice(0, 3).map((c) => label(c.category)).join('; '),
        r.street_id,
      ].map(csvField).join(','),
    )
  })
  return lines.join('\r\n') + '\r\n'
}

type StreetShape = LineString | MultiLineString

/** The table as GeoJSON: one feature per row, in table order, each with its street's lines (null only if lineOf has none). */
export function rowsToGeoJson(
  rows: readonly TableRow[],
  lineOf: (streetId: string) => StreetShape | undefined,
  meta: { radius_m: number; categories: string[] | null; hypothetical: boolean },
): FeatureCollection<StreetShape | null> {
  return {
    type: 'FeatureCollection',
    features: rows.map((r, i): Feature<StreetShape | null> => ({
      type: 'Feature',
      id: r.street_id,
      geometry: lineOf(r.street_id) ?? null,
      properties: {
        rank: i + 1,
        street_id: r.street_id,
        street: r.label,
        street_name: r.street_name,
        settlement: r.settlement,
        neighbourhood: r.neighbourhood_name,
        segments: r.segment_ids,
        demand: r.demand,
        supply: r.supply,
        gap: roundGap(r.gap),
        by_category: r.by_category.map((c) => ({ ...c, gap: roundGap(c.gap) })),
        radius_m: meta.radius_m,
        categories: meta.categories,
        hypothetical: meta.hypothetical,
      },
    })),
  }
}

/** Saves text as a file, in the browser. */
export function download(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
