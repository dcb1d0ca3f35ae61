/**
 * The common feature model every reader produces and the writer consumes. Readers
 * know file formats; the writer knows tables; this is all they share.
 *
 *   file ─▶ reader (osm/pbf, osm/xml, osm/overpass, osm/geojson, boundaries, oruk)
 *        ─▶ ImportItem stream ─▶ writer (one transaction, upsert by source id)
 */

/** [longitude, latitude] in WGS84 degrees. */
export type Position = [number, number]

/** A street segment: an OSM way, or the part of one between two junctions. */
export interface StreetFeature {
  type: 'street'
  /** 'way/<id>' for a way kept whole, 'way/<id>/<n>' for its n-th segment (n from 1). */
  sourceId: string
  name: string | null
  highway: string
  coordinates: Position[]
}

/** A community asset at a point (closed areas arrive as their centroid). */
export interface AssetFeature {
  type: 'asset'
  sourceId: string
  name: string
  categories: string[]
  lon: number
  lat: number
  address: string | null
  openingHours: string | null
  contact: string | null
  website: string | null
}

/** A named place (OSM place=*): towns and villages give streets their settlement. */
export interface PlaceFeature {
  type: 'place'
  /** 'node/<id>', or 'way/<id>' for a place mapped only as an area (at its centroid). */
  sourceId: string
  name: string
  kind: PlaceKind
  lon: number
  lat: number
}

export type PlaceKind = 'city' | 'town' | 'village' | 'hamlet' | 'suburb' | 'quarter' | 'neighbourhood' | 'locality'
export const placeKinds: readonly PlaceKind[] = ['city', 'town', 'village', 'hamlet', 'suburb', 'quarter', 'neighbourhood', 'locality']

/** Context drawn under the streets (water, woods, parks, railways, landmarks): see osm-tags.json "context". */
export interface ContextFeature {
  type: 'context'
  /** 'way/<id>', 'relation/<id>' (a multipolygon) or 'node/<id>'. */
  sourceId: string
  kind: 'water' | 'waterway' | 'wood' | 'park' | 'railway' | 'landmark'
  name: string | null
  geometry:
    | { type: 'Point'; coordinates: Position }
    | { type: 'LineString'; coordinates: Position[] }
    | { type: 'Polygon'; coordinates: Position[][] }
    | { type: 'MultiPolygon'; coordinates: Position[][][] }
}

/** A ward: a boundary level above LSOAs that people know by name ("Oakham North West"). */
export interface WardFeature {
  type: 'ward'
  code: string
  name: string
  geometry: NeighbourhoodFeature['geometry']
}

/** A neighbourhood boundary (always stored as a MultiPolygon). */
export interface NeighbourhoodFeature {
  type: 'neighbourhood'
  code: string
  name: string
  kind: NeighbourhoodKind
  geometry: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] }
}

/** Something in the file that was deliberately not imported, and why. */
export interface Skip {
  type: 'skip'
  /** A sentence fragment shared by all items skipped for the same reason. */
  reason: string
  /** Identifies the item for the report (an id, a name). */
  item?: string
}

/** Something imported with a caveat worth counting (e.g. named from its kind). */
export interface Note {
  type: 'note'
  note: string
}

export type ImportFeature = StreetFeature | AssetFeature | NeighbourhoodFeature | PlaceFeature | ContextFeature | WardFeature
export type ImportItem = ImportFeature | Skip | Note

export type NeighbourhoodKind = 'lsoa' | 'msoa' | 'ward' | 'local'
export const neighbourhoodKinds: readonly NeighbourhoodKind[] = ['lsoa', 'msoa', 'ward', 'local']

export type ImportKind = 'osm' | 'boundaries' | 'oruk'
export type FileFormat = 'osm-pbf' | 'osm-xml' | 'overpass-json' | 'geojson' | 'oruk-json'

export interface TableCounts {
  inserted: number
  updated: number
  unchanged: number
}

/** What an import did; printed at the end and stored in import_runs.summary. */
export interface ImportSummary {
  file: string
  kind: ImportKind
  format: FileFormat
  source: string
  streets: TableCounts
  assets: TableCounts
  neighbourhoods: TableCounts
  places: TableCounts
  /** Water, woods, parks, railways and landmarks (public.context_features). */
  context?: TableCounts
  /** Wards (public.wards), and the LSOAs linked to one. */
  wards?: TableCounts & { linked: number }
  /** After the import: streets as people know them (named, and unnamed ones labelled from context). */
  streetGroups: { streets: number; unnamed: number }
  /** Assets of this source outside the served area (more than 200 m from every neighbourhood). */
  assetsOutsideServedArea: number
  skipped: { total: number; reasons: Record<string, number>; examples: Record<string, string[]> }
  notes: Record<string, number>
  /** After a boundary import: streets (and needs on them) moved to another neighbourhood. */
  reassigned: { streets: number; needs: number }
  durationMs: number
  /** The gap caches' build, right after the import's commit (not in durationMs). */
  gapCachesMs?: number
}

/** Thrown for bad input: the message is for the person running the import. */
export class ImportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ImportError'
  }
}
