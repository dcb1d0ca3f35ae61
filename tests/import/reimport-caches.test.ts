/**
 * Re-imports and the caches an import keeps (issue 13: the import made cheaper must stay
 * exact), on PGlite and on a Postgres server (skipped loudly without one). On the real
 * Oakham extract, with needs pinned on its streets: after a first
 * import, a re-import that changes nothing, a re-import with one asset and one street
 * moved, and bulk builds (after the commit, and at the commit) that move every provider, the gap caches
 * equal a rebuild from scratch (private.refresh_gap_caches) and the walking graph equals
 * one built from scratch. A re-import that changes nothing rewrites nothing: not the
 * caches, not the streets as people know them, not the graph.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, type SqlClient } from '../../src/db/migrations.ts'
import { runImport } from '../../src/import/run.ts'
import { engineAvailable, pgConfig, postgresWithPostgis } from '../helpers/engines.ts'
import { createTestDatabase } from '../helpers/pglite.ts'
import { haveSharedData, sharedData } from './shared-data.ts'

const xml = `${sharedData}/osm-rutland-oakham/oakham.osm`
const ready = haveSharedData('re-import and gap cache tests')
const hasPostgres = engineAvailable('re-imports on Postgres (tests/import/reimport-caches.test.ts)', await postgresWithPostgis(),
  `no Postgres + PostGIS server answers at ${pgConfig.host}:${pgConfig.port}`)
const SLOW = 600_000

/** A fresh migrated database on one engine, and how to drop it. */
async function open(engine: 'pglite' | 'postgres'): Promise<{ db: SqlClient; close: () => Promise<void> }> {
  if (engine === 'pglite') {
    const lite = await createTestDatabase()
    return { db: lite, close: () => lite.close() }
  }
  const database = `streetlevel_reimport_${process.pid}`
  const admin = new pg.Client({ ...pgConfig, database: 'postgres' })
  await admin.connect()
  await admin.query(`create database ${database}`)
  const client = new pg.Client({ ...pgConfig, database })
  await client.connect()
  const db: SqlClient = { exec: (sql) => client.query(sql), query: async (sql, params) => ({ rows: (await client.query(sql, params)).rows }) }
  await migrate(db)
  return {
    db,
    close: async () => {
      await client.end()
      await admin.query(`drop database if exists ${database} with (force)`)
      await admin.end()
    },
  }
}

let db: SqlClient
let tmp: string

const rows = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows

const CACHES = `
  select 'supply ' || radius_m || ' ' || street_id || ' ' || category || ' ' || supply as r from private.segment_supply
  union all select 'group ' || radius_m || ' ' || group_id || ' ' || category || ' ' || supply from private.group_supply
  union all select 'demand ' || street_id || ' ' || category || ' ' || demand || ' ' || open_needs from private.segment_demand
  union all select 'coverage ' || radius_m || ' ' || need_id || ' ' || providers from private.need_coverage
  union all select 'street ' || radius_m || ' ' || street_id || ' ' || demand || ' ' || supply || ' '
                   || round(gap::numeric, 9) || ' ' || by_category::text from private.street_gap_rows
  union all select 'pending ' || kind || ' ' || count(*) from private.gap_cache_pending group by kind
  order by 1`
const GRAPH = `
  select 'edge ' || s.source_id || ' ' || e.i0 || ' ' || e.i1 || ' ' || u.kx || ',' || u.ky || ' ' || v.kx || ',' || v.ky
         || ' ' || round(e.w::numeric, 6) as r
  from private.walk_edges e join public.streets s on s.id = e.street_id
  join private.walk_nodes u on u.id = e.u join private.walk_nodes v on v.id = e.v
  union all select 'vertex ' || s.source_id || ' ' || x.i || ' ' || n.kx || ',' || n.ky || ' ' || round(x.cum::numeric, 6)
  from private.walk_vertices x join public.streets s on s.id = x.street_id join private.walk_nodes n on n.id = x.node
  order by 1`

