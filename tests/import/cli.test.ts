/**
 * `npm run import` and `npm run export` as someone would run them: as child processes,
 * against a real Postgres + PostGIS (DATABASE_URL, a fresh database per run) and
 * against the embedded backend's PGlite data folder (STREETLEVEL_DATA).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, repoRoot } from '../../src/db/migrations.ts'
import { engineAvailable, pgConfig, postgresWithPostgis } from '../helpers/engines.ts'
import { haveSharedData, sharedData } from './shared-data.ts'

const osm = `${sharedData}/osm-rutland-oakham`
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx')

interface Run {
  code: number
  stdout: string
  stderr: string
}

function cli(script: 'import' | 'export', args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      [path.join(repoRoot, 'src', 'import', 'cli', `${script}.ts`), ...args],
      // No DATABASE_URL or STREETLEVEL_DATA from the outside: each test says which it wants.
      { cwd: repoRoot, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

let tmp: string

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'streetlevel-import-cli-'))
})

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

const ready = haveSharedData('import/export command tests')
const hasPostgres = await postgresWithPostgis()

describe.runIf(ready && engineAvailable('import/export against Postgres (DATABASE_URL)', hasPostgres, 'no Postgres with PostGIS on 127.0.0.1:5432'))(
  'the import and export commands against Postgres (DATABASE_URL)',
  () => {
    const database = `streetlevel_import_${process.pid}_${Date.now()}`
    const url = `postgres://${pgConfig.user}@${pgConfig.host}:${pgConfig.port}/${database}`
    let client: pg.Client
    const counts = async () =>
      (
        await client.query<{ streets: number; assets: number; runs: number }>(
          `select (select count(*)::int from public.streets) as streets, (select count(*)::int from public.assets) as assets,
                  (select count(*)::int from public.import_runs) as runs`,
        )
      ).rows[0]

    beforeAll(async () => {
      const admin = new pg.Client(pgConfig)
      await admin.connect()
      await admin.query(`create database ${database}`)
      await admin.end()
      client = new pg.Client({ ...pgConfig, database })
      await client.connect()
      await migrate({ exec: (sql) => client.query(sql), query: (sql, params) => client.query(sql, params) as never })
    })

    afterAll(async () => {
      await client?.end()
      const admin = new pg.Client(pgConfig)
      await admin.connect()
      await admin.query(`drop database if exists ${database} with (force)`)
      await admin.end()
    })

    it('imports the Oakham PBF and prints a summary, progress going to stderr as plain lines', async () => {
      const run = await cli('import', [`${osm}/oakham.osm.pbf`], { DATABASE_URL: url })
      expect(run.stderr).toContain('import: reading ways')
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/streets\s+\d{4} inserted, 0 updated, 0 unchanged/)
      expect(run.stdout).toMatch(/highway=service without a name/)
      const after = await counts()
      expect(after.streets).toBeGreaterThan(1000)
      expect(after.runs).toBe(1)
    })

    it('updates in place when the same file comes again', async () => {
      const before = await counts()
      const run = await cli('import', [`${osm}/oakham.osm.pbf`, '--json', '--quiet'], { DATABASE_URL: url })
      expect(run.code).toBe(0)
      expect(run.stderr).toBe('')
      const summary = JSON.parse(run.stdout)
      expect(summary.streets).toEqual({ inserted: 0, updated: 0, unchanged: before.streets })
      expect(await counts()).toEqual({ ...before, runs: before.runs + 1 })
    })

    it('fails with a clear message and exit code 1 on a truncated file, changing nothing', async () => {
      const whole = await readFile(`${osm}/rutland-latest.osm.pbf`)
      const truncated = path.join(tmp, 'rutland-cut.osm.pbf')
      await writeFile(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)))
      const before = await counts()
      const run = await cli('import', [truncated], { DATABASE_URL: url })
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/Import failed: The PBF file ends in the middle of a block.*truncated/)
      expect(run.stderr).toContain('the database is unchanged')
      expect(await counts()).toEqual(before)
    })

    it('exports assets as Open Referral UK to a file, and street gaps as CSV to stdout', async () => {
      const out = path.join(tmp, 'assets-oruk.json')
      const run = await cli('export', ['assets', '--format', 'oruk', '--out', out], { DATABASE_URL: url })
      expect(run.code).toBe(0)
      expect(run.stderr).toContain('Attribution: Street geography and community places © OpenStreetMap contributors')
      const page = JSON.parse(await readFile(out, 'utf8'))
      expect(page.totalElements).toBe((await counts()).assets)
      expect(page.content[0].service_at_locations[0].location.latitude).toBeTypeOf('number')

      const gaps = await cli('export', ['street-gaps', '--format', 'csv'], { DATABASE_URL: url })
      expect(gaps.code).toBe(0)
      expect(gaps.stdout.split('\r\n')[0]).toBe('street_id,street_name,highway,neighbourhood_id,neighbourhood_name,demand,supply,gap,by_category,wkt')
    })

    it('rejects bad usage with exit code 2', async () => {
      const run = await cli('import', ['a', '--type', 'shapefile'], { DATABASE_URL: url })
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('--type must be osm, boundaries or oruk')
    })
  },
)

describe.runIf(ready)('the import and export commands against the embedded backend’s data folder', () => {
  it('creates the database in a new folder without the demo town, imports, and exports from it', async () => {
    const dataDir = path.join(tmp, 'data')
    const run = await cli('import', [`${osm}/oakham.osm.pbf`, '--quiet'], { STREETLEVEL_DATA: dataDir })
    expect(run.stderr).toContain('Applying the Supabase platform bootstrap')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`into ${dataDir} (embedded PGlite)`)
    // Marked as set up, so the server's first start keeps it rather than starting afresh.
    expect(existsSync(path.join(dataDir, 'initialised'))).toBe(true)

    const streets = await cli('export', ['streets', '--format', 'csv'], { STREETLEVEL_DATA: dataDir })
    expect(streets.code).toBe(0)
    const rows = streets.stdout.split('\r\n').filter(Boolean).slice(1)
    expect(rows.length).toBeGreaterThan(1000)
    // Only OSM data went in: none of the demo town's streets came with it.
    expect(rows.every((r) => r.includes(',osm,way/'))).toBe(true)
  }, 300_000)

  it('refuses to open a folder a running server holds', async () => {
    const dataDir = path.join(tmp, 'busy')
    const { mkdir } = await import('node:fs/promises')
    await mkdir(dataDir)
    // This test process stands in for the server: its pid is alive.
    await writeFile(path.join(dataDir, 'server.pid'), `${process.pid}\n`)
    const run = await cli('import', [`${osm}/oakham.osm.pbf`], { STREETLEVEL_DATA: dataDir })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/Another Street Level process \(pid \d+\) is using/)
  })
})
