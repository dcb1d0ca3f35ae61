/**
 * The need lifecycle (supabase/migrations/20261127001100_outcomes.sql, made trustworthy
 * by 20261201001600_trusted_outcomes.sql) on PGlite + PostGIS: each transition by the
 * roles allowed to make it and refused to the others; an adopter's "met" as a claim that
 * keeps the need in demand; disputes, undo, the daily adoption rate; auto-confirmation
 * 14 days after the author was told; the "still met?" prompts; and outcome figures on a
 * tiny town whose numbers are worked out by hand below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PGlite } from '@electric-sql/pglite'
import { actAs, actAsOwner, anon, createTestDatabase, member, resident, rolledBack, type Caller } from '../helpers/pglite.ts'

let db: PGlite

// People. Anonymous sign-ins are residents; the others have full accounts with confirmed
// e-mail addresses, except `unconfirmed`, who has not opened the mailed link yet.
const author = resident('00000000-0000-4000-8000-0000000000a1') // raised the needs (anonymous sign-in)
const otherAuthor = resident('00000000-0000-4000-8000-0000000000a2')
const owner = member('00000000-0000-4000-8000-0000000000b1') // owns Corner Pantry (active) and Paused Co (paused)
const neighbour = member('00000000-0000-4000-8000-0000000000c1') // a resident with a full account
const anonymousNeighbour = resident('00000000-0000-4000-8000-0000000000c2')
const stranger = member('00000000-0000-4000-8000-0000000000c3')
const moderator = member('00000000-0000-4000-8000-0000000000d1')
const unconfirmed = member('00000000-0000-4000-8000-0000000000e1')
const serviceRole: Caller = { role: 'service_role' }

const NB = '10000000-0000-4000-8000-000000000001'
const NB_EMPTY = '10000000-0000-4000-8000-000000000002'
const STREET = '20000000-0000-4000-8000-000000000001' // Mill Lane, the lifecycle street
const OUTCOME_STREET = '20000000-0000-4000-8000-000000000002' // Quay Street, the hand-worked figures
const EMPTY_STREET = '20000000-0000-4000-8000-000000000003'
const PANTRY = '30000000-0000-4000-8000-000000000001'
const PAUSED = '30000000-0000-4000-8000-000000000002'
const OTHERS_ENTERPRISE = '30000000-0000-4000-8000-000000000003'
const need = (n: number) => `40000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const NO_SUCH = '99999999-0000-4000-8000-000000000000'

interface DbError {
  code: string
  message: string
}

/**
 * Runs fn as a caller inside the current transaction, then returns to the owner. On an
 * error the transaction is aborted and nothing more can run: `refused` rolls back to its
 * savepoint, which also undoes the role switch.
 */
async function as<T>(caller: Caller, fn: () => Promise<T>): Promise<T> {
  await actAsOwner(db)
  await actAs(db, caller)
  const result = await fn()
  await actAsOwner(db)
  return result
}

/** Calls an API function as a caller and returns its JSON result. */
async function rpc<T = Record<string, any>>(caller: Caller, sql: string, params: unknown[] = []): Promise<T> {
  return as(caller, async () => (await db.query<{ r: T }>(`select ${sql} as r`, params)).rows[0].r)
}

/** The error an API call raises, undone with a savepoint so the transaction goes on. */
async function refused(caller: Caller, sql: string, params: unknown[] = []): Promise<DbError> {
  await db.exec('savepoint refused')
  try {
    await rpc(caller, sql, params)
  } catch (error) {
    await db.exec('rollback to savepoint refused')
    return error as DbError
  }
  throw new Error(`expected this call to be refused: ${sql}`)
}

async function needRow(id: string) {
  return (
    await db.query<Record<string, any>>(
      `select n.status, n.adopted_by_enterprise, n.adopted_at, n.met_at, n.met_confirmed_at, n.still_met_at,
              (select row_to_json(a) from public.need_adoptions a where a.need_id = n.id) as adoption
       from public.needs n where n.id = $1`,
      [id],
    )
  ).rows[0]
}

async function events(id: string) {
  return (
    await db.query<{ from_status: string | null; to_status: string; actor_id: string | null; actor_role: string }>(
      'select from_status, to_status, actor_id, actor_role from public.need_events where need_id = $1 order by created_at, id',
      [id],
    )
  ).rows
}

