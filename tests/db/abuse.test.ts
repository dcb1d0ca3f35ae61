/**
 * The abuse script (tests/db/abuse.ts) on the demo town, on PGlite + PostGIS and on the
 * local Postgres + PostGIS server: fresh accounts try to adopt and mark met every open
 * need. Anonymous and unconfirmed accounts change nothing; a confirmed person lands 3
 * adoptions (a day), an enterprise they list 10; every claim stays in the demand.
 * The figures are printed and written to test-artifacts/abuse-<engine>.json.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { loadDemoData, migrate } from '../../src/db/migrations.ts'
import { engineAvailable, pgConfig, postgresWithPostgis } from '../helpers/engines.ts'
import { createTestDatabase } from '../helpers/pglite.ts'
import { runAbuse, type AbuseFigures } from './abuse.ts'

function holdsTheRules(f: AbuseFigures) {
  expect(f.needs_tried).toBeGreaterThan(50)
  expect(f.anonymous).toEqual({ adopted: 0, claimed: 0, refused: { '42501': f.needs_tried } })
  expect(f.unconfirmed).toEqual({ adopted: 0, claimed: 0, refused: { '42501': f.needs_tried } })
  expect(f.confirmed).toMatchObject({ adopted: 3, claimed: 3 })
  expect(f.confirmed.refused).toEqual({ PT429: f.needs_tried - 3 })
  expect(f.enterprises_listed).toBe(1)
  // The enterprise finds the person's 3 taken ("Someone is already on this need"), lands 10.
  expect(f.enterprise).toEqual({ adopted: 10, claimed: 10, refused: { '22023': 3, PT429: f.needs_tried - 13 } })
  // Not one need left the demand, the gaps or the unmet layer before its author confirmed.
  expect(f.after).toEqual(f.before)
}

async function record(engine: string, figures: AbuseFigures) {
  console.log(`abuse figures (${engine}):`, JSON.stringify(figures))
  await mkdir('test-artifacts', { recursive: true })
  await writeFile(`test-artifacts/abuse-${engine}.json`, JSON.stringify(figures, null, 2))
}

describe('the abuse script on PGlite (demo town)', () => {
  it('lets at most the allowed adoptions land, and no claim leaves the demand', async () => {
    const db = await createTestDatabase({ demo: true })
    try {
      const figures = await runAbuse(db)
      await record('pglite', figures)
      holdsTheRules(figures)
    } finally {
      await db.close()
    }
  }, 600_000)
})

const database = 'streetlevel_abuse_vitest'
const postgres = engineAvailable('the abuse script on Postgres (tests/db/abuse.test.ts)', await postgresWithPostgis(),
  `no Postgres server with PostGIS at ${pgConfig.host}:${pgConfig.port}`)

describe.skipIf(!postgres)('the abuse script on Postgres (demo town)', () => {
  const client = new pg.Client({ ...pgConfig, database })
  afterAll(async () => {
    await client.end().catch(() => {})
  })

  it('lets at most the allowed adoptions land, and no claim leaves the demand', async () => {
    const admin = new pg.Client(pgConfig)
    await admin.connect()
    await admin.query(`drop database if exists ${database} with (force)`)
    await admin.query(`create database ${database}`)
    await admin.end()
    await client.connect()
    const db = { exec: (sql: string) => client.query(sql), query: (sql: string, params?: unknown[]) => client.query(sql, params) }
    await migrate(db as never)
    await loadDemoData(db as never)
    const figures = await runAbuse(db)
    await record('postgres', figures)
    holdsTheRules(figures)
  }, 300_000)
})
