/**
 * The resident's own marks, seen only by them: the exact spot of each of their needs
 * (from my_needs, never sent to anyone else) and the spot being chosen while pinning.
 * A dark pin with a white centre, distinct from the public rings; the draft pulses
 * larger in the accent colour. Not interactive: the public ring is what one picks.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import { palette } from './paint.ts'
import { withGroup, type LayerModule } from './types.ts'

const isDraft: ExpressionSpecification = ['==', ['get', 'kind'], 'draft']

export const mineLayer: LayerModule = {
  id: null,
  sourceId: 'sl-mine',
  source: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  interactiveLayers: [],
  layers: () => [
    withGroup('top', {
      id: 'mine-halo',
      type: 'circle',
      source: 'sl-mine',
      paint: {
        'circle-color': ['case', isDraft, palette.accent, palette.ink] as ExpressionSpecification,
        'circle-opacity': 0.18,
        'circle-radius': ['case', isDraft, 22, 13] as ExpressionSpecification,
      },
    }),
    withGroup('top', {
      id: 'mine-dot',
      type: 'circle',
      source: 'sl-mine',
      paint: {
        'circle-color': ['case', isDraft, palette.accent, palette.ink] as ExpressionSpecification,
        'circle-radius': ['case', isDraft, 9, 6.5] as ExpressionSpecification,
        'circle-stroke-color': palette.halo,
        'circle-stroke-width': ['case', isDraft, 3, 2.5] as ExpressionSpecification,
      },
    }),
    withGroup('top', {
      id: 'mine-centre',
      type: 'circle',
      source: 'sl-mine',
      paint: { 'circle-color': palette.halo, 'circle-radius': ['case', isDraft, 3, 2.2] as ExpressionSpecification },
    }),
  ],
}