/** Moves a need as the seed does (trusted path), at a given time. */
async function setStatus(id: string, status: string, actor: Caller, at: string, role?: string) {
  await db.query('select private.set_need_status($1, $2, $3, null, $4::timestamptz, $5)', [id, status, actor.sub, at, role ?? null])
}

beforeAll(async () => {
  db = await createTestDatabase()
  const people = [author, otherAuthor, owner, neighbour, anonymousNeighbour, stranger, moderator]
  await db.exec(`
    insert into auth.users (id, aud, role, is_anonymous, email, email_confirmed_at) values
      ${people.map((p) => `('${p.sub}', 'authenticated', 'authenticated', ${p.is_anonymous}, ${p.is_anonymous ? 'null, null' : `'${p.sub}@example.test', now()`})`).join(',\n')};
    insert into public.user_roles (user_id, role) values
      ('${owner.sub}', 'enterprise_owner'), ('${stranger.sub}', 'enterprise_owner'), ('${moderator.sub}', 'moderator');
    insert into public.neighbourhoods (id, code, name, geom) values
      ('${NB}', 'TEST-1', 'Harbourside', extensions.st_geomfromtext(
        'MULTIPOLYGON(((-1.01 53.99, -0.99 53.99, -0.99 54.01, -1.01 54.01, -1.01 53.99)))', 4326)),
      ('${NB_EMPTY}', 'TEST-2', 'Quiet Fields', extensions.st_geomfromtext(
        'MULTIPOLYGON(((-0.98 53.99, -0.97 53.99, -0.97 54.0, -0.98 54.0, -0.98 53.99)))', 4326));
    insert into public.streets (id, name, geom) values
      ('${STREET}', 'Mill Lane', extensions.st_geomfromtext('LINESTRING(-1.005 54.0, -0.995 54.0)', 4326)),
      ('${OUTCOME_STREET}', 'Quay Street', extensions.st_geomfromtext('LINESTRING(-1.0 54.005, -1.0 54.0095)', 4326)),
      ('${EMPTY_STREET}', 'Field Row', extensions.st_geomfromtext('LINESTRING(-0.978 53.995, -0.972 53.995)', 4326));
    insert into public.enterprises (id, owner_id, name, social_goal, categories, status, geom) values
      ('${PANTRY}', '${owner.sub}', 'Corner Pantry', 'Food for anyone who needs it', array['food'], 'active',
        extensions.st_geomfromtext('POINT(-1.0 54.001)', 4326)),
      ('${PAUSED}', '${owner.sub}', 'Paused Co', 'Resting for the winter', array['food'], 'paused',
        extensions.st_geomfromtext('POINT(-1.0 54.002)', 4326)),
      ('${OTHERS_ENTERPRISE}', '${stranger.sub}', 'Stranger Things Ltd', 'Something else entirely', array['youth'], 'active',
        extensions.st_geomfromtext('POINT(-1.0 54.003)', 4326));
  `)
  // Signed up with an e-mail address, but has not opened the mailed link yet.
  await db.exec(`insert into auth.users (id, aud, role, is_anonymous, email) values
    ('${unconfirmed.sub}', 'authenticated', 'authenticated', false, 'unconfirmed@example.test')`)
  // Lifecycle needs 1–9 on Mill Lane, raised a month ago by the author (9 by otherAuthor).
  for (let n = 1; n <= 9; n++) {
    const by = n === 9 ? otherAuthor : author
    await db.query(
      `select private.record_need($1, $2, 'food', 'Need number ' || $3::int, -1.0 + $3::int * 0.0005, 54.0001, now() - interval '30 days')`,
      [need(n), by.sub, n],
    )
  }
})

afterAll(async () => {
  await db?.close()
})

