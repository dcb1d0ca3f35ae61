/**
 * The demo seed as a bulk load (20261206001000_bulk_load.sql): loaded as shipped (the
 * tiles' versions, the briefs' clusters and the gap caches brought up to date once, at
 * the end) it leaves exactly the caches that loading it statement by statement leaves,
 * and every tile layer's version moved. On the local Postgres server (skipped loudly
 * without one, a failure under STREETLEVEL_REQUIRE_ALL=1).
 */
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoSeedFile, migrate, type SqlClient } from '../../src/db/migrations.ts'
import { engineAvailable, pgConfig, postgresWithPostgis } from '../helpers/engines.ts'

const hasPostgres = engineAvailable('bulk load on Postgres (tests/db/bulk-load.test.ts)', await postgresWithPostgis(),
  `no Postgres + PostGIS server answers at ${pgConfig.host}:${pgConfig.port}`)

const seed = readFileSync(demoSeedFile, 'utf8')
// The same statements without the bulk load: every cache kept up statement by statement.
const statementByStatement = seed.replace(/^set local streetlevel\.\w+ = 'on';\n/gm, '').replace(/^select private\.finish_bulk_load\(\);\n/m, '')

const CACHES = {
  brief_clusters: `select radius_m, need_id, brief_id, weight, extensions.st_astext(plane) as plane from private.brief_clusters`,
  brief_plane: 'select lon0 from private.brief_plane',
  need_coverage: 'select * from private.need_coverage',
  segment_supply: 'select * from private.segment_supply',
  group_supply: 'select * from private.group_supply',
  brief_members: 'select * from private.brief_members(400, null)',
}

const databases: string[] = []
let admin: pg.Client

async function loaded(sql: string): Promise<pg.Client> {
  const name = `streetlevel_bulk_${process.pid}_${databases.length}`
  await admin.query(`create database ${name}`)
  databases.push(name)
  const client = new pg.Client({ ...pgConfig, database: name })
  await client.connect()
  const db: SqlClient = { exec: (s) => client.query(s), query: async (s, params) => ({ rows: (await client.query(s, params)).rows }) }
  await migrate(db)
  await client.query(sql)
  return client
}

const sorted = async (client: pg.Client, sql: string) =>
  (await client.query<{ r: string }>(`select t::text as r from (${sql}) t`)).rows.map((row) => row.r).sort()

describe.runIf(hasPostgres)('the demo seed as a bulk load', () => {
  let bulk: pg.Client
  let stepwise: pg.Client

  beforeAll(async () => {
    admin = new pg.Client({ ...pgConfig, database: 'postgres' })
    await admin.connect()
    bulk = await loaded(seed)
    stepwise = await loaded(statementByStatement)
  }, 300_000)

  afterAll(async () => {
    await bulk?.end()
    await stepwise?.end()
    for (const name of databases) await admin?.query(`drop database if exists ${name} with (force)`)
    await admin?.end()
  })

  it('is a bulk load as shipped', () => {
    expect(seed).toContain("set local streetlevel.bulk_load = 'on';")
    expect(seed).toContain('select private.finish_bulk_load();\ncommit;')
    expect(statementByStatement).not.toMatch(/set local streetlevel|finish_bulk_load/)
  })

  for (const [name, sql] of Object.entries(CACHES)) {
    it(`leaves ${name} as loading it statement by statement does`, async () => {
      const expected = await sorted(stepwise, sql)
      expect(expected.length).toBeGreaterThan(0)
      expect(await sorted(bulk, sql)).toEqual(expected)
    })
  }

  it('moves the version of every tile layer, so no tile of an empty map is taken for this one', async () => {
    const layers = await bulk.query<{ layer: string }>(`select layer from private.tile_cells where cx = -1 and cy = -1 and version > 0 order by layer`)
    expect(layers.rows.map((r) => r.layer)).toEqual(['assets', 'enterprises', 'needs', 'neighbourhoods', 'places', 'streets'])
  })

  it('refuses to finish a bulk load that was not started', async () => {
    await expect(bulk.query('select private.finish_bulk_load()')).rejects.toMatchObject({ code: '55000' })
  })
})
