/**
 * Walking distance along the street network (private.walking_distances and
 * nearby_opportunities), on PGlite + PostGIS with the real migrations, on a small
 * hand-drawn network far from the demo town (near 0°, 0°):
 *
 *   (0,0.001) B ─────────── (0.002,0.001)          E crosses B with no shared vertex
 *      │                         │                  (a bridge): not connected.
 *      A        O                C
 *      │                         │
 *    (0,0) ──────── ? ──────── (0.002,0) ── T
 *      │   (no street here)      │
 *      D ───────────────────── (0.002,-0.002)  D: the long way round, via (0,-0.002)
 *
 * From O the shortest walk to T is up A, along B, down C (about 444 m plus the bits off
 * the network), not D's 666 m, and far more than the 222 m straight line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PGlite } from '@electric-sql/pglite'
import { actAs, anon, createTestDatabase, member, resident, rolledBack } from '../helpers/pglite.ts'

let db: PGlite
const O = [-0.0001, 0.0002]
const T = [0.0021, 0]
/** Near the end of street E, which crosses B without a junction. */
const T2 = [0.001, 0.00151]

const line = (points: number[][]) => `SRID=4326;LINESTRING(${points.map((p) => p.join(' ')).join(', ')})`
const point = (p: number[]) => `SRID=4326;POINT(${p.join(' ')})`

beforeAll(async () => {
  db = await createTestDatabase()
  const streets: [string, number[][]][] = [
    ['A', [[0, 0], [0, 0.0005], [0, 0.001]]],
    ['B', [[0, 0.001], [0.002, 0.001]]],
    ['C', [[0.002, 0.001], [0.002, 0]]],
    ['D', [[0, 0], [0, -0.002], [0.002, -0.002], [0.002, 0]]],
    ['E', [[0.001, 0.0005], [0.001, 0.0015]]],
  ]
  for (const [name, pts] of streets) {
    await db.query(`insert into public.streets (name, source, source_id, geom) values ($1, 'test', $1, $2::extensions.geography)`, [name, line(pts)])
  }
  for (const [name, p] of [['Corner Bikes', T], ['Bridge Garden', T2]] as const) {
    const { rows } = await db.query<{ id: string }>(
      `insert into public.enterprises (name, social_goal, categories, geom) values ($1, 'A test project', '{youth}', $2::extensions.geography) returning id`,
      [name, point(p)],
    )
    await db.query(`insert into public.opportunities (enterprise_id, title, description, commitment) values ($1, $2, 'Help out', 'weekly')`, [rows[0].id, `Help at ${name}`])
  }
}, 400_000)
afterAll(async () => {
  await db?.close()
})

/** Metres on the sphere between consecutive points, as the database measures every leg. */
async function pathLength(points: number[][]): Promise<number> {
  let total = 0
  for (let i = 1; i < points.length; i++) {
    const { rows } = await db.query<{ d: number }>(
      `select extensions.st_distance($1::extensions.geography, $2::extensions.geography, false) as d`, [point(points[i - 1]), point(points[i])])
    total += rows[0].d
  }
  return total
}

interface Nearby { enterprise_name: string; distance_m: number; straight_m: number; route: string; walking_minutes: number }
const nearby = (from: number[]) =>
  rolledBack(db, async () => {
    await actAs(db, anon)
    const { rows } = await db.query<{ r: Nearby[] }>(`select public.nearby_opportunities($1, $2, 5000) as r`, [from[0], from[1]])
    return rows[0].r
  })

