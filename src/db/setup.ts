/**
 * Brings a database up to date at start: on a fresh one the bootstrap, every migration
 * and the demo data; on an existing one only the migrations it has not seen yet (its
 * data is kept). Seeds are recorded in supabase_migrations.seed_files, as the Supabase
 * CLI records them.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import path from 'node:path'
import type { Database } from './database.ts'
import { listMigrations, loadDemoData, migrate, repoRoot, type Migration } from './migrations.ts'

/** Where progress lines go (the server's Logger fits). */
export interface SetupLog {
  info(message: string): void
  warn(message: string): void
}

const seconds = (sinceMs: number) => `${((performance.now() - sinceMs) / 1000).toFixed(1)} s`

export interface PrepareOptions {
  migrationsDir?: string
  seedFile: string | null
  log: SetupLog
  /** Say nothing when there is nothing to apply (a re-import's stderr stays clean). */
  quietWhenCurrent?: boolean
}

export interface PrepareResult {
  fresh: boolean
  applied: Migration[]
  seeded: string | null
}

const shortPath = (file: string) => (file.startsWith(repoRoot) ? path.relative(repoRoot, file) : file)

export async function prepareDatabase(db: Database, options: PrepareOptions): Promise<PrepareResult> {
  const { log } = options
  return db.session(async (conn) => {
    const { rows } = await conn.query<{ fresh: boolean }>(
      "select to_regclass('supabase_migrations.schema_migrations') is null as fresh",
    )
    const fresh = rows[0].fresh
    const all = await listMigrations(options.migrationsDir)
    const started = performance.now()
    if (fresh) {
      log.info(`Applying the Supabase platform bootstrap and ${all.length} migrations…`)
    } else {
      const { rows: done } = await conn.query<{ version: string }>('select version from supabase_migrations.schema_migrations')
      const known = new Set(done.map((r) => r.version))
      const pending = all.filter((m) => !known.has(m.version)).length
      if (pending) log.info(`Applying ${pending} new migration${pending === 1 ? '' : 's'}…`)
      else if (!options.quietWhenCurrent) log.info('Schema is up to date (no new migrations).')
    }
    const applied = await migrate(conn, options.migrationsDir, {
      onMigration: (m) => log.info(`  ${m.version}_${m.name}`),
    })
    if (applied.length) log.info(`Migrations done in ${seconds(started)}.`)

    let seeded: string | null = null
    if (fresh && options.seedFile) {
      if (existsSync(options.seedFile)) {
        const seedStarted = performance.now()
        log.info(`Loading demo data from ${shortPath(options.seedFile)} (a fictional town, not real people or needs)…`)
        const sql = await readFile(options.seedFile, 'utf8')
        await loadDemoData(conn, options.seedFile)
        await conn.exec('create table if not exists supabase_migrations.seed_files (path text primary key, hash text not null)')
        await conn.query('insert into supabase_migrations.seed_files (path, hash) values ($1, $2) on conflict (path) do update set hash = excluded.hash', [
          shortPath(options.seedFile),
          createHash('sha256').update(sql).digest('hex'),
        ])
        log.info(`Demo data loaded in ${seconds(seedStarted)}.`)
        seeded = options.seedFile
      } else {
        log.warn(`No demo data at ${shortPath(options.seedFile)}; starting with an empty map.`)
      }
    }
    return { fresh, applied, seeded }
  })
}
