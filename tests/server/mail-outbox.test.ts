/**
 * The mail the database queues (private.mail_outbox) reaches people: the real lifecycle
 * through the API on PGlite (a confirmed author pins a need, a confirmed adopter adopts it
 * and marks it met), then the server's outbox job sends the author one plain mail with a
 * link to the need's page, and never sends it twice, however often or concurrently it
 * runs; a failed send stays queued with its error and goes out on a later run.
 */
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { hashPassword } from '../../src/server/gotrue/accounts.ts'
import { readMailbox } from '../../src/server/mail/mailbox.ts'
import { sendQueuedMail } from '../../src/server/mail/outbox.ts'
import { createLogger } from '../../src/server/log.ts'
import { parseUrlState } from '../../src/state/urlState.ts'
import { createConfirmedAccount } from '../helpers/accounts.ts'
import { demoBbox, startTestServer, supabaseFor, type TestServer } from '../helpers/server.ts'

type Point = [number, number]

describe('the mail outbox job (PGlite)', () => {
  let server: TestServer
  let base: string
  const mailbox = (to: string) => readMailbox(path.join(server.dataDir, 'data'), { to })
  const outboxRows = (to: string) =>
    server.db.transaction(async (tx) =>
      (await tx.query<{ sent_at: Date | null; attempts: number; last_error: string | null; need_id: string | null; due_later: boolean }>(
        `select sent_at, attempts, last_error, need_id::text, next_attempt_at > now() as due_later
         from private.mail_outbox where to_address = $1 order by id`, [to])).rows)

  async function confirmedClient(label: string): Promise<{ client: SupabaseClient; email: string }> {
    const email = `${label}-${randomUUID()}@example.org`
    const password = 'outbox test password'
    const hash = await hashPassword(password)
    await server.db.transaction((tx) => createConfirmedAccount(tx, email, hash))
    const client = supabaseFor(base, server.keys.anonKey)
    expect((await client.auth.signInWithPassword({ email, password })).error).toBeNull()
    return { client, email }
  }

  beforeAll(async () => {
    server = await startTestServer()
    base = server.url
  }, 600_000) // PGlite + PostGIS, migrations and the demo town: minutes on a busy machine
  afterAll(async () => server?.stop())

  it('mails the author once when their need is marked met, with a link to the need', async () => {
    const { data: streets } = await supabaseFor(base, server.keys.anonKey).rpc('map_streets', demoBbox)
    const point = (streets as { features: Array<{ geometry: { coordinates: Point[] } }> }).features[3].geometry.coordinates[0]

    const author = await confirmedClient('author')
    const needId = randomUUID()
    const pinned = await author.client.rpc('pin_need', { id: needId, category: 'food', body: 'No food bank within walking distance.', lon: point[0], lat: point[1] })
    expect(pinned.error).toBeNull()

    const adopter = await confirmedClient('adopter')
    const adopted = await adopter.client.rpc('adopt_need', { need_id: needId, note: 'We can run a pantry here' })
    expect(adopted.error).toBeNull()
    const met = await adopter.client.rpc('mark_need_met', { need_id: needId, note: 'Pantry open on Tuesdays' })
    expect(met.error).toBeNull()
    expect(met.data).toMatchObject({ status: 'adopted', awaiting_confirmation: true })

    // Queued by the database, naming the need (the server's own minutely run may already have sent it).
    expect(await outboxRows(author.email)).toEqual([expect.objectContaining({ need_id: needId })])

    await server.drainMailOutbox()
    const mails = await mailbox(author.email)
    expect(mails).toHaveLength(1)
    const [mail] = mails
    expect(mail.subject).toBe('Street Level: your need was marked met. Is it?')
    expect(mail.text).toContain('says the need you raised ("No food bank within walking distance.") is met')
    expect(mail.link).toBeTruthy()
    expect(mail.text).toContain(mail.link!)
    // The app's need page: this server's origin, the map at the need, the need selected.
    const link = new URL(mail.link!)
    expect(link.origin).toBe(new URL(base).origin)
    expect(link.pathname).toBe('/')
    const view = parseUrlState(link.search)
    expect(view.selected).toEqual({ layer: 'needs', id: needId })
    expect(Math.abs(view.camera.lon - point[0])).toBeLessThan(0.01)
    expect(Math.abs(view.camera.lat - point[1])).toBeLessThan(0.01)
    expect(view.camera.zoom).toBe(17)
    expect(await outboxRows(author.email)).toEqual([expect.objectContaining({ attempts: 1, last_error: null, sent_at: expect.any(Date) })])

    // Again, and again at the same time as another sender: nothing more goes.
    expect(await server.drainMailOutbox()).toEqual({ sent: 0, failed: 0 })
    await Promise.all([server.drainMailOutbox(), sendQueuedMail(server.db, server.mailer, base, createLogger({ quiet: true }))])
    expect(await mailbox(author.email)).toHaveLength(1)
    expect(await mailbox(adopter.email)).toHaveLength(0)
  })

  it('never sends a row twice when senders run at once', async () => {
    const addresses = Array.from({ length: 6 }, (_, i) => `many-${i}-${randomUUID()}@example.org`)
    await server.db.transaction(async (tx) => {
      for (const to of addresses) await tx.query(`select private.queue_mail($1, 'Street Level: a test', 'Something happened.')`, [to])
    })
    const quiet = createLogger({ quiet: true })
    await Promise.all([
      server.drainMailOutbox(),
      sendQueuedMail(server.db, server.mailer, base, quiet),
      sendQueuedMail(server.db, server.mailer, base, quiet),
    ])
    for (const to of addresses) {
      const mails = await mailbox(to)
      expect(mails, to).toHaveLength(1)
      // No need, no link.
      expect(mails[0].link).toBeUndefined()
      expect(mails[0].text).toContain('Something happened.')
    }
  })

  it('keeps a failed send queued with its error, and sends it on a later run', async () => {
    const to = `retry-${randomUUID()}@example.org`
    const send = server.mailer.send.bind(server.mailer)
    server.mailer.send = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:587')
    }
    try {
      await server.db.transaction((tx) => tx.query(`select private.queue_mail($1, 'Street Level: a test', 'Try again.')`, [to]))
      // (or the server's own minutely run, which uses the same mailer, got there first)
      await server.drainMailOutbox()
    } finally {
      server.mailer.send = send
    }
    expect(await mailbox(to)).toHaveLength(0)
    expect(await outboxRows(to)).toEqual([
      expect.objectContaining({ sent_at: null, attempts: 1, last_error: 'connect ECONNREFUSED 127.0.0.1:587', due_later: true }),
    ])
    // Not due yet: a run now leaves it alone.
    expect(await server.drainMailOutbox()).toEqual({ sent: 0, failed: 0 })
    // Its wait is over (a minute after the first failure).
    await server.db.transaction((tx) => tx.query(`update private.mail_outbox set next_attempt_at = now() where to_address = $1`, [to]))
    await server.drainMailOutbox()
    expect(await mailbox(to)).toHaveLength(1)
    expect(await outboxRows(to)).toEqual([expect.objectContaining({ attempts: 2, last_error: null, sent_at: expect.any(Date) })])
  })
})