describe('walking distance along the streets', () => {
  it('takes the shortest way along the streets, equal to the hand-checked route', async () => {
    // O → its nearest point on A (0, 0.0002) → up A → along B → down C → T.
    const expected = await pathLength([O, [0, 0.0002], [0, 0.001], [0.002, 0.001], [0.002, 0], T])
    const longWay = await pathLength([O, [0, 0.0002], [0, 0], [0, -0.002], [0.002, -0.002], [0.002, 0], T])
    const { rows } = await db.query<{ d: number[] }>(
      `select private.walking_distances($1::extensions.geography, array[$2::extensions.geography], 1000) as d`, [point(O), point(T)])
    expect(rows[0].d[0]).toBeCloseTo(expected, 6)
    expect(expected).toBeLessThan(longWay)
  })

  it('gives no route where the streets do not join (a crossing without a junction)', async () => {
    const { rows } = await db.query<{ d: (number | null)[] }>(
      `select private.walking_distances($1::extensions.geography, array[$2::extensions.geography, $3::extensions.geography], 1000) as d`,
      [point(O), point(T2), point(T)])
    expect(rows[0].d[0]).toBeNull()
    expect(rows[0].d[1]).toBeGreaterThan(0)
  })

  it('nearby_opportunities: walking distance never below the straight line; "as the crow flies" where no route', async () => {
    const results = await nearby(O)
    const corner = results.find((r) => r.enterprise_name === 'Corner Bikes')!
    const bridge = results.find((r) => r.enterprise_name === 'Bridge Garden')!
    expect(corner.route).toBe('streets')
    expect(corner.distance_m).toBeGreaterThanOrEqual(corner.straight_m)
    expect(corner.distance_m).toBeCloseTo(await pathLength([O, [0, 0.0002], [0, 0.001], [0.002, 0.001], [0.002, 0], T]), 0)
    expect(corner.walking_minutes).toBe(Math.ceil(corner.distance_m / 80))
    expect(bridge.route).toBe('crow')
    expect(bridge.distance_m).toBe(bridge.straight_m)
    // Nearest on foot first: the bridge garden is nearer as the crow flies but listed by its own straight line.
    expect(results.map((r) => r.distance_m)).toEqual([...results.map((r) => r.distance_m)].sort((a, b) => a - b))
  })

  it('far from any street: every result is "as the crow flies"', async () => {
    const results = await nearby([0.001, 0.02])
    expect(results.length).toBe(2)
    expect(results.every((r) => r.route === 'crow' && r.distance_m === r.straight_m)).toBe(true)
  })
})

describe('the street graph, kept by the streets\' triggers', () => {
  type Edge = { street: string; i0: number; i1: number; u: number; v: number; w: string }
  const edges = async () => (await db.query<Edge>(
    `select s.name as street, e.i0, e.i1, e.u, e.v, round(e.w::numeric, 6)::text as w
     from private.walk_edges e join public.streets s on s.id = e.street_id order by s.name, e.i0`)).rows

  it('after streets are added, moved and removed, is the graph built from scratch', async () => {
    await rolledBack(db, async () => {
      // F meets A at A's middle vertex (a bend until now): A is cut there.
      await db.query(`insert into public.streets (name, source, source_id, geom) values ('F', 'test', 'F', $1::extensions.geography)`,
        [line([[0, 0.0005], [-0.001, 0.0005]])])
      expect((await edges()).filter((e) => e.street === 'A').map((e) => [e.i0, e.i1])).toEqual([[1, 2], [2, 3]])
      await db.query(`update public.streets set geom = $1::extensions.geography where name = 'D'`,
        [line([[0, 0], [0, -0.001], [0.002, -0.001], [0.002, 0]])])
      await db.query(`delete from public.streets where name = 'F'`)
      expect((await edges()).filter((e) => e.street === 'A').map((e) => [e.i0, e.i1])).toEqual([[1, 3]])
      const kept = await edges()
      await db.exec(`delete from private.walk_edges; delete from private.walk_vertices;
        select private.walk_vertices_add(array(select id from public.streets));
        select private.walk_edges_cut(array(select id from public.streets));`)
      const rebuilt = await edges()
      expect(kept).toEqual(rebuilt)
      expect(kept.find((e) => e.street === 'D')!.w).toBe((await pathLength([[0, 0], [0, -0.001], [0.002, -0.001], [0.002, 0]])).toFixed(6))
    })
  })
})

describe('my_roles', () => {
  it('is empty for a visitor who is not signed in', async () => {
    const roles = await rolledBack(db, async () => {
      await actAs(db, anon)
      return (await db.query<{ r: string[] }>('select public.my_roles() as r')).rows[0].r
    })
    expect(roles).toEqual([])
  })

  it('lists a moderator\'s roles to them, and none to a resident', async () => {
    const mod = member('00000000-0000-4000-8000-00000000a001')
    const res = resident('00000000-0000-4000-8000-00000000a002')
    const rolesOf = (caller: typeof mod) => rolledBack(db, async () => {
      await db.exec(`insert into auth.users (id, aud, role, is_anonymous, email, email_confirmed_at) values
        ('${mod.sub}', 'authenticated', 'authenticated', false, 'mod@example.org', now()),
        ('${res.sub}', 'authenticated', 'authenticated', true, null, null)`)
      await db.exec(`insert into public.user_roles (user_id, role) values ('${mod.sub}', 'moderator'), ('${mod.sub}', 'planner')`)
      await actAs(db, caller)
      return (await db.query<{ r: string[] }>('select public.my_roles() as r')).rows[0].r
    })
    expect(await rolesOf(mod)).toEqual(['moderator', 'planner'])
    expect(await rolesOf(res)).toEqual([])
  })
})
