/**
 * The database an import or export works on, opened the way the embedded backend
 * opens it (src/server/): Postgres/Supabase when DATABASE_URL is set, otherwise PGlite
 * in the data folder (STREETLEVEL_DATA, default .streetlevel/), claimed with the
 * server's pid file so an import never runs while `npm start` has the folder open
 * (PGlite allows one process per folder).
 *
 * An import (or `npm run db:prepare`) into a folder or a Postgres database that has no
 * schema yet creates it: the bootstrap and the migrations without the demo town (the
 * point is real data), so the server's first start keeps it and seeds nothing.
 */
import { existsSync } from 'node:fs'
import { loadConfig } from '../server/config.ts'
import { claimDataFolder, ensureDataFolder, initialisedMarker, markInitialised, pgDataDir } from '../db/data-folder.ts'
import { openPglite, openPostgres, type Database, type Queryable } from '../db/database.ts'
import { prepareDatabase } from '../db/setup.ts'
import type { Logger } from '../server/log.ts'
import { ImportError } from './model.ts'

export interface OpenedDatabase {
  /** Where it is, for messages (never a password). */
  description: string
  /** Runs fn on one connection (the import manages its own transaction on it). */
  session<T>(fn: (conn: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** Start-up lines go to stderr: stdout carries summaries and exports. */
const stderrLog: Logger = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`${message}\n`),
  error: (message) => process.stderr.write(`${message}\n`),
}


export async function openDatabase(purpose: 'import' | 'export', env: NodeJS.ProcessEnv = process.env): Promise<OpenedDatabase> {
  const config = loadConfig(env)
  if (config.databaseUrl) {
    const db = await openPostgres(config.databaseUrl, { max: 1 })
    const url = new URL(config.databaseUrl)
    if (purpose === 'import') {
      // The bootstrap where needed (not on hosted Supabase, which has it) and the
      // migrations, never the demo town: the point is real data.
      await prepareDatabase(db, { migrationsDir: config.migrationsDir, seedFile: null, log: stderrLog, quietWhenCurrent: true }).catch(async (error) => {
        await db.close()
        throw error
      })
    }
    return { description: `Postgres at ${url.host}${url.pathname}`, session: (fn) => db.session(fn), close: () => db.close() }
  }

  const dir = config.dataDir
  const pgdata = pgDataDir(dir)
  const initialised = existsSync(initialisedMarker(dir))
  if (existsSync(pgdata) && !initialised) {
    throw new ImportError(
      `The database in ${dir} was never fully set up (its first start did not finish). Run \`npm start\` once, or \`npm run admin -- reset\`, then import again.`,
    )
  }
  if (!existsSync(pgdata) && purpose === 'export') {
    throw new ImportError(`There is no database in ${dir} yet: run \`npm start\` once, or import something first.`)
  }
  await ensureDataFolder(dir)
  let release: () => Promise<void>
  try {
    release = await claimDataFolder(dir)
  } catch (error) {
    throw new ImportError((error as Error).message, { cause: error })
  }
  let db: Database
  try {
    stderrLog.info(`Opening the database in ${dir} (PGlite takes a few seconds)…`)
    db = await openPglite(pgdata)
    if (purpose === 'import') {
      // New migrations (such as import_runs) apply here as they would on `npm start`.
      await prepareDatabase(db, { migrationsDir: config.migrationsDir, seedFile: null, log: stderrLog, quietWhenCurrent: true })
      await markInitialised(dir)
    }
  } catch (error) {
    await release()
    throw error
  }
  return {
    description: `${dir} (embedded PGlite)`,
    session: (fn) => db.session(fn),
    close: async () => {
      await db.close()
      await release()
    },
  }
}
