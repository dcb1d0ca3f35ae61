/**
 * Place names, from the map's tiles (source-layer "places"): towns from the county view, villages from z10,
 * hamlets and suburbs from z12, localities (farms, woods' names) from z13, in dark ink
 * with a light halo, bigger for bigger places. Context only: not interactive.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import { palette } from './paint.ts'
import { withGroup, type LayerModule } from './types.ts'
import { TILES_SOURCE, tiledSource } from '../../data/tiles.ts'

/** The first zoom each rank (1 town … 4 locality) is labelled at. */
export const PLACE_MINZOOM = { 1: 8, 2: 10, 3: 12, 4: 13 } as const

export const placesLayer: LayerModule = {
  id: null,
  sourceId: TILES_SOURCE,
  source: tiledSource,
  // The tiled layers' source (TILED_LAYERS' modules add it).
  shared: true,
  interactiveLayers: [],
  // One layer per rank: each appears at its own zoom (minzoom). MapLibre places the
  // labels of higher layers first, so towns come last in the list and win over villages.
  layers: (ctx) =>
    ([4, 3, 2, 1] as const).map((rank) =>
      withGroup('label', {
        id: `places-label-${rank}`,
        type: 'symbol',
        source: TILES_SOURCE,
        'source-layer': 'places',
        minzoom: PLACE_MINZOOM[rank],
        filter: ['==', ['get', 'rank'], rank] as ExpressionSpecification,
        layout: {
          'text-field': ['get', 'name'],
          'text-font': rank === 1 ? ctx.fonts.bold : ctx.fonts.regular,
          'text-size': { 1: 17, 2: 14, 3: 12.5, 4: 11.5 }[rank],
          'text-transform': rank === 1 ? 'uppercase' : 'none',
          'text-letter-spacing': rank === 1 ? 0.08 : 0.02,
          'text-padding': 4,
        },
        paint: {
          'text-color': rank === 4 ? '#5d5a52' : palette.ink,
          'text-halo-color': palette.halo,
          'text-halo-width': 2,
        },
      }),
    ),
}