/** What differs between the caches and graph as kept and as built from scratch (rolled back). */
async function drift(): Promise<string[]> {
  const snapshot = async () => [...(await rows<{ r: string }>(CACHES)), ...(await rows<{ r: string }>(GRAPH))].map((r) => r.r)
  const kept = await snapshot()
  await db.exec('begin')
  let rebuilt: string[]
  try {
    await db.exec(`select private.refresh_gap_caches();
      delete from private.walk_edges; delete from private.walk_vertices;
      select private.walk_vertices_add(array(select id from public.streets));
      select private.walk_edges_cut(array(select id from public.streets));`)
    rebuilt = await snapshot()
  } finally {
    await db.exec('rollback')
  }
  const a = new Set(kept)
  const b = new Set(rebuilt)
  return [...kept.filter((x) => !b.has(x)).map((x) => `kept only: ${x}`), ...rebuilt.filter((x) => !a.has(x)).map((x) => `rebuilt only: ${x}`)]
}

/** Row versions (xmin, ctid) of everything an import may rewrite: the same after a no-op re-import. */
const versions = async () =>
  rows(`select 'supply' as t, count(*)::int as n, string_agg(xmin::text || ctid::text, ',' order by ctid) as v from private.segment_supply
        union all select 'group', count(*)::int, string_agg(xmin::text || ctid::text, ',' order by ctid) from private.group_supply
        union all select 'rows', count(*)::int, string_agg(xmin::text || ctid::text, ',' order by ctid) from private.street_gap_rows
        union all select 'streets', count(*)::int, string_agg(xmin::text || ctid::text, ',' order by ctid) from public.streets
        union all select 'street_groups', count(*)::int, string_agg(xmin::text || ctid::text, ',' order by ctid) from public.street_groups
        union all select 'edges', count(*)::int, string_agg(xmin::text || ctid::text, ',' order by ctid) from private.walk_edges`)

const engines = (['pglite', 'postgres'] as const).filter((e) => e === 'pglite' || hasPostgres)

