/**
 * The same bootstrap, migrations and demo town load on PGlite + PostGIS (the embedded
 * backend's engine), and the API functions behave there as on a Postgres server.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PGlite } from '@electric-sql/pglite'
import { listMigrations } from '../../src/db/migrations.ts'
import { actAs, anon, createTestDatabase, member, resident, rolledBack } from '../helpers/pglite.ts'

let db: PGlite
let bbox: { min_lon: number; min_lat: number; max_lon: number; max_lat: number }
// A point 10 m off the middle of a demo street, and that street.
let street: { id: string; name: string; lon: number; lat: number }

const residentA = resident('00000000-0000-4000-8000-00000000000a')
const residentB = resident('00000000-0000-4000-8000-00000000000b')

async function call<T = unknown>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.query<{ result: T }>(sql, params)
  return rows[0].result
}

/** The error a statement raises, undone with a savepoint so the transaction goes on. */
async function refusal(sql: string, params: unknown[] = []): Promise<{ code: string; message: string }> {
  await db.exec('savepoint expected_failure')
  try {
    await db.query(sql, params)
  } catch (error) {
    await db.exec('rollback to savepoint expected_failure')
    return error as { code: string; message: string }
  }
  throw new Error(`expected this to fail: ${sql}`)
}

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise
  } catch (error) {
    return error as { code: string; message: string }
  }
  throw new Error('expected the call to fail')
}

beforeAll(async () => {
  db = await createTestDatabase({ demo: true })
  await db.exec(`insert into auth.users (id, aud, role, is_anonymous) values
    ('${residentA.sub}', 'authenticated', 'authenticated', true),
    ('${residentB.sub}', 'authenticated', 'authenticated', true)`)
  bbox = (
    await db.query<typeof bbox>(`
      select extensions.st_xmin(e) as min_lon, extensions.st_ymin(e) as min_lat,
             extensions.st_xmax(e) as max_lon, extensions.st_ymax(e) as max_lat
      from (select extensions.st_extent(geom::extensions.geometry)::extensions.geometry e
            from public.neighbourhoods) x`)
  ).rows[0]
  street = (
    await db.query<typeof street>(`
      select s.id, s.name,
             extensions.st_x(p) as lon, extensions.st_y(p) as lat
      from public.streets s,
           lateral (select extensions.st_project(
                      extensions.st_lineinterpolatepoint(s.geom::extensions.geometry, 0.5)::extensions.geography,
                      10, radians(45))::extensions.geometry as p) q
      where s.highway = 'residential' and s.neighbourhood_id is not null
        and extensions.st_length(s.geom) > 200
      order by s.id limit 1`)
  ).rows[0]
})

afterAll(async () => {
  await db?.close()
})

describe('migrations on PGlite', () => {
  it('records every migration file as applied', async () => {
    const { rows } = await db.query<{ version: string }>(
      'select version from supabase_migrations.schema_migrations order by version',
    )
    expect(rows.map((r) => r.version)).toEqual((await listMigrations()).map((m) => m.version))
  })

  it('loads the demo town with every need snapped within 150 m of its street', async () => {
    const counts = (
      await db.query<{ streets: number; needs: number; far: number; unplaced: number }>(`
        select (select count(*) from public.streets)::int as streets,
               (select count(*) from public.needs)::int as needs,
               (select count(*) from public.need_private where snap_distance_m > 150)::int as far,
               (select count(*) from public.streets where neighbourhood_id is null)::int as unplaced`)
    ).rows[0]
    expect(counts.streets).toBeGreaterThanOrEqual(400)
    expect(counts.needs).toBeGreaterThanOrEqual(350)
    expect(counts.far).toBe(0)
    expect(counts.unplaced).toBe(0)
  })
})