describe('adopt_need', () => {
  it('lets an enterprise owner adopt for their active enterprise, recording who and in which role', async () => {
    await rolledBack(db, async () => {
      const result = await rpc(owner, `public.adopt_need($1, $2, 'We can deliver on Saturdays')`, [need(1), PANTRY])
      expect(result).toMatchObject({
        status: 'adopted',
        adopted_by_enterprise: { id: PANTRY, name: 'Corner Pantry' },
        adopted_by_me: true,
        awaiting_confirmation: false,
      })
      const row = await needRow(need(1))
      expect(row.adopted_by_enterprise).toBe(PANTRY)
      expect(row.adopted_at).not.toBeNull()
      expect(row.adoption).toMatchObject({ adopter_id: owner.sub, enterprise_id: PANTRY })
      expect((await events(need(1))).at(-1)).toEqual({
        from_status: 'open', to_status: 'adopted', actor_id: owner.sub, actor_role: 'enterprise',
      })
      // A retry returns the same need and writes nothing more.
      await rpc(owner, `public.adopt_need($1, $2)`, [need(1), PANTRY])
      expect((await events(need(1))).filter((e) => e.to_status === 'adopted')).toHaveLength(1)
    })
  })

  it('lets a signed-in person with a full account adopt for themselves, as an adopter', async () => {
    await rolledBack(db, async () => {
      const result = await rpc(neighbour, 'public.adopt_need($1)', [need(1)])
      expect(result).toMatchObject({ status: 'adopted', adopted_by_enterprise: null, adopted_by_me: true })
      expect((await events(need(1))).at(-1)).toMatchObject({ actor_id: neighbour.sub, actor_role: 'adopter' })
      // The author sees that it is adopted, not who adopted it.
      const seen = await rpc(author, 'public.need_detail($1)', [need(1)])
      expect(seen.status).toBe('adopted')
      expect(JSON.stringify(seen)).not.toContain(neighbour.sub!)
      const { rows } = await as(author, () => db.query('select * from public.need_adoptions'))
      expect(rows).toHaveLength(0)
    })
  })

  it('refuses the wrong people with 42501, and bad targets with 22023 or PT404', async () => {
    await rolledBack(db, async () => {
      expect((await refused(anon, 'public.adopt_need($1)', [need(1)])).code).toBe('42501')
      const anonymous = await refused(anonymousNeighbour, 'public.adopt_need($1)', [need(1)])
      expect(anonymous).toMatchObject({ code: '42501', message: expect.stringMatching(/email account/) })
      await db.exec(`update auth.users set is_anonymous = false, email = 'author@example.test', email_confirmed_at = now() where id = '${author.sub}'`)
      const own = await refused(member(author.sub!), 'public.adopt_need($1)', [need(1)])
      expect(own).toMatchObject({ code: '42501', message: expect.stringMatching(/You raised this need/) })
      const notMine = await refused(neighbour, 'public.adopt_need($1, $2)', [need(1), PANTRY])
      expect(notMine).toMatchObject({ code: '42501', message: expect.stringMatching(/Only the owner/) })
      const paused = await refused(owner, 'public.adopt_need($1, $2)', [need(1), PAUSED])
      expect(paused).toMatchObject({ code: '22023', message: expect.stringMatching(/Paused Co is paused/) })
      expect((await refused(owner, 'public.adopt_need($1, $2)', [need(1), NO_SUCH])).code).toBe('PT404')
      expect((await refused(owner, 'public.adopt_need($1)', [NO_SUCH])).code).toBe('PT404')
      const longNote = await refused(owner, 'public.adopt_need($1, null, $2)', [need(1), 'x'.repeat(501)])
      expect(longNote.code).toBe('22023')

      await rpc(owner, 'public.adopt_need($1, $2)', [need(1), PANTRY])
      const taken = await refused(neighbour, 'public.adopt_need($1)', [need(1)])
      expect(taken).toMatchObject({ code: '22023', message: 'Someone is already on this need.' })
      await setStatus(need(2), 'closed', moderator, new Date().toISOString(), 'moderator')
      const closed = await refused(neighbour, 'public.adopt_need($1)', [need(2)])
      expect(closed).toMatchObject({ code: '22023', message: 'This need is closed, so it cannot be adopted.' })
      expect((await needRow(need(1))).adoption.adopter_id).toBe(owner.sub)
    })
  })
})

describe('adopt_need until the e-mail address is confirmed', () => {
  it('refuses an account whose address is not confirmed, saying what to do', async () => {
    await rolledBack(db, async () => {
      const error = await refused(unconfirmed, 'public.adopt_need($1)', [need(1)])
      expect(error).toMatchObject({ code: '42501', message: 'Confirm your e-mail address to adopt a need: open the link we mailed you.' })
      const page = await rpc(unconfirmed, 'public.need_page($1)', [need(1)])
      expect(page.may).toMatchObject({ adopt: false, confirmed_account: false })
      expect((await needRow(need(1))).status).toBe('open')
    })
  })
})

