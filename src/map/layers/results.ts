/**
 * The projects tab's results on the map: the enterprises' diamonds, drawn from the
 * results themselves (GeoJSON: one marker per place of the listed opportunities), while
 * the tiled enterprises layer is hidden. Picked as enterprises.
 */
import type { SymbolLayerSpecification } from '@maplibre/maplibre-gl-style-spec'
import { DIAMOND, enterprisesLayer } from './enterprises.ts'
import type { LayerModule } from './types.ts'

export const RESULTS_SOURCE = 'sl-results'

export const resultsLayer: LayerModule = {
  id: null,
  sourceId: RESULTS_SOURCE,
  source: { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'id' },
  interactiveLayers: ['results-symbol'],
  images: [DIAMOND],
  layers: (ctx) =>
    enterprisesLayer.layers(ctx).map((l) => {
      const spec: SymbolLayerSpecification = { ...(l as SymbolLayerSpecification), id: 'results-symbol', source: RESULTS_SOURCE }
      delete spec['source-layer']
      return spec
    }),
}
