/** Community assets: filled circles in their category's colour, named from z16. From vector tiles (source-layer "assets"). */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import { categoryColour, isHovered, isSelected, palette } from './paint.ts'
import { withGroup, type LayerModule } from './types.ts'
import { TILES_SOURCE, tiledSource } from '../../data/tiles.ts'

/** Radius grows with zoom; a selected or hovered pin grows a little more (one zoom curve, as MapLibre requires). */
const at = (r: number): ExpressionSpecification => ['case', isSelected, r + 3, isHovered, r + 1.5, r] as ExpressionSpecification
const radius: ExpressionSpecification = ['interpolate', ['linear'], ['zoom'], 11, at(2.5), 14, at(5), 17, at(8), 19, at(10)] as ExpressionSpecification

export const assetsLayer: LayerModule = {
  id: 'assets',
  sourceId: TILES_SOURCE,
  tiled: true,
  source: tiledSource,
  interactiveLayers: ['assets-circle'],
  layers: (ctx) => [
    withGroup('point', {
      id: 'assets-circle',
      type: 'circle',
      source: TILES_SOURCE,
      'source-layer': 'assets',
      paint: {
        'circle-color': categoryColour(ctx.categories),
        'circle-radius': radius,
        'circle-stroke-color': ['case', isSelected, palette.ink, palette.halo] as ExpressionSpecification,
        'circle-stroke-width': ['case', isSelected, 3, 1.5] as ExpressionSpecification,
      },
    }),
    withGroup('point', {
      id: 'assets-label',
      type: 'symbol',
      source: TILES_SOURCE,
      'source-layer': 'assets',
      minzoom: 16,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': ctx.fonts.regular,
        'text-size': 11.5,
        'text-anchor': 'top',
        'text-offset': [0, 0.9],
        'text-max-width': 9,
        'text-optional': true,
      },
      paint: { 'text-color': palette.ink, 'text-halo-color': palette.halo, 'text-halo-width': 1.6 },
    }),
  ],
}
