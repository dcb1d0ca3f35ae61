/**
 * Confirmed accounts, mail and invitations, with the real supabase-js against a running
 * server: sign-up leaves the address unconfirmed until the mailed link is opened
 * (GoTrue's /verify shapes), an e-mail change needs both links, an unconfirmed account
 * has only an anonymous resident's powers, staff come by `npm run admin -- invite`
 * (run as its own process while the server runs), and grant-role refuses an
 * unconfirmed account. accounts.pglite.test.ts and accounts.postgres.test.ts run it.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { repoRoot } from '../../src/db/migrations.ts'
import { readMailbox } from '../../src/server/mail/mailbox.ts'
import { supabaseFor, type TestServer } from '../helpers/server.ts'

export interface AccountsTarget {
  server: TestServer
  /** Environment for the admin command to reach the same database. */
  cliEnv: Record<string, string>
  stop(): Promise<void>
}

/** `npm run admin -- …` as its own process. */
function admin(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/server/admin.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (c) => (out += c))
    child.stderr.on('data', (c) => (out += c))
    child.on('exit', (code) => resolve({ code, out }))
  })
}

const fragment = (location: string) => Object.fromEntries(new URLSearchParams(location.split('#')[1] ?? ''))

export function defineAccountsSuite(engine: string, start: () => Promise<AccountsTarget>) {
  describe(`confirmed accounts, mail and invitations (${engine})`, () => {
    let target: AccountsTarget
    let base: string
    let anonKey: string
    const dataDir = () => path.join(target.server.dataDir, 'data')

    beforeAll(async () => {
      target = await start()
      base = target.server.url
      anonKey = target.server.keys.anonKey
    }, 600_000)
    afterAll(async () => target?.stop())

    const newest = async (email: string) => {
      const [mail] = await readMailbox(dataDir(), { to: email, limit: 1 })
      expect(mail, `a mail to ${email}`).toBeTruthy()
      return mail
    }
    /** Opens a mailed link as a browser would: GoTrue's 303 with the outcome in the fragment. */
    const open = async (link: string) => {
      const response = await fetch(link, { redirect: 'manual' })
      expect(response.status).toBe(303)
      return response.headers.get('location')!
    }
    /** What supabase-js's detectSessionInUrl does with the redirect. */
    const sessionFrom = async (location: string): Promise<SupabaseClient> => {
      const f = fragment(location)
      expect(f.access_token, location).toBeTruthy()
      const client = supabaseFor(base, anonKey)
      expect((await client.auth.setSession({ access_token: f.access_token, refresh_token: f.refresh_token })).error).toBeNull()
      return client
    }
    const dbState = async (email: string) =>
      (
        await target.server.db.transaction((tx) =>
          tx.query<{ email_confirmed_at: Date | null; is_anonymous: boolean; roles: string }>(
            `select u.email_confirmed_at, u.is_anonymous,
                    coalesce((select string_agg(r.role, ',' order by r.role) from public.user_roles r where r.user_id = u.id), '') as roles
             from auth.users u where lower(u.email) = $1 or u.email_change = $1`,
            [email],
          ),
        )
      ).rows[0]

    it('mails a sign-up link; until it is opened the address is unconfirmed and there is no session', async () => {
      const email = `signup-${randomUUID()}@example.org`
      const client = supabaseFor(base, anonKey)
      const signUp = await client.auth.signUp({ email, password: 'a long password', options: { emailRedirectTo: `${base}/projects` } })
      expect(signUp.error).toBeNull()
      expect(signUp.data.session).toBeNull()
      expect(signUp.data.user).toMatchObject({ email, is_anonymous: false })
      expect(signUp.data.user!.confirmation_sent_at).toBeTruthy()
      expect((await dbState(email)).email_confirmed_at).toBeNull()

      const mail = await newest(email)
      expect(mail.subject).toMatch(/Confirm your e-mail/)
      const link = new URL(mail.link!)
      expect(link.pathname).toBe('/auth/v1/verify')
      expect(link.searchParams.get('type')).toBe('signup')
      expect(link.searchParams.get('redirect_to')).toBe(`${base}/projects`)

      const location = await open(mail.link!)
      expect(location.startsWith(`${base}/projects#`)).toBe(true)
      expect(fragment(location)).toMatchObject({ type: 'signup', token_type: 'bearer', sb: '' })
      const signedIn = await sessionFrom(location)
      const { data } = await signedIn.auth.getUser()
      expect(data.user!.email_confirmed_at).toBeTruthy()
      expect((await dbState(email)).email_confirmed_at).not.toBeNull()

      // The link works once: the second time GoTrue's error comes back in the fragment.
      const again = fragment(await open(mail.link!))
      expect(again).toMatchObject({ error: 'access_denied', error_code: 'otp_expired', error_description: 'Email link is invalid or has expired' })
    })

    it('verifies a token_hash by POST (supabase-js verifyOtp), and refuses a foreign redirect_to', async () => {
      const email = `otp-${randomUUID()}@example.org`
      const client = supabaseFor(base, anonKey)
      await client.auth.signUp({ email, password: 'a long password', options: { emailRedirectTo: 'https://evil.example/steal' } })
      const link = new URL((await newest(email)).link!)
      expect(link.searchParams.get('redirect_to')).toBe(`${base}/`)
      const wrongType = await client.auth.verifyOtp({ type: 'magiclink', token_hash: link.searchParams.get('token')! })
      expect(wrongType.error).toMatchObject({ status: 403, code: 'otp_expired' })
      const verified = await client.auth.verifyOtp({ type: 'signup', token_hash: link.searchParams.get('token')! })
      expect(verified.error).toBeNull()
      expect(verified.data.session?.access_token).toBeTruthy()
      expect(verified.data.user!.email).toBe(email)
      const raw = await fetch(`${base}/auth/v1/verify`, {
        method: 'POST',
        headers: { apikey: anonKey, 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' },
        body: JSON.stringify({ type: 'signup', token_hash: 'f'.repeat(56) }),
      })
      expect(raw.status).toBe(403)
      expect(await raw.json()).toEqual({ code: 'otp_expired', message: 'Email link is invalid or has expired' })
    })

    it('gives an unconfirmed account only an anonymous resident’s powers, and the JWT does not claim more', async () => {
      const client = supabaseFor(base, anonKey)
      const { data: anon } = await client.auth.signInAnonymously()
      const email = `pending-${randomUUID()}@example.org`
      const pending = await client.auth.updateUser({ email, password: 'a long password' })
      expect(pending.error).toBeNull()
      expect(pending.data.user).toMatchObject({ new_email: email, is_anonymous: true })
      const claims = JSON.parse(Buffer.from((await client.auth.refreshSession()).data.session!.access_token.split('.')[1], 'base64url').toString())
      expect(claims.is_anonymous).toBe(true)
      const listing = {
        name: 'Pending Pantry', social_goal: 'Food for the street, run by neighbours', categories: ['food'],
        lon: -3.3958, lat: 54.0877, contact: 'hello@example.org', website: null,
      }
      const refused = await client.rpc('list_enterprise', listing)
      expect(refused.error).toMatchObject({ code: '42501', message: 'Sign in with an email account to list or run an enterprise.' })
      expect((await client.rpc('enterprise_interests')).data).toEqual([])
      // The address is only waiting (new_email): nobody can sign in with it yet.
      const early = await supabaseFor(base, anonKey).auth.signInWithPassword({ email, password: 'a long password' })
      expect(early.error).toMatchObject({ code: 'invalid_credentials' })

      const confirmed = await sessionFrom(await open((await newest(email)).link!))
      expect((await confirmed.auth.getUser()).data.user).toMatchObject({ id: anon.user!.id, email, is_anonymous: false })
      const listed = await confirmed.rpc('list_enterprise', listing)
      expect(listed.error).toBeNull()
    })

    it('changes a confirmed address only when both the old and the new address have opened their links', async () => {
      const email = `old-${randomUUID()}@example.org`
      await supabaseFor(base, anonKey).auth.signUp({ email, password: 'a long password' })
      const client = await sessionFrom(await open((await newest(email)).link!))
      const next = `new-${randomUUID()}@example.org`
      const change = await client.auth.updateUser({ email: next }, { emailRedirectTo: `${base}/` })
      expect(change.error).toBeNull()
      expect(change.data.user).toMatchObject({ email, new_email: next })
      expect(change.data.user!.email_change_sent_at).toBeTruthy()

      const toOld = await newest(email)
      const toNew = await newest(next)
      expect(toOld.subject).toMatch(/new e-mail address/)
      expect(fragment(await open(toNew.link!))).toMatchObject({
        message: 'Confirmation link accepted. Please proceed to confirm link sent to the other email',
      })
      expect((await client.auth.getUser()).data.user!.email).toBe(email)
      const done = fragment(await open(toOld.link!))
      expect(done.type).toBe('email_change')
      expect((await client.auth.getUser()).data.user).toMatchObject({ email: next })
      expect((await supabaseFor(base, anonKey).auth.signInWithPassword({ email: next, password: 'a long password' })).error).toBeNull()
      expect((await supabaseFor(base, anonKey).auth.signInWithPassword({ email, password: 'a long password' })).error).toMatchObject({ code: 'invalid_credentials' })
    })

    it('invites staff with the admin command while the server runs; the role comes with the accepted link', async () => {
      const email = `planner-${randomUUID()}@example.org`
      const invited = await admin(['invite', '--email', email, '--role', 'planner'], target.cliEnv)
      expect(invited.out).toContain(`Invited ${email} as planner`)
      expect(invited.code).toBe(0)
      expect((await dbState(email)).roles).toBe('')

      const mail = await newest(email)
      expect(mail.subject).toMatch(/invited/)
      const location = await open(mail.link!)
      expect(fragment(location).type).toBe('invite')
      const client = await sessionFrom(location)
      expect((await dbState(email)).roles).toBe('planner')
      // The invited person chooses their password now (GoTrue's invite flow).
      expect((await client.auth.updateUser({ password: 'planner password' })).error).toBeNull()
      expect((await supabaseFor(base, anonKey).auth.signInWithPassword({ email, password: 'planner password' })).error).toBeNull()
      const staff = await admin(['list-staff'], target.cliEnv)
      expect(staff.out).toContain(`${email}  planner`)
    }, 120_000)

    it('refuses grant-role for an unconfirmed account and says why; the database refuses it on any path', async () => {
      const email = `claims-council-${randomUUID()}@example.org`
      await supabaseFor(base, anonKey).auth.signUp({ email, password: 'a long password' })
      const refused = await admin(['grant-role', '--email', email, '--role', 'moderator'], target.cliEnv)
      expect(refused.code).toBe(1)
      expect(refused.out).toMatch(/Refused: a role goes only to a confirmed account/)
      expect(refused.out).toMatch(/has not confirmed the address/)
      expect(refused.out).toContain(`npm run admin -- invite --email ${email} --role moderator`)
      expect((await dbState(email)).roles).toBe('')
      const direct = target.server.db.transaction((tx) =>
        tx.query("insert into public.user_roles (user_id, role) select id, 'moderator' from auth.users where email = $1", [email]),
      )
      await expect(direct).rejects.toMatchObject({ code: '42501' })
    }, 60_000)

    it('serves the local mailbox at /_mail to this machine only, and through `npm run admin -- mail`', async () => {
      const email = `mailbox-${randomUUID()}@example.org`
      await supabaseFor(base, anonKey).auth.signUp({ email, password: 'a long password' })
      const page = await fetch(`${base}/_mail?to=${encodeURIComponent(email)}`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('Confirm your e-mail address for Street Level')
      const proxied = await fetch(`${base}/_mail`, { headers: { 'X-Forwarded-For': '203.0.113.9' } })
      expect(proxied.status).toBe(404)
      const cli = await admin(['mail', '--to', email], target.cliEnv)
      expect(cli.out).toContain('/auth/v1/verify?token=')
      const noKey = await fetch(`${base}/_admin`, { method: 'POST', body: JSON.stringify({ command: 'list-staff', values: {} }) })
      expect(noKey.status).toBe(401)
    }, 60_000)
  })
}
