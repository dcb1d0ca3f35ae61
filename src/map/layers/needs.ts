/**
 * Needs raised by residents, at their public street-level points: rings in the
 * category's colour (hollow: something missing), larger with more "me too" support.
 * Drawn from vector tiles (map_tile, source-layer "needs"). Below z14 the server sends
 * counts per cell instead of points (every need counted, at any zoom), drawn as one
 * number per cell, so a busy street reads as one number, not a smear.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import { categoryColour, isHovered, isSelected, palette } from './paint.ts'
import { withGroup, type LayerModule } from './types.ts'
import { NEED_POINTS_ZOOM, TILES_SOURCE, tiledSource } from '../../data/tiles.ts'

export const CLUSTER_MAX_ZOOM = NEED_POINTS_ZOOM

/** Radius from supporters (square-root-ish, capped), at one zoom. */
const bySupport = (scale: number, extra = 0): ExpressionSpecification =>
  ['+', ['*', scale, ['interpolate', ['linear'], ['get', 'supporters'], 0, 4, 4, 6, 12, 8.5, 40, 12]], extra] as ExpressionSpecification
/** One zoom curve (MapLibre allows only one), the hover and selection growth inside each stop. */
const radius = (extra = 0, states = false): ExpressionSpecification => {
  const at = (scale: number) =>
    states ? ['case', isSelected, bySupport(scale, extra + 2), isHovered, bySupport(scale, extra + 1), bySupport(scale, extra)] : bySupport(scale, extra)
  return ['interpolate', ['linear'], ['zoom'], 12, at(0.7), 15, at(1), 18, at(1.35)] as ExpressionSpecification
}

/** A cell of the server's aggregation carries `count`; a need's point does not. */
const unclustered: ExpressionSpecification = ['!', ['has', 'count']]
const clustered: ExpressionSpecification = ['has', 'count']

/** 1234 → "1.2k", as MapLibre's own clusters label themselves. */
const abbreviated: ExpressionSpecification = [
  'let', 'n', ['to-number', ['get', 'count']],
  ['case', ['>=', ['var', 'n'], 1000], ['concat', ['to-string', ['/', ['round', ['/', ['var', 'n'], 100]], 10]], 'k'], ['to-string', ['var', 'n']]],
] as ExpressionSpecification

export const needsLayer: LayerModule = {
  id: 'needs',
  sourceId: TILES_SOURCE,
  tiled: true,
  source: tiledSource,
  interactiveLayers: ['needs-ring', 'needs-cluster'],
  layers: (ctx) => [
    withGroup('point', {
      id: 'needs-cluster',
      type: 'circle',
      source: TILES_SOURCE,
      'source-layer': 'needs',
      filter: clustered,
      paint: {
        'circle-color': palette.halo,
        'circle-opacity': 0.94,
        'circle-radius': ['step', ['get', 'count'], 13, 10, 17, 40, 22, 1000, 27] as ExpressionSpecification,
        'circle-stroke-color': '#5c2a4f',
        'circle-stroke-width': ['case', isHovered, 4.5, 3] as ExpressionSpecification,
      },
    }),
    withGroup('point', {
      id: 'needs-cluster-count',
      type: 'symbol',
      source: TILES_SOURCE,
      'source-layer': 'needs',
      filter: clustered,
      layout: {
        'text-field': abbreviated,
        'text-font': ctx.fonts.bold,
        'text-size': 12.5,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#3d1b34' },
    }),
    // A thin dark halo under each ring, so pale category colours still stand out on the land.
    withGroup('point', {
      id: 'needs-halo',
      type: 'circle',
      source: TILES_SOURCE,
      'source-layer': 'needs',
      filter: unclustered,
      paint: {
        'circle-color': palette.ink,
        'circle-opacity': 0.55,
        'circle-radius': radius(4, true),
        'circle-blur': 0.15,
      },
    }),
    withGroup('point', {
      id: 'needs-ring',
      type: 'circle',
      source: TILES_SOURCE,
      'source-layer': 'needs',
      filter: unclustered,
      paint: {
        'circle-color': ['case', isSelected, categoryColour(ctx.categories), palette.halo] as ExpressionSpecification,
        'circle-radius': radius(0, true),
        'circle-stroke-color': categoryColour(ctx.categories),
        'circle-stroke-width': ['case', isSelected, 4.5, 3.5] as ExpressionSpecification,
      },
    }),
  ],
}
