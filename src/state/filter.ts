/**
 * Which loaded features are shown: the layers switched on, and the topics chosen. The
 * same rule serves the map, the legend and the list, so they always agree.
 */
import { inBBox } from '../geo/inBBox.ts'
import type { BBox, LayerData, LayerId, PointLayerId } from '../data/types.ts'
import { POINT_LAYERS } from '../data/types.ts'

/** Categories of a point feature: assets and enterprises serve several, a need has one. */
export function categoriesOf(properties: { categories?: string[]; category?: string }): string[] {
  return properties.categories ?? (properties.category ? [properties.category] : [])
}

/** Keeps features serving any of the topics (null: all topics; []: none). */
export function filterByTopics<F extends { properties: { categories?: string[]; category?: string } }>(
  features: F[],
  topics: string[] | null,
): F[] {
  if (topics === null) return features
  const wanted = new Set(topics)
  return features.filter((f) => categoriesOf(f.properties).some((c) => wanted.has(c)))
}

/** The data the map draws: point layers filtered by topic; lines and areas as loaded. */
export function shownData(data: LayerData, topics: string[] | null): LayerData {
  return {
    streets: data.streets,
    neighbourhoods: data.neighbourhoods,
    assets: { ...data.assets, features: filterByTopics(data.assets.features, topics) },
    enterprises: { ...data.enterprises, features: filterByTopics(data.enterprises.features, topics) },
    needs: { ...data.needs, features: filterByTopics(data.needs.features, topics) },
  }
}

export interface InView {
  assets: LayerData['assets']['features']
  enterprises: LayerData['enterprises']['features']
  needs: LayerData['needs']['features']
  /** A visible layer's answer was cut short by the server's cap. */
  truncated: boolean
  /** Below street zoom: how many needs the tiles' cells in view count (they are not listed one by one). */
  aggregatedNeeds?: number | null
}

/** The shown point features inside the view box, for the visible layers only. */
export function pointsInView(shown: LayerData, view: BBox | null, visible: readonly LayerId[]): InView {
  const pick = <K extends PointLayerId>(k: K) =>
    (visible.includes(k) && view
      ? (shown[k].features as LayerData[K]['features']).filter((f) => inBBox(f.geometry, view))
      : []) as LayerData[K]['features']
  return {
    assets: pick('assets'),
    enterprises: pick('enterprises'),
    needs: pick('needs'),
    truncated: POINT_LAYERS.some((k) => visible.includes(k) && shown[k].truncated),
  }
}
