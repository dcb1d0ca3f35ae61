/**
 * Accounts made by hand for tests that need a confirmed e-mail account (with roles) but
 * are not about confirming one: as if the mailed link had been opened, straight in the
 * database. Tests of the confirmation itself go through the mail (tests/server/confirmation.ts).
 */
import type { Queryable } from '../../src/db/database.ts'
import { createUser } from '../../src/server/gotrue/users.ts'

export async function createConfirmedAccount(tx: Queryable, email: string, passwordHash: string, roles: string[] = []): Promise<string> {
  const user = await createUser(tx, { email, passwordHash, isAnonymous: false, confirmed: true })
  for (const role of roles) await tx.query('insert into public.user_roles (user_id, role) values ($1::uuid, $2)', [user.id, role])
  return user.id
}
