/** Neighbourhood boundaries: the land the town stands on, dashed edges, and names. */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { labelPoint } from '../../geo/labelPoint.ts'
import { isHovered, isSelected, palette } from './paint.ts'
import { withGroup, type LayerModule } from './types.ts'

export const neighbourhoodsLayer: LayerModule = {
  id: 'neighbourhoods',
  sourceId: 'sl-neighbourhoods',
  source: { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'id' },
  interactiveLayers: ['neighbourhoods-fill'],
  // One label per neighbourhood: labels on the tiled polygons would repeat in every tile.
  derived: {
    sourceId: 'sl-neighbourhood-labels',
    source: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    from: (data: FeatureCollection): FeatureCollection => ({
      type: 'FeatureCollection',
      features: data.features.flatMap((f) => {
        const at = labelPoint(f.geometry as Polygon | MultiPolygon)
        return at ? [{ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: at }, properties: { name: f.properties?.name as string | undefined } }] : []
      }),
    }),
  },
  layers: (ctx) => [
    // The fill is the land: with no basemap, the background around it reads as sea.
    withGroup('fill', {
      id: 'neighbourhoods-fill',
      type: 'fill',
      source: 'sl-neighbourhoods',
      paint: {
        'fill-color': ['case', isSelected, palette.landHover, isHovered, palette.landHover, palette.land] as ExpressionSpecification,
        'fill-antialias': true,
      },
    }),
    withGroup('line', {
      id: 'neighbourhoods-outline',
      type: 'line',
      source: 'sl-neighbourhoods',
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
      source: 'sl-neighbourhood-labels',
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
