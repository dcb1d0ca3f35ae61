/**
 * What can be exported, as SQL. Every query runs as the `anon` role inside a
 * read-only transaction (see run.ts), so row-level security decides what leaves the
 * database exactly as it decides what the public map shows: hidden needs never, the
 * private half of a need (need_private, its exact point and author) never, and no
 * column is selected that the public map does not already show.
 */

export type LayerName =
  | 'streets'
  | 'neighbourhoods'
  | 'assets'
  | 'enterprises'
  | 'needs'
  | 'street-gaps'
  | 'neighbourhood-gaps'

export const layerNames: readonly LayerName[] = [
  'streets',
  'neighbourhoods',
  'assets',
  'enterprises',
  'needs',
  'street-gaps',
  'neighbourhood-gaps',
]

export interface GapParams {
  radius: number
  categories: string[] | null
  /** street-gaps only: a neighbourhood's uuid. */
  neighbourhood: string | null
  max: number
}

/** One exported row: its properties, its geometry as GeoJSON and WKT, and its source. */
export interface Row {
  id: string
  properties: Record<string, unknown>
  geojson: string
  wkt: string
  source: string | null
}

export interface Layer {
  name: LayerName
  /** Property columns, in CSV order. */
  columns: string[]
  /** Points export as lon/lat columns in CSV; lines and polygons as WKT. */
  point: boolean
  /**
   * The query: `$1` is the last id of the previous page for paged layers (keyset
   * pagination keeps memory bounded), or the gap parameters for gap tables.
   */
  sql: string
  paged: boolean
}

// Seven decimals (about 1 cm) by default, OpenStreetMap's own precision, so exported
// streets match the imported ones exactly; boundaries get six (about 10 cm).
const geo = (column: string, digits = 7) =>
  `extensions.st_asgeojson(${column}, ${digits}) as geojson, extensions.st_astext(${column}, ${digits}) as wkt`

const page = 1000
export const pageSize = page

export const layers: Record<LayerName, Layer> = {
  streets: {
    name: 'streets',
    columns: ['id', 'name', 'highway', 'neighbourhood_id', 'neighbourhood_code', 'source', 'source_id'],
    point: false,
    paged: true,
    sql: `select s.id, s.name, s.highway, s.neighbourhood_id, n.code as neighbourhood_code, s.source, s.source_id, ${geo('s.geom')}
          from public.streets s left join public.neighbourhoods n on n.id = s.neighbourhood_id
          where s.id > $1 order by s.id limit ${page}`,
  },
  neighbourhoods: {
    name: 'neighbourhoods',
    columns: ['id', 'code', 'name', 'kind', 'source'],
    point: false,
    paged: true,
    sql: `select n.id, n.code, n.name, n.kind, n.source, ${geo('n.geom', 6)}
          from public.neighbourhoods n where n.id > $1 order by n.id limit 100`,
  },
  assets: {
    name: 'assets',
    columns: ['id', 'name', 'categories', 'address', 'opening_hours', 'contact', 'website', 'source', 'source_id', 'verified', 'updated_at'],
    point: true,
    paged: true,
    sql: `select a.id, a.name, a.categories, a.address, a.opening_hours, a.contact, a.website, a.source, a.source_id,
                 a.verified, a.updated_at, ${geo('a.geom')}
          from public.assets a where a.id > $1 order by a.id limit ${page}`,
  },
  enterprises: {
    // Not owner_id: who runs an enterprise account is not public.
    name: 'enterprises',
    columns: ['id', 'name', 'social_goal', 'categories', 'status', 'contact', 'website', 'source'],
    point: true,
    paged: true,
    sql: `select e.id, e.name, e.social_goal, e.categories, e.status, e.contact, e.website, e.source, ${geo('e.geom')}
          from public.enterprises e where e.id > $1 order by e.id limit ${page}`,
  },
  needs: {
    // The public, street-level point only (public_geom); the exact point is in
    // need_private, which is neither joined here nor readable by anon.
    name: 'needs',
    columns: ['id', 'category', 'body', 'status', 'street_id', 'street_name', 'neighbourhood_id', 'supporters', 'created_at', 'status_changed_at'],
    point: true,
    paged: true,
    sql: `select n.id, n.category, n.body, n.status, n.street_id, s.name as street_name, n.neighbourhood_id,
                 n.supporters_count as supporters, n.created_at, n.status_changed_at, null::text as source, ${geo('n.public_geom')}
          from public.needs n join public.streets s on s.id = n.street_id
          where n.id > $1 and n.hidden_at is null order by n.id limit ${page}`,
  },
  'street-gaps': {
    name: 'street-gaps',
    columns: ['street_id', 'street_name', 'highway', 'neighbourhood_id', 'neighbourhood_name', 'demand', 'supply', 'gap', 'by_category'],
    point: false,
    paged: false,
    sql: `select g.street_id as id, g.street_id, g.street_name, g.highway, g.neighbourhood_id, g.neighbourhood_name,
                 g.demand, g.supply, g.gap, g.by_category, s.source, ${geo('s.geom')}
          from public.street_gaps($1, $2, $3, $4) g join public.streets s on s.id = g.street_id
          order by g.gap desc, g.street_name, g.street_id`,
  },
  'neighbourhood-gaps': {
    name: 'neighbourhood-gaps',
    columns: ['neighbourhood_id', 'code', 'name', 'open_needs', 'demand', 'covered_needs', 'coverage', 'gap', 'top_unmet', 'needs_raised', 'needs_met', 'share_met', 'median_days_to_met'],
    point: false,
    paged: false,
    sql: `select g.neighbourhood_id as id, g.*, n.source, ${geo('n.geom', 6)}
          from public.neighbourhood_gaps($1, $2) g join public.neighbourhoods n on n.id = g.neighbourhood_id
          order by g.gap desc, g.name`,
  },
}
