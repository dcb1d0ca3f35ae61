/** Expressions shared by several layers: category colours and feature-state tests. */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import type { Category } from '../../data/types.ts'

/** Used when a feature's category is unknown to the taxonomy (should not happen). */
export const FALLBACK_COLOUR = '#6f6f6f'

/** The colour of a feature's `category` property, from the shared taxonomy. */
export function categoryColour(categories: Category[]): ExpressionSpecification | string {
  if (categories.length === 0) return FALLBACK_COLOUR
  const pairs = categories.flatMap((c) => [c.slug, c.colour])
  return ['match', ['get', 'category'], ...pairs, FALLBACK_COLOUR] as unknown as ExpressionSpecification
}

export const isSelected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false]
export const isHovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false]

/** Ink and paper of the basemap-less style; kept here so legend swatches can match. */
export const palette = {
  sea: '#cfdfe4',
  land: '#f7f4ed',
  landHover: '#efe8da',
  boundary: '#9c8c74',
  boundaryLabel: '#6f604c',
  roadCasing: '#d4ccbd',
  road: '#ffffff',
  majorRoad: '#fff1c9',
  majorCasing: '#d9b96b',
  path: '#a8977c',
  streetLabel: '#47423b',
  accent: '#1f5fbf',
  ink: '#1d1b18',
  halo: '#ffffff',
  // Context (layers/context.ts): inland water a shade deeper than the sea, greens for
  // woods and parks, a grey rail line, brown landmark names.
  water: '#b8d2df',
  waterLabel: '#3f6f8a',
  wood: '#cfe0bf',
  park: '#dde9cf',
  greenLabel: '#4f6b3a',
  railway: '#8a8478',
  landmark: '#6b4f33',
}
