/** "You are here": the browser's position with its accuracy, shown after "locate me". */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import { withGroup, type LayerModule } from './types.ts'

export const locationLayer: LayerModule = {
  id: null,
  sourceId: 'sl-location',
  source: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  interactiveLayers: [],
  layers: () => [
    withGroup('top', {
      id: 'location-accuracy',
      type: 'circle',
      source: 'sl-location',
      paint: {
        'circle-color': '#1a73e8',
        'circle-opacity': 0.12,
        // accuracy (metres) to pixels at the feature's latitude: m / (156543 cos φ / 2^z)
        'circle-radius': [
          'interpolate', ['exponential', 2], ['zoom'],
          10, ['/', ['get', 'accuracy'], ['*', 152.9, ['get', 'cos_lat']]],
          20, ['/', ['get', 'accuracy'], ['*', 0.1493, ['get', 'cos_lat']]],
        ] as ExpressionSpecification,
        'circle-stroke-color': '#1a73e8',
        'circle-stroke-opacity': 0.3,
        'circle-stroke-width': 1,
      },
    }),
    withGroup('top', {
      id: 'location-dot',
      type: 'circle',
      source: 'sl-location',
      paint: {
        'circle-color': '#1a73e8',
        'circle-radius': 7,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2.5,
      },
    }),
  ],
}
