/**
 * The briefs' clustering cache (20261204001000_brief_clusters_cache.sql): after every
 * kind of write, private.brief_clusters equals the cache built from scratch, and
 * private.brief_members (which reads it for a cached R) gives exactly what the
 * clustering of 20261201004000 gives on the same data (tests/helpers/legacyGaps.ts). The
 * writes: needs pinned (one at a time, bridging two clusters, and several at once),
 * supported, hidden and restored, withdrawn, met and confirmed, reopened, moved,
 * recategorised, re-dated and deleted; providers added, moved and removed (coverage);
 * neighbourhoods changed (the planar origin); a new cached R.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PGlite } from '@electric-sql/pglite'
import { randomUUID } from 'node:crypto'
import { actAs, actAsOwner, createTestDatabase, resident, rolledBack } from '../helpers/pglite.ts'
import { installLegacyGaps } from '../helpers/legacyGaps.ts'

let db: PGlite
let base: { lon: number; lat: number }
const SLOW = 600_000

beforeAll(async () => {
  db = await createTestDatabase({ demo: true })
  await installLegacyGaps(db)
  // About 4 km east of the town's easternmost need.
  base = (await db.query<{ lon: number; lat: number }>(
    `select max(extensions.st_x(public_geom::extensions.geometry)) + 0.06 as lon,
            avg(extensions.st_y(public_geom::extensions.geometry)) as lat from public.needs`)).rows[0]
}, SLOW)

afterAll(async () => {
  await db?.close()
})

const rows = async (sql: string, params: unknown[] = []) => (await db.query<Record<string, unknown>>(sql, params)).rows

const CLUSTERS = `
  select radius_m::text || ' ' || need_id || ' ' || category || ' ' || brief_id || ' ' || weight || ' '
         || created_at::text || ' ' || extensions.st_astext(plane) as r
  from private.brief_clusters
  union all select 'origin ' || coalesce(lon0::text, 'none') from private.brief_plane
  order by 1`

/** Differences between the cache as kept and as built from scratch (rolled back). */
async function clusterDrift(): Promise<string[]> {
  const kept = (await rows(CLUSTERS)).map((r) => String(r.r))
  await db.exec('savepoint rebuild')
  await db.query('select private.rebuild_all_brief_clusters()')
  const rebuilt = (await rows(CLUSTERS)).map((r) => String(r.r))
  await db.exec('rollback to savepoint rebuild')
  const a = new Set(kept)
  const b = new Set(rebuilt)
  return [...kept.filter((x) => !b.has(x)).map((x) => `kept only: ${x}`), ...rebuilt.filter((x) => !a.has(x)).map((x) => `rebuilt only: ${x}`)]
}

const MEMBERS = (schema: string) =>
  `select brief_id, category, need_id, weight from ${schema}.brief_members($1, $2) order by need_id`

/** The cache is what brief_members reads, and it gives today's clustering. */
async function expectSameAsDirect(radius: number, category: string | null = null) {
  const [used] = await rows(`select private.brief_clusters_current() as current,
                                    exists (select 1 from private.gap_radii_public where radius_m = $1) as cached`, [radius])
  expect(used).toEqual({ current: true, cached: true })
  const cached = await rows(MEMBERS('private'), [radius, category])
  expect(cached.length).toBeGreaterThan(0)
  expect(cached).toEqual(await rows(MEMBERS('legacy_gaps'), [radius, category]))
}

async function expectExact() {
  expect(await clusterDrift()).toEqual([])
  for (const r of [200, 400, 800]) await expectSameAsDirect(r)
}

/** A point d metres east and n north of a base east of the demo town, far from every provider. */
async function farPoint(eastM: number, northM = 0) {
  const [p] = await rows(
    `select extensions.st_x(g::extensions.geometry) as lon, extensions.st_y(g::extensions.geometry) as lat
     from (select extensions.st_project(extensions.st_project(
             extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326)::extensions.geography,
             $3::float8, radians(90)), $4::float8, 0) as g) x`,
    [base.lon, base.lat, eastM, northM],
  )
  return p as { lon: number; lat: number }
}

/** Pins a need directly (as pin_need's insert does) and returns its id. */
async function plant(category: string, eastM: number, northM = 0, createdAt = '2026-01-01T00:00:00Z') {
  const p = await farPoint(eastM, northM)
  const [{ id }] = await rows(
    `insert into public.needs (id, category, body, street_id, public_geom, created_at)
     values (gen_random_uuid(), $1, 'A test need', (select id from public.streets order by id limit 1),
             extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326)::extensions.geography, $4)
     returning id`,
    [category, p.lon, p.lat, createdAt],
  )
  return id as string
}