describe.runIf(ready).each(engines)('re-importing an extract (%s)', (engine) => {
  let close: () => Promise<void>
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'streetlevel-reimport-'))
    ;({ db, close } = await open(engine))
    await runImport(db, xml)
    // Needs on the imported streets: one next to each of a few assets (demand with supply)
    // and some on streets far from every asset (demand with none).
    await db.exec(`
      insert into public.needs (id, category, body, street_id, public_geom)
      select gen_random_uuid(), a.categories[1], 'Near an asset', s.id,
             extensions.st_closestpoint(s.geom::extensions.geometry, a.geom::extensions.geometry)::extensions.geography
      from (select * from public.assets order by source_id limit 12) a
      cross join lateral (select s.id, s.geom from public.streets s
                          order by s.geom operator(extensions.<->) a.geom limit 1) s;
      insert into public.needs (id, category, body, street_id, public_geom)
      select gen_random_uuid(), 'food', 'Far from any asset', s.id,
             extensions.st_lineinterpolatepoint(s.geom::extensions.geometry, 0.5)::extensions.geography
      from public.streets s
      where not exists (select 1 from public.assets a where extensions.st_dwithin(a.geom, s.geom, 800, false))
      order by s.source_id limit 8`)
  }, SLOW)

  afterAll(async () => {
    await close?.()
    if (tmp) await rm(tmp, { recursive: true, force: true })
  })

  it('after the first import and the needs, the caches and the walking graph are those built from scratch', async () => {
    const [c] = await rows<{ supplied: number; bare: number }>(
      `select count(*) filter (where supply > 0)::int as supplied, count(*) filter (where supply = 0)::int as bare
       from private.street_gap_rows where radius_m = 400`,
    )
    expect(c.supplied).toBeGreaterThan(0)
    expect(c.bare).toBeGreaterThan(0)
    expect(await drift()).toEqual([])
  }, SLOW)

  it('a re-import that changes nothing rewrites nothing: not the caches, the streets as people know them or the graph', async () => {
    const before = await versions()
    const again = await runImport(db, xml)
    expect(again.streets.inserted + again.streets.updated).toBe(0)
    expect(again.assets.inserted + again.assets.updated).toBe(0)
    expect(await versions()).toEqual(before)
    expect(await rows(`select count(*)::int as n from private.gap_cache_pending`)).toEqual([{ n: 0 }])
  }, SLOW)

  it('a re-import with one asset and one street moved brings the caches and the graph up to date', async () => {
    // An asset that is a node, moved about 300 m north; and a node in the middle of a way
    // that is a street, moved about 40 m (its segments change shape).
    const [asset] = await rows<{ source_id: string; street: string }>(
      `select a.source_id, (select s.id::text from public.streets s order by s.geom operator(extensions.<->) a.geom limit 1) as street
       from public.assets a where a.source_id like 'node/%' order by a.source_id limit 1`,
    )
    const text = await readFile(xml, 'utf8')
    const [street] = await rows<{ source_id: string }>(
      `select source_id from public.streets where source_id ~ '^way/[0-9]+$' and extensions.st_npoints(geom::extensions.geometry) >= 5
       order by source_id limit 1`,
    )
    const way = street.source_id.slice(4)
    const refs = [...new RegExp(`<way id="${way}"[^>]*>([\\s\\S]*?)</way>`).exec(text)![1].matchAll(/<nd ref="(\d+)"/g)].map((m) => m[1])
    const moveNode = (body: string, id: string, dLat: number) =>
      body.replace(new RegExp(`(<node id="${id}"[^>]*lat=")([-0-9.]+)`), (_m, head: string, lat: string) => `${head}${(Number(lat) + dLat).toFixed(7)}`)
    let changed = moveNode(text, asset.source_id.slice(5), 0.0027)
    changed = moveNode(changed, refs[Math.floor(refs.length / 2)], 0.00036)
    expect(changed).not.toBe(text)
    const file = path.join(tmp, 'oakham-changed.osm')
    await writeFile(file, changed)

    const supplyBefore = await rows(`select street_id, category, supply from private.segment_supply where street_id = $1 order by 1, 2`, [asset.street])
    const summary = await runImport(db, file)
    expect(summary.assets).toMatchObject({ inserted: 0, updated: 1 })
    expect(summary.streets.updated).toBeGreaterThanOrEqual(1)
    expect(summary.streets.inserted).toBe(0)
    expect(await rows(`select count(*)::int as n from private.gap_cache_pending`)).toEqual([{ n: 0 }])
    // The asset's old street lost or changed supply: the change reached the caches.
    expect(await rows(`select street_id, category, supply from private.segment_supply where street_id = $1 order by 1, 2`, [asset.street]))
      .not.toEqual(supplyBefore)
    expect(await drift()).toEqual([])
  }, SLOW)

  it('a bulk build after the commit (every provider moved, as a big import does) leaves no street\'s gap stale', async () => {
    await db.exec('begin')
    await db.exec(`set local streetlevel.defer_gap_caches = 'after_commit'`)
    await db.exec(`update public.assets set geom = extensions.st_project(geom, 1500, radians(135))`)
    await db.exec('commit')
    // As many changes as providers: the build starts from scratch (private.rebuild_supply).
    await db.query('select private.flush_gap_caches()')
    expect(await rows(`select count(*)::int as n from private.gap_cache_pending`)).toEqual([{ n: 0 }])
    expect(await drift()).toEqual([])
  }, SLOW)

  it('a bulk build at the commit of a transaction that defers (the deferred trigger runs it) is as exact', async () => {
    await db.exec('begin')
    await db.exec(`set local streetlevel.defer_gap_caches = 'on'`)
    await db.exec(`update public.assets set geom = extensions.st_project(geom, 1500, radians(315))`)
    await db.exec('commit')
    expect(await rows(`select count(*)::int as n from private.gap_cache_pending`)).toEqual([{ n: 0 }])
    expect(await drift()).toEqual([])
  }, SLOW)
})
