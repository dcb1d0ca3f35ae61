/**
 * The abuse script of issue 11: fresh accounts try to adopt, and mark met, every open
 * need in the demo town, one API request at a time as PostgREST would make them (a
 * transaction per call, `set local role` and the JWT claims). It returns what changed,
 * so a test can hold it to the rules: at most the allowed number of adoptions land, and
 * no need leaves the demand (gaps, the unmet map layer) before its author confirms.
 */
import { randomUUID } from 'node:crypto'

/** The little of a client this needs; node-postgres and PGlite both fit. */
export interface Client {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>
}

interface Caller {
  role: 'authenticated'
  sub: string
  is_anonymous: boolean
}

/** Tallies of one attacker's run: calls that landed, and refusals by SQLSTATE. */
export interface Tally {
  adopted: number
  claimed: number
  refused: Record<string, number>
}

export interface Demand {
  open_needs: number
  street_demand: number
  neighbourhood_open_needs: number
  unmet_on_map: number
}

export interface AbuseFigures {
  needs_tried: number
  before: Demand
  after: Demand
  anonymous: Tally
  unconfirmed: Tally
  confirmed: Tally
  enterprise: Tally
  enterprises_listed: number
}

/** One API request: its own transaction, as PostgREST runs it; ok or the error's code. */
async function request(db: Client, caller: Caller | null, sql: string, params: unknown[] = []) {
  await db.query('begin')
  try {
    if (caller) {
      await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(caller)])
      await db.query('set local role authenticated')
    } else {
      await db.query(`select set_config('request.jwt.claims', '{"role":"anon"}', true)`)
      await db.query('set local role anon')
    }
    const { rows } = await db.query(sql, params)
    await db.query('commit')
    return { ok: true as const, rows }
  } catch (error) {
    await db.query('rollback')
    return { ok: false as const, code: String((error as { code?: string }).code ?? 'unknown') }
  }
}

async function demand(db: Client): Promise<Demand> {
  const { rows } = await db.query<Demand>(`
    select (select count(*)::int from public.needs where status in ('open', 'acknowledged', 'adopted') and hidden_at is null) as open_needs,
           (select coalesce(sum(demand), 0)::int from public.street_gaps(400, null, null, 5000)) as street_demand,
           (select coalesce(sum(open_needs), 0)::int from public.neighbourhood_gaps(400)) as neighbourhood_open_needs`)
  // The unmet layer over the whole town (its neighbourhoods' extent).
  const map = await request(db, null, `
    select public.map_needs(extensions.st_xmin(e), extensions.st_ymin(e), extensions.st_xmax(e), extensions.st_ymax(e)) as m
    from (select extensions.st_extent(geom::extensions.geometry)::extensions.geometry e from public.neighbourhoods) x`)
  if (!map.ok) throw new Error(`map_needs failed: ${map.code}`)
  const features = (map.rows[0] as { m: { features: unknown[] } }).m.features
  return { ...rows[0], unmet_on_map: features.length }
}

async function makeUser(db: Client, kind: 'anonymous' | 'unconfirmed' | 'confirmed'): Promise<Caller> {
  const sub = randomUUID()
  await db.query(
    `insert into auth.users (id, aud, role, email, is_anonymous, email_confirmed_at)
     values ($1, 'authenticated', 'authenticated', $2, $3, $4)`,
    [sub, kind === 'anonymous' ? null : `${sub}@abuse.invalid`, kind === 'anonymous', kind === 'confirmed' ? new Date() : null],
  )
  return { role: 'authenticated', sub, is_anonymous: kind === 'anonymous' }
}

/** Tries to adopt (for an enterprise, when given) and then to mark met every need. */
async function sweep(db: Client, caller: Caller, needs: string[], enterprise: string | null): Promise<Tally> {
  const tally: Tally = { adopted: 0, claimed: 0, refused: {} }
  const refuse = (code: string) => (tally.refused[code] = (tally.refused[code] ?? 0) + 1)
  for (const id of needs) {
    const adopt = await request(db, caller, 'select public.adopt_need($1, $2) as r', [id, enterprise])
    if (!adopt.ok) {
      refuse(adopt.code)
      continue
    }
    tally.adopted++
    const met = await request(db, caller, 'select public.mark_need_met($1) as r', [id])
    if (met.ok) tally.claimed++
    else refuse(met.code)
  }
  return tally
}

export async function runAbuse(db: Client): Promise<AbuseFigures> {
  const { rows } = await db.query<{ id: string }>(
    `select id from public.needs where status in ('open', 'acknowledged') and hidden_at is null order by created_at, id`,
  )
  const needs = rows.map((r) => r.id)
  const before = await demand(db)

  const anonymous = await sweep(db, await makeUser(db, 'anonymous'), needs, null)
  const unconfirmed = await sweep(db, await makeUser(db, 'unconfirmed'), needs, null)
  const confirmed = await sweep(db, await makeUser(db, 'confirmed'), needs, null)

  // A fresh confirmed account lists an enterprise, then adopts in its name.
  const founder = await makeUser(db, 'confirmed')
  const { rows: places } = await db.query<{ lon: number; lat: number }>(
    `select extensions.st_x(extensions.st_centroid(geom::extensions.geometry)) as lon,
            extensions.st_y(extensions.st_centroid(geom::extensions.geometry)) as lat
     from public.neighbourhoods order by code limit 1`,
  )
  const listed = await request(db, founder, `select public.list_enterprise('Fast Fixers', 'We fix everything, fast',
    array['food'], $1, $2, 'fixers@abuse.invalid') ->> 'id' as id`, [places[0].lon, places[0].lat])
  const enterpriseId = listed.ok ? (listed.rows[0] as { id: string }).id : null
  const enterprise = enterpriseId
    ? await sweep(db, founder, needs, enterpriseId)
    : { adopted: 0, claimed: 0, refused: { [listed.ok ? 'none' : listed.code]: 1 } }

  return {
    needs_tried: needs.length, before, after: await demand(db),
    anonymous, unconfirmed, confirmed, enterprise, enterprises_listed: enterpriseId ? 1 : 0,
  }
}
