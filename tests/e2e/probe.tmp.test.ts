import { it } from 'vitest'
import { startTestServer } from '../helpers/server.ts'
it('probe', async () => {
  const s = await startTestServer()
  const q = async (sql: string) => console.log('ROWS ' + JSON.stringify(await s.db.transaction(async (tx) => { await tx.query('set local search_path = public, extensions'); return (await tx.query(sql)).rows })))
  await q(`select s.name, st_asgeojson(st_lineinterpolatepoint(s.geom::geometry, 0.5)) p, st_length(s.geom) len from public.streets s order by st_distance(s.geom, st_setsrid(st_makepoint(-3.4,54.1),4326)::geography) limit 5`)
  await q(`select min(st_xmin(geom::geometry)), min(st_ymin(geom::geometry)), max(st_xmax(geom::geometry)), max(st_ymax(geom::geometry)), count(*) from public.neighbourhoods`)
  // points in a neighbourhood but >160 m from any street
  await q(`select x, y from generate_series(-3.45, -3.35, 0.002) x, generate_series(54.07, 54.13, 0.001) y where exists (select 1 from public.neighbourhoods n where st_intersects(n.geom, st_setsrid(st_makepoint(x,y),4326)::geography)) and not exists (select 1 from public.streets s where st_dwithin(s.geom, st_setsrid(st_makepoint(x,y),4326)::geography, 180)) limit 5`)
  await q(`select category, count(*) from public.needs group by 1 order by 2 desc limit 3`)
  await s.stop()
}, 300000)