const briefOf = async (needId: string, radius = 400) =>
  (await rows(`select brief_id from private.brief_clusters where radius_m = $1 and need_id = $2`, [radius, needId]))[0]?.brief_id

describe('the briefs\' clustering cache', () => {
  it('is built for the demo town, is what brief_members reads, and equals today\'s clustering', async () => {
    const [c] = await rows(`select count(*)::int as n, count(distinct radius_m)::int as radii from private.brief_clusters`)
    expect(c.radii).toBe(3)
    expect(c.n).toBeGreaterThan(100)
    await rolledBack(db, expectExact)
    await expectSameAsDirect(400, 'food')
    await expectSameAsDirect(800, 'loneliness')
  }, SLOW)

  it('is seen to drift when a row is wrong (the check can fail)', async () => {
    await rolledBack(db, async () => {
      await db.exec(`update private.brief_clusters set brief_id = brief_id || 'x'
                     where radius_m = 400 and need_id = (select need_id from private.brief_clusters where radius_m = 400 order by need_id limit 1)`)
      expect((await clusterDrift()).length).toBe(2)
      expect(await rows(MEMBERS('private'), [400, null])).not.toEqual(await rows(MEMBERS('legacy_gaps'), [400, null]))
    })
  }, SLOW)

  it('merges clusters when a need bridges them, and splits them when it goes', async () => {
    await rolledBack(db, async () => {
      // A and C, 600 m apart, are two briefs at R = 400; B between them joins them.
      const a = await plant('food', 0, 0, '2026-01-02T00:00:00Z')
      const c = await plant('food', 600, 0, '2026-01-01T00:00:00Z')
      expect(await briefOf(a)).toBe(`food-${a}`)
      expect(await briefOf(c)).toBe(`food-${c}`)
      await expectExact()
      const b = await plant('food', 300, 0, '2026-01-03T00:00:00Z')
      // The earliest need (C) names the merged brief.
      expect([await briefOf(a), await briefOf(b), await briefOf(c)]).toEqual([`food-${c}`, `food-${c}`, `food-${c}`])
      await expectExact()
      // Hidden by a moderator: split again; restored: merged again.
      await db.query(`update public.needs set hidden_at = now(), hidden_reason = 'Test' where id = $1`, [b])
      expect([await briefOf(a), await briefOf(b), await briefOf(c)]).toEqual([`food-${a}`, undefined, `food-${c}`])
      await expectExact()
      await db.query(`update public.needs set hidden_at = null, hidden_reason = null where id = $1`, [b])
      expect(await briefOf(a)).toBe(`food-${c}`)
      await expectExact()
      // The seed leaves: the brief takes the next earliest need's id.
      await db.query(`update public.needs set status = 'withdrawn' where id = $1`, [c])
      expect([await briefOf(a), await briefOf(b)]).toEqual([`food-${a}`, `food-${a}`])
      await expectExact()
      await db.query(`update public.needs set status = 'open' where id = $1`, [c])
      expect(await briefOf(a)).toBe(`food-${c}`)
      // Marked met: still unmet until confirmed; confirmed: gone.
      await db.query(`update public.needs set status = 'met', met_at = now() where id = $1`, [b])
      expect(await briefOf(b)).toBe(`food-${c}`)
      await db.query(`update public.needs set met_confirmed_at = now() where id = $1`, [b])
      expect([await briefOf(a), await briefOf(b), await briefOf(c)]).toEqual([`food-${a}`, undefined, `food-${c}`])
      await expectExact()
      // Reopened.
      await db.query(`update public.needs set status = 'open', met_at = null, met_confirmed_at = null where id = $1`, [b])
      expect(await briefOf(b)).toBe(`food-${c}`)
      await expectExact()
    })
  }, SLOW)

  it('follows needs moved, recategorised, re-dated, supported and deleted', async () => {
    await rolledBack(db, async () => {
      const a = await plant('youth', 0, 2000, '2026-01-05T00:00:00Z')
      const b = await plant('youth', 350, 2000, '2026-01-06T00:00:00Z')
      const c = await plant('youth', 700, 2000, '2026-01-07T00:00:00Z')
      expect(await briefOf(c)).toBe(`youth-${a}`)
      // B moves 1 km north: A and C part.
      await db.query(`update public.needs set public_geom = extensions.st_project(public_geom, 1000, 0) where id = $1`, [b])
      expect([await briefOf(a), await briefOf(b), await briefOf(c)]).toEqual([`youth-${a}`, `youth-${b}`, `youth-${c}`])
      await expectExact()
      await db.query(`update public.needs set public_geom = extensions.st_project(public_geom, 1000, radians(180)) where id = $1`, [b])
      expect(await briefOf(c)).toBe(`youth-${a}`)
      // Recategorised: B leaves the youth brief for a food one of its own.
      await db.query(`update public.needs set category = 'food' where id = $1`, [b])
      expect([await briefOf(a), await briefOf(b), await briefOf(c)]).toEqual([`youth-${a}`, `food-${b}`, `youth-${c}`])
      await expectExact()
      await db.query(`update public.needs set category = 'youth' where id = $1`, [b])
      // Re-dated: C becomes the earliest and names the brief.
      await db.query(`update public.needs set created_at = '2025-12-01T00:00:00Z' where id = $1`, [c])
      expect(await briefOf(a)).toBe(`youth-${c}`)
      await expectExact()
      // "Me too": only the weight changes.
      await db.query(`update public.needs set supporters_count = supporters_count + 3 where id = $1`, [a])
      expect((await rows(`select weight from private.brief_clusters where need_id = $1`, [a])).map((r) => r.weight)).toEqual([4, 4, 4])
      await expectExact()
      await db.query(`delete from public.need_private where need_id = $1`, [b])
      await db.query(`delete from public.needs where id = $1`, [b])
      expect([await briefOf(a), await briefOf(b), await briefOf(c)]).toEqual([`youth-${a}`, undefined, `youth-${c}`])
      await expectExact()
    })
  }, SLOW)

  it('follows needs pinned, supported and withdrawn through the API', async () => {
    const [a, b] = [resident('00000000-0000-4000-8000-0000000001c1'), resident('00000000-0000-4000-8000-0000000001c2')]
    await rolledBack(db, async () => {
      await db.exec(`insert into auth.users (id, aud, role, is_anonymous) values
        ('${a.sub}', 'authenticated', 'authenticated', true), ('${b.sub}', 'authenticated', 'authenticated', true)`)
      // The middle of a demo street: the pin snaps to it, among the town's other needs.
      const [p] = await rows(`select extensions.st_x(m) as lon, extensions.st_y(m) as lat
                              from (select extensions.st_lineinterpolatepoint(geom::extensions.geometry, 0.5) as m
                                    from public.streets order by id offset 5 limit 1) x`)
      const id = randomUUID()
      await actAs(db, a)
      await db.query(`select public.pin_need($1, 'loneliness', 'Nobody to talk to on Sundays', $2, $3)`, [id, p.lon, p.lat])
      await actAsOwner(db)
      expect((await rows(`select count(*)::int as n from private.brief_clusters where need_id = $1`, [id]))[0].n)
        .toBe((await rows(`select count(*)::int as n from private.gap_radii r
                           where not exists (select 1 from private.need_coverage c where c.need_id = $1 and c.radius_m = r.radius_m)`, [id]))[0].n)
      await expectExact()
      await actAs(db, b)
      await db.query('select public.support_need($1)', [id])
      await actAsOwner(db)
      await expectExact()
      await actAs(db, a)
      await db.query(`select public.withdraw_need($1, 'Sorted now')`, [id])
      await actAsOwner(db)
      expect(await rows(`select 1 from private.brief_clusters where need_id = $1`, [id])).toEqual([])
      await expectExact()
    })
  }, SLOW)

  it('follows several needs pinned and changed in one statement', async () => {
    await rolledBack(db, async () => {
      const p = await farPoint(0, 4000)
      await db.query(
        `insert into public.needs (id, category, body, street_id, public_geom, created_at)
         select gen_random_uuid(), c, 'A test need', (select id from public.streets order by id limit 1),
                extensions.st_project(extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326)::extensions.geography, 250 * i, radians(90)),
                '2026-02-01'::timestamptz + make_interval(hours => i)
         from generate_series(0, 11) i, unnest(array['food', 'loneliness']) c`,
        [p.lon, p.lat],
      )
      await expectExact()
      // Every other one hidden at once: each chain falls apart into singles.
      await db.exec(`update public.needs set hidden_at = now(), hidden_reason = 'Test'
                     where body = 'A test need' and extract(hour from created_at)::int % 2 = 1`)
      await expectExact()
      // And a bulk change of the demo town's own needs.
      await db.exec(`update public.needs set status = 'withdrawn'
                     where id in (select id from public.needs where status = 'open' order by id limit 25)`)
      await db.exec(`update public.needs set supporters_count = supporters_count + 1
                     where id in (select id from public.needs where status = 'open' order by id desc limit 40)`)
      await expectExact()
    })
  }, SLOW)

  it('follows coverage as providers are added, moved, paused and removed', async () => {
    await rolledBack(db, async () => {
      // A, B and C 380 m apart: one brief at R = 400.
      const a = await plant('food', 0, 6000, '2026-01-02T00:00:00Z')
      const b = await plant('food', 380, 6000, '2026-01-03T00:00:00Z')
      const c = await plant('food', 760, 6000, '2026-01-04T00:00:00Z')
      expect(await briefOf(c)).toBe(`food-${a}`)
      // A pantry 150 m from B covers B (and A and C at 800 m; they are 408 m from it).
      const p = await farPoint(380, 6150)
      await db.query(
        `insert into public.assets (name, categories, source, source_id, geom)
         values ('Test pantry', array['food'], 'test', 'brief-clusters',
                 extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326)::extensions.geography)`,
        [p.lon, p.lat],
      )
      expect([await briefOf(a), await briefOf(b), await briefOf(c)]).toEqual([`food-${a}`, undefined, `food-${c}`])
      expect(await briefOf(b, 800)).toBeUndefined()
      await expectExact()
      // Moved 2 km away: all three uncovered again, one brief.
      await db.exec(`update public.assets set geom = extensions.st_project(geom, 2000, 0) where source_id = 'brief-clusters'`)
      expect(await briefOf(b)).toBe(`food-${a}`)
      await expectExact()
      await db.exec(`update public.assets set geom = extensions.st_project(geom, 2000, radians(180)) where source_id = 'brief-clusters'`)
      await db.exec(`delete from public.assets where source_id = 'brief-clusters'`)
      expect(await briefOf(b)).toBe(`food-${a}`)
      // An active enterprise covers; paused, it does not.
      await db.query(
        `insert into public.enterprises (name, social_goal, categories, status, source, geom)
         values ('Test cafe', 'Feeding people', array['food'], 'active', 'test',
                 extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326)::extensions.geography)`,
        [p.lon, p.lat],
      )
      expect(await briefOf(b)).toBeUndefined()
      await expectExact()
      await db.exec(`update public.enterprises set status = 'paused' where name = 'Test cafe'`)
      expect(await briefOf(b)).toBe(`food-${a}`)
      // The demo town's providers moved all at once.
      await db.exec(`update public.assets set geom = extensions.st_project(geom, 150, radians(45))`)
      await expectExact()
    })
  }, SLOW)

  it('is rebuilt when the neighbourhoods move its origin, and for a new cached R', async () => {
    await rolledBack(db, async () => {
      const [before] = await rows(`select lon0 from private.brief_plane`)
      // A neighbourhood far west moves the middle of the served area.
      await db.exec(`insert into public.neighbourhoods (code, name, source, geom)
                     values ('TEST1', 'Far west', 'test', extensions.st_multi(extensions.st_buffer(
                       extensions.st_setsrid(extensions.st_makepoint(-6, 54.1), 4326), 0.01)))`)
      const [after] = await rows(`select lon0 from private.brief_plane`)
      expect(after.lon0).not.toBe(before.lon0)
      await expectExact()
      await db.exec(`delete from public.neighbourhoods where code = 'TEST1'`)
      expect((await rows(`select lon0 from private.brief_plane`))[0].lon0).toBe(before.lon0)
      await expectExact()
      await db.exec(`insert into private.gap_radii (radius_m) values (300)`)
      expect((await rows(`select count(*)::int as n from private.brief_clusters where radius_m = 300`))[0].n).toBeGreaterThan(0)
      await expectSameAsDirect(300)
      await db.exec(`delete from private.gap_radii where radius_m = 300`)
      expect(await rows(`select 1 from private.brief_clusters where radius_m = 300`)).toEqual([])
      await expectExact()
    })
  }, SLOW)

  it('is not read without neighbourhoods (the origin follows the needs then), and the direct clustering answers', async () => {
    await rolledBack(db, async () => {
      await db.exec(`update public.needs set neighbourhood_id = null`)
      await db.exec(`update public.streets set neighbourhood_id = null`)
      await db.exec(`delete from public.neighbourhoods`)
      expect(await rows(`select lon0 from private.brief_plane`)).toEqual([{ lon0: null }])
      expect(await rows(`select count(*)::int as n from private.brief_clusters`)).toEqual([{ n: 0 }])
      const direct = await rows(MEMBERS('legacy_gaps'), [400, null])
      expect(direct.length).toBeGreaterThan(0)
      expect(await rows(MEMBERS('private'), [400, null])).toEqual(direct)
    })
  }, SLOW)
})