describe('mark_need_met', () => {
  it('lets the adopter claim it met, still in demand until the author confirms, and refuses everyone else', async () => {
    await rolledBack(db, async () => {
      await rpc(owner, 'public.adopt_need($1, $2)', [need(1), PANTRY])
      for (const who of [stranger, neighbour, otherAuthor, moderator]) {
        const error = await refused(who, 'public.mark_need_met($1)', [need(1)])
        expect(error).toMatchObject({ code: '42501', message: expect.stringMatching(/Only whoever adopted/) })
      }
      expect((await refused(anon, 'public.mark_need_met($1)', [need(1)])).code).toBe('42501')
      const result = await rpc(owner, `public.mark_need_met($1, 'Saturday deliveries started')`, [need(1)])
      expect(result).toMatchObject({ status: 'adopted', awaiting_confirmation: true, met_at: null, met_confirmed_at: null })
      expect(result.met_claimed_at).not.toBeNull()
      const row = await needRow(need(1))
      expect(row.adoption).not.toBeNull()
      expect((await events(need(1))).at(-1)).toMatchObject({ from_status: 'adopted', to_status: 'met_claimed', actor_role: 'enterprise' })
      const again = await refused(owner, 'public.mark_need_met($1)', [need(1)])
      expect(again).toMatchObject({ code: '22023', message: expect.stringMatching(/already marked this need met/) })
      // A claim still counts as demand: Mill Lane keeps its nine needs, and the map shows it.
      const demand = await rpc<number>(anon, '(select demand from public.street_gaps(400) where street_id = $1)', [STREET])
      expect(demand).toBe(9)
      const layer = await rpc(anon, 'public.map_needs(-1.02, 53.98, -0.96, 54.02)')
      expect(JSON.stringify(layer)).toContain(need(1))
      // The author is told, in the app.
      const told = await rpc(author, 'public.my_notifications()')
      expect(told.items.map((x: { kind: string }) => x.kind)).toEqual(['met_claimed'])
    })
  })

  it('lets the author mark their own need met, confirmed at once; not an unadopted need for anyone else', async () => {
    await rolledBack(db, async () => {
      const refusedOwner = await refused(owner, 'public.mark_need_met($1)', [need(3)])
      expect(refusedOwner.code).toBe('42501')
      const result = await rpc(author, 'public.mark_need_met($1)', [need(3)])
      expect(result).toMatchObject({ status: 'met', awaiting_confirmation: false })
      const row = await needRow(need(3))
      expect(row.met_confirmed_at).toEqual(row.met_at)
      expect((await events(need(3))).at(-1)).toMatchObject({ to_status: 'met', actor_role: 'author', actor_id: author.sub })
    })
  })
})

