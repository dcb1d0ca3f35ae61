/**
 * Neighbourhood boundaries (the real ONS Blackpool and Rutland files) and Open Referral
 * UK services (the real Bristol and North Lincolnshire feeds, plus a tiny hand-made
 * feed with locations, which the real list endpoints lack) imported into PGlite.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runExport } from '../../src/import/export/run.ts'
import { ImportError } from '../../src/import/model.ts'
import { runImport } from '../../src/import/run.ts'
import { createTestDatabase } from '../helpers/pglite.ts'
import { haveSharedData, sharedData } from './shared-data.ts'

const ons = `${sharedData}/ons-boundaries-2011`
const oruk = `${sharedData}/oruk-sample-feeds`
const fixture = new URL('../fixtures/import/oruk-services-with-locations.json', import.meta.url).pathname

const ready = haveSharedData('boundary and Open Referral UK import tests')
let db: PGlite
let tmp: string

const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params)).rows[0].n

beforeAll(async () => {
  if (!ready) return
  tmp = await mkdtemp(path.join(os.tmpdir(), 'streetlevel-import-bnd-'))
  db = await createTestDatabase()
})

afterAll(async () => {
  await db?.close()
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

describe.runIf(ready)('importing neighbourhood boundaries', () => {
  it('rolls back boundaries already written when the file turns out to be truncated', async () => {
    // 94 features: the first batch of 50 is written inside the transaction before the cut.
    const text = await readFile(`${ons}/blackpool_lsoa2011.geojson`, 'utf8')
    const truncated = path.join(tmp, 'blackpool-truncated.geojson')
    await writeFile(truncated, text.slice(0, Math.floor(text.length * 0.85)))
    const error = await runImport(db, truncated).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ImportError)
    expect((error as Error).message).toMatch(/truncated/)
    expect(await count('select count(*)::int as n from public.neighbourhoods')).toBe(0)
    expect(await count('select count(*)::int as n from public.import_runs')).toBe(0)
  })

  it('imports the 94 Blackpool LSOAs, recognising ONS code and name properties', async () => {
    const summary = await runImport(db, `${ons}/blackpool_lsoa2011.geojson`)
    expect(summary).toMatchObject({ kind: 'boundaries', source: 'ons', neighbourhoods: { inserted: 94, updated: 0, unchanged: 0 } })
    const { rows } = await db.query<{ code: string; name: string; kind: string; type: string }>(
      `select code, name, kind, extensions.geometrytype(geom::extensions.geometry) as type
       from public.neighbourhoods where code like 'E0101%' order by code`,
    )
    expect(rows).toHaveLength(94)
    expect(rows[0].code).toBe('E01012662')
    expect(rows.at(-1)!.code).toBe('E01012755')
    expect(rows.every((r) => r.kind === 'lsoa' && r.type === 'MULTIPOLYGON')).toBe(true)
    expect(rows.find((r) => r.code === 'E01012681')?.name).toBe('Blackpool 006A')
  })

  it('puts Blackpool Tower in E01012736 and a point out at sea in no neighbourhood', async () => {
    const at = async (lon: number, lat: number) =>
      (
        await db.query<{ code: string }>(
          `select code from public.neighbourhoods
           where extensions.st_intersects(geom, extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326)::extensions.geography)`,
          [lon, lat],
        )
      ).rows.map((r) => r.code)
    expect(await at(-3.0553, 53.8159)).toEqual(['E01012736'])
    expect(await at(-3.07, 53.8159)).toEqual([])
  })

  it('changes nothing on re-import and keeps the rows’ ids', async () => {
    const ids = async () => (await db.query<{ id: string }>('select id from public.neighbourhoods order by code')).rows
    const before = await ids()
    const again = await runImport(db, `${ons}/blackpool_lsoa2011.geojson`)
    expect(again.neighbourhoods).toEqual({ inserted: 0, updated: 0, unchanged: 94 })
    expect(await ids()).toEqual(before)
  })

  it('turns Rutland’s mix of Polygons and MultiPolygons into MultiPolygons', async () => {
    const summary = await runImport(db, `${ons}/rutland_lsoa2011.geojson`)
    expect(summary.neighbourhoods.inserted).toBe(23)
    expect(
      await count(
        `select count(*)::int as n from public.neighbourhoods
         where code between 'E01013787' and 'E01013809' and extensions.geometrytype(geom::extensions.geometry) = 'MULTIPOLYGON'`,
      ),
    ).toBe(23)
  })

  it('takes the name and code properties and the kind from options (wards)', async () => {
    const summary = await runImport(db, `${ons}/blackpool_wards2013.geojson`, {
      nameProperty: 'WD13NM',
      codeProperty: 'WD13CD',
      kind: 'ward',
      source: 'ons-wards',
    })
    expect(summary.neighbourhoods.inserted).toBe(21)
    const { rows } = await db.query<{ name: string; kind: string; source: string }>(
      `select name, kind, source from public.neighbourhoods where kind = 'ward' order by name`,
    )
    expect(rows).toHaveLength(21)
    expect(rows[0]).toEqual({ name: 'Anchorsholme', kind: 'ward', source: 'ons-wards' })
  })

  it('rolls everything back on a dry run, while still counting what it would do', async () => {
    const before = await count('select count(*)::int as n from public.neighbourhoods')
    const summary = await runImport(db, `${ons}/blackpool_msoa2011.geojson`, { dryRun: true })
    expect(summary.neighbourhoods.inserted).toBe(19)
    expect(await count('select count(*)::int as n from public.neighbourhoods')).toBe(before)
    expect(await count(`select count(*)::int as n from public.import_runs where file_name = 'blackpool_msoa2011.geojson'`)).toBe(0)
  })

  it('keeps the import record out of the API roles’ reach', async () => {
    expect(await count('select count(*)::int as n from public.import_runs')).toBeGreaterThan(0)
    for (const role of ['anon', 'authenticated']) {
      await db.exec('begin')
      try {
        await db.exec(`set local role ${role}`)
        await expect(db.query('select * from public.import_runs')).rejects.toThrow(/permission denied/)
      } finally {
        await db.exec('rollback')
      }
    }
  })

  it('explains which properties exist when the named one is missing, and writes nothing', async () => {
    const before = await count('select count(*)::int as n from public.neighbourhoods')
    await expect(runImport(db, `${ons}/blackpool_msoa2011.geojson`, { nameProperty: 'NAME', codeProperty: 'MSOA11CD' })).rejects.toThrow(
      /no property "NAME".*MSOA11CD, MSOA11NM/,
    )
    expect(await count('select count(*)::int as n from public.neighbourhoods')).toBe(before)
  })
})

describe.runIf(ready)('importing Open Referral UK services', () => {
  it('reports every Bristol service as lacking a location (the list endpoint has none), and imports none', async () => {
    const report = path.join(tmp, 'bristol-report.json')
    const summary = await runImport(db, `${oruk}/bristol_council_oruk_services_2024-12.json`, { reportFile: report })
    expect(summary.assets).toEqual({ inserted: 0, updated: 0, unchanged: 0 })
    // 819 services: one is the feed's empty record, the rest have no location.
    expect(summary.skipped.reasons).toEqual({ 'no name': 1, 'no location with coordinates': 818 })
    const written = JSON.parse(await readFile(report, 'utf8')) as { skipped: { reason: string; item: string }[] }
    expect(written.skipped).toHaveLength(819)
    expect(written.skipped.some((s) => s.item.includes('1625 Independent People'))).toBe(true)
  })

  it('reports the North Lincolnshire feed the same way', async () => {
    const summary = await runImport(db, `${oruk}/north_lincolnshire_council_oruk_services_2024-12.json`)
    expect(summary.skipped.total).toBe(738)
    expect(summary.skipped.reasons['no location with coordinates']).toBe(738)
    expect(summary.skipped.examples['no location with coordinates']).toHaveLength(5)
  })

  it('imports services that have locations, one asset per location, keeping the service id', async () => {
    const summary = await runImport(db, fixture)
    expect(summary.assets.inserted).toBe(3)
    expect(summary.skipped.reasons).toEqual({
      'no location with coordinates': 1,
      'status is "inactive", not active': 1,
      'no category matched (pass --default-category)': 1,
      'the same id appears again later in the file': 1,
    })
    const { rows } = await db.query<Record<string, unknown>>(
      `select source_id, name, categories, address, opening_hours, contact, website,
              extensions.st_x(geom::extensions.geometry) as lon, extensions.st_y(geom::extensions.geometry) as lat
       from public.assets where source = 'oruk' order by source_id`,
    )
    expect(rows.map((r) => r.source_id)).toEqual(['fixture-food-1', 'fixture-youth-2/north', 'fixture-youth-2/south'])
    expect(rows[0]).toEqual({
      source_id: 'fixture-food-1',
      name: 'Community Larder & Café',
      categories: ['food'],
      address: '1 Queen Street, Blackpool, FY1 1PX',
      opening_hours: 'Tu 10:00-12:00; Fr 14:00-16:00',
      contact: '01234 567890, larder@example.org',
      website: 'https://www.example.org/larder',
      lon: -3.0531,
      lat: 53.8206,
    })
    expect(rows[1].categories).toEqual(['youth'])
  })

  it('uses --default-category for services the taxonomy table cannot place', async () => {
    const summary = await runImport(db, fixture, { defaultCategory: 'loneliness' })
    expect(summary.assets).toEqual({ inserted: 1, updated: 0, unchanged: 3 })
    expect(summary.notes['services given the default category (loneliness)']).toBe(1)
    await expect(runImport(db, fixture, { defaultCategory: 'nonsense' })).rejects.toThrow(/not a category/)
  })

  it('reads its own Open Referral UK export back to the same assets', async () => {
    let out = ''
    const exported = await runExport(db, 'assets', { write: async (t) => void (out += t) }, { format: 'oruk' })
    expect(exported.count).toBe(4)
    const file = path.join(tmp, 'roundtrip.json')
    await writeFile(file, out)
    const page = JSON.parse(out) as { totalElements: number; content: { id: string; service_taxonomys: unknown[] }[] }
    expect(page.totalElements).toBe(4)

    const summary = await runImport(db, file, { source: 'oruk:roundtrip' })
    expect(summary.assets.inserted).toBe(4)
    const pairs = await db.query<{ same: boolean }>(
      `select (a.name, a.categories, a.address, a.opening_hours, a.contact, a.website) is not distinct from
              (b.name, b.categories, b.address, b.opening_hours, b.contact, b.website)
              and extensions.st_distance(a.geom, b.geom) < 0.01 as same
       from public.assets a join public.assets b on b.source = 'oruk:roundtrip' and b.source_id = a.id::text
       where a.source = 'oruk'`,
    )
    expect(pairs.rows).toHaveLength(4)
    expect(pairs.rows.every((r) => r.same)).toBe(true)
  })
})
