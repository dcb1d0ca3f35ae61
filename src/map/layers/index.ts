/** Every layer module, in the order their groups are drawn within. */
import { assetsLayer } from './assets.ts'
import { contextLayer } from './context.ts'
import { enterprisesLayer } from './enterprises.ts'
import { hypotheticalLayer } from './hypothetical.ts'
import { locationLayer } from './location.ts'
import { mineLayer } from './mine.ts'
import { needsLayer } from './needs.ts'
import { neighbourhoodChoroplethLayer } from './neighbourhoodChoropleth.ts'
import { neighbourhoodsLayer } from './neighbourhoods.ts'
import { placesLayer } from './places.ts'
import { resultsLayer } from './results.ts'
import { streetGapsLayer } from './streetGaps.ts'
import { streetsLayer } from './streets.ts'
import type { LayerModule } from './types.ts'
import type { LayerId } from '../../data/types.ts'

export const layerModules: LayerModule[] = [
  neighbourhoodsLayer,
  neighbourhoodChoroplethLayer,
  // Water, woods and railways: over the land (and the planner's shading), under the streets.
  contextLayer,
  streetsLayer,
  streetGapsLayer,
  placesLayer,
  assetsLayer,
  enterprisesLayer,
  resultsLayer,
  needsLayer,
  hypotheticalLayer,
  mineLayer,
  locationLayer,
]

export const moduleFor = (id: LayerId): LayerModule => {
  const found = layerModules.find((m) => m.id === id)
  if (!found) throw new Error(`No layer module for ${id}`)
  return found
}

export {
  assetsLayer, contextLayer, enterprisesLayer, hypotheticalLayer, locationLayer, mineLayer, needsLayer, neighbourhoodChoroplethLayer,
  neighbourhoodsLayer, placesLayer, resultsLayer, streetGapsLayer, streetsLayer,
}