describe('confirm_need_met', () => {
  it('lets the author confirm, as a met_confirmed event, and only the author', async () => {
    await rolledBack(db, async () => {
      await rpc(owner, 'public.adopt_need($1, $2)', [need(1), PANTRY])
      await rpc(owner, 'public.mark_need_met($1)', [need(1)])
      for (const who of [owner, stranger, moderator, otherAuthor]) {
        const error = await refused(who, 'public.confirm_need_met($1)', [need(1)])
        expect(error).toMatchObject({ code: '42501', message: 'Only the person who raised a need can change it.' })
      }
      expect((await refused(author, 'public.confirm_need_met($1, null)', [need(1)])).code).toBe('22023')
      const result = await rpc(author, 'public.confirm_need_met($1)', [need(1)])
      expect(result).toMatchObject({ status: 'met', awaiting_confirmation: false, met_confirmed_by: 'author' })
      expect(result.met_confirmed_at).not.toBeNull()
      expect((await events(need(1))).at(-1)).toEqual({
        from_status: 'adopted', to_status: 'met', actor_id: author.sub, actor_role: 'author',
      })
      // Only now does it leave the demand.
      const demand = await rpc<number>(anon, '(select demand from public.street_gaps(400) where street_id = $1)', [STREET])
      expect(demand).toBe(8)
      const open = await refused(author, 'public.confirm_need_met($1)', [need(4)])
      expect(open).toMatchObject({ code: '22023', message: 'This need is open, and nobody has marked it met, so there is nothing to confirm.' })
    })
  })

  it('reopens the need, releases the adopter and records a dispute when the author says "not met"', async () => {
    await rolledBack(db, async () => {
      await rpc(owner, 'public.adopt_need($1, $2)', [need(1), PANTRY])
      await rpc(owner, 'public.mark_need_met($1)', [need(1)])
      const result = await rpc(author, 'public.confirm_need_met($1, false)', [need(1)])
      expect(result).toMatchObject({ status: 'open', met_at: null, adopted_by_enterprise: null, awaiting_confirmation: false })
      expect((await needRow(need(1))).adoption).toBeNull()
      expect((await events(need(1))).slice(-2).map((e) => e.to_status)).toEqual(['met_disputed', 'open'])
      const disputes = await db.query('select adopter_id, enterprise_id from public.adoption_disputes')
      expect(disputes.rows).toEqual([{ adopter_id: owner.sub, enterprise_id: PANTRY }])
      const told = await rpc(owner, 'public.my_notifications()')
      expect(told.items[0]).toMatchObject({ kind: 'met_disputed', read: false })
      // Anyone may adopt it afresh.
      expect(await rpc(neighbour, 'public.adopt_need($1)', [need(1)])).toMatchObject({ status: 'adopted' })
    })
  })

  it('records still_met on a re-check (once a day at most), and reopens on "no"', async () => {
    await rolledBack(db, async () => {
      await rpc(owner, 'public.adopt_need($1, $2)', [need(1), PANTRY])
      await rpc(owner, 'public.mark_need_met($1)', [need(1)])
      await rpc(author, 'public.confirm_need_met($1)', [need(1)])
      await rpc(author, 'public.confirm_need_met($1, true)', [need(1)])
      await rpc(author, 'public.confirm_need_met($1, true)', [need(1)])
      expect((await events(need(1))).filter((e) => e.to_status === 'still_met')).toHaveLength(1)
      expect((await needRow(need(1))).still_met_at).not.toBeNull()

      const result = await rpc(author, 'public.confirm_need_met($1, false)', [need(1)])
      expect(result).toMatchObject({ status: 'open', adopted_by_enterprise: null, met_at: null, still_met_at: null })
      expect((await needRow(need(1))).adoption).toBeNull()
      expect((await events(need(1))).at(-1)).toMatchObject({ from_status: 'met', to_status: 'open', actor_role: 'author' })
      // Anyone may adopt it afresh.
      expect(await rpc(neighbour, 'public.adopt_need($1)', [need(1)])).toMatchObject({ status: 'adopted' })
    })
  })
})

describe('reopen_need and close_need', () => {
  it('lets the adopter let go of an adopted need, and not the author or a stranger', async () => {
    await rolledBack(db, async () => {
      await rpc(owner, 'public.adopt_need($1, $2)', [need(1), PANTRY])
      for (const who of [author, stranger]) {
        expect((await refused(who, `public.reopen_need($1, 'Nothing is happening')`, [need(1)])).code).toBe('42501')
      }
      expect((await refused(owner, `public.reopen_need($1, 'no')`, [need(1)])).code).toBe('22023')
      expect((await refused(owner, `public.reopen_need($1, null)`, [need(1)])).code).toBe('22023')
      const result = await rpc(owner, `public.reopen_need($1, 'Our van broke down, sorry')`, [need(1)])
      expect(result).toMatchObject({ status: 'open', adopted_by_enterprise: null, adopted_at: null })
      expect((await needRow(need(1))).adoption).toBeNull()
      expect((await events(need(1))).at(-1)).toMatchObject({ from_status: 'adopted', to_status: 'open', actor_role: 'enterprise' })
      const already = await refused(owner, `public.reopen_need($1, 'Once more')`, [need(1)])
      expect(already).toMatchObject({ code: '22023', message: 'This need is already open.' })
    })
  })

  it('lets the author reopen a met or closed need, and a moderator reopen a met one', async () => {
    await rolledBack(db, async () => {
      await rpc(author, 'public.mark_need_met($1)', [need(3)])
      expect((await refused(stranger, `public.reopen_need($1, 'It came back')`, [need(3)])).code).toBe('42501')
      expect(await rpc(author, `public.reopen_need($1, 'It came back')`, [need(3)])).toMatchObject({ status: 'open' })

      await rpc(moderator, `public.close_need($1, 'A duplicate of need 4')`, [need(5)])
      expect(await rpc(author, `public.reopen_need($1, 'It is not a duplicate')`, [need(5)])).toMatchObject({ status: 'open' })

      await rpc(author, 'public.mark_need_met($1)', [need(6)])
      const byModerator = await rpc(moderator, `public.reopen_need($1, 'Reported as not met by neighbours')`, [need(6)])
      expect(byModerator).toMatchObject({ status: 'open' })
      expect((await events(need(6))).at(-1)).toMatchObject({ to_status: 'open', actor_role: 'moderator', actor_id: moderator.sub })
    })
  })

  it('lets only moderators close, and only needs that are not met', async () => {
    await rolledBack(db, async () => {
      for (const who of [author, owner, stranger]) {
        const error = await refused(who, `public.close_need($1, 'Out of scope')`, [need(5)])
        expect(error).toMatchObject({ code: '42501', message: expect.stringMatching(/Only moderators can close/) })
      }
      await rpc(owner, 'public.adopt_need($1, $2)', [need(5), PANTRY])
      expect(await rpc(moderator, `public.close_need($1, 'Out of scope')`, [need(5)])).toMatchObject({ status: 'closed' })
      expect((await needRow(need(5))).adoption).toBeNull()
      await rpc(author, 'public.mark_need_met($1)', [need(6)])
      const met = await refused(moderator, `public.close_need($1, 'Out of scope')`, [need(6)])
      expect(met).toMatchObject({ code: '22023', message: 'This need is met, so it cannot be closed.' })
    })
  })
})

