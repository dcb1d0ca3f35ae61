/**
 * The database's scheduled work, which hosted Supabase would run with pg_cron (and an
 * Edge Function for the mail): confirming needs marked met 14 days ago without objection
 * (at start and daily), and sending the mail queued in private.mail_outbox (at start and
 * every minute; src/server/mail/outbox.ts).
 */
import { DatabaseBusyError, type Database } from '../db/database.ts'
import type { Logger } from './log.ts'
import type { Mailer } from './mail/mailer.ts'
import { sendQueuedMail, type OutboxRun } from './mail/outbox.ts'

const DAY_MS = 24 * 60 * 60 * 1000
const MINUTE_MS = 60 * 1000

export interface Jobs {
  /** Sends the queued mail now (after a run in flight), e.g. in tests. */
  drainMailOutbox: () => Promise<OutboxRun>
  /** Stops the timers and waits for runs in flight, so close() can follow. */
  stop(): Promise<void>
}

export function startJobs(db: Database, log: Logger, mail: { mailer: Mailer; origin: string }): Jobs {
  let stopping = false
  let daily: Promise<void> = Promise.resolve()
  const autoConfirm = async () => {
    try {
      const { rows } = await db.session((conn) =>
        conn.query<{ confirmed: number }>('select private.auto_confirm_met_needs() as confirmed'),
      )
      if (rows[0].confirmed > 0) log.info(`Confirmed ${rows[0].confirmed} met needs (14 days without objection).`)
    } catch (error) {
      log.error('The daily auto-confirm job failed', error)
    }
  }

  // One outbox run at a time in this process; other processes are kept off by the claim.
  let outbox: Promise<OutboxRun> = Promise.resolve({ sent: 0, failed: 0 })
  const drainMailOutbox = () =>
    (outbox = outbox.catch(() => undefined).then(() => sendQueuedMail(db, mail.mailer, mail.origin, log, { shouldStop: () => stopping })))
  const sendMail = () => {
    void drainMailOutbox()
      .then((run) => {
        if (run.sent > 0) log.info(`Sent ${run.sent} queued mail${run.sent === 1 ? '' : 's'} to ${mail.mailer.destination}.`)
      })
      .catch((error: unknown) => {
        // A busy or restarting database: the next minute tries again.
        if (!(error instanceof DatabaseBusyError)) log.error('The mail outbox job failed', error)
      })
  }

  daily = autoConfirm()
  sendMail()
  const dailyTimer = setInterval(() => {
    daily = autoConfirm()
  }, DAY_MS)
  const mailTimer = setInterval(sendMail, MINUTE_MS)
  dailyTimer.unref()
  mailTimer.unref()
  return {
    drainMailOutbox,
    async stop() {
      stopping = true
      clearInterval(dailyTimer)
      clearInterval(mailTimer)
      await daily
      await outbox.catch(() => undefined)
    },
  }
}
