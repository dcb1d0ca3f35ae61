/**
 * Plants community assets right at the edge of the catchment — R ± 2 mm and R ± 5 cm
 * square off the middle of a street's longest segment — so the agreement tests see the
 * cases where a sloppy distance would flip a count. Returns each planted asset with the
 * distance PostGIS itself measures (st_distance(…, false)).
 */
import type { SqlClient } from '../../../src/db/migrations.ts'
import { EARTH_RADIUS_M } from '../../../src/geo/lib/sphere.ts'

const RAD = Math.PI / 180
const unit = ([lon, lat]: number[]) => [Math.cos(lat * RAD) * Math.cos(lon * RAD), Math.cos(lat * RAD) * Math.sin(lon * RAD), Math.sin(lat * RAD)]
const norm = (v: number[]) => {
  const l = Math.hypot(v[0], v[1], v[2])
  return v.map((x) => x / l)
}

export const BOUNDARY_OFFSETS_M = [0.002, -0.002, 0.05, -0.05]

export interface Planted {
  id: string
  street_id: string
  category: string
  offset: number
  sql_distance_m: number
}

export async function plantBoundaryProviders(db: SqlClient, radiusM: number, streetCount: number): Promise<Planted[]> {
  const { rows: streets } = await db.query<{ street_id: string; category: string; coords: number[][] }>(
    `select g.street_id, g.by_category -> 0 ->> 'category' as category,
            (select json_agg(json_build_array(extensions.st_x(d.geom), extensions.st_y(d.geom)) order by d.path)
             from extensions.st_dumppoints(s.geom::extensions.geometry) d) as coords
     from public.street_gaps($1, null, null, 5000) g join public.streets s on s.id = g.street_id
     order by g.street_id limit $2`,
    [radiusM, streetCount],
  )
  const planted: Planted[] = []
  for (const [i, s] of streets.entries()) {
    let best = 1
    let len = -1
    for (let k = 1; k < s.coords.length; k++) {
      const d = Math.hypot(s.coords[k][0] - s.coords[k - 1][0], s.coords[k][1] - s.coords[k - 1][1])
      if (d > len) [best, len] = [k, d]
    }
    const a = unit(s.coords[best - 1])
    const b = unit(s.coords[best])
    const m = norm([a[0] + b[0], a[1] + b[1], a[2] + b[2]])
    const n = norm([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])
    const offset = BOUNDARY_OFFSETS_M[i % BOUNDARY_OFFSETS_M.length]
    const theta = (radiusM + offset) / EARTH_RADIUS_M
    const side = i % 2 === 0 ? 1 : -1
    const p = [0, 1, 2].map((k) => Math.cos(theta) * m[k] + side * Math.sin(theta) * n[k])
    const lon = Math.atan2(p[1], p[0]) / RAD
    const lat = Math.asin(p[2]) / RAD
    const { rows } = await db.query<{ id: string; d: number }>(
      `with a as (
         insert into public.assets (name, categories, source, source_id, geom)
         values ('Boundary test asset', array[$1], 'test-boundary', $2,
                 extensions.st_setsrid(extensions.st_makepoint($3, $4), 4326)::extensions.geography)
         returning id, geom)
       select a.id, extensions.st_distance(a.geom, s.geom, false) as d from a, public.streets s where s.id = $5`,
      [s.category, `${s.street_id}:${offset}`, lon, lat, s.street_id],
    )
    planted.push({ id: rows[0].id, street_id: s.street_id, category: s.category, offset, sql_distance_m: rows[0].d })
  }
  return planted
}
