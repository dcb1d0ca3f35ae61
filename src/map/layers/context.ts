/**
 * Context from the imported OSM file (public.map_context): water, woods and parks as
 * fills under the streets, rivers and railways as lines, and the names of the water,
 * the bigger woods and parks, and landmarks (churches, castles, museums, stations), in
 * our own palette. What a local reader finds their way by, with no third-party basemap.
 * Not interactive. Named areas come with a label point of their own (kind '<kind>-label').
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import { palette } from './paint.ts'
import { withGroup, type LayerModule } from './types.ts'

const SOURCE = 'sl-context'
const kind = (...kinds: string[]): ExpressionSpecification => ['in', ['get', 'kind'], ['literal', kinds]]

export const contextLayer: LayerModule = {
  id: null,
  sourceId: SOURCE,
  source: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  interactiveLayers: [],
  layers: (ctx) => [
    withGroup('fill', {
      id: 'context-green',
      type: 'fill',
      source: SOURCE,
      filter: kind('wood', 'park'),
      paint: {
        'fill-color': ['match', ['get', 'kind'], 'wood', palette.wood, palette.park] as ExpressionSpecification,
        // Over the planner's shading, so let some of it through.
        'fill-opacity': 0.8,
      },
    }),
    withGroup('fill', {
      id: 'context-water',
      type: 'fill',
      source: SOURCE,
      filter: kind('water'),
      paint: { 'fill-color': palette.water, 'fill-antialias': true },
    }),
    withGroup('line', {
      id: 'context-waterway',
      type: 'line',
      source: SOURCE,
      filter: kind('waterway'),
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': palette.water,
        'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.8, 14, 2.5, 17, 5] as ExpressionSpecification,
      },
    }),
    withGroup('line', {
      id: 'context-railway',
      type: 'line',
      source: SOURCE,
      filter: kind('railway'),
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': palette.railway,
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1, 14, 2.5, 17, 4] as ExpressionSpecification,
      },
    }),
    // Sleepers: light dashes over the line once it is wide enough to carry them.
    withGroup('line', {
      id: 'context-railway-dash',
      type: 'line',
      source: SOURCE,
      minzoom: 12,
      filter: kind('railway'),
      paint: {
        'line-color': palette.land,
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 17, 2] as ExpressionSpecification,
        'line-dasharray': [3, 3],
      },
    }),
    withGroup('label', {
      id: 'context-water-label',
      type: 'symbol',
      source: SOURCE,
      filter: kind('water-label'),
      layout: {
        'text-field': ['get', 'name'],
        'text-font': ctx.fonts.regular,
        'text-size': ['interpolate', ['linear'], ['zoom'], 9, 11, 14, 13] as ExpressionSpecification,
        'text-letter-spacing': 0.06,
        'text-max-width': 8,
        'text-padding': 4,
      },
      paint: { 'text-color': palette.waterLabel, 'text-halo-color': palette.water, 'text-halo-width': 1.5 },
    }),
    withGroup('label', {
      id: 'context-green-label',
      type: 'symbol',
      source: SOURCE,
      minzoom: 13,
      filter: kind('wood-label', 'park-label'),
      layout: {
        'text-field': ['get', 'name'],
        'text-font': ctx.fonts.regular,
        'text-size': 11.5,
        'text-max-width': 8,
        'text-padding': 4,
      },
      paint: { 'text-color': palette.greenLabel, 'text-halo-color': palette.halo, 'text-halo-width': 1.5 },
    }),
    withGroup('label', {
      id: 'context-railway-label',
      type: 'symbol',
      source: SOURCE,
      minzoom: 13,
      filter: ['all', kind('railway'), ['has', 'name']] as ExpressionSpecification,
      layout: {
        'symbol-placement': 'line',
        'text-field': ['get', 'name'],
        'text-font': ctx.fonts.regular,
        'text-size': 11,
        'symbol-spacing': 400,
      },
      paint: { 'text-color': palette.railway, 'text-halo-color': palette.halo, 'text-halo-width': 1.5 },
    }),
    withGroup('label', {
      id: 'context-landmark',
      type: 'symbol',
      source: SOURCE,
      minzoom: 13,
      filter: kind('landmark'),
      layout: {
        'text-field': ['get', 'name'],
        'text-font': ctx.fonts.regular,
        'text-size': 11.5,
        'text-max-width': 9,
        'text-padding': 6,
      },
      paint: { 'text-color': palette.landmark, 'text-halo-color': palette.halo, 'text-halo-width': 2 },
    }),
  ],
}