describe('auto_confirm_met_needs', () => {
  it('confirms claims 14 or more days after the author was told, once, as the system, for the service role only', async () => {
    await rolledBack(db, async () => {
      for (const n of [1, 2, 7]) {
        await rpc(owner, 'public.adopt_need($1, $2)', [need(n), PANTRY])
        await rpc(owner, 'public.mark_need_met($1)', [need(n)])
      }
      // Need 1 was claimed (and its author told) 15 days ago, need 2 13 days ago, need 7
      // 15 days ago but is hidden; need 8 was claimed 15 days ago but its author was told
      // only today (the 14 days run from telling them).
      await rpc(owner, 'public.adopt_need($1, $2)', [need(8), PANTRY])
      await rpc(owner, 'public.mark_need_met($1)', [need(8)])
      await db.exec(`
        update public.needs set met_claimed_at = now() - interval '15 days' where id in ('${need(1)}', '${need(7)}', '${need(8)}');
        update public.notifications set created_at = now() - interval '15 days' where need_id in ('${need(1)}', '${need(7)}');
        update public.needs set met_claimed_at = now() - interval '13 days' where id = '${need(2)}';
        update public.notifications set created_at = now() - interval '13 days' where need_id = '${need(2)}';
        update public.needs set hidden_at = now(), hidden_reason = 'Under review' where id = '${need(7)}';`)
      for (const who of [author, owner, moderator, anon]) {
        expect((await refused(who, 'public.auto_confirm_met_needs()')).code).toBe('42501')
      }
      expect(await rpc<number>(serviceRole, 'public.auto_confirm_met_needs()')).toBe(1)
      expect((await needRow(need(1))).met_confirmed_at).not.toBeNull()
      expect((await needRow(need(2))).met_confirmed_at).toBeNull()
      expect((await needRow(need(7))).met_confirmed_at).toBeNull()
      expect((await needRow(need(8))).status).toBe('adopted')
      expect((await events(need(1))).at(-1)).toEqual({
        from_status: 'adopted', to_status: 'met', actor_id: null, actor_role: 'system',
      })
      expect(await rpc(anon, 'public.need_detail($1)', [need(1)])).toMatchObject({ status: 'met' })
      expect((await rpc(author, 'public.need_page($1)', [need(1)])).met_confirmed_by).toBe('unchallenged')
      // Idempotent: nothing is left to confirm.
      expect(await rpc<number>(serviceRole, 'public.auto_confirm_met_needs()')).toBe(0)
      expect((await events(need(1))).filter((e) => e.to_status === 'met')).toHaveLength(1)
      // The owner's direct call (as pg_cron makes it) works too.
      await db.exec(`
        update public.needs set met_claimed_at = now() - interval '14 days 1 minute' where id = '${need(2)}';
        update public.notifications set created_at = now() - interval '14 days 1 minute' where need_id = '${need(2)}';`)
      expect((await db.query<{ n: number }>('select private.auto_confirm_met_needs() as n')).rows[0].n).toBe(1)
    })
  })
})

