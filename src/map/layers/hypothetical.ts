/**
 * A hypothetical provider placed by a planner ("what if a food pantry opened here?"):
 * its catchment circle (R in real metres, like the location accuracy ring), a dot with
 * a heavy ring, and the label "Hypothetical", so it is never mistaken for a real place.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import { palette } from './paint.ts'
import { withGroup, type LayerModule } from './types.ts'

export const HYPOTHETICAL_COLOUR = '#6a3d9a'

export const hypotheticalLayer: LayerModule = {
  id: null,
  sourceId: 'sl-hypothetical',
  source: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  interactiveLayers: [],
  layers: (ctx) => [
    withGroup('top', {
      id: 'hypothetical-catchment',
      type: 'circle',
      source: 'sl-hypothetical',
      paint: {
        'circle-color': HYPOTHETICAL_COLOUR,
        'circle-opacity': 0.08,
        // metres to pixels at the point's latitude: m / (156543 cos φ / 2^z)
        'circle-radius': [
          'interpolate', ['exponential', 2], ['zoom'],
          10, ['/', ['get', 'radius_m'], ['*', 152.9, ['get', 'cos_lat']]],
          20, ['/', ['get', 'radius_m'], ['*', 0.1493, ['get', 'cos_lat']]],
        ] as ExpressionSpecification,
        'circle-stroke-color': HYPOTHETICAL_COLOUR,
        'circle-stroke-opacity': 0.7,
        'circle-stroke-width': 1.5,
      },
    }),
    withGroup('top', {
      id: 'hypothetical-dot',
      type: 'circle',
      source: 'sl-hypothetical',
      paint: {
        'circle-color': palette.halo,
        'circle-radius': 9,
        'circle-stroke-color': HYPOTHETICAL_COLOUR,
        'circle-stroke-width': 5,
      },
    }),
    withGroup('top', {
      id: 'hypothetical-label',
      type: 'symbol',
      source: 'sl-hypothetical',
      layout: {
        'text-field': ['get', 'label'] as ExpressionSpecification,
        'text-font': ctx.fonts.bold,
        'text-size': 12.5,
        'text-anchor': 'top',
        'text-offset': [0, 1.2],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': HYPOTHETICAL_COLOUR, 'text-halo-color': palette.halo, 'text-halo-width': 2 },
    }),
  ],
}
