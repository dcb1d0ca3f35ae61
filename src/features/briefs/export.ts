/**
 * Briefs for re-use: CSV (a spreadsheet for a community meeting) and GeoJSON (points at
 * the middle of each cluster's public, street-level points). Public facts only.
 */
import type { BriefListItem } from '../../data/briefs.ts'

const COLUMNS = ['brief_id', 'category', 'demand', 'needs', 'supporters', 'days_unmet', 'first_raised_at',
  'raised_last_30_days', 'raised_previous_30_days', 'streets', 'neighbourhoods', 'projects', 'lon', 'lat'] as const

/** A CSV cell: quoted when it holds a comma, quote or line break; formula-looking text is defused. */
function cell(value: string | number): string {
  let s = String(value)
  // A leading = + - @ would run as a formula in a spreadsheet.
  if (/^[=+\-@]/.test(s) && typeof value === 'string') s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

function row(b: BriefListItem): (string | number)[] {
  return [b.brief_id, b.category, b.demand, b.needs, b.supporters, b.days_unmet, b.first_raised_at,
    b.raised_last_30_days, b.raised_previous_30_days, b.streets.join('; '), b.neighbourhoods.map((n) => n.name).join('; '),
    b.projects.map((p) => `${p.name} (${p.stage})`).join('; '), b.centre[0], b.centre[1]]
}

export function briefsToCsv(briefs: BriefListItem[]): string {
  return [COLUMNS.join(','), ...briefs.map((b) => row(b).map(cell).join(','))].join('\r\n') + '\r\n'
}

export function briefsToGeoJson(briefs: BriefListItem[]) {
  return {
    type: 'FeatureCollection' as const,
    features: briefs.map((b) => ({
      type: 'Feature' as const,
      id: b.brief_id,
      geometry: { type: 'Point' as const, coordinates: b.centre },
      properties: {
        brief_id: b.brief_id, category: b.category, demand: b.demand, needs: b.needs, supporters: b.supporters,
        days_unmet: b.days_unmet, first_raised_at: b.first_raised_at, streets: b.streets,
        neighbourhoods: b.neighbourhoods.map((n) => n.name), projects: b.projects.map((p) => ({ name: p.name, stage: p.stage })),
      },
    })),
  }
}

/** Offers text as a file download. */
export function download(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
