/**
 * Sends the mail the database queues in `private.mail_outbox` (a need's author told it was
 * marked met, an adopter told a claim was disputed...) through the mailer: SMTP or the
 * local mailbox. Runs as the owner connection (the table is private), one row at a time:
 * a short transaction claims the row (`for update skip locked`, then a 30-minute lease in
 * next_attempt_at, so another server or process skips it), the send happens outside any
 * transaction (PGlite's single connection stays free for requests), and a second short
 * one stamps sent_at, or records the error and when to try again. Hosted Supabase needs
 * its own sender for this table (README).
 */
import type { Database } from '../../db/database.ts'
import type { Logger } from '../log.ts'
import type { Mail } from './mailbox.ts'
import type { Mailer } from './mailer.ts'

interface Claimed {
  id: string
  to_address: string
  subject: string
  body: string
  need_id: string | null
  lon: number | null
  lat: number | null
}

/** A need's page in the app: the map at the need's public point, with the need selected. */
export function needLink(origin: string, need: { id: string; lon: number | null; lat: number | null }): string {
  const map = need.lon !== null && need.lat !== null ? `map=17/${need.lat.toFixed(5)}/${need.lon.toFixed(5)}&` : ''
  return `${origin}/?${map}sel=needs/${need.id}`
}

/** The mail for one outbox row: the database's words, then the link. Plain text. */
export function outboxMail(row: Claimed, origin: string): Mail {
  const link = row.need_id ? needLink(origin, { id: row.need_id, lon: row.lon, lat: row.lat }) : undefined
  const text = [
    row.body,
    ...(link ? ['', 'Open the need to see it and answer:', '', link] : []),
    '',
    'You get this mail because this address belongs to your Street Level account.',
  ].join('\n')
  return { to: row.to_address, subject: row.subject, text, ...(link ? { link } : {}) }
}

const CLAIM = `
  update private.mail_outbox o
  set attempts = o.attempts + 1, next_attempt_at = now() + interval '30 minutes'
  where o.id = (
    select q.id from private.mail_outbox q
    where q.sent_at is null and q.next_attempt_at <= now()
    order by q.id
    limit 1
    for update skip locked
  )
  returning o.id::text, o.to_address, o.subject, o.body, o.need_id::text,
    (select extensions.st_x(n.public_geom::extensions.geometry) from public.needs n where n.id = o.need_id) as lon,
    (select extensions.st_y(n.public_geom::extensions.geometry) from public.needs n where n.id = o.need_id) as lat`

const SENT = `update private.mail_outbox set sent_at = now(), last_error = null where id = $1::bigint`

// 1, 2, 4 … minutes after each failure, at most 6 hours.
const FAILED = `
  update private.mail_outbox
  set last_error = left($2, 1000),
      next_attempt_at = now() + least(interval '1 minute' * power(2, least(attempts - 1, 20)), interval '6 hours')
  where id = $1::bigint and sent_at is null`

export interface OutboxRun {
  sent: number
  failed: number
}

/**
 * Sends what is due, at most `limit` mails, and says how many went and how many failed
 * (at most one a run: the rest wait for the next; a failed one stays unsent and is tried
 * again later). `shouldStop` is asked between mails.
 */
export async function sendQueuedMail(
  db: Database,
  mailer: Mailer,
  origin: string,
  log: Logger,
  options: { limit?: number; shouldStop?: () => boolean } = {},
): Promise<OutboxRun> {
  const run: OutboxRun = { sent: 0, failed: 0 }
  const limit = options.limit ?? 100
  while (run.sent + run.failed < limit && !options.shouldStop?.()) {
    const { rows } = await db.transaction((tx) => tx.query<Claimed>(CLAIM))
    const row = rows[0]
    if (!row) break
    try {
      await mailer.send(outboxMail(row, origin))
    } catch (error) {
      run.failed++
      const reason = error instanceof Error ? error.message : String(error)
      log.error(`Queued mail ${row.id} was not sent (it will be tried again)`, reason)
      await db.transaction((tx) => tx.query(FAILED, [row.id, reason || 'unknown error']))
      // The rest wait for the next run: a mail server that is down fails every one, slowly.
      break
    }
    run.sent++
    await db.transaction((tx) => tx.query(SENT, [row.id]))
  }
  return run
}
