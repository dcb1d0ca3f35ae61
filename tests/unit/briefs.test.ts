import { describe, expect, it } from 'vitest'
import type { BriefListItem } from '../../src/data/briefs.ts'
import { briefsToCsv, briefsToGeoJson } from '../../src/features/briefs/export.ts'
import { briefsHref, parseBriefsRoute } from '../../src/features/briefs/route.ts'

const id = 'food-0b6e2a9c-1d2e-4f3a-8b9c-0d1e2f3a4b5c'
const brief: BriefListItem = {
  brief_id: id, category: 'food', category_label: 'Food', needs: 3, supporters: 2, demand: 5,
  first_raised_at: '2026-10-01T10:00:00Z', last_raised_at: '2026-11-20T10:00:00Z', days_unmet: 61,
  raised_last_30_days: 1, raised_previous_30_days: 2, centre: [-3.4, 54.1],
  streets: ['Baker Street', 'Mill "Lane", East'], neighbourhoods: [{ id: 'n1', name: 'Old Town' }],
  projects: [{ project_id: 'p1', name: '=HYPERLINK("x")', stage: 'starting' }],
}

describe('briefs routes', () => {
  it('round-trips every page through the hash', () => {
    for (const route of [{ page: 'list' }, { page: 'brief', id }, { page: 'project', id: id.slice(5) }, { page: 'join', token: 'a'.repeat(64) }] as const) {
      expect(parseBriefsRoute(briefsHref(route))).toEqual(route)
    }
  })
  it('leaves anything else to the map', () => {
    for (const hash of ['', '#', '#/briefs/food', '#/briefs/<script>', '#/projects/123', '#/join/short', `#/briefs/${id}/x`, '#/other']) {
      expect(parseBriefsRoute(hash)).toBeNull()
    }
  })
})

describe('briefs export', () => {
  it('writes CSV with quoted cells and defused formulas', () => {
    const lines = briefsToCsv([brief]).trimEnd().split('\r\n')
    expect(lines[0]).toBe('brief_id,category,demand,needs,supporters,days_unmet,first_raised_at,raised_last_30_days,raised_previous_30_days,streets,neighbourhoods,projects,lon,lat')
    expect(lines[1]).toContain('"Baker Street; Mill ""Lane"", East"')
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"") (starting)"`)
    expect(lines[1].endsWith(',-3.4,54.1')).toBe(true)
  })
  it('writes GeoJSON points at each brief centre, keyed by brief id', () => {
    const fc = briefsToGeoJson([brief])
    expect(fc.features[0]).toMatchObject({ id, geometry: { type: 'Point', coordinates: [-3.4, 54.1] }, properties: { demand: 5, neighbourhoods: ['Old Town'] } })
  })
})