describe('map layers on PGlite', () => {
  it('returns every street in the town as a FeatureCollection', async () => {
    const fc = await rolledBack(db, async () => {
      await actAs(db, anon)
      return call<{ features: unknown[]; truncated: boolean }>(
        'select public.map_streets($1, $2, $3, $4) as result',
        [bbox.min_lon, bbox.min_lat, bbox.max_lon, bbox.max_lat],
      )
    })
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from public.streets')
    expect(fc.truncated).toBe(false)
    expect(fc.features).toHaveLength(rows[0].n)
  })

  it('shows needs only at their public point, with no author or exact point', async () => {
    const fc = await rolledBack(db, async () => {
      await actAs(db, anon)
      return call<{ features: { id: string; geometry: { coordinates: number[] }; properties: object }[] }>(
        `select public.map_needs($1, $2, $3, $4, array['food']) as result`,
        [bbox.min_lon, bbox.min_lat, bbox.max_lon, bbox.max_lat],
      )
    })
    expect(fc.features.length).toBeGreaterThan(0)
    const sample = fc.features[0]
    expect(Object.keys(sample.properties).sort()).toEqual(
      ['body', 'category', 'created_at', 'id', 'status', 'street_id', 'street_name', 'supporters'].sort(),
    )
    const exact = (
      await db.query<{ lon: number; lat: number }>(
        `select extensions.st_x(exact_geom::extensions.geometry) as lon,
                extensions.st_y(exact_geom::extensions.geometry) as lat
         from public.need_private where need_id = $1`,
        [sample.id],
      )
    ).rows[0]
    expect(sample.geometry.coordinates).not.toEqual([exact.lon, exact.lat])
  })

  it('refuses a bounding box that is inverted or too large', async () => {
    const inverted = await errorOf(
      rolledBack(db, async () => {
        await actAs(db, anon)
        await db.query('select public.map_assets(1, 1, 0, 0)')
      }),
    )
    expect(inverted.message).toMatch(/min below max/)
    const huge = await errorOf(
      rolledBack(db, async () => {
        await actAs(db, anon)
        await db.query('select public.map_assets(-10, 50, 0, 60)')
      }),
    )
    expect(huge.message).toMatch(/too large/)
  })
})

describe('pinning a need on PGlite', () => {
  it('snaps to the street, keeps the exact point for the author only, and never duplicates', async () => {
    await rolledBack(db, async () => {
      const id = randomUUID()
      await actAs(db, residentA)
      const pin = `select public.pin_need($1, 'food', '  No food bank open on Saturdays  ', $2, $3) as result`
      const first = await call<Record<string, unknown>>(pin, [id, street.lon, street.lat])
      expect(first).toMatchObject({ id, street_id: street.id, body: 'No food bank open on Saturdays', is_mine: true })
      expect(first.exact_point).toEqual([
        Number(street.lon.toFixed(6)),
        Number(street.lat.toFixed(6)),
      ])
      const retry = await call<Record<string, unknown>>(pin, [id, street.lon, street.lat])
      expect(retry).toEqual(first)

      await actAs(db, residentB)
      const seenByB = await call<Record<string, unknown>>('select public.need_detail($1) as result', [id])
      expect(seenByB.exact_point).toBeNull()
      expect(seenByB.public_point).toEqual(first.public_point)
      const { rows } = await db.query('select * from public.need_private where need_id = $1', [id])
      expect(rows).toHaveLength(0)
      const stolen = await refusal(pin, [id, street.lon, street.lat])
      expect(stolen.code).toBe('23505')
    })
  })

  it('refuses bad input with a clear message and stores nothing', async () => {
    const before = (await db.query<{ n: number }>('select count(*)::int as n from public.needs')).rows[0].n
    const cases: [string, unknown[], RegExp][] = [
      ['food', [200, 54], /out of range/],
      ['food', [Number.NaN, 54], /finite/],
      ['weather', [street.lon, street.lat], /Unknown category/],
      ['food', [0, 0], /outside the area/],
    ]
    for (const [category, [lon, lat], message] of cases) {
      const error = await errorOf(
        rolledBack(db, async () => {
          await actAs(db, residentA)
          await db.query(`select public.pin_need($1, $2, 'A real need here', $3, $4)`, [
            randomUUID(), category, lon, lat,
          ])
        }),
      )
      expect(error.message).toMatch(message)
    }
    for (const [body, message] of [
      ['hi', /at least 3/],
      ['x'.repeat(501), /at most 500/],
      ['<script>alert(1)</script>', /HTML/],
    ] as const) {
      const error = await errorOf(
        rolledBack(db, async () => {
          await actAs(db, residentA)
          await db.query(`select public.pin_need($1, 'food', $2, $3, $4)`, [randomUUID(), body, street.lon, street.lat])
        }),
      )
      expect(error.message).toMatch(message)
    }
    const anonymous = await errorOf(
      rolledBack(db, async () => {
        await actAs(db, anon)
        await db.query(`select public.pin_need($1, 'food', 'A real need', $2, $3)`, [randomUUID(), street.lon, street.lat])
      }),
    )
    expect(anonymous.code).toBe('42501')
    const after = (await db.query<{ n: number }>('select count(*)::int as n from public.needs')).rows[0].n
    expect(after).toBe(before)
  })

  it('counts "me too" once per person and lets it be taken back', async () => {
    await rolledBack(db, async () => {
      const id = randomUUID()
      await actAs(db, residentA)
      await db.query(`select public.pin_need($1, 'loneliness', 'Nobody to talk to on Sundays', $2, $3)`, [
        id, street.lon, street.lat,
      ])
      const own = await refusal('select public.support_need($1)', [id])
      expect(own.message).toMatch(/already counted/)
      await actAs(db, residentB)
      await db.query('select public.support_need($1)', [id])
      const twice = await call<{ supporters: number; supported_by_me: boolean }>(
        'select public.support_need($1) as result', [id],
      )
      expect(twice).toMatchObject({ supporters: 1, supported_by_me: true })
      const undone = await call<{ supporters: number }>('select public.unsupport_need($1) as result', [id])
      expect(undone.supporters).toBe(0)
    })
  })
})

