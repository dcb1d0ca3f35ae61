/**
 * The planners' gap layer: street segments with unmet demand, coloured by their gap on a
 * five-class sequential scale (ColorBrewer YlOrRd, colour-blind safe and readable in
 * grey), drawn wider than the streets under them. Streets a hypothetical provider would
 * help carry `changed` and get a dashed ink line on top, so the what-if reads without colour.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import { isHovered, isSelected, palette } from './paint.ts'
import { withGroup, type LayerModule } from './types.ts'

/** Lower bounds of the classes above the first (a gap is Σ demand / (1 + supply)). */
export const GAP_BREAKS = [2, 5, 10, 20] as const
/** One colour per class, lightest (smallest gap) first. */
export const GAP_COLOURS = ['#fed976', '#feb24c', '#fd8d3c', '#e31a1c', '#800026'] as const

/** The class (0–4) of a gap, as the layer's step expression draws it. */
export const gapClass = (gap: number): number => GAP_BREAKS.filter((b) => gap >= b).length

const colour: ExpressionSpecification = [
  'step', ['get', 'gap'], GAP_COLOURS[0],
  GAP_BREAKS[0], GAP_COLOURS[1], GAP_BREAKS[1], GAP_COLOURS[2], GAP_BREAKS[2], GAP_COLOURS[3], GAP_BREAKS[3], GAP_COLOURS[4],
] as ExpressionSpecification

/** One zoom curve (MapLibre allows only one); hover and selection widen it inside each stop. */
const width = (extra: number, states = false): ExpressionSpecification => {
  const at = (w: number) => (states ? ['case', isSelected, w + extra + 5, isHovered, w + extra + 3, w + extra] : w + extra)
  return ['interpolate', ['exponential', 1.6], ['zoom'], 12, at(2.5), 15, at(6), 18, at(16)] as ExpressionSpecification
}

export const streetGapsLayer: LayerModule = {
  id: null,
  sourceId: 'sl-street-gaps',
  // Feature state by street (not segment): hovering or choosing a street lights all its segments.
  source: { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'street' },
  interactiveLayers: ['street-gaps-line'],
  layers: () => [
    withGroup('line', {
      id: 'street-gaps-casing',
      type: 'line',
      source: 'sl-street-gaps',
      layout: { 'line-join': 'round', 'line-cap': 'round', 'line-sort-key': ['get', 'gap'] as ExpressionSpecification },
      paint: {
        'line-color': ['case', isSelected, palette.accent, isHovered, palette.accent, palette.ink] as ExpressionSpecification,
        'line-width': width(2, true),
        'line-opacity': ['case', isSelected, 1, isHovered, 0.9, 0.55] as ExpressionSpecification,
      },
    }),
    withGroup('line', {
      id: 'street-gaps-line',
      type: 'line',
      source: 'sl-street-gaps',
      layout: { 'line-join': 'round', 'line-cap': 'round', 'line-sort-key': ['get', 'gap'] as ExpressionSpecification },
      paint: { 'line-color': colour, 'line-width': width(0) },
    }),
    withGroup('line', {
      id: 'street-gaps-changed',
      type: 'line',
      source: 'sl-street-gaps',
      filter: ['==', ['get', 'changed'], true] as ExpressionSpecification,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': palette.ink, 'line-width': 2, 'line-dasharray': [1.5, 1.5] },
    }),
  ],
}
