/** Small hand-made layer data for unit and component tests of the map screen. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Category, LayerData } from '../../src/data/types.ts'

/** The taxonomy as the foundation migration inserts it (the source of truth for colours). */
export function categoriesFromMigration(): Category[] {
  // Relative to the repository root (vitest's root), so it works under jsdom too.
  const file = path.resolve(process.cwd(), 'supabase/migrations/20261127000100_foundation.sql')
  const sql = readFileSync(file, 'utf8')
  const rows = [...sql.matchAll(/\('([a-z-]+)',\s*'([^']+)',\s*'([a-z]+)',\s*'(#[0-9a-f]{6})',\s*(\d+)\)/g)]
  return rows.map(([, slug, label, icon, colour, order]) => ({ slug, label, icon, colour, sort_order: Number(order) }))
}

const point = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] })

export function fixtureData(): LayerData {
  return {
    neighbourhoods: {
      type: 'FeatureCollection',
      truncated: false,
      features: [{
        type: 'Feature',
        geometry: { type: 'MultiPolygon', coordinates: [[[[-3.42, 54.09], [-3.38, 54.09], [-3.38, 54.11], [-3.42, 54.11], [-3.42, 54.09]]]] },
        properties: { id: 'n1', code: 'DEMO-N01', name: 'Old Town', kind: 'local' },
      }],
    },
    streets: {
      type: 'FeatureCollection',
      truncated: false,
      features: [
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[-3.41, 54.1], [-3.405, 54.1]] }, properties: { id: 's1', name: 'Church Street', highway: 'primary', neighbourhood_id: 'n1', source: 'osm' } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[-3.405, 54.1], [-3.4, 54.1]] }, properties: { id: 's2', name: 'Church Street', highway: 'primary', neighbourhood_id: 'n1', source: 'osm' } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[-3.4, 54.1], [-3.4, 54.105]] }, properties: { id: 's3', name: 'Chapel Lane', highway: 'residential', neighbourhood_id: 'n1', source: 'local' } },
      ],
    },
    assets: {
      type: 'FeatureCollection',
      truncated: false,
      features: [
        { type: 'Feature', geometry: point(-3.401, 54.101), properties: { id: 'a1', name: 'Wenlow Library', categories: ['digital', 'culture'], category: 'digital', address: '1 Church Street', opening_hours: null, contact: null, website: null, source: 'demo', verified: true } },
        { type: 'Feature', geometry: point(-3.402, 54.102), properties: { id: 'a2', name: 'Bay Food Bank', categories: ['food'], category: 'food', address: '2 Chapel Lane', opening_hours: 'Mo 10:00-12:00', contact: null, website: null, source: 'demo', verified: false } },
        // Outside the test view:
        { type: 'Feature', geometry: point(-3.5, 54.2), properties: { id: 'a3', name: 'Far Away Hall', categories: ['food', 'youth'], category: 'food', address: null, opening_hours: null, contact: null, website: null, source: 'demo', verified: false } },
      ],
    },
    enterprises: {
      type: 'FeatureCollection',
      truncated: false,
      features: [
        { type: 'Feature', geometry: point(-3.403, 54.103), properties: { id: 'e1', name: 'Café Together', social_goal: 'Meals that bring neighbours together', categories: ['food', 'loneliness'], category: 'food', status: 'active', contact: null, website: null, open_opportunities: 2 } },
      ],
    },
    needs: {
      type: 'FeatureCollection',
      truncated: false,
      features: [
        { type: 'Feature', geometry: point(-3.404, 54.1), properties: { id: 'd1', category: 'youth', body: 'Somewhere for teenagers to go after school', status: 'open', street_id: 's1', street_name: 'Church Street', supporters: 5, created_at: '2026-10-01T00:00:00Z' } },
        { type: 'Feature', geometry: point(-3.4005, 54.1), properties: { id: 'd2', category: 'food', body: '<b>Fresh veg</b> nearby', status: 'open', street_id: 's2', street_name: 'Church Street', supporters: 0, created_at: '2026-10-02T00:00:00Z' } },
      ],
    },
  }
}

export const fixtureView = [-3.42, 54.09, -3.38, 54.11] as [number, number, number, number]
