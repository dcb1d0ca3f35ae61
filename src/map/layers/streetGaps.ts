/**
 * The planners' gap layer: street segments with unmet demand, coloured by their gap on a
 * five-class sequential scale (ColorBrewer YlOrRd, colour-blind safe and readable in
 * grey), drawn wider than the streets under them. Streets a hypothetical provider would
 * help are marked and get a dashed ink line on top, so the what-if reads without colour.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import { isHovered, isSelected, palette } from './paint.ts'
import { streetsLayer } from './streets.ts'
import { withGroup, type LayerModule } from './types.ts'

/** Lower bounds of the classes above the first (a gap is Σ demand / (1 + supply)). */
export const GAP_BREAKS = [2, 5, 10, 20] as const
/** One colour per class, lightest (smallest gap) first. */
export const GAP_COLOURS = ['#fed976', '#feb24c', '#fd8d3c', '#e31a1c', '#800026'] as const

/** The class (0–4) of a gap, as the layer's step expression draws it. */
export const gapClass = (gap: number): number => GAP_BREAKS.filter((b) => gap >= b).length

/** A street segment the planner colours: its street's gap, and whether a what-if changed it. */
export interface GapSegment {
  id: string
  gap: number
  changed: boolean
}

/** What the gap layers draw, as expressions on the streets tiles' segment id (every segment of the area, none cut short). */
export interface GapStyle {
  /** Segments with a gap. */
  filter: ExpressionSpecification
  colour: ExpressionSpecification | string
  /** Larger gaps over smaller ones where lines meet (by class). */
  sortKey: ExpressionSpecification | number
  /** Segments a what-if changed. */
  changed: ExpressionSpecification
}

const byId = ['get', 'id']
/** True for the ids given (false for none: a match needs at least one label). */
const oneOf = (ids: string[]): ExpressionSpecification =>
  (ids.length > 0 ? ['match', byId, ids, true, false] : ['boolean', false]) as ExpressionSpecification
/** A value per id from its group of ids, `otherwise` for the rest. */
const byGroup = <V extends string | number>(groups: [string[], V][], otherwise: V): ExpressionSpecification | V => {
  const arms = groups.filter(([ids]) => ids.length > 0).flatMap(([ids, v]) => [ids, v])
  return arms.length > 0 ? (['match', byId, ...arms, otherwise] as unknown as ExpressionSpecification) : otherwise
}

/**
 * The gap layers' expressions for these segments: ids grouped by gap class, so the
 * expressions grow with the number of segments only once each (a match is a lookup).
 * Example: gapStyle([{ id: 'a', gap: 12, changed: false }]).colour → ['match', ['get', 'id'], ['a'], '#e31a1c', '#fed976']
 */
export function gapStyle(segments: readonly GapSegment[]): GapStyle {
  const classes: string[][] = GAP_COLOURS.map(() => [])
  const changed: string[] = []
  const seen = new Set<string>()
  for (const s of segments) {
    if (seen.has(s.id)) continue // a label may appear once in a match
    seen.add(s.id)
    classes[gapClass(s.gap)].push(s.id)
    if (s.changed) changed.push(s.id)
  }
  return {
    filter: oneOf([...seen]),
    colour: byGroup(classes.map((ids, i) => [ids, GAP_COLOURS[i]] as [string[], string]).slice(1), GAP_COLOURS[0]),
    sortKey: byGroup(classes.map((ids, i) => [ids, i] as [string[], number]).slice(1), 0),
    changed: oneOf(changed),
  }
}

export const noGaps: GapStyle = gapStyle([])

/** One zoom curve (MapLibre allows only one); hover and selection widen it inside each stop. */
const width = (extra: number, states = false): ExpressionSpecification => {
  const at = (w: number) => (states ? ['case', isSelected, w + extra + 5, isHovered, w + extra + 3, w + extra] : w + extra)
  return ['interpolate', ['exponential', 1.6], ['zoom'], 12, at(2.5), 15, at(6), 18, at(16)] as ExpressionSpecification
}

/**
 * Drawn on the streets' own tiles (source sl-streets, source-layer "streets"), so hover and
 * selection are the streets' feature state, by segment; MapView sets the expressions from
 * the planner's results (gapStyle) and they hold for every tile, loaded now or later.
 */
export const streetGapsLayer: LayerModule = {
  id: null,
  sourceId: streetsLayer.sourceId,
  source: streetsLayer.source,
  shared: true,
  interactiveLayers: ['street-gaps-line'],
  layers: () => [
    withGroup('line', {
      id: 'street-gaps-casing',
      type: 'line',
      source: streetsLayer.sourceId,
      'source-layer': 'streets',
      filter: noGaps.filter,
      layout: { 'line-join': 'round', 'line-cap': 'round', 'line-sort-key': noGaps.sortKey },
      paint: {
        'line-color': ['case', isSelected, palette.accent, isHovered, palette.accent, palette.ink] as ExpressionSpecification,
        'line-width': width(2, true),
        'line-opacity': ['case', isSelected, 1, isHovered, 0.9, 0.55] as ExpressionSpecification,
      },
    }),
    withGroup('line', {
      id: 'street-gaps-line',
      type: 'line',
      source: streetsLayer.sourceId,
      'source-layer': 'streets',
      filter: noGaps.filter,
      layout: { 'line-join': 'round', 'line-cap': 'round', 'line-sort-key': noGaps.sortKey },
      paint: { 'line-color': noGaps.colour, 'line-width': width(0) },
    }),
    withGroup('line', {
      id: 'street-gaps-changed',
      type: 'line',
      source: streetsLayer.sourceId,
      'source-layer': 'streets',
      filter: noGaps.changed,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': palette.ink, 'line-width': 2, 'line-dasharray': [1.5, 1.5] },
    }),
  ],
}

