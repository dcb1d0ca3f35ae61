/**
 * The planners' neighbourhood choropleth: each neighbourhood shaded by `shade` (0–1),
 * a share of coverage or of the largest demand, worked out by the planner view. A
 * sequential blue scale (ColorBrewer Blues), apart in hue from the streets' gap scale.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import { withGroup, type LayerModule } from './types.ts'

/** Light to dark: the legend draws the same stops. */
export const CHOROPLETH_STOPS = [
  [0, '#f7fbff'],
  [0.25, '#c6dbef'],
  [0.5, '#6baed6'],
  [0.75, '#2171b5'],
  [1, '#08306b'],
] as const

export const neighbourhoodChoroplethLayer: LayerModule = {
  id: null,
  sourceId: 'sl-neighbourhood-choropleth',
  source: { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'id' },
  interactiveLayers: [],
  layers: () => [
    withGroup('fill', {
      id: 'neighbourhood-choropleth-fill',
      type: 'fill',
      source: 'sl-neighbourhood-choropleth',
      paint: {
        'fill-color': ['interpolate', ['linear'], ['get', 'shade'], ...CHOROPLETH_STOPS.flat()] as unknown as ExpressionSpecification,
        'fill-opacity': 0.5,
      },
    }),
  ],
}
