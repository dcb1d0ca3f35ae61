/**
 * Reads the map layers the gap verbs take from a migrated database, two ways:
 * - 'exact': as the superuser, with coordinates as the database holds them (float8, no
 *   rounding), and every need including hidden and met ones (so the verbs' own filters
 *   are exercised);
 * - 'map': through the public map API as `anon`, exactly what the browser receives
 *   (coordinates rounded to 6 decimals by st_asgeojson, unmet needs only).
 */
import type { Feature, LineString, Point } from 'geojson'
import type {
  GapAssetProps,
  GapEnterpriseProps,
  GapInput,
  GapNeedProps,
  GapNeighbourhoodProps,
  GapStreetProps,
} from '../../../src/geo/gapTypes.ts'
import type { SqlClient } from '../../../src/db/migrations.ts'

export interface GapLayers {
  streets: Feature<LineString, GapStreetProps>[]
  needs: Feature<Point, GapNeedProps>[]
  assets: Feature<Point, GapAssetProps>[]
  enterprises: Feature<Point, GapEnterpriseProps>[]
  neighbourhoods: GapNeighbourhoodProps[]
}

const point = <P>(coordinates: [number, number], properties: P): Feature<Point, P> => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates },
  properties,
})

export async function readExactLayers(db: SqlClient): Promise<GapLayers> {
  const streets = await db.query<{ id: string; name: string | null; neighbourhood_id: string | null; coords: [number, number][] }>(`
    select s.id, s.name, s.neighbourhood_id,
           (select json_agg(json_build_array(extensions.st_x(d.geom), extensions.st_y(d.geom)) order by d.path)
            from extensions.st_dumppoints(s.geom::extensions.geometry) d) as coords
    from public.streets s order by s.id`)
  const needs = await db.query<GapNeedProps & { hidden: boolean; lon: number; lat: number }>(`
    select n.id, n.category, n.status, n.street_id, n.supporters_count as supporters,
           n.hidden_at is not null as hidden,
           extensions.st_x(n.public_geom::extensions.geometry) as lon,
           extensions.st_y(n.public_geom::extensions.geometry) as lat
    from public.needs n order by n.id`)
  const assets = await db.query<GapAssetProps & { lon: number; lat: number }>(`
    select a.id, a.categories, extensions.st_x(a.geom::extensions.geometry) as lon,
           extensions.st_y(a.geom::extensions.geometry) as lat
    from public.assets a order by a.id`)
  const enterprises = await db.query<GapEnterpriseProps & { lon: number; lat: number }>(`
    select e.id, e.categories, e.status, extensions.st_x(e.geom::extensions.geometry) as lon,
           extensions.st_y(e.geom::extensions.geometry) as lat
    from public.enterprises e order by e.id`)
  const neighbourhoods = await db.query<GapNeighbourhoodProps>('select id, code, name from public.neighbourhoods order by id')
  return {
    streets: streets.rows.map((s) => ({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: s.coords },
      properties: { id: s.id, name: s.name, neighbourhood_id: s.neighbourhood_id },
    })),
    needs: needs.rows.map(({ lon, lat, ...p }) => point([lon, lat], p)),
    assets: assets.rows.map(({ lon, lat, ...p }) => point([lon, lat], p)),
    enterprises: enterprises.rows.map(({ lon, lat, ...p }) => point([lon, lat], p)),
    neighbourhoods: neighbourhoods.rows,
  }
}

/** The layers as `anon` gets them from the map API over the whole served area. */
export async function readMapLayers(db: SqlClient): Promise<GapLayers> {
  await db.exec('begin')
  try {
    await db.exec(`select set_config('request.jwt.claims', '{"role":"anon"}', true); set local role anon`)
    const { rows } = await db.query<{ streets: any; needs: any; assets: any; enterprises: any; neighbourhoods: any }>(`
      with b as (
        select extensions.st_xmin(e) - 0.01 as w, extensions.st_ymin(e) - 0.01 as s,
               extensions.st_xmax(e) + 0.01 as e, extensions.st_ymax(e) + 0.01 as n
        from (select extensions.st_extent(geom::extensions.geometry)::extensions.geometry e
              from public.neighbourhoods) x)
      select public.map_streets(w, s, e, n) as streets, public.map_needs(w, s, e, n) as needs,
             public.map_assets(w, s, e, n) as assets, public.map_enterprises(w, s, e, n) as enterprises,
             public.map_neighbourhoods(w, s, e, n) as neighbourhoods
      from b`)
    const r = rows[0]
    for (const k of ['streets', 'needs', 'assets', 'enterprises', 'neighbourhoods'] as const) {
      if (r[k].truncated) throw new Error(`map_${k} was truncated; the comparison needs every feature`)
    }
    return {
      streets: r.streets.features,
      needs: r.needs.features,
      assets: r.assets.features,
      enterprises: r.enterprises.features,
      neighbourhoods: r.neighbourhoods.features.map((f: { properties: GapNeighbourhoodProps }) => f.properties),
    }
  } finally {
    await db.exec('rollback')
  }
}

export function gapInput(layers: GapLayers, radiusM: number, categories: string[] | null = null): GapInput {
  return { ...layers, radiusM, categories }
}
