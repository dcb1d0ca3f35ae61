/**
 * The database's scheduled work, which hosted Supabase would run with pg_cron:
 * confirming needs marked met 14 days ago without objection. Runs at start and daily.
 */
import type { Database } from '../db/database.ts'
import type { Logger } from './log.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** Starts the jobs; the returned stop() waits for a run in flight, so close() can follow. */
export function startDailyJobs(db: Database, log: Logger): () => Promise<void> {
  let running: Promise<void> = Promise.resolve()
  const job = async () => {
    try {
      const { rows } = await db.session((conn) =>
        conn.query<{ confirmed: number }>('select private.auto_confirm_met_needs() as confirmed'),
      )
      if (rows[0].confirmed > 0) log.info(`Confirmed ${rows[0].confirmed} met needs (14 days without objection).`)
    } catch (error) {
      log.error('The daily auto-confirm job failed', error)
    }
  }
  const run = () => {
    running = job()
  }
  run()
  const timer = setInterval(run, DAY_MS)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}
