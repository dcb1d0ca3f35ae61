/**
 * Legend counts: how many of each layer and each topic are in view. An asset or
 * enterprise serving several topics counts once per topic, and once in its layer.
 */
import type { PointLayerId } from '../../data/types.ts'
import { categoriesOf, type InView } from '../../state/filter.ts'

export interface LegendCounts {
  layers: Record<PointLayerId, number>
  /** slug → how many shown features in view serve it, by layer and in all. */
  topics: Record<string, { assets: number; enterprises: number; needs: number; total: number }>
}

export function countInView(inView: InView): LegendCounts {
  const topics: LegendCounts['topics'] = {}
  const layers = { assets: 0, enterprises: 0, needs: 0 }
  for (const layer of ['assets', 'enterprises', 'needs'] as const) {
    for (const f of inView[layer]) {
      layers[layer]++
      for (const slug of new Set(categoriesOf(f.properties))) {
        const t = (topics[slug] ??= { assets: 0, enterprises: 0, needs: 0, total: 0 })
        t[layer]++
        t.total++
      }
    }
  }
  return { layers, topics }
}
