/**
 * The database's side of confirmed accounts (20261201001000_confirmed_accounts.sql) on
 * PGlite: who counts as confirmed, what an unconfirmed account may not do, roles only
 * for confirmed accounts, and invitations that grant their role on confirmation.
 */
import type { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actAs, actAsOwner, createTestDatabase, rolledBack, type Caller } from '../helpers/pglite.ts'

const CONFIRMED = '00000000-0000-4000-8000-00000000c0f1'
const UNCONFIRMED = '00000000-0000-4000-8000-00000000c0f2'
const ANONYMOUS = '00000000-0000-4000-8000-00000000c0f3'
// The JWT may say "permanent"; the database knows better.
const as = (sub: string): Caller => ({ role: 'authenticated', sub, is_anonymous: false })

let db: PGlite

beforeAll(async () => {
  db = await createTestDatabase()
  await db.exec(`
    insert into auth.users (id, aud, role, email, email_confirmed_at, is_anonymous) values
      ('${CONFIRMED}', 'authenticated', 'authenticated', 'confirmed@example.test', now(), false),
      ('${UNCONFIRMED}', 'authenticated', 'authenticated', 'unconfirmed@example.test', null, false),
      ('${ANONYMOUS}', 'authenticated', 'authenticated', null, null, true);`)
}, 600_000)
afterAll(async () => db?.close())

const one = async <T,>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows[0]
/** The error a statement fails with; a savepoint keeps the surrounding transaction usable. */
const refusal = async (sql: string) => {
  await db.exec('savepoint probe')
  try {
    await db.query(sql)
  } catch (error) {
    await db.exec('rollback to savepoint probe')
    return error as { code: string; message: string }
  }
  throw new Error(`expected ${sql} to fail`)
}

describe('confirmed accounts in the database', () => {
  it('says who is confirmed from auth.users, not from the JWT', async () => {
    for (const [sub, confirmed, anonymous] of [[CONFIRMED, true, false], [UNCONFIRMED, false, true], [ANONYMOUS, false, true]] as const) {
      await rolledBack(db, async () => {
        await actAs(db, as(sub))
        expect(await one('select private.caller_is_confirmed() as c, private.is_anonymous() as a')).toEqual({ c: confirmed, a: anonymous })
      })
    }
    await rolledBack(db, async () => {
      await actAs(db, { role: 'anon' })
      expect(await one('select private.caller_is_confirmed() as c')).toEqual({ c: false })
    })
  })

  it('refuses with a sentence that says what to do', async () => {
    await rolledBack(db, async () => {
      await actAs(db, as(UNCONFIRMED))
      expect(await refusal("select private.require_confirmed('adopt a need')")).toMatchObject({
        code: '42501', message: 'Confirm your e-mail address to adopt a need: open the link we mailed you.',
      })
    })
    await rolledBack(db, async () => {
      await actAs(db, as(ANONYMOUS))
      expect(await refusal("select private.require_confirmed('adopt a need')")).toMatchObject({
        code: '42501', message: 'Sign in with an email account to adopt a need.',
      })
    })
    await rolledBack(db, async () => {
      await actAs(db, as(CONFIRMED))
      expect(await one("select private.require_confirmed('adopt a need') as id")).toEqual({ id: CONFIRMED })
    })
  })

  it('gives a role only to a confirmed account, and an account that loses confirmation holds none', async () => {
    await rolledBack(db, async () => {
      expect(await refusal(`insert into public.user_roles (user_id, role) values ('${UNCONFIRMED}', 'moderator')`)).toMatchObject({ code: '42501' })
      expect(await refusal(`insert into public.user_roles (user_id, role) values ('${ANONYMOUS}', 'planner')`)).toMatchObject({ code: '42501' })
      await db.query(`insert into public.user_roles (user_id, role) values ('${CONFIRMED}', 'moderator')`)
      await actAs(db, as(CONFIRMED))
      expect(await one("select private.has_role('moderator') as r")).toEqual({ r: true })
      await actAsOwner(db)
      await db.query(`update auth.users set email_confirmed_at = null where id = '${CONFIRMED}'`)
      await actAs(db, as(CONFIRMED))
      expect(await one("select private.has_role('moderator') as r")).toEqual({ r: false })
      expect((await refusal(`select public.list_enterprise('Pantry', 'Food for the street', array['food'], -3.39, 54.08, 'a@b.example')`)).message).toMatch(/Confirm your e-mail/)
      expect((await db.query('select * from public.enterprise_interests()')).rows).toEqual([])
    })
  })

  it('grants an invited role when the address is confirmed, once, and not after the invitation expires', async () => {
    await rolledBack(db, async () => {
      await db.query(`insert into private.staff_invitations (email, role, expires_at) values
        ('unconfirmed@example.test', 'planner', now() + interval '1 day'),
        ('unconfirmed@example.test', 'moderator', now() - interval '1 minute')`)
      const roles = async () => (await db.query<{ role: string }>(`select role from public.user_roles where user_id = '${UNCONFIRMED}' order by role`)).rows.map((r) => r.role)
      expect(await roles()).toEqual([])
      await db.query(`update auth.users set email_confirmed_at = now() where id = '${UNCONFIRMED}'`)
      expect(await roles()).toEqual(['planner'])
      expect(await one(`select accepted_by from private.staff_invitations where role = 'planner'`)).toEqual({ accepted_by: UNCONFIRMED })
      await db.query(`delete from public.user_roles where user_id = '${UNCONFIRMED}'`)
      await db.query(`update auth.users set email_confirmed_at = now() where id = '${UNCONFIRMED}'`)
      expect(await roles()).toEqual([]) // an accepted invitation is spent
    })
  })

  it('keeps the invitations out of the API roles’ reach', async () => {
    await rolledBack(db, async () => {
      await actAs(db, as(CONFIRMED))
      expect(await refusal('select * from private.staff_invitations')).toMatchObject({ code: '42501' })
      expect(await refusal(`select private.account_state('${UNCONFIRMED}')`)).toMatchObject({ code: '42501' })
    })
  })
})
