/**
 * Social micro-enterprises and projects: a diamond (an SDF image, so it takes the
 * category colour) with a dark edge, a shape apart from the assets' circles so the
 * two read differently without relying on colour. Paused ones are faded. From vector
 * tiles (source-layer "enterprises"); the projects tab draws its results (GeoJSON) instead.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import { categoryColour, isHovered, isSelected, palette } from './paint.ts'
import { withGroup, type LayerModule } from './types.ts'
import { TILES_SOURCE, tiledSource } from '../../data/tiles.ts'

export const DIAMOND = 'sl-diamond'

const size = (extra: number): ExpressionSpecification =>
  ['interpolate', ['linear'], ['zoom'], 11, 0.45 + extra, 14, 0.75 + extra, 17, 1.05 + extra, 19, 1.3 + extra] as ExpressionSpecification

export const enterprisesLayer: LayerModule = {
  id: 'enterprises',
  sourceId: TILES_SOURCE,
  tiled: true,
  source: tiledSource,
  interactiveLayers: ['enterprises-symbol'],
  images: [DIAMOND],
  layers: (ctx) => [
    withGroup('point', {
      id: 'enterprises-symbol',
      type: 'symbol',
      source: TILES_SOURCE,
      'source-layer': 'enterprises',
      layout: {
        'icon-image': DIAMOND,
        'icon-size': size(0),
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'text-field': ['step', ['zoom'], '', 16, ['get', 'name']] as ExpressionSpecification,
        'text-font': ctx.fonts.regular,
        'text-size': 11.5,
        'text-anchor': 'top',
        'text-offset': [0, 1.1],
        'text-max-width': 9,
        'text-optional': true,
      },
      paint: {
        'icon-color': categoryColour(ctx.categories),
        'icon-halo-color': palette.ink,
        'icon-halo-width': ['case', isSelected, 3, isHovered, 2.2, 1.4] as ExpressionSpecification,
        'icon-opacity': ['match', ['get', 'status'], 'paused', 0.55, 1] as ExpressionSpecification,
        'text-color': palette.ink,
        'text-halo-color': palette.halo,
        'text-halo-width': 1.6,
      },
    }),
  ],
}
