/**
 * Neighbourhood boundaries: the land the town stands on, dashed edges, and names. From
 * vector tiles (source-layer "neighbourhoods"): polygons cut by their tiles, and one label
 * point per neighbourhood (label = true), so a name is not repeated in every tile.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import { isHovered, isSelected, palette } from './paint.ts'
import { withGroup, type LayerModule } from './types.ts'
import { TILES_SOURCE, tiledSource } from '../../data/tiles.ts'

const isLabel: ExpressionSpecification = ['==', ['get', 'label'], true]
const isArea: ExpressionSpecification = ['!=', ['get', 'label'], true]

export const neighbourhoodsLayer: LayerModule = {
  id: 'neighbourhoods',
  sourceId: TILES_SOURCE,
  tiled: true,
  source: tiledSource,
  interactiveLayers: ['neighbourhoods-fill'],
  layers: (ctx) => [
    // The fill is the land: with no basemap, the background around it reads as sea.
    withGroup('fill', {
      id: 'neighbourhoods-fill',
      type: 'fill',
      source: TILES_SOURCE,
      'source-layer': 'neighbourhoods',
      filter: isArea,
      paint: {
        'fill-color': ['case', isSelected, palette.landHover, isHovered, palette.landHover, palette.land] as ExpressionSpecification,
        'fill-antialias': true,
      },
    }),
    withGroup('line', {
      id: 'neighbourhoods-outline',
      type: 'line',
      source: TILES_SOURCE,
      'source-layer': 'neighbourhoods',
      filter: isArea,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': ['case', isSelected, palette.accent, palette.boundary] as ExpressionSpecification,
        'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1, 16, 2.2] as ExpressionSpecification,
        'line-dasharray': [3, 2],
        'line-opacity': 0.8,
      },
    }),
    withGroup('label', {
      id: 'neighbourhoods-label',
      type: 'symbol',
      source: TILES_SOURCE,
      'source-layer': 'neighbourhoods',
      filter: isLabel,
      maxzoom: 17,
      layout: {
        'text-field': ['upcase', ['get', 'name']] as ExpressionSpecification,
        'text-font': ctx.fonts.bold,
        'text-size': ['interpolate', ['linear'], ['zoom'], 11, 11, 15, 15] as ExpressionSpecification,
        'text-letter-spacing': 0.14,
        'text-max-width': 8,
        'text-padding': 8,
      },
      paint: {
        'text-color': palette.boundaryLabel,
        'text-halo-color': palette.land,
        'text-halo-width': 2,
        'text-opacity': ['interpolate', ['linear'], ['zoom'], 15.5, 1, 17, 0] as ExpressionSpecification,
      },
    }),
  ],
}
