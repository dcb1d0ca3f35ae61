/**
 * Streets as people know them, on real geography: the whole of Rutland from
 * OpenStreetMap (../shared/data/osm-rutland-oakham/rutland-latest.osm.pbf, © OpenStreetMap
 * contributors, ODbL) with the ONS LSOAs, imported on PGlite and on Postgres. A street is
 * the connected segments of one name in one settlement (private.refresh_street_groups).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import type { SqlClient } from '../../src/db/migrations.ts'
import { migrate } from '../../src/db/migrations.ts'
import { runImport } from '../../src/import/run.ts'
import { engineAvailable, postgresWithPostgis } from '../helpers/engines.ts'
import { createTestDatabase } from '../helpers/pglite.ts'
import { createPostgresDatabase } from '../helpers/server.ts'
import { haveSharedData, sharedData } from './shared-data.ts'

const ready = haveSharedData('street grouping on Rutland')
const hasPostgres = await postgresWithPostgis()
const rutland = `${sharedData}/osm-rutland-oakham/rutland-latest.osm.pbf`
const lsoas = `${sharedData}/ons-boundaries-2011/rutland_lsoa2011.geojson`

async function importRutland(db: SqlClient) {
  await runImport(db, lsoas, { nameProperty: 'LSOA11NM', codeProperty: 'LSOA11CD', kind: 'lsoa' })
  return runImport(db, rutland)
}

/** The whole grouping, engine-independently: each street's id, label and segments by OSM id. */
const groupingSql = `
  select g.id, g.label, g.settlement,
         string_agg(s.source_id, ',' order by s.source_id) as segments
  from public.street_groups g join public.streets s on s.group_id = g.id
  group by g.id, g.label, g.settlement order by g.id`

let db: SqlClient & { close(): Promise<void> }
let summary: Awaited<ReturnType<typeof importRutland>>
const q = async <T,>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows

beforeAll(async () => {
  if (!ready) return
  db = await createTestDatabase()
  summary = await importRutland(db)
}, 600_000)

afterAll(async () => {
  await db?.close()
})

describe.runIf(ready)('streets as people know them, on Rutland', () => {
  it('counts streets and their unnamed ones in the import summary', async () => {
    const [counts] = await q<{ streets: number; unnamed: number }>(
      `select count(*)::int as streets, (count(*) filter (where name is null))::int as unnamed from public.street_groups`,
    )
    expect(summary.streetGroups).toEqual(counts)
    expect(counts.streets).toBeGreaterThan(1000)
    expect(summary.places.inserted).toBeGreaterThan(50)
  })

  it('puts every segment in exactly one street', async () => {
    const [r] = await q<{ loose: number; mismatched: number }>(
      `select (select count(*)::int from public.streets where group_id is null) as loose,
              (select count(*)::int from public.street_groups g
               where g.segments <> (select count(*) from public.streets s where s.group_id = g.id)) as mismatched`,
    )
    expect(r).toEqual({ loose: 0, mismatched: 0 })
  })

  it("makes Oakham's High Street one street of all its segments", async () => {
    const rows = await q<{ id: string; segments: number }>(
      `select g.id, g.segments from public.street_groups g where g.name = 'High Street' and g.settlement = 'Oakham'`,
    )
    expect(rows).toHaveLength(1)
    // Every segment called High Street within 600 m of Oakham's place node is in it.
    const [near] = await q<{ n: number }>(
      `select count(*)::int as n from public.streets s, public.places p
       where p.name = 'Oakham' and p.kind = 'town' and s.name = 'High Street'
         and extensions.st_dwithin(s.geom, p.geom, 600, false)`,
    )
    expect(near.n).toBeGreaterThan(1)
    expect(rows[0].segments).toBe(near.n)
  })

  it('keeps the Main Streets of different villages in one LSOA apart', async () => {
    const rows = await q<{ settlement: string; segments: number }>(
      `select g.settlement, g.segments from public.street_groups g
       join public.neighbourhoods nb on nb.id = g.neighbourhood_id
       where g.name = 'Main Street' and nb.name = 'Rutland 001A' order by g.settlement`,
    )
    // Barrow, Cottesmore, Market Overton and Teigh each have their own Main Street.
    expect(rows.map((r) => r.settlement)).toEqual(expect.arrayContaining(['Barrow', 'Cottesmore', 'Market Overton', 'Teigh']))
    expect(new Set(rows.map((r) => r.settlement)).size).toBe(rows.length)
    // And no street's pieces lie in two villages kilometres apart.
    const [far] = await q<{ n: number }>(
      `select count(*)::int as n from public.street_groups g
       where g.name = 'Main Street' and extensions.st_length(extensions.st_longestline(g.geom::extensions.geometry, g.geom::extensions.geometry)::extensions.geography, false) > 3000`,
    )
    expect(far.n).toBe(0)
  })

  it('never lists one street twice: one row per name and settlement', async () => {
    const dupes = await q(`select name, settlement from public.street_groups where name is not null
                           group by name, settlement having count(*) > 1`)
    expect(dupes).toEqual([])
  })

  it('labels unnamed paths from the named street they are off, or the nearest place', async () => {
    const rows = await q<{ label: string; ok: boolean }>(
      `select g.label,
              g.label like '% off %' = exists (select 1 from public.streets s where s.name is not null
                                                and extensions.st_dwithin(s.geom, g.geom, 30, false)) as ok
       from public.street_groups g where g.name is null`,
    )
    expect(rows.length).toBeGreaterThan(100)
    expect(rows.filter((r) => !r.ok)).toEqual([])
    expect(rows.some((r) => /^footpath off High Street$/.test(r.label))).toBe(true)
  })

  it('snaps a pin to a named street within 40 m rather than to a nearer unnamed footpath', async () => {
    const rows = await q<{ named: boolean; snapped_name: string | null }>(
      `with probe as (
         select extensions.st_lineinterpolatepoint(f.geom::extensions.geometry, 0.5)::extensions.geography as pt
         from public.streets f
         where f.name is null and f.highway = 'footway'
           and exists (select 1 from public.streets s where s.name is not null
                       and extensions.st_dwithin(s.geom, extensions.st_lineinterpolatepoint(f.geom::extensions.geometry, 0.5)::extensions.geography, 35, false))
         order by f.source_id limit 20
       )
       select true as named, (select s.name from private.snap_to_street(p.pt) x join public.streets s on s.id = x.street_id) as snapped_name
       from probe p`,
    )
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.filter((r) => r.snapped_name === null)).toEqual([])
  })

  it('keeps street ids when the grouping is computed again', async () => {
    const before = await q(groupingSql)
    await db.query('select private.refresh_street_groups()')
    expect(await q(groupingSql)).toEqual(before)
  })

  it.runIf(engineAvailable('street grouping on Postgres', hasPostgres, 'no Postgres with PostGIS on 127.0.0.1:5432'))(
    'groups the same streets, with the same ids and labels, on Postgres',
    async () => {
      const target = await createPostgresDatabase()
      const client = new pg.Client(target.url)
      await client.connect()
      try {
        const conn: SqlClient = { exec: (sql) => client.query(sql) as never, query: (sql, params) => client.query(sql, params) as never }
        await migrate(conn)
        await importRutland(conn)
        const onPostgres = (await client.query(groupingSql)).rows
        expect(onPostgres).toEqual(await q(groupingSql))
      } finally {
        await client.end()
        await target.drop()
      }
    },
    600_000,
  )
})
