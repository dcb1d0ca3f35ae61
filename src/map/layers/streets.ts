/**
 * Streets: lines weighted by class (main roads widest), a highlight for hover and
 * selection, and names along the line from street zoom (14) on. Drawn from vector tiles
 * (map_tile, source-layer "streets"); a selected street lights up whole: every segment
 * of its street group (group_id), in every tile, loaded now or later.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import { isHovered, isSelected, palette } from './paint.ts'
import { withGroup, type LayerModule } from './types.ts'
import { TILES_SOURCE, tiledSource } from '../../data/tiles.ts'

const MAJOR = ['motorway', 'trunk', 'primary']
const MIDDLE = ['secondary', 'tertiary']
const MINOR = ['residential', 'unclassified', 'living_street', 'road']
const SERVICE = ['service', 'pedestrian']
export const PATHS = ['footway', 'path', 'cycleway', 'steps', 'bridleway', 'track']

/** Width in pixels by class at one zoom: [major, middle, minor, service, path]. */
const byClass = (w: [number, number, number, number, number]): ExpressionSpecification =>
  ['match', ['get', 'highway'], MAJOR, w[0], MIDDLE, w[1], MINOR, w[2], SERVICE, w[3], PATHS, w[4], w[2]] as unknown as ExpressionSpecification

/** Line widths grow exponentially with zoom, as real widths do on screen. */
const width = (extra = 0): ExpressionSpecification =>
  [
    'interpolate', ['exponential', 1.6], ['zoom'],
    12, byClass([2 + extra, 1.4 + extra, 0.6 + extra, 0.3 + extra, 0.3 + extra]),
    15, byClass([7 + extra, 5 + extra, 3.2 + extra, 1.6 + extra, 1 + extra]),
    18, byClass([24 + extra, 19 + extra, 14 + extra, 7 + extra, 2.5 + extra]),
  ] as ExpressionSpecification

const notPath: ExpressionSpecification = ['!', ['in', ['get', 'highway'], ['literal', PATHS]]]
const isPath: ExpressionSpecification = ['in', ['get', 'highway'], ['literal', PATHS]]
/** Main roads above small ones where they cross. */
const sortKey: ExpressionSpecification = ['match', ['get', 'highway'], MAJOR, 3, MIDDLE, 2, 1] as unknown as ExpressionSpecification

/** The highlight's opacity: the selected segment and its whole street group full, the hovered one faint. */
export const highlightOpacity = (groupId: string | null): ExpressionSpecification =>
  ['case', isSelected, 0.85, ['==', ['get', 'group_id'], groupId ?? ''], 0.85, isHovered, 0.35, 0] as ExpressionSpecification

export const streetsLayer: LayerModule = {
  id: 'streets',
  sourceId: TILES_SOURCE,
  tiled: true,
  source: tiledSource,
  interactiveLayers: ['streets-hit'],
  layers: (ctx) => [
    withGroup('line', {
      id: 'streets-casing',
      type: 'line',
      source: TILES_SOURCE,
      'source-layer': 'streets',
      filter: notPath,
      layout: { 'line-join': 'round', 'line-cap': 'round', 'line-sort-key': sortKey },
      paint: {
        'line-color': ['match', ['get', 'highway'], MAJOR, palette.majorCasing, palette.roadCasing] as unknown as ExpressionSpecification,
        'line-width': width(1.5),
      },
    }),
    withGroup('line', {
      id: 'streets-path',
      type: 'line',
      source: TILES_SOURCE,
      'source-layer': 'streets',
      filter: isPath,
      paint: {
        'line-color': palette.path,
        'line-width': width(),
        'line-dasharray': [2, 1.5],
      },
    }),
    withGroup('line', {
      id: 'streets-fill',
      type: 'line',
      source: TILES_SOURCE,
      'source-layer': 'streets',
      filter: notPath,
      layout: { 'line-join': 'round', 'line-cap': 'round', 'line-sort-key': sortKey },
      paint: {
        'line-color': ['match', ['get', 'highway'], MAJOR, palette.majorRoad, palette.road] as unknown as ExpressionSpecification,
        'line-width': width(),
      },
    }),
    withGroup('line', {
      id: 'streets-highlight',
      type: 'line',
      source: TILES_SOURCE,
      'source-layer': 'streets',
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': palette.accent,
        'line-width': width(3),
        'line-opacity': highlightOpacity(null),
      },
    }),
    // A wide invisible line, so a thin street is easy to tap with a finger.
    withGroup('line', {
      id: 'streets-hit',
      type: 'line',
      source: TILES_SOURCE,
      'source-layer': 'streets',
      paint: { 'line-color': '#000000', 'line-opacity': 0, 'line-width': width(10) },
    }),
    withGroup('label', {
      id: 'streets-label',
      type: 'symbol',
      source: TILES_SOURCE,
      'source-layer': 'streets',
      minzoom: 14,
      filter: ['to-boolean', ['get', 'name']],
      layout: {
        'symbol-placement': 'line',
        'text-field': ['get', 'name'],
        'text-font': ctx.fonts.regular,
        'text-size': ['interpolate', ['linear'], ['zoom'], 14, 10.5, 16, 12.5, 19, 15] as ExpressionSpecification,
        'text-max-angle': 30,
        'symbol-spacing': 260,
        'text-letter-spacing': 0.03,
        'text-padding': 2,
      },
      paint: {
        'text-color': palette.streetLabel,
        'text-halo-color': palette.halo,
        'text-halo-width': 1.6,
      },
    }),
  ],
}
