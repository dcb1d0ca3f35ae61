/**
 * The map's own style, built from the layer modules: no basemap, a calm sea-coloured
 * background under the neighbourhoods' land. Data only; MapView hands it to MapLibre.
 */
import type { LayerSpecification, SourceSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec'
import { layerModules } from './layers/index.ts'
import { palette } from './layers/paint.ts'
import { GROUPS, groupOf, type LayerContext, type LayerModule } from './layers/types.ts'

/** Sources and layers of the given modules, layers sorted by draw group (stable). */
export function overlay(ctx: LayerContext, modules: LayerModule[] = layerModules) {
  const sources: Record<string, SourceSpecification> = {}
  const layers: LayerSpecification[] = []
  for (const m of modules) {
    if (!m.shared) sources[m.sourceId] = m.tiled && ctx.tileUrl ? { ...m.source, tiles: [ctx.tileUrl] } as SourceSpecification : m.source
    if (m.derived) sources[m.derived.sourceId] = m.derived.source
    layers.push(...m.layers(ctx))
  }
  const rank = (l: LayerSpecification) => GROUPS.indexOf(groupOf(l))
  return { sources, layers: layers.map((l, i) => ({ l, i })).sort((a, b) => rank(a.l) - rank(b.l) || a.i - b.i).map((x) => x.l) }
}

export function buildStyle(ctx: LayerContext & { glyphs: string }): StyleSpecification {
  const { sources, layers } = overlay(ctx)
  return {
    version: 8,
    name: 'Street Level',
    glyphs: ctx.glyphs,
    sources,
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': palette.sea } }, ...layers],
  }
}
