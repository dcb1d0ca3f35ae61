import type { LayerSpecification, SourceSpecification } from '@maplibre/maplibre-gl-style-spec'
import type { FeatureCollection } from 'geojson'
import type { Category, LayerId } from '../../data/types.ts'

/** What layer specs are built from: the category taxonomy (colours) and the fonts. */
export interface LayerContext {
  categories: Category[]
  fonts: { regular: string[]; bold: string[] }
  /** The tiled layers' tile URL template (src/data/tiles.ts); absent, the placeholder stays. */
  tileUrl?: string
}

/**
 * Draw order across modules: fills under lines under labels under points. A module's
 * layers carry their group in `metadata`, and the style sorts by it (stable), so a
 * module may put its labels above other modules' lines.
 */
export const GROUPS = ['fill', 'line', 'label', 'point', 'top'] as const
export type Group = (typeof GROUPS)[number]
export const GROUP_KEY = 'streetlevel:group'

/** A map layer as data: its source and its style layers. It calls no map methods. */
export interface LayerModule {
  /** The toggle this module answers to (null: always on, e.g. "you are here"). */
  id: LayerId | null
  sourceId: string
  source: SourceSpecification
  /** Drawn from the tiled layers' one vector source (map_tile): its layers read the source-layer named after `id`. */
  tiled?: boolean
  /** Its layers draw on another module's source (sourceId): it adds no source of its own. */
  shared?: boolean
  layers(ctx: LayerContext): LayerSpecification[]
  /** Layers a pointer can hover or pick; their features carry `id` (promoteId). */
  interactiveLayers: string[]
  /** SDF images the layers use, drawn by src/map/icons.ts and added by the adapter. */
  images?: string[]
  /** A second source computed from the first's data by a pure function (e.g. label points). */
  derived?: {
    sourceId: string
    source: SourceSpecification
    from(data: FeatureCollection): FeatureCollection
  }
}

export const withGroup = <L extends LayerSpecification>(group: Group, layer: L): L => ({
  ...layer,
  metadata: { ...(layer.metadata as object | undefined), [GROUP_KEY]: group },
})

export const groupOf = (layer: LayerSpecification): Group =>
  ((layer.metadata as Record<string, unknown> | undefined)?.[GROUP_KEY] as Group | undefined) ?? 'point'