describe('needs_due_recheck', () => {
  it('asks the author to confirm needs marked met, and "still met?" 90 days after confirmation', async () => {
    await rolledBack(db, async () => {
      for (const n of [1, 2, 3]) {
        await rpc(owner, 'public.adopt_need($1, $2)', [need(n), PANTRY])
        await rpc(owner, 'public.mark_need_met($1)', [need(n)])
      }
      await rpc(author, 'public.confirm_need_met($1)', [need(2)])
      await rpc(author, 'public.confirm_need_met($1)', [need(3)])
      await db.exec(`
        update public.needs set met_at = now() - interval '120 days', met_confirmed_at = now() - interval '91 days'
        where id = '${need(2)}';
        update public.needs set met_at = now() - interval '20 days', met_confirmed_at = now() - interval '10 days'
        where id = '${need(3)}';`)
      const due = await rpc<{ id: string; prompt: string; auto_confirms_at: string | null }[]>(author, 'public.needs_due_recheck()')
      expect(due.map((d) => [d.id, d.prompt])).toEqual([
        [need(2), 'still_met'],
        [need(1), 'confirm_met'],
      ])
      expect(due[1].auto_confirms_at).not.toBeNull()
      // Answering "yes" clears the prompt for another 90 days.
      await rpc(author, 'public.confirm_need_met($1, true)', [need(2)])
      expect((await rpc<{ id: string }[]>(author, 'public.needs_due_recheck()')).map((d) => d.id)).toEqual([need(1)])
      expect(await rpc(owner, 'public.needs_due_recheck()')).toEqual([])
      expect((await refused(anon, 'public.needs_due_recheck()')).code).toBe('42501')
    })
  })
})