describe('opportunities and gaps on PGlite', () => {
  it('lists opportunities nearest first with walking times', async () => {
    const list = await rolledBack(db, async () => {
      await actAs(db, anon)
      return call<{ distance_m: number; walking_minutes: number }[]>(
        'select public.nearby_opportunities($1, $2, 3000) as result', [street.lon, street.lat],
      )
    })
    expect(list.length).toBeGreaterThan(0)
    const distances = list.map((o) => o.distance_m)
    expect(distances).toEqual([...distances].sort((a, b) => a - b))
    for (const o of list) expect(o.walking_minutes).toBe(Math.ceil(o.distance_m / 80))
  })

  it('shows an interest to its young person and the enterprise owner only', async () => {
    await rolledBack(db, async () => {
      const opp = (
        await db.query<{ id: string; owner: string; min_age: number }>(`
          select o.id, e.owner_id as owner, o.min_age from public.opportunities o
          join public.enterprises e on e.id = o.enterprise_id
          where o.status = 'open' and e.status = 'active' and e.owner_id is not null
          order by o.id limit 1`)
      ).rows[0]
      const otherOwner = (
        await db.query<{ id: string }>(
          `select owner_id as id from public.enterprises where owner_id <> $1 limit 1`, [opp.owner],
        )
      ).rows[0]
      await actAs(db, residentA)
      const tooYoung = await refusal(`select public.express_interest($1, 'Sam', 'in-person', null, $2)`, [
        opp.id, opp.min_age - 1,
      ])
      expect(tooYoung.message).toMatch(/for ages/)
      await db.query(`select public.express_interest($1, 'Sam', 'in-person', null, $2)`, [opp.id, opp.min_age])
      await actAs(db, member(opp.owner))
      const owned = (await db.query<{ display_name: string }>('select * from public.enterprise_interests()')).rows
      expect(owned.map((r) => r.display_name)).toContain('Sam')
      await actAs(db, member(otherOwner.id))
      const { rows } = await db.query('select * from public.interests where opportunity_id = $1', [opp.id])
      expect(rows).toHaveLength(0)
    })
  })

  it('scores each street as the sum of demand / (1 + supply) over its categories', async () => {
    const top = await rolledBack(db, async () => {
      await actAs(db, anon)
      return (
        await db.query<{ street_id: string; demand: number; gap: number; by_category: { gap: number }[] }>(
          'select * from public.street_gaps(400) limit 1',
        )
      ).rows[0]
    })
    expect(top.gap).toBeGreaterThan(0)
    expect(top.gap).toBeCloseTo(top.by_category.reduce((sum, c) => sum + c.gap, 0), 9)
    const { rows } = await db.query<{ demand: number }>(
      `select sum(1 + supporters_count)::int as demand from public.needs
       where street_id = $1 and status in ('open', 'acknowledged', 'adopted') and hidden_at is null`,
      [top.street_id],
    )
    expect(top.demand).toBe(rows[0].demand)
  })
})
