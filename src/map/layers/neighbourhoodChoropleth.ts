/**
 * The planners' neighbourhood choropleth: each neighbourhood shaded by its share (0–1) of
 * coverage or of the largest demand, worked out by the planner view. A sequential blue
 * scale (ColorBrewer Blues), apart in hue from the streets' gap scale. Drawn on the
 * neighbourhoods' own tiles (every neighbourhood of the area, in every tile); MapView sets
 * the expressions from the planner's results (choroplethStyle).
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import { neighbourhoodsLayer } from './neighbourhoods.ts'
import { withGroup, type LayerModule } from './types.ts'

/** Light to dark: the legend draws the same stops. */
export const CHOROPLETH_STOPS = [
  [0, '#f7fbff'],
  [0.25, '#c6dbef'],
  [0.5, '#6baed6'],
  [0.75, '#2171b5'],
  [1, '#08306b'],
] as const

export interface ChoroplethStyle {
  /** The neighbourhoods' areas (not their label points) that have a shade. */
  filter: ExpressionSpecification
  colour: ExpressionSpecification | string
}

/**
 * The choropleth's expressions for these shades (neighbourhood id → 0–1).
 * Example: choroplethStyle(new Map([['a', 0.5]])).colour → ['interpolate', ['linear'], ['match', ['get', 'id'], 'a', 0.5, 0], 0, '#f7fbff', …]
 */
export function choroplethStyle(shades: ReadonlyMap<string, number>): ChoroplethStyle {
  const ids = [...shades.keys()]
  if (ids.length === 0) return { filter: ['boolean', false], colour: CHOROPLETH_STOPS[0][1] }
  const value = ['match', ['get', 'id'], ...[...shades].flat(), 0]
  return {
    filter: ['all', ['!=', ['get', 'label'], true], ['match', ['get', 'id'], ids, true, false]] as ExpressionSpecification,
    colour: ['interpolate', ['linear'], value, ...CHOROPLETH_STOPS.flat()] as unknown as ExpressionSpecification,
  }
}

export const noShades = choroplethStyle(new Map())

export const neighbourhoodChoroplethLayer: LayerModule = {
  id: null,
  sourceId: neighbourhoodsLayer.sourceId,
  source: neighbourhoodsLayer.source,
  shared: true,
  interactiveLayers: [],
  layers: () => [
    withGroup('fill', {
      id: 'neighbourhood-choropleth-fill',
      type: 'fill',
      source: neighbourhoodsLayer.sourceId,
      'source-layer': 'neighbourhoods',
      filter: noShades.filter,
      paint: { 'fill-color': noShades.colour, 'fill-opacity': 0.5 },
    }),
  ],
}