describe('neighbourhood_outcomes and street_outcomes', () => {
  // Quay Street, in months counted back from the current one (M−3 is three months ago),
  // each need raised on the day after the 1st of its month plus a few days:
  //   A  raised M−3 +1d, adopted +2d, met +10d, confirmed
  //   B  raised M−2 +1d, adopted +4d, met +20d, confirmed, then re-checked "still met"
  //   C  raised M−1 +1d, adopted +6d (still adopted)
  //   D  raised M−1 +2d (open)
  //   E  raised M−1 +3d, adopted +1d, marked met +5d by its adopter, awaiting confirmation
  //   F  raised M−1 +4d, withdrawn (not counted)
  //   G  raised M−1 +5d, hidden by a moderator (not counted)
  // So: raised 5 (A–E); adopted 4 (A, B, C, E); met 2 (A, B, both confirmed by the
  // author; E awaits); still met 1 (B); unmet 3 (C, D and E, whose claim still counts);
  // share met 2/5 = 0.4; days to adoption 2, 4, 6, 1 → median 3; days to met (confirmed)
  // 10, 20 → median 15. By month (confirmed mets, in the month they were met): M−3 raised
  // 1, adopted 1, met 1; M−2 raised 1, adopted 1, met 1; M−1 raised 3, adopted 2 (C, E), met 0.
  const monthStart = (k: number) =>
    `((date_trunc('month', now() at time zone 'UTC') - interval '${k} months') at time zone 'UTC')`
  const at = (k: number, days: number) => `(${monthStart(k)} + interval '${days} days')`
  const script: { id: number; k: number; raised: number; steps: [string, number, Caller, string][] }[] = [
    { id: 101, k: 3, raised: 1, steps: [['adopted', 2, owner, 'enterprise'], ['met', 10, owner, 'enterprise']] },
    { id: 102, k: 2, raised: 1, steps: [['adopted', 4, owner, 'enterprise'], ['met', 20, owner, 'enterprise']] },
    { id: 103, k: 1, raised: 1, steps: [['adopted', 6, neighbour, 'adopter']] },
    { id: 104, k: 1, raised: 2, steps: [] },
    { id: 105, k: 1, raised: 3, steps: [['adopted', 1, owner, 'enterprise']] },
    { id: 106, k: 1, raised: 4, steps: [['withdrawn', 1, author, 'author']] },
    { id: 107, k: 1, raised: 5, steps: [] },
  ]

  async function buildQuayStreet(): Promise<string[]> {
    for (const s of script) {
      const created = at(s.k, s.raised)
      await db.query(
        `select private.record_need($1, $2, 'food', 'Quay Street need', -1.0001, 54.007, ${created})`,
        [need(s.id), author.sub],
      )
      for (const [status, days, actor, role] of s.steps) {
        await db.query(
          `select private.set_need_status($1, $2, $3, null, ${created} + interval '${days} days', $4)`,
          [need(s.id), status, actor.sub, role],
        )
      }
    }
    await db.exec(`update public.needs set hidden_at = now(), hidden_reason = 'Abuse' where id = '${need(107)}'`)
    // E: the adopter marks it met 5 days after it was raised (a claim).
    await db.exec(`update public.needs set met_claimed_at = ${at(1, 3)} + interval '5 days' where id = '${need(105)}'`)
    await rpc(author, 'public.confirm_need_met($1)', [need(101)])
    await rpc(author, 'public.confirm_need_met($1)', [need(102)])
    await rpc(author, 'public.confirm_need_met($1, true)', [need(102)])
    const months = await db.query<{ m: string }>(
      `select to_char(date_trunc('month', now() at time zone 'UTC') - make_interval(months => k), 'YYYY-MM') as m
       from generate_series(11, 0, -1) k`,
    )
    return months.rows.map((r) => r.m)
  }

  it('counts a street’s needs raised, adopted, met and still met, with medians and a 12-month series', async () => {
    await rolledBack(db, async () => {
      const months = await buildQuayStreet()
      const out = await rpc(anon, 'public.street_outcomes($1)', [OUTCOME_STREET])
      expect(out).toMatchObject({
        street_id: OUTCOME_STREET, street_name: 'Quay Street', neighbourhood_id: NB,
        needs_raised: 5, needs_adopted: 4, needs_met: 2, needs_awaiting_confirmation: 1,
        needs_met_confirmed_by_author: 2, needs_met_unchallenged: 0,
        share_met_confirmed_by_author: 1, share_met_unchallenged: 0,
        needs_still_met: 1, needs_unmet: 3, share_met: 0.4,
        median_days_to_adoption: 3, median_days_to_met: 15,
      })
      const expected = months.map((month, i) => {
        const k = 11 - i
        const row = { 3: [1, 1, 1], 2: [1, 1, 1], 1: [3, 2, 0] }[k] ?? [0, 0, 0]
        return { month, raised: row[0], adopted: row[1], met: row[2] }
      })
      expect(out.by_month).toEqual(expected)
    })
  })

  it('gives a neighbourhood’s (and the whole area’s) figures, and empty ones without needs', async () => {
    await rolledBack(db, async () => {
      await buildQuayStreet()
      const nb = await rpc(anon, 'public.neighbourhood_outcomes($1)', [NB])
      // Quay Street's five, plus the nine open lifecycle needs on Mill Lane.
      expect(nb).toMatchObject({
        neighbourhood_id: NB, code: 'TEST-1', name: 'Harbourside',
        needs_raised: 14, needs_adopted: 4, needs_met: 2, needs_unmet: 12, share_met: 2 / 14,
        median_days_to_adoption: 3, median_days_to_met: 15,
      })
      const all = await rpc(resident('00000000-0000-4000-8000-0000000000ff'), 'public.neighbourhood_outcomes()')
      expect(all).toMatchObject({ neighbourhood_id: null, needs_raised: 14, needs_met: 2 })
      const empty = await rpc(anon, 'public.neighbourhood_outcomes($1)', [NB_EMPTY])
      expect(empty).toMatchObject({
        needs_raised: 0, needs_met: 0, share_met: null, median_days_to_adoption: null, median_days_to_met: null,
      })
      expect(empty.by_month).toHaveLength(12)
      const street = await rpc(anon, 'public.street_outcomes($1)', [EMPTY_STREET])
      expect(street).toMatchObject({ needs_raised: 0, share_met: null })
    })
  })

  it('refuses a missing or unknown street or neighbourhood', async () => {
    await rolledBack(db, async () => {
      expect(await refused(anon, 'public.street_outcomes(null)')).toMatchObject({ code: '22023', message: 'Say which street.' })
      expect(await refused(anon, 'public.street_outcomes($1)', [NO_SUCH])).toMatchObject({
        code: 'PT404', message: 'That street does not exist.',
      })
      expect(await refused(anon, 'public.neighbourhood_outcomes($1)', [NO_SUCH])).toMatchObject({
        code: 'PT404', message: 'That neighbourhood does not exist.',
      })
    })
  })
})
